"""The push center and the event iterator against the simulator's event channel."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any, Callable, Iterator

import pytest

from nuagesdk import v6
from nuagesdk.rest import ConnectionFailedError, PushEvent, ServerError
from nuagesdk.rest.retry import RetryPolicy
from nuagesdk.simulator.faults import Fault, FaultInjector
from nuagesdk.simulator.server import Simulator

#: Short hold and back-off times keep these tests fast.
HOLD = 0.2
QUICK_RETRIES = RetryPolicy(attempts=5, backoff=0.01, max_backoff=0.05)


class PollLog:
    """WSGI middleware that records the time, query string and status of each poll."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.polls: list[tuple[float, str, str]] = []

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        if not environ.get("PATH_INFO", "").endswith("/events"):
            return self.app(environ, start_response)
        moment = time.monotonic()
        query = environ.get("QUERY_STRING", "")

        def record(status: str, headers: list, exc_info: Any = None) -> Any:
            self.polls.append((moment, query, status.split()[0]))
            return start_response(status, headers, exc_info)

        return self.app(environ, record)


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    with Simulator(job_duration=0, event_hold_time=HOLD) as running:
        yield running


def quick_push_center(session: Any) -> Any:
    push_center = session.push_center
    push_center.retry_delay = 0.05
    push_center.max_retry_delay = 0.2
    return push_center


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_push_center_300_events_across_drops(simulator):
    faults = FaultInjector.install(simulator, seed=8)
    session = simulator.session(retry_policy=QUICK_RETRIES)
    received: list[dict] = []
    lock = threading.Lock()

    def collect(reply: dict) -> None:
        with lock:
            received.extend(
                event
                for event in reply["events"]
                if event["entityType"] == "enterprise"
            )

    push_center = quick_push_center(session)
    push_center.add_delegate(collect)
    push_center.start()
    assert push_center.wait_until_listening(5)
    # Replies lost after the server handled the poll, and polls refused
    # before it: the cursor must bring back exactly the events in between.
    lost_replies = faults.add(Fault(path=r"/events$", drop="after", rate=0.3, limit=4))
    refused = faults.add(Fault(path=r"/events$", drop="before", rate=0.2, limit=3))

    enterprises = []
    for number in range(100):
        enterprise = v6.NUEnterprise(name=f"watched-{number:03d}")
        session.user.create_child(enterprise)
        enterprises.append(enterprise)
    for enterprise in enterprises:
        enterprise.description = "changed"
        enterprise.save()
    for enterprise in enterprises:
        enterprise.delete()

    assert wait_for(lambda: len(received) >= 300)
    time.sleep(3 * HOLD)  # a repeated event would arrive by now
    session.close()

    assert lost_replies.applied > 0
    assert refused.applied > 0
    assert len(received) == 300
    by_id: dict[str, list[str]] = {}
    for event in received:
        by_id.setdefault(event["entities"][0]["ID"], []).append(event["type"])
    assert set(by_id) == {enterprise.id for enterprise in enterprises}
    assert all(types == ["CREATE", "UPDATE", "DELETE"] for types in by_id.values())


def test_push_center_keeps_uuid_after_error(simulator):
    faults = FaultInjector.install(simulator)
    log = PollLog(simulator.wsgi_app)
    simulator.wsgi_app = log
    session = simulator.session(retry_policy=RetryPolicy.never())
    push_center = quick_push_center(session)
    push_center.retry_delay = 0.4
    push_center.max_retry_delay = 1.0
    push_center.start()
    assert push_center.wait_until_listening(5)
    faults.add(Fault(path=r"/events$", status=500, limit=1))

    assert wait_for(lambda: any(status == "500" for _, _, status in log.polls))
    assert wait_for(lambda: len(log.polls) >= 4)
    assert wait_for(lambda: log.polls[-1][2] == "200")
    session.close()

    failed = next(i for i, (_, _, status) in enumerate(log.polls) if status == "500")
    failed_at, failed_query, _ = log.polls[failed]
    next_at, next_query, _ = log.polls[failed + 1]
    assert failed_query.startswith("uuid=")
    assert next_query == failed_query
    # Half of retry_delay at least, with the random half on top.
    assert next_at - failed_at >= 0.2


def test_push_center_error_backs_off_not_spins(simulator):
    faults = FaultInjector.install(simulator)
    session = simulator.session(retry_policy=RetryPolicy.never())
    push_center = quick_push_center(session)
    push_center.retry_delay = 0.2
    push_center.max_retry_delay = 1.0
    push_center.max_failures = None
    push_center.start()
    assert push_center.wait_until_listening(5)
    failing = faults.add(Fault(path=r"/events$", status=500))

    time.sleep(1.0)
    session.close()

    # Waits of 0.1 s at least after the first failure, then 0.2 and 0.4: a
    # few polls in one second, where polling again at once sends hundreds.
    assert 2 <= failing.applied <= 8
    assert isinstance(push_center.last_error, ServerError)
    assert push_center.uuid is not None


def test_push_center_reconnects_after_drops(simulator):
    faults = FaultInjector.install(simulator)
    session = simulator.session(retry_policy=RetryPolicy.never())
    push_center = quick_push_center(session)
    push_center.start()
    assert push_center.wait_until_listening(5)
    dropped = faults.add(Fault(path=r"/events$", drop="before", limit=3))

    assert wait_for(lambda: dropped.applied == 3)
    session.user.create_child(v6.NUEnterprise(name="after-drops"))
    assert wait_for(lambda: push_center.nb_events_received >= 1)
    assert push_center.is_running
    session.close()
    assert not push_center.is_running


def test_push_center_stops_when_server_gone(caplog):
    simulator = Simulator(job_duration=0, event_hold_time=HOLD).start()
    session = simulator.session(retry_policy=RetryPolicy.never())
    push_center = quick_push_center(session)
    push_center.max_failures = 3
    push_center.start()
    assert push_center.wait_until_listening(5)
    assert push_center.is_running

    with caplog.at_level(logging.ERROR, logger="nuagesdk.rest.push_center"):
        simulator.stop()
        assert wait_for(lambda: not push_center.is_running, timeout=5)
    session.close()

    assert isinstance(push_center.last_error, ConnectionFailedError)
    assert "stopped after 3 failed polls" in caplog.text


def test_push_center_last_events_bounded(simulator):
    session = simulator.session()
    push_center = quick_push_center(session)
    push_center.max_last_events = 10
    push_center.start()
    assert push_center.wait_until_listening(5)

    for number in range(30):
        session.user.create_child(v6.NUEnterprise(name=f"burst-{number:02d}"))
    assert wait_for(lambda: push_center.nb_events_received >= 30)
    last = push_center.get_last_events()
    session.close()

    assert len(last) == 10
    assert push_center.dropped_events == 20
    names = [event["entities"][0]["name"] for event in last]
    assert names == [f"burst-{number:02d}" for number in range(20, 30)]
    assert push_center.get_last_events() == []


def test_events_iterator_yields_typed_events(simulator):
    session = simulator.session()
    with session.events(timeout=2) as stream:
        enterprise = v6.NUEnterprise(name="typed")
        session.user.create_child(enterprise)
        enterprise.description = "now described"
        enterprise.save()
        events = []
        for event in stream:
            if event.entity_type == "enterprise":
                events.append(event)
            if len(events) == 2:
                break
    session.close()

    assert [event.type for event in events] == ["CREATE", "UPDATE"]
    for event in events:
        assert isinstance(event, PushEvent)
        assert isinstance(event.entity, v6.NUEnterprise)
        assert event.entity.id == enterprise.id
        assert isinstance(event.time, datetime)
    assert events[1].entity.description == "now described"
    assert not session.push_center.is_running


def test_events_iterator_ends_after_timeout(simulator):
    session = simulator.session()
    started = time.monotonic()
    events = list(session.events(timeout=0.3))
    elapsed = time.monotonic() - started
    session.close()

    assert events == []
    assert elapsed < 2.0
    assert not session.push_center.is_running


def test_events_iterator_drops_oldest_when_full(simulator):
    session = simulator.session()
    stream = session.events(timeout=0.5, max_queued=5)
    for number in range(12):
        session.user.create_child(v6.NUEnterprise(name=f"queued-{number:02d}"))
    assert wait_for(lambda: session.push_center.nb_events_received >= 12)
    names = [event.entity.name for event in stream]
    session.close()

    assert names == [f"queued-{number:02d}" for number in range(7, 12)]
    assert stream.dropped == 7


def test_session_close_stops_push_center(simulator):
    session = simulator.session()
    push_center = session.push_center
    push_center.start()
    assert push_center.wait_until_listening(5)
    thread = threading.enumerate()
    listeners = [t for t in thread if t.name == "nuagesdk-push-center" and t.is_alive()]
    assert listeners

    started = time.monotonic()
    session.close()

    assert time.monotonic() - started < 1.5
    assert not push_center.is_running
    assert wait_for(lambda: not any(t.is_alive() for t in listeners), timeout=3)


def test_push_center_resumes_after_stop(simulator):
    session = simulator.session()
    push_center = quick_push_center(session)
    names: list[str] = []
    push_center.add_delegate(
        lambda reply: names.extend(e["entities"][0]["name"] for e in reply["events"])
    )
    push_center.start()
    assert push_center.wait_until_listening(5)
    push_center.stop()
    channel = push_center.uuid

    session.user.create_child(v6.NUEnterprise(name="while-stopped"))
    push_center.start()

    assert wait_for(lambda: "while-stopped" in names)
    session.close()
    assert channel is not None
    assert names.count("while-stopped") == 1


def test_last_closed_stream_stops_listener(simulator):
    session = simulator.session()
    first = session.events(timeout=1)
    second = session.events(timeout=1)

    first.close()
    assert session.push_center.is_running
    second.close()

    assert not session.push_center.is_running
    session.close()


def test_events_from_stopped_server_raise():
    from nuagesdk.rest import NuageError

    with Simulator(job_duration=0, event_hold_time=0.2) as running:
        # No transport retries, so the first failed poll is seen at once.
        session = running.session(retry_policy=RetryPolicy.never())
        stream = session.events(timeout=0.5)
        stream.close()
    # The simulator is gone: its port refuses connections.
    with pytest.raises(NuageError):
        list(session.events(timeout=2))
    session.close()
