"""Command line of the generator: arguments, exit status and error messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nuagesdk.codegen.__main__ import main

from .conftest import SpecFolderFactory
from .spec_builders import attribute, child, minimal_specs, spec


def run_cli(*arguments: str | Path) -> int:
    return main([str(argument) for argument in arguments])


def test_cli_generates_package_and_pages(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = make_spec_folder()
    out_dir = tmp_path / "pkg"
    docs_dir = tmp_path / "docs"

    status = run_cli(folder, "--out", out_dir, "--docs", docs_dir)

    assert status == 0
    assert sorted(p.name for p in out_dir.glob("*.py")) == [
        "__init__.py",
        "nuenterprise.py",
        "nujob.py",
        "nume.py",
        "nuvsdsession.py",
    ]
    assert sorted(p.name for p in docs_dir.glob("*.rst")) == [
        "index.rst",
        "nuenterprise.rst",
        "nujob.rst",
        "nume.rst",
    ]
    output = capsys.readouterr().out
    assert "wrote 5 modules" in output
    assert "wrote 4 pages" in output


def test_cli_missing_spec_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status = run_cli(tmp_path / "absent", "--out", tmp_path / "out")

    assert status == 2
    error = capsys.readouterr().err
    assert "spec folder not found" in error
    assert "absent" in error
    assert "Traceback" not in error


def test_cli_missing_api_info(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = make_spec_folder(api_info=None)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert "api.info is missing" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_api_info_without_root(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = make_spec_folder(api_info={"version": "6", "prefix": "nuage/api"})

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert '"root" is missing' in capsys.readouterr().err


def test_cli_spec_with_invalid_json(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["enterprise"] = '{"model": {"rest_name": "enterprise",}'
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    error = capsys.readouterr().err
    assert "enterprise.spec" in error
    assert "invalid JSON at line 1" in error


@pytest.mark.parametrize(
    ("broken_spec", "message"),
    [
        ({"attributes": []}, 'the "model" object is missing'),
        ([1, 2], "expected a JSON object, found list"),
        (
            spec("enterprise", "Enterprise", [{"type": "string"}]),
            'attributes[0]: "name" is missing or empty',
        ),
        (
            spec("enterprise", "Enterprise", [{"name": "label"}]),
            'attributes[0] ("label"): "type" is missing or empty',
        ),
        (
            spec("enterprise", "Enterprise", [attribute("name", required="yes")]),
            "attributes[0] (\"name\").required must be a bool or null, found str 'yes'",
        ),
        (
            spec("enterprise", "Enterprise", [attribute("port", max_value="10")]),
            'attributes[0] ("port").max_value must be a number or null',
        ),
        (
            spec("enterprise", "Enterprise", children=[child("job", "parent")]),
            "children[0] (\"job\").relationship is 'parent'",
        ),
        (spec("enterprise", None), "model.entity_name is missing"),
        (
            spec("enterprise", "Enterprise", extends=["@audited"]),
            'model.extends names "@audited", but the folder has no @audited.spec',
        ),
        (
            spec("enterprise", "Enterprise", attributes="name"),
            '"attributes" must be a list of JSON objects',
        ),
    ],
)
def test_cli_malformed_spec_named(
    make_spec_folder: SpecFolderFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    broken_spec: object,
    message: str,
) -> None:
    specs = minimal_specs()
    specs["enterprise"] = broken_spec
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    error = capsys.readouterr().err
    assert f"{folder / 'enterprise.spec'}: " in error
    assert message in error


def test_cli_unknown_child_rest_name(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["job"]["children"] = [child("ghost", get=True)]
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    error = capsys.readouterr().err
    assert "job.spec" in error
    assert 'child "ghost" is not the REST name of any spec' in error


def test_cli_duplicate_rest_name(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["otherjob"] = spec("job", "OtherJob")
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert 'job.spec and otherjob.spec both have the REST name "job"' in (
        capsys.readouterr().err
    )


def test_cli_duplicate_module_name(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["jobcopy"] = spec("jobcopy", "JOB")
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert "would both be written to nujob.py" in capsys.readouterr().err


def test_cli_attribute_clashes_with_fetcher(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["enterprise"]["attributes"].append(attribute("jobs", "list"))
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    error = capsys.readouterr().err
    assert "enterprise.spec" in error
    assert (
        'attribute "jobs" and child "job" both become the Python name \'jobs\'' in error
    )


def test_cli_extends_cycle(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = minimal_specs()
    specs["@base"]["model"]["extends"] = ["@other"]
    specs["@other"] = {"model": {"extends": ["@base"]}, "attributes": []}
    folder = make_spec_folder(specs)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert "extends this spec again" in capsys.readouterr().err


def test_cli_unknown_root(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    api_info = {"version": "6", "prefix": "nuage/api", "root": "root"}
    folder = make_spec_folder(api_info=api_info)

    status = run_cli(folder, "--out", tmp_path / "out")

    assert status == 2
    assert 'api.info names the root "root"' in capsys.readouterr().err


def test_cli_requires_out_option(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        run_cli(tmp_path)

    assert raised.value.code == 2


def test_cli_module_exits_without_traceback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "nuagesdk.codegen", str(tmp_path / "absent")]
    command += ["--out", str(tmp_path / "out")]
    finished = subprocess.run(command, capture_output=True, text=True)

    assert finished.returncode == 2
    assert finished.stderr.startswith("error: spec folder not found")
    assert "Traceback" not in finished.stderr
