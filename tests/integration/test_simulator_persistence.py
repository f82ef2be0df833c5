"""The state file: a restart restores everything, a failed write loses nothing old."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nuagesdk.simulator import persistence
from nuagesdk.simulator.persistence import StateFileError
from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient


def populate(http_client: VSDClient) -> dict[str, Any]:
    enterprise = http_client.create(
        "/enterprises", {"name": "kept", "customerID": 12345}
    )
    eid = enterprise["ID"]
    template = http_client.create(f"/enterprises/{eid}/domaintemplates", {"name": "t"})
    domain = http_client.create(
        f"/enterprises/{eid}/domains", {"name": "d", "templateID": template["ID"]}
    )
    zone = http_client.create(f"/domains/{domain['ID']}/zones", {"name": "z"})
    group = http_client.create(f"/enterprises/{eid}/groups", {"name": "g"})
    user = http_client.create(
        f"/enterprises/{eid}/users",
        {
            "userName": "alice",
            "password": "s3cret",
            "firstName": "Alice",
            "lastName": "Ng",
            "email": "alice@example.com",
        },
    )
    response = http_client.request("PUT", f"/groups/{group['ID']}/users", [user["ID"]])
    assert response.status_code == 204
    return {"enterprise": enterprise, "domain": domain, "zone": zone, "group": group}


def test_restart_restores_everything(tmp_path: Path) -> None:
    state = tmp_path / "vsd.json"
    with Simulator(job_duration=0, state_file=str(state)) as first:
        http_client = VSDClient(first)
        created = populate(http_client)
        snapshot = first.store.snapshot()

    assert state.exists()
    with Simulator(job_duration=0, state_file=str(state)) as second:
        assert second.store.snapshot() == snapshot
        http_client = VSDClient(second)
        for kind in ("enterprise", "domain", "zone", "group"):
            assert (
                http_client.get_one(f"/{kind}s/{created[kind]['ID']}") == created[kind]
            )
        members = http_client.list(f"/groups/{created['group']['ID']}/users")
        assert [member["userName"] for member in members] == ["alice"]
        assert members[0]["password"] is None

        alice = VSDClient(
            second, username="alice", password="s3cret", organization="kept"
        )
        assert alice.list("/enterprises")[0]["name"] in ("csp", "kept")


def test_state_written_after_each_change(tmp_path: Path) -> None:
    state = tmp_path / "vsd.json"
    with Simulator(
        job_duration=0, state_file=str(state), state_write_delay=0
    ) as simulator:
        http_client = VSDClient(simulator)
        enterprise = http_client.create("/enterprises", {"name": "now"})
        saved = json.loads(state.read_text(encoding="utf-8"))
        assert enterprise["ID"] in {obj["data"]["ID"] for obj in saved["objects"]}
        http_client.request("DELETE", f"/enterprises/{enterprise['ID']}")
        saved = json.loads(state.read_text(encoding="utf-8"))
        assert enterprise["ID"] not in {obj["data"]["ID"] for obj in saved["objects"]}


def test_failed_write_keeps_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "vsd.json"
    with Simulator(
        job_duration=0, state_file=str(state), state_write_delay=0
    ) as simulator:
        http_client = VSDClient(simulator)
        before_failure = http_client.create("/enterprises", {"name": "before"})
        previous = state.read_bytes()

        calls: list[int] = []

        def fail_midway(handle: Any, chunk: bytes) -> None:
            if calls:
                raise OSError(5, "Input/output error")
            calls.append(len(chunk))
            handle.write(chunk[: len(chunk) // 2])
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(persistence, "WRITE_CHUNK_SIZE", 256)
        monkeypatch.setattr(persistence, "_write_chunk", fail_midway)
        response = http_client.request("POST", "/enterprises", {"name": "unsaved"})
        assert response.status_code == 201
        assert calls == [256]
        assert state.read_bytes() == previous
        assert sorted(p.name for p in tmp_path.iterdir()) == ["vsd.json"]
        monkeypatch.undo()

    with Simulator(job_duration=0, state_file=str(state)) as restarted:
        names = {r.data["name"] for r in restarted.store.of_type("enterprise")}
        assert names == {"csp", "before", "unsaved"}
        assert restarted.store.get(before_failure["ID"]) is not None


def test_unreadable_state_file_fails_start(tmp_path: Path) -> None:
    state = tmp_path / "vsd.json"
    state.write_text('{"format": "something else"}', encoding="utf-8")
    simulator = Simulator(state_file=str(state))
    with pytest.raises(StateFileError, match="not a simulator state file"):
        simulator.start()
    assert not simulator.is_running
    assert state.read_text(encoding="utf-8") == '{"format": "something else"}'


def test_running_job_resumes_after_restart(tmp_path: Path) -> None:
    state = tmp_path / "vsd.json"
    with Simulator(job_duration=60, state_file=str(state)) as first:
        http_client = VSDClient(first)
        created = populate(http_client)
        job = http_client.create(
            f"/domains/{created['domain']['ID']}/jobs", {"command": "EXPORT"}
        )
        assert job["status"] == "RUNNING"
    with Simulator(job_duration=0, state_file=str(state)) as second:
        finished = VSDClient(second).get_one(f"/jobs/{job['ID']}")
        assert finished["status"] == "SUCCESS"
        assert finished["result"]["object"]["attributes"]["name"] == "d"
