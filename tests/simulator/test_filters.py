"""Unit tests of the X-Nuage-Filter parser and evaluator."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nuagesdk.rest.filters import attribute, where
from nuagesdk.simulator.filters import (
    Combined,
    Comparison,
    FilterError,
    TextSearch,
    compile_filter,
    parse_filter,
    tokenize,
)

from .entities import NUTestItem

ATTRIBUTES = NUTestItem.__remote_attributes__

ITEMS: list[dict[str, Any]] = [
    {"name": "alpha", "rank": 1, "score": 0.5, "enabled": True, "category": "RED",
     "tags": ["a", "b"], "externalID": "x@cms-1"},
    {"name": "beta", "rank": 20, "score": 2.0, "enabled": False, "category": "GREEN",
     "tags": [], "externalID": "y@cms-2"},
    {"name": 'quote"d', "rank": 300, "score": None, "enabled": None, "category": "BLUE",
     "tags": ["b"], "externalID": None},
    {"name": "Zürich", "rank": None, "score": 1, "enabled": True, "category": None,
     "tags": None, "externalID": "z@cms-1"},
    {"name": "back\\slash", "rank": 20, "score": -1.5, "enabled": False, "category": "RED",
     "tags": ["c"], "externalID": "w@other"},
]  # fmt: skip


def names_matching(text: str) -> list[str]:
    predicate = compile_filter(text, ATTRIBUTES)
    return [item["name"] for item in ITEMS if predicate(item)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name == "alpha"', ["alpha"]),
        ("name == 'alpha'", ["alpha"]),
        ('name != "alpha"', ["beta", 'quote"d', "Zürich", "back\\slash"]),
        ("name IS 'beta'", ["beta"]),
        ("name is 'beta'", ["beta"]),
        ("name ISNOT 'beta'", ["alpha", 'quote"d', "Zürich", "back\\slash"]),
        ("rank IS NOT 20", ["alpha", 'quote"d', "Zürich"]),
        ("rank == 20", ["beta", "back\\slash"]),
        ("rank == '20'", ["beta", "back\\slash"]),
        ("rank > 1", ["beta", 'quote"d', "back\\slash"]),
        ("rank >= 20", ["beta", 'quote"d', "back\\slash"]),
        ("rank < 20", ["alpha"]),
        ("rank <= '20'", ["alpha", "beta", "back\\slash"]),
        ("score > 0.75", ["beta", "Zürich"]),
        ("score == 1", ["Zürich"]),
        ("score < -1", ["back\\slash"]),
        ("enabled == true", ["alpha", "Zürich"]),
        ("enabled IS True", ["alpha", "Zürich"]),
        ("enabled == 'false'", ["beta", "back\\slash"]),
        ("enabled == null", ['quote"d']),
        ("externalID IS null", ['quote"d']),
        ("category IS RED", ["alpha", "back\\slash"]),
        ("category == BLUE", ['quote"d']),
        ('name BEGINSWITH "al"', ["alpha"]),
        ('name ENDSWITH "ta"', ["beta"]),
        ('name CONTAINS "ü"', ["Zürich"]),
        ("externalID ENDSWITH '@cms-1'", ["alpha", "Zürich"]),
        ("externalID CONTAINS 'cms'", ["alpha", "beta", "Zürich"]),
        ("name LIKE 'ALPHA'", ["alpha"]),
        ("name LIKE '%t%'", ["beta", 'quote"d']),
        ("name LIKE '_eta'", ["beta"]),
        ("tags CONTAINS 'b'", ["alpha", 'quote"d']),
        ("tags == 'c'", ["back\\slash"]),
        ('name IN {"alpha", "beta"}', ["alpha", "beta"]),
        ("rank in (1, 300)", ["alpha", 'quote"d']),
        ('name == "quote\\"d"', ['quote"d']),
        ("name == 'quote\"d'", ['quote"d']),
        ('name == "back\\\\slash"', ["back\\slash"]),
        ('rank == 20 and category == "RED"', ["back\\slash"]),
        ('rank == 20 AND category == "RED"', ["back\\slash"]),
        ("rank == 1 or rank == 300", ["alpha", 'quote"d']),
        ("rank == 1 OR rank == 300", ["alpha", 'quote"d']),
        (
            'name == "alpha" or rank == 20 and enabled == false',
            ["alpha", "beta", "back\\slash"],
        ),
        (
            '(name == "alpha" or rank == 20) and enabled == false',
            ["beta", "back\\slash"],
        ),
        (
            '((rank > 1)) and (category == "GREEN" or category == "BLUE")',
            ["beta", 'quote"d'],
        ),
        ("type IS VM", None),
        ("alpha", ["alpha"]),
        ("'ZÜRICH'", ["Zürich"]),
        ("cms", ["alpha", "beta", "Zürich"]),
    ],
)
def test_filter_matches_expected_items(text: str, expected: list[str] | None) -> None:
    if expected is None:
        with pytest.raises(FilterError):
            names_matching(text)
        return
    assert names_matching(text) == expected


def test_filter_ordering_false_on_null() -> None:
    predicate = compile_filter("rank < 1000", ATTRIBUTES)
    assert predicate({"rank": None}) is False
    assert predicate({}) is False
    assert predicate({"rank": "5"}) is False


def test_filter_text_search_ignores_numbers() -> None:
    assert names_matching("20") == []


@pytest.mark.parametrize(
    ("text", "position", "token", "reason"),
    [
        ('name == "x', 8, '"x', "not terminated"),
        ('name = "x"', 5, "'='", "unexpected character"),
        ("name == ", 8, "end of filter", "expected a value"),
        ('(name == "x"', 12, "end of filter", "expected ')'"),
        ('name == "x" and', 15, "end of filter", "expected an attribute name"),
        ('name "x"', 5, "'\"x\"'", "expected an operator"),
        ('name == "x" name == "y"', 12, "'name'", "expected 'and', 'or'"),
        ('name == "x" $', 12, "'$'", "unexpected character"),
        ("nme == 'x'", 0, "'nme'", "unknown attribute"),
        ("external_id == 'x'", 0, "'external_id'", "'externalID'"),
        ("ExternalId == 'x'", 0, "'ExternalId'", "did you mean 'externalID'"),
        ("name == and", 8, "'and'", "expected a value"),
        ("and == 'x'", 0, "'and'", "expected an attribute name"),
        ("name IN 'x'", 8, "\"'x'\"", "'{'"),
        ("name IN {'x' 'y'}", 13, "\"'y'\"", "',' or '}'"),
        ("", 0, "end of filter", "empty"),
        ("   ", 0, "end of filter", "empty"),
    ],
)
def test_filter_error_names_token_position(
    text: str, position: int, token: str, reason: str
) -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter(text, ATTRIBUTES)
    error = caught.value
    assert error.position == position
    assert error.token == token
    assert reason in error.reason
    assert f"position {position}" in str(error)


def test_tokenize_positions_and_kinds() -> None:
    tokens = tokenize("rank>=-2.5e1 and name=='a b'")
    assert [(t.kind, t.position) for t in tokens] == [
        ("word", 0),
        ("op", 4),
        ("number", 6),
        ("word", 13),
        ("word", 17),
        ("op", 21),
        ("string", 23),
        ("end", 28),
    ]
    assert tokens[2].value == -25.0
    assert tokens[6].value == "a b"


def test_parse_filter_and_binds_tighter() -> None:
    tree = parse_filter("a == 1 or b == 2 and c == 3")
    assert isinstance(tree, Combined)
    assert tree.keyword == "or"
    assert tree.left == Comparison("a", "==", 1, 0)
    assert isinstance(tree.right, Combined)
    assert tree.right.keyword == "and"


def test_parse_filter_lone_value_is_text() -> None:
    assert parse_filter('"prod"') == TextSearch("prod")
    assert parse_filter("prod") == TextSearch("prod")


def test_filter_accepts_sdk_rendered_filters() -> None:
    built = (attribute("name") == 'quote"d') | (
        attribute("rank").__ge__(300) & where("category", "==", "BLUE")
    )
    assert names_matching(built.render()) == ['quote"d']
    assert names_matching(where("name", "ENDSWITH", "slash").render()) == [
        "back\\slash"
    ]
    assert names_matching(where("externalID", "==", None).render()) == ['quote"d']
    assert names_matching(where("enabled", "!=", True).render()) == [
        "beta",
        'quote"d',
        "back\\slash",
    ]


# -- generated filters against a Python reference ------------------------------

_TEXT = st.text(alphabet="ab\"\\' é", max_size=4)
_VALUES = {
    "name": _TEXT,
    "rank": st.integers(min_value=-3, max_value=3),
    "enabled": st.booleans(),
}
_OPERATORS = {
    "name": ["==", "!=", ">", "<=", "BEGINSWITH", "ENDSWITH", "CONTAINS"],
    "rank": ["==", "!=", ">", ">=", "<", "<="],
    "enabled": ["==", "!="],
}

Reference = Callable[[dict[str, Any]], bool]


def _reference(name: str, operator: str, value: Any) -> Reference:
    def matches(item: dict[str, Any]) -> bool:
        actual = item.get(name)
        if operator == "==":
            return actual == value
        if operator == "!=":
            return actual != value
        if actual is None:
            return False
        if operator == ">":
            return actual > value
        if operator == ">=":
            return actual >= value
        if operator == "<":
            return actual < value
        if operator == "<=":
            return actual <= value
        if operator == "BEGINSWITH":
            return actual.startswith(value)
        if operator == "ENDSWITH":
            return actual.endswith(value)
        return value in actual

    return matches


@st.composite
def comparisons(draw: st.DrawFn) -> tuple[Any, Reference]:
    name = draw(st.sampled_from(sorted(_VALUES)))
    operator = draw(st.sampled_from(_OPERATORS[name]))
    value = draw(_VALUES[name])
    return where(name, operator, value), _reference(name, operator, value)


def _combine(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    def join(pair: tuple[Any, Any], keyword: str) -> tuple[Any, Reference]:
        (left, left_test), (right, right_test) = pair
        if keyword == "and":
            return left & right, lambda item: left_test(item) and right_test(item)
        return left | right, lambda item: left_test(item) or right_test(item)

    return st.builds(
        join, st.tuples(children, children), st.sampled_from(["and", "or"])
    )


ITEM_STRATEGY = st.fixed_dictionaries(
    {
        "name": st.one_of(st.none(), _TEXT),
        "rank": st.one_of(st.none(), st.integers(min_value=-3, max_value=3)),
        "enabled": st.one_of(st.none(), st.booleans()),
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(comparisons(), _combine, max_leaves=6),
    st.lists(ITEM_STRATEGY, max_size=8),
)
def test_filter_matches_python_reference(
    built: tuple[Any, Reference], items: list[dict[str, Any]]
) -> None:
    expression, reference = built
    predicate = compile_filter(expression.render(), ATTRIBUTES)
    assert [predicate(item) for item in items] == [reference(item) for item in items]
