"""Spec merging, the class model and the files the generator writes."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from nuagesdk.codegen import generate
from nuagesdk.codegen.model import build_package_model, typed_default
from nuagesdk.codegen.specs import load_spec_set, normalize_type
from nuagesdk.rest import Attribute

from .conftest import SpecFolderFactory
from .spec_builders import attribute, child, minimal_specs, spec


@pytest.fixture
def import_generated(tmp_path: Path) -> Iterator:
    """Import a package generated under ``tmp_path`` and forget it afterwards."""
    sys.path.insert(0, str(tmp_path))
    imported: list[str] = []

    def load(package_name: str):
        imported.append(package_name)
        return importlib.import_module(package_name)

    yield load

    sys.path.remove(str(tmp_path))
    for name in list(sys.modules):
        if any(name == p or name.startswith(p + ".") for p in imported):
            del sys.modules[name]


def entity(spec_set, rest_name: str):
    return next(e for e in spec_set.entities if e.rest_name == rest_name)


def test_merge_own_attribute_wins(make_spec_folder: SpecFolderFactory) -> None:
    specs = minimal_specs()
    specs["enterprise"]["attributes"].append(attribute("externalID", read_only=True))
    spec_set = load_spec_set(make_spec_folder(specs))

    merged = entity(spec_set, "enterprise")
    external = [a for a in merged.attributes if a.remote_name == "externalID"]
    assert len(external) == 1
    assert external[0].read_only is True
    assert external[0].unique is False


def test_merge_first_extension_wins(make_spec_folder: SpecFolderFactory) -> None:
    specs = minimal_specs()
    specs["@audited"] = {
        "model": {"extends": []},
        "attributes": [attribute("externalID", filterable=True)],
        "children": [child("metadata", get=True)],
    }
    specs["metadata"] = spec("metadata", "Metadata")
    specs["enterprise"]["model"]["extends"] = ["@audited", "@base"]
    spec_set = load_spec_set(make_spec_folder(specs))

    merged = entity(spec_set, "enterprise")
    external = [a for a in merged.attributes if a.remote_name == "externalID"]
    assert len(external) == 1
    assert external[0].filterable is True
    assert [c.rest_name for c in merged.children] == ["job", "metadata"]


def test_merge_model_key_only_when_null(make_spec_folder: SpecFolderFactory) -> None:
    specs = minimal_specs()
    specs["@base"]["model"].update({"userlabel": "Base", "template": True})
    specs["enterprise"]["model"]["userlabel"] = "Enterprise"
    spec_set = load_spec_set(make_spec_folder(specs))

    merged = entity(spec_set, "enterprise")
    assert merged.userlabel == "Enterprise"
    assert merged.is_template is True


def test_abstract_spec_makes_no_class(make_spec_folder: SpecFolderFactory) -> None:
    spec_set = load_spec_set(make_spec_folder())

    assert sorted(e.file_name for e in spec_set.entities) == ["enterprise", "job", "me"]


@pytest.mark.parametrize(
    ("spec_type", "expected"),
    [
        ("string", "string"),
        ("enumeration", "enum"),
        ("bool", "boolean"),
        ("int", "integer"),
        ("datetime", "time"),
        ("long", "float"),
        ("double", "float"),
        ("array", "list"),
        ("stringArray", "list"),
        ("dict", "object"),
        ("blob", "string"),
    ],
)
def test_normalize_type_synonyms(spec_type: str, expected: str) -> None:
    assert normalize_type(spec_type) == expected


@pytest.mark.parametrize(
    ("python_type", "value", "expected"),
    [
        ("bool", "true", True),
        ("bool", "false", False),
        ("int", "-1", -1),
        ("int", 90, 90),
        ("float", "8.0", 8.0),
        ("str", "0", "0"),
        ("list", "false", "false"),
        ("int", "many", "many"),
    ],
)
def test_typed_default_conversion(
    python_type: str, value: object, expected: object
) -> None:
    assert typed_default(python_type, value) == expected


def test_model_constants_sanitised_and_deduplicated(
    make_spec_folder: SpecFolderFactory,
) -> None:
    specs = minimal_specs()
    choices = ["FORWARD ", "DROP ", "DROP", "Static"]
    specs["job"]["attributes"].append(
        attribute("action", "enum", allowed_choices=choices)
    )
    package = build_package_model(load_spec_set(make_spec_folder(specs)))

    job = next(m for m in package.classes if m.rest_name == "job")
    constants = dict(job.constants)
    assert constants["CONST_ACTION_DROP"] == "DROP"
    assert constants["CONST_ACTION_FORWARD"] == "FORWARD "
    assert constants["CONST_ACTION_STATIC"] == "Static"
    assert len([name for name in constants if name.startswith("CONST_ACTION_")]) == 3


def test_model_keyword_attribute_renamed(make_spec_folder: SpecFolderFactory) -> None:
    specs = minimal_specs()
    specs["job"]["attributes"].append(attribute("class"))
    package = build_package_model(load_spec_set(make_spec_folder(specs)))

    job = next(m for m in package.classes if m.rest_name == "job")
    assert "class_" in [a.local_name for a in job.attributes]


def test_model_parents_sorted_any_relationship(
    make_spec_folder: SpecFolderFactory,
) -> None:
    specs = minimal_specs()
    specs["me"]["children"].append(child("job", "member", get=True))
    package = build_package_model(load_spec_set(make_spec_folder(specs)))

    job = next(m for m in package.classes if m.rest_name == "job")
    assert job.parents == ("enterprise", "me")
    assert job.parent_classes == ("NUEnterprise", "NUMe")


def test_generated_package_imports(
    make_spec_folder: SpecFolderFactory, tmp_path: Path, import_generated
) -> None:
    specs = minimal_specs()
    specs["job"]["attributes"].append(attribute("isSaaSType", "boolean"))
    generate(make_spec_folder(specs), tmp_path / "genpkg_small")

    package = import_generated("genpkg_small")
    assert package.API.version == "9.1"
    assert package.NUMe.__rest_name__ == "me"
    assert package.NUEnterprise.__parents__ == ("me",)
    assert package.NUEnterprise.__operations__ == frozenset({"get", "update", "delete"})
    assert isinstance(vars(package.NUEnterprise)["external_id"], Attribute)
    assert package.NUJob.CONST_COMMAND_EXPORT == "EXPORT"
    assert package.NUJob.is_saa_s_type is package.NUJob.is_saas_type
    assert package.NUVSDSession.root_object_class is package.NUMe


def test_generated_files_start_with_header(
    make_spec_folder: SpecFolderFactory, tmp_path: Path
) -> None:
    result = generate(make_spec_folder(), tmp_path / "v9", tmp_path / "docs" / "v9")

    for path in result.modules:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == (
            "# Generated by `python -m nuagesdk.codegen specs/specs --out nuagesdk/v9`."
        )
        assert lines[1] == "# Do not edit by hand."
    for path in result.pages:
        assert path.read_text(encoding="utf-8").startswith(".. Generated by `python -m")


def test_generate_removes_stale_generated_files(
    make_spec_folder: SpecFolderFactory, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    generate(make_spec_folder(name="first"), out_dir)
    (out_dir / "handwritten.py").write_text("VALUE = 1\n", encoding="utf-8")

    specs = minimal_specs()
    del specs["job"]
    specs["enterprise"]["children"] = []
    generate(make_spec_folder(specs, name="second"), out_dir)

    assert not (out_dir / "nujob.py").exists()
    assert (out_dir / "nuenterprise.py").exists()
    assert (out_dir / "handwritten.py").exists()


def test_generate_is_deterministic(
    make_spec_folder: SpecFolderFactory, tmp_path: Path
) -> None:
    folder = make_spec_folder()
    first = generate(folder, tmp_path / "a" / "pkg", tmp_path / "a" / "docs")
    second = generate(folder, tmp_path / "b" / "pkg", tmp_path / "b" / "docs")

    for one, other in zip(first.modules + first.pages, second.modules + second.pages):
        assert one.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")


def test_no_spec_description_in_output(
    make_spec_folder: SpecFolderFactory, tmp_path: Path
) -> None:
    specs = minimal_specs()
    specs["job"]["model"]["description"] = "Runs a lengthy VSD task."
    specs["job"]["attributes"][0]["description"] = "Name of the command to run."
    result = generate(make_spec_folder(specs), tmp_path / "pkg", tmp_path / "docs")

    for path in result.modules + result.pages:
        text = path.read_text(encoding="utf-8")
        assert "lengthy VSD task" not in text
        assert "command to run" not in text


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_generated_code_is_ruff_formatted(
    make_spec_folder: SpecFolderFactory, tmp_path: Path
) -> None:
    specs = minimal_specs()
    long_choices = [f"VERY_LONG_CHOICE_NUMBER_{index}" for index in range(30)]
    specs["job"]["attributes"] += [
        attribute(
            "someRatherLongAttributeNameForLayout", "enum", allowed_choices=long_choices
        ),
        attribute("shortChoices", "enum", allowed_choices=["A", "B"], required=True),
        attribute(
            "allowedCharacters", allowed_chars="Starts with 'wlan'", max_length=32
        ),
    ]
    out_dir = tmp_path / "pkg"
    generate(make_spec_folder(specs), out_dir)

    finished = subprocess.run(
        ["ruff", "format", "--isolated", "--check", "--diff", str(out_dir)],
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout
