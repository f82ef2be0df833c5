"""Job lifecycle over HTTP and through the SDK: progress, effects, faults."""

from __future__ import annotations

import time
from typing import Any, Iterator

import pytest

from nuagesdk.rest.errors import JobFailedError, ValidationError
from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient, error_descriptions


def make_domain(http_client: VSDClient, name: str = "d") -> dict[str, Any]:
    enterprises = http_client.list(
        "/enterprises", **{"X-Nuage-Filter": 'name == "jobs"'}
    )
    if enterprises:
        enterprise = enterprises[0]
    else:
        enterprise = http_client.create("/enterprises", {"name": "jobs"})
    eid = enterprise["ID"]
    template = http_client.create(
        f"/enterprises/{eid}/domaintemplates", {"name": f"t-{name}"}
    )
    return http_client.create(
        f"/enterprises/{eid}/domains", {"name": name, "templateID": template["ID"]}
    )


def wait_for_end(
    http_client: VSDClient, job_id: str, timeout: float = 5
) -> list[dict[str, Any]]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = http_client.get_one(f"/jobs/{job_id}")
        seen.append(job)
        if job["status"] != "RUNNING":
            return seen
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


@pytest.fixture(scope="module")
def timed() -> Iterator[Simulator]:
    with Simulator(job_duration=0.3, job_progress_steps=3) as running:
        yield running


@pytest.fixture(scope="module")
def instant() -> Iterator[Simulator]:
    failing = {"EXPORT": "the export storage is full", "RELOAD": "unreachable"}
    with Simulator(job_duration=0, failing_job_commands=failing) as running:
        yield running


def test_job_runs_then_succeeds(timed: Simulator) -> None:
    http_client = VSDClient(timed)
    domain = make_domain(http_client, "lifecycle")
    response = http_client.request(
        "POST", f"/domains/{domain['ID']}/jobs", {"command": "BEGIN_POLICY_CHANGES"}
    )
    assert response.status_code == 201
    created = response.json()[0]
    assert created["status"] == "RUNNING"
    assert created["progress"] == 0.0
    assert created["result"] is None
    assert created["parentID"] == domain["ID"]
    assert created["parentType"] == "domain"
    assert created["assocEntityType"] == "DOMAIN"

    seen = wait_for_end(http_client, created["ID"])
    progress = [job["progress"] for job in seen if job["status"] == "RUNNING"]
    assert progress == sorted(progress)
    assert set(progress) <= {0.0, 0.3333, 0.6667}
    assert seen[-1]["status"] == "SUCCESS"
    assert seen[-1]["progress"] == 1.0
    assert (
        http_client.get_one(f"/domains/{domain['ID']}")["policyChangeStatus"]
        == "STARTED"
    )


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("BEGIN_POLICY_CHANGES", "STARTED"),
        ("APPLY_POLICY_CHANGES", "APPLIED"),
        ("DISCARD_POLICY_CHANGES", "DISCARDED"),
    ],
)
def test_policy_commands_set_status(
    instant: Simulator, command: str, status: str
) -> None:
    http_client = VSDClient(instant)
    domain = make_domain(http_client, f"policy-{command}")
    job = http_client.create(f"/domains/{domain['ID']}/jobs", {"command": command})
    assert job["status"] == "RUNNING"
    assert http_client.get_one(f"/jobs/{job['ID']}")["status"] == "SUCCESS"
    assert (
        http_client.get_one(f"/domains/{domain['ID']}")["policyChangeStatus"] == status
    )


def test_policy_commands_on_templates(instant: Simulator) -> None:
    http_client = VSDClient(instant)
    domain = make_domain(http_client, "template-policy")
    template_id = domain["templateID"]
    job = http_client.create(
        f"/domaintemplates/{template_id}/jobs", {"command": "BEGIN_POLICY_CHANGES"}
    )
    assert http_client.get_one(f"/jobs/{job['ID']}")["status"] == "SUCCESS"
    assert (
        http_client.get_one(f"/domaintemplates/{template_id}")["policyChangeStatus"]
        == "STARTED"
    )


def test_fault_setting_fails_job(instant: Simulator) -> None:
    http_client = VSDClient(instant)
    domain = make_domain(http_client, "faulty")
    job = http_client.create(f"/domains/{domain['ID']}/jobs", {"command": "EXPORT"})
    ended = http_client.get_one(f"/jobs/{job['ID']}")
    assert ended["status"] == "FAILED"
    [error] = ended["result"]["errors"]
    assert error["descriptions"][0]["description"] == "the export storage is full"


def test_job_command_not_allowed(instant: Simulator) -> None:
    http_client = VSDClient(instant)
    domain = make_domain(http_client, "strict")
    before = instant.store.revision
    response = http_client.request(
        "POST", f"/domains/{domain['ID']}/jobs", {"command": "RELOAD"}
    )
    assert response.status_code == 409
    [(prop, description)] = error_descriptions(response)
    assert prop == "command"
    assert "APPLY_POLICY_CHANGES" in description
    assert instant.store.revision == before


def test_export_import_round_trip(timed: Simulator) -> None:
    http_client = VSDClient(timed)
    source = make_domain(http_client, "source")
    for name in ("web", "db"):
        zone = http_client.create(
            f"/domains/{source['ID']}/zones", {"name": name, "description": name}
        )
        http_client.create(
            f"/zones/{zone['ID']}/subnets",
            {"name": f"{name}-net", "address": "10.0.0.0", "netmask": "255.255.255.0"},
        )
    export = http_client.create(f"/domains/{source['ID']}/jobs", {"command": "EXPORT"})
    exported = wait_for_end(http_client, export["ID"])[-1]
    assert exported["status"] == "SUCCESS"
    tree = exported["result"]["object"]
    assert tree["restName"] == "domain"
    assert [child["attributes"]["name"] for child in tree["children"]] == ["web", "db"]

    target = make_domain(http_client, "target")
    job = http_client.create(
        f"/domains/{target['ID']}/jobs",
        {"command": "IMPORT", "parameters": exported["result"]},
    )
    imported = wait_for_end(http_client, job["ID"])[-1]
    assert imported["status"] == "SUCCESS"
    assert imported["result"]["importedObjects"] == 4
    zones = http_client.list(f"/domains/{target['ID']}/zones")
    assert [zone["name"] for zone in zones] == ["web", "db"]
    assert all(zone["parentID"] == target["ID"] for zone in zones)
    subnets = http_client.list(f"/zones/{zones[1]['ID']}/subnets")
    assert [(s["name"], s["address"]) for s in subnets] == [("db-net", "10.0.0.0")]


def test_import_domain_into_enterprise_api_32(timed: Simulator) -> None:
    from nuagesdk import v3_2

    http_client = VSDClient(timed)
    source = make_domain(http_client, "to-copy")
    http_client.create(f"/domains/{source['ID']}/zones", {"name": "z"})
    session = timed.session("3.2")
    try:
        # API 3.2 declares no allowed commands, so an enterprise takes IMPORT.
        assert v3_2.NUEnterprise.__allowed_job_commands__ == ()
        domain = v3_2.NUDomain(id=source["ID"])
        domain.fetch()
        export = v3_2.NUJob(command="EXPORT")
        domain.create_child(export)
        export.wait(timeout=5, interval=0.02)
        tree = export.result
        tree["object"]["attributes"]["name"] = "copied"

        enterprise = v3_2.NUEnterprise(id=source["parentID"])
        enterprise.fetch()
        job = v3_2.NUJob(command="IMPORT", parameters=tree)
        enterprise.create_child(job)
        job.wait(timeout=5, interval=0.02)
        copies = enterprise.domains.get(filter='name == "copied"')
        assert len(copies) == 1
        assert copies[0].template_id == source["templateID"]
        assert [zone.name for zone in copies[0].zones.get()] == ["z"]
    finally:
        session.close()


def test_sdk_job_wait_success_and_failure(instant: Simulator) -> None:
    from nuagesdk import v6

    http_client = VSDClient(instant)
    domain_data = make_domain(http_client, "sdk-wait")
    session = instant.session("6")
    try:
        domain = v6.NUDomain(id=domain_data["ID"])
        domain.fetch()
        job = v6.NUJob(command="APPLY_POLICY_CHANGES")
        domain.create_child(job)
        assert job.wait(timeout=5, interval=0.01).status == "SUCCESS"
        domain.fetch()
        assert domain.policy_change_status == "APPLIED"

        failing = v6.NUJob(command="EXPORT")
        domain.create_child(failing)
        with pytest.raises(JobFailedError, match="the export storage is full"):
            failing.wait(timeout=5, interval=0.01)

        with pytest.raises(ValidationError, match="not allowed under domain"):
            domain.create_child(v6.NUJob(command="RELOAD"))
    finally:
        session.close()
