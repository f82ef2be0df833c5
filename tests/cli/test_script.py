"""The installed ``nuage`` script, help texts, completion, the simulator and generator."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest

from nuagesdk.cli.app import cli

from ..codegen.spec_builders import minimal_specs
from .conftest import Runner

TIMEOUT = 30


def nuage_script() -> str:
    """Return the path of the installed console script."""
    beside_python = Path(sys.executable).with_name("nuage")
    found = str(beside_python) if beside_python.exists() else shutil.which("nuage")
    assert found, 'the nuage script is not installed: pip install -e ".[test]"'
    return found


def script_environment(**variables: str) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("VSD_")
    }
    environment.update(variables)
    return environment


def test_script_help_reads_well() -> None:
    result = subprocess.run(
        [nuage_script(), "--help"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=script_environment(COLUMNS="100"),
    )

    assert result.returncode == 0
    assert result.stdout.startswith("Usage: nuage [OPTIONS] COMMAND [ARGS]...")
    for command in cli.commands:
        assert f"\n  {command} " in result.stdout
    assert "_NUAGE_COMPLETE=bash_source nuage" in result.stdout
    assert result.stderr == ""


def all_command_paths() -> list[list[str]]:
    paths = []
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths.extend([name, sub] for sub in subcommands)
        paths.append([name])
    return paths


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_subcommand_help_has_usage(nuage: Runner, path: list[str]) -> None:
    result = nuage(*path, "--help")

    assert result.status == 0
    assert result.out.startswith(f"Usage: nuage {' '.join(path)}")
    assert result.err == ""


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_subcommand_options_have_help(path: list[str]) -> None:
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]

    assert command.help
    for option in command.params:
        if isinstance(option, click.Option):
            assert option.help, f"{' '.join(path)} {option.opts[0]} has no help"


def test_script_completion_source() -> None:
    result = subprocess.run(
        [nuage_script()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=script_environment(_NUAGE_COMPLETE="bash_source"),
    )

    assert result.returncode == 0
    assert "_nuage_completion" in result.stdout
    assert "complete " in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("nuage li", "list"),
        ("nuage list vpo", "vports"),
        ("nuage show enterpri", "enterprise"),
        ("nuage job run BEGIN_POL", "BEGIN_POLICY_CHANGES"),
        ("nuage simulator se", "serve"),
    ],
)
def test_script_completes_words(words: str, expected: str) -> None:
    result = subprocess.run(
        [nuage_script()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=script_environment(
            _NUAGE_COMPLETE="bash_complete",
            COMP_WORDS=words,
            COMP_CWORD=str(len(words.split()) - 1),
        ),
    )

    assert result.returncode == 0
    assert f"plain,{expected}\n" in result.stdout


def test_script_serves_simulator(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    server = subprocess.Popen(
        [nuage_script(), "--json", "simulator", "serve", "--port", "0",
         "--state", str(state_file), "--job-duration", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=script_environment(VSD_SIMULATOR_PASSWORD="lab-pass"),
    )  # fmt: skip
    try:
        assert server.stdout is not None
        announced = json.loads(server.stdout.readline())
        assert announced["url"].startswith("http://127.0.0.1:")
        assert announced["username"] == "csproot"
        assert announced["versions"] == ["6", "5.0", "3.2"]

        client = subprocess.run(
            [nuage_script(), "--json", "create", "enterprise", "-p", "name=acme"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=script_environment(
                VSD_API_URL=announced["url"],
                VSD_USERNAME="csproot",
                VSD_ENTERPRISE="csp",
                VSD_PASSWORD="lab-pass",
            ),
        )
        assert client.returncode == 0, client.stderr
        assert json.loads(client.stdout)["name"] == "acme"
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=TIMEOUT)

    assert server.returncode == 0, errors
    assert "Simulator stopped." in errors
    assert "acme" in state_file.read_text(encoding="utf-8")
    assert "lab-pass" not in errors


def test_serve_rejects_half_tls(nuage: Runner, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x", encoding="utf-8")

    result = nuage("simulator", "serve", "--port", "0", "--tls-cert", str(cert))

    assert result.status == 2
    assert "needs both --tls-cert and --tls-key" in result.err


def write_specs(folder: Path) -> Path:
    folder.mkdir()
    api_info = {"version": "9.1", "prefix": "nuage/api", "root": "me"}
    (folder / "api.info").write_text(json.dumps(api_info), encoding="utf-8")
    for name, data in minimal_specs().items():
        (folder / f"{name}.spec").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_generate_writes_package(nuage: Runner, tmp_path: Path) -> None:
    specs = write_specs(tmp_path / "specs")
    out = tmp_path / "v9_1"

    table = nuage("generate", str(specs), "--out", str(out))
    as_json = nuage("--json", "generate", str(specs), "--out", str(out))

    assert table.status == 0, table.err
    assert "wrote 5 modules" in table.out
    assert (out / "nuenterprise.py").exists()
    assert as_json.status == 0, as_json.err
    assert as_json.json()["modules"] == [
        "__init__.py", "nuenterprise.py", "nujob.py", "nume.py", "nuvsdsession.py",
    ]  # fmt: skip
    assert "wrote 5 modules" in as_json.err


def test_generate_missing_specs(nuage: Runner, tmp_path: Path) -> None:
    result = nuage("generate", str(tmp_path / "absent"), "--out", str(tmp_path / "o"))

    assert result.status == 2
    assert "spec folder not found" in result.err
    assert "Traceback" not in result.err
