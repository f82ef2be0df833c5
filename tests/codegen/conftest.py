"""Fixtures of the generator tests: small spec folders in a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from .spec_builders import minimal_specs

SpecFolderFactory = Callable[..., Path]


@pytest.fixture
def make_spec_folder(tmp_path: Path) -> SpecFolderFactory:
    """Return a function that writes spec files and api.info into a new folder.

    ``specs`` maps file names without ".spec" to JSON data, or to a string
    that is written as it is. ``api_info=None`` leaves api.info out.
    """

    def make(
        specs: dict[str, Any] | None = None,
        api_info: dict[str, Any] | None | str = "default",
        name: str = "specs",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if api_info == "default":
            api_info = {"version": "9.1", "prefix": "nuage/api", "root": "me"}
        if api_info is not None:
            (folder / "api.info").write_text(json.dumps(api_info), encoding="utf-8")

        for file_name, data in (minimal_specs() if specs is None else specs).items():
            text = data if isinstance(data, str) else json.dumps(data, indent=2)
            (folder / f"{file_name}.spec").write_text(text, encoding="utf-8")
        return folder

    return make
