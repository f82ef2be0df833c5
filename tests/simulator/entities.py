"""Small entity classes and an API package for unit tests of the simulator.

They declare the kinds of attributes and relationships the simulator must
handle, without the generated packages.
"""

from __future__ import annotations

from typing import Iterator

from nuagesdk.rest.attribute import Attribute
from nuagesdk.rest.children import Children
from nuagesdk.rest.jobs import JobMixin
from nuagesdk.rest.object import RESTObject, RESTRootObject


class NUTestItem(RESTObject):
    __rest_name__ = "item"
    __resource_name__ = "items"
    __operations__ = frozenset({"get", "update", "delete"})

    name = Attribute("name", str, required=True, max_length=20, filterable=True)
    rank = Attribute("rank", int, min_value=0, max_value=1000)
    score = Attribute("score", float)
    enabled = Attribute("enabled", bool, default=False)
    category = Attribute("category", str, choices=("RED", "GREEN", "BLUE"))
    tags = Attribute("tags", list)
    external_id = Attribute("externalID", str, unique=True)
    serial = Attribute("serial", str, creation_only=True)
    status = Attribute("status", str, read_only=True, default="NEW")
    secret = Attribute("secretValue", str, secret=True)

    items = Children("item", "child", get=True, create=True)


class NUTestJob(JobMixin, RESTObject):
    __rest_name__ = "job"
    __resource_name__ = "jobs"
    __operations__ = frozenset({"get", "update", "delete"})

    command = Attribute(
        "command", str, required=True, choices=("EXPORT", "IMPORT", "NOOP", "RELOAD")
    )
    parameters = Attribute("parameters", dict)
    progress = Attribute("progress", float)
    result = Attribute("result", dict)
    status = Attribute("status", str, choices=("RUNNING", "SUCCESS", "FAILED"))
    assoc_entity_type = Attribute("assocEntityType", str)


class NUTestTag(RESTObject):
    __rest_name__ = "tag"
    __resource_name__ = "tags"
    __operations__ = frozenset({"get", "update", "delete"})

    name = Attribute("name", str, required=True)


class NUTestFolder(RESTObject):
    __rest_name__ = "folder"
    __resource_name__ = "folders"
    __operations__ = frozenset({"get", "update", "delete"})
    __allowed_job_commands__ = ("EXPORT", "IMPORT", "NOOP")

    name = Attribute("name", str, required=True)

    items = Children("item", "child", get=True, create=True)
    tags = Children("tag", "member", get=True, update=True)
    jobs = Children("job", "child", create=True)


class NUTestMe(RESTRootObject):
    __rest_name__ = "me"
    __resource_name__ = "me"

    enterprise_id = Attribute("enterpriseID", str)
    enterprise_name = Attribute("enterpriseName", str)
    role = Attribute("role", str)

    folders = Children("folder", "root", get=True, create=True)
    items = Children("item", "root", get=True)
    tags = Children("tag", "root", get=True, create=True)


CLASSES = (NUTestItem, NUTestJob, NUTestTag, NUTestFolder, NUTestMe)


class StubPackage:
    """Stands for a generated package's ``API``: the same lookups, fixed classes."""

    version = "1.0"
    prefix = "nuage/api"
    root_rest_name = "me"
    url_segment = "v1_0"

    def __init__(self) -> None:
        self._classes = {cls.__rest_name__: cls for cls in CLASSES}

    @property
    def root_class(self) -> type[RESTObject]:
        return NUTestMe

    def class_for_rest_name(self, rest_name: str) -> type[RESTObject]:
        return self._classes[rest_name]

    def has_rest_name(self, rest_name: str) -> bool:
        return rest_name in self._classes

    def iter_classes(self) -> Iterator[type[RESTObject]]:
        return iter(CLASSES)
