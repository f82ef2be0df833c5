"""The WSGI application: routing by API version, body limits and error bodies.

Every request goes through :meth:`SimulatorApp.handle`:

1. the path picks the API version (``/nuage/api/v6/...``), else 404;
2. the hooks in ``before_request`` run; the first that returns a response
   answers the request (fault injection plugs in here);
3. the body is read, with 413 past ``max_body_bytes``;
4. the handlers run with the store lock held, except a poll of the event
   channel (``<base>/events``), which holds the lock only to authenticate
   and then waits for events without it;
5. the hooks in ``after_change`` run when the store changed (persistence).

Any :class:`~nuagesdk.simulator.errors.APIError` becomes its VSD error
body. Any other exception is logged and returned as a 500 response with a VSD
body.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

from werkzeug.wrappers import Request, Response

from .calls import NO_BODY, Call, Reply
from .errors import (
    BODY_TOO_LARGE,
    SERVER_ERROR,
    APIError,
    method_not_allowed,
    not_found,
)
from .resources import Resources

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .events import EventChannels
    from .model import APIModel
    from .settings import SimulatorSettings
    from .store import Store

logger = logging.getLogger(__name__)

#: Maximum bytes of an oversized body read and dropped before the 413
#: response, so the client receives it instead of a reset connection.
_MAX_DRAIN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Route:
    """The API version a request addresses and the path below the version."""

    method: str
    model: APIModel
    parts: tuple[str, ...]

    @property
    def version(self) -> str:
        """API version of the request (``"6"``, ``"5.0"``, ``"3.2"``)."""
        return self.model.version


RequestHook = Callable[[Request, Route], Optional[Response]]


class SimulatorApp:
    """WSGI application serving every API version of the simulator."""

    def __init__(
        self,
        models: Iterable[APIModel],
        resources: Resources,
        store: Store,
        settings: SimulatorSettings,
        events: EventChannels | None = None,
    ) -> None:
        self.models = list(models)
        #: The event channel; without it, ``<base>/events`` is not found.
        self.events = events
        self.resources = resources
        self.store = store
        self.settings = settings
        #: Called with (request, route) before the handlers; a returned
        #: response is sent as it is.
        self.before_request: list[RequestHook] = []
        #: Called after a request that changed the store.
        self.after_change: list[Callable[[], None]] = []

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        """Serve one request and return its response."""
        started = time.perf_counter()
        try:
            response = self._handle(request)
        except APIError as error:
            response = error_response(error)
        except Exception:
            logger.exception("%s %s: unexpected error", request.method, request.path)
            response = error_response(
                APIError(
                    500,
                    "Internal error",
                    "the simulator failed on this request; its log has the details",
                    internal_code=SERVER_ERROR,
                )
            )
        logger.debug(
            "%s %s -> %s (%.1f ms)",
            request.method,
            request.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    def _handle(self, request: Request) -> Response:
        route = self.route(request.method, request.path)
        for hook in self.before_request:
            early = hook(request, route)
            if early is not None:
                return early

        raw_body = self._read_body(request)
        call = Call(
            method=route.method,
            parts=list(route.parts),
            model=route.model,
            headers=request.headers,
            args=request.args,
            raw_body=raw_body,
            client_certificate_name=client_certificate_name(request.environ),
        )
        if call.parts == ["events"] and self.events is not None:
            return reply_response(self._poll_events(call, self.events))
        with self.store.lock:
            revision = self.store.revision
            try:
                reply = self.resources.handle(call)
            finally:
                changed = self.store.revision != revision
        if changed:
            self._run_after_change()
        return reply_response(reply)

    def _poll_events(self, call: Call, events: EventChannels) -> Reply:
        if call.method != "GET":
            raise method_not_allowed(
                f"{call.method} is not allowed on the event channel; use GET"
            )
        with self.store.lock:
            self.resources.auth.authenticate(
                call.headers, client_name=call.client_certificate_name
            )
        cursor = call.args.get("uuid") or None
        return Reply(200, events.poll(call.model, cursor))

    def _run_after_change(self) -> None:
        for hook in self.after_change:
            try:
                hook()
            except Exception:
                # The change is made and stays in memory; a failed state
                # write is retried after the next change.
                logger.exception("after-change hook %r failed", hook)

    def route(self, method: str, path: str) -> Route:
        """Return the route of ``path``.

        Raises:
            APIError: 404 when the path is under no served API version.
        """
        segments = [segment for segment in path.split("/") if segment]
        for model in self.models:
            prefix = model.prefix.split("/")
            size = len(prefix)
            if (
                len(segments) > size
                and segments[:size] == prefix
                and segments[size] == model.url_segment
            ):
                return Route(method.upper(), model, tuple(segments[size + 1 :]))
        served = ", ".join(f"/{m.prefix}/{m.url_segment}" for m in self.models)
        raise not_found(
            f"{path} is not under a served API; the simulator serves {served}"
        )

    def _read_body(self, request: Request) -> bytes:
        if request.method in ("GET", "HEAD"):
            # bambou sends a body "null" with GET; it carries nothing.
            return b""
        limit = self.settings.max_body_bytes
        length = request.content_length
        stream = request.environ["wsgi.input"]
        if length is not None:
            if length > limit:
                _drain(stream, length)
                raise _too_large(limit)
            return _read_at_most(stream, length)
        if not request.environ.get("wsgi.input_terminated"):
            return b""
        # A chunked body: its length is known only once it is read.
        data = _read_at_most(stream, limit + 1)
        if len(data) > limit:
            _drain(stream, _MAX_DRAIN_BYTES)
            raise _too_large(limit)
        return data


def _read_at_most(stream: Any, size: int) -> bytes:
    parts = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(min(remaining, 65536))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def _drain(stream: Any, length: int) -> None:
    remaining = min(length, _MAX_DRAIN_BYTES)
    while remaining > 0:
        chunk = stream.read(min(remaining, 65536))
        if not chunk:
            return
        remaining -= len(chunk)


def _too_large(limit: int) -> APIError:
    return APIError(
        413,
        "Request body too large",
        f"the request body is larger than the limit of {limit} bytes; send fewer "
        "objects per request",
        internal_code=BODY_TOO_LARGE,
    )


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def reply_response(reply: Reply) -> Response:
    """Encode a handler's reply as a werkzeug response."""
    data = b"" if reply.body is NO_BODY else _json_bytes(reply.body)
    return Response(
        data,
        status=reply.status,
        headers=reply.headers,
        content_type="application/json",
    )


def error_response(error: APIError) -> Response:
    """Encode an :class:`APIError` as a response with a VSD error body."""
    response = Response(
        _json_bytes(error.body()), status=error.status, content_type="application/json"
    )
    if error.status == 413:
        response.headers["Connection"] = "close"
    return response


def client_certificate_name(environ: dict[str, Any]) -> str | None:
    """Return the common name of the client's verified TLS certificate, if any."""
    connection = environ.get("werkzeug.socket")
    getpeercert = getattr(connection, "getpeercert", None)
    if getpeercert is None:
        return None
    try:
        certificate = getpeercert()
    except ValueError:  # the handshake is not done, or the socket is closed
        return None
    for entry in (certificate or {}).get("subject", ()):
        for key, value in entry:
            if key == "commonName":
                return value
    return None
