"""Fixtures of the compatibility tests: a recording simulator for vspk and nuagesdk.

The tests in this folder need vspk 20.10 and bambou 3.1 (the ``compat``
extra). Without them, pytest skips every module here.
"""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

from nuagesdk.simulator.recording import Recorder
from nuagesdk.simulator.server import Simulator

# The comparisons live in harness.py; rewriting its asserts shows the diff.
pytest.register_assert_rewrite("tests.compat.harness")


@pytest.fixture(scope="session")
def compat_simulator() -> Iterator[Simulator]:
    """An API 6 simulator whose jobs end before the creating request is answered."""
    with Simulator(versions=["6"], job_duration=0) as simulator:
        yield simulator


@pytest.fixture(scope="session")
def compat_recorder(compat_simulator: Simulator) -> Iterator[Recorder]:
    """The recorder of :func:`compat_simulator`."""
    with Recorder(compat_simulator) as recorder:
        yield recorder


@pytest.fixture(autouse=True)
def quiet_bambou() -> Iterator[None]:
    """Keep bambou's request logs out of test reports.

    bambou logs request headers at DEBUG, and they carry the Authorization
    value; at ERROR none of its request logs is emitted.
    """
    logger = logging.getLogger("bambou")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
