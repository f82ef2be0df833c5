"""Property-based checks of serialization, filters and validation."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from nuagesdk import v6
from nuagesdk.rest import Attribute
from nuagesdk.rest.filters import format_value, where
from nuagesdk.simulator.filters import FilterError, parse_filter

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=10,
)

ENTERPRISE_REMOTE_NAMES = sorted(v6.NUEnterprise.__remote_attributes__)


@given(
    st.dictionaries(st.sampled_from(ENTERPRISE_REMOTE_NAMES), JSON_VALUES, max_size=8)
)
def test_round_trip_of_declared_attributes(data):
    assert v6.NUEnterprise(data=data).to_dict() == data


@given(st.dictionaries(st.text(min_size=1), JSON_VALUES, max_size=8))
def test_round_trip_of_unknown_keys(data):
    assert v6.NUEnterprise(data=data).to_dict() == data


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_filter_parser_never_crashes(text):
    try:
        parse_filter(text)
    except FilterError:
        pass


@settings(max_examples=300)
@given(
    st.sampled_from(["name", "description", "externalID"]),
    st.sampled_from(["==", "!=", "BEGINSWITH", "ENDSWITH", "CONTAINS"]),
    st.text(alphabet=st.characters(min_codepoint=32, blacklist_characters="\x7f")),
)
def test_structured_filter_always_parses(name, operator, value):
    parse_filter(str(where(name, operator, value)))


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_filter_number_literal_is_finite(value):
    try:
        text = format_value(value)
    except ValueError:
        assert not math.isfinite(value)
    else:
        assert math.isfinite(float(text))


ATTRIBUTES = [
    Attribute("name", str, min_length=2, max_length=5),
    Attribute("count", int, min_value=0, max_value=10),
    Attribute("ratio", float, min_value=0.0, max_value=1.0),
    Attribute("flag", bool),
    Attribute("kind", str, choices=("A", "B")),
    Attribute("tags", list, choices=("X", "Y")),
]


def forbidden(attribute: Attribute, value: object) -> bool:
    """Tell independently of Attribute.check whether ``value`` breaks the rules."""
    if value is None:
        return False
    if attribute.type is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True
    elif attribute.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return True
    elif not isinstance(value, attribute.type) or (
        attribute.type is not bool and isinstance(value, bool)
    ):
        return True
    if attribute.type is list:
        return any(item not in attribute.choices for item in value)
    if attribute.choices is not None and value not in attribute.choices:
        return True
    if isinstance(value, str):
        return not attribute.min_length <= len(value) <= attribute.max_length
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if attribute.min_value is not None and value < attribute.min_value:
            return True
        if attribute.max_value is not None and value > attribute.max_value:
            return True
    return False


@settings(max_examples=500)
@given(st.sampled_from(ATTRIBUTES), JSON_VALUES)
def test_validation_rejects_what_rules_forbid(attribute, value):
    problems = attribute.check(value)

    assert bool(problems) == forbidden(attribute, value)
