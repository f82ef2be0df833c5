"""Many clients writing at once lose no write."""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any

from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient

THREADS = 16
OBJECTS_PER_THREAD = 200


def test_concurrent_creates_and_updates_kept(
    simulator: Simulator,
    http_client: VSDClient,
) -> None:
    enterprise = http_client.create("/enterprises", {"name": "busy"})
    url = f"/enterprises/{enterprise['ID']}/domaintemplates"
    prefix = "/nuage/api/v6"
    failures: list[str] = []

    def work(worker: int) -> None:
        # http.client uses less CPU per call than requests; the clients share
        # one process, and so one GIL, with the server.
        connection = http.client.HTTPConnection("127.0.0.1", simulator.port, timeout=30)
        headers = {
            "Authorization": http_client.authorization(
                simulator.username, http_client.api_key
            ),
            "X-Nuage-Organization": simulator.enterprise,
            "Content-Type": "application/json",
        }

        def send(method: str, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
            connection.request(
                method, prefix + path, json.dumps(body).encode(), headers
            )
            response = connection.getresponse()
            return response.status, response.read()

        for index in range(OBJECTS_PER_THREAD):
            name = f"w{worker:02d}-{index:03d}"
            status, data = send("POST", url, {"name": name, "description": "new"})
            if status != 201:
                failures.append(f"create {name}: {status} {data!r}")
                continue
            object_id = json.loads(data)[0]["ID"]
            update = {"description": f"updated {name}"}
            status, data = send("PUT", f"/domaintemplates/{object_id}", update)
            if status != 204:
                failures.append(f"update {name}: {status} {data!r}")
        connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    listed: list[dict[str, Any]] = []
    page = 0
    while True:
        batch = http_client.list(
            url, **{"X-Nuage-Page": str(page), "X-Nuage-PageSize": "500"}
        )
        if not batch:
            break
        listed += batch
        page += 1
    assert len(listed) == THREADS * OBJECTS_PER_THREAD
    expected = {
        f"w{w:02d}-{i:03d}" for w in range(THREADS) for i in range(OBJECTS_PER_THREAD)
    }
    assert {item["name"] for item in listed} == expected
    assert all(item["description"] == f"updated {item['name']}" for item in listed)
    assert len({item["ID"] for item in listed}) == len(listed)


def test_concurrent_duplicate_names_one_wins(
    simulator: Simulator,
    http_client: VSDClient,
) -> None:
    statuses: list[int] = []
    barrier = threading.Barrier(THREADS)

    def work() -> None:
        own = VSDClient(simulator)
        barrier.wait()
        statuses.append(
            own.request("POST", "/enterprises", {"name": "contested"}).status_code
        )

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    named = [
        r
        for r in simulator.store.of_type("enterprise")
        if r.data["name"] == "contested"
    ]
    assert len(named) == 1
