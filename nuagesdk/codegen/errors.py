"""Errors raised by the code generator.

Every error derives from :class:`CodegenError`, so a caller can catch one
class. The command line prints the message and exits with status 2::

    CodegenError
    ├── SpecFolderNotFoundError   the spec folder does not exist
    ├── ApiInfoError              api.info is missing or invalid
    ├── SpecFormatError           a .spec file is invalid
    └── SpecSetError              the specs disagree with each other
"""

from __future__ import annotations

from pathlib import Path


class CodegenError(Exception):
    """Base class of the generator's errors."""


class SpecFolderNotFoundError(CodegenError):
    """The spec folder does not exist or is not a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"spec folder not found: {path}. Pass a folder that contains "
            f"api.info and the .spec files."
        )


class ApiInfoError(CodegenError):
    """``api.info`` is missing, is not valid JSON or lacks a key."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class SpecFormatError(CodegenError):
    """A ``.spec`` file is not valid JSON or does not have the spec format."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class SpecSetError(CodegenError):
    """The spec files are valid one by one but not together.

    Examples are two specs with the same REST name, a child entry that names
    no spec, or two entities that would get the same class name.
    """
