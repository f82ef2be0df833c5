"""Unit tests of routing and handlers, through the WSGI app with small entities."""

from __future__ import annotations

import base64
import json
from typing import Any, Iterator

import pytest
from werkzeug.test import Client, TestResponse

from nuagesdk.simulator.server import Simulator

from .entities import StubPackage

BASE = "/nuage/api/v1_0"


class AppClient:
    """Sends authenticated requests to the app without a socket."""

    def __init__(self, simulator: Simulator) -> None:
        self.client = Client(simulator.app)
        token = base64.b64encode(b"csproot:csproot").decode()
        self.headers = {
            "Authorization": f"XREST {token}",
            "X-Nuage-Organization": "csp",
        }

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        data = None if body is None else json.dumps(body)
        return self.client.open(
            BASE + path,
            method=method,
            data=data,
            headers={**self.headers, **(headers or {})},
            content_type="application/json",
        )

    def create(self, path: str, body: Any) -> dict[str, Any]:
        response = self.request("POST", path, body)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()[0]


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    with Simulator(versions=[StubPackage()], job_duration=0) as sim:
        yield sim


@pytest.fixture
def client(simulator: Simulator) -> AppClient:
    return AppClient(simulator)


def test_app_renders_every_declared_attribute(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    item = client.create(
        f"/folders/{folder['ID']}/items", {"name": "i", "secretValue": "s"}
    )
    assert item["secretValue"] is None
    assert item["category"] is None
    assert item["enabled"] is False
    assert item["parentType"] == "folder"
    assert isinstance(item["creationDate"], int)
    fetched = client.request("GET", f"/items/{item['ID']}").get_json()
    assert fetched == [item]


def test_app_unknown_version_is_404(client: AppClient) -> None:
    response = client.client.get("/nuage/api/v9/folders", headers=client.headers)
    assert response.status_code == 404
    assert (
        "/nuage/api/v1_0"
        in response.get_json()["errors"][0]["descriptions"][0]["description"]
    )


def test_app_member_assignment_replaces_list(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    tags = [client.create("/tags", {"name": f"t{n}"}) for n in range(3)]
    url = f"/folders/{folder['ID']}/tags"
    assert client.request("PUT", url, [tags[2]["ID"], tags[0]["ID"]]).status_code == 204
    listed = client.request("GET", url).get_json()
    assert [tag["name"] for tag in listed] == ["t2", "t0"]
    assert client.request("PUT", url, [tags[1]["ID"]]).status_code == 204
    assert [t["name"] for t in client.request("GET", url).get_json()] == ["t1"]
    assert client.request("PUT", url, []).status_code == 204
    assert client.request("GET", url).get_data() == b""


def test_app_member_assignment_unknown_id(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    tag = client.create("/tags", {"name": "t"})
    response = client.request(
        "PUT", f"/folders/{folder['ID']}/tags", [tag["ID"], folder["ID"]]
    )
    assert response.status_code == 404
    assert (
        folder["ID"]
        in response.get_json()["errors"][0]["descriptions"][0]["description"]
    )
    assert client.request("GET", f"/folders/{folder['ID']}/tags").get_data() == b""


def test_app_collection_operation_flags(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    jobs = f"/folders/{folder['ID']}/jobs"
    assert client.request("GET", jobs).status_code == 405
    assert client.request("POST", "/items", {"name": "x"}).status_code == 405
    assert (
        client.request("PUT", f"/folders/{folder['ID']}/items", ["x"]).status_code
        == 405
    )
    assert client.request("PATCH", f"/folders/{folder['ID']}").status_code == 405


def test_app_bulk_update_and_delete(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    url = f"/folders/{folder['ID']}/items"
    items = [client.create(url, {"name": f"i{n}"}) for n in range(3)]
    response = client.request(
        "PUT",
        url,
        [
            {"ID": items[0]["ID"], "rank": 5},
            {"ID": "missing", "rank": 1},
            {"ID": items[1]["ID"], "rank": -1},
        ],
    )
    assert response.status_code == 207
    body = response.get_json()
    assert [entry["status"] for entry in body["response"]] == [200, 404, 400]
    assert body["responseMetadata"] == {"success": 1, "failure": 2, "total": 3}
    assert body["response"][0]["data"]["rank"] == 5

    ids = f"id={items[0]['ID']}&id={items[2]['ID']}"
    response = client.request("DELETE", f"{url}?{ids}")
    assert response.status_code == 200
    assert response.get_json()["responseMetadata"]["success"] == 2
    remaining = client.request("GET", url).get_json()
    assert [item["name"] for item in remaining] == ["i1"]
    assert client.request("DELETE", url).status_code == 400


@pytest.mark.parametrize(
    ("shape", "status", "body"),
    [("empty", 200, b""), ("list", 200, b"[]"), ("no_content", 204, b"")],
)
def test_app_empty_list_setting(shape: str, status: int, body: bytes) -> None:
    with Simulator(versions=[StubPackage()], empty_list_response=shape) as sim:
        response = AppClient(sim).request("GET", "/folders")
    assert response.status_code == status
    assert response.get_data() == body
    assert response.headers["X-Nuage-Count"] == "0"


def test_app_update_returns_object_setting() -> None:
    with Simulator(versions=[StubPackage()], update_returns_object=True) as sim:
        client = AppClient(sim)
        folder = client.create("/folders", {"name": "f"})
        response = client.request("PUT", f"/folders/{folder['ID']}", {"name": "g"})
    assert response.status_code == 200
    assert response.get_json()[0]["name"] == "g"


def test_app_unchanged_update_setting() -> None:
    with Simulator(versions=[StubPackage()], reject_unchanged_update=True) as sim:
        client = AppClient(sim)
        folder = client.create("/folders", {"name": "f"})
        response = client.request("PUT", f"/folders/{folder['ID']}", {"name": "f"})
    assert response.status_code == 409
    assert response.get_json()["internalErrorCode"] == 2039


def test_app_confirmation_setting_off() -> None:
    with Simulator(versions=[StubPackage()], confirm_deletes=False) as sim:
        client = AppClient(sim)
        folder = client.create("/folders", {"name": "f"})
        client.create(f"/folders/{folder['ID']}/items", {"name": "i"})
        assert client.request("DELETE", f"/folders/{folder['ID']}").status_code == 204
        assert len(sim.store.of_type("item")) == 0


def test_app_cancel_choice_keeps_object(
    client: AppClient, simulator: Simulator
) -> None:
    folder = client.create("/folders", {"name": "f"})
    client.create(f"/folders/{folder['ID']}/items", {"name": "i"})
    response = client.request("DELETE", f"/folders/{folder['ID']}?responseChoice=0")
    assert response.status_code == 300
    assert response.get_json()["choices"] == [
        {"id": 1, "label": "OK"},
        {"id": 0, "label": "Cancel"},
    ]
    assert (
        client.request(
            "DELETE", f"/folders/{folder['ID']}?responseChoice=x"
        ).status_code
        == 400
    )
    assert simulator.store.get(folder["ID"]) is not None


def test_app_group_by_counts(client: AppClient) -> None:
    folder = client.create("/folders", {"name": "f"})
    url = f"/folders/{folder['ID']}/items"
    for name, category in [("a", "RED"), ("b", "BLUE"), ("c", "RED")]:
        client.create(url, {"name": name, "category": category})
    response = client.request(
        "GET",
        url,
        headers={"X-Nuage-GroupBy": "true", "X-Nuage-Attributes": "category"},
    )
    assert response.get_json() == [
        {"category": "RED", "count": 2},
        {"category": "BLUE", "count": 1},
    ]
    assert response.headers["X-Nuage-Count"] == "2"


def test_app_me_is_seeded_admin(client: AppClient, simulator: Simulator) -> None:
    enterprise_id, user_id = simulator.auth.seed_ids()
    me = client.request("GET", "/me").get_json()[0]
    assert me["ID"] == user_id
    assert me["enterpriseID"] == enterprise_id
    assert me["role"] == "CSPROOT"


def test_app_handler_crash_is_500(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(call: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(simulator.resources, "handle", broken)
    response = AppClient(simulator).request("GET", "/folders")
    assert response.status_code == 500
    assert response.get_json()["internalErrorCode"] == 2500


def test_app_request_hook_answers_first(simulator: Simulator) -> None:
    from werkzeug.wrappers import Response

    seen = []

    def hook(request: Any, route: Any) -> Response | None:
        seen.append((route.method, route.version, route.parts))
        if route.parts == ("tags",):
            return Response("{}", status=503, content_type="application/json")
        return None

    simulator.add_request_hook(hook)
    client = AppClient(simulator)
    assert client.request("GET", "/tags").status_code == 503
    assert client.request("GET", "/folders").status_code == 200
    assert seen == [("GET", "1.0", ("tags",)), ("GET", "1.0", ("folders",))]
