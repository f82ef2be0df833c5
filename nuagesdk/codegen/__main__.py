"""Command line of the generator: ``python -m nuagesdk.codegen``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import generate
from .errors import CodegenError

EXIT_BAD_INPUT = 2
EXIT_WRITE_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m nuagesdk.codegen",
        description=(
            "Generate a nuagesdk API package from a folder of monolithe .spec "
            "files and its api.info."
        ),
    )
    parser.add_argument(
        "specs_dir",
        metavar="SPECS_DIR",
        type=Path,
        help="folder that contains api.info and the .spec files",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        required=True,
        help="folder of the package to write, for example nuagesdk/v6",
    )
    parser.add_argument(
        "--docs",
        metavar="DOCS_DIR",
        type=Path,
        help="folder for the reference pages, for example docs/reference/v6",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the generator and return the exit status.

    Status 2 means invalid input (arguments, spec folder, api.info or a
    .spec file) and status 1 means an output file could not be written.
    """
    arguments = build_parser().parse_args(argv)
    try:
        result = generate(arguments.specs_dir, arguments.out, arguments.docs)
    except CodegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: cannot write the output: {exc}", file=sys.stderr)
        return EXIT_WRITE_FAILED

    package = result.package
    print(
        f"VSD API {package.version}: wrote {len(result.modules)} modules "
        f"to {arguments.out}"
    )
    if arguments.docs is not None:
        print(
            f"VSD API {package.version}: wrote {len(result.pages)} pages to {arguments.docs}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
