"""Jobs: a background worker moves each job from RUNNING to SUCCESS or FAILED.

A job created under a parent starts RUNNING with progress 0.0. The worker
raises its progress in ``job_progress_steps`` equal steps over
``job_duration`` seconds, then applies the command's effect and ends it:

- BEGIN_POLICY_CHANGES, APPLY_POLICY_CHANGES and DISCARD_POLICY_CHANGES on
  a domain, l2domain or their templates set the parent's
  ``policyChangeStatus`` to STARTED, APPLIED or DISCARDED.
- EXPORT puts the parent and everything below it in ``result`` (see
  :mod:`nuagesdk.simulator.transfer`).
- IMPORT creates the objects of ``parameters`` (an EXPORT result) under the
  parent.
- Other commands end SUCCESS with no effect.

Commands in ``failing_job_commands`` end FAILED, and so does an IMPORT that
cannot be applied; ``result`` then contains a VSD error body with the reason.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .store import Record, Store, now_ms
from .transfer import TransferError, export_tree, import_tree

if TYPE_CHECKING:
    from .model import APIModel
    from .settings import SimulatorSettings

logger = logging.getLogger(__name__)

RUNNING = "RUNNING"
SUCCESS = "SUCCESS"
FAILED = "FAILED"

#: Entities with a ``policyChangeStatus``, and the status each command sets.
POLICY_ENTITIES = frozenset(
    {"domain", "domaintemplate", "l2domain", "l2domaintemplate"}
)
POLICY_STATUS_BY_COMMAND = {
    "BEGIN_POLICY_CHANGES": "STARTED",
    "APPLY_POLICY_CHANGES": "APPLIED",
    "DISCARD_POLICY_CHANGES": "DISCARDED",
}


def failure_result(reason: str) -> dict[str, Any]:
    """Return the ``result`` of a FAILED job: a VSD error body with ``reason``."""
    return {
        "errors": [
            {
                "property": "",
                "descriptions": [{"title": "Job failed", "description": reason}],
            }
        ]
    }


class JobRunner:
    """Runs jobs on one background thread.

    :meth:`submit` is called with the store lock held. The worker takes the
    store lock only after it releases its own lock, so the two never wait on
    each other.
    """

    def __init__(
        self,
        store: Store,
        settings: SimulatorSettings,
        models: Mapping[str, APIModel],
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self._store = store
        self._settings = settings
        self._models = models
        self._clock = clock
        self._condition = threading.Condition()
        # (due time from time.monotonic(), sequence, job ID, step)
        self._queue: list[tuple[float, int, str, int]] = []
        self._sequence = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def start(self) -> None:
        """Start the worker thread."""
        with self._condition:
            if self._thread is not None:
                return
            self._stopping = False
            self._thread = threading.Thread(
                target=self._run, name="nuagesdk-simulator-jobs", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop the worker; jobs still running stay RUNNING."""
        with self._condition:
            thread = self._thread
            self._stopping = True
            self._condition.notify_all()
        if thread is not None:
            thread.join(timeout=5)
        with self._condition:
            self._thread = None
            self._queue.clear()

    def submit(self, job_id: str) -> None:
        """Schedule the progress steps and the end of a new job.

        With ``job_duration`` 0 the job ends before this returns.
        """
        settings = self._settings
        if settings.job_duration <= 0:
            self.finish(job_id)
            return
        steps = settings.job_progress_steps
        start = time.monotonic()
        with self._condition:
            for step in range(1, steps + 1):
                due = start + settings.job_duration * step / steps
                heapq.heappush(self._queue, (due, next(self._sequence), job_id, step))
            self._condition.notify_all()

    def resume(self) -> None:
        """Schedule the jobs found RUNNING in the store (after a restart)."""
        with self._store.lock:
            running = [
                r.id
                for r in self._store.of_type("job")
                if r.data.get("status") == RUNNING
            ]
            for job_id in running:
                self.submit(job_id)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._stopping and (
                    not self._queue or self._queue[0][0] > time.monotonic()
                ):
                    timeout = (
                        self._queue[0][0] - time.monotonic() if self._queue else None
                    )
                    self._condition.wait(timeout)
                if self._stopping:
                    return
                _, _, job_id, step = heapq.heappop(self._queue)
            try:
                if step >= self._settings.job_progress_steps:
                    self.finish(job_id)
                else:
                    self._advance(job_id, step / self._settings.job_progress_steps)
            except Exception:
                # The worker must outlive one bad job: log it and go on.
                logger.exception("job %s: step %s failed", job_id, step)

    def _advance(self, job_id: str, progress: float) -> None:
        with self._store.lock:
            record = self._store.get(job_id)
            if record is None or record.data.get("status") != RUNNING:
                return
            self._store.update(
                job_id,
                {"progress": round(progress, 4), "lastUpdatedDate": self._clock()},
            )

    def finish(self, job_id: str) -> None:
        """Apply the job's effect and end it SUCCESS or FAILED."""
        with self._store.lock:
            record = self._store.get(job_id)
            if record is None or record.data.get("status") != RUNNING:
                return
            command = record.data.get("command")
            reason = self._settings.failing_job_commands.get(str(command))
            if reason is not None:
                status, result = FAILED, failure_result(reason)
            else:
                try:
                    status, result = SUCCESS, self._apply(record)
                except TransferError as error:
                    status, result = FAILED, failure_result(str(error))
            changes: dict[str, Any] = {
                "status": status,
                "result": result,
                "lastUpdatedDate": self._clock(),
            }
            if status == SUCCESS:
                changes["progress"] = 1.0
            self._store.update(job_id, changes)
        logger.debug("job %s (%s) ended %s", job_id, command, status)

    def _apply(self, job: Record) -> Any:
        command = job.data.get("command")
        parent = self._store.get(job.parent_id or "")
        if parent is None:
            raise TransferError("the object the job was created under no longer exists")
        model = self._models[job.private.get("apiVersion", "")]

        policy_status = POLICY_STATUS_BY_COMMAND.get(str(command))
        if policy_status is not None and parent.rest_name in POLICY_ENTITIES:
            self._store.update(
                parent.id,
                {"policyChangeStatus": policy_status, "lastUpdatedDate": self._clock()},
            )
            return None
        if command == "EXPORT":
            return export_tree(self._store, model, parent)
        if command == "IMPORT":
            owner = job.data.get("owner")
            return import_tree(
                self._store,
                model,
                parent,
                job.data.get("parameters"),
                owner=owner if isinstance(owner, str) else None,
                settings=self._settings,
                clock=self._clock,
            )
        return None
