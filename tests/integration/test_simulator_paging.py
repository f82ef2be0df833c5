"""Paging, counting and ordering of large collections, over HTTP and through the SDK."""

from __future__ import annotations

import random
from typing import Any, Iterator

import pytest

from nuagesdk.simulator.paging import sort_key
from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient

TOTAL = 2500


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    with Simulator(job_duration=0) as running:
        yield running


@pytest.fixture(scope="module")
def filled(simulator: Simulator) -> tuple[VSDClient, str, list[dict[str, Any]]]:
    """An enterprise with 2,500 domain templates, created with bulk requests."""
    http_client = VSDClient(simulator)
    enterprise = http_client.create("/enterprises", {"name": "paging"})
    generator = random.Random(2500)
    bodies = [
        {"name": f"template-{index:04d}", "description": generator.choice("abcde")}
        for index in range(TOTAL)
    ]
    url = f"/enterprises/{enterprise['ID']}/domaintemplates"
    created = []
    for start in range(0, TOTAL, 500):
        response = http_client.request("POST", url, bodies[start : start + 500])
        assert response.status_code == 201
        body = response.json()
        assert body["responseMetadata"] == {"success": 500, "failure": 0, "total": 500}
        created += [entry["data"] for entry in body["response"]]
    return http_client, url, created


def fetch_pages(
    http_client: VSDClient, url: str, size: int, **headers: Any
) -> list[list[str]]:
    pages = []
    page = 0
    while True:
        response = http_client.request(
            "GET",
            url,
            headers={
                "X-Nuage-Page": str(page),
                "X-Nuage-PageSize": str(size),
                **headers,
            },
        )
        assert response.status_code == 200
        assert response.headers["X-Nuage-Count"] == str(TOTAL)
        assert response.headers["X-Nuage-Page"] == str(page)
        assert response.headers["X-Nuage-PageSize"] == str(size)
        if not response.content:
            return pages
        pages.append([item["ID"] for item in response.json()])
        page += 1


def test_paging_returns_each_once_in_order(
    filled: tuple[VSDClient, str, list[Any]],
) -> None:
    http_client, url, created = filled
    pages = fetch_pages(http_client, url, 100)
    assert len(pages) == 25
    assert all(len(page) == 100 for page in pages)
    seen = [object_id for page in pages for object_id in page]
    assert seen == [item["ID"] for item in created]
    assert len(set(seen)) == TOTAL


def test_paging_with_order_matches_sorted(
    filled: tuple[VSDClient, str, list[Any]],
) -> None:
    http_client, url, created = filled
    pages = fetch_pages(
        http_client, url, 100, **{"X-Nuage-OrderBy": "description DESC, name ASC"}
    )
    expected = sorted(created, key=lambda item: sort_key(item["name"]))
    expected = sorted(
        expected, key=lambda item: sort_key(item["description"]), reverse=True
    )
    assert [object_id for page in pages for object_id in page] == [
        i["ID"] for i in expected
    ]


def test_paging_default_and_max_size(filled: tuple[VSDClient, str, list[Any]]) -> None:
    http_client, url, _ = filled
    response = http_client.request("GET", url)
    assert len(response.json()) == 50
    assert response.headers["X-Nuage-PageSize"] == "50"
    assert response.headers["X-Nuage-Page"] == "0"
    response = http_client.request("GET", url, headers={"X-Nuage-PageSize": "2000"})
    assert len(response.json()) == 500
    assert response.headers["X-Nuage-PageSize"] == "500"


def test_paging_head_counts_with_filter(
    filled: tuple[VSDClient, str, list[Any]],
) -> None:
    http_client, url, created = filled
    expected = sum(1 for item in created if item["description"] == "c")
    response = http_client.request(
        "HEAD", url, headers={"X-Nuage-Filter": "description == 'c'"}
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["X-Nuage-Count"] == str(expected)


def test_paging_past_end_is_empty(filled: tuple[VSDClient, str, list[Any]]) -> None:
    http_client, url, _ = filled
    response = http_client.request("GET", url, headers={"X-Nuage-Page": "99"})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["X-Nuage-Count"] == str(TOTAL)


def test_paging_sdk_fetcher_streams_all(
    simulator: Simulator, filled: tuple[VSDClient, str, list[Any]]
) -> None:
    _, _, created = filled
    from nuagesdk import v6

    session = simulator.session("6")
    try:
        enterprise = session.user.enterprises.get_first(filter='name == "paging"')
        assert isinstance(enterprise, v6.NUEnterprise)
        fetcher = enterprise.domain_templates
        assert fetcher.get_count() == TOTAL
        streamed = [template.id for template in fetcher.stream(page_size=100)]
        assert streamed == [item["ID"] for item in created]
        page = fetcher.get(page=3, page_size=7)
        assert [t.id for t in page] == [item["ID"] for item in created[21:28]]
        assert fetcher.current_total_count == TOTAL
    finally:
        session.close()
