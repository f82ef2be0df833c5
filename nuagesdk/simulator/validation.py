"""Checks of request bodies against the model's attribute declarations.

Read-only attributes and the server-set ones (``ID``, ``parentID``,
``creationDate``, ...) are ignored in request bodies, never rejected:
vspk-style clients send every attribute they hold, read-only ones included.
Every problem of a body is reported at once, each under its remote name.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .errors import DUPLICATE_OBJECT, APIError, Problem, bad_request
from .model import is_secret
from .store import SERVER_ATTRIBUTES, Store

if TYPE_CHECKING:
    from nuagesdk.rest.attribute import Attribute
    from nuagesdk.rest.object import RESTObject


def require_object(body: Any, subject: str) -> dict[str, Any]:
    """Return ``body`` if it is a JSON object.

    Raises:
        APIError: 400 naming the JSON type that came instead.
    """
    if not isinstance(body, dict):
        raise bad_request(
            f"{subject} must be a JSON object with attribute values, got {json_kind(body)}",
            title="Invalid body",
        )
    return body


def json_kind(value: Any) -> str:
    """Return the JSON type name of ``value`` with an article, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _settable(attribute: Attribute[Any]) -> bool:
    return attribute.remote_name not in SERVER_ATTRIBUTES and not attribute.read_only


def _unknown(
    entity_class: type[RESTObject], name: str, reject_unknown: bool
) -> list[Problem]:
    if not reject_unknown:
        return []
    entity = entity_class.__rest_name__
    return [Problem(name, "Unknown attribute", f"{entity} has no attribute {name!r}")]


def _check_value(attribute: Attribute[Any], value: Any) -> list[Problem]:
    return [
        Problem(attribute.remote_name, "Invalid value", message)
        for message in attribute.check(value)
    ]


def validate_create(
    entity_class: type[RESTObject], body: Mapping[str, Any], *, reject_unknown: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a create body and return ``(values, secrets)`` to store.

    ``values`` contains the settable attributes given, plus the model's
    defaults for those left unset or null. ``secrets`` contains the values of
    secret attributes, which are stored apart and never sent back.

    Raises:
        APIError: 400 listing every invalid, missing or unknown attribute.
    """
    remote = entity_class.__remote_attributes__
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, value in body.items():
        attribute = remote.get(name)
        if attribute is None:
            problems += _unknown(entity_class, name, reject_unknown)
        elif _settable(attribute):
            problems += _check_value(attribute, value)
            values[name] = value

    for name, attribute in remote.items():
        if name in SERVER_ATTRIBUTES:
            continue
        default = attribute.default
        if (
            values.get(name) is None
            and default is not None
            and not attribute.check(default)
        ):
            values[name] = copy.deepcopy(default)
        if attribute.required and values.get(name) is None:
            problems.append(Problem(name, "Missing value", f"{name} is required"))

    if problems:
        raise APIError.from_problems(400, problems)
    return _split_secrets(entity_class, values)


def validate_update(
    entity_class: type[RESTObject],
    body: Mapping[str, Any],
    current: Mapping[str, Any],
    *,
    reject_unknown: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check an update body and return ``(changes, secrets)``.

    ``changes`` holds only the settable attributes whose value differs from
    ``current``. A creation-only attribute may be sent with its current
    value; a different value is an error.

    Raises:
        APIError: 400 listing every invalid or unknown attribute.
    """
    remote = entity_class.__remote_attributes__
    problems: list[Problem] = []
    changes: dict[str, Any] = {}
    for name, value in body.items():
        attribute = remote.get(name)
        if attribute is None:
            problems += _unknown(entity_class, name, reject_unknown)
            continue
        if not _settable(attribute):
            continue
        problems += _check_value(attribute, value)
        if attribute.required and value is None:
            problems.append(
                Problem(name, "Missing value", f"{name} is required; it cannot be null")
            )
        if is_secret(attribute):
            changes[name] = value
            continue
        if _same(value, current.get(name)):
            continue
        if attribute.creation_only:
            problems.append(
                Problem(
                    name,
                    "Invalid value",
                    f"{name} can only be set when the object is created",
                )
            )
        changes[name] = value

    if problems:
        raise APIError.from_problems(400, problems)
    return _split_secrets(entity_class, changes)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _split_secrets(
    entity_class: type[RESTObject], values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    remote = entity_class.__remote_attributes__
    secrets = {
        name: values.pop(name) for name in list(values) if is_secret(remote[name])
    }
    return values, secrets


def unique_attributes(
    entity_class: type[RESTObject], extra: Mapping[str, Iterable[str]]
) -> list[str]:
    """Return the remote names that must be unique among siblings."""
    names = [name for name, a in entity_class.__remote_attributes__.items() if a.unique]
    for name in extra.get(entity_class.__rest_name__ or "", ()):
        if name in entity_class.__remote_attributes__ and name not in names:
            names.append(name)
    return names


def check_unique(
    store: Store,
    entity_class: type[RESTObject],
    parent_id: str | None,
    values: Mapping[str, Any],
    *,
    extra: Mapping[str, Iterable[str]],
    exclude_id: str | None = None,
) -> None:
    """Reject values that another child of the same parent already has.

    The caller holds the store lock, so no other request can insert the same
    value between this check and the caller's write.

    Raises:
        APIError: 409 with internal code 2510, one problem per duplicate.
    """
    rest_name = entity_class.__rest_name__ or ""
    problems = []
    for name in unique_attributes(entity_class, extra):
        value = values.get(name)
        if value is None:
            continue
        owners = store.siblings_with_value(parent_id, rest_name, name, value)
        if any(owner != exclude_id for owner in owners):
            problems.append(
                Problem(
                    name,
                    "Duplicate value",
                    f"another {rest_name} here already has {name} {value!r}; "
                    f"choose another {name}",
                )
            )
    if problems:
        raise APIError.from_problems(409, problems, internal_code=DUPLICATE_OBJECT)
