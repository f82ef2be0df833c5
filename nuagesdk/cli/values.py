"""Attribute names and values on the command line: ``-p``, ``--fields``, ``--order-by``.

A value given with ``-p NAME=VALUE`` is converted to the attribute's declared
type. ``-p NAME=@FILE`` reads the value from a file, ``-p NAME:=JSON`` takes
a JSON value as it is (``-p description:=null`` clears a value).
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .entities import normalize
from .errors import InputError

if TYPE_CHECKING:
    from nuagesdk.rest import Attribute, RESTObject

    EntityClass = type[RESTObject]

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

_TYPE_WORDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean (true or false)",
    dict: "a JSON object",
    list: "a JSON list",
}


def find_attribute(entity_class: EntityClass, name: str) -> Attribute[Any]:
    """Return the attribute that ``name`` selects, by local or remote name.

    Raises:
        InputError: the entity has no such attribute; close names are suggested.
    """
    key = normalize(name)
    for attribute in entity_class.__attributes__.values():
        if key in (normalize(attribute.local_name), normalize(attribute.remote_name)):
            return attribute

    known = {}
    for attribute in entity_class.__attributes__.values():
        known[normalize(attribute.remote_name)] = attribute.remote_name
        known[normalize(attribute.local_name)] = attribute.remote_name
    close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
    suggestions = sorted({known[c] for c in close})
    message = f"{entity_class.__rest_name__} has no attribute {name!r}."
    if suggestions:
        message += " Did you mean " + " or ".join(map(repr, suggestions)) + "?"
    raise InputError(
        message + f" Run 'nuage show {entity_class.__rest_name__} ID' to see them."
    )


def select_fields(entity_class: EntityClass, text: str | None) -> list[Attribute[Any]]:
    """Return the attributes named in a ``--fields a,b,c`` value (empty: none given)."""
    if not text:
        return []
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise InputError("--fields is empty; give attribute names such as ID,name")
    return [find_attribute(entity_class, name) for name in names]


def parse_order_by(entity_class: EntityClass, text: str | None) -> str | None:
    """Turn ``--order-by "name desc"`` into the header value ``name DESC``."""
    if not text:
        return None
    parts = []
    for item in text.split(","):
        words = item.split()
        if not words or len(words) > 2:
            raise InputError(
                f"invalid --order-by {text!r}: give ATTRIBUTE or ATTRIBUTE DESC, "
                "several separated by commas"
            )
        attribute = find_attribute(entity_class, words[0])
        direction = words[1].upper() if len(words) == 2 else "ASC"
        if direction not in ("ASC", "DESC"):
            raise InputError(
                f"invalid --order-by direction {words[1]!r}: use ASC or DESC"
            )
        if not attribute.orderable and attribute.remote_name != "ID":
            raise InputError(
                f"{entity_class.__rest_name__} cannot be ordered by "
                f"{attribute.remote_name}: the API does not mark it orderable"
            )
        parts.append(f"{attribute.remote_name} {direction}")
    return ", ".join(parts)


def apply_parameters(obj: RESTObject, parameters: tuple[str, ...]) -> list[str]:
    """Set the attributes given as ``-p NAME=VALUE`` on ``obj``.

    Returns the remote names that were set.

    Raises:
        InputError: a name is unknown or read-only, or a value does not fit
            the attribute's type or choices.
    """
    entity_class = type(obj)
    names = []
    for text in parameters:
        name, value_text, is_json = split_parameter(text)
        attribute = find_attribute(entity_class, name)
        if attribute.read_only:
            raise InputError(
                f"{attribute.remote_name} of {entity_class.__rest_name__} is "
                "read-only; the VSD sets it"
            )
        label = f"-p {attribute.remote_name}"
        if is_json:
            value = _decode_json(value_text, label)
        elif value_text.startswith("@@"):
            value = convert_value(attribute, value_text[1:], label)
        elif value_text.startswith("@"):
            value = read_value_file(attribute, value_text[1:], label)
        else:
            value = convert_value(attribute, value_text, label)
        problems = attribute.check(value)
        if problems:
            raise InputError(f"invalid {label}: " + "; ".join(problems))
        setattr(obj, attribute.local_name, value)
        names.append(attribute.remote_name)
    return names


def split_parameter(text: str) -> tuple[str, str, bool]:
    """Split ``NAME=VALUE`` or ``NAME:=JSON`` into ``(name, value, is_json)``."""
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise InputError(
            f"invalid -p {text!r}: write NAME=VALUE, NAME=@FILE or NAME:=JSON"
        )
    if name.endswith(":"):
        return name[:-1], value, True
    return name, value, False


def convert_value(attribute: Attribute[Any], text: str, label: str) -> Any:
    """Convert command-line text to a value of the attribute's declared type."""
    kind = attribute.type
    if kind is str:
        return _match_choice(attribute, text, label)
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        return _wrong_type(attribute, text, label)
    if kind is int:
        try:
            return int(text.strip())
        except ValueError:
            return _wrong_type(attribute, text, label)
    if kind is float:
        try:
            return float(text.strip())
        except ValueError:
            return _wrong_type(attribute, text, label)
    if kind is list and not text.lstrip().startswith("["):
        # Enum lists read well as A,B; JSON lists work too.
        items = [item.strip() for item in text.split(",") if item.strip()]
        if attribute.choices is not None:
            return [_match_choice(attribute, item, label) for item in items]
        return items
    value = _decode_json(text, label)
    if not isinstance(value, kind):
        return _wrong_type(attribute, text, label)
    return value


def read_value_file(attribute: Attribute[Any], path: str, label: str) -> Any:
    """Read a ``-p NAME=@FILE`` value: JSON, or plain text for a string attribute."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"invalid {label}: cannot read {path!r} ({error.strerror or error})"
        ) from None
    except UnicodeDecodeError:
        raise InputError(f"invalid {label}: {path!r} is not UTF-8 text") from None
    if attribute.type is str:
        return text[:-1] if text.endswith("\n") else text
    return _decode_json(text, f"{label} (file {path})")


def _decode_json(text: str, label: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise InputError(f"invalid {label}: not valid JSON ({error})") from None


def _match_choice(attribute: Attribute[Any], text: str, label: str) -> str:
    choices = attribute.choices
    if choices is None or text in choices:
        return text
    for choice in choices:
        if choice.lower() == text.lower():
            return choice
    close = difflib.get_close_matches(text.upper(), list(choices), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise InputError(
        f"invalid {label}: {text!r} is not an allowed value.{hint} Allowed values: "
        + ", ".join(choices)
    )


def _wrong_type(attribute: Attribute[Any], text: str, label: str) -> Any:
    raise InputError(
        f"invalid {label}: {text!r} is not {_TYPE_WORDS[attribute.type]}, the type "
        f"of {attribute.remote_name}"
    )
