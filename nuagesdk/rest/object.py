"""The base class of every VSD entity: attributes, serialization and CRUD."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, TypeVar

from .attribute import Attribute, AttributeAlias
from .children import Children, ChildrenAlias
from .errors import NuageError, ValidationError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .background import Callback
    from .fetcher import Fetcher
    from .session import Session
    from .transport import Connection

logger = logging.getLogger(__name__)

SelfT = TypeVar("SelfT", bound="RESTObject")

_MISSING = object()

# Attributes that the request URL or the server carries; never sent in a body.
_NEVER_SENT = frozenset({"id"})


class RESTObject:
    """A VSD entity: its attribute values, its parent and its children.

    Construct with keyword attributes (local names) or with ``data=`` (a
    dict with remote names, as the VSD sends it)::

        job = NUJob(command="EXPORT")
        enterprise = NUEnterprise(data={"ID": "4c1e...", "name": "acme"})

    Network calls (:meth:`fetch`, :meth:`save`, :meth:`delete`,
    :meth:`create_child`, ...) go through the session of the object's parent
    chain, else the current session (see :class:`~nuagesdk.rest.Session`).
    They return ``(object, connection)`` as vspk does and raise
    :class:`~nuagesdk.rest.errors.NuageError` subclasses on failure.

    With ``as_async=True`` a call runs on the session's background pool and
    at once returns a :class:`concurrent.futures.Future` of that result.
    ``callback`` is then called in the worker with ``(object, connection)``
    after the call succeeded.
    """

    __rest_name__: ClassVar[str | None] = None
    __resource_name__: ClassVar[str | None] = None
    __entity_name__: ClassVar[str | None] = None
    __operations__: ClassVar[frozenset[str]] = frozenset()
    __is_template__: ClassVar[bool] = False
    __parents__: ClassVar[tuple[str, ...]] = ()
    __allowed_job_commands__: ClassVar[tuple[str, ...]] = ()

    #: Local name -> declaration, for every attribute of the class.
    __attributes__: ClassVar[dict[str, Attribute[Any]]] = {}
    #: Remote name -> declaration.
    __remote_attributes__: ClassVar[dict[str, Attribute[Any]]] = {}
    #: Fetcher name -> declaration, for every child collection.
    __children__: ClassVar[dict[str, Children]] = {}
    #: Child REST name -> declaration.
    __children_by_rest_name__: ClassVar[dict[str, Children]] = {}

    _remote_to_local: ClassVar[dict[str, str]] = {}
    _local_to_remote: ClassVar[dict[str, str]] = {}
    _container_remote_names: ClassVar[frozenset[str]] = frozenset()

    # Per-instance state. Class-level defaults keep construction cheap: an
    # instance stores these only when they differ.
    _parent: RESTObject | None = None
    _session: Session | None = None
    _synced: dict[str, Any] | None = None
    _extra: dict[str, Any] | None = None

    id: Attribute[str] = Attribute(
        "ID", str, label="ID", read_only=True, filterable=True, orderable=True
    )
    """Identifier (``ID``), a UUID the VSD assigns."""
    parent_id: Attribute[str] = Attribute(
        "parentID", str, label="Parent ID", read_only=True, filterable=True
    )
    """ID of the parent object (``parentID``); read-only."""
    parent_type: Attribute[str] = Attribute(
        "parentType", str, label="Parent type", read_only=True, filterable=True
    )
    """REST name of the parent's entity (``parentType``); read-only."""
    owner: Attribute[str] = Attribute("owner", str, label="Owner", read_only=True)
    """ID of the user who created the object (``owner``); read-only."""
    creation_date: Attribute[float] = Attribute(
        "creationDate", float, subtype="time", label="Creation date", read_only=True
    )
    """Creation time in epoch milliseconds (``creationDate``); read-only."""
    last_updated_date: Attribute[float] = Attribute(
        "lastUpdatedDate",
        float,
        subtype="time",
        label="Last updated date",
        read_only=True,
    )
    """Time of the last change in epoch milliseconds (``lastUpdatedDate``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._collect_declarations()

    @classmethod
    def _collect_declarations(cls) -> None:
        # Built once per class, never per instance: later classes in the MRO
        # walk (subclasses) override the declarations of their bases.
        attributes: dict[str, Attribute[Any]] = {}
        children: dict[str, Children] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Attribute):
                    attributes[name] = value
                elif isinstance(value, Children):
                    children[name] = value
                elif isinstance(value, (AttributeAlias, ChildrenAlias)):
                    attributes.pop(name, None)
                    children.pop(name, None)

        cls.__attributes__ = attributes
        cls.__remote_attributes__ = {a.remote_name: a for a in attributes.values()}
        cls._remote_to_local = {
            a.remote_name: a.local_name for a in attributes.values()
        }
        cls._local_to_remote = {
            a.local_name: a.remote_name for a in attributes.values()
        }
        cls._container_remote_names = frozenset(
            a.remote_name for a in attributes.values() if a.type in (list, dict)
        )
        cls.__children__ = children
        cls.__children_by_rest_name__ = {c.rest_name: c for c in children.values()}

    def __init__(self, data: dict[str, Any] | None = None, **attributes: Any) -> None:
        if data is not None:
            self.from_dict(data)
        if attributes:
            known = self.__attributes__
            values = self.__dict__
            for name, value in attributes.items():
                if name in known:
                    values[name] = value
                else:
                    self._set_by_other_name(name, value)

    def _set_by_other_name(self, name: str, value: Any) -> None:
        declared = getattr(type(self), name, None)
        if isinstance(declared, AttributeAlias):
            setattr(self, name, value)
            return
        raise TypeError(
            f"{type(self).__name__} has no attribute {name!r}; "
            f"known attributes: {', '.join(sorted(self.__attributes__))}"
        )

    # -- names and URLs ---------------------------------------------------

    @property
    def rest_name(self) -> str | None:
        """REST name of the entity (``job``, ``domain``)."""
        return self.__rest_name__

    @property
    def resource_name(self) -> str | None:
        """URL segment of the entity's collection (``jobs``, ``domains``)."""
        return self.__resource_name__

    @property
    def parent_object(self) -> RESTObject | None:
        """The object this one was fetched from or created under."""
        return self._parent

    @parent_object.setter
    def parent_object(self, parent: RESTObject | None) -> None:
        self.__dict__["_parent"] = parent

    @property
    def session(self) -> Session:
        """Session used for this object's requests.

        Raises:
            SessionError: no session is bound, current or started.
        """
        return self._resolve_session()

    def _resolve_session(self) -> Session:
        # The runtime calls this, never the property: an entity may declare
        # an attribute named "session" (NUBGPNeighbor does).
        obj: RESTObject | None = self
        while obj is not None:
            if obj._session is not None:
                return obj._session
            obj = obj._parent

        from .session import current_session

        return current_session()

    def get_resource_url(self) -> str:
        """Return the URL of this object (of its collection when it has no ID)."""
        base = self._resolve_session().base_url
        self._require_rest_name()
        if self.id:
            return f"{base}/{self.__resource_name__}/{self.id}"
        return f"{base}/{self.__resource_name__}"

    def get_resource_url_for_child_type(self, child_class: type[RESTObject]) -> str:
        """Return the URL of the collection of ``child_class`` children under this object."""
        child_class._require_rest_name()
        return f"{self.get_resource_url()}/{child_class.__resource_name__}"

    @classmethod
    def _remote_name_for(cls) -> dict[str, str]:
        """Return the map of local attribute names to remote names."""
        return cls._local_to_remote

    @classmethod
    def _require_rest_name(cls) -> None:
        if cls.__resource_name__ is None:
            raise NuageError(
                f"{cls.__name__} is a payload type with no URL of its own; it "
                "cannot be fetched, saved or deleted"
            )

    # -- serialization ----------------------------------------------------

    def to_dict(self, *, include_unset: bool = False) -> dict[str, Any]:
        """Return the attributes as a dict keyed by remote names.

        Only attributes that were set (by the caller or by the server) are
        included, plus any unknown keys the server sent. With
        ``include_unset=True`` every declared attribute is present, unset
        ones as ``None``, which is the shape vspk returns.
        """
        values = self.__dict__
        attributes = self.__attributes__
        result: dict[str, Any] = {}
        if include_unset:
            for name, attribute in attributes.items():
                result[attribute.remote_name] = values.get(name)
        else:
            for name, attribute in attributes.items():
                if name in values:
                    result[attribute.remote_name] = values[name]
        if self._extra:
            result.update(self._extra)
        return result

    def from_dict(self: SelfT, data: dict[str, Any]) -> SelfT:
        """Set attributes from a dict keyed by remote names and return the object.

        Keys that the class does not declare (a newer VSD's fields) are kept
        and come back out of :meth:`to_dict`.

        Raises:
            TypeError: ``data`` is not a dict.
        """
        if not isinstance(data, dict):
            raise TypeError(
                f"{type(self).__name__}.from_dict expects a dict, "
                f"got {type(data).__name__}"
            )
        self._apply(data)
        return self

    def _apply(self, data: dict[str, Any]) -> None:
        values = self.__dict__
        local_names = self._remote_to_local
        extra = None
        for remote_name, value in data.items():
            local_name = local_names.get(remote_name)
            if local_name is not None:
                values[local_name] = value
            else:
                if extra is None:
                    extra = values.get("_extra")
                    if extra is None:
                        extra = values["_extra"] = {}
                extra[remote_name] = value
        # Lists and dicts are copied so that changing them in place shows up
        # as a change against the data the server sent.
        for remote_name in self._container_remote_names.intersection(data):
            local_name = local_names[remote_name]
            value = values[local_name]
            if isinstance(value, (list, dict)):
                values[local_name] = value.copy()

    def _apply_server_data(self, data: dict[str, Any]) -> None:
        """Set attributes from a server reply and remember it as the saved state."""
        self._apply(data)
        values = self.__dict__
        previous = values.get("_synced")
        if previous:
            merged = dict(previous)
            merged.update(data)
            values["_synced"] = merged
        else:
            values["_synced"] = data

    def _mark_synced(self) -> None:
        """Remember the current values as the saved state (after a PUT with no body)."""
        # A deep copy: lists changed in place later must differ from it.
        self.__dict__["_synced"] = _deep_copy_json(self.to_dict())

    def changed_attributes(self) -> list[str]:
        """Return the local names of the attributes changed since the last fetch or save.

        A new object (never fetched, saved or created) reports every
        attribute that was set.
        """
        values = self.__dict__
        synced = self._synced
        changed = []
        for name, attribute in self.__attributes__.items():
            if name not in values:
                continue
            if (
                synced is None
                or synced.get(attribute.remote_name, _MISSING) != values[name]
            ):
                changed.append(name)
        return changed

    def _body(self, *, full: bool, for_create: bool) -> dict[str, Any]:
        """Build the JSON body of a create or update request."""
        values = self.__dict__
        attributes = self.__attributes__
        if full:
            names: Iterable[str] = [n for n in attributes if n in values]
        else:
            names = self.changed_attributes()
        body = {}
        for name in names:
            attribute = attributes[name]
            if name in _NEVER_SENT or attribute.read_only:
                continue
            if attribute.creation_only and not for_create and not full:
                continue
            body[attribute.remote_name] = values[name]
        if full and self._extra:
            for key, value in self._extra.items():
                body.setdefault(key, value)
        return body

    # -- validation -------------------------------------------------------

    def validate(self) -> list[str]:
        """Check the values that the next create or save would send.

        Returns the list of problems, one message per problem, each naming
        the attribute's REST name; an empty list means valid. Values the
        server sent are not checked again. Required attributes without a
        server-side default are checked only on objects not yet created, and
        creation-only attributes may not change once the object exists.
        """
        values = self.__dict__
        attributes = self.__attributes__
        problems: list[str] = []
        is_new = self._synced is None and not values.get("id")
        if is_new:
            for name, attribute in attributes.items():
                if (
                    attribute.required
                    and attribute.default is None
                    and values.get(name) is None
                    and name not in _NEVER_SENT
                ):
                    problems.append(f"{attribute.remote_name}: a value is required")

        for name in self.changed_attributes():
            attribute = attributes[name]
            problems.extend(attribute.check(values[name]))
            # Read-only values are left out of request bodies rather than
            # reported, so an object built from a server dict can be saved.
            if attribute.creation_only and self._synced is not None:
                problems.append(
                    f"{attribute.remote_name}: can only be set when the object "
                    "is created"
                )
        return problems

    def is_valid(self) -> bool:
        """Tell whether :meth:`validate` finds no problem."""
        return not self.validate()

    def _raise_if_invalid(self) -> None:
        problems = self.validate()
        if problems:
            raise ValidationError(self._describe(), problems)

    def _describe(self) -> str:
        name = self.__entity_name__ or type(self).__name__
        return f"{name} {self.id}" if self.id else name

    # -- network operations -----------------------------------------------

    def fetch(
        self: SelfT, as_async: bool = False, callback: Callback = None
    ) -> tuple[SelfT, Connection] | Future[tuple[SelfT, Connection]]:
        """Read the object from the VSD and update its attributes.

        Raises:
            NotFoundError: the object no longer exists.
            NuageError: any other failure (see :mod:`nuagesdk.rest.errors`).
        """
        self._require_id("fetch")
        if as_async:
            return self._in_background(
                self._fetch, callback, f"fetch of {self._describe()}"
            )
        return self._fetch()

    def _fetch(self: SelfT) -> tuple[SelfT, Connection]:
        connection = self._resolve_session().transport.request(
            "GET", self.get_resource_url()
        )
        self._apply_server_data(connection.single_object())
        return self, connection

    def save(
        self: SelfT,
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
        *,
        full: bool = False,
    ) -> tuple[SelfT, Connection] | Future[tuple[SelfT, Connection]]:
        """Send the attributes changed since the last fetch or save (PUT).

        With ``full=True`` every set attribute is sent, unknown server keys
        included. Nothing is sent when nothing changed.

        Raises:
            ValidationError: an attribute value is invalid; nothing was sent.
            ConfirmationRequiredError: the VSD asks for confirmation.
        """
        self._require_id("save")
        self._raise_if_invalid()
        if as_async:
            return self._in_background(
                lambda: self._save(response_choice, full),
                callback,
                f"save of {self._describe()}",
            )
        return self._save(response_choice, full)

    def _save(
        self: SelfT, response_choice: int | None, full: bool
    ) -> tuple[SelfT, Connection]:
        body = self._body(full=full, for_create=False)
        if not body and not full:
            logger.debug("%s: nothing changed, save sends no request", self._describe())
            return self, self._resolve_session().transport.no_request_connection()

        connection = self._resolve_session().transport.request(
            "PUT", self.get_resource_url(), body=body, response_choice=response_choice
        )
        reply = connection.optional_object()
        if reply is not None:
            self._apply_server_data(reply)
        else:
            self._mark_synced()
        return self, connection

    def delete(
        self: SelfT,
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
    ) -> tuple[SelfT, Connection] | Future[tuple[SelfT, Connection]]:
        """Delete the object on the VSD.

        VSD may respond with a confirmation request (300). nuagesdk then raises
        :class:`~nuagesdk.rest.errors.ConfirmationRequiredError` unless
        ``response_choice`` gives the choice (1 confirms).
        """
        self._require_id("delete")
        if as_async:
            return self._in_background(
                lambda: self._delete(response_choice),
                callback,
                f"delete of {self._describe()}",
            )
        return self._delete(response_choice)

    def _delete(self: SelfT, response_choice: int | None) -> tuple[SelfT, Connection]:
        connection = self._resolve_session().transport.request(
            "DELETE", self.get_resource_url(), response_choice=response_choice
        )
        parent = self._parent
        if parent is not None:
            parent.remove_child(self)
        return self, connection

    def _in_background(
        self,
        call: Callable[[], Any],
        callback: Callback,
        description: str,
        subject: RESTObject | None = None,
    ) -> Future[Any]:
        """Run ``call`` on the session's pool.

        ``subject`` (default: this object) is what the callback gets with the
        connection of an HTTP error, as vspk's object calls do.
        """
        from .background import call_in_background

        failed_object = self if subject is None else subject
        return call_in_background(
            self._resolve_session().background,
            call,
            callback,
            _callback_arguments,
            description,
            error_arguments=lambda error: (
                failed_object,
                getattr(error, "connection", None),
            ),
        )

    def _require_id(self, action: str) -> None:
        if not self.id:
            raise NuageError(
                f"cannot {action} {type(self).__name__}: it has no ID; create it "
                "under a parent first, or set its id"
            )

    def create_child(
        self,
        child: RESTObject,
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
        commit: bool = True,
    ) -> tuple[RESTObject, Connection] | Future[tuple[RESTObject, Connection]]:
        """Create ``child`` under this object (POST) and fill it from the reply.

        Raises:
            ValidationError: the child is invalid or not allowed under this
                object; nothing was sent.
        """
        _require_instance("child", child)
        if child.id:
            raise NuageError(
                f"{child._describe()} already exists (it has an ID); change it "
                "with save(), or create a copy() of it"
            )
        self._check_child(child)
        child._raise_if_invalid()
        if as_async:
            return self._in_background(
                lambda: self._create_child(child, response_choice, commit),
                callback,
                f"create of {child._describe()} under {self._describe()}",
                subject=child,
            )
        return self._create_child(child, response_choice, commit)

    def _create_child(
        self, child: RESTObject, response_choice: int | None, commit: bool
    ) -> tuple[RESTObject, Connection]:
        connection = self._resolve_session().transport.request(
            "POST",
            self.get_resource_url_for_child_type(type(child)),
            body=child._body(full=False, for_create=True),
            response_choice=response_choice,
        )
        child._apply_server_data(connection.single_object())
        child.__dict__["_parent"] = self
        if commit:
            self.add_child(child)
        return child, connection

    def instantiate_child(
        self,
        child: RESTObject,
        from_template: RESTObject,
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
        commit: bool = True,
    ) -> tuple[RESTObject, Connection] | Future[tuple[RESTObject, Connection]]:
        """Create ``child`` from the template ``from_template`` (sets its templateID)."""
        _require_instance("child", child)
        _require_instance("from_template", from_template)
        if not from_template.id:
            raise NuageError(
                f"cannot instantiate from {type(from_template).__name__}: the "
                "template has no ID"
            )
        if "template_id" not in child.__attributes__:
            raise NuageError(
                f"{type(child).__name__} has no templateID attribute and cannot be "
                "instantiated from a template"
            )
        child.__dict__["template_id"] = from_template.id
        return self.create_child(
            child,
            response_choice=response_choice,
            as_async=as_async,
            callback=callback,
            commit=commit,
        )

    def create_children(
        self,
        children: list[RESTObject],
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
        commit: bool = True,
    ) -> tuple[list[RESTObject], Connection] | Future[Any]:
        """Create several children of one class in one request (bulk POST).

        Returns ``(children, connection)``, each child filled in from its part
        of the reply. A background call's callback gets ``(children,
        connection, response_metadata, errors)`` as in vspk.

        Raises:
            ValidationError: a child is invalid; nothing was sent.
            BulkOperationError: some children were not created; the others
                are filled in and listed in ``error.succeeded``.
        """
        from .bulk import create_children, run_bulk

        return run_bulk(
            self,
            lambda: create_children(
                self, children, response_choice=response_choice, commit=commit
            ),
            as_async,
            callback,
            "bulk create",
        )

    def bulk_save(
        self,
        objects: list[RESTObject],
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
    ) -> tuple[list[RESTObject], Connection] | Future[Any]:
        """Update several children of one class in one request (bulk PUT).

        Each object must have an ID and be a child of this object (or, on
        the root object, of a top-level collection). Each object's changed
        attributes are sent and its part of the reply fills it in.

        Raises:
            ValidationError: an object is invalid; nothing was sent.
            BulkOperationError: some objects were not updated.
        """
        from .bulk import run_bulk, save_children

        return run_bulk(
            self,
            lambda: save_children(self, objects, response_choice=response_choice),
            as_async,
            callback,
            "bulk update",
        )

    def bulk_delete(
        self,
        objects: list[RESTObject],
        response_choice: int | None = None,
        as_async: bool = False,
        callback: Callback = None,
    ) -> tuple[list[RESTObject], Connection] | Future[Any]:
        """Delete several children of one class in one request (DELETE with ``?id=``).

        vspk confirms a 300 reply with choice 1 by default; nuagesdk raises
        :class:`~nuagesdk.rest.errors.ConfirmationRequiredError` unless
        ``response_choice`` is given, as :meth:`delete` does.

        Raises:
            BulkOperationError: some objects were not deleted.
        """
        from .bulk import delete_children, run_bulk

        return run_bulk(
            self,
            lambda: delete_children(self, objects, response_choice=response_choice),
            as_async,
            callback,
            "bulk delete",
        )

    def assign(
        self,
        objects: list[RESTObject],
        nurest_object_type: type[RESTObject],
        as_async: bool = False,
        callback: Callback = None,
        commit: bool = True,
    ) -> tuple[RESTObject, Connection] | Future[tuple[RESTObject, Connection]]:
        """Set the members of type ``nurest_object_type`` to exactly ``objects`` (PUT).

        The list replaces the current members: pass the existing members plus
        the new ones to add, and ``[]`` to remove them all.
        """
        if not isinstance(nurest_object_type, type) or not issubclass(
            nurest_object_type, RESTObject
        ):
            raise TypeError(
                "assign() takes the class of the members as nurest_object_type, "
                f"for example NUUser, not {nurest_object_type!r}"
            )
        if isinstance(objects, RESTObject) or not isinstance(objects, (list, tuple)):
            raise TypeError(
                f"assign() takes a list of objects, got {type(objects).__name__}; "
                "pass [obj] for one member"
            )
        declaration = self.__children_by_rest_name__.get(
            nurest_object_type.__rest_name__
        )
        if declaration is None:
            raise ValidationError(
                self._describe(),
                [
                    f"{nurest_object_type.__rest_name__}: not a child of {self.__rest_name__}"
                ],
            )
        ids = []
        for obj in objects:
            if not obj.id:
                raise NuageError(f"cannot assign {obj!r}: it has no ID")
            ids.append(obj.id)
        if as_async:
            return self._in_background(
                lambda: self._assign(objects, nurest_object_type, ids, commit),
                callback,
                f"assign of {nurest_object_type.__rest_name__} members to "
                f"{self._describe()}",
            )
        return self._assign(objects, nurest_object_type, ids, commit)

    def _assign(
        self,
        objects: list[RESTObject],
        nurest_object_type: type[RESTObject],
        ids: list[str],
        commit: bool,
    ) -> tuple[RESTObject, Connection]:
        declaration = self.__children_by_rest_name__[nurest_object_type.__rest_name__]
        connection = self._resolve_session().transport.request(
            "PUT", self.get_resource_url_for_child_type(nurest_object_type), body=ids
        )
        if commit:
            fetcher = getattr(self, declaration.fetcher_name)
            fetcher[:] = list(objects)
        return self, connection

    def _check_child(self, child: RESTObject) -> None:
        child_rest_name = child.__rest_name__
        declaration = self.__children_by_rest_name__.get(child_rest_name)
        if declaration is None:
            raise ValidationError(
                child._describe(),
                [
                    f"{child_rest_name} objects cannot be created under "
                    f"{self.__rest_name__}; {type(self).__name__} declares no such children"
                ],
            )
        hook = getattr(child, "_check_parent", None)
        if hook is not None:
            hook(self)

    # -- local children lists ---------------------------------------------

    def fetcher_for_rest_name(self, rest_name: str) -> Fetcher | None:
        """Return the fetcher of the children whose REST name is ``rest_name``."""
        declaration = self.__children_by_rest_name__.get(rest_name)
        if declaration is None:
            return None
        return getattr(self, declaration.fetcher_name)

    def children_rest_names(self) -> list[str]:
        """Return the REST names of the children this entity declares."""
        return list(self.__children_by_rest_name__)

    def add_child(self, child: RESTObject) -> None:
        """Add ``child`` to the matching fetcher's list (no request is sent)."""
        fetcher = self._fetcher_for_child(child)
        if child not in fetcher:
            fetcher.append(child)

    def remove_child(self, child: RESTObject) -> None:
        """Remove ``child`` from the matching fetcher's list (no request is sent)."""
        fetcher = self._fetcher_for_child(child)
        for index, existing in enumerate(fetcher):
            if existing == child:
                del fetcher[index]
                return

    def update_child(self, child: RESTObject) -> None:
        """Replace the entry equal to ``child`` in the matching fetcher's list."""
        fetcher = self._fetcher_for_child(child)
        for index, existing in enumerate(fetcher):
            if existing == child:
                fetcher[index] = child
                return

    def _fetcher_for_child(self, child: RESTObject) -> Fetcher:
        fetcher = self.fetcher_for_rest_name(child.__rest_name__ or "")
        if fetcher is None:
            raise ValidationError(
                child._describe(),
                [f"{child.__rest_name__} is not a child of {self.__rest_name__}"],
            )
        return fetcher

    # -- object protocol --------------------------------------------------

    def copy(self: SelfT) -> SelfT:
        """Return a new, unsaved object with the same attribute values and no ID."""
        data = self.to_dict()
        data.pop("ID", None)
        clone = type(self)(data=_deep_copy_json(data))
        return clone

    def equals(self, other: object) -> bool:
        """vspk's name for ``==``."""
        return self == other

    def rest_equals(self, other: RESTObject) -> bool:
        """Tell whether ``other`` has the same remote attribute values."""
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RESTObject):
            return NotImplemented
        if self is other:
            return True
        if self.__rest_name__ != other.__rest_name__:
            return False
        return bool(self.id) and self.id == other.id

    def __hash__(self) -> int:
        # NOTE: the hash follows the ID, so an object that gains an ID when it
        # is created changes its hash; do not keep new objects in sets.
        return hash((self.__rest_name__, self.id)) if self.id else id(self)

    def __repr__(self) -> str:
        values = self.__dict__
        shown = []
        for name in ("id", "name", "command", "status"):
            if name in self.__attributes__ and values.get(name) is not None:
                shown.append(f"{name}={values[name]!r}")
        return f"<{type(self).__name__} {' '.join(shown)}>".replace(" >", ">")

    __str__ = __repr__


class RESTRootObject(RESTObject):
    """The root object of an API (``me``): the logged-in user.

    Its URL is ``<base>/me`` with no ID, and its children live at the top of
    the API (``<base>/enterprises``).
    """

    api_key: Attribute[str] = Attribute("APIKey", str, label="API key", secret=True)
    """API key the VSD gave at login (``APIKey``); never shown in reprs or logs."""
    api_key_expiry: Attribute[float] = Attribute(
        "APIKeyExpiry", float, subtype="time", label="API key expiry", read_only=True
    )
    """Expiry time of the API key in epoch milliseconds (``APIKeyExpiry``)."""
    user_name: Attribute[str] = Attribute("userName", str, label="User name")
    """Login name (``userName``)."""
    password: Attribute[str] = Attribute("password", str, label="Password", secret=True)
    """Password (``password``); set it and save to change the password."""

    def get_resource_url(self) -> str:
        """Return ``<base>/me``: the root object is read and saved without an ID."""
        return f"{self._resolve_session().base_url}/{self.__resource_name__}"

    def get_resource_url_for_child_type(self, child_class: type[RESTObject]) -> str:
        """Return ``<base>/<resource>``: children of the root sit at the top level."""
        child_class._require_rest_name()
        return f"{self._resolve_session().base_url}/{child_class.__resource_name__}"

    def _require_id(self, action: str) -> None:
        return None

    def __repr__(self) -> str:
        values = self.__dict__
        shown = [
            f"{name}={values[name]!r}"
            for name in ("id", "user_name")
            if values.get(name)
        ]
        return f"<{type(self).__name__} {' '.join(shown)}>".replace(" >", ">")

    __str__ = __repr__


def _require_instance(argument: str, value: object) -> None:
    if not isinstance(value, RESTObject):
        kind = f"the class {value.__name__}" if isinstance(value, type) else repr(value)
        raise TypeError(
            f"{argument} must be an entity object such as NUEnterprise(name=...), "
            f"got {kind}"
        )


def _callback_arguments(result: tuple[Any, Connection]) -> tuple[Any, ...]:
    # vspk's callbacks of object calls take (object, connection).
    return result


def _deep_copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy_json(item) for item in value]
    return value


RESTObject._collect_declarations()
RESTRootObject._collect_declarations()

NURESTObject = RESTObject
NURESTRootObject = RESTRootObject
