"""The classes to generate, computed once from a merged spec set.

Both writers, the Python one and the reference-page one, read this model,
so a name or a parent list is computed in one place only.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from . import naming
from .descriptions import DESCRIPTIONS
from .errors import SpecSetError
from .specs import AttributeSpec, ChildSpec, EntitySpec, SpecSet

# Spec type (after normalize_type) -> Python type of the attribute values.
PYTHON_TYPES = {
    "string": "str",
    "enum": "str",
    "boolean": "bool",
    "integer": "int",
    "float": "float",
    "time": "float",
    "object": "dict",
    "list": "list",
}

SESSION_CLASS = "NUVSDSession"
SESSION_MODULE = "nuvsdsession"
JOB_REST_NAME = "job"

_INTEGER_RE = re.compile(r"-?\d+")


@dataclass(frozen=True)
class AttributeModel:
    """One attribute of a generated class."""

    local_name: str
    vspk_name: str
    python_type: str
    subtype: str | None
    spec: AttributeSpec

    @property
    def remote_name(self) -> str:
        return self.spec.remote_name

    @property
    def default(self) -> Any:
        return typed_default(self.python_type, self.spec.default_value)

    @property
    def label(self) -> str:
        """The spec's label, or one made from the local name when it has none."""
        if self.spec.userlabel:
            return self.spec.userlabel
        return self.local_name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ChildModel:
    """One child collection (fetcher) of a generated class."""

    fetcher_name: str
    vspk_fetcher_name: str
    class_name: str
    module_name: str
    spec: ChildSpec


@dataclass(frozen=True)
class ClassModel:
    """One generated entity class."""

    class_name: str
    module_name: str
    bases: tuple[str, ...]
    entity: EntitySpec
    parents: tuple[str, ...]
    parent_classes: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    attributes: tuple[AttributeModel, ...]
    children: tuple[ChildModel, ...]
    description: str | None
    used_by: tuple[str, ...]

    @property
    def rest_name(self) -> str | None:
        return self.entity.rest_name


@dataclass(frozen=True)
class PackageModel:
    """All classes of one API version."""

    version: str
    prefix: str
    root_rest_name: str
    root_class: str
    classes: tuple[ClassModel, ...]


def typed_default(python_type: str, value: Any) -> Any:
    """Convert a spec default, which is mostly a string, to the attribute type.

    A value that does not convert cleanly ("false" for a list) is kept as
    the spec gives it.
    """
    if not isinstance(value, str):
        return value
    if python_type == "bool" and value in ("true", "false"):
        return value == "true"
    if python_type == "int" and _INTEGER_RE.fullmatch(value):
        return int(value)
    if python_type == "float":
        try:
            return float(value)
        except ValueError:
            return value
    return value


def build_package_model(spec_set: SpecSet) -> PackageModel:
    """Compute names, parents and constants of every class of ``spec_set``.

    Raises:
        SpecSetError: two entities share a class or module name, or an
            attribute and a fetcher of one class share a name.
    """
    entities = spec_set.entities
    _check_unique_names(entities)
    by_rest_name = {e.rest_name: e for e in entities if e.rest_name is not None}
    parents = _parents_by_rest_name(entities)
    used_by = _payload_users(entities)
    root = spec_set.api_info.root

    classes = []
    for entity in entities:
        parent_names = tuple(sorted(parents.get(entity.rest_name, ())))
        attributes = tuple(_attribute_model(entity, a) for a in entity.attributes)
        children = tuple(_child_model(by_rest_name, c) for c in entity.children)
        _check_member_names(spec_set, entity, attributes, children)

        classes.append(
            ClassModel(
                class_name=naming.class_name(entity.entity_name),
                module_name=naming.module_name(entity.entity_name),
                bases=_base_classes(entity, root),
                entity=entity,
                parents=parent_names,
                parent_classes=tuple(
                    naming.class_name(by_rest_name[name].entity_name)
                    for name in parent_names
                ),
                constants=_constants(attributes),
                attributes=tuple(sorted(attributes, key=lambda a: a.local_name)),
                children=tuple(sorted(children, key=lambda c: c.fetcher_name)),
                description=DESCRIPTIONS.get(entity.rest_name or ""),
                used_by=tuple(sorted(used_by.get(entity.entity_name, ()))),
            )
        )

    classes.sort(key=lambda model: model.class_name)
    return PackageModel(
        version=spec_set.api_info.version,
        prefix=spec_set.api_info.prefix,
        root_rest_name=root,
        root_class=naming.class_name(by_rest_name[root].entity_name),
        classes=tuple(classes),
    )


def _base_classes(entity: EntitySpec, root_rest_name: str) -> tuple[str, ...]:
    if entity.rest_name == root_rest_name:
        return ("RESTRootObject",)
    if entity.rest_name == JOB_REST_NAME:
        return ("JobMixin", "RESTObject")
    return ("RESTObject",)


def _attribute_model(entity: EntitySpec, spec: AttributeSpec) -> AttributeModel:
    vspk_name = naming.vspk_attribute_name(entity.rest_name, spec.remote_name)
    local_name = naming.readable_name(vspk_name)
    if keyword.iskeyword(local_name):
        local_name += "_"

    python_type = PYTHON_TYPES[spec.type]
    subtype = spec.subtype
    # VSD sends times as epoch milliseconds. API 6 declares creationDate as a
    # string with subtype "time", so it is typed like a "time" attribute.
    if spec.type == "time" or (spec.type == "string" and subtype == "time"):
        python_type = "float"
        subtype = "time"
    return AttributeModel(
        local_name=local_name,
        vspk_name=vspk_name,
        python_type=python_type,
        subtype=subtype,
        spec=spec,
    )


def _child_model(by_rest_name: dict[str, EntitySpec], spec: ChildSpec) -> ChildModel:
    child = by_rest_name[spec.rest_name]
    vspk_name = naming.vspk_fetcher_name(child.entity_name)
    return ChildModel(
        fetcher_name=naming.readable_name(vspk_name),
        vspk_fetcher_name=vspk_name,
        class_name=naming.class_name(child.entity_name),
        module_name=naming.module_name(child.entity_name),
        spec=spec,
    )


def _constants(attributes: tuple[AttributeModel, ...]) -> tuple[tuple[str, str], ...]:
    """Return (name, value) of every choice constant, first name wins.

    Constant names use vspk's spelling of the attribute name, because vspk
    scripts refer to them.
    """
    constants: dict[str, str] = {}
    for attribute in sorted(attributes, key=lambda a: a.local_name):
        for choice in sorted(attribute.spec.choices or ()):
            name = naming.constant_name(attribute.vspk_name, choice)
            if name and name not in constants:
                constants[name] = choice
    return tuple(constants.items())


def _parents_by_rest_name(entities: tuple[EntitySpec, ...]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for entity in entities:
        if entity.rest_name is None:
            continue
        for child in entity.children:
            parents.setdefault(child.rest_name, set()).add(entity.rest_name)
    return parents


def _payload_users(entities: tuple[EntitySpec, ...]) -> dict[str, set[str]]:
    """Map entity names to the attributes that carry them as values.

    Entities without a REST name are payload types: they appear only as the
    subtype of a list or object attribute of another entity.
    """
    payload_names = {e.entity_name for e in entities if e.rest_name is None}
    users: dict[str, set[str]] = {}
    for entity in entities:
        for attribute in entity.attributes:
            if attribute.subtype in payload_names:
                vspk_name = naming.vspk_attribute_name(
                    entity.rest_name, attribute.remote_name
                )
                owner = naming.class_name(entity.entity_name)
                local_name = naming.readable_name(vspk_name)
                users.setdefault(attribute.subtype, set()).add(f"{owner}.{local_name}")
    return users


def _check_unique_names(entities: tuple[EntitySpec, ...]) -> None:
    modules: dict[str, str] = {SESSION_MODULE: "the session module"}
    for entity in entities:
        module = naming.module_name(entity.entity_name)
        other = modules.get(module)
        if other is not None:
            raise SpecSetError(
                f"{entity.file_name}.spec and {other} would both be written to "
                f"{module}.py; change one entity_name"
            )
        modules[module] = f"{entity.file_name}.spec"


def _check_member_names(
    spec_set: SpecSet,
    entity: EntitySpec,
    attributes: tuple[AttributeModel, ...],
    children: tuple[ChildModel, ...],
) -> None:
    # A vspk spelling kept as an alias takes a name in the class as well.
    members: list[tuple[str, str]] = []
    for attribute in attributes:
        origin = f'attribute "{attribute.remote_name}"'
        for name in dict.fromkeys((attribute.local_name, attribute.vspk_name)):
            members.append((name, origin))
    for child in children:
        origin = f'child "{child.spec.rest_name}"'
        for name in dict.fromkeys((child.fetcher_name, child.vspk_fetcher_name)):
            members.append((name, origin))

    seen: dict[str, str] = {}
    for name, origin in members:
        if name in seen:
            raise SpecSetError(
                f"{spec_set.folder / (entity.file_name + '.spec')}: {seen[name]} "
                f"and {origin} both become the Python name {name!r}"
            )
        seen[name] = origin
