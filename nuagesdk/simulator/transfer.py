"""Export of an object tree to JSON and import of such an export.

An export is::

    {"format": "nuagesdk-simulator-export", "formatVersion": 1, "apiVersion": "6",
     "object": {"restName": "domain", "attributes": {...},
                "children": [{"restName": "zone", "attributes": {...}, "children": []}]}}

``attributes`` contains the settable attributes that have a value; IDs,
parents, audit fields, read-only and secret values are left out, so an
import creates fresh objects. Jobs are not exported.

NOTE: a VSD export has its own, undocumented layout; this one is the
simulator's and round-trips only through the simulator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .errors import APIError
from .store import SERVER_ATTRIBUTES, Record, Store, new_record
from .validation import check_unique, unique_attributes, validate_create

if TYPE_CHECKING:
    from nuagesdk.rest.object import RESTObject

    from .model import APIModel
    from .settings import SimulatorSettings

EXPORT_FORMAT = "nuagesdk-simulator-export"
EXPORT_FORMAT_VERSION = 1
_NOT_EXPORTED = frozenset({"job"})


class TransferError(Exception):
    """An import that cannot be applied. The message names the reason and the node."""


def export_tree(store: Store, model: APIModel, record: Record) -> dict[str, Any]:
    """Return ``record`` and every object below it as an export (see the module doc)."""
    return {
        "format": EXPORT_FORMAT,
        "formatVersion": EXPORT_FORMAT_VERSION,
        "apiVersion": model.version,
        "object": _export_node(store, model, record),
    }


def _export_node(store: Store, model: APIModel, record: Record) -> dict[str, Any]:
    entity_class = model.entity(record.rest_name)
    attributes = {}
    if entity_class is not None:
        for name, attribute in entity_class.__remote_attributes__.items():
            value = record.data.get(name)
            if value is None or name in SERVER_ATTRIBUTES or attribute.read_only:
                continue
            attributes[name] = value
    children = [
        _export_node(store, model, child)
        for child in store.all_children(record.id)
        if child.rest_name not in _NOT_EXPORTED
        and model.entity(child.rest_name) is not None
    ]
    return {
        "restName": record.rest_name,
        "attributes": attributes,
        "children": children,
    }


def import_tree(
    store: Store,
    model: APIModel,
    parent: Record,
    parameters: Any,
    *,
    owner: str | None,
    settings: SimulatorSettings,
    clock: Callable[[], int],
) -> dict[str, Any]:
    """Create the objects of an export under ``parent``; all or nothing.

    When the exported object is of the parent's own entity and cannot be
    created under it (a domain export imported into a domain), its
    children are created under the parent instead.

    The caller holds the store lock. Returns ``{"importedObjects": n, "IDs":
    [...]}`` with the IDs of the objects created directly under the parent.

    Raises:
        TransferError: the parameters are not an export, or an object is
            invalid, duplicate or not allowed where it would go.
    """
    node = _read_node(_export_object(parameters), "object")
    parent_class = model.entity(parent.rest_name)
    if parent_class is None:
        raise TransferError(f"API {model.version} has no entity {parent.rest_name!r}")

    if node["restName"] == parent.rest_name and not _creatable(
        parent_class, node["restName"]
    ):
        targets = [
            (child, f"object.children[{i}]") for i, child in enumerate(node["children"])
        ]
    else:
        targets = [(node, "object")]

    planner = _ImportPlanner(store, model, settings, owner, clock())
    top_level = [
        planner.plan(child, path, parent, parent_class, existing_parent=True)
        for child, path in targets
    ]
    for record in planner.records:
        store.insert(record)
    return {"importedObjects": len(planner.records), "IDs": [r.id for r in top_level]}


def _export_object(parameters: Any) -> Any:
    if not isinstance(parameters, dict) or parameters.get("format") != EXPORT_FORMAT:
        raise TransferError(
            f'parameters must be the result of an EXPORT job (a JSON object with "format": '
            f'"{EXPORT_FORMAT}")'
        )
    return parameters.get("object")


def _read_node(node: Any, path: str) -> dict[str, Any]:
    if not (
        isinstance(node, dict)
        and isinstance(node.get("restName"), str)
        and isinstance(node.get("attributes", {}), dict)
        and isinstance(node.get("children", []), list)
    ):
        raise TransferError(
            f"{path} must be an object with a restName, an attributes object and a "
            "children list"
        )
    return {
        "restName": node["restName"],
        "attributes": node.get("attributes", {}),
        "children": node.get("children", []),
    }


def _creatable(parent_class: type[RESTObject], rest_name: str) -> bool:
    declaration = parent_class.__children_by_rest_name__.get(rest_name)
    return (
        declaration is not None
        and declaration.create
        and declaration.relationship != "member"
    )


class _ImportPlanner:
    """Builds the records of an import without touching the store."""

    def __init__(
        self,
        store: Store,
        model: APIModel,
        settings: SimulatorSettings,
        owner: str | None,
        timestamp: int,
    ) -> None:
        self.store = store
        self.model = model
        self.settings = settings
        self.owner = owner
        self.timestamp = timestamp
        self.records: list[Record] = []
        self._planned_values: set[tuple[str | None, str, str, str]] = set()

    def plan(
        self,
        raw_node: Any,
        path: str,
        parent: Record,
        parent_class: type[RESTObject],
        *,
        existing_parent: bool,
    ) -> Record:
        node = _read_node(raw_node, path)
        rest_name = node["restName"]
        if not _creatable(parent_class, rest_name) or rest_name in _NOT_EXPORTED:
            raise TransferError(
                f"{path}: {rest_name} objects cannot be created under {parent.rest_name}"
            )
        entity_class = self.model.entity(rest_name)
        if entity_class is None:
            raise TransferError(
                f"{path}: API {self.model.version} has no entity {rest_name!r}"
            )

        try:
            values, secrets = validate_create(
                entity_class, node["attributes"], reject_unknown=False
            )
            if existing_parent:
                check_unique(
                    self.store,
                    entity_class,
                    parent.id,
                    values,
                    extra=self.settings.extra_unique,
                )
        except APIError as error:
            problems = "; ".join(p.description for p in error.problems)
            raise TransferError(f"{path} ({rest_name}): {problems}") from None
        self._check_planned_duplicates(entity_class, parent.id, values, path)

        record = new_record(
            rest_name,
            values,
            parent=parent,
            owner=self.owner,
            timestamp=self.timestamp,
            private=secrets,
        )
        self.records.append(record)
        for index, child in enumerate(node["children"]):
            self.plan(
                child,
                f"{path}.children[{index}]",
                record,
                entity_class,
                existing_parent=False,
            )
        return record

    def _check_planned_duplicates(
        self,
        entity_class: type[RESTObject],
        parent_id: str | None,
        values: dict[str, Any],
        path: str,
    ) -> None:
        rest_name = entity_class.__rest_name__ or ""
        for name in unique_attributes(entity_class, self.settings.extra_unique):
            value = values.get(name)
            if value is None:
                continue
            key = (parent_id, rest_name, name, repr(value))
            if key in self._planned_values:
                raise TransferError(
                    f"{path} ({rest_name}): {name} {value!r} appears twice under one parent"
                )
            self._planned_values.add(key)
