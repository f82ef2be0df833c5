"""Behaviour of job entities: waiting for a job and checking its command."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from .errors import JobFailedError, JobTimeoutError, ValidationError

if TYPE_CHECKING:
    from .object import RESTObject

logger = logging.getLogger(__name__)

JobT = TypeVar("JobT", bound="JobMixin")

#: Terminal statuses of a VSD job.
SUCCESS = "SUCCESS"
FAILED = "FAILED"


class JobMixin:
    """Adds :meth:`wait` and the parent's command check to the generated ``NUJob``."""

    status: Any
    command: Any
    progress: Any
    result: Any
    id: Any

    def wait(
        self: JobT,
        timeout: float = 300.0,
        interval: float = 1.0,
        on_progress: Optional[Callable[[JobT], None]] = None,
        max_interval: float = 10.0,
    ) -> JobT:
        """Poll the job with :meth:`fetch` until it ends, and return it on SUCCESS.

        Polls every ``interval`` seconds at first, then 1.5 times longer each
        time up to ``max_interval``. ``on_progress`` is called with the job
        after every poll while it runs.

        Raises:
            JobFailedError: the job ended FAILED; ``error.result`` gives the reason.
            JobTimeoutError: the job still ran after ``timeout`` seconds.
            TypeError: an argument is not a number of seconds.
            ValueError: ``timeout`` is negative or an interval is not positive.
            NuageError: a poll failed.
        """
        for name, value in (
            ("timeout", timeout),
            ("interval", interval),
            ("max_interval", max_interval),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number of seconds, got {value!r}")
        if timeout < 0 or interval <= 0 or max_interval <= 0:
            raise ValueError(
                f"timeout must be >= 0 and intervals > 0, got timeout={timeout!r}, "
                f"interval={interval!r}, max_interval={max_interval!r}"
            )
        deadline = time.monotonic() + timeout
        delay = interval
        if self.status is None:
            self.fetch()  # type: ignore[attr-defined]
        while True:
            if self.status == SUCCESS:
                return self
            if self.status == FAILED:
                raise JobFailedError(self)
            if on_progress is not None:
                on_progress(self)

            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JobTimeoutError(self, timeout)
            time.sleep(min(delay, remaining))
            delay = min(delay * 1.5, max_interval)
            self.fetch()  # type: ignore[attr-defined]
            logger.debug("job %s: %s, progress %s", self.id, self.status, self.progress)

    def _check_parent(self, parent: RESTObject) -> None:
        """Reject a command that the parent's entity does not allow, before sending."""
        allowed = parent.__allowed_job_commands__
        if allowed and self.command is not None and self.command not in allowed:
            raise ValidationError(
                "Job",
                [
                    f"command: {self.command!r} is not allowed under "
                    f"{parent.__rest_name__}; allowed commands are {', '.join(allowed)}"
                ],
            )
