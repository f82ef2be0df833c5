"""Bulk operations: create, update or delete many children in one request.

The VSD replies to a bulk request with one entry per object::

    {"response": [{"status": 201, "index": 0, "data": {...}}, ...],
     "responseMetadata": {"success": 1, "failure": 1, "total": 2}}

``index`` points into the request and ``data`` is the object, or the error
of that object. Clients disagree on whether ``status`` is a number or a
string, so both are read.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from .errors import (
    BulkOperationError,
    MalformedResponseError,
    ValidationError,
    parse_error_details,
)
from .object import RESTObject

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .background import Callback
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
    children = list(children)
    if not children:
        raise ValueError("create_children needs at least one object")
    for index, child in enumerate(children):
        if not isinstance(child, RESTObject):
            raise TypeError(
                f"create_children: item {index} is {child!r}, not an entity object"
            )
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

    succeeded, failed = _apply_results(connection, children, _fill_created)
    for child in succeeded:
        child.__dict__["_parent"] = parent
        if commit:
            parent.add_child(child)
    _raise_if_failed(connection, succeeded, failed)
    return succeeded, connection


def save_children(
    parent: RESTObject, objects: list[RESTObject], *, response_choice: int | None
) -> tuple[list[RESTObject], Connection]:
    """PUT ``objects`` (ID and changed attributes) as one JSON array on their collection.

    Raises:
        ValidationError: an object is invalid or has no ID; nothing was sent.
        BulkOperationError: some objects were not updated; the others are
            filled in from the reply and listed in ``error.succeeded``.
    """
    objects, child_class = _same_class_with_ids(parent, objects, "bulk_save")
    problems = []
    for index, obj in enumerate(objects):
        problems.extend(f"[{index}] {problem}" for problem in obj.validate())
    if problems:
        raise ValidationError(f"bulk {child_class.__name__}", problems)

    body = []
    for obj in objects:
        entry = {"ID": obj.id}
        entry.update(obj._body(full=False, for_create=False))
        body.append(entry)
    connection = parent._resolve_session().transport.request(
        "PUT",
        parent.get_resource_url_for_child_type(child_class),
        body=body,
        response_choice=response_choice,
    )
    if connection.response.data is None:
        # No body: every object was updated as sent.
        for obj in objects:
            obj._mark_synced()
        return objects, connection
    succeeded, failed = _apply_results(connection, objects, _fill_updated)
    _raise_if_failed(connection, succeeded, failed)
    return succeeded, connection


def delete_children(
    parent: RESTObject, objects: list[RESTObject], *, response_choice: int | None
) -> tuple[list[RESTObject], Connection]:
    """DELETE ``objects`` with one request: ``<collection>?id=<a>&id=<b>``.

    Deleted objects leave the parent's fetcher list.

    Raises:
        ValidationError: an object has no ID; nothing was sent.
        ConfirmationRequiredError: the VSD requests confirmation and
            ``response_choice`` is not given.
        BulkOperationError: some objects were not deleted.
    """
    objects, child_class = _same_class_with_ids(parent, objects, "bulk_delete")
    connection = parent._resolve_session().transport.request(
        "DELETE",
        parent.get_resource_url_for_child_type(child_class),
        params={"id": [obj.id for obj in objects]},
        response_choice=response_choice,
    )
    if connection.response.data is None:
        succeeded, failed = list(objects), []
    else:
        succeeded, failed = _apply_results(connection, objects, _keep_as_is)
    fetcher = parent.fetcher_for_rest_name(child_class.__rest_name__ or "")
    if fetcher is not None:
        for obj in succeeded:
            parent.remove_child(obj)
    _raise_if_failed(connection, succeeded, failed)
    return succeeded, connection


def run_bulk(
    parent: RESTObject,
    call: Callable[[], tuple[list[RESTObject], Connection]],
    as_async: bool,
    callback: Callback,
    description: str,
) -> tuple[list[RESTObject], Connection] | Future[Any]:
    """Run a bulk ``call`` now, or on the session's background pool.

    A background call's callback gets ``(objects, connection,
    response_metadata, errors)``, the arguments vspk passes: ``errors`` is
    ``None`` when every object succeeded, else one dict per failed object
    with its ``object``, ``index``, ``status`` and the ``error`` body. The
    callback runs after a partial failure too, and the future then raises
    the :class:`BulkOperationError`.
    """
    if not as_async:
        return call()
    from .background import call_in_background

    def call_and_report() -> tuple[list[RESTObject], Connection]:
        try:
            return call()
        except BulkOperationError as error:
            if callback is not None and error.connection is not None:
                _call_bulk_callback(callback, error.succeeded, error.connection, error)
            raise

    def arguments(result: tuple[list[RESTObject], Connection]) -> tuple[Any, ...]:
        objects, connection = result
        return (objects, connection, _response_metadata(connection), None)

    return call_in_background(
        parent._resolve_session().background,
        call_and_report,
        callback,
        arguments,
        f"{description} under {parent._describe()}",
    )


def _call_bulk_callback(
    callback: Callable[..., Any],
    objects: list[RESTObject],
    connection: Connection,
    error: BulkOperationError,
) -> None:
    errors = [{"object": obj, **detail} for obj, detail in error.failed]
    try:
        callback(objects, connection, _response_metadata(connection), errors)
    except Exception:
        # As for other background calls, a failing callback is only logged.
        logger.exception("callback %r of a bulk call failed", callback)


def _response_metadata(connection: Connection) -> Any:
    data = connection.response.data if connection.response else None
    return data.get("responseMetadata") if isinstance(data, dict) else None


def _same_class_with_ids(
    parent: RESTObject, objects: list[RESTObject], operation: str
) -> tuple[list[RESTObject], type[RESTObject]]:
    objects = list(objects)
    if not objects:
        raise ValueError(f"{operation} needs at least one object")
    for index, obj in enumerate(objects):
        if not isinstance(obj, RESTObject):
            raise TypeError(
                f"{operation}: item {index} is {obj!r}, not an entity object"
            )
    child_class = type(objects[0])
    problems = []
    for index, obj in enumerate(objects):
        if type(obj) is not child_class:
            problems.append(
                f"[{index}]: all objects must be {child_class.__name__}, "
                f"got {type(obj).__name__}"
            )
        elif not obj.id:
            problems.append(f"[{index}]: {obj!r} has no ID; create it first")
    if child_class.__rest_name__ not in parent.__children_by_rest_name__:
        problems.append(
            f"{child_class.__rest_name__} is not a child of {parent.__rest_name__}"
        )
    if problems:
        raise ValidationError(f"{operation} {child_class.__name__}", problems)
    return objects, child_class


def _raise_if_failed(
    connection: Connection,
    succeeded: list[RESTObject],
    failed: list[tuple[RESTObject, dict[str, Any]]],
) -> None:
    if failed:
        error = BulkOperationError(succeeded=succeeded, failed=failed)
        error.connection = connection
        raise error


def _fill_created(child: RESTObject, payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    child._apply_server_data(payload)
    return True


def _fill_updated(obj: RESTObject, payload: Any) -> bool:
    if isinstance(payload, dict) and len(payload) > 1:
        obj._apply_server_data(payload)
    else:
        obj._mark_synced()
    return True


def _keep_as_is(obj: RESTObject, payload: Any) -> bool:
    return True


def _apply_results(
    connection: Connection,
    children: list[RESTObject],
    fill: Callable[[RESTObject, Any], bool],
) -> tuple[list[RESTObject], list[tuple[RESTObject, dict[str, Any]]]]:
    """Split ``children`` by their entries in the reply; ``fill`` applies a success.

    ``fill`` returns False when a success entry lacks what it needs (a
    created object without its data), which counts as a failure.
    """
    data = connection.response.data
    if isinstance(data, list):
        # A plain list: one created object per request entry, in order.
        objects = connection.object_list()
        if len(objects) != len(children):
            raise _malformed(
                connection, f"{len(objects)} objects for {len(children)} sent"
            )
        for child, obj in zip(children, objects):
            fill(child, obj)
        return list(children), []

    if not isinstance(data, dict) or not isinstance(data.get("response"), list):
        raise _malformed(connection, 'expected a list or a {"response": [...]} object')

    succeeded: list[RESTObject] = []
    failed: list[tuple[RESTObject, dict[str, Any]]] = []
    seen: set[int] = set()
    for entry in data["response"]:
        if not isinstance(entry, dict):
            raise _malformed(connection, "a bulk response entry is not an object")
        index = entry.get("index")
        if not isinstance(index, int) or not 0 <= index < len(children):
            raise _malformed(
                connection, f"bulk response index {index!r} is out of range"
            )
        if index in seen:
            raise _malformed(connection, f"bulk response index {index} appears twice")
        seen.add(index)
        child = children[index]
        status = _status_number(entry.get("status"))
        payload = entry.get("data")
        if status is not None and status < 400 and fill(child, payload):
            succeeded.append(child)
        else:
            details, code = parse_error_details(payload)
            detail = {
                "index": index,
                "status": status,
                "errors": details,
                "internal_error_code": code,
                "error": payload,
            }
            failed.append((child, detail))
    for index, child in enumerate(children):
        if index not in seen:
            # The reply has no entry for this object: report it, since
            # whether the VSD applied it is unknown.
            detail = {
                "index": index,
                "status": None,
                "errors": [],
                "internal_error_code": None,
                "error": "the reply has no entry for this object",
            }
            failed.append((child, detail))
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
