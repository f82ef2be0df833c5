"""Python names for VSD spec names.

vspk scripts use the names that monolithe's Python generator derives from the
specs, so these rules reproduce that conversion exactly. The one deliberate
change is a readable spelling for names where the conversion splits "SaaS"
into ``saa_s``; the vspk spelling stays available as an alias.
"""

from __future__ import annotations

import re

# Acronyms rewritten before the snake_case conversion, as monolithe does, so
# that "VPortID" becomes "vport_id" and not "v_port_id". A single regular
# expression applies the table, left to right, with the first listed
# alternative winning at a position.
_REPLACEMENTS = {
    "IPID": "IpID",
    "VCenter": "Vcenter",
    "vCenter": "Vcenter",
    "VPort": "Vport",
    "IPv6": "Ipv6",
    "IPv4": "Ipv4",
    "DHCPv4": "Dhcpv4",
    "DHCPv6": "Dhcpv6",
}
_REPLACEMENT_RE = re.compile("|".join(re.escape(key) for key in _REPLACEMENTS))

# A capital that starts a lowercase run gets an underscore before it, unless
# the capital is directly followed by "s". That exception keeps plural
# acronyms whole ("NSGs" -> "nsgs") and also glues "CPUUsage" -> "cpuusage".
_WORD_START_RE = re.compile(r"(.)([A-Z](?!s)[a-z]+)")
_CASE_CHANGE_RE = re.compile(r"([a-z0-9])([A-Z])")

# Remote names that vspk renames before the conversion, keyed by
# (entity REST name, remote name). "global" is a Python keyword.
_ATTRIBUTE_MAPPING = {
    ("metadata", "global"): "global_metadata",
    ("globalmetadata", "global"): "global_metadata",
    ("aggregatemetadata", "global"): "global_metadata",
}

_VOWELS_AND_Y = frozenset("aeiouy")
_IDENTIFIER_PART_RE = re.compile(r"[^A-Za-z0-9_]+")


def idiomatic_name(name: str) -> str:
    """Convert a camelCase spec name to vspk's snake_case Python name."""
    cleaned = _REPLACEMENT_RE.sub(lambda match: _REPLACEMENTS[match.group(0)], name)
    split_words = _WORD_START_RE.sub(r"\1_\2", cleaned)
    return _CASE_CHANGE_RE.sub(r"\1_\2", split_words).lower()


def plural(name: str) -> str:
    """Return monolithe's plural of an entity name.

    A final "y" after a consonant becomes "ies", a final lowercase "s" is
    kept as it is, and any other name gets an "s" ("VRS" -> "VRSs").
    """
    if len(name) >= 2 and name[-1] == "y" and name[-2] not in _VOWELS_AND_Y:
        return name[:-1] + "ies"
    if name.endswith("s"):
        return name
    return name + "s"


def vspk_attribute_name(rest_name: str | None, remote_name: str) -> str:
    """Return vspk's local name of the attribute ``remote_name`` of an entity."""
    mapped = _ATTRIBUTE_MAPPING.get((rest_name or "", remote_name))
    if mapped is not None:
        return mapped
    return idiomatic_name(remote_name)


def vspk_fetcher_name(entity_name: str) -> str:
    """Return vspk's fetcher name for children of the entity ``entity_name``."""
    return idiomatic_name(plural(entity_name))


def readable_name(vspk_name: str) -> str:
    """Return the name nuagesdk declares for a vspk name.

    The conversion turns "SaaS" into ``saa_s``. nuagesdk spells it ``saas``
    and keeps the vspk name as an alias. Other names are returned unchanged.
    """
    return vspk_name.replace("saa_s", "saas")


def class_name(entity_name: str) -> str:
    """Return the class name of an entity: "NU" and the entity name as given."""
    return "NU" + entity_name


def module_name(entity_name: str) -> str:
    """Return the module name of an entity: "nu" and the lowercase entity name."""
    return "nu" + entity_name.lower()


def constant_part(choice: str) -> str:
    """Return the part of a constant name that stands for an attribute choice.

    Characters that cannot appear in an identifier are replaced by "_", and
    leading or trailing ones are dropped, so the choice "DROP " gives "DROP".
    """
    return _IDENTIFIER_PART_RE.sub("_", choice.strip()).strip("_").upper()


def constant_name(local_name: str, choice: str) -> str:
    """Return the class constant for one choice of an attribute.

    An empty string is returned when the choice has no character that can
    appear in an identifier.
    """
    part = constant_part(choice)
    if not part:
        return ""
    return f"CONST_{local_name.upper()}_{part}"
