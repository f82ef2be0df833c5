"""Run every code example of the hand-written documentation against a simulator.

Per page, in page order and in one namespace:

- ``python`` blocks run as they are, with the example VSD URL replaced by
  the URL of a simulator on 127.0.0.1;
- ``pycon`` blocks run as doctests, so their printed output is checked;
- ``python`` blocks captioned ``test_<name>.py`` are test files: they run
  in a pytest subprocess that loads nuagesdk's pytest fixtures;
- ``console`` blocks whose every command runs ``nuage`` run in one bash
  script per page, so that variables carry over, with the ``VSD_*``
  variables pointing at the simulator. Blocks with other commands (pip,
  exports, a server left running) are instructions and are not run.

Each page starts from a freshly reset simulator, in an empty working
folder that contains only the placeholder files of ``EXAMPLE_FILES``.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from nuagesdk.rest import Session
from nuagesdk.simulator import Simulator

from .guide_blocks import (
    DOCS_DIR,
    EXAMPLE_API_URL,
    HAND_WRITTEN_PAGES,
    CodeBlock,
    count_directives,
    read_blocks,
)

#: A shell command that runs ``nuage``, or stores its output in a variable.
NUAGE_COMMAND = re.compile(r"^(nuage |[A-Z_]+=\$\(nuage )")

#: Files that examples name, such as a client certificate. Sessions check
#: that these files exist and read them only when a request goes out, which
#: these examples never send, so empty placeholders suffice.
EXAMPLE_FILES = ("automation.pem", "automation.key", "vsd-ca.pem")

RUN_LANGUAGES = {"python", "pycon", "console"}
SHOWN_LANGUAGES = {"text", "ini", "none"}

#: Pages whose examples this suite must find, so that a renamed page or a
#: changed directive cannot silently turn the check into a no-op.
PAGES_WITH_EXAMPLES = [
    "guide/changing.rst",
    "guide/cli.rst",
    "guide/errors.rst",
    "guide/fetching.rst",
    "guide/filters.rst",
    "guide/jobs.rst",
    "guide/quickstart.rst",
    "guide/sessions.rst",
    "guide/testing.rst",
    "guide/threads.rst",
    "guide/timeouts.rst",
]


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    with Simulator(job_duration=0) as running:
        yield running


def page_id(page: Path) -> str:
    return page.relative_to(DOCS_DIR).as_posix()


def run_python(block: CodeBlock, namespace: dict[str, Any], api_url: str) -> None:
    code = block.code.replace(EXAMPLE_API_URL, api_url)
    compiled = compile(code, block.location, "exec")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compiled, namespace)


def run_doctest(block: CodeBlock, namespace: dict[str, Any], api_url: str) -> None:
    text = block.code.replace(EXAMPLE_API_URL, api_url)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        text, namespace, block.location, str(block.page), block.line
    )
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    report = io.StringIO()
    runner.run(test, out=report.write, clear_globs=False)
    # DocTest runs on a copy of the namespace, so its names are copied back
    # for the blocks that follow.
    namespace.update(test.globs)
    assert runner.failures == 0, (
        f"{block.location}: doctest failed\n{report.getvalue()}"
    )


def run_test_file(block: CodeBlock, folder: Path) -> None:
    test_file = folder / block.caption
    test_file.write_text(block.code, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            test_file.name,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{block.location}:\n{result.stdout}{result.stderr}"


def runnable_commands(block: CodeBlock) -> list[str]:
    """Return the block's shell commands when every one of them runs ``nuage``.

    Blocks with other commands (pip, exports, a server left running) are
    instructions for the reader, and return no command.
    """
    commands = [line[2:] for line in block.code.splitlines() if line.startswith("$ ")]
    if commands and all(NUAGE_COMMAND.match(command) for command in commands):
        return commands
    return []


def run_shell_commands(
    commands: list[str], simulator: Simulator, folder: Path, location: str
) -> None:
    """Run the commands in one bash script, so that variables carry over."""
    script = ["set -uo pipefail", "exec </dev/null"]
    for command in commands:
        quoted = shlex.quote(f"command failed: {command}")
        script.append(f"{command} || {{ echo {quoted} >&2; exit 1; }}")
    script_file = folder / "commands.sh"
    script_file.write_text("\n".join(script) + "\n", encoding="utf-8")

    bin_dir = str(Path(sys.executable).parent)
    environment = dict(
        os.environ,
        PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
        VSD_API_URL=simulator.url,
        VSD_USERNAME=simulator.username,
        VSD_PASSWORD=simulator.password,
        VSD_ENTERPRISE=simulator.enterprise,
    )
    result = subprocess.run(
        ["bash", str(script_file)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{location}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("page", HAND_WRITTEN_PAGES, ids=page_id)
def test_guide_page_examples_run(
    page: Path,
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    simulator.reset()
    for name in EXAMPLE_FILES:
        (tmp_path / name).touch()
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    shell_commands: list[str] = []
    try:
        for block in read_blocks(page):
            if block.language == "python" and block.caption.startswith("test_"):
                run_test_file(block, tmp_path)
            elif block.language == "python":
                run_python(block, namespace, simulator.url)
            elif block.language == "pycon":
                run_doctest(block, namespace, simulator.url)
            elif block.language == "console":
                shell_commands += runnable_commands(block)
        if shell_commands:
            if any("jq " in command for command in shell_commands):
                if shutil.which("jq") is None:
                    pytest.skip("the shell examples use jq, which is not installed")
            run_shell_commands(shell_commands, simulator, tmp_path, page_id(page))
    finally:
        for value in namespace.values():
            if isinstance(value, Session):
                value.close()


@pytest.mark.parametrize("page", HAND_WRITTEN_PAGES, ids=page_id)
def test_guide_page_blocks_all_parsed(page: Path) -> None:
    blocks = read_blocks(page)
    assert len(blocks) == count_directives(page)
    for block in blocks:
        known = RUN_LANGUAGES | SHOWN_LANGUAGES
        assert block.language in known, f"{block.location}: unknown language"
        assert block.code.strip(), f"{block.location}: empty code block"


@pytest.mark.parametrize("name", PAGES_WITH_EXAMPLES)
def test_guide_page_has_run_examples(name: str) -> None:
    page = DOCS_DIR / name
    assert page.is_file(), f"docs/{name} is missing"
    run = [
        block
        for block in read_blocks(page)
        if block.language in ("python", "pycon") or runnable_commands(block)
    ]
    assert run, f"docs/{name} has no example that this suite runs"
