"""Wire workloads against the simulator: fetch, count, jobs and bulk creation.

The simulator runs in a child process on 127.0.0.1 so that it does not
share the client's interpreter lock. Each workload runs for nuagesdk, for
vspk (when the ``compat`` extra is installed) and for the floor, plain
``requests`` + ``json`` on the same URLs, alternating between them in every
round. The simulator's share is its CPU time during a workload divided by
the workload's wall time, read from /proc (Linux only).
"""

from __future__ import annotations

import base64
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import requests

from nuagesdk import v6

ENTERPRISES = 10_000
LARGE_ENTERPRISES = 40_000
JOBS = 1_000
ZONES = 1_000
ROUNDS = 3
PAGE_SIZE = 50  # the VSD default, used by every peer
PASSWORD = "bench-password"
FILTER = 'name BEGINSWITH "bench-1"'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def simulator_process() -> Iterator[tuple[str, int]]:
    """Run ``python -m nuagesdk.simulator`` and yield its URL and process id."""
    port = free_port()
    environment = dict(os.environ, VSD_SIMULATOR_PASSWORD=PASSWORD)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nuagesdk.simulator",
            "--port",
            str(port),
            "--job-duration",
            "0",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the simulator did not start: "
                        + process.stderr.read().decode(errors="replace")
                    ) from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds of process ``pid``."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Peers:
    """The clients under test, all logged in to one simulator."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.base = f"{url}/nuage/api/v6"
        self.sdk = v6.NUVSDSession(
            username="csproot", password=PASSWORD, enterprise="csp", api_url=url
        ).start()
        key = self.sdk.api_key
        token = base64.b64encode(f"csproot:{key}".encode()).decode()
        self.raw = requests.Session()
        self.raw.headers.update(
            {
                "Authorization": f"XREST {token}",
                "X-Nuage-Organization": "csp",
                "Content-Type": "application/json",
            }
        )
        self.vspk = None
        try:
            from vspk import v6 as vspk_v6
        except ImportError:
            return
        self.vspk_module = vspk_v6
        self.vspk = vspk_v6.NUVSDSession(
            username="csproot", password=PASSWORD, enterprise="csp", api_url=url
        )
        self.vspk.start()

    @property
    def names(self) -> list[str]:
        return ["nuagesdk", "floor"] + (["vspk"] if self.vspk else [])


# -- workloads ---------------------------------------------------------------


def populate(peers: Peers, count: int) -> None:
    """Create enterprises until the simulator contains ``count`` bench ones."""
    have = peers.sdk.user.enterprises.get_count(filter='name BEGINSWITH "bench-"')
    batch = []
    for index in range(have, count):
        batch.append(v6.NUEnterprise(name=f"bench-{index:05d}"))
        if len(batch) == 500:
            peers.sdk.user.create_children(batch, commit=False)
            batch = []
    if batch:
        peers.sdk.user.create_children(batch, commit=False)


def fetch_floor(peers: Peers) -> int:
    url = f"{peers.base}/enterprises"
    objects: list[dict[str, Any]] = []
    page = 0
    while True:
        reply = peers.raw.get(
            url,
            headers={"X-Nuage-Page": str(page), "X-Nuage-PageSize": str(PAGE_SIZE)},
            timeout=(10, 60),
        )
        items = json.loads(reply.content) if reply.content.strip() else []
        objects.extend(items)
        total = int(reply.headers["X-Nuage-Count"])
        if not items or len(objects) >= total:
            return len(objects)
        page += 1


def fetch_nuagesdk(peers: Peers) -> int:
    return len(peers.sdk.user.enterprises.get(page_size=PAGE_SIZE, commit=False))


def stream_nuagesdk(peers: Peers) -> int:
    return sum(1 for _ in peers.sdk.user.enterprises.stream(page_size=PAGE_SIZE))


def fetch_vspk(peers: Peers) -> int:
    # vspk's get() returns one page, so a script loops over the pages.
    fetcher = peers.vspk.user.enterprises
    objects: list[Any] = []
    page = 0
    while True:
        items = fetcher.get(page=page, page_size=PAGE_SIZE) or []
        objects.extend(items)
        if not items or len(objects) >= fetcher.current_total_count:
            return len(objects)
        page += 1


def count_floor(peers: Peers) -> int:
    reply = peers.raw.head(
        f"{peers.base}/enterprises",
        headers={"X-Nuage-Filter": FILTER},
        timeout=(10, 60),
    )
    return int(reply.headers["X-Nuage-Count"])


def count_nuagesdk(peers: Peers) -> int:
    return peers.sdk.user.enterprises.get_count(filter=FILTER)


def count_vspk(peers: Peers) -> int:
    return peers.vspk.user.enterprises.get_count(filter=FILTER)


def get_one_floor(peers: Peers, enterprise_id: str, times: int) -> None:
    url = f"{peers.base}/enterprises/{enterprise_id}"
    for _ in range(times):
        json.loads(peers.raw.get(url, timeout=(10, 60)).content)


def repeat(function: Callable[[Peers], Any], times: int) -> Callable[[Peers], Any]:
    def run(peers: Peers) -> Any:
        for _ in range(times):
            result = function(peers)
        return result

    return run


def domain_for_jobs(peers: Peers) -> tuple[str, Any]:
    enterprise = peers.sdk.user.enterprises.get_first(filter='name == "bench-jobs"')
    if enterprise is None:
        enterprise = v6.NUEnterprise(name="bench-jobs")
        peers.sdk.user.create_child(enterprise)
    template = v6.NUDomainTemplate(name=f"t-{time.monotonic_ns()}")
    enterprise.create_child(template)
    domain = v6.NUDomain(name=f"d-{time.monotonic_ns()}")
    enterprise.instantiate_child(domain, template)
    return domain.id, domain


def jobs_floor(peers: Peers, domain_id: str) -> None:
    for _ in range(JOBS):
        reply = peers.raw.post(
            f"{peers.base}/domains/{domain_id}/jobs",
            data=json.dumps({"command": "EXPORT"}),
            timeout=(10, 60),
        )
        job = json.loads(reply.content)[0]
        while job["status"] == "RUNNING":
            reply = peers.raw.get(f"{peers.base}/jobs/{job['ID']}", timeout=(10, 60))
            job = json.loads(reply.content)[0]


def jobs_nuagesdk(peers: Peers, domain: Any) -> None:
    for _ in range(JOBS):
        job = v6.NUJob(command="EXPORT")
        domain.create_child(job, commit=False)
        while job.status == "RUNNING":
            job.fetch()


def jobs_vspk(peers: Peers, domain_id: str) -> None:
    module = peers.vspk_module
    domain = module.NUDomain(id=domain_id)
    for _ in range(JOBS):
        job = module.NUJob(command="EXPORT")
        domain.create_child(job, commit=False)
        while job.status == "RUNNING":
            job.fetch()


def fresh_domain(peers: Peers) -> Any:
    return domain_for_jobs(peers)[1]


def zones_bulk_nuagesdk(peers: Peers) -> None:
    domain = fresh_domain(peers)
    zones = [v6.NUZone(name=f"z{i}") for i in range(ZONES)]
    domain.create_children(zones, commit=False)


def zones_one_by_one_nuagesdk(peers: Peers) -> None:
    domain = fresh_domain(peers)
    for i in range(ZONES):
        domain.create_child(v6.NUZone(name=f"z{i}"), commit=False)


def zones_bulk_floor(peers: Peers) -> None:
    domain = fresh_domain(peers)
    body = json.dumps([{"name": f"z{i}"} for i in range(ZONES)])
    reply = peers.raw.post(
        f"{peers.base}/domains/{domain.id}/zones", data=body, timeout=(10, 60)
    )
    json.loads(reply.content)


def zones_one_by_one_vspk(peers: Peers) -> None:
    module = peers.vspk_module
    domain = module.NUDomain(id=fresh_domain(peers).id)
    for i in range(ZONES):
        domain.create_child(module.NUZone(name=f"z{i}"), commit=False)


# -- measurement -------------------------------------------------------------


def measure(
    label: str,
    runs: dict[str, Callable[[], Any]],
    pid: int,
    rounds: int = ROUNDS,
) -> dict[str, float]:
    """Run each peer ``rounds`` times, alternating, and print the medians."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    shares: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            gc.collect()
            server_before = cpu_seconds(pid)
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
            times[name].append(elapsed)
            shares[name].append((cpu_seconds(pid) - server_before) / elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"\n{label} (median of {rounds})")
    for name, seconds in medians.items():
        share = statistics.median(shares[name])
        print(f"   {name:16s} {seconds * 1000:9.1f} ms   simulator CPU {share:5.0%}")
    return medians


def peak_memory(run: Callable[[], Any]) -> float:
    """Return the peak bytes traced by tracemalloc while ``run`` runs."""
    gc.collect()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


#: (target, value, holds) of every target checked in this process.
TARGETS: list[tuple[str, float, bool]] = []


def ratio_line(
    name: str, value: float, target: float, lower_is_better: bool = True
) -> None:
    holds = value <= target if lower_is_better else value >= target
    sign = "<=" if lower_is_better else ">="
    TARGETS.append((f"{name} {sign} {target:g}", value, holds))
    print(
        f"   {name} = {value:.2f}  target {sign} {target:g}: {'holds' if holds else 'MISSED'}"
    )


def main() -> int:
    with simulator_process() as (url, pid):
        peers = Peers(url)
        print(f"simulator {url}; peers: {', '.join(peers.names)}")
        populate(peers, ENTERPRISES)

        runs = {
            "floor": lambda: fetch_floor(peers),
            "nuagesdk get": lambda: fetch_nuagesdk(peers),
            "nuagesdk stream": lambda: stream_nuagesdk(peers),
        }
        if peers.vspk:
            runs["vspk"] = lambda: fetch_vspk(peers)
        for name, run in runs.items():
            assert run() >= ENTERPRISES, f"{name} fetched too few"
        fetch = measure(
            f"4. fetch {ENTERPRISES:,} enterprises, page size {PAGE_SIZE}", runs, pid
        )
        ratio_line("nuagesdk get / floor", fetch["nuagesdk get"] / fetch["floor"], 1.25)
        if peers.vspk:
            print(f"   vspk / floor = {fetch['vspk'] / fetch['floor']:.1f}")
        memory = {name: peak_memory(run) for name, run in runs.items()}
        for name, peak in memory.items():
            print(f"   {name:16s} peak {peak / 2**20:8.1f} MiB")
        if peers.vspk:
            ratio_line(
                "nuagesdk get / vspk memory",
                memory["nuagesdk get"] / memory["vspk"],
                0.1,
            )

        counts = {
            "floor": repeat(count_floor, 100),
            "nuagesdk": repeat(count_nuagesdk, 100),
        }
        if peers.vspk:
            counts["vspk"] = repeat(count_vspk, 100)
        count = measure(
            "6. 100 x count() of enterprises with a filter",
            {name: (lambda f=f: f(peers)) for name, f in counts.items()},
            pid,
        )
        ratio_line("nuagesdk / floor", count["nuagesdk"] / count["floor"], 1.1)

        domain_id, domain = domain_for_jobs(peers)
        job_runs = {
            "floor": lambda: jobs_floor(peers, domain_id),
            "nuagesdk": lambda: jobs_nuagesdk(peers, domain),
        }
        if peers.vspk:
            job_runs["vspk"] = lambda: jobs_vspk(peers, domain_id)
        jobs = measure(
            f"5. create {JOBS:,} jobs and poll each to SUCCESS", job_runs, pid
        )
        ratio_line("nuagesdk / floor", jobs["nuagesdk"] / jobs["floor"], 1.1)

        zone_runs = {
            "floor bulk": lambda: zones_bulk_floor(peers),
            "nuagesdk bulk": lambda: zones_bulk_nuagesdk(peers),
            "nuagesdk single": lambda: zones_one_by_one_nuagesdk(peers),
        }
        if peers.vspk:
            zone_runs["vspk single"] = lambda: zones_one_by_one_vspk(peers)
        zones = measure(
            f"7. create {ZONES:,} zones: one bulk request or one by one",
            zone_runs,
            pid,
        )
        speedup = zones["nuagesdk single"] / zones["nuagesdk bulk"]
        print(f"   bulk is {speedup:.1f}x faster than one by one")
        ratio_line(
            "nuagesdk bulk / floor bulk",
            zones["nuagesdk bulk"] / zones["floor bulk"],
            1.25,
        )

        one = peers.sdk.user.enterprises.get_first()
        single = measure(
            "simulator: 1,000 single-object GETs (plain requests)",
            {"floor": lambda: get_one_floor(peers, one.id, 1000)},
            pid,
        )
        print(f"   {1000 / single['floor']:.0f} requests per second on loopback")

        populate(peers, LARGE_ENTERPRISES)
        large = peak_memory(lambda: stream_nuagesdk(peers))
        print(
            f"\n   stream peak memory: {memory['nuagesdk stream'] / 2**20:.1f} MiB for "
            f"{ENTERPRISES:,}, {large / 2**20:.1f} MiB for {LARGE_ENTERPRISES:,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
