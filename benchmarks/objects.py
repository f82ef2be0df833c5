"""Object-model workloads: cold import, construction, from_dict + to_dict.

Each workload runs for nuagesdk and vspk in the same process run,
alternating between them, and reports medians. vspk comes from the
``compat`` extra; without it only nuagesdk is measured.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any, Callable

IMPORT_RUNS = 10
CONSTRUCT_COUNT = 100_000
DICT_COUNT = 50_000
ROUNDS = 3

IMPORT_SNIPPETS = {
    "requests": "import requests",
    # First use: a session ready to send (requests imported), an enterprise
    # and a job built.
    "nuagesdk": (
        "from nuagesdk import v6\n"
        "s = v6.NUVSDSession(username='u', password='p', enterprise='e',"
        " api_url='https://127.0.0.1:1')\n"
        "s.transport\n"
        "v6.NUEnterprise(name='x'), v6.NUJob(command='EXPORT')"
    ),
    "vspk": (
        "from vspk import v6\n"
        "s = v6.NUVSDSession(username='u', password='p', enterprise='e',"
        " api_url='https://127.0.0.1:1')\n"
        "v6.NUEnterprise(name='x'), v6.NUJob(command='EXPORT')"
    ),
}


def has_vspk() -> bool:
    try:
        import vspk.v6  # noqa: F401
    except ImportError:
        return False
    return True


def time_import(snippet: str) -> float:
    """Return the seconds a fresh interpreter spends running ``snippet``."""
    program = (
        "import time\n"
        "start = time.perf_counter()\n"
        f"{snippet}\n"
        "print(time.perf_counter() - start)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env=bytecode_environment(),
    ).stdout
    return float(output.strip().splitlines()[-1])


def bytecode_environment() -> dict[str, str]:
    """Return the environment with bytecode caching on.

    An installed package has its bytecode compiled by pip; a checkout run
    with PYTHONDONTWRITEBYTECODE set would compile every module on every
    import, which measures the compiler rather than the import.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def bench_import(names: list[str]) -> dict[str, float]:
    for name in names:
        time_import(IMPORT_SNIPPETS[name])  # warm-up: writes the bytecode caches
    samples: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(IMPORT_RUNS):
        for name in names:  # alternate so drift hits every peer alike
            samples[name].append(time_import(IMPORT_SNIPPETS[name]))
    return {name: statistics.median(values) for name, values in samples.items()}


def job_class(sdk: str) -> Any:
    if sdk == "nuagesdk":
        from nuagesdk import v6
    else:
        from vspk import v6
    return v6.NUJob


def enterprise_class(sdk: str) -> Any:
    if sdk == "nuagesdk":
        from nuagesdk import v6
    else:
        from vspk import v6
    return v6.NUEnterprise


def construct(sdk: str) -> Callable[[], list[Any]]:
    job = job_class(sdk)

    def run() -> list[Any]:
        return [
            job(command="EXPORT", parameters={"x": 1}, assoc_entity_type="DOMAIN")
            for _ in range(CONSTRUCT_COUNT)
        ]

    return run


def realistic_enterprise(index: int) -> dict[str, Any]:
    """Return an enterprise as VSD sends it, every attribute of the v6 spec filled."""
    from nuagesdk import v6

    data: dict[str, Any] = {}
    for attribute in v6.NUEnterprise.__attributes__.values():
        if attribute.choices:
            value: Any = attribute.choices[0]
        elif attribute.type is bool:
            value = index % 2 == 0
        elif attribute.type is int:
            value = index
        elif attribute.type is float:
            value = 1_700_000_000_000 + index
        elif attribute.type is list:
            value = ["a", "b"]
        elif attribute.type is dict:
            value = {"k": "v"}
        else:
            value = f"{attribute.remote_name}-{index}"
        data[attribute.remote_name] = value
    return data


def round_trip(sdk: str, dicts: list[dict[str, Any]]) -> Callable[[], None]:
    enterprise = enterprise_class(sdk)

    def run() -> None:
        for data in dicts:
            obj = enterprise()
            obj.from_dict(data)
            obj.to_dict()

    return run


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def memory_per_object(sdk: str) -> float:
    """Return the bytes allocated per constructed NUJob, measured with tracemalloc."""
    build = construct(sdk)
    gc.collect()
    tracemalloc.start()
    objects = build()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del objects
    return current / CONSTRUCT_COUNT


def main() -> int:
    sdks = ["nuagesdk"] + (["vspk"] if has_vspk() else [])
    print(f"Python {sys.version.split()[0]}; peers: {', '.join(sdks)}")

    imports = bench_import(["requests"] + sdks)
    print(f"\n1. cold import (median of {IMPORT_RUNS} fresh interpreters)")
    for name, seconds in imports.items():
        print(f"   {name:10s} {seconds * 1000:8.1f} ms")
    ratio = imports["nuagesdk"] / imports["requests"]
    print(
        f"   nuagesdk / requests = {ratio:.2f}  target <= 1.30: {record('import: nuagesdk / requests <= 1.3', ratio, ratio <= 1.3)}"
    )

    construct_times: dict[str, list[float]] = {sdk: [] for sdk in sdks}
    dicts = [realistic_enterprise(i) for i in range(DICT_COUNT)]
    trip_times: dict[str, list[float]] = {sdk: [] for sdk in sdks}
    for _ in range(ROUNDS):
        for sdk in sdks:
            seconds, objects = timed(construct(sdk))
            del objects
            construct_times[sdk].append(seconds)
            trip_times[sdk].append(timed(round_trip(sdk, dicts))[0])

    print(f"\n2. construct {CONSTRUCT_COUNT:,} NUJob (median of {ROUNDS})")
    medians = {sdk: statistics.median(v) for sdk, v in construct_times.items()}
    memory = {sdk: memory_per_object(sdk) for sdk in sdks}
    for sdk in sdks:
        per_object = medians[sdk] / CONSTRUCT_COUNT * 1e6
        print(f"   {sdk:10s} {per_object:8.2f} us/object {memory[sdk]:9.0f} B/object")
    if "vspk" in medians:
        speedup = medians["vspk"] / medians["nuagesdk"]
        shrink = memory["vspk"] / memory["nuagesdk"]
        print(
            f"   vspk / nuagesdk time = {speedup:.1f}x  target >= 10: {record('construct: vspk / nuagesdk time >= 10', speedup, speedup >= 10)}"
        )
        print(
            f"   vspk / nuagesdk memory = {shrink:.1f}x  target >= 5: {record('construct: vspk / nuagesdk memory >= 5', shrink, shrink >= 5)}"
        )

    print(
        f"\n3. from_dict + to_dict of {DICT_COUNT:,} enterprises (median of {ROUNDS})"
    )
    medians = {sdk: statistics.median(v) for sdk, v in trip_times.items()}
    for sdk in sdks:
        print(f"   {sdk:10s} {medians[sdk] / DICT_COUNT * 1e6:8.2f} us/object")
    if "vspk" in medians:
        speedup = medians["vspk"] / medians["nuagesdk"]
        print(
            f"   vspk / nuagesdk = {speedup:.1f}x  target >= 10: "
            f"{record('serialize: vspk / nuagesdk >= 10', speedup, speedup >= 10)}"
        )
    return 0


#: (target, value, holds) of every target checked in this process.
TARGETS: list[tuple[str, float, bool]] = []


def verdict(holds: bool) -> str:
    return "holds" if holds else "MISSED"


def record(target: str, value: float, holds: bool) -> str:
    TARGETS.append((target, value, holds))
    return verdict(holds)


if __name__ == "__main__":
    sys.exit(main())
