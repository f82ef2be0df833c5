"""Status handling, typed errors, confirmations and logging of the transport."""

from __future__ import annotations

import json
import logging

import pytest
import requests

from nuagesdk import v6
from nuagesdk.rest import (
    BadRequestError,
    BambouHTTPError,
    ConfirmationRequiredError,
    ConflictError,
    ConnectionFailedError,
    HTTPError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RequestTimeoutError,
    ServerError,
    TLSError,
)

from .conftest import API_KEY, API_URL, BASE, PASSWORD, me_body

CHOICES = {
    "errors": [
        {
            "property": "",
            "descriptions": [{"title": "Delete enterprise", "description": "Sure?"}],
        }
    ],
    "choices": [{"id": 1, "label": "OK"}, {"id": 0, "label": "Cancel"}],
}


def test_confirmation_raises_without_choice(session, mocked):
    mocked.delete(f"{BASE}/enterprises/e1", status=300, json=CHOICES)

    with pytest.raises(ConfirmationRequiredError) as excinfo:
        v6.NUEnterprise(id="e1").delete()

    error = excinfo.value
    assert [(c.id, c.label) for c in error.choices] == [(1, "OK"), (0, "Cancel")]
    assert "response_choice" in str(error)
    assert len(mocked.calls) == 1


def test_confirmation_resends_with_choice(session, mocked):
    mocked.put(f"{BASE}/enterprises/e1", status=300, json=CHOICES)
    mocked.put(f"{BASE}/enterprises/e1?responseChoice=1", status=204)
    enterprise = v6.NUEnterprise(id="e1", name="renamed")

    enterprise.save(response_choice=1)

    first, second = mocked.calls
    assert second.request.method == "PUT"
    assert second.request.url == f"{BASE}/enterprises/e1?responseChoice=1"
    assert second.request.body == first.request.body


def test_confirmation_choice_joins_existing_query(session, mocked):
    url = f"{BASE}/enterprises/e1"
    mocked.delete(url, status=300, json=CHOICES)
    mocked.delete(url, status=204)

    session.transport.request(
        "DELETE", url, params={"cascade": "yes"}, response_choice=1
    )

    assert mocked.calls[1].request.url == f"{url}?cascade=yes&responseChoice=1"


@pytest.mark.parametrize(
    "status, error_class",
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, PreconditionFailedError),
        (500, ServerError),
        (503, ServerError),
        (418, HTTPError),
    ],
)
def test_status_maps_to_error_class(session, mocked, status, error_class):
    mocked.get(f"{BASE}/enterprises/e1", status=status, json={"errors": []})

    with pytest.raises(error_class) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert excinfo.value.status == status
    assert isinstance(excinfo.value, BambouHTTPError)


def test_error_carries_vsd_details(session, mocked):
    mocked.post(
        f"{BASE}/enterprises",
        status=409,
        json={
            "errors": [
                {
                    "property": "name",
                    "descriptions": [
                        {"title": "Duplicate name", "description": "acme exists."}
                    ],
                }
            ],
            "internalErrorCode": 2510,
        },
    )

    with pytest.raises(ConflictError) as excinfo:
        session.user.create_child(v6.NUEnterprise(name="acme"))

    error = excinfo.value
    message = str(error)
    assert error.internal_error_code == 2510
    assert error.errors[0].property == "name"
    assert error.errors[0].description == "acme exists."
    assert message.startswith(f"POST {BASE}/enterprises: 409 Conflict")
    assert "acme exists." in message
    assert "2510" in message


def test_nothing_changed_code_is_attribute(session, mocked):
    mocked.put(
        f"{BASE}/enterprises/e1",
        status=409,
        json={"errors": [], "internalErrorCode": 2039},
    )

    with pytest.raises(ConflictError) as excinfo:
        v6.NUEnterprise(id="e1", name="x").save()

    assert excinfo.value.internal_error_code == 2039


def test_html_error_page_kept_as_excerpt(session, mocked):
    html = "<html><body><h1>502 Bad Gateway</h1>" + "x" * 500 + "</body></html>"
    mocked.get(f"{BASE}/enterprises/e1", status=502, body=html)

    with pytest.raises(ServerError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert "502 Bad Gateway" in str(excinfo.value)
    assert len(excinfo.value.body_excerpt) < 260


@pytest.mark.parametrize(
    "body", ["", '{"errors": []}', "null", "[]", '{"errors": "x"}']
)
def test_odd_error_bodies_build_errors(session, mocked, body):
    mocked.get(f"{BASE}/enterprises/e1", status=404, body=body)

    with pytest.raises(NotFoundError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert str(excinfo.value).startswith(f"GET {BASE}/enterprises/e1: 404")


@pytest.mark.parametrize(
    "body, reason",
    [
        ("<html>proxy login</html>", "not JSON"),
        ("", "empty body"),
        ('"just a string"', "a string"),
        ("[1, 2]", "a number"),
        ("42", "a number"),
    ],
)
def test_malformed_success_bodies(session, mocked, body, reason):
    mocked.get(f"{BASE}/enterprises/e1", status=200, body=body)

    with pytest.raises(MalformedResponseError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert reason in str(excinfo.value)
    assert excinfo.value.method == "GET"


def test_malformed_list_body(session, mocked):
    mocked.get(f"{BASE}/enterprises", json={"not": "a list"})

    with pytest.raises(MalformedResponseError) as excinfo:
        session.user.enterprises.get()

    assert "an object" in str(excinfo.value)


def test_read_timeout_names_request(session, mocked):
    mocked.get(f"{BASE}/enterprises/e1", body=requests.exceptions.ReadTimeout("slow"))

    with pytest.raises(RequestTimeoutError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    message = str(excinfo.value)
    assert f"GET {BASE}/enterprises/e1" in message
    assert "60 s" in message


def test_connection_error_is_typed(session, mocked):
    mocked.get(
        f"{BASE}/enterprises/e1", body=requests.exceptions.ConnectionError("refused")
    )

    with pytest.raises(ConnectionFailedError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert "refused" in str(excinfo.value)


def test_tls_error_is_typed(session, mocked):
    mocked.get(f"{BASE}/enterprises/e1", body=requests.exceptions.SSLError("bad cert"))

    with pytest.raises(TLSError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert "ca_bundle" in str(excinfo.value)


def test_debug_log_has_no_secrets(mocked, caplog):
    mocked.get(f"{BASE}/me", json=me_body())
    mocked.get(f"{BASE}/enterprises/e1", status=403, json={"errors": []})
    session = v6.NUVSDSession(
        username="alice", password=PASSWORD, enterprise="acme", api_url=API_URL
    )

    with caplog.at_level(logging.DEBUG, logger="nuagesdk"):
        session.start()
        with pytest.raises(PermissionDeniedError) as excinfo:
            v6.NUEnterprise(id="e1").fetch()

    logged = caplog.text + str(excinfo.value) + repr(excinfo.value)
    assert "GET" in caplog.text
    assert PASSWORD not in logged
    assert API_KEY not in logged
    assert "XREST" not in logged


def test_error_connection_hides_authorization(session, mocked):
    mocked.get(f"{BASE}/enterprises/e1", status=404, json={"errors": []})

    with pytest.raises(NotFoundError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert "Authorization" not in excinfo.value.connection.request.headers


def test_json_body_is_object_not_string(session, mocked):
    mocked.put(f"{BASE}/enterprises/e1", status=204)

    v6.NUEnterprise(id="e1", name="x").save()

    assert isinstance(json.loads(mocked.calls[0].request.body), dict)


def test_library_adds_only_null_handler():
    logger = logging.getLogger("nuagesdk")

    assert [type(h) for h in logger.handlers] == [logging.NullHandler]


def test_logging_twice_prints_once(mocked, capsys):
    import subprocess
    import sys

    script = (
        "import logging, nuagesdk\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "logging.getLogger('nuagesdk.transport').debug('one line')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )

    assert result.stderr.count("one line") == 1
