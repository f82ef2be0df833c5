"""Errors of the ``nuage`` command and the messages it prints for SDK errors.

Every failure is one ``Error: ...`` message on stderr, which states what went
wrong and what to do, and an exit status: 1 when an operation failed, 2 for
invalid input.
"""

from __future__ import annotations

from typing import IO, Any

import click

from nuagesdk.rest import errors as sdk

#: The operation failed (the VSD rejected it, the network failed, ...).
EXIT_FAILED = 1
#: The command line or a value in it is invalid; nothing was sent.
EXIT_USAGE = 2
#: A job was still running when ``--timeout`` passed.
EXIT_JOB_TIMEOUT = 2
#: Interrupted with Ctrl+C.
EXIT_INTERRUPTED = 130


class CommandError(click.ClickException):
    """A failure reported as one message on stderr, with an exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class InputError(CommandError):
    """An invalid name or value on the command line; nothing was sent."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


def cause_of(error: BaseException) -> str:
    """Return the innermost cause of a transport error, the most specific text."""
    cause: BaseException = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    return str(cause) or type(cause).__name__


def explain(error: sdk.NuageError, api_url: str | None) -> CommandError:
    """Turn an SDK error into a message that ends with the next step to take."""
    where = api_url or "the VSD"
    if isinstance(error, sdk.TLSError) and "WRONG_VERSION_NUMBER" in str(error):
        return CommandError(
            f"{where} does not speak TLS on that port ({cause_of(error)}). If the "
            "VSD serves plain HTTP there, use an http:// URL; otherwise check the port."
        )
    if isinstance(error, sdk.TLSError):
        return CommandError(
            f"TLS certificate verification of {where} failed ({cause_of(error)}). "
            "Pass the CA certificate that signed the VSD's certificate with "
            "--ca-bundle FILE (or VSD_CA_BUNDLE); --insecure skips the check, "
            "for a lab only."
        )
    if isinstance(error, sdk.RequestTimeoutError):
        return CommandError(
            f"{error}. {where} did not respond in time; check that it is up and "
            "reachable, then try again."
        )
    if isinstance(error, sdk.ConnectionFailedError):
        return CommandError(
            f"cannot connect to {where} ({cause_of(error)}). Check the URL "
            "(--api-url or VSD_API_URL) and that the VSD is running and "
            "reachable from this machine."
        )
    if isinstance(error, sdk.TransportError):
        return CommandError(f"{error}. Check the URL (--api-url or VSD_API_URL).")
    if isinstance(error, sdk.MalformedResponseError):
        return CommandError(
            f"{error}. The server at {where} does not respond like a VSD; check "
            "--api-url (for example https://vsd.example.net:8443, without a path)."
        )
    if isinstance(error, sdk.PermissionDeniedError):
        return CommandError(
            f"{error}. The user may not do this; log in as a user with the needed role."
        )
    if isinstance(error, (sdk.ValidationError, sdk.SessionError)):
        return CommandError(str(error), EXIT_USAGE)
    return CommandError(str(error))
