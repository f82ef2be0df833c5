"""Unit tests of paging, ordering and grouping."""

from __future__ import annotations

import random
from typing import Any

import pytest

from nuagesdk.simulator.errors import APIError
from nuagesdk.simulator.paging import (
    PageRequest,
    group_items,
    order_items,
    page_slice,
    parse_group_by,
    parse_order_by,
    parse_page_request,
    sort_key,
)

from .entities import NUTestItem

ATTRIBUTES = NUTestItem.__remote_attributes__


def test_page_request_defaults_and_clamps() -> None:
    assert parse_page_request(None, None, default_size=50, max_size=500) == PageRequest(
        0, 50
    )
    assert parse_page_request("3", "20", default_size=50, max_size=500) == PageRequest(
        3, 20
    )
    assert parse_page_request(
        " 1 ", "9999", default_size=50, max_size=500
    ) == PageRequest(1, 500)
    assert parse_page_request("", "", default_size=50, max_size=500) == PageRequest(
        0, 50
    )


@pytest.mark.parametrize(
    ("page", "size", "header"),
    [("-1", None, "X-Nuage-Page"), ("x", None, "X-Nuage-Page"), (None, "0", "X-Nuage-PageSize"),
     (None, "1.5", "X-Nuage-PageSize")],
)  # fmt: skip
def test_page_request_rejects_bad_values(
    page: str | None, size: str | None, header: str
) -> None:
    with pytest.raises(APIError) as caught:
        parse_page_request(page, size, default_size=50, max_size=500)
    assert caught.value.status == 400
    assert header in caught.value.problems[0].description


def test_page_slice_past_end_is_empty() -> None:
    items = list(range(10))
    assert list(page_slice(items, PageRequest(0, 4))) == [0, 1, 2, 3]
    assert list(page_slice(items, PageRequest(2, 4))) == [8, 9]
    assert list(page_slice(items, PageRequest(3, 4))) == []


def test_order_by_parses_directions() -> None:
    keys = parse_order_by("name DESC, rank asc,score", ATTRIBUTES)
    assert [(k.name, k.descending) for k in keys] == [
        ("name", True),
        ("rank", False),
        ("score", False),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nme ASC", "unknown attribute 'nme'"),
        ("name UP", "followed by ASC or DESC"),
        ("name ASC rank", "followed by ASC or DESC"),
        ("name,,rank", "empty item"),
    ],
)
def test_order_by_rejects_bad_items(text: str, reason: str) -> None:
    with pytest.raises(APIError) as caught:
        parse_order_by(text, ATTRIBUTES)
    assert caught.value.status == 400
    assert reason in caught.value.problems[0].description


def test_order_items_matches_python_sort() -> None:
    generator = random.Random(7)
    items = [
        {
            "name": generator.choice(["a", "b", "c", None]),
            "rank": generator.randint(0, 3),
            "n": i,
        }
        for i in range(200)
    ]
    keys = parse_order_by("name DESC, rank ASC", ATTRIBUTES)
    ordered = order_items(items, keys, lambda item: item)
    expected = sorted(items, key=lambda item: sort_key(item["rank"]))
    expected = sorted(expected, key=lambda item: sort_key(item["name"]), reverse=True)
    assert [item["n"] for item in ordered] == [item["n"] for item in expected]
    assert ordered[-1]["name"] is None


def test_sort_key_orders_mixed_types() -> None:
    values: list[Any] = ["b", 2, None, True, {"x": 1}, 1.5, "a"]
    assert sorted(values, key=sort_key) == [None, True, 1.5, 2, "a", "b", {"x": 1}]


def test_group_items_counts_combinations() -> None:
    items = [
        {"category": "RED", "enabled": True},
        {"category": "BLUE", "enabled": True},
        {"category": "RED", "enabled": True},
        {"category": "RED", "enabled": False},
    ]
    names = parse_group_by("category, enabled", ATTRIBUTES)
    assert group_items(items, names) == [
        {"category": "RED", "enabled": True, "count": 2},
        {"category": "BLUE", "enabled": True, "count": 1},
        {"category": "RED", "enabled": False, "count": 1},
    ]


def test_group_by_rejects_unknown_attribute() -> None:
    with pytest.raises(APIError, match="unknown attribute 'colour'"):
        parse_group_by("category, colour", ATTRIBUTES)
    with pytest.raises(APIError, match="X-Nuage-Attributes"):
        parse_group_by(" , ", ATTRIBUTES)
