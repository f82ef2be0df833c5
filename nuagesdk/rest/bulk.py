"""Bulk creation of children in one request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    BulkOperationError,
    MalformedResponseError,
    ValidationError,
    parse_error_details,
)

if TYPE_CHECKING:
    from .object import RESTObject
    from .transport import Connection


def create_children(
    parent: RESTObject,
    children: list[RESTObject],
    *,
    response_choice: int | None,
    commit: bool,
) -> tuple[list[RESTObject], Connection]:
    """POST ``children`` as one JSON array and fill each from its part of the reply.

    Raises:
        ValidationError: a child is invalid; nothing was sent.
        BulkOperationError: some children were not created; the others are
            filled in and listed in ``error.succeeded``.
    """
    if not children:
        raise ValueError("create_children needs at least one object")
    child_class = type(children[0])
    problems = []
    for index, child in enumerate(children):
        if type(child) is not child_class:
            problems.append(
                f"[{index}]: all objects must be {child_class.__name__}, "
                f"got {type(child).__name__}"
            )
            continue
        parent._check_child(child)
        problems.extend(f"[{index}] {problem}" for problem in child.validate())
    if problems:
        raise ValidationError(f"bulk {child_class.__name__}", problems)

    body = [child._body(full=False, for_create=True) for child in children]
    connection = parent._resolve_session().transport.request(
        "POST",
        parent.get_resource_url_for_child_type(child_class),
        body=body,
        response_choice=response_choice,
    )

    succeeded, failed = _apply_results(connection, children)
    for child in succeeded:
        child.__dict__["_parent"] = parent
        if commit:
            parent.add_child(child)
    if failed:
        raise BulkOperationError(succeeded=succeeded, failed=failed)
    return succeeded, connection


def _apply_results(
    connection: Connection, children: list[RESTObject]
) -> tuple[list[RESTObject], list[tuple[RESTObject, Any]]]:
    data = connection.response.data
    if isinstance(data, list):
        # A plain list: one created object per request entry, in order.
        objects = connection.object_list()
        if len(objects) != len(children):
            raise _malformed(
                connection, f"{len(objects)} objects for {len(children)} sent"
            )
        for child, obj in zip(children, objects):
            child._apply_server_data(obj)
        return list(children), []

    if not isinstance(data, dict) or not isinstance(data.get("response"), list):
        raise _malformed(connection, 'expected a list or a {"response": [...]} object')

    succeeded: list[RESTObject] = []
    failed: list[tuple[RESTObject, Any]] = []
    for entry in data["response"]:
        if not isinstance(entry, dict):
            raise _malformed(connection, "a bulk response entry is not an object")
        index = entry.get("index")
        if not isinstance(index, int) or not 0 <= index < len(children):
            raise _malformed(
                connection, f"bulk response index {index!r} is out of range"
            )
        child = children[index]
        status = _status_number(entry.get("status"))
        payload = entry.get("data")
        if status is not None and status < 400 and isinstance(payload, dict):
            child._apply_server_data(payload)
            succeeded.append(child)
        else:
            details, code = parse_error_details(payload)
            failed.append(
                (
                    child,
                    {"status": status, "errors": details, "internal_error_code": code},
                )
            )
    return succeeded, failed


def _status_number(value: Any) -> int | None:
    # Clients disagree on the type of this field: accept 201 and "201".
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _malformed(connection: Connection, reason: str) -> MalformedResponseError:
    return MalformedResponseError(
        f"bulk reply: {reason}",
        method=connection.request.method,
        url=connection.request.url,
        status=connection.response.status_code,
    )
