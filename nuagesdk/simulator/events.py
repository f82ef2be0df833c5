"""The event channel: ``GET <base>/events[?uuid=...]``, one queue per client.

Every change the store makes (insert, update, delete) becomes an event in
the queue of every open channel::

    {"type": "UPDATE", "entityType": "domain", "updateMechanism": "DEFAULT",
     "entities": [{...the object as the poll's API version renders it...}],
     "eventReceivedTime": 1700000456000}

A poll without ``uuid`` opens a channel and returns at once with no
events. A poll with a ``uuid`` waits until the channel has events or the
hold time passes, then returns up to ``event_batch_size`` events and a new
``uuid`` that points after them.

A ``uuid`` is a cursor: the events it points after are acknowledged when
the client polls with the next ``uuid``. A client whose reply was lost
(the connection dropped) polls again with the ``uuid`` it had, and receives
the same events again, so none is lost or repeated. Of a channel's cursors
only the one used last and the one returned last stay valid. Others, and
those of expired channels, get 400.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid as uuid_module
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .errors import bad_request
from .store import Record, now_ms

if TYPE_CHECKING:
    from .model import APIModel
    from .settings import SimulatorSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredEvent:
    """One change, kept until every channel that has it acknowledged it.

    ``data`` is the record's data at the change: the store replaces a
    record's dict on every update and never changes it in place.
    """

    type: str
    rest_name: str
    data: dict[str, Any]
    time: int


@dataclass
class _Channel:
    id: str
    # Absolute position of events[0]; positions count every event the
    # channel received since it was opened.
    base: int = 0
    events: deque[StoredEvent] = field(default_factory=deque)
    cursors: set[str] = field(default_factory=set)
    last_poll: float = field(default_factory=time.monotonic)

    @property
    def end(self) -> int:
        return self.base + len(self.events)

    def acknowledge(self, position: int) -> None:
        while self.base < position and self.events:
            self.events.popleft()
            self.base += 1

    def events_from(self, position: int, count: int) -> list[StoredEvent]:
        start = position - self.base
        return [
            self.events[i] for i in range(start, min(start + count, len(self.events)))
        ]


class EventChannels:
    """The open channels and the events waiting in each."""

    def __init__(
        self, settings: SimulatorSettings, clock: Callable[[], int] = now_ms
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._condition = threading.Condition()
        self._channels: dict[str, _Channel] = {}
        # uuid -> (channel, position the uuid points after)
        self._cursors: dict[str, tuple[_Channel, int]] = {}
        self._closed = False

    def record(self, kind: str, record: Record) -> None:
        """Queue an event for ``record`` in every channel (a store listener)."""
        event = StoredEvent(kind, record.rest_name, record.data, self.clock())
        with self._condition:
            self._expire_idle()
            limit = self.settings.max_queued_events
            for channel in list(self._channels.values()):
                channel.events.append(event)
                if len(channel.events) > limit:
                    logger.warning(
                        "event channel %s: more than %d events wait for the client; "
                        "closing the channel",
                        channel.id,
                        limit,
                    )
                    self._close_channel(channel)
            self._condition.notify_all()

    def poll(self, model: APIModel, cursor: str | None) -> dict[str, Any]:
        """Serve one poll: open a channel, or wait for events after ``cursor``.

        Raises:
            APIError: 400 when ``cursor`` is unknown or expired.
        """
        with self._condition:
            if cursor is None:
                channel = _Channel(str(uuid_module.uuid4()))
                self._channels[channel.id] = channel
                logger.debug("event channel %s opened", channel.id)
                return {"uuid": self._new_cursor(channel, 0), "events": []}

            channel, position = self._take_cursor(cursor)
            deadline = time.monotonic() + self.settings.event_hold_time
            while channel.end <= position and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            if self._channels.get(channel.id) is not channel:
                raise _unknown_cursor(cursor)
            events = channel.events_from(position, self.settings.event_batch_size)
            channel.last_poll = time.monotonic()
            next_cursor = self._new_cursor(channel, position + len(events))
        return {"uuid": next_cursor, "events": [_render(model, e) for e in events]}

    def _take_cursor(self, cursor: str) -> tuple[_Channel, int]:
        entry = self._cursors.get(cursor)
        if entry is None:
            raise _unknown_cursor(cursor)
        channel, position = entry
        # Polling with this cursor acknowledges every event before it, and
        # makes the channel's other cursors obsolete.
        channel.acknowledge(position)
        for other in channel.cursors - {cursor}:
            self._cursors.pop(other, None)
        channel.cursors = {cursor}
        channel.last_poll = time.monotonic()
        return channel, position

    def _new_cursor(self, channel: _Channel, position: int) -> str:
        cursor = str(uuid_module.uuid4())
        self._cursors[cursor] = (channel, position)
        channel.cursors.add(cursor)
        return cursor

    def _close_channel(self, channel: _Channel) -> None:
        self._channels.pop(channel.id, None)
        for cursor in channel.cursors:
            self._cursors.pop(cursor, None)
        channel.events.clear()

    def _expire_idle(self) -> None:
        limit = self.settings.event_channel_lifetime
        now = time.monotonic()
        for channel in list(self._channels.values()):
            if now - channel.last_poll > limit:
                logger.info(
                    "event channel %s expired: no poll for %g s", channel.id, limit
                )
                self._close_channel(channel)

    def close(self) -> None:
        """Return the waiting polls at once, and let later polls return without waiting."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def reopen(self) -> None:
        """Let polls wait again (after :meth:`close`, when the server starts again)."""
        with self._condition:
            self._closed = False

    def __len__(self) -> int:
        with self._condition:
            return len(self._channels)


def _render(model: APIModel, event: StoredEvent) -> dict[str, Any]:
    entity_class = model.entity(event.rest_name)
    record = Record(event.rest_name, event.data)
    entity = (
        model.render(entity_class, record)
        if entity_class is not None
        else dict(event.data)
    )
    return {
        "type": event.type,
        "entityType": event.rest_name,
        "updateMechanism": "DEFAULT",
        "entities": [entity],
        "eventReceivedTime": event.time,
    }


def _unknown_cursor(cursor: str) -> Exception:
    return bad_request(
        f"no event channel has uuid {cursor!r}; it expired or was replaced by a "
        "later one. Poll without uuid to open a new channel",
        title="Unknown event channel",
    )
