"""Fixtures of the simulator's integration tests."""

from __future__ import annotations

from typing import Iterator

import pytest

from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    """A simulator shared by the tests of one module, with jobs that end at once."""
    with Simulator(job_duration=0) as running:
        yield running


@pytest.fixture
def http_client(simulator: Simulator) -> VSDClient:
    """A logged-in client on a simulator reset to its seeded state."""
    simulator.reset()
    return VSDClient(simulator)
