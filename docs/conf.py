"""Sphinx configuration of the nuagesdk documentation.

Build with ``python -m sphinx -W -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the checkout this file belongs to, even when another copy of
# nuagesdk is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nuagesdk  # noqa: E402

project = "nuagesdk"
author = "the nuagesdk authors"
copyright = "the nuagesdk authors"
release = nuagesdk.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

exclude_patterns = ["_build", "dev"]
templates_path = ["_templates"]
root_doc = "index"
default_role = "literal"
pygments_style = "sphinx"

# No extension here fetches anything from the network: intersphinx is not
# loaded, so a build works offline and sends no request.

# -- autodoc --------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "all"
autodoc_class_signature = "separated"
autodoc_preserve_defaults = True
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- HTML -----------------------------------------------------------------

html_theme = "alabaster"
html_title = f"nuagesdk {release}"
html_theme_options = {
    "description": "Python SDK for the Nuage Networks VSD REST API",
    "fixed_sidebar": True,
    "sidebar_collapse": True,
    "page_width": "1100px",
    "sidebar_width": "240px",
}
# The navigation tree contains some 720 entity pages. Rendering it in the
# sidebar of every entity page took 78 of the 113 seconds spent writing
# pages in one profiled build (Sphinx 9.0, two cores), so entity pages
# show a fixed list of links instead.
_GUIDE_SIDEBAR = ["about.html", "navigation.html", "searchbox.html"]
_REFERENCE_SIDEBAR = ["about.html", "reference_links.html", "searchbox.html"]
html_sidebars = {
    "*": _GUIDE_SIDEBAR,
    "guide/*": _GUIDE_SIDEBAR,
    "api/*": _GUIDE_SIDEBAR,
    "reference/v*/*": _REFERENCE_SIDEBAR,
}
html_show_sourcelink = False
html_copy_source = False
