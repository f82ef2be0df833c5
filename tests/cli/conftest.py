"""Fixtures of the command line tests: ``nuage`` run in-process against simulators."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest

from nuagesdk import v6
from nuagesdk.cli import main
from nuagesdk.rest import Session
from nuagesdk.simulator import Simulator

#: Variables the command reads; each test starts without them.
VARIABLES = (
    "VSD_API_URL",
    "VSD_USERNAME",
    "VSD_PASSWORD",
    "VSD_API_KEY",
    "VSD_ENTERPRISE",
    "VSD_API_VERSION",
    "VSD_CA_BUNDLE",
    "VSD_SIMULATOR_PASSWORD",
)


@dataclass
class Result:
    """Exit status and output of one run of the command."""

    status: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the caller's VSD settings out, and tables wide enough to read."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


def point_at(
    monkeypatch: pytest.MonkeyPatch, simulator: Simulator, password: bool = True
) -> None:
    """Set the environment so that the command logs in to ``simulator``."""
    monkeypatch.setenv("VSD_API_URL", simulator.url)
    monkeypatch.setenv("VSD_USERNAME", simulator.username)
    monkeypatch.setenv("VSD_ENTERPRISE", simulator.enterprise)
    if password:
        monkeypatch.setenv("VSD_PASSWORD", simulator.password)


@pytest.fixture
def vsd(vsd_simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> Simulator:
    """The shared simulator, reset, with the environment pointing at it."""
    vsd_simulator.reset()
    point_at(monkeypatch, vsd_simulator)
    return vsd_simulator


@pytest.fixture
def nuage(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Return a function that runs ``nuage ARGS...`` and returns its result."""

    def run(*args: str) -> Result:
        status = main(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


@pytest.fixture
def sdk(vsd: Simulator) -> Iterator[Session]:
    """A started API 6 session on the reset simulator, to prepare objects."""
    session = vsd.session("6")
    try:
        yield session
    finally:
        session.close()


@dataclass
class Lab:
    """Objects every object-command test starts from."""

    enterprise: v6.NUEnterprise
    template: v6.NUDomainTemplate
    domain: v6.NUDomain


@pytest.fixture
def lab(sdk: Session) -> Lab:
    """An enterprise "acme" with a domain template and a domain "prod"."""
    enterprise = v6.NUEnterprise(name="acme", description="ACME labs")
    sdk.user.create_child(enterprise)
    template = v6.NUDomainTemplate(name="base")
    enterprise.create_child(template)
    domain = v6.NUDomain(name="prod", template_id=template.id)
    enterprise.create_child(domain)
    return Lab(enterprise, template, domain)
