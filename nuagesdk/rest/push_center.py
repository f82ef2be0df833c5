"""The push center: a background thread that long-polls the VSD event channel.

The channel is ``GET <base>/events``. The VSD holds each request until
events arrive or its hold time passes, then replies
``{"uuid": "...", "events": [...]}``. The next request sends the ``uuid``
of the last reply as ``?uuid=``, so that the VSD continues from there.

Unlike vspk's push center, this one keeps that ``uuid`` after a failed
poll and waits with exponential back-off before it polls again, so a VSD
that keeps the channel delivers the events of the outage afterwards. After
``max_failures`` failures in a row it stops, logs why and keeps the error
in :attr:`PushCenter.last_error`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import HTTPError, MalformedResponseError, NuageError

if TYPE_CHECKING:
    from .object import RESTObject
    from .session import Session

logger = logging.getLogger(__name__)

#: Event types a VSD sends. GRANT and REVOKE report permission changes.
EVENT_TYPES = ("CREATE", "UPDATE", "DELETE", "GRANT", "REVOKE")

Delegate = Callable[[dict], Any]


class PushEvent:
    """One event of the VSD event channel.

    ``type`` is one of :data:`EVENT_TYPES`, ``entity_type`` the REST name of
    the changed objects (``domain``, ``job``) and ``entities`` those objects
    as SDK objects of the session's API version (a plain
    :class:`~nuagesdk.rest.RESTObject` for a type the version lacks). ``time``
    is when the VSD recorded the event (UTC), or ``None`` when the event has no time. ``data`` is the
    event as received.
    """

    __slots__ = ("type", "entity_type", "entities", "time", "update_mechanism", "data")

    def __init__(
        self,
        type: str,
        entity_type: str,
        entities: list[RESTObject],
        time: datetime | None = None,
        update_mechanism: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.type = type
        self.entity_type = entity_type
        self.entities = entities
        self.time = time
        self.update_mechanism = update_mechanism
        self.data = data if data is not None else {}

    @property
    def entity(self) -> RESTObject | None:
        """The first changed object (VSD sends one per event), or ``None``."""
        return self.entities[0] if self.entities else None

    @classmethod
    def from_data(cls, data: dict[str, Any], session: Session) -> PushEvent:
        """Build an event from its JSON form; entities use ``session``."""
        entity_type = str(data.get("entityType") or "")
        entity_class = _entity_class(session, entity_type)
        entities = []
        for item in data.get("entities") or []:
            if not isinstance(item, dict):
                continue
            obj = entity_class.__new__(entity_class)
            obj._apply_server_data(item)
            obj.__dict__["_session"] = session
            entities.append(obj)
        received = data.get("eventReceivedTime")
        moment = None
        if isinstance(received, (int, float)) and not isinstance(received, bool):
            moment = datetime.fromtimestamp(received / 1000.0, tz=timezone.utc)
        return cls(
            type=str(data.get("type") or ""),
            entity_type=entity_type,
            entities=entities,
            time=moment,
            update_mechanism=data.get("updateMechanism"),
            data=data,
        )

    def __repr__(self) -> str:
        entity = self.entity
        shown = f" {entity.id}" if entity is not None and entity.id else ""
        return f"<PushEvent {self.type} {self.entity_type}{shown}>"


def _entity_class(session: Session, rest_name: str) -> type[RESTObject]:
    from .object import RESTObject
    from .package import api_package_of

    root_class = session.root_object_class
    if root_class is None or not rest_name:
        return RESTObject
    try:
        package = api_package_of(root_class)
    except LookupError:
        return RESTObject
    if not package.has_rest_name(rest_name):
        return RESTObject
    return package.class_for_rest_name(rest_name)


class _Run:
    """The state of one start of the push center: its thread and its flags."""

    def __init__(self, deadline: float | None) -> None:
        self.stop = threading.Event()
        self.listening = threading.Event()
        # Held while a reply is delivered, so stop() can wait for that.
        self.delivery = threading.Lock()
        self.deadline = deadline
        self.thread: threading.Thread | None = None


class PushCenter:
    """Listens to the VSD event channel of a session in a background thread.

    Get it from :attr:`Session.push_center`. Delegates added with
    :meth:`add_delegate` are called in the listener thread with each reply
    that carries events, as vspk calls them: ``{"uuid": ..., "events":
    [...]}``. :meth:`Session.events` gives the events one by one as
    :class:`PushEvent` objects instead.

    The settings below apply from the next :meth:`start`. Times are seconds.
    """

    def __init__(self, session: Session, *, max_last_events: int = 1000) -> None:
        self._session = session
        self._lock = threading.Lock()
        self._delegates: list[Delegate] = []
        self._streams: list[EventStream] = []
        # True while the listener runs because an event stream started it:
        # the last stream to close then stops it, whichever stream that is.
        self._started_for_streams = False
        self._last_events: deque[dict[str, Any]] = deque(maxlen=max_last_events)
        self._run: _Run | None = None
        #: ``uuid`` of the last reply; the next poll continues from it.
        self.uuid: str | None = None
        #: The error of the last failed poll, cleared by a successful one.
        #: After the push center gave up, the reason it stopped.
        self.last_error: NuageError | None = None
        #: Wait after the first failed poll; it doubles after each failure.
        self.retry_delay = 1.0
        #: Maximum wait between two failed polls.
        self.max_retry_delay = 30.0
        #: Failed polls in a row after which the push center stops; ``None``
        #: retries for ever.
        self.max_failures: int | None = 10
        #: Read timeout of one poll. It must exceed the VSD's hold time
        #: (60 seconds on the servers whose code is public).
        self.poll_timeout = 120.0
        #: Events received and replies with events, as vspk counts them.
        self.nb_events_received = 0
        self.nb_push_received = 0
        #: Events dropped from the full buffer of :meth:`get_last_events`.
        self.dropped_events = 0

    @property
    def url(self) -> str:
        """URL of the event channel: ``<base>/events``."""
        return f"{self._session.base_url}/events"

    @property
    def max_last_events(self) -> int:
        """Size of the buffer that :meth:`get_last_events` empties."""
        return self._last_events.maxlen or 0

    @max_last_events.setter
    def max_last_events(self, size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"max_last_events must be an integer >= 1, got {size!r}")
        with self._lock:
            self._last_events = deque(self._last_events, maxlen=size)

    @property
    def is_running(self) -> bool:
        """Whether the listener thread is alive and not asked to stop."""
        run = self._run
        return (
            run is not None
            and run.thread is not None
            and run.thread.is_alive()
            and not run.stop.is_set()
        )

    # -- control ----------------------------------------------------------

    def start(self, timeout: float | None = None) -> None:
        """Start listening in a background thread; nothing happens if it runs.

        With ``timeout`` (seconds), the listener stops by itself after that
        time, as vspk's ``start(timeout=...)`` does.

        Raises:
            ValueError: ``timeout`` is not a positive number of seconds.
        """
        _check_seconds("timeout", timeout)
        with self._lock:
            if self.is_running:
                return
            deadline = None if timeout is None else time.monotonic() + timeout
            run = _Run(deadline)
            if self.uuid is not None:
                # Resuming a channel: the VSD queues its events already.
                run.listening.set()
            run.thread = threading.Thread(
                target=self._listen,
                args=(run,),
                name="nuagesdk-push-center",
                daemon=True,
            )
            self._run = run
            self.last_error = None
        logger.info("push center: listening to %s", self.url)
        run.thread.start()

    def stop(self, timeout: float = 0.5) -> None:
        """Stop listening and wait up to ``timeout`` seconds for the thread to end.

        No delegate or stream receives anything once this returns. A poll in
        flight cannot be cut short: when it outlasts ``timeout``, the thread
        ends as soon as the poll returns, and it delivers nothing from that
        poll. The channel ``uuid`` stays where it was, so a VSD that keeps
        the channel sends those events again after :meth:`start`.
        """
        with self._lock:
            run = self._run
            self._run = None
            streams = list(self._streams)
        if run is None or run.thread is None:
            return
        run.stop.set()
        for stream in streams:
            stream._end(None)
        if run.thread is not threading.current_thread():
            with run.delivery:
                pass  # a delivery in progress ends first
            run.thread.join(timeout)
        logger.info("push center: stopped listening to %s", self.url)

    def wait_until_exit(self, timeout: float | None = None) -> None:
        """Wait until the listener thread ends, for example after ``start(timeout=...)``."""
        run = self._run
        if run is not None and run.thread is not None:
            run.thread.join(timeout)

    def wait_until_listening(self, timeout: float = 10.0) -> bool:
        """Wait until the channel is open; tell whether it is.

        It is open once a poll of this start succeeded, or at once when the
        push center resumes the channel of an earlier start. From then on
        every change reaches this push center, unless the VSD dropped the
        channel in between (a warning is logged then).
        """
        run = self._run
        if run is None:
            return False
        return run.listening.wait(timeout)

    # -- delegates and buffered events ----------------------------------------

    def add_delegate(self, callback: Delegate) -> None:
        """Call ``callback(reply)`` for each reply with events (once per callback)."""
        if not callable(callback):
            raise TypeError(f"delegate must be callable, got {callback!r}")
        with self._lock:
            if callback not in self._delegates:
                self._delegates.append(callback)

    def remove_delegate(self, callback: Delegate) -> None:
        """Stop calling ``callback``; unknown callbacks are ignored."""
        with self._lock:
            if callback in self._delegates:
                self._delegates.remove(callback)

    def get_last_events(self) -> list[dict[str, Any]]:
        """Return the events received since the last call, as JSON, and empty the buffer.

        The buffer keeps the latest :attr:`max_last_events` events. Older
        ones are dropped and counted in :attr:`dropped_events`.
        """
        with self._lock:
            events = list(self._last_events)
            self._last_events.clear()
        return events

    def _subscribe(self, stream: EventStream) -> None:
        with self._lock:
            self._streams.append(stream)

    def _unsubscribe(self, stream: EventStream) -> bool:
        """Remove ``stream``; tell whether nothing else consumes the events."""
        with self._lock:
            if stream in self._streams:
                self._streams.remove(stream)
            return not self._streams and not self._delegates

    # -- the listener thread --------------------------------------------------

    def _listen(self, run: _Run) -> None:
        error: NuageError | None = None
        try:
            error = self._poll_until_stopped(run)
        except Exception:
            # The thread's boundary: a bug here must end the thread visibly,
            # with is_running False, instead of dying in silence.
            logger.exception("push center: the listener of %s failed", self.url)
        finally:
            # Streams end here when the thread ended by itself (it gave up,
            # or its timeout passed); stop() ends them when it is stopped.
            streams: list[EventStream] = []
            with self._lock:
                if self._run is run:
                    self._run = None
                    streams = list(self._streams)
            for stream in streams:
                stream._end(error)

    def _poll_until_stopped(self, run: _Run) -> NuageError | None:
        """Poll until stopped; return the error that made it give up, if any."""
        failures = 0
        while not run.stop.is_set():
            if run.deadline is not None and time.monotonic() >= run.deadline:
                return None
            try:
                reply = self._poll()
            except NuageError as error:
                if run.stop.is_set():
                    return None
                if self._forget_unknown_channel(error):
                    continue
                failures += 1
                self.last_error = error
                if self.max_failures is not None and failures >= self.max_failures:
                    logger.error(
                        "push center: stopped after %d failed polls of %s: %s",
                        failures,
                        self.url,
                        error,
                    )
                    return error
                delay = self._backoff(failures)
                logger.warning(
                    "push center: poll %d of %s failed: %s; polling again in %.2f s "
                    "with channel %s",
                    failures,
                    self.url,
                    error,
                    delay,
                    self.uuid,
                )
                run.stop.wait(delay)
                continue

            with run.delivery:
                if run.stop.is_set():
                    return None  # stopped during the poll: deliver nothing more
                failures = 0
                self.last_error = None
                uuid = reply.get("uuid")
                if isinstance(uuid, str) and uuid:
                    self.uuid = uuid
                run.listening.set()
                self._deliver(reply)
        return None

    def _poll(self) -> dict[str, Any]:
        session = self._session
        params = {"uuid": self.uuid} if self.uuid else None
        connection = session.transport.request(
            "GET",
            self.url,
            params=params,
            timeout=(session.timeout[0], self.poll_timeout),
        )
        data = connection.response.data
        if data is None:
            return {"uuid": self.uuid, "events": []}
        if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
            raise MalformedResponseError(
                'expected {"uuid": ..., "events": [...]} from the event channel',
                method="GET",
                url=self.url,
                status=connection.response.status_code,
            )
        return data

    def _forget_unknown_channel(self, error: NuageError) -> bool:
        # A VSD that lost the channel (restarted, or expired it) rejects its
        # uuid. Polling without one opens a new channel. The events in
        # between are lost, and the warning reports that.
        if self.uuid is None or not isinstance(error, HTTPError):
            return False
        if error.status not in (400, 404):
            return False
        logger.warning(
            "push center: the VSD rejected channel %s (%s); opening a new channel, "
            "events since the last poll are lost",
            self.uuid,
            error.status,
        )
        self.uuid = None
        return True

    def _backoff(self, failures: int) -> float:
        ceiling = min(self.max_retry_delay, self.retry_delay * 2 ** (failures - 1))
        # Half fixed, half random: never a tight loop, and many clients
        # that failed together do not poll again together.
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _deliver(self, reply: dict[str, Any]) -> None:
        events = [
            event for event in reply.get("events") or [] if isinstance(event, dict)
        ]
        if not events:
            return
        with self._lock:
            buffer = self._last_events
            overflow = len(buffer) + len(events) - (buffer.maxlen or 0)
            if overflow > 0:
                self.dropped_events += overflow
            buffer.extend(events)
            self.nb_events_received += len(events)
            self.nb_push_received += 1
            delegates = list(self._delegates)
            streams = list(self._streams)

        for delegate in delegates:
            try:
                delegate(reply)
            except Exception:
                # One failing delegate must not stop the others or the thread.
                logger.exception("push center: delegate %r failed", delegate)
        if streams:
            typed = [PushEvent.from_data(event, self._session) for event in events]
            for stream in streams:
                stream._put(typed)

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<PushCenter {self.url} {state}>"


class EventStream:
    """An iterator of :class:`PushEvent` objects; see :meth:`Session.events`.

    Use it in a ``with`` block, or call :meth:`close`, to stop receiving.
    """

    def __init__(
        self, push_center: PushCenter, *, timeout: float | None, max_queued: int
    ) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(
                f"timeout must be positive seconds or None, got {timeout!r}"
            )
        if max_queued < 1:
            raise ValueError(f"max_queued must be at least 1, got {max_queued!r}")
        self.timeout = timeout
        #: Events dropped because ``max_queued`` events were waiting.
        self.dropped = 0
        self._push_center = push_center
        self._queue: deque[PushEvent] = deque()
        self._max_queued = max_queued
        self._condition = threading.Condition()
        self._closed = False
        self._ended = False
        self._error: NuageError | None = None

        push_center._subscribe(self)
        if not push_center.is_running:
            push_center._started_for_streams = True
            push_center.start()
        wait = timeout if timeout is not None else 10.0
        if not push_center.wait_until_listening(wait):
            logger.warning(
                "push center: no successful poll of %s within %g s; events may be missed "
                "until the channel opens",
                push_center.url,
                wait,
            )

    def __iter__(self) -> Iterator[PushEvent]:
        return self

    def __next__(self) -> PushEvent:
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        with self._condition:
            while not self._queue and not self._closed and not self._ended:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    break
                self._condition.wait(remaining)
            if self._queue:
                return self._queue.popleft()
            error = self._error
            if error is None and not self._closed and not self._ended:
                # Timed out while the channel fails: report why nothing came
                # rather than end as if the VSD had been quiet.
                error = self._push_center.last_error
        # Closed outside the condition: stopping the push center waits for
        # its thread, which may be waiting for the condition in _put.
        self.close()
        if error is not None:
            raise error
        raise StopIteration

    def close(self) -> None:
        """Stop receiving; the push center stops when an event stream started
        it and nothing else listens any more."""
        with self._condition:
            if self._closed:
                return
            self._closed = True
            self._condition.notify_all()
        push_center = self._push_center
        unused = push_center._unsubscribe(self)
        if unused and push_center._started_for_streams:
            push_center._started_for_streams = False
            push_center.stop()

    def _put(self, events: list[PushEvent]) -> None:
        with self._condition:
            if self._closed:
                return
            dropped_before = self.dropped
            for event in events:
                if len(self._queue) >= self._max_queued:
                    self._queue.popleft()
                    self.dropped += 1
                self._queue.append(event)
            self._condition.notify_all()
        if dropped_before == 0 and self.dropped:
            # Logged once per stream; stream.dropped keeps the count.
            logger.warning(
                "push center: an event stream is full (%d events); dropping its "
                "oldest events",
                self._max_queued,
            )

    def _end(self, error: NuageError | None) -> None:
        with self._condition:
            self._ended = True
            self._error = error
            self._condition.notify_all()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _check_seconds(name: str, value: object) -> None:
    """Reject a timeout that is not None or a positive number of seconds."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
