"""The committed API packages: one class per entity spec, names and metadata."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nuagesdk.rest import (
    Attribute,
    AttributeAlias,
    ChildrenAlias,
    RESTObject,
    RESTRootObject,
)
from nuagesdk.rest.jobs import JobMixin

SPECS_DIR = Path(__file__).parents[2].parent / "shared" / "specs"
VERSIONS = ["v3_2", "v5_0", "v6"]

# Entity specs (file names without "@") of each version.
CLASS_COUNTS = {"v3_2": 132, "v5_0": 265, "v6": 322}

V6_PAYLOAD_CLASSES = [
    "NUAllocationPool",
    "NUBandwidthTestResult",
    "NUCertificateMetadata",
    "NUDownloadProgress",
    "NUForwardingClass",
    "NUMTUDiscoveryTestResult",
    "NUSysmonUplinkConnection",
    "NUTCPConnectTestResult",
    "NUThreatPreventionNodeInfo",
    "NUUDPProbeTestResult",
    "NUVPortInfo",
]


def load_package(version: str):
    return importlib.import_module(f"nuagesdk.{version}")


def entity_specs(version: str) -> dict[str, dict]:
    """Return the model of every entity spec of a version, by file name."""
    models = {}
    for path in sorted((SPECS_DIR / version).glob("*.spec")):
        if not path.name.startswith("@"):
            models[path.stem] = json.loads(path.read_text(encoding="utf-8"))["model"]
    return models


@pytest.mark.parametrize("version", VERSIONS)
def test_package_class_count(version: str) -> None:
    package = load_package(version)

    assert len(package.API.classes) == CLASS_COUNTS[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_package_every_class_loads(version: str) -> None:
    package = load_package(version)

    for class_name, (module_name, rest_name) in package.API.classes.items():
        cls = getattr(package, class_name)
        assert cls.__name__ == class_name
        assert cls.__module__ == f"nuagesdk.{version}.{module_name}"
        assert cls.__rest_name__ == rest_name
        assert issubclass(cls, RESTObject)


@pytest.mark.skipif(not SPECS_DIR.is_dir(), reason="spec folders not present")
@pytest.mark.parametrize("version", VERSIONS)
def test_package_one_class_per_spec(version: str) -> None:
    package = load_package(version)
    models = entity_specs(version)

    expected = {"NU" + m["entity_name"]: m["rest_name"] for m in models.values()}
    actual = {name: rest for name, (_, rest) in package.API.classes.items()}
    assert len(models) == CLASS_COUNTS[version]
    assert actual == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_package_exports_session_class(version: str) -> None:
    package = load_package(version)

    assert "NUVSDSession" in package.__all__
    assert sorted(package.__all__) == package.__all__
    assert package.NUVSDSession.root_object_class is package.NUMe
    assert package.NUVSDSession.api_prefix == "nuage/api"


def test_package_versions_and_segments() -> None:
    assert load_package("v3_2").API.version == "3.2"
    assert load_package("v5_0").API.version == "5.0"
    assert load_package("v6").API.version == "6"
    assert load_package("v5_0").API.url_segment == "v5_0"


def test_v6_payload_classes_have_no_rest_name() -> None:
    package = load_package("v6")
    payloads = sorted(n for n, (_, rest) in package.API.classes.items() if not rest)

    assert payloads == V6_PAYLOAD_CLASSES
    for class_name in V6_PAYLOAD_CLASSES:
        cls = getattr(package, class_name)
        assert cls.__rest_name__ is None
        assert cls.__resource_name__ is None


def test_package_import_loads_no_entity_module() -> None:
    code = (
        "import sys, nuagesdk.v6\n"
        "print([m for m in sys.modules if m.startswith('nuagesdk.v6.')])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert output.stdout.strip() == "[]"


@pytest.mark.parametrize("version", VERSIONS)
def test_package_base_classes(version: str) -> None:
    package = load_package(version)

    assert issubclass(package.NUMe, RESTRootObject)
    assert issubclass(package.NUJob, JobMixin)
    assert not issubclass(package.NUEnterprise, RESTRootObject)
    assert not issubclass(package.NUEnterprise, JobMixin)


def test_publicnetworkmacro_uses_spec_rest_name() -> None:
    package = load_package("v3_2")

    assert package.NUPublicNetworkMacro.__rest_name__ == "publicnetwork"
    assert (
        package.API.class_for_rest_name("publicnetwork") is package.NUPublicNetworkMacro
    )


def test_v6_job_class_metadata() -> None:
    job = load_package("v6").NUJob

    assert job.__resource_name__ == "jobs"
    assert job.__entity_name__ == "Job"
    assert job.__operations__ == frozenset({"get", "update", "delete"})
    assert job.__is_template__ is False
    assert job.__allowed_job_commands__ == ()
    assert "domain" in job.__parents__
    assert list(job.__parents__) == sorted(job.__parents__)


def test_v6_domain_allowed_job_commands() -> None:
    domain = load_package("v6").NUDomain

    assert domain.__allowed_job_commands__ == (
        "APPLY_POLICY_CHANGES",
        "BEGIN_POLICY_CHANGES",
        "DISCARD_POLICY_CHANGES",
        "EXPORT",
        "IMPORT",
    )


def test_v6_template_flag() -> None:
    package = load_package("v6")

    assert package.NUDomainTemplate.__is_template__ is True
    assert package.NUDomain.__is_template__ is False


def test_v6_time_attributes_are_floats() -> None:
    job = load_package("v6").NUJob

    assert job.creation_date.type is float
    assert job.creation_date.subtype == "time"
    assert job.creation_date.remote_name == "creationDate"
    assert job.last_updated_date.type is float


def test_v6_list_attribute_keeps_subtype() -> None:
    job = load_package("v6").NUJob

    assert job.embedded_metadata.type is list
    assert job.embedded_metadata.subtype == "Metadata"


def test_metadata_global_attribute_name() -> None:
    for version in VERSIONS:
        metadata = load_package(version).NUMetadata
        assert metadata.global_metadata.remote_name == "global"


def test_saas_attribute_alias() -> None:
    group_class = load_package("v6").NUNetworkMacroGroup
    group = group_class()

    assert isinstance(vars(group_class)["is_saa_s_type"], AttributeAlias)
    assert group_class.is_saa_s_type is group_class.is_saas_type
    group.is_saa_s_type = True
    assert group.is_saas_type is True
    assert group.to_dict()["isSaaSType"] is True


def test_saas_fetcher_alias() -> None:
    enterprise_class = load_package("v6").NUEnterprise

    assert isinstance(vars(enterprise_class)["saa_s_application_types"], ChildrenAlias)
    alias = enterprise_class.saa_s_application_types
    assert alias is enterprise_class.saas_application_types
    assert alias.rest_name == "saasapplicationtype"


@pytest.mark.parametrize(
    ("version", "class_name", "constant", "value"),
    [
        ("v6", "NUDomain", "CONST_TUNNEL_TYPE_MPLSOUDP", "MPLSoUDP"),
        ("v6", "NUMe", "CONST_ENTITY_SCOPE_GLOBAL", "GLOBAL"),
        ("v6", "NUJob", "CONST_COMMAND_BEGIN_POLICY_CHANGES", "BEGIN_POLICY_CHANGES"),
        ("v6", "NUBRConnection", "CONST_MODE_STATIC", "Static"),
        ("v6", "NUDiskStat", "CONST_UNIT_BYTES", "Bytes"),
        (
            "v6",
            "NUGroupKeyEncryptionProfile",
            "CONST_SEED_PAYLOAD_SIGNING_ALGORITHM_SHA512WITHRSA",
            "SHA512withRSA",
        ),
        ("v3_2", "NUJob", "CONST_STATUS_RUNNING", "RUNNING"),
    ],
)
def test_constant_values(
    version: str, class_name: str, constant: str, value: str
) -> None:
    cls = getattr(load_package(version), class_name)

    assert getattr(cls, constant) == value


@pytest.mark.parametrize("version", VERSIONS)
def test_every_choice_has_constant(version: str) -> None:
    package = load_package(version)

    for cls in package.API.iter_classes():
        for name, value in vars(cls).items():
            if not isinstance(value, Attribute) or value.choices is None:
                continue
            assert list(value.choices) == sorted(value.choices)
            for choice in value.choices:
                constant = f"CONST_{name.upper()}_{choice.upper()}"
                assert getattr(cls, constant) == choice, (cls.__name__, constant)
