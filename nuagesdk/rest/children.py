"""Child relationship declarations of REST entities.

An entity class declares each child collection once, at class level::

    class NUDomain(RESTObject):
        metadatas = Children("metadata", "child", get=True, create=True)

Reading ``domain.metadatas`` gives a :class:`~nuagesdk.rest.fetcher.Fetcher`
bound to that domain. The fetcher is made on first access and then cached in
the instance ``__dict__``, so later reads are plain attribute lookups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .fetcher import Fetcher
    from .object import RESTObject

RELATIONSHIPS = ("child", "member", "root", "alias")


class Children:
    """A collection of children declared by a parent entity.

    ``rest_name`` names the child entity and ``relationship`` is ``child``
    (owned, created under the parent), ``member`` (links set with
    :meth:`RESTObject.assign`), ``root`` (a top-level collection of the
    root object) or ``alias`` (treated as ``child``; no VSD API uses it). The flags give the operations that the collection URL
    ``<parent>/<id>/<resource>`` allows.
    """

    __slots__ = (
        "fetcher_name",
        "rest_name",
        "relationship",
        "get",
        "create",
        "update",
        "delete",
        "bulk_create",
        "bulk_update",
        "bulk_delete",
        "deprecated",
        "owner",
    )

    def __init__(
        self,
        rest_name: str,
        relationship: str = "child",
        *,
        get: bool = False,
        create: bool = False,
        update: bool = False,
        delete: bool = False,
        bulk_create: bool = False,
        bulk_update: bool = False,
        bulk_delete: bool = False,
        deprecated: bool = False,
    ) -> None:
        if relationship not in RELATIONSHIPS:
            raise ValueError(
                f"children {rest_name!r}: unknown relationship {relationship!r}; "
                f"use one of {', '.join(RELATIONSHIPS)}"
            )
        self.fetcher_name = ""
        self.rest_name = rest_name
        self.relationship = relationship
        self.get = get
        self.create = create
        self.update = update
        self.delete = delete
        self.bulk_create = bulk_create
        self.bulk_update = bulk_update
        self.bulk_delete = bulk_delete
        self.deprecated = deprecated
        self.owner: type | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.fetcher_name = name
        self.owner = owner

    def __get__(self, instance: RESTObject | None, owner: type) -> Any:
        if instance is None:
            return self
        from .fetcher import Fetcher

        fetcher = Fetcher(instance, self)
        instance.__dict__[self.fetcher_name] = fetcher
        return fetcher

    @property
    def child_class(self) -> type[RESTObject]:
        """Entity class of the children, looked up in the owner's API package."""
        from .package import api_package_of

        assert self.owner is not None, "Children used outside a class body"
        return api_package_of(self.owner).class_for_rest_name(self.rest_name)

    def __repr__(self) -> str:
        return f"<Children {self.fetcher_name} ({self.rest_name}, {self.relationship})>"


class ChildrenAlias:
    """A second fetcher name kept for vspk's spelling (``saa_s_application_types``)."""

    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target

    def __get__(self, instance: Any, owner: type) -> Fetcher | Children:
        if instance is None:
            return getattr(owner, self.target)
        return getattr(instance, self.target)
