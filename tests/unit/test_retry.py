"""Retries, back-off and API key renewal of the transport and session."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import pytest
import responses

from nuagesdk import v6
from nuagesdk.rest import AuthenticationError, ConnectionFailedError, ServerError
from nuagesdk.rest.retry import RetryPolicy

from .conftest import API_KEY, API_URL, BASE, NEW_API_KEY, PASSWORD, me_body, xrest

URL = f"{BASE}/enterprises"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_get_retried_until_success(session, mocked, retry_sleeps):
    mocked.get(URL, status=503)
    mocked.get(URL, status=503)
    mocked.get(URL, json=[{"ID": "e1"}])

    enterprises = session.user.enterprises.get()

    assert [e.id for e in enterprises] == ["e1"]
    assert len(mocked.calls) == 3
    assert len(retry_sleeps) == 2
    assert all(0 <= delay <= 1.0 for delay in retry_sleeps)


def test_retry_gives_up_after_attempts(session, mocked, retry_sleeps):
    mocked.get(URL, status=503)

    with pytest.raises(ServerError):
        session.user.enterprises.get()

    assert len(mocked.calls) == session.retry_policy.attempts


def test_post_not_retried_on_503(session, mocked):
    mocked.post(URL, status=503)

    with pytest.raises(ServerError):
        session.user.create_child(v6.NUEnterprise(name="x"))

    assert len(mocked.calls) == 1


def test_retry_after_header_is_honoured(session, mocked, retry_sleeps):
    mocked.get(URL, status=503, headers={"Retry-After": "3"})
    mocked.get(URL, body="")

    session.user.enterprises.get()

    assert retry_sleeps == [3.0]


def test_retry_after_is_capped(session, mocked, retry_sleeps):
    mocked.get(URL, status=503, headers={"Retry-After": "9999"})
    mocked.get(URL, body="")

    session.user.enterprises.get()

    assert retry_sleeps == [60.0]


def test_status_not_in_policy_not_retried(session, mocked):
    mocked.get(URL, status=500)

    with pytest.raises(ServerError):
        session.user.enterprises.get()

    assert len(mocked.calls) == 1


def test_closed_port_raises_connection_error(retry_sleeps):
    session = v6.NUVSDSession(
        username="a",
        password="p",
        enterprise="e",
        api_url=f"http://127.0.0.1:{closed_port()}",
    )

    with pytest.raises(ConnectionFailedError) as excinfo:
        session.start()

    assert excinfo.value.request_sent is False
    assert len(retry_sleeps) == session.retry_policy.attempts - 1
    assert "connection failed" in str(excinfo.value)


def test_refused_post_is_retried():
    policy = RetryPolicy()
    from nuagesdk.rest.errors import ConnectionFailedError as Failed

    refused = Failed("refused", method="POST", url="u", request_sent=False)
    broken = Failed("reset", method="POST", url="u", request_sent=True)

    assert policy.should_retry_error("POST", refused, 1) is True
    assert policy.should_retry_error("POST", broken, 1) is False
    assert policy.should_retry_error("GET", broken, 1) is True


def test_never_policy_sends_once(mocked):
    mocked.get(f"{BASE}/me", status=503)
    session = v6.NUVSDSession(
        username="a",
        password="p",
        enterprise="e",
        api_url=API_URL,
        retry_policy=RetryPolicy.never(),
    )

    with pytest.raises(ServerError):
        session.start()

    assert len(mocked.calls) == 1


@pytest.mark.parametrize(
    "kwargs",
    [{"attempts": 0}, {"attempts": 1.5}, {"backoff": -1}, {"max_backoff": "1"}],
)
def test_retry_policy_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)


@pytest.mark.parametrize("status", [401, 419])
def test_expired_key_renewed_once(session, mocked, status):
    mocked.get(URL, status=status, json={"errors": []})
    mocked.get(URL, body="")
    mocked.get(f"{BASE}/me", json=me_body(NEW_API_KEY))

    session.user.enterprises.get()

    assert mocked.calls[1].request.headers["Authorization"] == xrest("alice", PASSWORD)
    assert mocked.calls[2].request.headers["Authorization"] == xrest(
        "alice", NEW_API_KEY
    )


def test_419_twice_raises_authentication_error(session, mocked):
    mocked.get(URL, status=419, json={"errors": []})
    mocked.get(f"{BASE}/me", json=me_body(NEW_API_KEY))

    with pytest.raises(AuthenticationError):
        session.user.enterprises.get()

    assert len(mocked.calls) == 3


def threaded_expiry(session, mocked, login_status: int) -> tuple[list, list]:
    """Eight threads meet an expired key while the login takes 200 ms."""
    logins = []
    keys_used = []
    lock = threading.Lock()

    def login(request):
        logins.append(request.headers["Authorization"])
        time.sleep(0.2)
        if login_status != 200:
            return login_status, {}, json.dumps({"errors": []})
        return 200, {}, json.dumps(me_body(NEW_API_KEY))

    def enterprises(request):
        with lock:
            keys_used.append(request.headers["Authorization"])
        if request.headers["Authorization"] == xrest("alice", API_KEY):
            return 401, {}, json.dumps({"errors": []})
        return 200, {}, ""

    mocked.add_callback(responses.GET, f"{BASE}/me", callback=login)
    mocked.add_callback(responses.GET, URL, callback=enterprises)
    results = []
    barrier = threading.Barrier(8)

    def work():
        barrier.wait()
        try:
            session.user.enterprises.get()
            results.append("ok")
        except AuthenticationError as error:
            results.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return logins, keys_used, results


def test_eight_threads_share_one_login(session, mocked):
    logins, keys_used, results = threaded_expiry(session, mocked, 200)

    # A thread that starts after the login sends the new key at once, so
    # only the others are refused and sent again.
    refused = keys_used.count(xrest("alice", API_KEY))
    assert results == ["ok"] * 8
    assert len(logins) == 1
    assert refused >= 1
    assert keys_used.count(xrest("alice", NEW_API_KEY)) == 8
    assert len(keys_used) == 8 + refused


def test_failed_renewal_fails_each_caller_once(session, mocked):
    logins, keys_used, results = threaded_expiry(session, mocked, 403)

    assert len(logins) == 1
    assert len(results) == 8
    assert all(isinstance(result, AuthenticationError) for result in results)
    assert len(keys_used) == 8


def test_key_renewed_before_expiry(mocked, monkeypatch):
    soon = me_body()
    soon[0]["APIKeyExpiry"] = int((time.time() + 100) * 1000)
    mocked.get(f"{BASE}/me", json=soon)
    mocked.get(f"{BASE}/me", json=me_body(NEW_API_KEY))
    mocked.get(URL, body="")
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )
    session.start()
    later = time.time() + 95  # within a tenth of the key's 100 s lifetime
    monkeypatch.setattr("nuagesdk.rest.session.time.time", lambda: later)

    session.user.enterprises.get()

    urls = [call.request.url for call in mocked.calls]
    assert urls == [f"{BASE}/me", f"{BASE}/me", URL]
    assert mocked.calls[2].request.headers["Authorization"] == xrest(
        "alice", NEW_API_KEY
    )


def test_import_leaves_warning_filters_alone():
    # requests and urllib3 add their own filters; nuagesdk must add none.
    program = (
        "import warnings, requests, urllib3\n"
        "before = list(warnings.filters)\n"
        "import nuagesdk, nuagesdk.rest, nuagesdk.v6\n"
        "from nuagesdk.rest import transport\n"
        "print(before == list(warnings.filters))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout

    assert output.strip() == "True"


def test_objects_use_their_own_session(mocked):
    second_base = "https://other.test:8443/nuage/api/v6"
    mocked.get(f"{BASE}/me", json=me_body())
    mocked.get(f"{second_base}/me", json=me_body(NEW_API_KEY))
    mocked.get(f"{BASE}/enterprises", json=[{"ID": "e1"}])
    mocked.get(f"{BASE}/enterprises/e1", json=[{"ID": "e1"}])
    first = v6.NUVSDSession(
        username="alice", password="p", enterprise="acme", api_url=API_URL
    ).start()
    enterprise = first.user.enterprises.get()[0]
    v6.NUVSDSession(
        username="bob",
        password="q",
        enterprise="acme",
        api_url="https://other.test:8443",
    ).start()

    enterprise.fetch()

    assert mocked.calls[-1].request.url == f"{BASE}/enterprises/e1"
    assert mocked.calls[-1].request.headers["Authorization"] == xrest("alice", API_KEY)


def test_same_key_renewal_stops_early_logins(mocked, monkeypatch):
    soon = me_body()
    soon[0]["APIKeyExpiry"] = int((time.time() + 100) * 1000)
    mocked.get(f"{BASE}/me", json=soon)
    mocked.get(URL, body="")
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )
    session.start()
    later = time.time() + 95
    monkeypatch.setattr("nuagesdk.rest.session.time.time", lambda: later)

    for _ in range(3):
        session.user.enterprises.get()

    logins = [c for c in mocked.calls if c.request.url == f"{BASE}/me"]
    assert len(logins) == 2
