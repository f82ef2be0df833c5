"""Errors raised by nuagesdk.

Every error derives from :class:`NuageError`::

    NuageError
    ├── ValidationError             invalid attribute values, found before sending
    ├── TransportError              the request got no HTTP response
    │   ├── ConnectionFailedError   connection refused, DNS failure, TLS failure
    │   │   └── TLSError            certificate verification failed
    │   └── RequestTimeoutError     connect or read timeout
    ├── MalformedResponseError      a response that is not the JSON VSD sends
    ├── HTTPError (BambouHTTPError) a response with status 300 or >= 400
    │   ├── ConfirmationRequiredError   300: the server asks for a choice
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401
    │   ├── PermissionDeniedError       403
    │   ├── NotFoundError               404
    │   ├── ConflictError               409
    │   ├── PreconditionFailedError     412
    │   └── ServerError                 5xx
    ├── BulkOperationError          some objects of a bulk request failed
    ├── JobFailedError              a job ended with status FAILED
    ├── JobTimeoutError             a job did not finish in time
    └── SessionError                no session, or a session not started
"""

from __future__ import annotations

import json
from typing import Any

#: Longest excerpt of a non-JSON body kept in an error message.
BODY_EXCERPT_LENGTH = 200


class NuageError(Exception):
    """Base class of every error raised by nuagesdk."""


class SessionError(NuageError):
    """No session is available, or the session is not usable for the call."""


class ValidationError(NuageError, ValueError):
    """One or more attribute values are invalid; nothing was sent.

    ``problems`` lists one message per invalid value, each starting with the
    REST name of the attribute.
    """

    def __init__(self, entity: str, problems: list[str]) -> None:
        self.entity = entity
        self.problems = list(problems)
        listing = "; ".join(self.problems)
        super().__init__(f"invalid {entity}: {listing}")


class TransportError(NuageError):
    """The request got no HTTP response.

    ``request_sent`` is false when the failure happened before the request
    left (connection refused, connect timeout), so the server did nothing.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        request_sent: bool = True,
    ) -> None:
        self.method = method
        self.url = url
        self.request_sent = request_sent
        super().__init__(message)


class ConnectionFailedError(TransportError):
    """The connection to the VSD could not be made or was lost."""


class TLSError(ConnectionFailedError):
    """The TLS handshake failed, most often on an untrusted certificate."""


class RequestTimeoutError(TransportError, TimeoutError):
    """The VSD did not respond within the request timeout."""


class MalformedResponseError(NuageError):
    """The response is not the JSON that VSD sends for this request."""

    def __init__(
        self,
        reason: str,
        *,
        method: str,
        url: str,
        status: int,
        body_excerpt: str = "",
    ) -> None:
        self.reason = reason
        self.method = method
        self.url = url
        self.status = status
        self.body_excerpt = body_excerpt
        message = f"{method} {url}: {status} response is malformed: {reason}"
        if body_excerpt:
            message += f". Body starts with: {body_excerpt!r}"
        super().__init__(message)


class VSDErrorDetail:
    """One entry of the ``errors`` list of a VSD error body."""

    __slots__ = ("property", "title", "description")

    def __init__(self, property: str, title: str, description: str) -> None:
        self.property = property
        self.title = title
        self.description = description

    def __str__(self) -> str:
        text = self.description or self.title
        if self.title and self.description and self.title not in self.description:
            text = f"{self.title}: {self.description}"
        return f"{self.property}: {text}" if self.property else text

    def __repr__(self) -> str:
        return (
            f"VSDErrorDetail(property={self.property!r}, title={self.title!r}, "
            f"description={self.description!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VSDErrorDetail):
            return NotImplemented
        return (self.property, self.title, self.description) == (
            other.property,
            other.title,
            other.description,
        )


class HTTPError(NuageError):
    """The VSD responded with an error status (or 300, see the subclass).

    Attributes:
        status: HTTP status code.
        method: HTTP method of the request that failed.
        url: URL of the request that failed.
        errors: the VSD error list as :class:`VSDErrorDetail` entries.
        internal_error_code: VSD's own code (2510 "already exists", 2039
            "nothing changed", ...), or ``None``.
        body: the decoded JSON body, or ``None`` when it was not JSON.
    """

    def __init__(
        self,
        *,
        status: int,
        method: str,
        url: str,
        reason: str = "",
        errors: list[VSDErrorDetail] | None = None,
        internal_error_code: int | None = None,
        body: Any = None,
        body_excerpt: str = "",
    ) -> None:
        self.status = status
        self.method = method
        self.url = url
        self.reason = reason
        self.errors = list(errors or [])
        self.internal_error_code = internal_error_code
        self.body = body
        self.body_excerpt = body_excerpt
        super().__init__(self._message())

    # vspk scripts read ``error.connection.response.status_code``; they get
    # the status from here instead.
    @property
    def status_code(self) -> int:
        """Alias of :attr:`status`."""
        return self.status

    def _message(self) -> str:
        status_text = f"{self.status} {self.reason}".rstrip()
        message = f"{self.method} {self.url}: {status_text}."
        if self.errors:
            # Each VSD message becomes one sentence, whether or not the VSD
            # ended it with a period.
            for error in self.errors:
                text = str(error)
                message += f" {text}" if text.endswith(".") else f" {text}."
        elif self.body_excerpt:
            message += f" Body starts with: {self.body_excerpt!r}."
        if self.internal_error_code is not None:
            message += f" VSD error code {self.internal_error_code}."
        return message


BambouHTTPError = HTTPError


class Choice:
    """One answer offered by a 300 confirmation."""

    __slots__ = ("id", "label")

    def __init__(self, id: int, label: str) -> None:
        self.id = id
        self.label = label

    def __repr__(self) -> str:
        return f"Choice(id={self.id!r}, label={self.label!r})"


class ConfirmationRequiredError(HTTPError):
    """The VSD answered 300 and asks the caller to choose.

    Repeat the call with ``response_choice=<choice id>`` to answer; the
    ``choices`` list holds what the server offered (usually 1 = OK,
    0 = Cancel). nuagesdk never answers on the caller's behalf.
    """

    def __init__(self, *, choices: list[Choice], **kwargs: Any) -> None:
        self.choices = choices
        super().__init__(**kwargs)

    def _message(self) -> str:
        offered = ", ".join(f"{choice.id}={choice.label}" for choice in self.choices)
        message = super()._message()
        return (
            f"{message} The server asks for confirmation; repeat the call with "
            f"response_choice set to one of: {offered or 'no choices sent'}."
        )


class BadRequestError(HTTPError):
    """400: the VSD rejected the request as invalid."""


class AuthenticationError(HTTPError):
    """401: the credentials or the API key were not accepted."""


class PermissionDeniedError(HTTPError):
    """403: the user may not do this."""


class NotFoundError(HTTPError):
    """404: the object does not exist (or the user may not see it)."""


class ConflictError(HTTPError):
    """409: the change conflicts with existing objects (duplicate, in use, ...)."""


class PreconditionFailedError(HTTPError):
    """412: a precondition of the request does not hold."""


class ServerError(HTTPError):
    """5xx: the VSD failed to handle the request."""


_ERROR_CLASSES: dict[int, type[HTTPError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
}


def error_class_for_status(status: int) -> type[HTTPError]:
    """Return the :class:`HTTPError` subclass for an error status."""
    if status >= 500:
        return ServerError
    return _ERROR_CLASSES.get(status, HTTPError)


def parse_error_details(body: Any) -> tuple[list[VSDErrorDetail], int | None]:
    """Extract the error list and internal error code from a VSD error body.

    Unknown shapes yield an empty list rather than an exception, because an
    error is being reported already and must not be hidden by a second one.
    """
    if not isinstance(body, dict):
        return [], None

    details = []
    errors = body.get("errors")
    if isinstance(errors, list):
        for entry in errors:
            if not isinstance(entry, dict):
                continue
            prop = entry.get("property") or ""
            descriptions = entry.get("descriptions")
            if not isinstance(descriptions, list) or not descriptions:
                descriptions = [entry]
            for description in descriptions:
                if isinstance(description, dict):
                    details.append(
                        VSDErrorDetail(
                            str(prop),
                            str(description.get("title") or ""),
                            str(description.get("description") or ""),
                        )
                    )
    if not details and (body.get("title") or body.get("description")):
        details.append(
            VSDErrorDetail(
                "", str(body.get("title") or ""), str(body.get("description") or "")
            )
        )

    code = body.get("internalErrorCode")
    if isinstance(code, str) and code.isdigit():
        code = int(code)
    if not isinstance(code, int) or isinstance(code, bool):
        code = None
    return details, code


def body_excerpt(text: str) -> str:
    """Return the start of a response body for error messages, whitespace folded."""
    folded = " ".join(text.split())
    if len(folded) > BODY_EXCERPT_LENGTH:
        return folded[:BODY_EXCERPT_LENGTH] + "..."
    return folded


class BulkOperationError(NuageError):
    """Some objects of a bulk request failed; the others were applied.

    ``succeeded`` lists the objects that were applied (and filled in);
    ``failed`` lists ``(object, detail)`` pairs where ``detail`` has the
    object's ``index`` in the request, its ``status``, ``errors`` (parsed),
    ``internal_error_code`` and ``error`` (the raw error body). ``connection``
    is the request and its reply.
    """

    def __init__(
        self, *, succeeded: list[Any], failed: list[tuple[Any, dict[str, Any]]]
    ) -> None:
        self.succeeded = succeeded
        self.failed = failed
        self.connection: Any = None
        reasons = []
        for obj, detail in failed[:5]:
            why = (
                "; ".join(str(error) for error in detail.get("errors") or [])
                or "no reason given"
            )
            reasons.append(f"{obj!r}: {detail.get('status')} {why}")
        more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
        super().__init__(
            f"bulk request: {len(succeeded)} succeeded, {len(failed)} failed: "
            + "; ".join(reasons)
            + more
        )


class JobFailedError(NuageError):
    """A job ended with status FAILED. ``job`` and ``result`` tell why."""

    def __init__(self, job: Any) -> None:
        self.job = job
        self.result = job.result
        super().__init__(
            f"job {job.id} ({job.command}) failed: {_describe_result(job.result)}"
        )


class JobTimeoutError(NuageError, TimeoutError):
    """A job was still running when the wait timed out."""

    def __init__(self, job: Any, timeout: float) -> None:
        self.job = job
        self.result = job.result
        self.timeout = timeout
        progress = job.progress
        done = (
            f" at progress {progress:.0%}" if isinstance(progress, (int, float)) else ""
        )
        super().__init__(
            f"job {job.id} ({job.command}) still {job.status or 'RUNNING'}{done} "
            f"after {timeout:g} s; call wait() again or raise the timeout"
        )


def _describe_result(result: Any) -> str:
    if result is None:
        return "no result given"
    if isinstance(result, str):
        return result
    details, _ = parse_error_details(result)
    if details:
        # A result shaped like a VSD error body reads better as its messages.
        return "; ".join(str(detail) for detail in details)
    try:
        return json.dumps(result, sort_keys=True)[:BODY_EXCERPT_LENGTH]
    except (TypeError, ValueError):
        return repr(result)[:BODY_EXCERPT_LENGTH]
