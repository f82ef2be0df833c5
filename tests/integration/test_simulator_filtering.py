"""X-Nuage-Filter and X-Nuage-OrderBy over HTTP, checked against the same query in Python."""

from __future__ import annotations

import random
from typing import Any, Callable

import pytest

from nuagesdk.rest.filters import attribute, where
from nuagesdk.simulator.paging import sort_key
from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient, error_descriptions

NAMES = ["alpha", "beta", "Gamma", "delta", "Zürich", "東京", 'say "hi"', "back\\slash"]


@pytest.fixture
def enterprises(http_client: VSDClient) -> list[dict[str, Any]]:
    """About 60 enterprises with varied values, as the simulator returns them."""
    generator = random.Random(60)
    bodies = []
    for index in range(60):
        body: dict[str, Any] = {"name": f"{NAMES[index % len(NAMES)]}-{index}"}
        if index % 4:
            body["description"] = generator.choice(["lab", "prod", "Lab", "production"])
        if index % 3:
            body["customerID"] = generator.randint(10000, 10010)
        body["allowAdvancedQOSConfiguration"] = generator.choice([True, False, None])
        body["flowCollectionEnabled"] = generator.choice(["ENABLED", "DISABLED"])
        if index % 5 == 0:
            body["externalID"] = f"ent-{index}@cms-{index % 2}"
        bodies.append(body)
    response = http_client.request("POST", "/enterprises", bodies)
    assert response.status_code == 201
    return http_client.list("/enterprises", **{"X-Nuage-PageSize": "500"})


Query = tuple[str, Callable[[dict[str, Any]], bool]]

QUERIES: list[Query] = [
    ('description == "lab"', lambda e: e["description"] == "lab"),
    ("description == 'lab' or description == 'Lab'", lambda e: e["description"] in ("lab", "Lab")),
    ("description != 'lab'", lambda e: e["description"] != "lab"),
    ("description IS null", lambda e: e["description"] is None),
    ("description ISNOT null", lambda e: e["description"] is not None),
    ("customerID > 10005", lambda e: e["customerID"] is not None and e["customerID"] > 10005),
    ("customerID <= '10002'", lambda e: e["customerID"] is not None and e["customerID"] <= 10002),
    ("customerID >= 10003 AND customerID < 10006",
     lambda e: e["customerID"] is not None and 10003 <= e["customerID"] < 10006),
    ("allowAdvancedQOSConfiguration == true", lambda e: e["allowAdvancedQOSConfiguration"] is True),
    ("allowAdvancedQOSConfiguration IS False",
     lambda e: e["allowAdvancedQOSConfiguration"] is False),
    ("flowCollectionEnabled IS ENABLED", lambda e: e["flowCollectionEnabled"] == "ENABLED"),
    ('name BEGINSWITH "alpha"', lambda e: e["name"].startswith("alpha")),
    ("name ENDSWITH '-7'", lambda e: e["name"].endswith("-7")),
    ('name CONTAINS "a"', lambda e: "a" in e["name"]),
    ('name CONTAINS "ü"', lambda e: "ü" in e["name"]),
    ('name BEGINSWITH "東京"', lambda e: e["name"].startswith("東京")),
    ('name BEGINSWITH "say \\"hi\\""', lambda e: e["name"].startswith('say "hi"')),
    ("name BEGINSWITH 'back\\\\slash'", lambda e: e["name"].startswith("back\\slash")),
    ("externalID ENDSWITH '@cms-1'",
     lambda e: e["externalID"] is not None and e["externalID"].endswith("@cms-1")),
    ("(description == 'prod' or description == 'lab') and customerID > 10004",
     lambda e: e["description"] in ("prod", "lab") and (e["customerID"] or 0) > 10004),
    ("description == 'prod' or description == 'lab' and customerID > 10004",
     lambda e: e["description"] == "prod"
     or (e["description"] == "lab" and (e["customerID"] or 0) > 10004)),
    ('name IN {"alpha-0", "beta-1", "nobody"}', lambda e: e["name"] in ("alpha-0", "beta-1")),
    ("production", lambda e: any("production" in str(v).casefold() for v in e.values()
                                 if isinstance(v, str))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reference"), QUERIES, ids=[q[0] for q in QUERIES])
def test_filter_matches_python_query(
    http_client: VSDClient,
    enterprises: list[dict[str, Any]],
    text: str,
    reference: Callable[[dict[str, Any]], bool],
) -> None:
    found = http_client.list(
        "/enterprises",
        **{"X-Nuage-Filter": text.encode("utf-8"), "X-Nuage-PageSize": "500"},
    )
    expected = [e["ID"] for e in enterprises if reference(e)]
    assert expected, "the query should match something"
    assert [e["ID"] for e in found] == expected


ORDERS = [
    ("name ASC", [("name", False)]),
    ("name DESC", [("name", True)]),
    ("description ASC, customerID DESC", [("description", False), ("customerID", True)]),
    ("customerID DESC, name", [("customerID", True), ("name", False)]),
    ("allowAdvancedQOSConfiguration, creationDate DESC",
     [("allowAdvancedQOSConfiguration", False), ("creationDate", True)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "keys"), ORDERS, ids=[o[0] for o in ORDERS])
def test_order_by_matches_python_sort(
    http_client: VSDClient,
    enterprises: list[dict[str, Any]],
    text: str,
    keys: list[tuple[str, bool]],
) -> None:
    found = http_client.list(
        "/enterprises", **{"X-Nuage-OrderBy": text, "X-Nuage-PageSize": "500"}
    )
    expected = list(enterprises)
    for name, descending in reversed(keys):
        expected.sort(key=lambda e: sort_key(e[name]), reverse=descending)
    assert [e["ID"] for e in found] == [e["ID"] for e in expected]


def test_filter_and_order_together(
    http_client: VSDClient,
    enterprises: list[dict[str, Any]],
) -> None:
    found = http_client.list(
        "/enterprises",
        **{
            "X-Nuage-Filter": "customerID >= 10005",
            "X-Nuage-OrderBy": "customerID DESC",
        },
    )
    expected = [e for e in enterprises if (e["customerID"] or 0) >= 10005]
    expected.sort(key=lambda e: e["customerID"], reverse=True)
    assert [e["ID"] for e in found] == [e["ID"] for e in expected][:50]


def test_filter_echoed_in_response_headers(http_client: VSDClient) -> None:
    text = 'name == "Zürich"'
    response = http_client.request(
        "GET", "/enterprises", headers={"X-Nuage-Filter": text.encode()}
    )
    assert response.status_code == 200
    assert response.headers["X-Nuage-Filter"].encode("latin-1").decode("utf-8") == text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('name == "open', "position 8"),
        ("name === 'x'", "position 7"),
        ("name == 'x' and or", "'or'"),
        ("nmae == 'x'", "'nmae'"),
        ("customer_id == 1", "'customerID'"),
        ("name == 'x' )", "')'"),
    ],
)
def test_bad_filter_names_token(
    http_client: VSDClient, text: str, fragment: str
) -> None:
    response = http_client.request(
        "GET", "/enterprises", headers={"X-Nuage-Filter": text}
    )
    assert response.status_code == 400
    [(prop, description)] = error_descriptions(response)
    assert prop == ""
    assert "position" in description
    assert fragment in description


def test_filter_header_not_utf8(http_client: VSDClient) -> None:
    response = http_client.request(
        "GET", "/enterprises", headers={"X-Nuage-Filter": b"name == '\xff'"}
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in error_descriptions(response)[0][1]


def test_bad_order_by_is_400(http_client: VSDClient) -> None:
    response = http_client.request(
        "GET", "/enterprises", headers={"X-Nuage-OrderBy": "nme DESC"}
    )
    assert response.status_code == 400
    assert "unknown attribute 'nme'" in error_descriptions(response)[0][1]


def test_sdk_filter_objects_use_local_names(
    simulator: Simulator,
    enterprises: list[dict[str, Any]],
) -> None:
    session = simulator.session("6")
    try:
        fetcher = session.user.enterprises
        built = (attribute("customer_id") >= 10008) & where("description", "==", "lab")
        found = fetcher.get(filter=built, order_by="name ASC")
        expected = [
            e
            for e in enterprises
            if (e["customerID"] or 0) >= 10008 and e["description"] == "lab"
        ]
        expected.sort(key=lambda e: e["name"])
        assert [e.id for e in found] == [e["ID"] for e in expected]
        assert fetcher.get_first(filter='name == "東京-5"').name == "東京-5"
        assert fetcher.get_count(filter=where("name", "BEGINSWITH", 'say "hi"')) == sum(
            1 for e in enterprises if e["name"].startswith('say "hi"')
        )
    finally:
        session.close()


def test_repeated_query_sees_every_write(simulator):
    simulator.reset()
    session = simulator.session()
    from nuagesdk import v6

    query = 'name BEGINSWITH "cache-"'
    assert session.user.enterprises.get_count(filter=query) == 0

    enterprise = v6.NUEnterprise(name="cache-a")
    session.user.create_child(enterprise)
    assert session.user.enterprises.get_count(filter=query) == 1

    enterprise.name = "other"
    enterprise.save()
    assert session.user.enterprises.get_count(filter=query) == 0

    enterprise.name = "cache-b"
    enterprise.save()
    names = [e.name for e in session.user.enterprises.get(filter=query)]
    assert names == ["cache-b"]

    enterprise.delete()
    assert session.user.enterprises.get(filter=query) == []
