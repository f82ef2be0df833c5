"""Unit tests of the state file: atomic writes, loading, the background writer."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from nuagesdk.simulator import persistence
from nuagesdk.simulator.persistence import (
    StateFileError,
    StateWriter,
    atomic_write,
    encode_state,
    load_state,
)
from nuagesdk.simulator.store import Store, new_record


def filled_store(count: int = 3) -> Store:
    store = Store()
    for index in range(count):
        store.insert(
            new_record(
                "folder",
                {"name": f"f{index}"},
                parent=None,
                owner=None,
                timestamp=index,
            )
        )
    return store


def test_atomic_write_replaces_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic_write(target, b"first")
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["state.json"]


def test_atomic_write_failure_keeps_previous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    previous = encode_state(filled_store().snapshot())
    atomic_write(target, previous)

    written: list[int] = []

    def fail_after_first_chunk(handle: Any, chunk: bytes) -> None:
        if written:
            raise OSError(28, "No space left on device")
        handle.write(chunk)
        written.append(len(chunk))

    monkeypatch.setattr(persistence, "WRITE_CHUNK_SIZE", 64)
    monkeypatch.setattr(persistence, "_write_chunk", fail_after_first_chunk)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, encode_state(filled_store(50).snapshot()))

    assert written == [64]
    assert target.read_bytes() == previous
    assert os.listdir(tmp_path) == ["state.json"]


def test_atomic_write_failure_at_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    atomic_write(target, b"old")

    def broken_replace(source: str, destination: object) -> None:
        raise OSError("replace failed")

    monkeypatch.setattr(persistence.os, "replace", broken_replace)
    with pytest.raises(OSError, match="replace failed"):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["state.json"]


def test_state_file_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic_write(target, b"{}")
    if os.name == "posix":
        assert target.stat().st_mode & 0o077 == 0


def test_load_state_missing_file(tmp_path: Path) -> None:
    assert load_state(tmp_path / "absent.json") is None


def test_load_state_round_trip(tmp_path: Path) -> None:
    store = filled_store()
    target = tmp_path / "state.json"
    atomic_write(target, encode_state(store.snapshot()))
    copy = Store()
    snapshot = load_state(target)
    assert snapshot is not None
    copy.restore(snapshot)
    assert copy.snapshot() == store.snapshot()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"objects": []}', "not a simulator state file"),
        (
            '{"format": "nuagesdk-simulator-state", "formatVersion": 99}',
            "format version 99",
        ),
    ],
)
def test_load_state_rejects_bad_files(
    tmp_path: Path, content: str, message: str
) -> None:
    target = tmp_path / "state.json"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(StateFileError, match=message):
        load_state(target)


def test_state_writer_immediate_mode(tmp_path: Path) -> None:
    store = filled_store(1)
    target = tmp_path / "state.json"
    writer = StateWriter(store, target, delay=0)
    writer.start()
    assert writer.flush() is True
    assert writer.flush() is False
    store.insert(
        new_record("folder", {"name": "new"}, parent=None, owner=None, timestamp=9)
    )
    writer.notify()
    names = [o["data"]["name"] for o in json.loads(target.read_text())["objects"]]
    assert names == ["f0", "new"]


def test_state_writer_background_and_stop(tmp_path: Path) -> None:
    store = filled_store(1)
    target = tmp_path / "state.json"
    writer = StateWriter(store, target, delay=0.05)
    writer.start()
    store.insert(
        new_record("folder", {"name": "a"}, parent=None, owner=None, timestamp=9)
    )
    writer.notify()
    deadline = time.monotonic() + 5
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert target.exists()
    store.insert(
        new_record("folder", {"name": "b"}, parent=None, owner=None, timestamp=9)
    )
    writer.stop()
    names = [o["data"]["name"] for o in json.loads(target.read_text())["objects"]]
    assert names == ["f0", "a", "b"]
