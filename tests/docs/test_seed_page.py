"""The generated v3_2 NUJob page against vspk's page of the same class.

The expected names are kept here as literal lists, so the page is checked
even where vspk's page is not at hand. When a copy of vspk's page sits
beside the repository, it is parsed and compared as well.
"""

from __future__ import annotations

import re

import pytest

from .guide_blocks import DOCS_DIR

GENERATED_PAGE = DOCS_DIR / "reference" / "v3_2" / "nujob.rst"
VSPK_PAGE = DOCS_DIR.parents[1] / "shared" / "seed" / "nujob.rst"

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
EXPECTED_CHILDREN = {
    "NUGlobalMetadata": "global_metadatas",
    "NUMetadata": "metadatas",
}
EXPECTED_PARENTS = [
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


def split_sections(text: str) -> dict[str, str]:
    """Return the text under each ``Title`` / ``-----`` heading, keyed by title."""
    parts = re.split(r"^(\w[\w ]*)\n-{3,}\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def parse_generated_page(text: str) -> dict:
    """Read attribute names, children with fetchers, and parents from our page."""
    sections = split_sections(text)
    attribute_rows = re.findall(r"^   \* - ``(\w+)``", sections["Attributes"], re.M)
    children = re.findall(
        r"^   \* - :ref:`(NU\w+) <[^>]+>`\n     - ``(\w+)``", sections["Children"], re.M
    )
    parents = re.findall(r"^- :ref:`(NU\w+) <v3_2-nu\w+>`", sections["Parents"], re.M)
    return {
        "attributes": attribute_rows,
        "children": dict(children),
        "parents": parents,
    }


def parse_vspk_page(text: str) -> dict:
    """Read attribute names, children with fetchers, and parents from vspk's page."""
    sections = split_sections(text)
    attributes = re.findall(r"^- ``(\w+)``", sections["Attributes"], re.M)
    children = re.findall(
        r":ref:`\w+\.(NU\w+)<\w+>`\s+``(\w+)``", sections["Children"], re.M
    )
    parents = re.findall(r":ref:`\w+\.(NU\w+)<\w+>`", sections["Parents"])
    return {
        "attributes": sorted(attributes),
        "children": dict(children),
        "parents": sorted(parents),
    }


@pytest.fixture(scope="module")
def generated() -> dict:
    return parse_generated_page(GENERATED_PAGE.read_text(encoding="utf-8"))


def test_nujob_page_lists_expected_attributes(generated: dict) -> None:
    assert generated["attributes"] == EXPECTED_ATTRIBUTES


def test_nujob_page_lists_children_fetchers(generated: dict) -> None:
    assert generated["children"] == EXPECTED_CHILDREN


def test_nujob_page_lists_26_parents(generated: dict) -> None:
    assert len(generated["parents"]) == 26
    assert sorted(generated["parents"]) == EXPECTED_PARENTS


@pytest.mark.skipif(
    not VSPK_PAGE.is_file(), reason=f"vspk's page is not at {VSPK_PAGE}"
)
def test_nujob_page_matches_vspk_page(generated: dict) -> None:
    vspk = parse_vspk_page(VSPK_PAGE.read_text(encoding="utf-8"))

    assert vspk["attributes"] == EXPECTED_ATTRIBUTES
    assert vspk["children"] == EXPECTED_CHILDREN
    assert vspk["parents"] == EXPECTED_PARENTS
    assert len(vspk["parents"]) == 26
    assert sorted(generated["attributes"]) == vspk["attributes"]
    assert generated["children"] == vspk["children"]
    assert sorted(generated["parents"]) == vspk["parents"]
