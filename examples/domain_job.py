"""Run a policy-change job on a VSD domain and wait for it to finish.

This is the canonical nuagesdk script: log in, find or create an
enterprise, a domain template and a domain, create a job under the domain
with ``domain.create_child(job)`` and poll ``job.fetch()`` until the job
ends.

With VSD_API_URL set (and VSD_USERNAME, VSD_PASSWORD, VSD_ENTERPRISE) it
runs against that VSD. Without it, it starts the embedded VSD simulator
(``pip install "nuagesdk[simulator]"``) and runs against that.

Exit status: 0 when the job succeeds, 1 when it fails or a call fails,
2 when it does not finish within --timeout seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import time
from typing import Iterator

from nuagesdk.rest import NuageError, where

EXIT_SUCCESS = 0
EXIT_FAILED = 1
EXIT_TIMEOUT = 2


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--api-version",
        default=os.environ.get("VSD_API_VERSION", "6"),
        choices=["6", "5.0", "3.2"],
        help="VSD API version (default: 6, or VSD_API_VERSION)",
    )
    parser.add_argument("--enterprise-name", default="nuagesdk-demo")
    parser.add_argument("--domain-name", default="demo-domain")
    parser.add_argument("--command", default="BEGIN_POLICY_CHANGES", help="job command")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the job"
    )
    parser.add_argument(
        "--interval", type=float, default=0.5, help="seconds between two polls"
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def vsd_location() -> Iterator[dict[str, str]]:
    """Yield the session settings: from VSD_* variables, else a local simulator."""
    api_url = os.environ.get("VSD_API_URL")
    if api_url:
        missing = [
            name
            for name in ("VSD_USERNAME", "VSD_PASSWORD", "VSD_ENTERPRISE")
            if not os.environ.get(name)
        ]
        if missing:
            raise SystemExit(
                f"VSD_API_URL is set, so these must be set too: {', '.join(missing)}"
            )
        yield {
            "api_url": api_url,
            "username": os.environ["VSD_USERNAME"],
            "password": os.environ["VSD_PASSWORD"],
            "enterprise": os.environ["VSD_ENTERPRISE"],
        }
        return

    try:
        from nuagesdk.simulator import Simulator
    except ImportError as exc:
        raise SystemExit(
            f"VSD_API_URL is not set and the simulator cannot start ({exc}); "
            'install it with: python -m pip install "nuagesdk[simulator]"'
        ) from exc
    with Simulator(job_duration=2.0) as simulator:
        print(
            f"VSD_API_URL is not set: using the embedded VSD simulator at {simulator.url}"
        )
        yield {
            "api_url": simulator.url,
            "username": simulator.username,
            "password": simulator.password,
            "enterprise": simulator.enterprise,
        }


def find_or_create(fetcher, child, name: str):
    """Return the child named ``name`` under the fetcher's parent, creating it if absent."""
    existing = fetcher.get_first(filter=where("name", "==", name))
    if existing is not None:
        print(f"Found {type(existing).__name__} {name!r} ({existing.id})")
        return existing
    fetcher.parent_object.create_child(child)
    print(f"Created {type(child).__name__} {name!r} ({child.id})")
    return child


def run_job(arguments: argparse.Namespace, settings: dict[str, str]) -> int:
    api = importlib.import_module(
        "nuagesdk.v" + arguments.api_version.replace(".", "_")
    )
    session = api.NUVSDSession(**settings)
    session.start()
    print(f"Logged in to {session.base_url} as {session.username}@{session.enterprise}")

    user = session.user
    enterprise = find_or_create(
        user.enterprises,
        api.NUEnterprise(name=arguments.enterprise_name),
        arguments.enterprise_name,
    )
    template_name = arguments.domain_name + "-template"
    template = find_or_create(
        enterprise.domain_templates,
        api.NUDomainTemplate(name=template_name),
        template_name,
    )
    domain = enterprise.domains.get_first(
        filter=where("name", "==", arguments.domain_name)
    )
    if domain is None:
        domain = api.NUDomain(name=arguments.domain_name)
        enterprise.instantiate_child(domain, template)
        print(f"Created NUDomain {arguments.domain_name!r} ({domain.id})")
    else:
        print(f"Found NUDomain {arguments.domain_name!r} ({domain.id})")

    job = api.NUJob(command=arguments.command)
    domain.create_child(job)
    print(f"Started job {job.command} ({job.id})")

    deadline = time.monotonic() + arguments.timeout
    while job.status == "RUNNING":
        print(f"  status {job.status}, progress {progress_percent(job.progress)}")
        if time.monotonic() >= deadline:
            print(
                f"Job {job.id} still running after {arguments.timeout:g} s",
                file=sys.stderr,
            )
            return EXIT_TIMEOUT
        time.sleep(arguments.interval)
        job.fetch()

    print(
        f"Job {job.command} ended {job.status}, progress {progress_percent(job.progress)}"
    )
    print(f"Result: {job.result!r}")
    if job.status != "SUCCESS":
        print(f"Job {job.id} failed: {job.result!r}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_SUCCESS


def progress_percent(progress: float | None) -> str:
    return "unknown" if progress is None else f"{progress:.0%}"


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        with vsd_location() as settings:
            return run_job(arguments, settings)
    except NuageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
