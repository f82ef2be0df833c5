"""Python source layout that matches ``ruff format`` for generated code.

The generator writes code that is already formatted, so its output does not
depend on whether ruff is installed. Only the few shapes that generated
modules use are covered: calls and collection literals, split the way ruff
splits them at 88 columns, and docstrings wrapped by hand.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any, Union

LINE_WIDTH = 88
INDENT = "    "


@dataclass(frozen=True)
class Brackets:
    """A bracketed, comma-separated sequence: a call or a collection literal.

    ``opening`` carries whatever comes before the bracket, such as
    ``"Attribute("`` or ``'"NUJob": ('``.
    """

    opening: str
    items: tuple[Node, ...]
    closing: str
    one_tuple: bool = False


Node = Union[str, Brackets]


def py_literal(value: Any) -> str:
    """Return ``value`` as Python source in ruff's preferred quoting."""
    if isinstance(value, str):
        return _py_string(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    raise TypeError(f"no literal form for {type(value).__name__} {value!r}")


def _py_string(text: str) -> str:
    source = repr(text)
    if source.startswith('"'):
        return source
    body = source[1:-1]
    if '"' in text:
        # Double quotes would need escaping, so the single-quoted form stays.
        return source
    return '"' + body.replace("\\'", "'") + '"'


def string_tuple(opening: str, values: tuple[str, ...] | list[str]) -> Brackets:
    """Return a tuple literal of strings, with ``opening`` before the bracket."""
    items = tuple(py_literal(value) for value in values)
    return Brackets(opening + "(", items, ")", one_tuple=len(items) == 1)


def flat(node: Node) -> str:
    """Return ``node`` on one line."""
    if isinstance(node, str):
        return node
    inner = ", ".join(flat(item) for item in node.items)
    if node.one_tuple:
        inner += ","
    return node.opening + inner + node.closing


def render(
    node: Node, indent: int, prefix: str = "", suffix: str = "", *, nested: bool = False
) -> list[str]:
    """Lay out ``prefix + node + suffix`` at ``indent`` levels, split as ruff does.

    A node that fits stays on one line. Otherwise the arguments of a call
    that is the outermost bracket of a statement go on one line inside the
    parentheses if they fit there. In all other cases the items go one per
    line with a trailing comma, and each item is split in the same way.
    """
    margin = INDENT * indent
    line = margin + prefix + flat(node) + suffix
    if isinstance(node, str) or len(line) <= LINE_WIDTH or not node.items:
        return [line]

    head = margin + prefix + node.opening
    tail = margin + node.closing + suffix
    body = INDENT * (indent + 1) + ", ".join(flat(item) for item in node.items)
    if not nested and _is_call(node) and len(body) <= LINE_WIDTH:
        return [head, body, tail]

    lines = [head]
    for item in node.items:
        lines.extend(render(item, indent + 1, suffix=",", nested=True))
    lines.append(tail)
    return lines


def _is_call(node: Brackets) -> bool:
    callee = node.opening[:-1]
    return node.opening.endswith("(") and callee[-1:].isidentifier()


def render_assignment(target: str, value: str, indent: int) -> list[str]:
    """Lay out ``target = value`` for a value without brackets.

    ruff moves a value that is too long into parentheses on its own line
    when that makes it fit.
    """
    margin = INDENT * indent
    line = f"{margin}{target} = {value}"
    inner = INDENT * (indent + 1) + value
    if len(line) <= LINE_WIDTH or len(inner) > LINE_WIDTH:
        return [line]
    return [f"{margin}{target} = (", inner, f"{margin})"]


def docstring(paragraphs: list[str], indent: int) -> list[str]:
    """Return a docstring: the first paragraph is the summary line.

    Paragraphs are wrapped to the line width. A docstring whose one
    paragraph fits on one line is written on one line.
    """
    margin = INDENT * indent
    # A backslash from a spec value must not start an escape sequence.
    paragraphs = [paragraph.replace("\\", "\\\\") for paragraph in paragraphs]
    if len(paragraphs) == 1:
        line = f'{margin}"""{paragraphs[0]}"""'
        if len(line) <= LINE_WIDTH:
            return [line]

    width = LINE_WIDTH - len(margin)
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index > 0:
            lines.append("")
        first_width = width - 3 if index == 0 else width
        wrapped = textwrap.wrap(
            paragraph, width=first_width, break_long_words=False, break_on_hyphens=False
        )
        if index == 0 and len(wrapped) > 1:
            # Only the first line carries the opening quotes.
            rest = " ".join(wrapped[1:])
            wrapped = wrapped[:1] + textwrap.wrap(
                rest, width=width, break_long_words=False, break_on_hyphens=False
            )
        lines.extend(margin + text for text in wrapped)
    lines[0] = f'{margin}"""{lines[0][len(margin) :]}'
    lines.append(f'{margin}"""')
    return lines
