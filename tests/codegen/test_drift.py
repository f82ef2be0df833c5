"""The committed packages and reference pages match a fresh generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from nuagesdk.codegen import generate

REPO_ROOT = Path(__file__).parents[2]
SPECS_DIR = Path(__file__).parents[2].parent / "shared" / "specs"
VERSIONS = ["v3_2", "v5_0", "v6"]

pytestmark = pytest.mark.skipif(
    not SPECS_DIR.is_dir(), reason=f"spec folders not present at {SPECS_DIR}"
)


def regenerate_hint(version: str) -> str:
    return (
        f"run: python -m nuagesdk.codegen {SPECS_DIR / version} --out nuagesdk/{version}"
        f" --docs docs/reference/{version}"
    )


def read_files(folder: Path, suffix: str) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(folder.glob(f"*{suffix}"))
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_generated_package_matches_committed(tmp_path: Path, version: str) -> None:
    out_dir = tmp_path / version
    docs_dir = tmp_path / "docs" / version
    generate(SPECS_DIR / version, out_dir, docs_dir)

    committed = read_files(REPO_ROOT / "nuagesdk" / version, ".py")
    fresh = read_files(out_dir, ".py")
    assert sorted(committed) == sorted(fresh)
    changed = sorted(name for name in fresh if fresh[name] != committed[name])
    assert changed == [], f"{changed[:10]} differ; {regenerate_hint(version)}"

    committed_pages = read_files(REPO_ROOT / "docs" / "reference" / version, ".rst")
    fresh_pages = read_files(docs_dir, ".rst")
    assert sorted(committed_pages) == sorted(fresh_pages)
    changed = sorted(n for n in fresh_pages if fresh_pages[n] != committed_pages[n])
    assert changed == [], f"{changed[:10]} differ; {regenerate_hint(version)}"
