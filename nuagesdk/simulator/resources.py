"""Request handlers: login, objects and collections of every entity.

URLs below ``/<prefix>/v<version>`` and what they serve:

- ``me``: GET logs in and returns the user with an API key; PUT changes the
  user (password, names).
- ``<resource>``: a top-level collection, a child of the root object.
- ``<resource>/<id>``: one object (GET, PUT, DELETE), whatever its parent.
- ``<parent resource>/<parent id>/<resource>``: the children of one parent.

A collection serves these methods:

- GET and HEAD list and count, with filter, order and paging headers.
- POST creates one object, or several from a JSON list.
- PUT with a list of IDs sets the linked members. PUT with a list of
  objects that carry their ID updates them.
- DELETE with ``?id=<ID>`` parameters deletes those objects.

The parent's children declaration must allow the operation (get for GET and
HEAD, create for POST, update for PUT), else the status is 405.

Statuses of rejected requests:

- 300: a delete of an object with children, until ``responseChoice=1``.
- 400: an invalid body, header or attribute value.
- 401: missing or wrong credentials, or an expired API key.
- 404: an unknown entity, ID or collection.
- 405: an operation the model does not allow.
- 409: a duplicate unique value (internal code 2510), a job command the
  parent does not allow, or an entity created under a parent that does not
  declare it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable

from .calls import NO_BODY, Call, Reply
from .errors import (
    CONFIRMATION_REQUIRED,
    NOTHING_TO_CHANGE,
    APIError,
    Problem,
    bad_request,
    conflict,
    method_not_allowed,
    not_found,
)
from .filters import FilterError, compile_filter
from .paging import (
    group_items,
    order_items,
    page_slice,
    parse_group_by,
    parse_order_by,
    parse_page_request,
)
from .store import Record, Store, new_record, now_ms
from .validation import (
    check_unique,
    json_kind,
    require_object,
    validate_create,
    validate_update,
)

if TYPE_CHECKING:
    from nuagesdk.rest.children import Children
    from nuagesdk.rest.object import RESTObject

    from .auth import Authenticator, Identity
    from .jobs import JobRunner
    from .model import APIModel
    from .settings import SimulatorSettings


#: Attributes of a job that only the server sets.
_JOB_SERVER_ATTRIBUTES = ("status", "progress", "result")
#: Attributes of the root object that a PUT on it never changes.
_ROOT_SERVER_ATTRIBUTES = frozenset(
    {"APIKey", "APIKeyExpiry", "enterpriseID", "enterpriseName", "role"}
)
_CHOICES = [{"id": 1, "label": "OK"}, {"id": 0, "label": "Cancel"}]


class Resources:
    """The handlers, bound to one store and its services."""

    def __init__(
        self,
        store: Store,
        settings: SimulatorSettings,
        auth: Authenticator,
        jobs: JobRunner,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.store = store
        self.settings = settings
        self.auth = auth
        self.jobs = jobs
        self.clock = clock
        self._query_cache = QueryCache()

    # -- dispatch --------------------------------------------------------------

    def handle(self, call: Call) -> Reply:
        """Serve one request. The caller holds the store lock.

        Raises:
            APIError: the request is rejected; the store is unchanged.
        """
        parts = call.parts
        model = call.model
        if len(parts) == 1 and parts[0] == model.root_resource:
            return self._root_object(call)

        call.identity = self.auth.authenticate(
            call.headers, client_name=call.client_certificate_name
        )
        if len(parts) == 1:
            declaration = model.child_for_resource(model.root_class, parts[0])
            if declaration is None:
                raise self._unknown_collection(call, parts[0], None)
            return self._collection(call, None, model.root_class, declaration)
        if len(parts) == 2:
            return self._object(call, parts[0], parts[1])
        if len(parts) == 3:
            parent, parent_class = self._find(model, parts[0], parts[1])
            declaration = model.child_for_resource(parent_class, parts[2])
            if declaration is None:
                raise self._unknown_collection(call, parts[2], parent)
            return self._collection(call, parent, parent_class, declaration)
        raise not_found(
            f"no resource at /{'/'.join(parts)}; URLs are <resource>, <resource>/<ID> or "
            "<parent resource>/<parent ID>/<resource>"
        )

    def _unknown_collection(
        self, call: Call, resource: str, parent: Record | None
    ) -> APIError:
        model = call.model
        known = model.class_for_resource(resource)
        if known is None:
            return not_found(
                f"API {model.version} has no entity with resource name {resource!r}"
            )
        where = parent.rest_name if parent is not None else "the top level"
        message = f"{known.__rest_name__} objects are not children of {where}"
        if call.method == "POST":
            return conflict(
                f"{message}; create them under one of their parents",
                title="Invalid parent",
            )
        return not_found(message)

    def _find(
        self, model: APIModel, resource: str, object_id: str
    ) -> tuple[Record, type[RESTObject]]:
        record = self.store.get(object_id)
        entity_class = model.entity(record.rest_name) if record is not None else None
        if (
            record is None
            or entity_class is None
            or entity_class.__resource_name__ != resource
        ):
            known = model.class_for_resource(resource)
            if known is None:
                raise not_found(
                    f"API {model.version} has no entity with resource name {resource!r}"
                )
            raise not_found(f"no {known.__rest_name__} with ID {object_id!r}")
        return record, entity_class

    # -- root object -----------------------------------------------------------

    def _root_object(self, call: Call) -> Reply:
        model = call.model
        if call.method == "GET":
            identity = self.auth.authenticate(
                call.headers, login=True, client_name=call.client_certificate_name
            )
            return Reply(200, [self.auth.render_me(model, identity)])
        if call.method == "PUT":
            identity = self.auth.authenticate(
                call.headers, client_name=call.client_certificate_name
            )
            self._update_root(call, identity)
            if self.settings.update_returns_object:
                return Reply(200, [self.auth.render_me(model, identity)])
            return Reply(204)
        raise method_not_allowed(
            f"{call.method} is not allowed on {model.root_resource}; use GET or PUT"
        )

    def _update_root(self, call: Call, identity: Identity) -> None:
        body = call.json()
        if isinstance(body, str):
            # bambou sends the password-change body JSON-encoded twice.
            try:
                body = json.loads(body)
            except ValueError:
                pass
        body = require_object(body, "the root object")
        body = {k: v for k, v in body.items() if k not in _ROOT_SERVER_ATTRIBUTES}
        user = identity.user
        changes, secrets = validate_update(
            call.model.root_class,
            body,
            user.data,
            reject_unknown=self.settings.reject_unknown_attributes,
        )
        self._save_changes(user, changes, secrets, identity)

    # -- one object ------------------------------------------------------------

    def _object(self, call: Call, resource: str, object_id: str) -> Reply:
        record, entity_class = self._find(call.model, resource, object_id)
        rest_name = record.rest_name
        operation = {"GET": "get", "PUT": "update", "DELETE": "delete"}.get(call.method)
        if operation is None:
            raise method_not_allowed(
                f"{call.method} is not allowed on a {rest_name}; use GET, PUT or DELETE"
            )
        if operation not in entity_class.__operations__:
            raise method_not_allowed(f"{rest_name} objects do not allow {operation}")

        if operation == "get":
            return Reply(200, [call.model.render(entity_class, record)])
        if operation == "update":
            body = require_object(call.json(), f"the {rest_name} update")
            record = self._update(call, record, entity_class, body)
            if self.settings.update_returns_object:
                return Reply(200, [call.model.render(entity_class, record)])
            return Reply(204)
        self._confirm_delete(call, [record])
        self._delete(record)
        return Reply(204)

    def _update(
        self,
        call: Call,
        record: Record,
        entity_class: type[RESTObject],
        body: dict[str, Any],
    ) -> Record:
        if record.rest_name == "job":
            body = {k: v for k, v in body.items() if k not in _JOB_SERVER_ATTRIBUTES}
        changes, secrets = validate_update(
            entity_class,
            body,
            record.data,
            reject_unknown=self.settings.reject_unknown_attributes,
        )
        if not changes and not secrets and self.settings.reject_unchanged_update:
            raise APIError(
                409,
                "Nothing to change",
                f"the request changes no attribute of {record.rest_name} {record.id}",
                internal_code=NOTHING_TO_CHANGE,
            )
        check_unique(
            self.store,
            entity_class,
            record.parent_id,
            changes,
            extra=self.settings.extra_unique,
            exclude_id=record.id,
        )
        assert call.identity is not None
        return self._save_changes(record, changes, secrets, call.identity)

    def _save_changes(
        self,
        record: Record,
        changes: dict[str, Any],
        secrets: dict[str, Any],
        identity: Identity,
    ) -> Record:
        if not changes and not secrets:
            return record
        if secrets:
            self.store.update_private(record.id, secrets)
        changes = dict(
            changes, lastUpdatedDate=self.clock(), lastUpdatedBy=identity.user_id
        )
        return self.store.update(record.id, changes)

    def _confirm_delete(self, call: Call, records: list[Record]) -> None:
        for record in records:
            if record.private.get("system"):
                raise conflict(
                    f"{record.rest_name} {record.id} is a system object and cannot be deleted",
                    title="System object",
                )
        if not self.settings.confirm_deletes or call.response_choice() == 1:
            return
        parents = [r for r in records if self.store.has_children(r.id)]
        if not parents:
            return
        first = parents[0]
        raise APIError(
            300,
            f"Delete {first.rest_name}",
            f"{first.rest_name} {first.id} has children, which are deleted with it. "
            "Send the request again with responseChoice=1 to confirm",
            internal_code=CONFIRMATION_REQUIRED,
            extra={"choices": list(_CHOICES)},
        )

    def _delete(self, record: Record) -> None:
        self.store.delete(record.id)

    # -- collections -----------------------------------------------------------

    def _collection(
        self,
        call: Call,
        parent: Record | None,
        parent_class: type[RESTObject],
        declaration: Children,
    ) -> Reply:
        child_class = call.model.entity(declaration.rest_name)
        assert child_class is not None
        method = call.method
        where = (
            f"{parent.rest_name} {parent.id}" if parent is not None else "the top level"
        )
        if method in ("GET", "HEAD"):
            if not declaration.get:
                raise method_not_allowed(
                    f"{declaration.rest_name} objects of {where} cannot be listed"
                )
            return self._list(call, parent, declaration, child_class)
        if method == "POST":
            if not declaration.create:
                raise method_not_allowed(
                    f"{declaration.rest_name} objects cannot be created under {where}"
                )
            return self._create(call, parent, parent_class, child_class)
        if method == "PUT":
            return self._put_collection(call, parent, declaration, child_class, where)
        if method == "DELETE":
            return self._bulk_delete(call, parent, declaration, child_class)
        raise method_not_allowed(f"{method} is not allowed on a collection")

    def _members(self, parent: Record | None, declaration: Children) -> list[Record]:
        rest_name = declaration.rest_name
        if parent is None:
            return self.store.of_type(rest_name)
        owned = (
            []
            if declaration.relationship == "member"
            else self.store.children(parent.id, rest_name)
        )
        linked = self.store.links(parent.id, rest_name)
        if not linked:
            return owned
        seen = {record.id for record in owned}
        return owned + [record for record in linked if record.id not in seen]

    def _list(
        self,
        call: Call,
        parent: Record | None,
        declaration: Children,
        child_class: type[RESTObject],
    ) -> Reply:
        model = call.model
        settings = self.settings
        attributes = model.visible_attributes(child_class)
        headers: dict[str, str] = {}
        filter_text = call.header_text("X-Nuage-Filter")
        if filter_text is not None and not filter_text.strip():
            filter_text = None
        order_text = call.header_text("X-Nuage-OrderBy")
        if order_text is not None and not order_text.strip():
            order_text = None
        if filter_text is not None:
            headers["X-Nuage-Filter"] = _header_value(filter_text)
        if order_text is not None:
            headers["X-Nuage-OrderBy"] = _header_value(order_text)

        # Paging through a collection, or counting it again, sends the same
        # query many times while nothing changes, so the matching records are
        # kept until the next write to the store.
        query = (
            model.version,
            parent.id if parent is not None else None,
            declaration.rest_name,
            declaration.relationship,
            filter_text,
            order_text,
        )
        records = self._query_cache.get(self.store.revision, query)
        if records is None:
            records = self._members(parent, declaration)
            if filter_text is not None:
                try:
                    predicate = compile_filter(filter_text, attributes)
                except FilterError as error:
                    raise bad_request(str(error), title="Invalid filter") from None
                records = [record for record in records if predicate(record.data)]
            if order_text is not None:
                keys = parse_order_by(order_text, attributes)
                records = order_items(records, keys, lambda record: record.data)
            self._query_cache.put(self.store.revision, query, records)

        page = parse_page_request(
            call.headers.get("X-Nuage-Page"),
            call.headers.get("X-Nuage-PageSize"),
            default_size=settings.default_page_size,
            max_size=settings.max_page_size,
        )
        group_by = (call.headers.get("X-Nuage-GroupBy") or "").strip().lower() == "true"
        if group_by:
            names = parse_group_by(
                call.header_text("X-Nuage-Attributes") or "", attributes
            )
            items: list[Any] = group_items([record.data for record in records], names)
        else:
            items = records

        headers.update(
            {
                "X-Nuage-Count": str(len(items)),
                "X-Nuage-Page": str(page.page),
                "X-Nuage-PageSize": str(page.page_size),
            }
        )
        if call.method == "HEAD":
            return Reply(200, NO_BODY, headers)
        selected = page_slice(items, page)
        if group_by:
            body = list(selected)
        else:
            body = [model.render(child_class, record) for record in selected]
        if body:
            return Reply(200, body, headers)
        return self._empty_list(headers)

    def _empty_list(self, headers: dict[str, str]) -> Reply:
        shape = self.settings.empty_list_response
        if shape == "list":
            return Reply(200, [], headers)
        if shape == "no_content":
            return Reply(204, NO_BODY, headers)
        return Reply(200, NO_BODY, headers)

    def _create(
        self,
        call: Call,
        parent: Record | None,
        parent_class: type[RESTObject],
        child_class: type[RESTObject],
    ) -> Reply:
        body = call.json()
        if not isinstance(body, list):
            return Reply(
                201, [self._create_one(call, parent, parent_class, child_class, body)]
            )
        if not body:
            raise bad_request(
                "the list of objects to create is empty", title="Invalid body"
            )

        entries = []
        failures = 0
        for index, item in enumerate(body):
            try:
                data = self._create_one(call, parent, parent_class, child_class, item)
                entries.append({"status": 201, "index": index, "data": data})
            except APIError as error:
                failures += 1
                entries.append(
                    {"status": error.status, "index": index, "data": error.body()}
                )
        return Reply(207 if failures else 201, _bulk_body(entries, failures))

    def _create_one(
        self,
        call: Call,
        parent: Record | None,
        parent_class: type[RESTObject],
        child_class: type[RESTObject],
        body: Any,
    ) -> dict[str, Any]:
        rest_name = child_class.__rest_name__ or ""
        body = require_object(body, f"the {rest_name} to create")
        values, secrets = validate_create(
            child_class, body, reject_unknown=self.settings.reject_unknown_attributes
        )
        if (
            "entityScope" in child_class.__remote_attributes__
            and values.get("entityScope") is None
        ):
            values["entityScope"] = "ENTERPRISE"

        private = dict(secrets)
        if rest_name == "job":
            self._prepare_job(parent, parent_class, values)
            # The worker renders exports with the version the job was created in.
            private["apiVersion"] = call.model.version
        check_unique(
            self.store,
            child_class,
            parent.id if parent is not None else None,
            values,
            extra=self.settings.extra_unique,
        )

        assert call.identity is not None
        record = new_record(
            rest_name,
            values,
            parent=parent,
            owner=call.identity.user_id,
            timestamp=self.clock(),
            private=private,
        )
        self.store.insert(record)
        # Rendered before the job starts, so the reply shows it RUNNING at 0.0.
        rendered = call.model.render(child_class, record)
        if rest_name == "job":
            self.jobs.submit(record.id)
        return rendered

    def _prepare_job(
        self,
        parent: Record | None,
        parent_class: type[RESTObject],
        values: dict[str, Any],
    ) -> None:
        allowed = parent_class.__allowed_job_commands__
        command = values.get("command")
        if allowed and command not in allowed:
            raise conflict(
                f"command {command!r} is not allowed on {parent_class.__rest_name__}; "
                f"allowed commands are {', '.join(allowed)}",
                title="Invalid job command",
                property="command",
            )
        values.update({"status": "RUNNING", "progress": 0.0, "result": None})
        if values.get("assocEntityType") is None and parent is not None:
            values["assocEntityType"] = parent.rest_name.upper()

    def _put_collection(
        self,
        call: Call,
        parent: Record | None,
        declaration: Children,
        child_class: type[RESTObject],
        where: str,
    ) -> Reply:
        body = call.json()
        if not isinstance(body, list):
            raise bad_request(
                "PUT on a collection takes a list of IDs (to set the members) or a list "
                f"of objects with their ID (to update them), got {json_kind(body)}",
                title="Invalid body",
            )
        if body and all(isinstance(item, dict) for item in body):
            return self._bulk_update(call, parent, declaration, child_class, body)
        if not all(isinstance(item, str) for item in body):
            raise bad_request(
                "a member list must hold only ID strings", title="Invalid body"
            )
        if not declaration.update or parent is None:
            raise method_not_allowed(
                f"the {declaration.rest_name} members of {where} cannot be set"
            )
        problems = []
        for object_id in body:
            record = self.store.get(object_id)
            if record is None or record.rest_name != declaration.rest_name:
                problems.append(
                    Problem(
                        "",
                        "Not found",
                        f"no {declaration.rest_name} with ID {object_id!r}",
                    )
                )
        if problems:
            raise APIError.from_problems(404, problems)
        self.store.set_links(parent.id, declaration.rest_name, body)
        return Reply(204)

    def _bulk_update(
        self,
        call: Call,
        parent: Record | None,
        declaration: Children,
        child_class: type[RESTObject],
        body: list[dict[str, Any]],
    ) -> Reply:
        members = {record.id: record for record in self._members(parent, declaration)}
        entries = []
        failures = 0
        for index, item in enumerate(body):
            try:
                record = members.get(item.get("ID"))  # type: ignore[arg-type]
                if record is None:
                    raise not_found(
                        f"no {declaration.rest_name} with ID {item.get('ID')!r} here"
                    )
                if "update" not in child_class.__operations__:
                    raise method_not_allowed(
                        f"{declaration.rest_name} objects do not allow update"
                    )
                record = self._update(call, record, child_class, item)
                data = call.model.render(child_class, record)
                entries.append({"status": 200, "index": index, "data": data})
            except APIError as error:
                failures += 1
                entries.append(
                    {"status": error.status, "index": index, "data": error.body()}
                )
        return Reply(207 if failures else 200, _bulk_body(entries, failures))

    def _bulk_delete(
        self,
        call: Call,
        parent: Record | None,
        declaration: Children,
        child_class: type[RESTObject],
    ) -> Reply:
        ids = call.args.getlist("id")
        if not ids:
            raise bad_request(
                "DELETE on a collection deletes the objects named by ?id=<ID> parameters; "
                "none were given"
            )
        if "delete" not in child_class.__operations__:
            raise method_not_allowed(
                f"{declaration.rest_name} objects do not allow delete"
            )
        members = {record.id: record for record in self._members(parent, declaration)}
        found = [members[i] for i in dict.fromkeys(ids) if i in members]
        self._confirm_delete(call, found)

        entries = []
        failures = 0
        for index, object_id in enumerate(ids):
            record = members.get(object_id)
            if record is None or self.store.get(object_id) is None:
                failures += 1
                error = not_found(
                    f"no {declaration.rest_name} with ID {object_id!r} here"
                )
                entries.append({"status": 404, "index": index, "data": error.body()})
                continue
            self._delete(record)
            entries.append({"status": 204, "index": index, "data": {"ID": object_id}})
        return Reply(207 if failures else 200, _bulk_body(entries, failures))


def _bulk_body(entries: list[dict[str, Any]], failures: int) -> dict[str, Any]:
    return {
        "response": entries,
        "responseMetadata": {
            "success": len(entries) - failures,
            "failure": failures,
            "total": len(entries),
        },
    }


def _header_value(text: str) -> str:
    # Response headers go out as Latin-1: send UTF-8 bytes the way they came.
    return text.encode("utf-8").decode("latin-1")


class QueryCache:
    """Results of list queries, valid while the store's revision is unchanged.

    Callers hold the store lock, so the revision cannot move between a
    lookup and its use.
    """

    #: Queries kept per revision; older revisions are dropped whole.
    MAX_QUERIES = 64

    def __init__(self) -> None:
        self._revision = -1
        self._results: dict[tuple[Any, ...], list[Record]] = {}

    def get(self, revision: int, query: tuple[Any, ...]) -> list[Record] | None:
        """Return the records of ``query`` at ``revision``, or None when unknown."""
        if revision != self._revision:
            return None
        return self._results.get(query)

    def put(self, revision: int, query: tuple[Any, ...], records: list[Record]) -> None:
        """Keep the records of ``query`` at ``revision``."""
        if revision != self._revision:
            self._revision = revision
            self._results = {}
        if len(self._results) >= self.MAX_QUERIES:
            self._results.pop(next(iter(self._results)))
        self._results[query] = records
