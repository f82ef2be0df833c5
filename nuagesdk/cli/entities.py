"""Entity names on the command line, resolved from the API model.

``domains``, ``domain``, ``Domain`` and ``NUDomain`` all name the Domain
entity. Plural names are the resource names that the model declares
(``patches``, ``policies``, ``vrss``), never a name with its last letter cut.
Matching ignores case, ``-`` and ``_`` (``VPort``, ``egress-acl-templates``).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from nuagesdk.rest import APIPackage, Children, RESTObject

    EntityClass = type[RESTObject]

#: Operations on a child collection, with the flag of its declaration that
#: allows each and the words of the message when the flag is off.
_OPERATIONS = {
    "list": ("get", "list"),
    "create": ("create", "create"),
    "assign": ("update", "assign"),
}


def normalize(name: str) -> str:
    """Return the form of an entity or attribute name used for matching."""
    return "".join(char for char in name.lower() if char not in "-_ ")


def names_of(entity_class: EntityClass) -> set[str]:
    """Return the normalized names that select ``entity_class``."""
    names = {normalize(entity_class.__name__)}
    for name in (
        entity_class.__rest_name__,
        entity_class.__resource_name__,
        entity_class.__entity_name__,
    ):
        if name:
            names.add(normalize(name))
    if entity_class.__name__.startswith("NU"):
        names.add(normalize(entity_class.__name__[2:]))
    return names


def addressable_classes(api: APIPackage) -> list[EntityClass]:
    """Return the entity classes that have a URL, in class-name order."""
    return [cls for cls in api.iter_classes() if cls.__resource_name__ is not None]


def resolve_entity(api: APIPackage, name: str) -> EntityClass:
    """Return the entity class that ``name`` selects in ``api``.

    Raises:
        InputError: no entity has that name; the message suggests close ones.
    """
    key = normalize(name)
    if not key:
        raise InputError("the entity name is empty; run 'nuage objects' for the list")

    # Most names are REST or class names, found without importing anything.
    for class_name, (_, rest_name) in api.classes.items():
        if rest_name is None:
            continue
        if key in (
            normalize(rest_name),
            normalize(class_name),
            normalize(class_name[2:]),
        ):
            return api.load(class_name)

    # A resource name such as "policies" starts with its REST name ("policy")
    # less one letter at most. Those classes are imported first; the full scan
    # below still decides when none of them matches.
    for class_name, (_, rest_name) in api.classes.items():
        if rest_name and key.startswith(rest_name[:-1]):
            entity_class = api.load(class_name)
            if entity_class.__resource_name__ and key in names_of(entity_class):
                return entity_class

    matches = [cls for cls in addressable_classes(api) if key in names_of(cls)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InputError(
            f"the entity name {name!r} is ambiguous: it names "
            + ", ".join(cls.__rest_name__ or cls.__name__ for cls in matches)
        )
    raise InputError(_unknown_entity_message(api, name))


def _unknown_entity_message(api: APIPackage, name: str) -> str:
    known: dict[str, tuple[str, str]] = {}
    for entity_class in addressable_classes(api):
        for shown in (entity_class.__rest_name__, entity_class.__resource_name__):
            if shown:
                known[normalize(shown)] = (entity_class.__name__, shown)
    close = difflib.get_close_matches(normalize(name), list(known), n=6, cutoff=0.6)
    # One suggestion per entity: "domains" and "domain" name the same one.
    suggestions: dict[str, str] = {}
    for key in close:
        class_name, shown = known[key]
        suggestions.setdefault(class_name, shown)
    message = f"unknown entity {name!r} in API {api.version}."
    if suggestions:
        shown_names = [repr(shown) for shown in list(suggestions.values())[:3]]
        message += " Did you mean " + " or ".join(shown_names) + "?"
    return message + " Run 'nuage objects' to see every entity name."


def describe_parents(entity_class: EntityClass) -> str:
    """Return the parents of an entity as a reader would type them after ``--in``."""
    parents = sorted(entity_class.__parents__)
    shown = [parent for parent in parents if parent != "me"]
    if "me" in parents:
        shown.insert(0, "the top level (no --in)")
    return ", ".join(shown) or "no parent in this API version"


def child_declaration(
    parent_class: EntityClass, child_class: EntityClass, operation: str
) -> Children:
    """Return how ``parent_class`` declares ``child_class``, checked for ``operation``.

    ``operation`` is ``list``, ``create`` or ``assign``.

    Raises:
        InputError: the parent has no such children, or the VSD does not
            allow the operation on them.
    """
    child_rest = child_class.__rest_name__ or ""
    plural = child_class.__resource_name__
    declaration = parent_class.__children_by_rest_name__.get(child_rest)
    is_root = parent_class.__rest_name__ == "me"
    if declaration is None:
        where = "the top level" if is_root else parent_class.__rest_name__
        hint = (
            "give their parent with --in PARENT_ENTITY PARENT_ID"
            if is_root
            else "they are found under"
        )
        raise InputError(
            f"{plural} are not children of {where}; {hint}: "
            f"{describe_parents(child_class)}"
        )

    flag, verb = _OPERATIONS[operation]
    if operation == "assign" and declaration.relationship != "member":
        raise InputError(
            f"{plural} are children of {parent_class.__rest_name__}, not members, "
            f"so they are created there rather than assigned: use 'nuage create "
            f"{child_rest} --in {parent_class.__rest_name__} ID'"
        )
    if not getattr(declaration, flag):
        where = "at the top level" if is_root else f"under {parent_class.__rest_name__}"
        allowed = [
            name
            for name, (other_flag, _) in _OPERATIONS.items()
            if getattr(declaration, other_flag) and name != "assign"
        ]
        also = f" (it allows: {', '.join(allowed)})" if allowed else ""
        raise InputError(f"the VSD API does not {verb} {plural} {where}{also}")
    return declaration
