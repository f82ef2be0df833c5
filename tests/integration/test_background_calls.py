"""Background calls (as_async, callback, session.submit) against the simulator."""

from __future__ import annotations

import collections
import logging
import threading
import time
from concurrent.futures import Future, wait

import pytest

from nuagesdk import v6
from nuagesdk.rest import NotFoundError, RESTObject, SessionError
from nuagesdk.rest.session import Session
from nuagesdk.simulator.server import Simulator


@pytest.fixture
def session(simulator: Simulator) -> Session:
    simulator.reset()
    session = simulator.session(max_workers=8)
    yield session
    session.close()


def test_async_200_creations_callback_once(session):
    calls: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()

    def created(enterprise, connection):
        assert isinstance(enterprise, v6.NUEnterprise)
        assert connection.response.status_code == 201
        with lock:
            calls[enterprise.id] += 1

    futures = [
        session.user.create_child(
            v6.NUEnterprise(name=f"async-{number:03d}"), as_async=True, callback=created
        )
        for number in range(200)
    ]
    done, not_done = wait(futures, timeout=30)

    assert not not_done
    assert all(future.exception() is None for future in done)
    assert len(calls) == 200
    assert set(calls.values()) == {1}
    assert session.user.enterprises.get_count(filter='name BEGINSWITH "async-"') == 200
    assert session.background.max_workers == 8


def test_async_callback_error_logged_pool_survives(session, caplog):
    def broken(enterprise, connection):
        raise RuntimeError("callback bug")

    with caplog.at_level(logging.ERROR, logger="nuagesdk.rest.background"):
        first = session.user.create_child(
            v6.NUEnterprise(name="first"), as_async=True, callback=broken
        )
        created, _ = first.result(timeout=10)
    later = session.user.create_child(v6.NUEnterprise(name="later"), as_async=True)
    later_object, _ = later.result(timeout=10)

    assert created.id
    assert later_object.id
    assert "callback bug" in caplog.text
    assert "Traceback" in caplog.text


def test_async_failure_goes_to_future(session, caplog):
    missing = v6.NUEnterprise(id="0f0f0f0f-0000-4000-8000-000000000000")
    calls = []

    with caplog.at_level(logging.ERROR, logger="nuagesdk.rest.background"):
        future = missing.fetch(as_async=True, callback=lambda *a: calls.append(a))
        with pytest.raises(NotFoundError):
            future.result(timeout=10)

    # As in vspk, an object call's callback also runs on an HTTP error, with
    # the connection that carries the error status.
    assert len(calls) == 1
    assert calls[0][0] is missing
    assert calls[0][1].response.status_code == 404
    assert "background fetch of Enterprise" in caplog.text


def test_async_fetcher_failure_skips_callback(session):
    calls = []
    fetcher = v6.NUEnterprise(id="0f0f0f0f-0000-4000-8000-000000000000").domains

    future = fetcher.get(as_async=True, callback=lambda *a: calls.append(a))
    with pytest.raises(NotFoundError):
        future.result(timeout=10)

    assert calls == []


def test_session_close_waits_for_pool(simulator):
    session = simulator.session(max_workers=2)
    finished = []

    def slow(number):
        time.sleep(0.2)
        finished.append(number)
        return number

    futures = [session.submit(slow, number) for number in range(4)]
    session.close()

    assert sorted(finished) == [0, 1, 2, 3]
    assert [future.result() for future in futures] == [0, 1, 2, 3]


def test_fetcher_get_async_runs_in_background(session):
    for name in ("bg-a", "bg-b"):
        session.user.create_child(v6.NUEnterprise(name=name))
    release = threading.Event()
    seen = []

    def fetched(fetcher, parent, objects):
        release.wait(5)
        seen.append((fetcher, parent, objects, threading.current_thread().name))

    future = session.user.enterprises.get(
        filter='name BEGINSWITH "bg-"', as_async=True, callback=fetched
    )
    # The callback is still waiting, so get() returned before the call ended.
    assert isinstance(future, Future)
    assert not future.done()
    release.set()
    objects = future.result(timeout=10)

    [(fetcher, parent, callback_objects, thread_name)] = seen
    assert fetcher is session.user.enterprises
    assert parent is session.user
    assert callback_objects == objects
    assert [o.name for o in objects] == ["bg-a", "bg-b"]
    assert all(isinstance(o, v6.NUEnterprise) for o in objects)
    assert thread_name != threading.current_thread().name


def test_fetcher_calls_async_give_objects(session):
    session.user.create_child(v6.NUEnterprise(name="only"))
    fetcher = session.user.enterprises
    results = {}

    def keep(name):
        return lambda *arguments: results.setdefault(name, arguments)

    futures = [
        fetcher.get_first(
            filter='name == "only"', as_async=True, callback=keep("first")
        ),
        fetcher.count(as_async=True, callback=keep("count")),
        fetcher.get_count(as_async=True, callback=keep("get_count")),
        fetcher.fetch(as_async=True, callback=keep("fetch")),
    ]
    wait(futures, timeout=10)

    assert isinstance(futures[0].result(), v6.NUEnterprise)
    assert results["first"][2].name == "only"
    total = futures[2].result()
    assert results["count"] == (fetcher, session.user, total)
    assert results["get_count"][2] == total
    assert all(isinstance(o, RESTObject) for o in results["fetch"][2])


def test_user_fetch_async(session):
    calls = []

    future = session.user.fetch(as_async=True, callback=lambda *a: calls.append(a))
    user, connection = future.result(timeout=10)

    [(called_user, called_connection)] = calls
    assert user is session.user
    assert called_user is session.user
    assert called_connection is connection
    assert connection.response.status_code == 200


def test_object_calls_async(session):
    enterprise = v6.NUEnterprise(name="changing")
    session.user.create_child(enterprise)
    group = v6.NUGroup(name="members")
    enterprise.create_child(group, as_async=True).result(timeout=10)
    user = v6.NUUser(
        user_name="ann",
        first_name="Ann",
        last_name="Lee",
        email="ann@example.net",
        password="Secret-123",
    )
    enterprise.create_child(user)

    enterprise.description = "saved in the background"
    enterprise.save(as_async=True).result(timeout=10)
    group.assign([user], v6.NUUser, as_async=True).result(timeout=10)
    assert [u.user_name for u in group.users.get()] == ["ann"]
    group.delete(as_async=True).result(timeout=10)

    enterprise.fetch()
    assert enterprise.description == "saved in the background"
    assert enterprise.groups.get() == []


def test_submit_keeps_with_session(session, simulator):
    other = simulator.session()
    try:
        with session:
            future = session.submit(lambda: v6.NUEnterprise(name="ctx").session)
        assert future.result(timeout=10) is session
    finally:
        other.close()


def test_max_workers_must_be_positive(simulator):
    with pytest.raises(SessionError):
        v6.NUVSDSession(
            username="u",
            enterprise="e",
            api_url=simulator.url,
            password="p",
            max_workers=0,
        )
