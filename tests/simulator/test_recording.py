"""Tests of the simulator's recording mode, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import json
from typing import Iterator

import pytest
import requests

from nuagesdk.simulator.recording import NO_BODY, REDACTED, Recorder
from nuagesdk.simulator.server import Simulator


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    with Simulator(versions=["6"], job_duration=0, password="pw-Hidden-7") as running:
        yield running


def _headers(user: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {
        "Authorization": f"XREST {token}",
        "X-Nuage-Organization": "csp",
        "Content-Type": "application/json",
    }


def _log_in(simulator: Simulator) -> str:
    response = requests.get(
        simulator.base_url() + "/me",
        headers=_headers(simulator.username, simulator.password),
        timeout=10,
    )
    return response.json()[0]["APIKey"]


def test_recording_login_hides_secrets(simulator):
    simulator.reset()
    with Recorder(simulator) as recorder:
        key = _log_in(simulator)
    exchange = recorder.take()[0]
    text = json.dumps(exchange.to_dict())

    assert exchange.method == "GET"
    assert exchange.path == "/nuage/api/v6/me"
    assert exchange.user == "csproot"
    assert exchange.credential == "password"
    assert exchange.body is NO_BODY
    assert exchange.response_body[0]["APIKey"] == REDACTED
    assert key not in text
    assert simulator.password not in text


def test_recording_request_fields(simulator):
    simulator.reset()
    key = _log_in(simulator)
    headers = _headers(simulator.username, key)
    headers["X-Nuage-Filter"] = 'name == "Zürich"'.encode()
    with Recorder(simulator) as recorder:
        requests.post(
            simulator.base_url() + "/enterprises",
            headers=headers,
            params=[("responseChoice", "1")],
            data=json.dumps({"name": "Zürich", "password": "s3cret"}),
            timeout=10,
        )
    exchange = recorder.take()[0]

    assert exchange.credential == "api_key"
    assert exchange.query == [("responseChoice", "1")]
    assert exchange.headers["X-Nuage-Filter"] == 'name == "Zürich"'
    assert exchange.headers["Content-Type"] == "application/json"
    assert "Authorization" not in exchange.headers
    assert exchange.body == {"name": "Zürich", "password": REDACTED}
    assert exchange.status == 201
    assert exchange.response_body[0]["name"] == "Zürich"


def test_recording_keeps_null_get_body(simulator):
    simulator.reset()
    key = _log_in(simulator)
    with Recorder(simulator) as recorder:
        response = requests.get(
            simulator.base_url() + "/enterprises",
            headers=_headers(simulator.username, key),
            data=b"null",
            timeout=10,
        )
    exchange = recorder.take()[0]

    assert response.status_code == 200
    assert exchange.body is None
    assert exchange.response_headers["X-Nuage-Count"] == "1"


def test_recording_wrong_secret_is_other(simulator):
    with Recorder(simulator) as recorder:
        response = requests.get(
            simulator.base_url() + "/me",
            headers=_headers("csproot", "not-the-password"),
            timeout=10,
        )
    exchange = recorder.take()[0]

    assert response.status_code == 401
    assert exchange.status == 401
    assert exchange.credential == "other"
    assert "not-the-password" not in json.dumps(exchange.to_dict())


def test_recording_stop_restores_app(simulator):
    recorder = Recorder(simulator).start()
    recorder.stop()
    _log_in(simulator)

    assert simulator.wsgi_app is simulator.app
    assert recorder.take() == []


def test_recording_writes_json_lines(simulator, tmp_path):
    simulator.reset()
    with Recorder(simulator) as recorder:
        _log_in(simulator)
    path = tmp_path / "log.jsonl"
    recorder.write_json_lines(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()

    assert len(lines) == 1
    assert json.loads(lines[0])["path"] == "/nuage/api/v6/me"
    assert "body" not in json.loads(lines[0])
