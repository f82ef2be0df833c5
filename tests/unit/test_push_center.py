"""The push center's polling loop against mocked replies of the event channel."""

from __future__ import annotations

import time

from nuagesdk import v6
from nuagesdk.rest import PushEvent, RESTObject
from nuagesdk.rest.retry import RetryPolicy

from .conftest import BASE

EVENTS = f"{BASE}/events"


def event(kind: str, entity_type: str, data: dict) -> dict:
    return {
        "type": kind,
        "entityType": entity_type,
        "updateMechanism": "DEFAULT",
        "entities": [data],
        "eventReceivedTime": 1700000456000,
    }


def run_until(push_center, condition, timeout: float = 5.0) -> None:
    push_center.retry_delay = 0.01
    push_center.max_retry_delay = 0.02
    push_center.start()
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    push_center.stop()


def test_push_center_sends_last_uuid(session, mocked):
    session.retry_policy = RetryPolicy.never()
    mocked.get(EVENTS, json={"uuid": "first", "events": []})
    mocked.get(EVENTS, json={"uuid": "second", "events": []})
    mocked.get(EVENTS, json={"uuid": "third", "events": []})

    run_until(session.push_center, lambda: len(mocked.calls) >= 3)

    queries = [call.request.params.get("uuid") for call in mocked.calls[:3]]
    assert queries == [None, "first", "second"]


def test_push_center_error_keeps_uuid(session, mocked):
    session.retry_policy = RetryPolicy.never()
    mocked.get(EVENTS, json={"uuid": "kept", "events": []})
    mocked.get(EVENTS, status=500, json={"errors": []})
    mocked.get(EVENTS, json={"uuid": "next", "events": []})

    run_until(session.push_center, lambda: len(mocked.calls) >= 3)

    queries = [call.request.params.get("uuid") for call in mocked.calls[:3]]
    assert queries == [None, "kept", "kept"]


def test_push_center_rejected_uuid_reopens(session, mocked, caplog):
    session.retry_policy = RetryPolicy.never()
    mocked.get(EVENTS, json={"uuid": "expired", "events": []})
    mocked.get(EVENTS, status=400, json={"errors": []})
    mocked.get(EVENTS, json={"uuid": "fresh", "events": []})

    run_until(session.push_center, lambda: len(mocked.calls) >= 3)

    queries = [call.request.params.get("uuid") for call in mocked.calls[:3]]
    assert queries == [None, "expired", None]
    assert "events since the last poll are lost" in caplog.text


def test_push_center_malformed_reply_fails(session, mocked):
    session.retry_policy = RetryPolicy.never()
    mocked.get(EVENTS, json=["not", "a", "reply"])
    push_center = session.push_center
    push_center.max_failures = 2

    run_until(
        push_center, lambda: len(mocked.calls) >= 2 and not push_center.is_running
    )

    assert not push_center.is_running
    assert "event channel" in str(push_center.last_error)


def test_push_center_delegate_error_survives(session, mocked):
    session.retry_policy = RetryPolicy.never()
    reply = {"uuid": "u", "events": [event("CREATE", "enterprise", {"ID": "e1"})]}
    mocked.get(EVENTS, json=reply)
    received = []

    def broken(reply: dict) -> None:
        raise ValueError("delegate bug")

    push_center = session.push_center
    push_center.add_delegate(broken)
    push_center.add_delegate(received.append)

    run_until(push_center, lambda: len(received) >= 2)

    assert received[0] == reply
    assert push_center.nb_events_received >= 2


def test_push_event_builds_sdk_objects(session):
    data = event("UPDATE", "enterprise", {"ID": "e1", "name": "acme"})

    built = PushEvent.from_data(data, session)

    assert built.type == "UPDATE"
    assert built.entity_type == "enterprise"
    assert isinstance(built.entity, v6.NUEnterprise)
    assert built.entity.name == "acme"
    assert built.time is not None
    assert built.time.year == 2023
    assert built.data is data


def test_push_event_unknown_type_plain_object(session):
    data = event("CREATE", "futurething", {"ID": "f1", "size": 3})

    built = PushEvent.from_data(data, session)

    assert type(built.entity) is RESTObject
    assert built.entity.id == "f1"
    assert built.entity.to_dict()["size"] == 3


def test_push_center_stop_unstarted_noop(session):
    session.push_center.stop()

    assert not session.push_center.is_running
