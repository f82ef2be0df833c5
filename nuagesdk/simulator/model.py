"""The entity model of one API version, as URL routing and rendering need it.

The simulator has no per-entity code: it reads the generated classes. An
:class:`APIModel` wraps one generated package (``nuagesdk.v6.API``) and
imports a class only when a request names it, so serving a few entities
does not import all 300 modules.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Protocol

from .store import SERVER_ATTRIBUTES, Record

if TYPE_CHECKING:
    from nuagesdk.rest.attribute import Attribute
    from nuagesdk.rest.children import Children
    from nuagesdk.rest.object import RESTObject


class APIPackageLike(Protocol):
    """The part of :class:`nuagesdk.rest.package.APIPackage` that the simulator uses."""

    version: str
    prefix: str
    root_rest_name: str

    @property
    def url_segment(self) -> str: ...

    @property
    def root_class(self) -> type[RESTObject]: ...

    def class_for_rest_name(self, rest_name: str) -> type[RESTObject]: ...

    def has_rest_name(self, rest_name: str) -> bool: ...

    def iter_classes(self) -> Iterator[type[RESTObject]]: ...


def is_secret(attribute: Attribute[Any]) -> bool:
    """Tell whether an attribute's value is never sent back (passwords)."""
    return attribute.secret or attribute.remote_name == "password"


class APIModel:
    """Entity lookups and rendering for one API version."""

    def __init__(self, package: APIPackageLike) -> None:
        self.package = package
        self.version = package.version
        self.prefix = package.prefix.strip("/")
        self.url_segment = package.url_segment
        self.root_class = package.root_class
        self.root_resource = self.root_class.__resource_name__ or package.root_rest_name
        self._lock = threading.Lock()
        self._entities: dict[str, type[RESTObject] | None] = {}
        self._children_by_resource: dict[tuple[type, str], Children | None] = {}
        self._classes_by_resource: dict[str, type[RESTObject]] | None = None
        self._rendered_names: dict[type, tuple[tuple[str, bool], ...]] = {}
        self._visible: dict[type, dict[str, Attribute[Any]]] = {}

    def __repr__(self) -> str:
        return f"<APIModel {self.version} /{self.prefix}/{self.url_segment}>"

    # -- lookups ---------------------------------------------------------------

    def entity(self, rest_name: str | None) -> type[RESTObject] | None:
        """Return the class with REST name ``rest_name``, or ``None`` in this version."""
        if rest_name is None:
            return None
        try:
            return self._entities[rest_name]
        except KeyError:
            pass
        found = None
        if self.package.has_rest_name(rest_name):
            found = self.package.class_for_rest_name(rest_name)
        self._entities[rest_name] = found
        return found

    def child_for_resource(
        self, parent_class: type[RESTObject], resource: str
    ) -> Children | None:
        """Return the children declaration of ``parent_class`` served at ``resource``."""
        key = (parent_class, resource)
        with self._lock:
            if key in self._children_by_resource:
                return self._children_by_resource[key]
        found = None
        for declaration in parent_class.__children__.values():
            child_class = self.entity(declaration.rest_name)
            if child_class is not None and child_class.__resource_name__ == resource:
                found = declaration
                break
        with self._lock:
            self._children_by_resource[key] = found
        return found

    def class_for_resource(self, resource: str) -> type[RESTObject] | None:
        """Return the class whose resource name is ``resource``, importing every class once."""
        with self._lock:
            index = self._classes_by_resource
        if index is None:
            index = {
                cls.__resource_name__: cls
                for cls in self.package.iter_classes()
                if cls.__resource_name__ is not None
            }
            with self._lock:
                self._classes_by_resource = index
        return index.get(resource)

    def visible_attributes(
        self, entity_class: type[RESTObject]
    ) -> Mapping[str, Attribute[Any]]:
        """Return remote name -> attribute of what filters and ordering may use.

        Secret attributes are left out: their values are never sent, so a
        filter must not reveal them either.
        """
        visible = self._visible.get(entity_class)
        if visible is None:
            visible = {
                name: attribute
                for name, attribute in entity_class.__remote_attributes__.items()
                if not is_secret(attribute)
            }
            self._visible[entity_class] = visible
        return visible

    # -- rendering -------------------------------------------------------------

    def render(self, entity_class: type[RESTObject], record: Record) -> dict[str, Any]:
        """Return the record as this version sends it: every declared attribute,
        ``None`` where unset or secret, plus the server-set attributes."""
        names = self._rendered_names.get(entity_class)
        if names is None:
            pairs = [
                (name, is_secret(attribute))
                for name, attribute in entity_class.__remote_attributes__.items()
            ]
            pairs += [
                (name, False)
                for name in sorted(SERVER_ATTRIBUTES)
                if name not in entity_class.__remote_attributes__
            ]
            names = tuple(pairs)
            self._rendered_names[entity_class] = names
        data = record.data
        return {name: None if secret else data.get(name) for name, secret in names}
