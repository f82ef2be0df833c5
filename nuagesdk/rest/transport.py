"""The one place that speaks HTTP to the VSD.

:class:`Transport` builds headers, encodes JSON, applies the timeout and the
TLS settings, logs in again once on 401, raises on 300 unless the caller
answered it, and turns every failure into a typed error. It never logs
headers or bodies, so no password, API key or Authorization value reaches a
log.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, Mapping

import requests

from .errors import (
    Choice,
    ConfirmationRequiredError,
    ConnectionFailedError,
    MalformedResponseError,
    RequestTimeoutError,
    TLSError,
    TransportError,
    body_excerpt,
    error_class_for_status,
    parse_error_details,
)

if TYPE_CHECKING:
    from .session import Session

logger = logging.getLogger("nuagesdk.transport")

_NO_BODY = object()

#: Statuses that mean success for a VSD call (207 is a bulk multi-status).
_SUCCESS_STATUSES = frozenset({200, 201, 202, 204, 207})


class Response:
    """A decoded HTTP response: status, headers and JSON data (``None`` when empty)."""

    __slots__ = ("status_code", "reason", "headers", "data", "errors")

    def __init__(
        self, status_code: int, reason: str, headers: Mapping[str, str], data: Any
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.data = data
        self.errors: list[Any] = []

    def __repr__(self) -> str:
        return f"<Response {self.status_code} {self.reason}>"


class Request:
    """What was sent: method, URL, query parameters and the non-secret headers."""

    __slots__ = ("method", "url", "params", "headers")

    def __init__(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str],
    ) -> None:
        self.method = method
        self.url = url
        self.params = dict(params or {})
        self.headers = {
            k: v for k, v in headers.items() if k.lower() != "authorization"
        }

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.url}>"


class Connection:
    """The request and response of one call, as vspk's calls return it."""

    __slots__ = ("request", "response")

    def __init__(self, request: Request | None, response: Response | None) -> None:
        self.request = request
        self.response = response

    def __repr__(self) -> str:
        return f"<Connection {self.request!r} -> {self.response!r}>"

    def _malformed(self, reason: str) -> MalformedResponseError:
        assert self.request is not None and self.response is not None
        return MalformedResponseError(
            reason,
            method=self.request.method,
            url=self.request.url,
            status=self.response.status_code,
        )

    def object_list(self) -> list[dict[str, Any]]:
        """Return the list of objects in the body; an empty body is an empty list."""
        data = self.response.data if self.response else None
        if data is None:
            return []
        if not isinstance(data, list):
            raise self._malformed(
                f"expected a JSON list of objects, got {_json_kind(data)}"
            )
        for item in data:
            if not isinstance(item, dict):
                raise self._malformed(
                    f"expected a JSON list of objects, found {_json_kind(item)} in it"
                )
        return data

    def optional_object(self) -> dict[str, Any] | None:
        """Return the one object in the body, or ``None`` when the body is empty."""
        data = self.response.data if self.response else None
        if data is None or data == []:
            return None
        if isinstance(data, dict):
            return data
        objects = self.object_list()
        return objects[0]

    def single_object(self) -> dict[str, Any]:
        """Return the one object the body must hold.

        Raises:
            MalformedResponseError: the body is empty or not a list of objects.
        """
        result = self.optional_object()
        if result is None:
            raise self._malformed("expected a JSON object, got an empty body")
        return result


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


class Transport:
    """Sends requests for one session through one pooled ``requests.Session``."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.http = requests.Session()

    def close(self) -> None:
        """Close the pooled connections."""
        self.http.close()

    def no_request_connection(self) -> Connection:
        """Return the connection of a call that had nothing to send."""
        return Connection(None, None)

    def request(
        self,
        method: str,
        url: str,
        *,
        body: Any = _NO_BODY,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        response_choice: int | None = None,
        authenticate: bool = True,
        relogin: bool = True,
    ) -> Connection:
        """Send one request and return its connection.

        ``body`` is encoded as JSON. On 401, the session logs in again once
        and the request is sent again. On 300, the request is sent again with
        ``responseChoice`` when ``response_choice`` is given, else
        :class:`ConfirmationRequiredError` is raised.

        Raises:
            HTTPError: (a subclass of) for statuses 300 and >= 400.
            TransportError: (a subclass of) when no response came.
            MalformedResponseError: the body is not JSON.
        """
        data = None if body is _NO_BODY else json.dumps(body).encode("utf-8")
        connection = self._send(method, url, data, headers, params, authenticate)

        status = connection.response.status_code
        if status == 401 and relogin and self._session.can_log_in_again:
            logger.info("%s %s: 401, logging in again and retrying once", method, url)
            self._session.log_in_again()
            connection = self._send(method, url, data, headers, params, authenticate)
            status = connection.response.status_code

        if status == 300:
            if response_choice is None:
                raise self._error(connection, ConfirmationRequiredError)
            confirmed = dict(params or {})
            confirmed["responseChoice"] = response_choice
            connection = self._send(method, url, data, headers, confirmed, authenticate)
            status = connection.response.status_code

        if status in _SUCCESS_STATUSES or 200 <= status < 300:
            return connection
        if status == 300:
            raise self._error(connection, ConfirmationRequiredError)
        raise self._error(connection, error_class_for_status(status))

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        extra_headers: Mapping[str, str] | None,
        params: Mapping[str, Any] | None,
        authenticate: bool,
    ) -> Connection:
        session = self._session
        headers = session.request_headers(authenticate=authenticate)
        if extra_headers:
            headers.update(extra_headers)

        started = time.perf_counter()
        try:
            raw = self.http.request(
                method,
                url,
                data=data,
                headers=headers,
                params=params,
                timeout=session.timeout,
                # Passed per request: requests lets REQUESTS_CA_BUNDLE override
                # a session-level CA bundle, but not a per-request one.
                verify=session.verify,
                cert=session.certificate,
            )
        except requests.exceptions.SSLError as exc:
            raise TLSError(
                f"{method} {url}: TLS handshake failed ({_reason(exc)}). Pass the "
                "VSD's CA certificate as ca_bundle, or verify=False for a lab only",
                method=method,
                url=url,
            ) from exc
        except requests.exceptions.Timeout as exc:
            kind = (
                "connect"
                if isinstance(exc, requests.exceptions.ConnectTimeout)
                else "read"
            )
            limit = session.timeout[0] if kind == "connect" else session.timeout[1]
            raise RequestTimeoutError(
                f"{method} {url}: {kind} timed out after {limit:g} s",
                method=method,
                url=url,
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise ConnectionFailedError(
                f"{method} {url}: connection failed ({_reason(exc)})",
                method=method,
                url=url,
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportError(
                f"{method} {url}: request failed ({_reason(exc)})",
                method=method,
                url=url,
            ) from exc

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %s (%.1f ms)", method, raw.url, raw.status_code, elapsed_ms
        )
        request = Request(method, url, params, headers)
        response = Response(raw.status_code, raw.reason or "", raw.headers, None)
        connection = Connection(request, response)
        response.data = self._decode(raw, connection)
        return connection

    def _decode(self, raw: requests.Response, connection: Connection) -> Any:
        content = raw.content
        if raw.status_code == 204 or not content.strip():
            return None
        try:
            return json.loads(content)
        except ValueError:
            if raw.status_code >= 300:
                # An error page from a proxy: the error keeps an excerpt.
                return _NonJSONBody(raw.text)
            raise MalformedResponseError(
                "the body is not JSON",
                method=connection.request.method,
                url=connection.request.url,
                status=raw.status_code,
                body_excerpt=body_excerpt(raw.text),
            ) from None

    def _error(self, connection: Connection, error_class: type) -> Exception:
        request = connection.request
        response = connection.response
        data = response.data
        excerpt = ""
        if isinstance(data, _NonJSONBody):
            excerpt = body_excerpt(data.text)
            data = None
        details, code = parse_error_details(data)
        response.errors = details
        kwargs: dict[str, Any] = {
            "status": response.status_code,
            "method": request.method,
            "url": request.url,
            "reason": response.reason,
            "errors": details,
            "internal_error_code": code,
            "body": data,
            "body_excerpt": excerpt,
        }
        if error_class is ConfirmationRequiredError:
            kwargs["choices"] = _parse_choices(data)
        error = error_class(**kwargs)
        error.connection = connection
        return error


class _NonJSONBody:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_choices(data: Any) -> list[Choice]:
    choices = []
    if isinstance(data, dict) and isinstance(data.get("choices"), list):
        for entry in data["choices"]:
            if isinstance(entry, dict) and isinstance(entry.get("id"), int):
                choices.append(Choice(entry["id"], str(entry.get("label") or "")))
    return choices


def _reason(exc: Exception) -> str:
    # requests nests the root cause; the innermost message is the useful one.
    cause: BaseException = exc
    while cause.__context__ is not None and cause.__context__ is not cause:
        cause = cause.__context__
    text = str(cause) or type(cause).__name__
    return text[:300]
