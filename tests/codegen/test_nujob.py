"""NUJob of API 3.2 against vspk's reference page of the same class.

The expected lists are kept here so the test runs anywhere. When a copy of
the reference page sits beside the repository, it is parsed and compared too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nuagesdk.rest import Attribute, Children
from nuagesdk.v3_2 import API, NUJob

REFERENCE_PAGE = Path(__file__).parents[2].parent / "shared" / "seed" / "nujob.rst"

EXPECTED_ATTRIBUTES = [
    "assoc_entity_type",
    "command",
    "entity_scope",
    "external_id",
    "last_updated_by",
    "parameters",
    "progress",
    "result",
    "status",
]
EXPECTED_FETCHERS = ["global_metadatas", "metadatas"]
EXPECTED_PARENT_CLASSES = [
    "NUApp",
    "NUDomain",
    "NUDomainTemplate",
    "NUEgressACLEntryTemplate",
    "NUEgressACLTemplate",
    "NUEnterprise",
    "NUGateway",
    "NUHSC",
    "NUIngressACLEntryTemplate",
    "NUIngressACLTemplate",
    "NUIngressAdvFwdEntryTemplate",
    "NUIngressAdvFwdTemplate",
    "NUIngressExternalServiceTemplate",
    "NUIngressExternalServiceTemplateEntry",
    "NUL2Domain",
    "NUL2DomainTemplate",
    "NUMe",
    "NUNSGateway",
    "NUPolicyGroup",
    "NUPolicyGroupTemplate",
    "NURedirectionTarget",
    "NURedirectionTargetTemplate",
    "NUVCenterHypervisor",
    "NUVRS",
    "NUVSC",
    "NUVSD",
]


def declared_attributes(cls: type) -> list[str]:
    return sorted(n for n, v in vars(cls).items() if isinstance(v, Attribute))


def declared_fetchers(cls: type) -> list[str]:
    return sorted(n for n, v in vars(cls).items() if isinstance(v, Children))


def parent_classes(cls: type) -> list[str]:
    return sorted(API.class_for_rest_name(name).__name__ for name in cls.__parents__)


def parse_reference_page(text: str) -> dict[str, list[str]]:
    """Read attribute, fetcher and parent names from a vspk reference page."""
    sections = re.split(r"^(\w[\w ]*)\n-{3,}\n", text, flags=re.MULTILINE)
    by_title = dict(zip(sections[1::2], sections[2::2]))
    attributes = re.findall(r"^- ``(\w+)``", by_title["Attributes"], re.MULTILINE)
    fetchers = re.findall(r"``(\w+)``", by_title["Children"])
    parents = re.findall(r":ref:`\w+\.(NU\w+)<", by_title["Parents"])
    return {
        "attributes": sorted(attributes),
        "fetchers": sorted(fetchers),
        "parents": sorted(parents),
    }


def test_nujob_declares_expected_attributes() -> None:
    assert declared_attributes(NUJob) == EXPECTED_ATTRIBUTES


def test_nujob_declares_expected_fetchers() -> None:
    assert declared_fetchers(NUJob) == EXPECTED_FETCHERS


def test_nujob_has_26_expected_parents() -> None:
    assert len(NUJob.__parents__) == 26
    assert parent_classes(NUJob) == EXPECTED_PARENT_CLASSES


def test_nujob_fetcher_relationships() -> None:
    assert NUJob.metadatas.rest_name == "metadata"
    assert NUJob.metadatas.relationship == "child"
    assert NUJob.global_metadatas.rest_name == "globalmetadata"
    assert NUJob.global_metadatas.relationship == "child"


def test_nujob_command_is_required_enum() -> None:
    command = NUJob.command
    assert command.remote_name == "command"
    assert command.required is True
    assert command.choices is not None
    assert len(command.choices) == 26
    assert list(command.choices) == sorted(command.choices)


@pytest.mark.skipif(not REFERENCE_PAGE.is_file(), reason="reference page not present")
def test_nujob_matches_reference_page() -> None:
    expected = parse_reference_page(REFERENCE_PAGE.read_text(encoding="utf-8"))

    assert expected["attributes"] == EXPECTED_ATTRIBUTES
    assert expected["fetchers"] == EXPECTED_FETCHERS
    assert expected["parents"] == EXPECTED_PARENT_CLASSES
    assert declared_attributes(NUJob) == expected["attributes"]
    assert declared_fetchers(NUJob) == expected["fetchers"]
    assert parent_classes(NUJob) == expected["parents"]
