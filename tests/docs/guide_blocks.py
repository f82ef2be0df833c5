"""Read the code blocks of the hand-written documentation pages.

A block is a ``.. code-block:: <language>`` directive. Its body is the
lines indented below the directive, after the option lines (``:caption:``)
and one blank line.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

DOCS_DIR = Path(__file__).parents[2] / "docs"

#: Pages written by hand. The entity reference under docs/reference/<version>
#: is generated, and its examples name objects that a reader fetched before.
HAND_WRITTEN_PAGES = sorted(
    [
        *DOCS_DIR.glob("*.rst"),
        *DOCS_DIR.glob("guide/*.rst"),
        *DOCS_DIR.glob("api/*.rst"),
    ]
)

#: Placeholder VSD location of the examples. Tests replace it with the
#: simulator's URL.
EXAMPLE_API_URL = "https://vsd.example.net:8443"

_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\. code-block::\s*(?P<language>\S+)\s*$")
_OPTION = re.compile(r"^\s+:(?P<name>[\w-]+):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class CodeBlock:
    """One code block of a page: its language, caption, first line and text."""

    page: Path
    line: int
    language: str
    caption: str
    code: str

    @property
    def location(self) -> str:
        """``docs/guide/jobs.rst:42``, for messages and tracebacks."""
        return f"{self.page.relative_to(DOCS_DIR.parent)}:{self.line}"


def read_blocks(page: Path) -> list[CodeBlock]:
    """Return the code blocks of ``page`` in the order they appear."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index])
        if match is None:
            index += 1
            continue

        indent = len(match["indent"])
        language = match["language"]
        index += 1
        caption = ""
        while index < len(lines) and (option := _OPTION.match(lines[index])):
            if option["name"] == "caption":
                caption = option["value"].strip()
            index += 1

        body_start = index + 1
        body = []
        while index < len(lines):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            body.append(line)
            index += 1
        code = textwrap.dedent("\n".join(body)).strip("\n") + "\n"
        blocks.append(CodeBlock(page, body_start + 1, language, caption, code))
    return blocks


def count_directives(page: Path) -> int:
    """Return how many code-block directives the page text contains."""
    text = page.read_text(encoding="utf-8")
    return len(re.findall(r"^\s*\.\. code-block::", text, flags=re.MULTILINE))
