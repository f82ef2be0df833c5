"""Paging, counting, headers and streaming of :class:`Fetcher`."""

from __future__ import annotations

import pytest
import responses

from nuagesdk import v6
from nuagesdk.rest import MalformedResponseError, where
from nuagesdk.rest.filters import attribute

from .conftest import BASE

URL = f"{BASE}/enterprises"


def page_of(start: int, count: int) -> list[dict]:
    return [{"ID": f"e{i}", "name": f"ent-{i}"} for i in range(start, start + count)]


def add_pages(mocked, total: int, size: int) -> None:
    """Serve ``total`` enterprises in pages of ``size`` by X-Nuage-Page."""

    def reply(request):
        page = int(request.headers.get("X-Nuage-Page", "0"))
        start = page * size
        items = page_of(start, max(0, min(size, total - start)))
        headers = {"X-Nuage-Count": str(total), "X-Nuage-Page": str(page)}
        import json

        return 200, headers, json.dumps(items) if items else ""

    mocked.add_callback(responses.GET, URL, callback=reply)


def sent_pages(mocked) -> list[str]:
    return [call.request.headers.get("X-Nuage-Page") for call in mocked.calls]


@pytest.mark.parametrize(
    "total, expected_requests", [(100, 2), (101, 3), (0, 1), (50, 1), (120, 3)]
)
def test_get_fetches_every_page(session, mocked, total, expected_requests):
    add_pages(mocked, total, 50)

    enterprises = session.user.enterprises.get(page_size=50)

    assert len(enterprises) == total
    assert len(mocked.calls) == expected_requests
    assert sent_pages(mocked) == [str(i) for i in range(expected_requests)]
    assert all(c.request.headers["X-Nuage-PageSize"] == "50" for c in mocked.calls)
    assert [e.id for e in enterprises] == [f"e{i}" for i in range(total)]


def test_get_without_page_size_uses_server_page(session, mocked):
    add_pages(mocked, 120, 50)

    enterprises = session.user.enterprises.get()

    assert len(enterprises) == 120
    assert sent_pages(mocked) == ["0", "1", "2"]
    assert "X-Nuage-PageSize" not in mocked.calls[0].request.headers


def test_empty_page_ends_paging(session, mocked):
    mocked.get(URL, json=page_of(0, 50), headers={"X-Nuage-Count": "500"})
    mocked.get(URL, status=204, headers={"X-Nuage-Count": "500"})

    enterprises = session.user.enterprises.get(page_size=50)

    assert len(enterprises) == 50
    assert len(mocked.calls) == 2


def test_empty_list_page_ends_paging(session, mocked):
    mocked.get(URL, json=page_of(0, 50), headers={"X-Nuage-Count": "500"})
    mocked.get(URL, json=[], headers={"X-Nuage-Count": "500"})

    assert len(session.user.enterprises.get(page_size=50)) == 50
    assert len(mocked.calls) == 2


def test_explicit_page_returns_that_page(session, mocked):
    add_pages(mocked, 120, 50)

    enterprises = session.user.enterprises.get(page=0, page_size=50)

    assert len(enterprises) == 50
    assert len(mocked.calls) == 1
    assert mocked.calls[0].request.headers["X-Nuage-Page"] == "0"


def test_fetch_returns_vspk_shape(session, mocked):
    add_pages(mocked, 3, 50)
    fetcher = session.user.enterprises

    returned, parent, objects = fetcher.fetch()

    assert returned is fetcher
    assert parent is session.user
    assert objects == fetcher
    assert len(fetcher) == 3
    assert objects[0].parent_object is session.user


def test_empty_collection_answers(session, mocked):
    mocked.get(URL, status=204)
    mocked.head(URL, status=204)

    assert session.user.enterprises.get() == []
    assert session.user.enterprises.get_first() is None
    assert session.user.enterprises.get_count() == 0


def test_empty_body_200_is_empty_list(session, mocked):
    mocked.get(URL, body="", headers={"X-Nuage-Count": "0"})

    assert session.user.enterprises.get() == []


def test_get_first_asks_one_object(session, mocked):
    mocked.get(URL, json=page_of(0, 1), headers={"X-Nuage-Count": "9"})

    first = session.user.enterprises.get_first(filter='name == "ent-0"')

    headers = mocked.calls[0].request.headers
    assert first.id == "e0"
    assert headers["X-Nuage-Page"] == "0"
    assert headers["X-Nuage-PageSize"] == "1"
    assert headers["X-Nuage-Filter"] == b'name == "ent-0"'


def test_count_uses_head(session, mocked):
    mocked.head(URL, headers={"X-Nuage-Count": "17"})

    fetcher, parent, count = session.user.enterprises.count(
        filter='name BEGINSWITH "p"'
    )

    assert count == 17
    assert fetcher is session.user.enterprises
    assert parent is session.user
    assert mocked.calls[0].request.method == "HEAD"
    assert session.user.enterprises.get_count() == 17


def test_count_without_header_is_malformed(session, mocked):
    mocked.head(URL)

    with pytest.raises(MalformedResponseError) as excinfo:
        session.user.enterprises.count()

    assert "X-Nuage-Count" in str(excinfo.value)


def test_bad_count_header_is_malformed(session, mocked):
    mocked.get(URL, json=page_of(0, 2), headers={"X-Nuage-Count": "many"})

    with pytest.raises(MalformedResponseError):
        session.user.enterprises.get()


def test_order_group_and_query_parameters(session, mocked):
    mocked.get(URL, body="")

    session.user.enterprises.get(
        order_by="name DESC",
        group_by=["name", "description"],
        query_parameters={"embeddedMetadata": 1},
    )

    request = mocked.calls[0].request
    assert request.headers["X-Nuage-OrderBy"] == b"name DESC"
    assert request.headers["X-Nuage-GroupBy"] == "true"
    assert request.headers["X-Nuage-Attributes"] == b"name, description"
    assert request.url == f"{URL}?embeddedMetadata=1"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('name == "lab"', b'name == "lab"'),
        ('name == "東京-lab"', 'name == "東京-lab"'.encode()),
        ('name == "Zürich"', b'name == "Z\xc3\xbcrich"'),
    ],
)
def test_filter_header_is_utf8(session, mocked, text, expected):
    mocked.get(URL, body="")

    session.user.enterprises.get(filter=text)

    assert mocked.calls[0].request.headers["X-Nuage-Filter"] == expected


def test_structured_filter_escapes_value(session, mocked):
    mocked.get(URL, body="")

    session.user.enterprises.get(
        filter=where("name", "==", 'ACME "R&D" O\'Brien \\ dept')
    )

    sent = mocked.calls[0].request.headers["X-Nuage-Filter"]
    assert sent == b'name == "ACME \\"R&D\\" O\'Brien \\\\ dept"'


def test_structured_filter_keeps_injection_inside_string(session, mocked):
    mocked.get(URL, body="")

    session.user.enterprises.get(filter=attribute("name") == 'x" or name == "org-b')

    sent = mocked.calls[0].request.headers["X-Nuage-Filter"]
    assert sent == b'name == "x\\" or name == \\"org-b"'


def test_structured_filter_uses_remote_names(session, mocked):
    mocked.get(URL, body="")

    expression = (attribute("external_id") == "x@cms") & (
        attribute("name").begins_with("a")
    )
    session.user.enterprises.get(filter=expression)

    sent = mocked.calls[0].request.headers["X-Nuage-Filter"]
    assert sent == b'(externalID == "x@cms") and (name BEGINSWITH "a")'


@pytest.mark.parametrize(
    "value, error",
    [("line\nbreak", ValueError), (float("nan"), ValueError), ({"a": 1}, TypeError)],
)
def test_structured_filter_rejects_unrepresentable(value, error):
    with pytest.raises(error):
        where("name", "==", value)


def test_filter_rejects_unknown_operator():
    with pytest.raises(ValueError) as excinfo:
        where("name", "LIKE", "x")

    assert "LIKE" in str(excinfo.value)


@pytest.mark.parametrize("kwargs", [{"page": -1}, {"page_size": 0}, {"page": "1"}])
def test_bad_paging_arguments_rejected(session, mocked, kwargs):
    with pytest.raises(ValueError):
        session.user.enterprises.get(**kwargs)

    assert len(mocked.calls) == 0


def test_stream_yields_page_by_page(session, mocked):
    add_pages(mocked, 120, 50)
    fetcher = session.user.enterprises
    stream = fetcher.stream(page_size=50)

    first = next(stream)
    assert first.id == "e0"
    assert len(mocked.calls) == 1

    rest = list(stream)
    assert len(rest) == 119
    assert len(mocked.calls) == 3
    assert len(fetcher) == 0


def test_member_fetcher_lists_under_parent(session, mocked):
    mocked.get(f"{BASE}/groups/g1/users", json=[{"ID": "u1", "userName": "bob"}])

    users = v6.NUGroup(id="g1").users.get()

    assert users[0].user_name == "bob"
    assert mocked.calls[0].request.url == f"{BASE}/groups/g1/users"


def test_fetcher_is_a_list_of_last_fetch(session, mocked):
    add_pages(mocked, 2, 50)

    session.user.enterprises.fetch()

    assert isinstance(session.user.enterprises, list)
    assert [e.name for e in session.user.enterprises] == ["ent-0", "ent-1"]
