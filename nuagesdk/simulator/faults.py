"""Fault injection: make the simulator slow, failing or unreliable on purpose.

A :class:`FaultInjector` wraps the simulator's WSGI application and applies
the first matching :class:`Fault` to each request::

    faults = FaultInjector.install(simulator, seed=7)
    faults.add(Fault(methods={"GET"}, rate=0.3, status=503))
    faults.add(Fault(rate=0.1, drop="before"))

Faults act on a real socket, so clients see what they would see from a
failing VSD or proxy: error statuses, closed connections, responses lost
after the server acted, truncated or slow bodies, late responses.
"""

from __future__ import annotations

import json
import logging
import random
import re
import socket
import threading
import time
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from .server import Simulator

logger = logging.getLogger(__name__)

DROP_MODES = ("before", "after")


class ConnectionDropped(ConnectionError):
    """Raised inside the server to end a request without a response.

    werkzeug's request handler treats a ConnectionError as a dropped
    client and closes the socket quietly.
    """


class Fault:
    """One kind of misbehaviour, applied to a share of the matching requests.

    Args:
        methods: HTTP methods it applies to; all when empty.
        path: regular expression searched in the request path; all when None.
        rate: share of the matching requests that get the fault (0 to 1).
        limit: apply at most this many times; no limit when None.
        latency: seconds to wait before handling the request.
        status: respond with this status and a VSD-shaped error body instead of
            handling the request.
        retry_after: ``Retry-After`` header value sent with ``status``.
        drop: ``"before"`` closes the connection without handling the
            request; ``"after"`` handles it, then closes the connection
            without sending the response (a lost response).
        truncate: send only the first half of the body, then close.
        slow_body: seconds to wait between chunks of the body.
        hang: seconds to wait without answering (a server that never
            answers, up to this bound).
    """

    def __init__(
        self,
        *,
        methods: Iterable[str] = (),
        path: str | None = None,
        rate: float = 1.0,
        limit: int | None = None,
        latency: float = 0.0,
        status: int | None = None,
        retry_after: str | None = None,
        drop: str | None = None,
        truncate: bool = False,
        slow_body: float = 0.0,
        hang: float = 0.0,
    ) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
        if drop is not None and drop not in DROP_MODES:
            raise ValueError(f"drop must be one of {DROP_MODES}, got {drop!r}")
        if status is not None and not 100 <= status <= 599:
            raise ValueError(f"status must be an HTTP status, got {status!r}")
        for name, value in (
            ("latency", latency),
            ("slow_body", slow_body),
            ("hang", hang),
        ):
            if value < 0:
                raise ValueError(f"{name} must be seconds >= 0, got {value!r}")
        self.methods = frozenset(method.upper() for method in methods)
        self.path = re.compile(path) if path is not None else None
        self.rate = rate
        self.limit = limit
        self.latency = latency
        self.status = status
        self.retry_after = retry_after
        self.drop = drop
        self.truncate = truncate
        self.slow_body = slow_body
        self.hang = hang
        self.applied = 0

    def matches(self, method: str, path: str) -> bool:
        """Tell whether the fault may apply to this request (before the rate)."""
        if self.limit is not None and self.applied >= self.limit:
            return False
        if self.methods and method not in self.methods:
            return False
        return self.path is None or self.path.search(path) is not None

    def __repr__(self) -> str:
        parts = [f"rate={self.rate:g}"]
        for name in ("latency", "status", "drop", "truncate", "slow_body", "hang"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value!r}")
        return f"Fault({', '.join(parts)})"


class FaultInjector:
    """WSGI middleware that applies :class:`Fault` rules to requests."""

    def __init__(self, app: WSGIApplication, *, seed: int | None = None) -> None:
        self.app = app
        self.faults: list[Fault] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    @classmethod
    def install(cls, simulator: Simulator, *, seed: int | None = None) -> FaultInjector:
        """Wrap ``simulator``'s WSGI application and return the injector."""
        injector = cls(simulator.wsgi_app, seed=seed)
        simulator.wsgi_app = injector
        return injector

    def add(self, fault: Fault) -> Fault:
        """Add a rule; rules are tried in the order they were added."""
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self.faults.clear()

    def _pick(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path) and self._random.random() < fault.rate:
                    fault.applied += 1
                    return fault
        return None

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        fault = self._pick(method, path)
        if fault is None:
            return self.app(environ, start_response)

        logger.debug("%s %s: injecting %r", method, path, fault)
        if fault.latency:
            time.sleep(fault.latency)
        if fault.hang:
            time.sleep(fault.hang)
            _close(environ)
            raise ConnectionDropped("hung request ended")
        if fault.drop == "before":
            _close(environ)
            raise ConnectionDropped("connection dropped before handling")
        if fault.status is not None:
            return _error_response(fault, start_response)

        captured: dict[str, Any] = {}

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        body = b"".join(self.app(environ, capture))
        if fault.drop == "after":
            _close(environ)
            raise ConnectionDropped("response dropped after handling")
        return self._send_body(fault, environ, start_response, captured, body)

    def _send_body(
        self,
        fault: Fault,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        captured: dict[str, Any],
        body: bytes,
    ) -> Iterator[bytes]:
        headers = [
            (k, v) for k, v in captured["headers"] if k.lower() != "content-length"
        ]
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        chunks = [body[i : i + 1024] for i in range(0, len(body), 1024)] or [b""]
        if fault.truncate:
            yield body[: len(body) // 2]
            _close(environ)
            raise ConnectionDropped("body truncated")
        for chunk in chunks:
            if fault.slow_body:
                time.sleep(fault.slow_body)
            yield chunk


def _error_response(fault: Fault, start_response: StartResponse) -> list[bytes]:
    body = json.dumps(
        {
            "errors": [
                {
                    "property": "",
                    "descriptions": [
                        {
                            "title": "Injected fault",
                            "description": f"the simulator answered {fault.status} on purpose",
                        }
                    ],
                }
            ]
        }
    ).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    if fault.retry_after is not None:
        headers.append(("Retry-After", fault.retry_after))
    start_response(f"{fault.status} Injected", headers)
    return [body]


def _close(environ: WSGIEnvironment) -> None:
    connection = environ.get("werkzeug.socket")
    if connection is None:
        return
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # the client may have gone already
