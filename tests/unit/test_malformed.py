"""Every kind of malformed reply raises a typed error naming the request."""

from __future__ import annotations

import json

import pytest

from nuagesdk import v6
from nuagesdk.rest import HTTPError, MalformedResponseError, NuageError

from .conftest import BASE

OBJECT_URL = f"{BASE}/enterprises/e1"
LIST_URL = f"{BASE}/enterprises"
HTML = "<!DOCTYPE html><html><head><title>Proxy error</title></head><body>down</body></html>"

# (name, call, status, body, content type, expected error class, text in message)
CASES = [
    (
        "html page on fetch",
        "fetch",
        200,
        HTML,
        "text/html",
        MalformedResponseError,
        "not JSON",
    ),
    (
        "html page on list",
        "list",
        200,
        HTML,
        "text/html",
        MalformedResponseError,
        "not JSON",
    ),
    (
        "empty body on fetch",
        "fetch",
        200,
        "",
        None,
        MalformedResponseError,
        "empty body",
    ),
    (
        "truncated json object",
        "fetch",
        200,
        '[{"ID": "e1", "na',
        None,
        MalformedResponseError,
        "not JSON",
    ),
    (
        "truncated json list",
        "list",
        200,
        '[{"ID": "e1"}, {"ID"',
        None,
        MalformedResponseError,
        "not JSON",
    ),
    (
        "string on fetch",
        "fetch",
        200,
        '"hello"',
        None,
        MalformedResponseError,
        "a string",
    ),
    ("number on fetch", "fetch", 200, "42", None, MalformedResponseError, "a number"),
    (
        "boolean on fetch",
        "fetch",
        200,
        "true",
        None,
        MalformedResponseError,
        "a boolean",
    ),
    (
        "list of numbers",
        "fetch",
        200,
        "[1, 2]",
        None,
        MalformedResponseError,
        "a number",
    ),
    ("list of lists", "list", 200, "[[1]]", None, MalformedResponseError, "a list"),
    (
        "object on list",
        "list",
        200,
        '{"ID": "e1"}',
        None,
        MalformedResponseError,
        "an object",
    ),
    ("string on list", "list", 200, '"x"', None, MalformedResponseError, "a string"),
    ("null in list", "list", 200, "[null]", None, MalformedResponseError, "null"),
    (
        "bad count header",
        "count",
        200,
        "",
        None,
        MalformedResponseError,
        "X-Nuage-Count",
    ),
    ("missing count header", "count", 200, "", None, MalformedResponseError, "missing"),
    (
        "negative count header",
        "list-count",
        200,
        "[]",
        None,
        MalformedResponseError,
        "negative",
    ),
    (
        "text count header",
        "list-count-text",
        200,
        "[]",
        None,
        MalformedResponseError,
        "not an integer",
    ),
    (
        "wrong content type",
        "fetch",
        200,
        "<xml/>",
        "application/xml",
        MalformedResponseError,
        "not JSON",
    ),
    (
        "binary garbage",
        "fetch",
        200,
        "\x00\x01\x02",
        None,
        MalformedResponseError,
        "not JSON",
    ),
    ("html 502 page", "fetch", 502, HTML, "text/html", HTTPError, "Proxy error"),
    ("html 404 page", "fetch", 404, HTML, "text/html", HTTPError, "Proxy error"),
    (
        "error body with errors string",
        "fetch",
        400,
        '{"errors": "bad"}',
        None,
        HTTPError,
        "400",
    ),
    ("error body list", "fetch", 409, "[1, 2]", None, HTTPError, "409"),
    (
        "error body without descriptions",
        "fetch",
        400,
        '{"errors": [{"property": "name"}]}',
        None,
        HTTPError,
        "400",
    ),
    (
        "error code as text",
        "fetch",
        409,
        '{"errors": [], "internalErrorCode": "x"}',
        None,
        HTTPError,
        "409",
    ),
    (
        "unknown status 299",
        "fetch",
        299,
        "",
        None,
        MalformedResponseError,
        "empty body",
    ),
    ("unknown status 418", "fetch", 418, "", None, HTTPError, "418"),
    ("unknown status 599", "fetch", 599, "", None, HTTPError, "599"),
    ("redirect status", "fetch", 302, "", None, HTTPError, "302"),
    (
        "huge html body",
        "fetch",
        500,
        "<html>" + "x" * 200_000,
        "text/html",
        HTTPError,
        "500",
    ),
]


def run(session, mocked, call, status, body, content_type):
    kwargs = {"status": status, "body": body}
    if content_type:
        kwargs["content_type"] = content_type
    if call == "fetch":
        mocked.get(OBJECT_URL, **kwargs)
        v6.NUEnterprise(id="e1").fetch()
    elif call == "list":
        mocked.get(LIST_URL, **kwargs)
        session.user.enterprises.get()
    elif call == "count":
        headers = {"X-Nuage-Count": "lots"} if "bad" in str(body) else {}
        mocked.head(LIST_URL, status=status, headers=headers)
        session.user.enterprises.count()
    elif call == "list-count":
        mocked.get(LIST_URL, status=status, body=body, headers={"X-Nuage-Count": "-3"})
        session.user.enterprises.get()
    elif call == "list-count-text":
        mocked.get(LIST_URL, status=status, body=body, headers={"X-Nuage-Count": "ten"})
        session.user.enterprises.get()


@pytest.mark.parametrize(
    "call, status, body, content_type, error_class, text",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_malformed_reply_raises_typed_error(
    session, mocked, call, status, body, content_type, error_class, text
):
    with pytest.raises(NuageError) as excinfo:
        run(session, mocked, call, status, body, content_type)

    error = excinfo.value
    message = str(error)
    assert isinstance(error, error_class)
    assert text in message
    assert "/nuage/api/v6/enterprises" in message
    assert len(message) < 600


def test_case_table_is_large():
    assert len(CASES) >= 25


def test_bad_count_header_value(session, mocked):
    mocked.head(LIST_URL, headers={"X-Nuage-Count": "lots"})

    with pytest.raises(MalformedResponseError) as excinfo:
        session.user.enterprises.count()

    assert "'lots'" in str(excinfo.value)


def test_error_body_is_kept(session, mocked):
    body = {"errors": [], "internalErrorCode": 2039, "extra": True}
    mocked.get(OBJECT_URL, status=409, body=json.dumps(body))

    with pytest.raises(HTTPError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert excinfo.value.body == body
