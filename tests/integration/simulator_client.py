"""A raw HTTP client for the simulator's integration tests."""

from __future__ import annotations

import base64
from typing import Any

import requests

from nuagesdk.simulator.server import Simulator

_NO_BODY = object()


class VSDClient:
    """Sends requests to one API version of a simulator with ``requests``."""

    def __init__(
        self,
        simulator: Simulator,
        version: str = "6",
        *,
        username: str | None = None,
        password: str | None = None,
        organization: str | None = None,
    ) -> None:
        self.simulator = simulator
        self.base = simulator.base_url(version)
        self.http = requests.Session()
        self.username = username or simulator.username
        self.organization = organization or simulator.enterprise
        self.api_key = self.log_in(self.username, password or simulator.password)

    def authorization(self, username: str, secret: str) -> str:
        token = base64.b64encode(f"{username}:{secret}".encode()).decode("ascii")
        return f"XREST {token}"

    def log_in(self, username: str, secret: str) -> str:
        response = self.http.get(
            f"{self.base}/me",
            headers={
                "Authorization": self.authorization(username, secret),
                "X-Nuage-Organization": self.organization,
            },
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()[0]["APIKey"]

    def request(
        self,
        method: str,
        path: str,
        body: Any = _NO_BODY,
        *,
        data: bytes | None = None,
        headers: dict[str, Any] | None = None,
        params: Any = None,
    ) -> requests.Response:
        all_headers: dict[str, Any] = {
            "Authorization": self.authorization(self.username, self.api_key),
            "X-Nuage-Organization": self.organization,
            "Content-Type": "application/json",
        }
        all_headers.update(headers or {})
        return self.http.request(
            method,
            self.base + path,
            json=None if body is _NO_BODY else body,
            data=data,
            headers=all_headers,
            params=params,
            timeout=30,
        )

    def create(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.request("POST", path, body)
        assert response.status_code == 201, response.text
        return response.json()[0]

    def get_one(self, path: str) -> dict[str, Any]:
        response = self.request("GET", path)
        assert response.status_code == 200, response.text
        return response.json()[0]

    def list(self, path: str, **headers: Any) -> list[dict[str, Any]]:
        response = self.request("GET", path, headers=headers)
        assert response.status_code == 200, response.text
        return response.json() if response.content else []


def error_descriptions(response: requests.Response) -> list[tuple[str, str]]:
    """Return (property, description) pairs of a VSD error body, checking its shape."""
    body = response.json()
    assert set(body) >= {"errors", "internalErrorCode"}
    assert isinstance(body["internalErrorCode"], int)
    pairs = []
    for error in body["errors"]:
        assert isinstance(error["property"], str)
        for description in error["descriptions"]:
            assert set(description) == {"title", "description"}
            pairs.append((error["property"], description["description"]))
    assert pairs
    return pairs
