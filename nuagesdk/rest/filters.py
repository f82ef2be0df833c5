"""Structured filter expressions for the ``X-Nuage-Filter`` header.

A raw filter string is sent as it is. Building the expression from parts
quotes and escapes each value, so a value such as ``x" or name == "y`` stays
one string and cannot widen the match::

    from nuagesdk.rest.filters import where, attribute

    where("name", "==", 'ACME "R&D"')                 # name == "ACME \\"R&D\\""
    (attribute("name") == "a") | (attribute("name").begins_with("b"))

The grammar, shared with the simulator's parser: a comparison is
``<name> <operator> <value>``; operators are ``==``, ``!=``, ``>``, ``>=``,
``<``, ``<=``, ``BEGINSWITH``, ``ENDSWITH``, ``CONTAINS``; values are
double-quoted strings in which ``\\"`` and ``\\\\`` stand for ``"`` and
``\\``, numbers, ``true``, ``false`` or ``null``. Comparisons combine with
``and`` and ``or`` (``and`` binds tighter) and parentheses.

Attribute names may be local (``external_id``) or remote (``externalID``):
a fetcher renders local names as the remote names of its child class.
"""

from __future__ import annotations

import math
import re
from typing import Mapping, Union

OPERATORS = ("==", "!=", ">", ">=", "<", "<=", "BEGINSWITH", "ENDSWITH", "CONTAINS")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_UNREPRESENTABLE = re.compile(r"[\x00-\x1f\x7f]")

Value = Union[str, int, float, bool, None]


class Filter:
    """A filter expression; combine with ``&`` (and) and ``|`` (or)."""

    def render(self, remote_name_for: Mapping[str, str] | None = None) -> str:
        """Return the expression text, local names turned into remote names."""
        raise NotImplementedError

    def __and__(self, other: Filter) -> Filter:
        return _Combined("and", self, _require_filter(other))

    def __or__(self, other: Filter) -> Filter:
        return _Combined("or", self, _require_filter(other))

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<Filter {self.render()}>"


class _Comparison(Filter):
    __slots__ = ("name", "operator", "value")

    def __init__(self, name: str, operator: str, value: Value) -> None:
        self.name = name
        self.operator = operator
        self.value = value

    def render(self, remote_name_for: Mapping[str, str] | None = None) -> str:
        name = self.name
        if remote_name_for:
            name = remote_name_for.get(name, name)
        return f"{name} {self.operator} {format_value(self.value)}"


class _Combined(Filter):
    __slots__ = ("keyword", "left", "right")

    def __init__(self, keyword: str, left: Filter, right: Filter) -> None:
        self.keyword = keyword
        self.left = left
        self.right = right

    def render(self, remote_name_for: Mapping[str, str] | None = None) -> str:
        left = self.left.render(remote_name_for)
        right = self.right.render(remote_name_for)
        return f"({left}) {self.keyword} ({right})"


def _require_filter(value: object) -> Filter:
    if not isinstance(value, Filter):
        raise TypeError(
            f"can only combine a Filter with a Filter, not {type(value).__name__}"
        )
    return value


def format_value(value: Value) -> str:
    """Return ``value`` as a filter literal.

    Raises:
        ValueError: the value has control characters or is not finite.
        TypeError: the value is not a str, int, float, bool or None.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"filter value {value!r} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        if _UNREPRESENTABLE.search(value):
            raise ValueError(
                f"filter value {value!r} contains a control character, which an "
                "HTTP header cannot carry"
            )
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    raise TypeError(
        f"filter values must be str, int, float, bool or None, not {type(value).__name__}"
    )


def where(name: str, operator: str, value: Value) -> Filter:
    """Build the comparison ``name operator value``.

    Raises:
        ValueError: the name is not an attribute name, the operator is
            unknown, or the value cannot be written in the filter grammar.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"invalid attribute name in filter: {name!r}")
    normalized = operator.upper() if isinstance(operator, str) else operator
    if normalized not in OPERATORS:
        raise ValueError(
            f"unknown filter operator {operator!r}; use one of {', '.join(OPERATORS)}"
        )
    format_value(value)  # reject what cannot be written, before anything is sent
    return _Comparison(name, normalized, value)


class attribute:
    """An attribute name to compare with Python operators: ``attribute("name") == "x"``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"invalid attribute name in filter: {name!r}")
        self.name = name

    def __eq__(self, value: Value) -> Filter:  # type: ignore[override]
        return where(self.name, "==", value)

    def __ne__(self, value: Value) -> Filter:  # type: ignore[override]
        return where(self.name, "!=", value)

    def __gt__(self, value: Value) -> Filter:
        return where(self.name, ">", value)

    def __ge__(self, value: Value) -> Filter:
        return where(self.name, ">=", value)

    def __lt__(self, value: Value) -> Filter:
        return where(self.name, "<", value)

    def __le__(self, value: Value) -> Filter:
        return where(self.name, "<=", value)

    def begins_with(self, value: str) -> Filter:
        """``name BEGINSWITH value``."""
        return where(self.name, "BEGINSWITH", value)

    def ends_with(self, value: str) -> Filter:
        """``name ENDSWITH value``."""
        return where(self.name, "ENDSWITH", value)

    def contains(self, value: str) -> Filter:
        """``name CONTAINS value``."""
        return where(self.name, "CONTAINS", value)

    __hash__ = None  # type: ignore[assignment]
