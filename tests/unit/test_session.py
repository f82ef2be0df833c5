"""Login, headers, current session and credentials of :class:`Session`."""

from __future__ import annotations

import json
import threading

import pytest
import responses

from nuagesdk import v6
from nuagesdk.rest import SessionError, current_session

from .conftest import API_KEY, API_URL, BASE, NEW_API_KEY, PASSWORD, me_body, xrest


def test_login_sends_password_and_keeps_api_key(mocked):
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )

    session.start()

    request = mocked.calls[0].request
    assert request.headers["Authorization"] == xrest("alice", PASSWORD)
    assert request.headers["X-Nuage-Organization"] == "acme"
    assert request.body is None
    assert session.api_key == API_KEY
    assert session.user.user_name == "alice"
    assert session.root_object is session.user


def test_requests_after_login_use_api_key(session, mocked):
    mocked.get(f"{BASE}/enterprises", body="")

    session.user.enterprises.get()

    assert mocked.calls[0].request.headers["Authorization"] == xrest("alice", API_KEY)


def test_api_key_session_logs_in_with_key(mocked):
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice", api_key=API_KEY, enterprise="acme", api_url=API_URL
    )

    session.start()

    assert mocked.calls[0].request.headers["Authorization"] == xrest("alice", API_KEY)


def test_certificate_session_sends_empty_secret(mocked, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("unused")
    key.write_text("unused")
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice",
        certificate=(str(cert), str(key)),
        enterprise="acme",
        api_url=API_URL,
    )

    session.start()

    call = mocked.calls[0]
    assert call.request.headers["Authorization"] == xrest("alice", "")
    assert call.request.req_kwargs["cert"] == (str(cert), str(key))


def test_base_url_strips_trailing_slash():
    session = v6.NUVSDSession(
        username="a", password="p", enterprise="e", api_url="https://h:8443/"
    )

    assert session.base_url == "https://h:8443/nuage/api/v6"


def test_version_segment_uses_underscore():
    from nuagesdk import v5_0

    session = v5_0.NUVSDSession(
        username="a", password="p", enterprise="e", api_url="https://h:8443"
    )

    assert session.base_url == "https://h:8443/nuage/api/v5_0"


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"password": "p", "enterprise": "e", "api_url": "https://h"}, "username"),
        ({"username": "u", "password": "p", "api_url": "https://h"}, "enterprise"),
        ({"username": "u", "password": "p", "enterprise": "e"}, "api_url"),
        ({"username": "u", "enterprise": "e", "api_url": "https://h"}, "password"),
        (
            {"username": "u", "password": "p", "enterprise": "e", "api_url": "h:8443"},
            "https://",
        ),
    ],
)
def test_session_rejects_missing_settings(kwargs, expected):
    with pytest.raises(SessionError) as excinfo:
        v6.NUVSDSession(**kwargs)

    assert expected in str(excinfo.value)


@pytest.mark.parametrize("timeout", [0, -1, "10", (1,), (1, 0), True])
def test_session_rejects_bad_timeout(timeout):
    with pytest.raises(SessionError):
        v6.NUVSDSession(
            username="u",
            password="p",
            enterprise="e",
            api_url="https://h",
            timeout=timeout,
        )


def test_session_repr_hides_secrets(session):
    text = repr(session) + str(session)

    assert PASSWORD not in text
    assert API_KEY not in text


def test_impersonation_sets_proxy_user_header(session, mocked):
    mocked.get(f"{BASE}/enterprises", body="")
    session.impersonate("johndoe", "enterprise")

    session.user.enterprises.get()
    session.stop_impersonate()
    session.user.enterprises.get()

    assert mocked.calls[0].request.headers["X-Nuage-ProxyUser"] == "johndoe@enterprise"
    assert "X-Nuage-ProxyUser" not in mocked.calls[1].request.headers


def test_unauthorized_logs_in_again_once(session, mocked):
    mocked.get(f"{BASE}/enterprises", status=401, json={"errors": []})
    mocked.get(f"{BASE}/enterprises", body="")
    mocked.get(f"{BASE}/me", json=me_body(NEW_API_KEY))

    session.user.enterprises.get()

    methods = [(c.request.method, c.request.url) for c in mocked.calls]
    assert methods == [
        ("GET", f"{BASE}/enterprises"),
        ("GET", f"{BASE}/me"),
        ("GET", f"{BASE}/enterprises"),
    ]
    assert mocked.calls[1].request.headers["Authorization"] == xrest("alice", PASSWORD)
    assert mocked.calls[2].request.headers["Authorization"] == xrest(
        "alice", NEW_API_KEY
    )
    assert session.api_key == NEW_API_KEY


def test_unauthorized_twice_raises(session, mocked):
    from nuagesdk.rest import AuthenticationError

    mocked.get(f"{BASE}/enterprises", status=401, json={"errors": []})
    mocked.get(f"{BASE}/me", json=me_body(NEW_API_KEY))

    with pytest.raises(AuthenticationError):
        session.user.enterprises.get()

    assert len(mocked.calls) == 3


def test_failed_login_is_not_retried(mocked):
    from nuagesdk.rest import AuthenticationError

    mocked.get(f"{BASE}/me", status=401, json={"errors": []})
    session = v6.NUVSDSession(
        username="alice", password="wrong", enterprise="acme", api_url=API_URL
    )

    with pytest.raises(AuthenticationError):
        session.start()

    assert len(mocked.calls) == 1


def test_root_save_sends_json_object_and_keeps_credentials(session, mocked):
    mocked.put(f"{BASE}/me", status=204)
    mocked.get(f"{BASE}/me", json=me_body())

    session.user.first_name = "Alice"
    session.user.save()
    session.user.fetch()

    body = json.loads(mocked.calls[0].request.body)
    assert body == {"firstName": "Alice"}
    assert session.password == PASSWORD
    assert mocked.calls[1].request.headers["Authorization"] == xrest("alice", API_KEY)


def test_with_block_is_current_per_thread(mocked):
    first = v6.NUVSDSession(username="a", password="p", enterprise="e", api_url=API_URL)
    second = v6.NUVSDSession(
        username="b", password="p", enterprise="e", api_url=API_URL
    )
    seen = {}
    barrier = threading.Barrier(2)

    def use(name, session):
        with session:
            barrier.wait()
            seen[name] = current_session()
            barrier.wait()

    threads = [
        threading.Thread(target=use, args=("first", first)),
        threading.Thread(target=use, args=("second", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen["first"] is first
    assert seen["second"] is second


def test_no_session_raises_clear_error(monkeypatch):
    from nuagesdk.rest import session as session_module

    monkeypatch.setattr(session_module, "_last_started", None)

    with pytest.raises(SessionError) as excinfo:
        v6.NUEnterprise(id="x").fetch()

    assert "start()" in str(excinfo.value)


def test_every_request_has_timeout(session, mocked):
    mocked.get(f"{BASE}/enterprises", body="")
    mocked.head(f"{BASE}/enterprises", headers={"X-Nuage-Count": "0"})

    session.user.enterprises.get()
    session.user.enterprises.count()

    for call in mocked.calls:
        assert call.request.req_kwargs["timeout"] == (10.0, 60.0)


def test_tls_verified_by_default(session, mocked):
    mocked.get(f"{BASE}/enterprises", body="")

    session.user.enterprises.get()

    assert mocked.calls[0].request.req_kwargs["verify"] not in (False, None)


def test_ca_bundle_is_used_for_verification(mocked, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("unused")
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice",
        password="p",
        enterprise="acme",
        api_url=API_URL,
        ca_bundle=str(bundle),
    )

    session.start()

    assert mocked.calls[0].request.req_kwargs["verify"] == str(bundle)


def test_login_request_matches_protocol(mocked):
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )

    session.start()

    call = mocked.calls[0]
    assert call.request.method == "GET"
    assert call.request.url == f"{BASE}/me"
    assert call.request.headers["Content-Type"] == "application/json"
    assert responses.calls is not None
