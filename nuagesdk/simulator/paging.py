"""Paging, ordering and grouping of collection responses.

``X-Nuage-Page`` is 0-based. ``X-Nuage-OrderBy`` lists attributes with an
optional direction: ``name ASC`` or ``name DESC, userName ASC``. Objects
without an order keep creation order, which is also the tie-breaker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence, TypeVar

from nuagesdk.rest.attribute import Attribute

from .errors import APIError, bad_request

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """The page a request selects, with its size lowered to the maximum if above."""

    page: int
    page_size: int


def parse_page_request(
    page: str | None, page_size: str | None, *, default_size: int, max_size: int
) -> PageRequest:
    """Read the ``X-Nuage-Page`` and ``X-Nuage-PageSize`` header values.

    A size above ``max_size`` is lowered to it, and the response reports the
    size used in its ``X-Nuage-PageSize`` header.

    Raises:
        APIError: 400 when a value is not a whole number in range.
    """
    number = _header_integer("X-Nuage-Page", page, minimum=0)
    size = _header_integer("X-Nuage-PageSize", page_size, minimum=1)
    return PageRequest(
        page=number if number is not None else 0,
        page_size=min(size if size is not None else default_size, max_size),
    )


def _header_integer(header: str, text: str | None, *, minimum: int) -> int | None:
    if text is None or not text.strip():
        return None
    value = text.strip()
    if not value.isdigit() or int(value) < minimum:
        raise bad_request(
            f"{header} must be a whole number of at least {minimum}, got {text!r}",
            title="Invalid paging header",
        )
    return int(value)


def page_slice(items: Sequence[Any], request: PageRequest) -> Sequence[Any]:
    """Return the items of the requested page (empty past the end)."""
    start = request.page * request.page_size
    return items[start : start + request.page_size]


@dataclass(frozen=True)
class OrderKey:
    """One ``attribute direction`` item of an ``X-Nuage-OrderBy`` value."""

    name: str
    descending: bool


def parse_order_by(
    text: str, attributes: Mapping[str, Attribute[Any]]
) -> list[OrderKey]:
    """Parse an ``X-Nuage-OrderBy`` value against the entity's remote names.

    Raises:
        APIError: 400 for an unknown attribute or direction.
    """
    keys = []
    for item in text.split(","):
        words = item.split()
        if not words:
            raise _order_error(text, "an empty item; separate items with one comma")
        name = words[0]
        if name not in attributes:
            raise _order_error(text, f"unknown attribute {name!r}")
        direction = words[1].upper() if len(words) > 1 else "ASC"
        if len(words) > 2 or direction not in ("ASC", "DESC"):
            raise _order_error(
                text, f"{item.strip()!r} must be an attribute followed by ASC or DESC"
            )
        keys.append(OrderKey(name, direction == "DESC"))
    return keys


def _order_error(text: str, reason: str) -> APIError:
    return bad_request(
        f"invalid X-Nuage-OrderBy {text!r}: {reason}", title="Invalid order"
    )


def sort_key(value: Any) -> tuple[int, Any]:
    """Return a key that orders values of mixed types: null first, then
    booleans, numbers, strings, and anything else by its JSON text."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, (int, float)):
        return (2, value)
    if isinstance(value, str):
        return (3, value)
    return (4, json.dumps(value, sort_keys=True))


def order_items(
    items: Sequence[T], keys: list[OrderKey], data_of: Callable[[T], Mapping[str, Any]]
) -> list[T]:
    """Sort items by ``keys`` read from ``data_of(item)``; equal items keep their order."""
    ordered = list(items)
    # Python's sort is stable, so sorting by the last key first gives the
    # combined order. A descending sort keeps equal items in order too.
    for key in reversed(keys):
        name = key.name
        ordered.sort(
            key=lambda item: sort_key(data_of(item).get(name)), reverse=key.descending
        )
    return ordered


def parse_group_by(text: str, attributes: Mapping[str, Attribute[Any]]) -> list[str]:
    """Parse an ``X-Nuage-Attributes`` value (names joined by commas).

    Raises:
        APIError: 400 for an empty list or an unknown attribute.
    """
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise bad_request(
            "X-Nuage-GroupBy needs X-Nuage-Attributes with the attributes to group by",
            title="Invalid grouping",
        )
    for name in names:
        if name not in attributes:
            raise bad_request(
                f"invalid X-Nuage-Attributes {text!r}: unknown attribute {name!r}",
                title="Invalid grouping",
            )
    return names


def group_items(
    items: Sequence[Mapping[str, Any]], names: list[str]
) -> list[dict[str, Any]]:
    """Return one entry per distinct combination of ``names``, with its ``count``.

    NOTE: VSD's grouped response shape is not documented; this one lists
    the grouped attributes and a count, in order of first appearance.
    """
    groups: dict[str, dict[str, Any]] = {}
    for data in items:
        values = {name: data.get(name) for name in names}
        key = json.dumps(values, sort_keys=True)
        group = groups.get(key)
        if group is None:
            group = groups[key] = dict(values, count=0)
        group["count"] += 1
    return list(groups.values())
