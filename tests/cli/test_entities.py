"""Entity names resolved from the API model."""

from __future__ import annotations

from typing import Iterator

import pytest

from nuagesdk import v3_2, v6
from nuagesdk.cli.entities import child_declaration, resolve_entity
from nuagesdk.cli.errors import InputError
from nuagesdk.rest import RESTObject

from .conftest import Runner


class StubAPI:
    """An API package of a few entities, with the parts resolution uses."""

    version = "9"

    def __init__(self, *entities: tuple[str, str, str]) -> None:
        self._loaded = {}
        for class_name, rest_name, resource_name in entities:
            namespace = {
                "__rest_name__": rest_name,
                "__resource_name__": resource_name,
                "__entity_name__": class_name[2:],
            }
            self._loaded[class_name] = type(class_name, (RESTObject,), namespace)
        self.classes = {
            name: (name.lower(), cls.__rest_name__)
            for name, cls in self._loaded.items()
        }

    def load(self, class_name: str) -> type[RESTObject]:
        return self._loaded[class_name]

    def iter_classes(self) -> Iterator[type[RESTObject]]:
        return iter(self._loaded.values())


STUB_API = StubAPI(
    ("NUPolicy", "policy", "policies"),
    ("NUPolicyGroup", "policygroup", "policygroups"),
    ("NUPatch", "patch", "patches"),
    ("NUVPort", "vport", "vports"),
)


@pytest.mark.parametrize(
    ("name", "rest_name"),
    [
        ("policies", "policy"),
        ("policy", "policy"),
        ("Policies", "policy"),
        ("patches", "patch"),
        ("vports", "vport"),
        ("VPort", "vport"),
        ("Vport", "vport"),
        ("policygroups", "policygroup"),
    ],
)
def test_resolve_entity_irregular_plurals(name: str, rest_name: str) -> None:
    assert resolve_entity(STUB_API, name).__rest_name__ == rest_name


@pytest.mark.parametrize(
    ("name", "rest_name"),
    [
        ("patches", "patch"),
        ("patch", "patch"),
        ("routingpolicies", "routingpolicy"),
        ("policyentries", "policyentry"),
        ("vports", "vport"),
        ("VPort", "vport"),
        ("Vport", "vport"),
        ("vport", "vport"),
        ("NUVPort", "vport"),
        ("vrss", "vrs"),
        ("egress-acl-templates", "egressacltemplate"),
        ("egress_acl_templates", "egressacltemplate"),
        ("Enterprises", "enterprise"),
        ("me", "me"),
    ],
)
def test_resolve_entity_api6_names(name: str, rest_name: str) -> None:
    assert resolve_entity(v6.API, name).__rest_name__ == rest_name


def test_resolve_entity_policies_not_in_api6() -> None:
    # API 6 has no entity named "policy": the plural names nothing either,
    # and trimming letters must not pick policygroup or policyentry.
    with pytest.raises(InputError) as caught:
        resolve_entity(v6.API, "policies")
    assert "unknown entity 'policies'" in caught.value.format_message()
    assert "Did you mean" in caught.value.format_message()


def test_resolve_entity_suggests_close_name() -> None:
    with pytest.raises(InputError) as caught:
        resolve_entity(v6.API, "domian")
    message = caught.value.format_message()
    assert "unknown entity 'domian'" in message
    assert "Did you mean 'domain'" in message
    assert "nuage objects" in message


def test_resolve_entity_trimming_does_not_help() -> None:
    # "patche" is "patches" less its s: it names nothing.
    with pytest.raises(InputError) as caught:
        resolve_entity(v6.API, "patche")
    assert "Did you mean 'patch" in caught.value.format_message()


def test_resolve_entity_per_api_version() -> None:
    # In API 3.2 the PublicNetworkMacro entity has the REST name publicnetwork.
    by_resource = resolve_entity(v3_2.API, "publicnetworks")
    by_class = resolve_entity(v3_2.API, "PublicNetworkMacro")

    assert by_resource.__rest_name__ == "publicnetwork"
    assert by_class is by_resource


def test_child_declaration_wrong_parent() -> None:
    with pytest.raises(InputError) as caught:
        child_declaration(v6.NUEnterprise, v6.NUVPort, "list")
    message = caught.value.format_message()
    assert "vports are not children of enterprise" in message
    assert "domain" in message


def test_child_declaration_create_only_children() -> None:
    with pytest.raises(InputError) as caught:
        child_declaration(v6.NUDomain, v6.NUJob, "list")
    assert "does not list jobs under domain" in caught.value.format_message()


def test_list_command_resolves_plural_names(nuage: Runner, vsd: object) -> None:
    for name in ("enterprises", "Enterprise", "ENTERPRISES", "NUEnterprise"):
        result = nuage("--json", "list", name)
        assert result.status == 0, result.err
        assert [e["name"] for e in result.json()] == ["csp"]


def test_list_command_unknown_entity(nuage: Runner, vsd: object) -> None:
    result = nuage("list", "enterprize")

    assert result.status == 2
    assert result.out == ""
    assert "unknown entity 'enterprize'" in result.err
    assert "Did you mean 'enterprise" in result.err
    assert "Traceback" not in result.err
