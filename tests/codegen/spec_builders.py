"""Builders of small spec files for the generator tests."""

from __future__ import annotations

from typing import Any


def attribute(name: str, type_name: str = "string", **keys: Any) -> dict[str, Any]:
    """Return a spec attribute entry with the keys that every VSD spec has."""
    entry = {
        "name": name,
        "type": type_name,
        "description": None,
        "subtype": None,
        "allowed_choices": None,
        "default_value": None,
        "required": False,
        "read_only": False,
        "filterable": False,
        "orderable": False,
    }
    entry.update(keys)
    return entry


def child(rest_name: str, relationship: str = "child", **flags: bool) -> dict[str, Any]:
    """Return a spec child entry."""
    return {"rest_name": rest_name, "relationship": relationship, **flags}


def spec(
    rest_name: str | None,
    entity_name: str,
    attributes: list[dict[str, Any]] | None = None,
    children: list[dict[str, Any]] | None = None,
    **model: Any,
) -> dict[str, Any]:
    """Return a spec with a model of the usual keys."""
    return {
        "model": {
            "rest_name": rest_name,
            "resource_name": f"{rest_name}s" if rest_name else None,
            "entity_name": entity_name,
            "description": None,
            "extends": [],
            **model,
        },
        "attributes": attributes or [],
        "children": children or [],
    }


def minimal_specs() -> dict[str, Any]:
    """Return a root, an enterprise and a job, with one abstract spec."""
    return {
        "@base": {
            "model": {"rest_name": None, "entity_name": None, "extends": []},
            "attributes": [attribute("externalID", unique=True)],
            "children": [],
        },
        "me": spec(
            "me",
            "Me",
            [attribute("userName")],
            [child("enterprise", "root", get=True, create=True)],
            root=True,
            extends=["@base"],
        ),
        "enterprise": spec(
            "enterprise",
            "Enterprise",
            [attribute("name", required=True)],
            [child("job", create=True)],
            get=True,
            update=True,
            delete=True,
            extends=["@base"],
        ),
        "job": spec(
            "job",
            "Job",
            [attribute("command", "enum", allowed_choices=["EXPORT", "IMPORT"])],
            get=True,
        ),
    }
