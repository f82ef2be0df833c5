"""Fixtures of the unit tests: a v6 session logged in against mocked HTTP."""

from __future__ import annotations

import base64
import time
from typing import Iterator

import pytest
import responses

from nuagesdk import v6

API_URL = "https://vsd.test:8443"
BASE = f"{API_URL}/nuage/api/v6"
PASSWORD = "s3cret-pass"
API_KEY = "7d2e91b0-5c4a-4f3e-9a61-2b8c0e4d1f77"
NEW_API_KEY = "0a1b2c3d-0000-4000-8000-aaaaaaaaaaaa"
USER_ID = "5b0d6c1e-8f3a-4d2b-9e71-0c4f2a6d8b13"


def xrest(user: str, secret: str) -> str:
    """Return the Authorization value VSD expects for ``user:secret``."""
    return "XREST " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def me_body(api_key: str = API_KEY) -> list[dict]:
    """Return the body of a login reply."""
    return [
        {
            "ID": USER_ID,
            "userName": "alice",
            "enterpriseName": "acme",
            "APIKey": api_key,
            "APIKeyExpiry": int((time.time() + 86400) * 1000),
            "role": "ORGADMIN",
        }
    ]


@pytest.fixture(autouse=True)
def retry_sleeps(monkeypatch) -> list[float]:
    """Record the back-off sleeps of retries instead of waiting."""
    slept: list[float] = []
    monkeypatch.setattr("nuagesdk.rest.transport.time.sleep", slept.append)
    return slept


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def session(mocked: responses.RequestsMock) -> Iterator[v6.NUVSDSession]:
    """A started session; the login call is removed from ``mocked.calls``."""
    mocked.get(f"{BASE}/me", json=me_body())
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )
    session.start()
    mocked.calls.reset()
    mocked.remove(responses.GET, f"{BASE}/me")
    yield session
    session.close()
