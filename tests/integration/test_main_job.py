"""The main job, examples/domain_job.py, end to end against the simulator."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "domain_job.py"


def load_example():
    spec = importlib.util.spec_from_file_location("domain_job", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settings_of(simulator) -> dict[str, str]:
    return {
        "api_url": simulator.url,
        "username": simulator.username,
        "password": simulator.password,
        "enterprise": simulator.enterprise,
    }


@pytest.mark.parametrize("version", ["6", "5.0", "3.2"])
def test_main_job_succeeds_per_version(vsd_simulator, capsys, version):
    vsd_simulator.reset()
    example = load_example()
    arguments = example.parse_arguments(
        ["--api-version", version, "--interval", "0.01"]
    )

    status = example.run_job(arguments, settings_of(vsd_simulator))

    output = capsys.readouterr().out
    assert status == example.EXIT_SUCCESS
    assert "Created NUEnterprise 'nuagesdk-demo'" in output
    assert "Created NUDomain 'demo-domain'" in output
    assert "ended SUCCESS" in output


def test_main_job_reuses_existing_objects(vsd_simulator, capsys):
    vsd_simulator.reset()
    example = load_example()
    arguments = example.parse_arguments(["--interval", "0.01"])
    example.run_job(arguments, settings_of(vsd_simulator))
    capsys.readouterr()

    status = example.run_job(
        example.parse_arguments(
            ["--interval", "0.01", "--command", "APPLY_POLICY_CHANGES"]
        ),
        settings_of(vsd_simulator),
    )

    output = capsys.readouterr().out
    assert status == example.EXIT_SUCCESS
    assert "Found NUEnterprise 'nuagesdk-demo'" in output
    assert "Found NUDomain 'demo-domain'" in output


def test_main_job_sets_policy_change_status(vsd_simulator):
    vsd_simulator.reset()
    example = load_example()
    arguments = example.parse_arguments(["--interval", "0.01"])

    example.run_job(arguments, settings_of(vsd_simulator))

    session = vsd_simulator.session(version="6")
    domain = session.user.domains.get_first(filter='name == "demo-domain"')
    assert domain.policy_change_status == "STARTED"


def test_main_job_rejected_command_exits_1(capsys, monkeypatch):
    monkeypatch.delenv("VSD_API_URL", raising=False)
    example = load_example()

    status = example.main(["--command", "RELOAD", "--interval", "0.01"])

    assert status == example.EXIT_FAILED
    assert "RELOAD" in capsys.readouterr().err


def test_main_job_script_runs_with_simulator():
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--interval", "0.05"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(EXAMPLE.parents[1])},
    )

    assert result.returncode == 0, result.stderr
    assert "embedded VSD simulator" in result.stdout
    assert "ended SUCCESS" in result.stdout
