"""nuagesdk: a Python SDK for the Nuage Networks VSD REST API.

``import nuagesdk`` gives the API 6 classes lazily (``nuagesdk.NUJob`` is
``nuagesdk.v6.NUJob``); ``from nuagesdk import v5_0`` or ``v3_2`` selects
another API version.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"

# The library only adds a NullHandler; applications configure logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

_VERSION_PACKAGES = ("v3_2", "v5_0", "v6")


def __getattr__(name: str) -> Any:
    if name in _VERSION_PACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    if name.startswith("NU"):
        from . import v6

        return getattr(v6, name)
    if name == "BambouHTTPError":
        from .rest.errors import BambouHTTPError

        return BambouHTTPError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    from . import v6

    return sorted(set(globals()) | set(_VERSION_PACKAGES) | set(v6.__all__))
