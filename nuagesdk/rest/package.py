"""Lazy loading of a generated API package.

A generated package such as ``nuagesdk.v6`` holds one module per entity.
Importing all of them up front would cost far more than most scripts use,
so the package ``__init__`` builds an :class:`APIPackage` and hands it its
module-level ``__getattr__`` and ``__dir__`` (PEP 562): a class is imported
the first time a script names it.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from .object import RESTObject


class APIPackage:
    """Registry of the entity classes of one API version.

    ``classes`` maps each class name to ``(module name, rest name)``; the
    rest name is ``None`` for payload types that have no URL of their own.
    """

    def __init__(
        self,
        package_name: str,
        *,
        version: str,
        prefix: str,
        root_rest_name: str,
        classes: dict[str, tuple[str, str | None]],
        extra_exports: dict[str, str] | None = None,
    ) -> None:
        self.package_name = package_name
        self.version = version
        self.prefix = prefix
        self.root_rest_name = root_rest_name
        self.classes = classes
        self._modules_by_class = {name: module for name, (module, _) in classes.items()}
        # Extra names (NUVSDSession) live in their own module.
        self._modules_by_class.update(extra_exports or {})
        self._class_names_by_rest_name = {
            rest_name: name
            for name, (_, rest_name) in classes.items()
            if rest_name is not None
        }

    @property
    def url_segment(self) -> str:
        """Version segment of the URL: ``v6``, ``v5_0``, ``v3_2``."""
        return "v" + self.version.replace(".", "_")

    def load(self, class_name: str) -> Any:
        """Import and return the class (or other export) named ``class_name``."""
        module_name = self._modules_by_class.get(class_name)
        if module_name is None:
            raise AttributeError(
                f"module {self.package_name!r} has no attribute {class_name!r}"
            )
        module = importlib.import_module(f"{self.package_name}.{module_name}")
        value = getattr(module, class_name)
        # Cache on the package module so the next lookup skips __getattr__.
        setattr(sys.modules[self.package_name], class_name, value)
        return value

    def module_getattr(self, name: str) -> Any:
        """Module ``__getattr__`` of the generated package."""
        if name.startswith("__"):
            raise AttributeError(name)
        return self.load(name)

    def module_dir(self) -> list[str]:
        """Module ``__dir__`` of the generated package."""
        return sorted(
            set(self._modules_by_class) | set(vars(sys.modules[self.package_name]))
        )

    def class_for_rest_name(self, rest_name: str) -> type[RESTObject]:
        """Return the entity class whose REST name is ``rest_name``.

        Raises:
            KeyError: no entity of this API version has that REST name.
        """
        try:
            class_name = self._class_names_by_rest_name[rest_name]
        except KeyError:
            raise KeyError(
                f"API {self.version} has no entity with REST name {rest_name!r}"
            ) from None
        return self.load(class_name)

    def has_rest_name(self, rest_name: str) -> bool:
        """Tell whether an entity of this version has the REST name ``rest_name``."""
        return rest_name in self._class_names_by_rest_name

    @property
    def root_class(self) -> type[RESTObject]:
        """Class of the root object (``NUMe``)."""
        return self.class_for_rest_name(self.root_rest_name)

    def iter_classes(self) -> Iterator[type[RESTObject]]:
        """Import and yield every entity class, in class-name order."""
        for class_name in sorted(self.classes):
            yield self.load(class_name)


def api_package_of(entity_class: type) -> APIPackage:
    """Return the :class:`APIPackage` of the package that defines ``entity_class``."""
    package_name = entity_class.__module__.rpartition(".")[0]
    module = sys.modules.get(package_name) or importlib.import_module(package_name)
    try:
        return module.API
    except AttributeError:
        raise LookupError(
            f"{entity_class.__name__} is not part of a generated API package "
            f"({package_name!r} defines no API registry)"
        ) from None
