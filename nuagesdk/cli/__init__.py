"""The ``nuage`` command: list, show and change VSD objects and run jobs from a shell.

Run ``nuage --help`` for the commands. The command needs the ``cli`` extra
(click and rich): ``pip install "nuagesdk[cli]"``.
"""

from __future__ import annotations

import sys

INSTALL_HINT = 'the nuage command needs click and rich: pip install "nuagesdk[cli]"'


def main(argv: list[str] | None = None) -> int:
    """Run the ``nuage`` command with ``argv`` (default: ``sys.argv[1:]``).

    Returns the exit status: 0 on success, 1 when an operation failed
    (and when a job ended FAILED), 2 on invalid input (and when a job was
    still running at ``--timeout``), 130 when interrupted.
    """
    try:
        import click  # noqa: F401
        import rich  # noqa: F401
    except ImportError:
        print(f"error: {INSTALL_HINT}", file=sys.stderr)
        return 1

    from .app import run

    return run(argv)


__all__ = ["main"]
