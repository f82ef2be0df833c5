"""Build the documentation site with warnings as errors and check the result.

The site is built once per test module, into a temporary folder, with the
options of the CI build plus ``-j auto``. A full build writes some 750
pages, in 40 to 70 seconds on a busy two-core machine with Sphinx 9.0.
"""

from __future__ import annotations

import html
import importlib
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .guide_blocks import DOCS_DIR

pytest.importorskip(
    "sphinx", reason="Sphinx is not installed; install the docs extra to build the site"
)

VERSIONS = ["v3_2", "v5_0", "v6"]
_HREF = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-j",
            "auto",
            "-b",
            "html",
            str(DOCS_DIR),
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout}{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return output


def local_links(page: Path) -> list[str]:
    """Return the targets of the page's links and sources that stay on the site."""
    links = []
    for target in _HREF.findall(page.read_text(encoding="utf-8")):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        links.append(unquote(parts.path))
    return links


def page_text(page: Path) -> str:
    """Return the text of an HTML page, without tags."""
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    return html.unescape(text)


def test_site_builds_without_warnings(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "guide" / "quickstart.html").is_file()
    assert (site / "api" / "session.html").is_file()


@pytest.mark.parametrize("version", VERSIONS)
def test_site_has_page_per_entity(site: Path, version: str) -> None:
    package = importlib.import_module(f"nuagesdk.{version}").API
    missing = [
        class_name
        for class_name, (module_name, _) in sorted(package.classes.items())
        if not (site / "reference" / version / f"{module_name}.html").is_file()
    ]
    assert len(package.classes) > 100
    assert missing == []
    assert (site / "reference" / version / "index.html").is_file()


def test_site_local_links_resolve(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        for target in local_links(page):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert len(pages) > 700
    assert broken == []


def test_site_loads_nothing_remote(site: Path) -> None:
    remote = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(
            r'<(?:script|link|img)[^>]*(?:src|href)="(https?:)?//', text
        ):
            remote.append(f"{page.relative_to(site)}: {match.group(0)}")
    assert remote == []


def test_front_page_links_key_pages(site: Path) -> None:
    links = set(local_links(site / "index.html"))
    for target in [
        "guide/quickstart.html",
        "guide/jobs.html",
        "reference/v6/nujob.html",
        "reference/v3_2/nujob.html",
        "reference.html",
    ]:
        assert target in links, f"the front page has no link to {target}"


def test_reference_index_links_every_version(site: Path) -> None:
    links = set(local_links(site / "reference.html"))
    for version in VERSIONS:
        assert f"reference/{version}/index.html" in links


def test_api_pages_show_type_hints(site: Path) -> None:
    session_page = page_text(site / "api" / "session.html")
    fetcher_page = page_text(site / "api" / "fetchers.html")
    assert "timeout (float | tuple[float, float])" in session_page
    assert "retry_policy (RetryPolicy | None)" in session_page
    assert "Return type:\nIterator[RESTObject]" in fetcher_page
