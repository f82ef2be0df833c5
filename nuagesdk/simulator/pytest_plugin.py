"""pytest fixtures that serve a VSD simulator to the tests of any project.

``vsd_simulator``: one simulator for the whole test session, on a free port
of 127.0.0.1, with jobs that end at once (``job_duration=0``).

``vsd_session``: a started ``nuagesdk.v6.NUVSDSession`` of the seeded
administrator. Each test that uses it starts from a fresh store: the
fixture resets the simulator (every object deleted, the administrator and
its enterprise seeded again) before the test.

pytest loads this module in every project that installs nuagesdk, so it
imports nothing beyond pytest until a fixture is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from nuagesdk.rest.session import Session
    from nuagesdk.simulator.server import Simulator


@pytest.fixture(scope="session")
def vsd_simulator() -> Iterator[Simulator]:
    """A running VSD simulator shared by the whole test session."""
    from nuagesdk.simulator.server import Simulator

    simulator = Simulator(job_duration=0)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def vsd_session(vsd_simulator: Simulator) -> Iterator[Session]:
    """A started API 6 session on a freshly reset simulator."""
    vsd_simulator.reset()
    session = vsd_simulator.session(version="6")
    try:
        yield session
    finally:
        session.close()
