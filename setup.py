"""Packaging of nuagesdk."""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent

EXTRAS = {
    "simulator": ["werkzeug>=2.2"],
    "cli": ["click>=8.0", "rich>=12.0"],
    "test": [
        "pytest>=7.0",
        "responses>=0.22",
        "hypothesis>=6.0",
        "trustme>=1.0",
        "werkzeug>=2.2",
        "click>=8.0",
        "rich>=12.0",
        "ruff>=0.4",
    ],
    "compat": ["vspk==20.10.15", "bambou==3.1.3"],
    "docs": ["sphinx>=7.0"],
}

setup(
    name="nuagesdk",
    version="0.1.0",
    description="Python SDK for the Nuage Networks VSD REST API, with a local VSD simulator",
    long_description=(HERE / "README.rst").read_text(encoding="utf-8"),
    long_description_content_type="text/x-rst",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=find_packages(include=["nuagesdk", "nuagesdk.*"]),
    package_data={"nuagesdk": ["py.typed"]},
    install_requires=["requests>=2.25"],
    extras_require=EXTRAS,
    entry_points={
        "console_scripts": ["nuage = nuagesdk.cli:main"],
        "pytest11": ["nuagesdk = nuagesdk.simulator.pytest_plugin"],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Topic :: System :: Networking",
        "Typing :: Typed",
    ],
)
