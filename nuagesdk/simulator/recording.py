"""Recording mode: log every request the simulator serves and its response.

::

    with Simulator() as sim, Recorder(sim) as recorder:
        ...                              # run a script against sim.url
        for exchange in recorder.take():
            print(exchange.method, exchange.path, exchange.status)

Each :class:`Exchange` keeps the method, path, query, the protocol headers
(``X-Nuage-*`` and ``Content-Type``), the JSON body, and the response status,
``X-Nuage-*`` headers and JSON body. Secrets stay out of the log: the
``Authorization`` header is kept as the user name and the kind of secret
(``password``, ``api_key``, ``empty`` or ``other``), and the values of
``APIKey`` and ``password`` keys in bodies become ``"<redacted>"``.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import parse_qsl

from werkzeug.datastructures import EnvironHeaders, Headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from .server import Simulator

#: Body keys whose values are replaced by :data:`REDACTED` in recordings.
SECRET_KEYS = frozenset({"APIKey", "password"})
REDACTED = "<redacted>"

#: Request headers recorded besides the ``X-Nuage-*`` ones.
_OTHER_RECORDED_HEADERS = ("Content-Type",)


class _NoBody:
    """Marker of a request or response that had no body at all."""

    def __repr__(self) -> str:
        return "NO_BODY"

    # One instance only, so that ``is NO_BODY`` holds for copies too.
    def __copy__(self) -> _NoBody:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _NoBody:
        return self

    # Equal to any other marker too, in case a module reload made a second one.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, _NoBody)

    def __hash__(self) -> int:
        return hash(_NoBody)


#: Body of an exchange whose request or response had zero bytes of body.
NO_BODY: Any = _NoBody()


@dataclass
class Exchange:
    """One request served by the simulator and its response."""

    method: str
    path: str
    #: Query parameters in the order sent, as (name, value) pairs.
    query: list[tuple[str, str]]
    #: ``X-Nuage-*`` and ``Content-Type`` request headers.
    headers: dict[str, str]
    #: User name from the Authorization header, or ``None`` without one.
    user: str | None
    #: Kind of secret in the Authorization header: ``password``,
    #: ``api_key``, ``empty`` (certificate login), ``other`` or ``None``.
    credential: str | None
    #: Decoded JSON body, :data:`NO_BODY`, or the text when it is not JSON.
    body: Any
    status: int = 0
    #: ``X-Nuage-*`` response headers.
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: Any = NO_BODY

    def to_dict(self) -> dict[str, Any]:
        """Return the exchange as JSON-ready data, leaving out an absent body."""
        data: dict[str, Any] = {
            "method": self.method,
            "path": self.path,
            "query": [list(pair) for pair in self.query],
            "headers": dict(self.headers),
            "user": self.user,
            "credential": self.credential,
            "status": self.status,
            "responseHeaders": dict(self.response_headers),
        }
        if self.body is not NO_BODY:
            data["body"] = self.body
        if self.response_body is not NO_BODY:
            data["responseBody"] = self.response_body
        return data


class Recorder:
    """WSGI middleware that records the exchanges of one simulator.

    :meth:`start` (or ``with``) puts it in front of the simulator's
    application, :meth:`stop` takes it out. It can start and stop while the
    simulator serves.
    """

    def __init__(self, simulator: Simulator) -> None:
        self._simulator = simulator
        self._wrapped: WSGIApplication | None = None
        self._lock = threading.Lock()
        self._exchanges: list[Exchange] = []

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> Recorder:
        """Record the requests served from now on."""
        if self._wrapped is None:
            self._wrapped = self._simulator.wsgi_app
            self._simulator.wsgi_app = self
        return self

    def stop(self) -> None:
        """Stop recording. The exchanges recorded so far stay readable.

        Raises:
            RuntimeError: other middleware wrapped the simulator after this
                recorder, so taking it out would drop that middleware too.
        """
        if self._wrapped is None:
            return
        if self._simulator.wsgi_app is not self:
            raise RuntimeError(
                "other middleware wraps the recorder; stop that middleware first"
            )
        self._simulator.wsgi_app = self._wrapped
        self._wrapped = None

    def __enter__(self) -> Recorder:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    # -- the recording -------------------------------------------------------------

    @property
    def exchanges(self) -> list[Exchange]:
        """A copy of the exchanges recorded so far, oldest first."""
        with self._lock:
            return list(self._exchanges)

    def clear(self) -> None:
        """Forget the exchanges recorded so far."""
        with self._lock:
            self._exchanges.clear()

    def take(self) -> list[Exchange]:
        """Return the exchanges recorded so far and forget them."""
        with self._lock:
            recorded = self._exchanges
            self._exchanges = []
        return recorded

    def write_json_lines(self, path: str) -> None:
        """Write the recorded exchanges to ``path``, one JSON object a line."""
        with open(path, "w", encoding="utf-8") as stream:
            for exchange in self.exchanges:
                stream.write(json.dumps(exchange.to_dict(), ensure_ascii=False))
                stream.write("\n")

    # -- WSGI ------------------------------------------------------------------------

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        wrapped = self._wrapped or self._simulator.app
        raw_body = _read_request_body(environ)
        # The application reads the body again from wsgi.input.
        environ["wsgi.input"] = io.BytesIO(raw_body)
        exchange = self._request_exchange(environ, raw_body)

        captured: dict[str, Any] = {}

        def recording_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            captured["status"] = status
            captured["headers"] = headers
            return start_response(status, headers, exc_info)

        result = wrapped(environ, recording_start_response)
        try:
            data = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

        exchange.status = int(str(captured.get("status", "0")).split(" ", 1)[0])
        response_headers = Headers(captured.get("headers", []))
        exchange.response_headers = _nuage_headers(response_headers)
        exchange.response_body = _decode_body(data)
        with self._lock:
            self._exchanges.append(exchange)
        return [data]

    def _request_exchange(self, environ: WSGIEnvironment, raw_body: bytes) -> Exchange:
        headers = EnvironHeaders(environ)
        user, credential = self._credential(headers.get("Authorization"))
        recorded = _nuage_headers(headers)
        for name in _OTHER_RECORDED_HEADERS:
            value = headers.get(name)
            if value is not None:
                recorded[name] = value
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        return Exchange(
            method=environ.get("REQUEST_METHOD", "").upper(),
            path=_text(environ.get("PATH_INFO", "")),
            query=query,
            headers=recorded,
            user=user,
            credential=credential,
            body=_decode_body(raw_body),
        )

    def _credential(self, header: str | None) -> tuple[str | None, str | None]:
        if not header:
            return None, None
        _, _, token = header.strip().partition(" ")
        try:
            decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, "other"
        user, _, secret = decoded.partition(":")
        if not secret:
            return user, "empty"
        if self._simulator.auth.is_api_key(secret):
            return user, "api_key"
        if secret == self._simulator.password:
            return user, "password"
        return user, "other"


def _read_request_body(environ: WSGIEnvironment) -> bytes:
    stream = environ["wsgi.input"]
    length_text = environ.get("CONTENT_LENGTH") or ""
    if length_text.strip().isdigit():
        return stream.read(int(length_text)) if int(length_text) else b""
    if environ.get("wsgi.input_terminated"):
        return stream.read()
    return b""


def _decode_body(data: bytes) -> Any:
    if not data:
        return NO_BODY
    text = data.decode("utf-8", errors="replace")
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return _redact(value)


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                REDACTED if key in SECRET_KEYS and item is not None else _redact(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item) for item in value]
    if isinstance(value, str) and value.startswith(("{", "[")):
        # bambou JSON-encodes the password-change body twice.
        try:
            inner = json.loads(value)
        except ValueError:
            return value
        return json.dumps(_redact(inner))
    return value


def _nuage_headers(headers: Headers | EnvironHeaders) -> dict[str, str]:
    return {
        _canonical(name): _text(value)
        for name, value in headers.items()
        if name.lower().startswith("x-nuage-")
    }


def _canonical(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _text(value: str) -> str:
    # WSGI hands over header values and paths as Latin-1; clients send UTF-8.
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
