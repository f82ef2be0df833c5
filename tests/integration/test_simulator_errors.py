"""Every kind of bad request: its status, a VSD error body, and an unchanged store."""

from __future__ import annotations

import base64
import uuid
from typing import Any, Callable, Iterator

import pytest
import requests

from nuagesdk.simulator.server import Simulator
from nuagesdk.simulator.store import new_record

from .simulator_client import VSDClient, error_descriptions


class Fixture:
    """Objects every case can point at."""

    def __init__(self, http_client: VSDClient) -> None:
        self.enterprise = http_client.create(
            "/enterprises", {"name": "acme", "externalID": "acme@cms"}
        )
        eid = self.enterprise["ID"]
        self.template = http_client.create(
            f"/enterprises/{eid}/domaintemplates", {"name": "t"}
        )
        self.domain = http_client.create(
            f"/enterprises/{eid}/domains",
            {"name": "d", "templateID": self.template["ID"]},
        )
        self.group = http_client.create(f"/enterprises/{eid}/groups", {"name": "g"})


@pytest.fixture
def objects(http_client: VSDClient) -> Fixture:
    return Fixture(http_client)


def state(simulator: Simulator) -> tuple[int, dict[str, Any]]:
    return simulator.store.revision, simulator.store.snapshot()


Case = tuple[str, Callable[[Fixture], str], Any, int, str, str]
_RAW = object()

CASES: list[Case] = [
    # (method, path, body, status, property, text in the description)
    ("GET", lambda o: "/foos", None, 404, "", "no entity with resource name 'foos'"),
    ("POST", lambda o: "/foos", {"name": "x"}, 404, "", "no entity with resource name 'foos'"),
    ("POST", lambda o: f"/enterprises/{o.enterprise['ID']}/foos", {}, 404, "", "'foos'"),
    ("GET", lambda o: f"/enterprises/{o.enterprise['ID']}/vports", None, 404, "",
     "vport objects are not children of enterprise"),
    ("POST", lambda o: f"/enterprises/{o.enterprise['ID']}/vports", {"name": "v"}, 409, "",
     "vport objects are not children of enterprise"),
    ("POST", lambda o: "/vports", {"name": "v"}, 409, "", "not children of the top level"),
    ("POST", lambda o: f"/enterprises/{o.enterprise['ID']}/alarms", {"name": "a"}, 405, "",
     "cannot be created under enterprise"),
    ("GET", lambda o: f"/domains/{o.domain['ID']}/jobs", None, 405, "", "cannot be listed"),
    ("POST", lambda o: "/me", {}, 405, "", "use GET or PUT"),
    ("PATCH", lambda o: f"/enterprises/{o.enterprise['ID']}", {}, 405, "", "use GET, PUT"),
    ("POST", lambda o: "/enterprises", {"description": "no name"}, 400, "name", "name is required"),
    ("POST", lambda o: "/enterprises", {"name": None}, 400, "name", "name is required"),
    ("POST", lambda o: "/enterprises", {"name": "x", "flowCollectionEnabled": "MAYBE"}, 400,
     "flowCollectionEnabled", "not an allowed value"),
    ("POST", lambda o: "/enterprises", {"name": "x", "customerID": "12345"}, 400, "customerID",
     "expected integer, got str"),
    ("POST", lambda o: "/enterprises", {"name": 5}, 400, "name", "expected string"),
    ("POST", lambda o: "/enterprises", {"name": "x", "allowGatewayManagement": 1}, 400,
     "allowGatewayManagement", "expected boolean"),
    ("POST", lambda o: "/enterprises", {"name": "x", "customerID": 5}, 400, "customerID",
     "below the minimum of 10000"),
    ("POST", lambda o: "/enterprises", {"name": "x", "description": "d" * 256}, 400,
     "description", "above the maximum of 255"),
    ("POST", lambda o: "/enterprises", {"name": "acme"}, 409, "name", "already has name 'acme'"),
    ("POST", lambda o: "/enterprises", {"name": "other", "externalID": "acme@cms"}, 409,
     "externalID", "already has externalID 'acme@cms'"),
    ("POST", lambda o: f"/enterprises/{o.enterprise['ID']}/groups", {"name": "g"}, 409, "name",
     "already has name 'g'"),
    ("POST", lambda o: "/enterprises", (_RAW, b'{"name": "x",'), 400, "", "not valid JSON"),
    ("POST", lambda o: "/enterprises", (_RAW, b""), 400, "", "body is empty"),
    ("POST", lambda o: "/enterprises", (_RAW, b'{"name": NaN}'), 400, "", "NaN"),
    ("POST", lambda o: "/enterprises", (_RAW, b'{"name": "\xff"}'), 400, "", "not UTF-8"),
    ("POST", lambda o: "/enterprises", (_RAW, b"[" * 100000), 400, "", "not valid JSON"),
    ("POST", lambda o: "/enterprises", "just text", 400, "", "got a string"),
    ("POST", lambda o: "/enterprises", (_RAW, b"null"), 400, "", "got null"),
    ("POST", lambda o: "/enterprises", [], 400, "", "list of objects to create is empty"),
    ("PUT", lambda o: f"/enterprises/{o.enterprise['ID']}", [1], 400, "", "got a list"),
    ("PUT", lambda o: f"/enterprises/{o.enterprise['ID']}", {"customerID": -1}, 400,
     "customerID", "below the minimum"),
    ("PUT", lambda o: f"/enterprises/{o.enterprise['ID']}", {"name": None}, 400, "name",
     "cannot be null"),
    ("PUT", lambda o: f"/enterprises/{o.enterprise['ID']}/groups", {"x": 1}, 400, "",
     "list of IDs"),
    ("PUT", lambda o: f"/groups/{o.group['ID']}/users", [1, 2], 400, "", "only ID strings"),
    ("PUT", lambda o: f"/groups/{o.group['ID']}/users", lambda o: [o.group["ID"]], 404, "",
     "no user with ID"),
    ("GET", lambda o: f"/enterprises/{uuid.uuid4()}", None, 404, "", "no enterprise with ID"),
    ("PUT", lambda o: f"/enterprises/{uuid.uuid4()}", {"name": "x"}, 404, "", "no enterprise"),
    ("DELETE", lambda o: f"/enterprises/{uuid.uuid4()}", None, 404, "", "no enterprise"),
    ("GET", lambda o: f"/enterprises/{o.domain['ID']}", None, 404, "", "no enterprise with ID"),
    ("GET", lambda o: f"/enterprises/{uuid.uuid4()}/domains", None, 404, "", "no enterprise"),
    ("GET", lambda o: f"/foos/{o.domain['ID']}", None, 404, "", "resource name 'foos'"),
    ("GET", lambda o: f"/enterprises/{o.enterprise['ID']}/domains/x", None, 404, "",
     "no resource at"),
    ("DELETE", lambda o: f"/enterprises/{o.enterprise['ID']}?responseChoice=yes", None, 400, "",
     "responseChoice must be a number"),
    ("DELETE", lambda o: f"/domains/{o.domain['ID']}/zones", None, 400, "", "?id=<ID>"),
    ("POST", lambda o: f"/domains/{o.domain['ID']}/jobs", {"command": "RELOAD"}, 409, "command",
     "not allowed on domain"),
    ("POST", lambda o: f"/domains/{o.domain['ID']}/jobs", {"command": "DANCE"}, 400, "command",
     "not an allowed value"),
    ("POST", lambda o: f"/domains/{o.domain['ID']}/jobs", {}, 400, "command", "required"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "prop", "text"),
    CASES,
    ids=[f"{c[0]}-{c[3]}-{c[5][:30]}" for c in CASES],
)
def test_bad_request_rejected_without_change(
    simulator: Simulator,
    http_client: VSDClient,
    objects: Fixture,
    method: str,
    path: Callable[[Fixture], str],
    body: Any,
    status: int,
    prop: str,
    text: str,
) -> None:
    before = state(simulator)
    if callable(body):
        body = body(objects)
    if isinstance(body, tuple) and body[0] is _RAW:
        response = http_client.request(method, path(objects), data=body[1])
    elif method in ("GET", "DELETE"):
        response = http_client.request(method, path(objects))
    else:
        response = http_client.request(method, path(objects), body)
    assert response.status_code == status, response.text
    descriptions = error_descriptions(response)
    assert (prop, text) in [(p, text) for p, d in descriptions if text in d], (
        descriptions
    )
    assert state(simulator) == before


def test_every_problem_reported_at_once(http_client: VSDClient) -> None:
    response = http_client.request(
        "POST",
        "/enterprises",
        {
            "customerID": 1,
            "flowCollectionEnabled": "X",
            "allowGatewayManagement": "yes",
        },
    )
    assert response.status_code == 400
    properties = {prop for prop, _ in error_descriptions(response)}
    assert properties == {
        "name",
        "customerID",
        "flowCollectionEnabled",
        "allowGatewayManagement",
    }


def test_read_only_attributes_ignored(http_client: VSDClient, objects: Fixture) -> None:
    url = f"/enterprises/{objects.enterprise['ID']}"
    before = http_client.get_one(url)
    body = {
        **before,
        "ID": "other",
        "creationDate": 1,
        "parentID": "p",
        "BGPEnabled": True,
    }
    body["description"] = "changed"
    response = http_client.request("PUT", url, body)
    assert response.status_code == 204
    assert response.content == b""
    after = http_client.get_one(url)
    assert after["ID"] == before["ID"]
    assert after["creationDate"] == before["creationDate"]
    assert after["BGPEnabled"] == before["BGPEnabled"]
    assert after["description"] == "changed"
    assert after["lastUpdatedDate"] >= before["lastUpdatedDate"]


def test_object_without_operation_is_405(
    simulator: Simulator,
    http_client: VSDClient,
    objects: Fixture,
) -> None:
    enterprise = simulator.store.get(objects.enterprise["ID"])
    record = simulator.store.insert(
        new_record(
            "eventlog",
            {"entityType": "domain"},
            parent=enterprise,
            owner=None,
            timestamp=1,
        )
    )
    assert http_client.request("GET", f"/eventlogs/{record.id}").status_code == 200
    before = state(simulator)
    response = http_client.request("DELETE", f"/eventlogs/{record.id}")
    assert response.status_code == 405
    assert "do not allow delete" in error_descriptions(response)[0][1]
    response = http_client.request(
        "PUT", f"/eventlogs/{record.id}", {"entityType": "zone"}
    )
    assert response.status_code == 405
    assert state(simulator) == before


def test_seeded_enterprise_not_deletable(
    simulator: Simulator,
    http_client: VSDClient,
) -> None:
    enterprise_id, _ = simulator.auth.seed_ids()
    before = state(simulator)
    response = http_client.request(
        "DELETE", f"/enterprises/{enterprise_id}?responseChoice=1"
    )
    assert response.status_code == 409
    assert "system object" in error_descriptions(response)[0][1]
    assert state(simulator) == before


def test_delete_with_children_needs_confirmation(
    simulator: Simulator,
    http_client: VSDClient,
    objects: Fixture,
) -> None:
    url = f"/enterprises/{objects.enterprise['ID']}"
    before = state(simulator)
    response = http_client.request("DELETE", url)
    assert response.status_code == 300
    body = response.json()
    assert body["choices"] == [{"id": 1, "label": "OK"}, {"id": 0, "label": "Cancel"}]
    assert "responseChoice=1" in error_descriptions(response)[0][1]
    assert state(simulator) == before

    response = http_client.request("DELETE", url + "?responseChoice=1")
    assert response.status_code == 204
    for deleted in (
        objects.enterprise,
        objects.domain,
        objects.template,
        objects.group,
    ):
        assert simulator.store.get(deleted["ID"]) is None
    leaf = http_client.create("/enterprises", {"name": "leaf"})
    assert (
        http_client.request("DELETE", f"/enterprises/{leaf['ID']}").status_code == 204
    )


def test_bulk_create_reports_each_entry(
    simulator: Simulator,
    http_client: VSDClient,
    objects: Fixture,
) -> None:
    url = f"/enterprises/{objects.enterprise['ID']}/groups"
    response = http_client.request(
        "POST",
        url,
        [{"name": "a"}, {"name": "g"}, {"description": "x"}, "text", {"name": "a"}],
    )
    assert response.status_code == 207
    body = response.json()
    assert [entry["status"] for entry in body["response"]] == [201, 409, 400, 400, 409]
    assert [entry["index"] for entry in body["response"]] == [0, 1, 2, 3, 4]
    assert body["responseMetadata"] == {"success": 1, "failure": 4, "total": 5}
    assert body["response"][0]["data"]["name"] == "a"
    assert body["response"][1]["data"]["internalErrorCode"] == 2510
    names = sorted(record.data["name"] for record in simulator.store.of_type("group"))
    assert names == ["a", "g"]


@pytest.fixture
def small_body_simulator() -> Iterator[Simulator]:
    with Simulator(job_duration=0, max_body_bytes=1024) as running:
        yield running


def test_body_too_large_is_413(small_body_simulator: Simulator) -> None:
    http_client = VSDClient(small_body_simulator)
    before = state(small_body_simulator)
    response = http_client.request(
        "POST", "/enterprises", {"name": "x", "description": "d" * 5000}
    )
    assert response.status_code == 413
    assert "limit of 1024 bytes" in error_descriptions(response)[0][1]
    assert state(small_body_simulator) == before

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "y", "description": "'
        for _ in range(10):
            yield b"d" * 500
        yield b'"}'

    response = http_client.request("POST", "/enterprises", data=chunks())  # type: ignore[arg-type]
    assert response.status_code == 413
    assert state(small_body_simulator) == before
    assert http_client.create("/enterprises", {"name": "small"})["name"] == "small"


def auth_header(username: str, secret: str) -> str:
    return "XREST " + base64.b64encode(f"{username}:{secret}".encode()).decode()


@pytest.mark.parametrize(
    ("headers", "text"),
    [
        ({}, "Authorization header is missing"),
        (
            {"Authorization": auth_header("csproot", "wrong")},
            "wrong user name, password",
        ),
        (
            {"Authorization": auth_header("nobody", "csproot")},
            "wrong user name, password",
        ),
        ({"Authorization": "Bearer abc"}, "unsupported Authorization scheme"),
        ({"Authorization": "XREST !!!"}, "not base64"),
        (
            {"Authorization": "XREST " + base64.b64encode(b"nocolon").decode()},
            "user:secret",
        ),
    ],
)
def test_bad_credentials_are_401(
    simulator: Simulator,
    headers: dict[str, str],
    text: str,
) -> None:
    base = simulator.base_url("6")
    for path in ("/me", "/enterprises"):
        response = requests.get(
            base + path, headers={"X-Nuage-Organization": "csp", **headers}, timeout=10
        )
        assert response.status_code == 401
        assert text in error_descriptions(response)[0][1]


def test_missing_organization_is_401(simulator: Simulator) -> None:
    response = requests.get(
        simulator.base_url("6") + "/me",
        headers={"Authorization": auth_header("csproot", "csproot")},
        timeout=10,
    )
    assert response.status_code == 401
    assert "X-Nuage-Organization" in error_descriptions(response)[0][1]
    response = requests.get(
        simulator.base_url("6") + "/me",
        headers={
            "Authorization": auth_header("csproot", "csproot"),
            "X-Nuage-Organization": "x",
        },
        timeout=10,
    )
    assert response.status_code == 401


def test_unknown_api_path_is_404(simulator: Simulator) -> None:
    response = requests.get(f"{simulator.url}/nuage/api/v4_0/me", timeout=10)
    assert response.status_code == 404
    assert "/nuage/api/v6" in error_descriptions(response)[0][1]
    response = requests.get(f"{simulator.url}/", timeout=10)
    assert response.status_code == 404
