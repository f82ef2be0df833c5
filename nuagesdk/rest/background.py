"""Background calls: the bounded thread pool of a session.

vspk's ``as_async=True, callback=...`` and :meth:`Session.submit` run here.
The pool is made on first use, so scripts that never call in the
background import neither :mod:`concurrent.futures` nor start a thread.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from .errors import HTTPError, SessionError

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Threads of a session's pool unless the session is given ``max_workers``.
DEFAULT_MAX_WORKERS = 8

Callback = Optional[Callable[..., Any]]


class BackgroundPool:
    """A lazily started ``ThreadPoolExecutor`` of at most ``max_workers`` threads.

    Work submitted here runs in a copy of the caller's context, so a
    ``with session:`` block around the submit applies in the worker too.
    """

    def __init__(self, max_workers: int = DEFAULT_MAX_WORKERS, name: str = "") -> None:
        if (
            isinstance(max_workers, bool)
            or not isinstance(max_workers, int)
            or max_workers < 1
        ):
            raise SessionError(
                f"max_workers must be an integer >= 1, got {max_workers!r}"
            )
        self.max_workers = max_workers
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._worker_ids: set[int] = set()

    def submit(
        self, function: Callable[..., T], *args: Any, **kwargs: Any
    ) -> Future[T]:
        """Run ``function(*args, **kwargs)`` on a worker and return its future."""
        context = contextvars.copy_context()
        return self._ensure_executor().submit(context.run, function, *args, **kwargs)

    def _ensure_executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(
                    max_workers=self.max_workers,
                    thread_name_prefix=f"nuagesdk-{self._name}",
                    initializer=self._register_worker,
                )
            return self._executor

    def _register_worker(self) -> None:
        self._worker_ids.add(threading.get_ident())

    @property
    def is_started(self) -> bool:
        """Whether the pool has threads (it starts on the first submit)."""
        return self._executor is not None

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking work and, with ``wait``, wait for every submitted call.

        Called from one of the pool's own workers (a callback that closes its
        session), it does not wait, since the worker would wait for itself.
        The next submit starts a new pool.
        """
        with self._lock:
            executor = self._executor
            self._executor = None
        if executor is None:
            return
        if wait and threading.get_ident() in self._worker_ids:
            logger.warning(
                "the session was closed from one of its background calls; "
                "the calls still running finish without being waited for"
            )
            wait = False
        executor.shutdown(wait=wait)
        if wait:
            self._worker_ids.clear()


def call_in_background(
    pool: BackgroundPool,
    call: Callable[[], T],
    callback: Callback,
    callback_arguments: Callable[[T], tuple[Any, ...]],
    description: str,
    error_arguments: Callable[[HTTPError], tuple[Any, ...]] | None = None,
) -> Future[T]:
    """Run ``call`` on ``pool``, then ``callback(*callback_arguments(result))``.

    The future resolves to what ``call`` returns, after the callback ran, or
    to the error ``call`` raised. The callback runs when ``call`` succeeds,
    and also on an HTTP error when ``error_arguments`` is given: vspk calls
    an object call's callback with the error's connection, and scripts check
    ``connection.response.status_code`` there. An error of the call is logged when a callback was given,
    since a script that uses callbacks may never look at the future. An
    error in the callback is logged and does not reach the future or the
    pool.
    """

    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")

    def run() -> T:
        try:
            result = call()
        except Exception as error:
            if callback is not None:
                logger.error("background %s failed: %s", description, error)
                if error_arguments is not None and isinstance(error, HTTPError):
                    _run_callback(callback, error_arguments(error), description)
            raise
        if callback is not None:
            _run_callback(callback, callback_arguments(result), description)
        return result

    return pool.submit(run)


def _run_callback(
    callback: Callable[..., Any], arguments: tuple[Any, ...], description: str
) -> None:
    try:
        callback(*arguments)
    except Exception:
        # A failing callback must not fail the call or the worker: the
        # call's own result or error stays available in its future.
        logger.exception("callback %r of background %s failed", callback, description)
