"""The one place that speaks HTTP to the VSD.

:class:`Transport` builds headers, encodes JSON, applies the timeout and the
TLS settings, retries what the session's retry policy allows, logs in again
once on 401 or 419, raises on 300 unless the caller gave a response choice,
and turns every failure into a typed error. It never logs headers or bodies,
so no password, API key or Authorization value reaches a log.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any, Mapping

import requests
from urllib3.exceptions import NewConnectionError

from .errors import (
    AuthenticationError,
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
    """A sent request: method, URL, query parameters and the non-secret headers."""

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

    __slots__ = ("request", "response", "credentials_generation")

    def __init__(
        self,
        request: Request | None,
        response: Response | None,
        credentials_generation: int = 0,
    ) -> None:
        self.request = request
        self.response = response
        # Which login's credentials the request carried; see Session.renew_login.
        self.credentials_generation = credentials_generation

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
    """Sends requests for one session, through one pooled ``requests.Session`` per thread.

    The requests project does not document ``requests.Session`` as
    thread-safe, so each thread that sends (the caller's, the background
    pool's workers, the push center's) gets its own, made on first use.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._local = threading.local()
        self._lock = threading.Lock()
        # Weak: the requests.Session of a thread that ended is dropped with it.
        self._all_http: weakref.WeakSet[requests.Session] = weakref.WeakSet()

    @property
    def http(self) -> requests.Session:
        """The ``requests.Session`` of the calling thread."""
        http = getattr(self._local, "http", None)
        if http is None:
            http = requests.Session()
            self._local.http = http
            with self._lock:
                self._all_http.add(http)
        return http

    def close(self) -> None:
        """Close the pooled connections of every thread."""
        with self._lock:
            sessions = list(self._all_http)
            self._all_http = weakref.WeakSet()
        for http in sessions:
            http.close()

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
        login: bool = False,
        timeout: tuple[float, float] | None = None,
    ) -> Connection:
        """Send one request and return its connection.

        ``body`` is encoded as JSON. Failures that the session's retry
        policy allows are sent again after a back-off. On 401 (or 419), the
        session logs in again once and the request is sent again. On 300,
        the request is sent again with ``responseChoice`` when
        ``response_choice`` is given, else :class:`ConfirmationRequiredError`
        is raised. ``timeout`` overrides the session's (connect, read) timeout.

        Raises:
            HTTPError: (a subclass of) for statuses 300 and >= 400.
            TransportError: (a subclass of) when no response came.
            MalformedResponseError: the body is not JSON.
        """
        data = None if body is _NO_BODY else json.dumps(body).encode("utf-8")
        send = _Send(method, url, data, headers, authenticate, timeout, login)
        connection = self._send_with_retries(send, params)

        status = connection.response.status_code
        if status in (401, 419) and relogin and self._session.can_log_in_again:
            logger.info(
                "%s %s: %s, logging in again and retrying once", method, url, status
            )
            self._session.renew_login(connection.credentials_generation)
            connection = self._send_with_retries(send, params)
            status = connection.response.status_code

        if status == 300:
            if response_choice is None:
                raise self._error(connection, ConfirmationRequiredError)
            confirmed = dict(params or {})
            confirmed["responseChoice"] = response_choice
            connection = self._send_with_retries(send, confirmed)
            status = connection.response.status_code

        if 200 <= status < 300:
            return connection
        if status == 300:
            raise self._error(connection, ConfirmationRequiredError)
        if status == 419:
            raise self._error(connection, AuthenticationError)
        raise self._error(connection, error_class_for_status(status))

    def _send_with_retries(
        self, send: _Send, params: Mapping[str, Any] | None
    ) -> Connection:
        policy = self._session.retry_policy
        attempt = 1
        while True:
            try:
                connection = self._send(send, params)
            except TransportError as error:
                if not policy.should_retry_error(send.method, error, attempt):
                    raise
                delay = policy.delay(attempt)
                reason = str(error)
            else:
                status = connection.response.status_code
                if not policy.should_retry_status(send.method, status, attempt):
                    return connection
                delay = policy.delay(
                    attempt, connection.response.headers.get("Retry-After")
                )
                reason = f"{send.method} {send.url}: {status}"
            logger.warning(
                "%s; retrying in %.2f s (attempt %d of %d)",
                reason,
                delay,
                attempt + 1,
                policy.attempts,
            )
            time.sleep(delay)
            attempt += 1

    def _send(self, send: _Send, params: Mapping[str, Any] | None) -> Connection:
        session = self._session
        method, url = send.method, send.url
        if not send.login:
            session.renew_login_if_expiring()
        headers, generation = session.request_headers_with_generation(
            authenticate=send.authenticate, login=send.login
        )
        if send.headers:
            headers.update(send.headers)
        timeout = send.timeout or session.timeout

        started = time.perf_counter()
        try:
            raw = self.http.request(
                method,
                url,
                data=send.data,
                headers=headers,
                params=params,
                timeout=timeout,
                # Passed per request: requests lets REQUESTS_CA_BUNDLE override
                # a session-level CA bundle, but not a per-request one.
                verify=session.verify,
                cert=session.certificate,
            )
        except requests.exceptions.RequestException as exc:
            raise _transport_error(exc, method, url, timeout) from exc

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %s (%.1f ms)", method, raw.url, raw.status_code, elapsed_ms
        )
        request = Request(method, url, params, headers)
        response = Response(raw.status_code, raw.reason or "", raw.headers, None)
        connection = Connection(request, response, generation)
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
        # vspk scripts read the raw VSD error dicts here; the typed entries
        # are on the error's ``errors``.
        raw_errors = data.get("errors") if isinstance(data, dict) else None
        response.errors = raw_errors if isinstance(raw_errors, list) else []
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


class _Send:
    """The parts of a request that stay the same across its attempts."""

    __slots__ = ("method", "url", "data", "headers", "authenticate", "timeout", "login")

    def __init__(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: Mapping[str, str] | None,
        authenticate: bool,
        timeout: tuple[float, float] | None,
        login: bool,
    ) -> None:
        self.login = login
        self.method = method
        self.url = url
        self.data = data
        self.headers = headers
        self.authenticate = authenticate
        self.timeout = timeout


def _transport_error(
    exc: requests.exceptions.RequestException,
    method: str,
    url: str,
    timeout: tuple[float, float],
) -> TransportError:
    """Turn an exception of requests into the SDK's typed error."""
    if isinstance(exc, requests.exceptions.SSLError) and "WRONG_VERSION_NUMBER" in str(
        exc
    ):
        return TLSError(
            f"{method} {url}: the server does not speak TLS on this port "
            f"({_reason(exc)}). Use an http:// URL if it serves plain HTTP, or "
            "check the port",
            method=method,
            url=url,
            request_sent=False,
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return TLSError(
            f"{method} {url}: TLS handshake failed ({_reason(exc)}). Pass the "
            "VSD's CA certificate as ca_bundle, or verify=False for a lab only",
            method=method,
            url=url,
            request_sent=False,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return RequestTimeoutError(
            f"{method} {url}: connect timed out after {timeout[0]:g} s",
            method=method,
            url=url,
            request_sent=False,
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return RequestTimeoutError(
            f"{method} {url}: read timed out after {timeout[1]:g} s",
            method=method,
            url=url,
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        sent = not _failed_before_sending(exc)
        message = f"{method} {url}: connection failed ({_reason(exc)})"
        if sent and method == "POST":
            message += (
                ". The VSD may have created the object before the connection "
                "broke; look for it before sending the request again"
            )
        return ConnectionFailedError(message, method=method, url=url, request_sent=sent)
    return TransportError(
        f"{method} {url}: request failed ({_reason(exc)})", method=method, url=url
    )


def _failed_before_sending(exc: BaseException) -> bool:
    """Tell whether the connection failed before any byte of the request left."""
    cause: BaseException | None = exc
    seen = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, NewConnectionError):
            return True
        for inner in cause.args:
            if isinstance(inner, BaseException) and isinstance(
                getattr(inner, "reason", None), NewConnectionError
            ):
                return True
        cause = cause.__cause__ or cause.__context__
    return False


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
