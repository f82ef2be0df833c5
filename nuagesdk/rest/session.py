"""Sessions: credentials, API location, TLS and timeouts for talking to a VSD."""

from __future__ import annotations

import base64
import contextvars
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, ClassVar, TypeVar
from urllib.parse import urlsplit

from .errors import AuthenticationError, HTTPError, NuageError, SessionError
from .retry import RetryPolicy

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .background import BackgroundPool
    from .object import RESTRootObject
    from .push_center import EventStream, PushCenter
    from .transport import Transport

T = TypeVar("T")

logger = logging.getLogger(__name__)

#: Default timeouts in seconds: (connect, read).
DEFAULT_TIMEOUT = (10.0, 60.0)

#: Seconds before the API key's expiry at which the session logs in again
#: (at most; see Session.renew_login_if_expiring).
RENEWAL_MARGIN = 60.0

#: Seconds during which a failed login is reported to other callers instead
#: of being tried again, so that many threads do not storm the VSD.
FAILED_LOGIN_HOLD = 5.0

_current: contextvars.ContextVar[Session | None] = contextvars.ContextVar(
    "nuagesdk_current_session", default=None
)
_last_started: Session | None = None


def current_session() -> Session:
    """Return the session in effect for the calling thread.

    That is the innermost ``with session:`` block of this thread,
    else the session started last in the process, as vspk scripts expect.

    Raises:
        SessionError: no session was entered or started.
    """
    session = _current.get()
    if session is None:
        session = _last_started
    if session is None:
        raise SessionError(
            "no VSD session: create one (for example v6.NUVSDSession(...)) and call "
            "start(), or use it in a 'with session:' block"
        )
    return session


class Session:
    """A connection to one VSD as one user.

    Authenticate with a password, an API key, or a client certificate
    (``certificate=("cert.pem", "key.pem")``); ``enterprise`` is the
    organization the user belongs to (``csp`` for the administrator).

    TLS certificates are verified unless ``verify=False``; ``ca_bundle``
    names a CA file for a VSD whose certificate a private CA signed. Every
    request has ``timeout`` (seconds, a number or ``(connect, read)``).

    :meth:`start` logs in and keeps the API key. Objects reached from
    :attr:`user` use this session; other objects use the current session
    (``with session:`` for the calling thread, else the last one started).

    Background calls (``as_async=True`` and :meth:`submit`) run on a pool of
    at most ``max_workers`` threads that the session starts on first use.
    :meth:`close` stops the :attr:`push_center` and waits for that pool.
    """

    api_version: ClassVar[str] = "6"
    api_prefix: ClassVar[str] = "nuage/api"
    root_object_class: ClassVar[type[RESTRootObject] | None] = None

    def __init__(
        self,
        username: str | None = None,
        enterprise: str | None = None,
        api_url: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        certificate: tuple[str, str] | str | None = None,
        *,
        version: str | None = None,
        api_prefix: str | None = None,
        verify: bool = True,
        ca_bundle: str | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry_policy: RetryPolicy | None = None,
        max_workers: int | None = None,
    ) -> None:
        problems = []
        if not username:
            problems.append("username is missing")
        if not enterprise:
            problems.append("enterprise (the user's organization) is missing")
        if not api_url:
            problems.append(
                "api_url is missing (for example https://vsd.example.net:8443)"
            )
        elif not api_url.startswith(("http://", "https://")):
            problems.append(f"api_url {api_url!r} must start with https:// or http://")
        elif "@" in urlsplit(api_url).netloc:
            problems.append(
                "api_url must not contain a user name or password; pass them as "
                "username and password"
            )
        for label, path in (("ca_bundle", ca_bundle), *_certificate_paths(certificate)):
            if path and not os.path.isfile(path):
                problems.append(f"{label} file {path!r} does not exist")
        if password is None and api_key is None and certificate is None:
            problems.append("give a password, an api_key or a certificate")
        if problems:
            raise SessionError("cannot create the session: " + "; ".join(problems))

        self.username = username
        self.enterprise = enterprise
        self.api_url = api_url.rstrip("/")
        self.version = str(version if version is not None else self.api_version)
        self.prefix = (api_prefix if api_prefix is not None else self.api_prefix).strip(
            "/"
        )
        self.certificate = certificate
        self.timeout = _normalize_timeout(timeout)
        self.verify: bool | str = ca_bundle if ca_bundle else verify
        if verify is False:
            logger.warning(
                "TLS certificate verification is off for %s; use this for a lab only",
                self.api_url,
            )
        self.retry_policy = retry_policy if retry_policy is not None else RetryPolicy()
        self._password = password
        # (login generation, API key), replaced as one value so a request
        # never pairs one login's key with another login's generation.
        self._credentials: tuple[int, str | None] = (0, api_key)
        # When to log in again ahead of the key's expiry (epoch seconds).
        self._renew_at: float | None = None
        self._key_expiry: float | None = None
        # Set once a renewal ahead of expiry brought back the same key. Such a
        # server gets no more early renewals, and its 401 at expiry renews.
        self._server_keeps_keys = False
        self._failed_login: tuple[int, float, NuageError] | None = None
        self._proxy_user: str | None = None
        self._root_object: RESTRootObject | None = None
        self._transport: Transport | None = None
        self._login_lock = threading.Lock()
        self._tokens = threading.local()
        from .background import DEFAULT_MAX_WORKERS, BackgroundPool

        workers = DEFAULT_MAX_WORKERS if max_workers is None else max_workers
        self._background = BackgroundPool(workers, name="call")
        self._push_center: PushCenter | None = None

    # -- location ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``<api_url>/<prefix>/v<version>``, e.g. ``https://vsd:8443/nuage/api/v6``."""
        return f"{self.api_url}/{self.prefix}/v{self.version.replace('.', '_')}"

    @property
    def transport(self) -> Transport:
        """The HTTP transport of this session, made on first use."""
        if self._transport is None:
            from .transport import Transport

            self._transport = Transport(self)
        return self._transport

    # -- credentials ------------------------------------------------------

    @property
    def api_key(self) -> str | None:
        """The API key in use (from login or given); never shown in ``repr``."""
        return self._credentials[1]

    @property
    def password(self) -> str | None:
        """The password given; never shown in ``repr``."""
        return self._password

    @property
    def can_log_in_again(self) -> bool:
        """Whether a new login could replace an expired API key."""
        return self._password is not None or self.certificate is not None

    def request_headers(self, *, authenticate: bool = True) -> dict[str, str]:
        """Return the protocol headers of a request, Authorization included."""
        return self.request_headers_with_generation(authenticate=authenticate)[0]

    def request_headers_with_generation(
        self, *, authenticate: bool = True, login: bool = False
    ) -> tuple[dict[str, str], int]:
        """Return the request headers and the login generation of their API key.

        With ``login=True`` the password is sent, when the session has one,
        in place of the API key.
        """
        generation, api_key = self._credentials
        if login and self._password is not None:
            api_key = None
        headers = {
            "Content-Type": "application/json",
            "X-Nuage-Organization": self.enterprise or "",
        }
        if authenticate:
            headers["Authorization"] = self._authorization(api_key)
        if self._proxy_user:
            headers["X-Nuage-ProxyUser"] = self._proxy_user
        return headers, generation

    def _authorization(self, api_key: str | None) -> str:
        if self.certificate is not None:
            secret = ""
        elif api_key is not None:
            secret = api_key
        else:
            secret = self._password or ""
        token = base64.b64encode(f"{self.username}:{secret}".encode()).decode("ascii")
        return f"XREST {token}"

    def impersonate(self, username: str, enterprise: str) -> None:
        """Send the next requests on behalf of ``username`` of ``enterprise``."""
        self._proxy_user = f"{username}@{enterprise}"

    def stop_impersonate(self) -> None:
        """Send requests as the session's own user again."""
        self._proxy_user = None

    @property
    def is_impersonating(self) -> bool:
        """Whether requests go out on behalf of another user."""
        return self._proxy_user is not None

    # -- login ------------------------------------------------------------

    @property
    def root_object(self) -> RESTRootObject:
        """The root object (the logged-in user), available after :meth:`start`."""
        if self._root_object is None:
            raise SessionError("the session is not started; call session.start() first")
        return self._root_object

    @property
    def user(self) -> RESTRootObject:
        """vspk's name for :attr:`root_object`."""
        return self.root_object

    def start(self) -> Session:
        """Log in (GET on the root object), keep the API key and make this session the default.

        Raises:
            AuthenticationError: the credentials were not accepted.
            TransportError: the VSD could not be reached.
        """
        global _last_started
        self._log_in()
        _last_started = self
        return self

    def _log_in(self) -> None:
        root_class = self.root_object_class
        if root_class is None:
            raise SessionError(
                f"{type(self).__name__} has no root object class; use the session "
                "of an API package, for example nuagesdk.v6.NUVSDSession"
            )
        generation, api_key = self._credentials
        root = self._root_object
        if root is None:
            root = root_class()
            root.__dict__["_session"] = self
        url = f"{self.base_url}/{root_class.__resource_name__}"
        # A stale key must not be used to log in: the password is, when known.
        connection = self.transport.request("GET", url, relogin=False, login=True)
        root._apply_server_data(connection.single_object())
        self._credentials = (generation + 1, root.api_key or api_key)
        self._plan_renewal(root.api_key_expiry)
        self._root_object = root
        logger.info(
            "logged in to %s as %s@%s", self.api_url, self.username, self.enterprise
        )

    def renew_login(self, used_generation: int) -> None:
        """Log in again because the credentials of ``used_generation`` were refused.

        However many threads call this together, one login is sent: the
        others wait for it and then use its key. When that login fails, the
        waiting callers raise the same error instead of trying again.

        Raises:
            AuthenticationError: the new login was refused.
            TransportError: the VSD could not be reached.
        """
        with self._login_lock:
            if self._credentials[0] != used_generation:
                return  # another thread logged in while this one waited
            failed = self._failed_login
            if failed is not None and failed[0] == used_generation:
                if time.monotonic() - failed[1] < FAILED_LOGIN_HOLD:
                    raise _as_authentication_error(failed[2])
            try:
                self._log_in()
            except NuageError as error:
                self._failed_login = (used_generation, time.monotonic(), error)
                raise _as_authentication_error(error) from error
            self._failed_login = None

    def _plan_renewal(self, expiry_ms: object) -> None:
        # VSD returns the same key until it expires, so a renewal that brings
        # no later expiry leaves the rest to the 401 that expiry causes.
        if isinstance(expiry_ms, bool) or not isinstance(expiry_ms, (int, float)):
            self._renew_at = None
            return
        expiry = expiry_ms / 1000.0
        if self._key_expiry is not None and expiry <= self._key_expiry:
            self._renew_at = None
            self._server_keeps_keys = True
            return
        self._key_expiry = expiry
        if self._server_keeps_keys:
            return
        lifetime = expiry - time.time()
        self._renew_at = expiry - min(RENEWAL_MARGIN, max(lifetime, 0.0) / 10)

    def renew_login_if_expiring(self) -> None:
        """Log in again shortly before the API key expires.

        That is :data:`RENEWAL_MARGIN` seconds before, or a tenth of the key's
        lifetime for keys that live less than ten minutes.
        """
        renew_at = self._renew_at
        if renew_at is None or time.time() < renew_at or not self.can_log_in_again:
            return
        generation = self._credentials[0]
        logger.info(
            "API key of %s@%s expires soon, logging in again",
            self.username,
            self.enterprise,
        )
        self._renew_at = None  # one thread renews; the others go on meanwhile
        try:
            self.renew_login(generation)
        except NuageError:
            self._renew_at = renew_at
            raise

    def reset(self) -> None:
        """Forget the login: the API key (unless it was given) and the root object."""
        if self._password is not None:
            self._credentials = (self._credentials[0], None)
        self._root_object = None

    # -- background calls and events -------------------------------------

    @property
    def background(self) -> BackgroundPool:
        """The pool that runs this session's background calls."""
        return self._background

    def submit(
        self, function: Callable[..., T], *args: Any, **kwargs: Any
    ) -> Future[T]:
        """Run ``function(*args, **kwargs)`` on the session's pool; return its future.

        The call runs in a copy of the caller's context, so inside a
        ``with session:`` block objects without a parent use this session
        in the worker too. Use it to fan out many calls::

            futures = [session.submit(domain.fetch) for domain in domains]
            for future in concurrent.futures.as_completed(futures):
                domain, connection = future.result()
        """
        return self._background.submit(function, *args, **kwargs)

    @property
    def push_center(self) -> PushCenter:
        """The listener of the VSD event channel (made on first use, not started)."""
        if self._push_center is None:
            from .push_center import PushCenter

            self._push_center = PushCenter(self)
        return self._push_center

    def events(
        self, timeout: float | None = None, *, max_queued: int = 10000
    ) -> EventStream:
        """Return an iterator of the VSD's events, as :class:`PushEvent` objects.

        The push center is started if it is not running, and the iterator
        waits (up to ``timeout``, else 10 seconds) until the event channel is
        open, so every change made after this call returns is seen. The
        iteration ends when no event arrives for ``timeout`` seconds (never
        with ``None``), or when :meth:`~EventStream.close` is called. At
        most ``max_queued`` events wait for the consumer, and older ones are
        dropped past that (``stream.dropped`` counts them).

        Raises:
            NuageError: (from the iteration) the push center gave up after
                repeated failures; the error is its last failure.
        """
        from .push_center import EventStream, _check_seconds

        _check_seconds("timeout", timeout)
        return EventStream(self.push_center, timeout=timeout, max_queued=max_queued)

    def close(self) -> None:
        """Stop the push center, wait for the background calls and close the connections.

        A closed session also stops being the default session of objects
        that have none of their own.
        """
        global _last_started
        if self._push_center is not None:
            self._push_center.stop()
        self._background.shutdown(wait=True)
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if _last_started is self:
            _last_started = None

    # -- current session ----------------------------------------------------

    def __enter__(self) -> Session:
        # One stack per thread: two threads may enter the same session.
        stack = self._tokens.__dict__.setdefault("stack", [])
        stack.append(_current.set(self))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _current.reset(self._tokens.stack.pop())

    def __repr__(self) -> str:
        state = "started" if self._root_object is not None else "not started"
        return (
            f"<{type(self).__name__} {self.username}@{self.enterprise} "
            f"{self.base_url} {state}>"
        )


def _certificate_paths(certificate: object) -> list[tuple[str, str]]:
    if isinstance(certificate, str):
        return [("certificate", certificate)]
    if isinstance(certificate, tuple) and len(certificate) == 2:
        return [("certificate", certificate[0]), ("certificate key", certificate[1])]
    return []


def _as_authentication_error(error: NuageError) -> NuageError:
    """Return a failed re-login as an authentication error (transport errors stay)."""
    if isinstance(error, AuthenticationError) or not isinstance(error, HTTPError):
        return error
    renewed = AuthenticationError(
        status=error.status,
        method=error.method,
        url=error.url,
        reason=error.reason,
        errors=error.errors,
        internal_error_code=error.internal_error_code,
        body=error.body,
        body_excerpt=error.body_excerpt,
    )
    renewed.args = (f"logging in again failed: {error}",)
    return renewed


def _normalize_timeout(timeout: float | tuple[float, float]) -> tuple[float, float]:
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        values: tuple[Any, ...] = (timeout, timeout)
    elif isinstance(timeout, tuple) and len(timeout) == 2:
        values = timeout
    else:
        raise SessionError(
            f"timeout must be seconds or (connect, read) seconds, got {timeout!r}"
        )
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise SessionError(
                f"timeout values must be positive seconds, got {timeout!r}"
            )
    return (float(values[0]), float(values[1]))


NURESTSession = Session
