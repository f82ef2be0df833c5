"""When and how long to wait before sending a failed request again."""

from __future__ import annotations

import email.utils
import random
import time
from typing import Iterable

from .errors import RequestTimeoutError, TLSError, TransportError

#: Methods that do the same thing however often they are sent.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class RetryPolicy:
    """Retries with exponential back-off and full jitter.

    A request is sent at most ``attempts`` times. It is sent again when:

    - its method is in ``methods`` and the reply status is in ``statuses``;
    - its method is in ``methods`` and the connection failed or broke;
    - any method (POST included) failed before the request left: connection
      refused or connect timeout, so the server cannot have acted on it.

    A read timeout is not retried unless ``retry_read_timeouts`` is true,
    so a server that never responds fails the call within one timeout. TLS
    failures are never retried.

    The wait before attempt ``n + 1`` is a random time between 0 and
    ``min(max_backoff, backoff * 2 ** (n - 1))`` seconds, or the server's
    ``Retry-After`` when it sends one (capped at ``max_retry_after``).
    """

    __slots__ = (
        "attempts",
        "backoff",
        "max_backoff",
        "statuses",
        "methods",
        "max_retry_after",
        "retry_read_timeouts",
    )

    def __init__(
        self,
        attempts: int = 4,
        *,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        statuses: Iterable[int] = (502, 503, 504),
        methods: Iterable[str] = IDEMPOTENT_METHODS,
        max_retry_after: float = 60.0,
        retry_read_timeouts: bool = False,
    ) -> None:
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise ValueError(f"attempts must be an integer >= 1, got {attempts!r}")
        for name, value in (
            ("backoff", backoff),
            ("max_backoff", max_backoff),
            ("max_retry_after", max_retry_after),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
            ):
                raise ValueError(f"{name} must be seconds >= 0, got {value!r}")
        self.attempts = attempts
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.statuses = frozenset(statuses)
        self.methods = frozenset(method.upper() for method in methods)
        self.max_retry_after = float(max_retry_after)
        self.retry_read_timeouts = retry_read_timeouts

    @classmethod
    def never(cls) -> RetryPolicy:
        """Return a policy that sends every request once."""
        return cls(attempts=1)

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(attempts={self.attempts}, backoff={self.backoff:g}, "
            f"max_backoff={self.max_backoff:g}, statuses={sorted(self.statuses)})"
        )

    def should_retry_status(self, method: str, status: int, attempt: int) -> bool:
        """Tell whether a reply with ``status`` to attempt ``attempt`` is retried."""
        return (
            attempt < self.attempts
            and method in self.methods
            and status in self.statuses
        )

    def should_retry_error(
        self, method: str, error: TransportError, attempt: int
    ) -> bool:
        """Tell whether a request that failed with ``error`` is retried."""
        if attempt >= self.attempts or isinstance(error, TLSError):
            return False
        if not error.request_sent:
            return True
        if method not in self.methods:
            return False
        if isinstance(error, RequestTimeoutError):
            return self.retry_read_timeouts
        return True

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Return the seconds to wait after attempt ``attempt`` failed."""
        if retry_after:
            seconds = _parse_retry_after(retry_after)
            if seconds is not None:
                return min(seconds, self.max_retry_after)
        ceiling = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)


def _parse_retry_after(value: str) -> float | None:
    """Read a Retry-After value: seconds, or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - time.time())
