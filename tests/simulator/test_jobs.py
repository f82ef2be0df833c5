"""Unit tests of the job worker, exports and imports."""

from __future__ import annotations

import time
from typing import Any

import pytest

from nuagesdk.simulator.jobs import JobRunner
from nuagesdk.simulator.model import APIModel
from nuagesdk.simulator.settings import SimulatorSettings
from nuagesdk.simulator.store import Record, Store, new_record
from nuagesdk.simulator.transfer import EXPORT_FORMAT

from .entities import StubPackage

MODEL = APIModel(StubPackage())


def add(store: Store, rest_name: str, parent: Record | None, **data: Any) -> Record:
    return store.insert(
        new_record(rest_name, data, parent=parent, owner="u", timestamp=1)
    )


def add_job(store: Store, parent: Record, command: str, **data: Any) -> Record:
    values = {
        "command": command,
        "status": "RUNNING",
        "progress": 0.0,
        "result": None,
        **data,
    }
    record = new_record("job", values, parent=parent, owner="u", timestamp=1)
    record.private["apiVersion"] = MODEL.version
    return store.insert(record)


def runner(store: Store, **settings: Any) -> JobRunner:
    return JobRunner(store, SimulatorSettings(**settings), {MODEL.version: MODEL})


def test_job_ends_at_once_without_duration() -> None:
    store = Store()
    folder = add(store, "folder", None, name="f")
    job = add_job(store, folder, "NOOP")
    runner(store, job_duration=0).submit(job.id)
    data = store.get(job.id).data  # type: ignore[union-attr]
    assert data["status"] == "SUCCESS"
    assert data["progress"] == 1.0
    assert data["result"] is None


def test_job_moves_through_progress_steps() -> None:
    store = Store()
    folder = add(store, "folder", None, name="f")
    job = add_job(store, folder, "NOOP")
    jobs = runner(store, job_duration=0.2, job_progress_steps=4)
    jobs.start()
    try:
        jobs.submit(job.id)
        seen = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            data = store.get(job.id).data  # type: ignore[union-attr]
            seen.append((data["status"], data["progress"]))
            if data["status"] != "RUNNING":
                break
            time.sleep(0.01)
    finally:
        jobs.stop()
    progress = [value for status, value in seen if status == "RUNNING"]
    assert progress == sorted(progress)
    assert set(progress) <= {0.0, 0.25, 0.5, 0.75}
    assert len(set(progress)) >= 3
    assert seen[-1] == ("SUCCESS", 1.0)


def test_job_fault_setting_ends_failed() -> None:
    store = Store()
    folder = add(store, "folder", None, name="f")
    job = add_job(store, folder, "RELOAD")
    runner(
        store, job_duration=0, failing_job_commands={"RELOAD": "the node is down"}
    ).submit(job.id)
    data = store.get(job.id).data  # type: ignore[union-attr]
    assert data["status"] == "FAILED"
    description = data["result"]["errors"][0]["descriptions"][0]["description"]
    assert description == "the node is down"


def test_job_deleted_while_running_is_skipped() -> None:
    store = Store()
    folder = add(store, "folder", None, name="f")
    job = add_job(store, folder, "NOOP")
    jobs = runner(store, job_duration=0.05, job_progress_steps=2)
    jobs.start()
    try:
        jobs.submit(job.id)
        store.delete(folder.id)
        time.sleep(0.15)
    finally:
        jobs.stop()
    assert len(store) == 0


def test_job_resume_schedules_running_jobs() -> None:
    store = Store()
    folder = add(store, "folder", None, name="f")
    job = add_job(store, folder, "NOOP")
    runner(store, job_duration=0).resume()
    assert store.get(job.id).data["status"] == "SUCCESS"  # type: ignore[union-attr]


def export_folder(store: Store) -> tuple[Record, dict[str, Any]]:
    folder = add(store, "folder", None, name="src")
    first = add(store, "item", folder, name="a", rank=1, status="NEW")
    add(store, "item", first, name="nested")
    add(store, "item", folder, name="b", tags=["x"])
    job = add_job(store, folder, "EXPORT")
    runner(store, job_duration=0).submit(job.id)
    data = store.get(job.id).data  # type: ignore[union-attr]
    assert data["status"] == "SUCCESS"
    return folder, data["result"]


def test_export_contains_object_tree() -> None:
    store = Store()
    _, result = export_folder(store)
    assert result["format"] == EXPORT_FORMAT
    root = result["object"]
    assert root["restName"] == "folder"
    assert root["attributes"] == {"name": "src"}
    children = root["children"]
    assert [c["attributes"] for c in children] == [
        {"name": "a", "rank": 1},
        {"name": "b", "tags": ["x"]},
    ]
    assert children[0]["children"][0]["attributes"] == {"name": "nested"}
    assert all(child["restName"] == "item" for child in children)


def test_import_into_same_entity_copies_children() -> None:
    store = Store()
    _, result = export_folder(store)
    target = add(store, "folder", None, name="dst")
    job = add_job(store, target, "IMPORT", parameters=result)
    runner(store, job_duration=0).submit(job.id)
    data = store.get(job.id).data  # type: ignore[union-attr]
    assert data["status"] == "SUCCESS"
    assert data["result"]["importedObjects"] == 3
    items = store.children(target.id, "item")
    assert [item.data["name"] for item in items] == ["a", "b"]
    assert items[0].data["status"] == "NEW"
    assert items[0].data["enabled"] is False
    assert [r.data["name"] for r in store.children(items[0].id, "item")] == ["nested"]
    assert data["result"]["IDs"] == [item.id for item in items]


@pytest.mark.parametrize(
    ("parameters", "reason"),
    [
        (None, "result of an EXPORT job"),
        (
            {"format": EXPORT_FORMAT, "object": {"restName": 5}},
            "object must be an object",
        ),
        (
            {
                "format": EXPORT_FORMAT,
                "object": {"restName": "tag", "attributes": {"name": "t"}},
            },
            "tag objects cannot be created under folder",
        ),
        (
            {
                "format": EXPORT_FORMAT,
                "object": {
                    "restName": "folder",
                    "children": [
                        {"restName": "item", "attributes": {"name": "ok"}},
                        {"restName": "item", "attributes": {"rank": -5}},
                    ],
                },
            },
            "object.children[1] (item)",
        ),
        (
            {
                "format": EXPORT_FORMAT,
                "object": {
                    "restName": "folder",
                    "children": [
                        {
                            "restName": "item",
                            "attributes": {"name": "a", "externalID": "e"},
                        },
                        {
                            "restName": "item",
                            "attributes": {"name": "b", "externalID": "e"},
                        },
                    ],
                },
            },
            "appears twice",
        ),
    ],
)
def test_import_failure_creates_nothing(parameters: Any, reason: str) -> None:
    store = Store()
    target = add(store, "folder", None, name="dst")
    job = add_job(store, target, "IMPORT", parameters=parameters)
    before = len(store)
    runner(store, job_duration=0).submit(job.id)
    data = store.get(job.id).data  # type: ignore[union-attr]
    assert data["status"] == "FAILED"
    description = data["result"]["errors"][0]["descriptions"][0]["description"]
    assert reason in description
    assert len(store) == before
