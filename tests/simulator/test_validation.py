"""Unit tests of request body validation."""

from __future__ import annotations

import pytest

from nuagesdk.simulator.errors import APIError
from nuagesdk.simulator.store import Store, new_record
from nuagesdk.simulator.validation import (
    check_unique,
    require_object,
    validate_create,
    validate_update,
)

from .entities import NUTestFolder, NUTestItem


def test_validate_create_applies_defaults() -> None:
    values, secrets = validate_create(NUTestItem, {"name": "a"}, reject_unknown=False)
    assert values == {"name": "a", "enabled": False, "status": "NEW"}
    assert secrets == {}


def test_validate_create_ignores_server_and_read_only() -> None:
    body = {
        "name": "a",
        "ID": "x",
        "parentID": "p",
        "creationDate": 5,
        "status": "DONE",
    }
    values, _ = validate_create(NUTestItem, body, reject_unknown=False)
    assert "ID" not in values
    assert "parentID" not in values
    assert "creationDate" not in values
    assert values["status"] == "NEW"


def test_validate_create_null_takes_default() -> None:
    values, _ = validate_create(
        NUTestItem, {"name": "a", "enabled": None}, reject_unknown=False
    )
    assert values["enabled"] is False


def test_validate_create_reports_every_problem() -> None:
    body = {"rank": -1, "category": "PINK", "score": "high", "enabled": 1, "tags": "x"}
    with pytest.raises(APIError) as caught:
        validate_create(NUTestItem, body, reject_unknown=False)
    error = caught.value
    assert error.status == 400
    properties = sorted(problem.property for problem in error.problems)
    assert properties == ["category", "enabled", "name", "rank", "score", "tags"]
    body_properties = {entry["property"] for entry in error.body()["errors"]}
    assert body_properties == set(properties)


def test_validate_create_length_limit() -> None:
    with pytest.raises(APIError) as caught:
        validate_create(NUTestItem, {"name": "x" * 21}, reject_unknown=False)
    assert "above the maximum of 20" in caught.value.problems[0].description


def test_validate_create_unknown_attribute_setting() -> None:
    values, _ = validate_create(
        NUTestItem, {"name": "a", "colour": "red"}, reject_unknown=False
    )
    assert "colour" not in values
    with pytest.raises(APIError) as caught:
        validate_create(NUTestItem, {"name": "a", "colour": "red"}, reject_unknown=True)
    assert caught.value.problems[0].property == "colour"


def test_validate_create_splits_secrets() -> None:
    values, secrets = validate_create(
        NUTestItem, {"name": "a", "secretValue": "s"}, reject_unknown=False
    )
    assert "secretValue" not in values
    assert secrets == {"secretValue": "s"}


def test_validate_update_returns_only_changes() -> None:
    current = {"name": "a", "rank": 1, "serial": "S1", "status": "NEW"}
    body = {"name": "a", "rank": 2, "serial": "S1", "status": "OLD", "ID": "x"}
    changes, secrets = validate_update(NUTestItem, body, current, reject_unknown=False)
    assert changes == {"rank": 2}
    assert secrets == {}


def test_validate_update_rejects_creation_only_change() -> None:
    with pytest.raises(APIError) as caught:
        validate_update(
            NUTestItem, {"serial": "S2"}, {"serial": "S1"}, reject_unknown=False
        )
    assert caught.value.problems[0].property == "serial"
    assert (
        "only be set when the object is created" in caught.value.problems[0].description
    )


def test_validate_update_rejects_required_null() -> None:
    with pytest.raises(APIError) as caught:
        validate_update(NUTestItem, {"name": None}, {"name": "a"}, reject_unknown=False)
    assert caught.value.problems[0].title == "Missing value"


def test_require_object_names_json_type() -> None:
    assert require_object({"a": 1}, "x") == {"a": 1}
    for value, kind in [
        ([], "a list"),
        ("s", "a string"),
        (None, "null"),
        (3, "a number"),
    ]:
        with pytest.raises(APIError) as caught:
            require_object(value, "the item")
        assert kind in caught.value.problems[0].description


def test_check_unique_scoped_to_parent() -> None:
    store = Store()
    first = store.insert(
        new_record("folder", {"name": "f"}, parent=None, owner=None, timestamp=1)
    )
    second = store.insert(
        new_record("folder", {"name": "g"}, parent=None, owner=None, timestamp=1)
    )
    item = store.insert(
        new_record("item", {"externalID": "e1"}, parent=first, owner=None, timestamp=1)
    )
    check_unique(store, NUTestItem, second.id, {"externalID": "e1"}, extra={})
    check_unique(
        store, NUTestItem, first.id, {"externalID": "e1"}, extra={}, exclude_id=item.id
    )
    with pytest.raises(APIError) as caught:
        check_unique(store, NUTestItem, first.id, {"externalID": "e1"}, extra={})
    assert caught.value.status == 409
    assert caught.value.internal_code == 2510
    assert caught.value.problems[0].property == "externalID"


def test_check_unique_extra_attributes() -> None:
    store = Store()
    store.insert(
        new_record("folder", {"name": "f"}, parent=None, owner=None, timestamp=1)
    )
    check_unique(store, NUTestFolder, None, {"name": "f"}, extra={})
    with pytest.raises(APIError, match="already has name 'f'"):
        check_unique(
            store, NUTestFolder, None, {"name": "f"}, extra={"folder": ("name",)}
        )
