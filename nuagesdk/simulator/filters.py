"""Parser and evaluator of ``X-Nuage-Filter`` expressions.

The grammar covers what :mod:`nuagesdk.rest.filters` writes and what users
write by hand against a VSD::

    filter      := text | or_expr
    text        := STRING | WORD | NUMBER          (a lone value: full-text search)
    or_expr     := and_expr (("or" | "OR") and_expr)*
    and_expr    := primary (("and" | "AND") primary)*
    primary     := "(" or_expr ")" | comparison
    comparison  := NAME operator value | NAME "IN" "{" value ("," value)* "}"
    operator    := "==" | "!=" | ">" | ">=" | "<" | "<=" | "BEGINSWITH" | "ENDSWITH"
                 | "CONTAINS" | "LIKE" | "IS" | "IS NOT" | "ISNOT"
    value       := STRING | NUMBER | "true" | "false" | "null" | WORD

Keywords are case-insensitive. ``IS`` and ``ISNOT`` mean ``==`` and ``!=``.
Strings take single or double quotes; a backslash makes the next character
literal (``\\"``, ``\\'``, ``\\\\``). An unquoted word in value position is
an enum constant and compares as a string (``type IS VM``). ``and`` binds
tighter than ``or``.

Evaluation follows the attribute's declared type: a quoted number matches a
numeric attribute (``creationDate >= '1700000000000'``), ``"true"`` matches
a boolean one. String comparisons are case-sensitive, except ``LIKE`` and
full-text search. ``LIKE`` takes SQL wildcards (``%`` and ``_``). On a list
attribute, ``==`` and ``CONTAINS`` test membership. Ordering operators are
false when either side is null or the types differ.

NOTE: VSD publishes no grammar for this header. Precedence, ``!=``,
``BEGINSWITH``, parentheses and escapes follow the SDK's own filter writer
and are unverified against a real VSD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Union

from nuagesdk.rest.attribute import Attribute

Predicate = Callable[[Mapping[str, Any]], bool]
Literal = Union[str, int, float, bool, None]

_COMPARISON_OPERATORS = ("==", "!=", ">=", "<=", ">", "<")
_WORD_OPERATORS = ("BEGINSWITH", "ENDSWITH", "CONTAINS", "LIKE", "IS", "ISNOT", "IN")
_RESERVED = frozenset({"AND", "OR", "NOT", *_WORD_OPERATORS})
_LITERAL_WORDS: dict[str, Literal] = {"TRUE": True, "FALSE": False, "NULL": None}

_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FilterError(ValueError):
    """An invalid filter: ``position`` is the 0-based offset of ``token``."""

    def __init__(self, reason: str, position: int, token: str) -> None:
        self.reason = reason
        self.position = position
        self.token = token
        super().__init__(f"invalid filter at position {position} ({token}): {reason}")


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind, text as written, value and offset."""

    kind: str  # "string", "number", "word", "op", "(", ")", "{", "}", ",", "end"
    text: str
    value: Any
    position: int

    def describe(self) -> str:
        """Return the token as an error message shows it."""
        if self.kind == "end":
            return "end of filter"
        return repr(self.text)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``end`` token.

    Raises:
        FilterError: an unterminated string or a character outside the grammar.
    """
    tokens = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            index += 1
            continue
        if char in "(){},":
            tokens.append(Token(char, char, char, index))
            index += 1
            continue
        if char in "\"'":
            token, index = _read_string(text, index)
            tokens.append(token)
            continue
        operator = next(
            (op for op in _COMPARISON_OPERATORS if text.startswith(op, index)), None
        )
        if operator is not None:
            tokens.append(Token("op", operator, operator, index))
            index += len(operator)
            continue
        number = _NUMBER.match(text, index)
        if number is not None:
            literal = number.group()
            value: float = (
                float(literal) if number.group(1) or number.group(2) else int(literal)
            )
            tokens.append(Token("number", literal, value, index))
            index = number.end()
            continue
        word = _WORD.match(text, index)
        if word is not None:
            tokens.append(Token("word", word.group(), word.group(), index))
            index = word.end()
            continue
        raise FilterError("unexpected character", index, repr(char))
    tokens.append(Token("end", "", None, length))
    return tokens


def _read_string(text: str, start: int) -> tuple[Token, int]:
    quote = text[start]
    chars = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            if index + 1 >= len(text):
                break
            chars.append(text[index + 1])
            index += 2
            continue
        if char == quote:
            return Token(
                "string", text[start : index + 1], "".join(chars), start
            ), index + 1
        chars.append(char)
        index += 1
    raise FilterError(
        f"string is not terminated; close it with {quote}",
        start,
        text[start : start + 20],
    )


# -- syntax tree ---------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """``name operator value``; for ``IN``, ``value`` is a tuple of literals."""

    name: str
    operator: str
    value: Any
    position: int


@dataclass(frozen=True)
class Combined:
    """``left and right`` or ``left or right``."""

    keyword: str
    left: Node
    right: Node


@dataclass(frozen=True)
class TextSearch:
    """A lone value: match objects with a string attribute containing it."""

    text: str


Node = Union[Comparison, Combined, TextSearch]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def fail(self, token: Token, expected: str) -> FilterError:
        return FilterError(f"expected {expected}", token.position, token.describe())

    def keyword(self, token: Token) -> str | None:
        if token.kind == "word" and token.text.upper() in _RESERVED:
            return token.text.upper()
        return None

    def parse(self) -> Node:
        tokens = self.tokens
        if len(tokens) == 1:
            raise FilterError("the filter is empty", 0, "end of filter")
        if len(tokens) == 2 and tokens[0].kind in ("string", "word", "number"):
            if self.keyword(tokens[0]) is None:
                return TextSearch(str(tokens[0].value))
        node = self.parse_or()
        end = self.peek()
        if end.kind != "end":
            raise self.fail(end, "'and', 'or' or the end of the filter")
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.keyword(self.peek()) == "OR":
            self.advance()
            node = Combined("or", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_primary()
        while self.keyword(self.peek()) == "AND":
            self.advance()
            node = Combined("and", node, self.parse_primary())
        return node

    def parse_primary(self) -> Node:
        token = self.peek()
        if token.kind == "(":
            self.advance()
            node = self.parse_or()
            closing = self.advance()
            if closing.kind != ")":
                raise self.fail(
                    closing, f"')' to close the '(' at position {token.position}"
                )
            return node
        return self.parse_comparison()

    def parse_comparison(self) -> Comparison:
        name = self.advance()
        if name.kind != "word" or self.keyword(name) is not None:
            raise self.fail(name, "an attribute name")
        operator = self.parse_operator()
        if operator == "IN":
            return Comparison(name.text, operator, self.parse_set(), name.position)
        return Comparison(name.text, operator, self.parse_value(), name.position)

    def parse_operator(self) -> str:
        token = self.advance()
        if token.kind == "op":
            return token.text
        word = self.keyword(token)
        if word == "IS":
            if self.keyword(self.peek()) == "NOT":
                self.advance()
                return "!="
            return "=="
        if word == "ISNOT":
            return "!="
        if word in _WORD_OPERATORS:
            return word
        raise self.fail(
            token,
            "an operator (==, !=, >, >=, <, <=, BEGINSWITH, ENDSWITH, "
            "CONTAINS, LIKE, IS, ISNOT or IN)",
        )

    def parse_value(self) -> Literal:
        token = self.advance()
        if token.kind in ("string", "number"):
            return token.value
        if token.kind == "word" and self.keyword(token) is None:
            upper = token.text.upper()
            if upper in _LITERAL_WORDS:
                return _LITERAL_WORDS[upper]
            return token.text
        raise self.fail(
            token, "a value (a quoted string, a number, true, false or null)"
        )

    def parse_set(self) -> tuple[Literal, ...]:
        opening = self.advance()
        if opening.kind not in ("{", "("):
            raise self.fail(opening, "'{' to start the list of values after IN")
        closing_kind = "}" if opening.kind == "{" else ")"
        values = [self.parse_value()]
        while self.peek().kind == ",":
            self.advance()
            values.append(self.parse_value())
        closing = self.advance()
        if closing.kind != closing_kind:
            raise self.fail(closing, f"',' or '{closing_kind}' in the list of values")
        return tuple(values)


def parse_filter(text: str) -> Node:
    """Parse ``text`` into a syntax tree.

    Raises:
        FilterError: the text is not a valid filter; the error names the
            offending token and its position.
    """
    return _Parser(text).parse()


# -- evaluation ----------------------------------------------------------------


def compile_filter(text: str, attributes: Mapping[str, Attribute[Any]]) -> Predicate:
    """Return a predicate on wire dicts for ``text``.

    ``attributes`` maps remote names to declarations; a name outside it is
    an error, so a misspelt attribute does not silently match nothing.

    Raises:
        FilterError: the text is invalid or names an unknown attribute.
    """
    return _compile(parse_filter(text), attributes)


def _compile(node: Node, attributes: Mapping[str, Attribute[Any]]) -> Predicate:
    if isinstance(node, Combined):
        left = _compile(node.left, attributes)
        right = _compile(node.right, attributes)
        if node.keyword == "and":
            return lambda data: left(data) and right(data)
        return lambda data: left(data) or right(data)
    if isinstance(node, TextSearch):
        return _text_search(node.text, attributes)
    return _comparison(node, attributes)


def _text_search(text: str, attributes: Mapping[str, Attribute[Any]]) -> Predicate:
    needle = text.casefold()
    names = [name for name, attribute in attributes.items() if attribute.type is str]

    def matches(data: Mapping[str, Any]) -> bool:
        for name in names:
            value = data.get(name)
            if isinstance(value, str) and needle in value.casefold():
                return True
        return False

    return matches


def _comparison(
    node: Comparison, attributes: Mapping[str, Attribute[Any]]
) -> Predicate:
    attribute = attributes.get(node.name)
    if attribute is None:
        raise FilterError(
            _unknown_attribute(node.name, attributes), node.position, repr(node.name)
        )
    name = node.name
    operator = node.operator
    if operator == "IN":
        options = [_coerce(value, attribute.type) for value in node.value]
        return lambda data: any(_equal(data.get(name), option) for option in options)
    value = _coerce(node.value, attribute.type)
    test = _OPERATOR_TESTS[operator]
    if operator == "LIKE":
        value = _like_pattern(value)
    return lambda data: test(data.get(name), value)


def _unknown_attribute(name: str, attributes: Mapping[str, Attribute[Any]]) -> str:
    for remote_name, attribute in attributes.items():
        if attribute.local_name == name:
            return f"unknown attribute; filters use REST names, here {remote_name!r}"
    for remote_name in attributes:
        if remote_name.lower() == name.lower():
            return f"unknown attribute; did you mean {remote_name!r}?"
    return "unknown attribute for this entity"


def _coerce(value: Literal, declared: type) -> Any:
    """Convert a literal to the attribute's type where the text allows it."""
    if value is None:
        return None
    if declared in (int, float) and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    if (
        declared is bool
        and isinstance(value, str)
        and value.lower() in ("true", "false")
    ):
        return value.lower() == "true"
    if declared is str and not isinstance(value, str):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(actual: Any, expected: Any) -> bool:
    if isinstance(actual, list) and expected is not None:
        return any(_equal(item, expected) for item in actual)
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    if _is_number(actual) and _is_number(expected):
        return actual == expected
    return type(actual) is type(expected) and actual == expected


def _ordered(actual: Any, expected: Any) -> bool:
    if _is_number(actual) and _is_number(expected):
        return True
    return isinstance(actual, str) and isinstance(expected, str)


def _contains(actual: Any, expected: Any) -> bool:
    if isinstance(actual, list):
        return any(_equal(item, expected) for item in actual)
    return isinstance(actual, str) and isinstance(expected, str) and expected in actual


def _like_pattern(value: Any) -> re.Pattern[str] | None:
    if not isinstance(value, str):
        return None
    parts = []
    for char in value:
        if char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _like(actual: Any, pattern: re.Pattern[str] | None) -> bool:
    return (
        pattern is not None
        and isinstance(actual, str)
        and pattern.fullmatch(actual) is not None
    )


def _both_str(actual: Any, expected: Any) -> bool:
    return isinstance(actual, str) and isinstance(expected, str)


_OPERATOR_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equal,
    "!=": lambda a, e: not _equal(a, e),
    ">": lambda a, e: _ordered(a, e) and a > e,
    ">=": lambda a, e: _ordered(a, e) and a >= e,
    "<": lambda a, e: _ordered(a, e) and a < e,
    "<=": lambda a, e: _ordered(a, e) and a <= e,
    "BEGINSWITH": lambda a, e: _both_str(a, e) and a.startswith(e),
    "ENDSWITH": lambda a, e: _both_str(a, e) and a.endswith(e),
    "CONTAINS": _contains,
    "LIKE": _like,
}
