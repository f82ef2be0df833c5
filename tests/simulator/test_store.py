"""Unit tests of the simulator's object store."""

from __future__ import annotations

import threading

import pytest

from nuagesdk.simulator.store import Record, Store, new_record


def make(
    store: Store, rest_name: str, parent: Record | None = None, **data: object
) -> Record:
    record = new_record(rest_name, dict(data), parent=parent, owner="u1", timestamp=1)
    return store.insert(record)


def test_store_insert_sets_server_attributes() -> None:
    store = Store()
    folder = make(store, "folder", name="f")
    item = make(store, "item", folder, name="i")
    assert item.data["parentID"] == folder.id
    assert item.data["parentType"] == "folder"
    assert item.data["owner"] == "u1"
    assert item.data["lastUpdatedBy"] == "u1"
    assert folder.data["parentID"] is None
    assert folder.data["parentType"] is None
    assert store.get(item.id) is item


def test_store_lists_in_creation_order() -> None:
    store = Store()
    folder = make(store, "folder")
    first = make(store, "item", folder, name="1")
    tag = make(store, "tag", folder)
    second = make(store, "item", folder, name="2")
    loose = make(store, "item", None, name="3")
    assert store.children(folder.id, "item") == [first, second]
    assert store.all_children(folder.id) == [first, tag, second]
    assert store.of_type("item") == [first, second, loose]
    assert store.children(None, "item") == [loose]
    assert store.has_children(folder.id)
    assert not store.has_children(first.id)


def test_store_insert_rejects_taken_id() -> None:
    store = Store()
    record = make(store, "folder")
    with pytest.raises(ValueError, match="exists already"):
        store.insert(Record("folder", {"ID": record.id}))


def test_store_delete_cascades_to_descendants() -> None:
    store = Store()
    folder = make(store, "folder")
    item = make(store, "item", folder)
    grandchild = make(store, "item", item)
    other = make(store, "folder")
    deleted = store.delete(folder.id)
    assert {r.id for r in deleted} == {folder.id, item.id, grandchild.id}
    assert len(store) == 1
    assert store.get(other.id) is other
    assert store.children(folder.id, "item") == []
    assert store.of_type("item") == []


def test_store_delete_drops_links() -> None:
    store = Store()
    folder = make(store, "folder")
    tags = [make(store, "tag") for _ in range(3)]
    store.set_links(folder.id, "tag", [t.id for t in tags] + [tags[0].id])
    assert store.links(folder.id, "tag") == tags
    store.delete(tags[1].id)
    assert store.links(folder.id, "tag") == [tags[0], tags[2]]
    store.delete(folder.id)
    assert store.snapshot()["links"] == []


def test_store_set_links_empty_removes() -> None:
    store = Store()
    folder = make(store, "folder")
    tag = make(store, "tag")
    store.set_links(folder.id, "tag", [tag.id])
    store.set_links(folder.id, "tag", [])
    assert store.links(folder.id, "tag") == []
    assert store.snapshot()["links"] == []


def test_store_value_index_follows_changes() -> None:
    store = Store()
    folder = make(store, "folder")
    first = make(store, "item", folder, name="a")
    assert store.siblings_with_value(folder.id, "item", "name", "a") == [first.id]
    second = make(store, "item", folder, name="a")
    assert store.siblings_with_value(folder.id, "item", "name", "a") == sorted(
        [first.id, second.id]
    )
    store.update(second.id, {"name": "b"})
    assert store.siblings_with_value(folder.id, "item", "name", "a") == [first.id]
    assert store.siblings_with_value(folder.id, "item", "name", "b") == [second.id]
    store.delete(first.id)
    assert store.siblings_with_value(folder.id, "item", "name", "a") == []


def test_store_value_index_keeps_types_apart() -> None:
    store = Store()
    number = make(store, "item", None, value=1)
    make(store, "item", None, value=True)
    make(store, "item", None, value="1")
    assert store.siblings_with_value(None, "item", "value", 1) == [number.id]
    assert store.siblings_with_value(None, "item", "value", 1.0) == [number.id]


def test_store_update_replaces_data_dict() -> None:
    store = Store()
    record = make(store, "item", None, name="a")
    before = record.data
    store.update(record.id, {"name": "b"})
    assert before["name"] == "a"
    assert record.data["name"] == "b"


def test_store_listener_sees_every_change() -> None:
    store = Store()
    seen: list[tuple[str, str]] = []
    store.add_listener(lambda kind, record: seen.append((kind, record.rest_name)))
    folder = make(store, "folder")
    make(store, "item", folder)
    store.update(folder.id, {"name": "x"})
    store.delete(folder.id)
    assert seen == [
        ("CREATE", "folder"),
        ("CREATE", "item"),
        ("UPDATE", "folder"),
        ("DELETE", "item"),
        ("DELETE", "folder"),
    ]


def test_store_snapshot_restore_round_trip() -> None:
    store = Store()
    folder = make(store, "folder", name="f")
    item = make(store, "item", folder, name="i", tags=["x"])
    store.update_private(item.id, {"password": "p"})
    tag = make(store, "tag")
    store.set_links(folder.id, "tag", [tag.id])
    copy = Store()
    copy.restore(store.snapshot())
    assert copy.snapshot() == store.snapshot()
    assert copy.children(folder.id, "item")[0].private == {"password": "p"}
    assert copy.links(folder.id, "tag")[0].id == tag.id
    assert copy.all_children(folder.id)[0].id == item.id


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ([], "not a JSON object"),
        ({"objects": {}}, '"objects" list'),
        ({"objects": [{"restName": "x", "data": {}}]}, "objects[0]"),
        (
            {"objects": [{"restName": "x", "data": {"ID": "1"}}] * 2},
            "appears twice",
        ),
        ({"objects": [], "links": [{"parentID": "p"}]}, "links[0]"),
    ],
)
def test_store_restore_rejects_bad_snapshot(snapshot: object, message: str) -> None:
    store = Store()
    make(store, "folder")
    with pytest.raises(
        ValueError, match=message.replace("[", r"\[").replace("]", r"\]")
    ):
        store.restore(snapshot)  # type: ignore[arg-type]
    assert len(store) == 1


def test_store_concurrent_writes_all_kept() -> None:
    store = Store()
    parent = make(store, "folder")

    def work(worker: int) -> None:
        for index in range(200):
            record = make(store, "item", parent, name=f"{worker}-{index}")
            store.update(record.id, {"rank": index})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    items = store.children(parent.id, "item")
    assert len(items) == 16 * 200
    assert {item.data["name"] for item in items} == {
        f"{w}-{i}" for w in range(16) for i in range(200)
    }
    assert all(
        item.data["rank"] == int(item.data["name"].split("-")[1]) for item in items
    )
