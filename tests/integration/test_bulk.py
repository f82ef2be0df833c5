"""Bulk create, update and delete against the simulator, with partial failures."""

from __future__ import annotations

import pytest

from nuagesdk import v6
from nuagesdk.rest import BulkOperationError, RESTObject, ValidationError
from nuagesdk.rest.session import Session
from nuagesdk.simulator.server import Simulator


@pytest.fixture
def session(simulator: Simulator) -> Session:
    simulator.reset()
    return simulator.session()


@pytest.fixture
def enterprise(session: Session) -> v6.NUEnterprise:
    enterprise = v6.NUEnterprise(name="bulk-lab")
    session.user.create_child(enterprise)
    return enterprise


def make_groups(enterprise: v6.NUEnterprise, names: list[str]) -> list[v6.NUGroup]:
    groups = [v6.NUGroup(name=name) for name in names]
    enterprise.create_children(groups)
    return groups


def test_bulk_create_500_with_3_invalid(enterprise):
    make_groups(enterprise, ["taken-a", "taken-b", "taken-c"])
    names = [f"group-{number:03d}" for number in range(497)]
    groups = [v6.NUGroup(name=name) for name in names]
    # Duplicate names: the VSD rejects them (409), and no local check can.
    for position, name in ((10, "taken-a"), (250, "taken-b"), (499, "taken-c")):
        groups.insert(position, v6.NUGroup(name=name))
    assert len(groups) == 500

    with pytest.raises(BulkOperationError) as caught:
        enterprise.create_children(groups)

    error = caught.value
    assert len(error.succeeded) == 497
    assert all(
        group.id and group.parent_id == enterprise.id for group in error.succeeded
    )
    assert [detail["index"] for _, detail in error.failed] == [10, 250, 499]
    for group, detail in error.failed:
        assert group.id is None
        assert detail["status"] == 409
        assert detail["internal_error_code"] == 2510
        assert "name" in str(detail["errors"][0])
    stored = enterprise.groups.get(commit=False)
    stored_names = [group.name for group in stored]
    assert len(stored_names) == 500
    assert len(set(stored_names)) == 500
    assert set(names) <= set(stored_names)


def test_bulk_save_updates_and_reports(enterprise):
    groups = make_groups(enterprise, ["one", "two", "three", "four"])
    for group in groups:
        group.description = f"about {group.name}"
    groups[2].name = "one"  # taken by groups[0]: rejected

    with pytest.raises(BulkOperationError) as caught:
        enterprise.bulk_save(groups)

    error = caught.value
    assert error.succeeded == [groups[0], groups[1], groups[3]]
    [(failed, detail)] = error.failed
    assert failed is groups[2]
    assert detail["status"] == 409
    assert groups[0].changed_attributes() == []
    stored = {group.id: group for group in enterprise.groups.get(commit=False)}
    assert stored[groups[1].id].description == "about two"
    assert stored[groups[2].id].name == "three"
    assert stored[groups[2].id].description is None


def test_bulk_save_all_succeed(enterprise):
    groups = make_groups(enterprise, ["red", "green"])
    for group in groups:
        group.description = "painted"

    saved, connection = enterprise.bulk_save(groups)

    assert saved == groups
    assert connection.response.status_code == 200
    assert all(group.changed_attributes() == [] for group in groups)
    assert {g.description for g in enterprise.groups.get(commit=False)} == {"painted"}


def test_bulk_delete_reports_missing(enterprise):
    groups = make_groups(enterprise, ["a", "b", "c", "d"])
    enterprise.groups.fetch()
    groups[1].delete()

    with pytest.raises(BulkOperationError) as caught:
        enterprise.bulk_delete(groups)

    error = caught.value
    assert error.succeeded == [groups[0], groups[2], groups[3]]
    [(failed, detail)] = error.failed
    assert failed is groups[1]
    assert detail["status"] == 404
    assert enterprise.groups.get(commit=False) == []
    assert list(enterprise.groups) == []


def test_bulk_delete_on_root_collection(session):
    enterprises = [v6.NUEnterprise(name=f"gone-{n}") for n in range(3)]
    session.user.create_children(enterprises)

    deleted, connection = session.user.bulk_delete(enterprises)

    assert deleted == enterprises
    assert connection.request.params["id"] == [e.id for e in enterprises]
    remaining = session.user.enterprises.get(filter='name BEGINSWITH "gone-"')
    assert remaining == []


def test_bulk_needs_ids_and_one_class(enterprise):
    with pytest.raises(ValidationError) as caught:
        enterprise.bulk_save([v6.NUGroup(name="new")])
    assert "has no ID" in str(caught.value)

    groups = make_groups(enterprise, ["x"])
    with pytest.raises(ValidationError) as caught:
        enterprise.bulk_delete([groups[0], v6.NUUser(id="u1")])
    assert "all objects must be NUGroup" in str(caught.value)


def test_bulk_async_callback_gets_errors(enterprise):
    make_groups(enterprise, ["dup"])
    calls: list[tuple] = []

    future = enterprise.create_children(
        [v6.NUGroup(name="fresh"), v6.NUGroup(name="dup")],
        as_async=True,
        callback=lambda *arguments: calls.append(arguments),
    )

    with pytest.raises(BulkOperationError):
        future.result(timeout=10)
    [(objects, connection, metadata, errors)] = calls
    assert [o.name for o in objects] == ["fresh"]
    assert all(isinstance(o, RESTObject) for o in objects)
    assert connection.response.status_code == 207
    assert metadata == {"success": 1, "failure": 1, "total": 2}
    [error] = errors
    assert error["object"].name == "dup"
    assert error["index"] == 1
    assert error["status"] == 409
