"""``nuage job run``: success, failure, timeout and the checks before sending."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from nuagesdk import v6
from nuagesdk.simulator import Simulator

from .conftest import Lab, Runner, point_at

FAILURE_REASON = "the export store is full"


def test_job_run_waits_for_success(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "job", "run", "begin_policy_changes", "--in", "domain", lab.domain.id
    )

    assert result.status == 0, result.err
    assert "Started job BEGIN_POLICY_CHANGES" in result.err
    assert "on domain 'prod'" in result.err
    assert "ended SUCCESS" in result.err
    rows = {line.split()[0]: line.split()[1:] for line in result.out.splitlines()}
    assert rows["status"] == ["SUCCESS"]
    assert rows["command"] == ["BEGIN_POLICY_CHANGES"]
    lab.domain.fetch()
    assert lab.domain.policy_change_status == "STARTED"


def test_job_run_json_round_trips(nuage: Runner, lab: Lab) -> None:
    result = nuage("--json", "job", "run", "EXPORT", "--in", "domain", lab.domain.id)

    assert result.status == 0, result.err
    job = v6.NUJob(data=result.json())
    assert job.status == "SUCCESS"
    assert job.command == "EXPORT"
    assert job.parent_id == lab.domain.id
    assert isinstance(job.result, dict)


def test_job_run_table_prints_result(nuage: Runner, lab: Lab) -> None:
    result = nuage("job", "run", "EXPORT", "--in", "domain", lab.domain.id)

    assert result.status == 0, result.err
    assert "result:" in result.out
    assert "prod" in result.out.split("result:")[1]


def test_job_run_parameters_from_file(nuage: Runner, lab: Lab, tmp_path: Path) -> None:
    parameters = {"reason": "weekly change window", "tickets": [101, 102]}
    parameters_file = tmp_path / "parameters.json"
    parameters_file.write_text(json.dumps(parameters), encoding="utf-8")

    result = nuage(
        "--json", "job", "run", "BEGIN_POLICY_CHANGES", "--in", "domain",
        lab.domain.id, "-p", f"parameters=@{parameters_file}",
    )  # fmt: skip

    assert result.status == 0, result.err
    assert result.json()["parameters"] == parameters


def test_job_run_no_wait(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json", "job", "run", "EXPORT", "--in", "domain", lab.domain.id, "--no-wait"
    )

    assert result.status == 0, result.err
    assert result.json()["command"] == "EXPORT"
    assert f"nuage show job {result.json()['ID']}" in result.err


def test_job_run_unknown_command(nuage: Runner, lab: Lab) -> None:
    result = nuage("job", "run", "EXPROT", "--in", "domain", lab.domain.id)

    assert result.status == 2
    assert "unknown job command 'EXPROT'" in result.err
    assert "Did you mean EXPORT?" in result.err


def test_job_run_command_not_allowed(nuage: Runner, lab: Lab) -> None:
    result = nuage("job", "run", "GATEWAY_AUDIT", "--in", "domain", lab.domain.id)

    assert result.status == 2
    assert "GATEWAY_AUDIT cannot run under domain objects" in result.err
    assert "BEGIN_POLICY_CHANGES" in result.err


def test_job_run_missing_parent(nuage: Runner, vsd: Simulator) -> None:
    result = nuage("job", "run", "EXPORT", "--in", "domain", "no-such-id")

    assert result.status == 1
    assert "domain 'no-such-id' not found" in result.err
    assert "Traceback" not in result.err


@pytest.fixture(scope="module")
def job_simulator() -> Iterator[Simulator]:
    """A simulator whose jobs take 0.3 s and whose EXPORT jobs fail."""
    with Simulator(
        job_duration=0.3,
        job_progress_steps=3,
        failing_job_commands={"EXPORT": FAILURE_REASON},
    ) as simulator:
        yield simulator


@pytest.fixture
def slow_domain(
    job_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    job_simulator.reset()
    point_at(monkeypatch, job_simulator)
    session = job_simulator.session("6")
    enterprise = v6.NUEnterprise(name="acme")
    session.user.create_child(enterprise)
    template = v6.NUDomainTemplate(name="base")
    enterprise.create_child(template)
    domain = v6.NUDomain(name="prod", template_id=template.id)
    enterprise.create_child(domain)
    session.close()
    yield domain.id


def test_job_run_failed_exits_one(nuage: Runner, slow_domain: str) -> None:
    table = nuage("job", "run", "EXPORT", "--in", "domain", slow_domain)
    as_json = nuage("--json", "job", "run", "EXPORT", "--in", "domain", slow_domain)

    assert table.status == 1
    assert "FAILED" in table.err
    assert FAILURE_REASON in table.out
    assert "Traceback" not in table.err
    assert as_json.status == 1
    job = v6.NUJob(data=as_json.json())
    assert job.status == "FAILED"
    assert FAILURE_REASON in str(job.result)


def test_job_run_timeout_exits_two(nuage: Runner, slow_domain: str) -> None:
    result = nuage(
        "--json", "job", "run", "BEGIN_POLICY_CHANGES", "--in", "domain",
        slow_domain, "--timeout", "0.05",
    )  # fmt: skip

    assert result.status == 2
    assert result.json()["status"] == "RUNNING"
    assert "keeps running on the VSD" in result.err
    assert "Traceback" not in result.err


def test_job_run_slow_job_succeeds(nuage: Runner, slow_domain: str) -> None:
    result = nuage("job", "run", "BEGIN_POLICY_CHANGES", "--in", "domain", slow_domain)

    assert result.status == 0, result.err
    assert "ended SUCCESS" in result.err
