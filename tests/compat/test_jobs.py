"""Jobs on the wire: created under a domain and polled until they succeed."""

from __future__ import annotations

import time
from typing import Iterator

import pytest

pytest.importorskip(
    "vspk.v6", reason="vspk 20.10 is not installed; install the compat extra"
)

from nuagesdk.simulator.recording import Recorder  # noqa: E402
from nuagesdk.simulator.server import Simulator  # noqa: E402

from . import seeds  # noqa: E402
from .harness import SET_ATTRIBUTES, Case, check_case  # noqa: E402


@pytest.fixture(scope="module")
def slow_jobs() -> Iterator[tuple[Simulator, Recorder]]:
    """A recording simulator whose jobs run for 0.3 s in three progress steps."""
    with Simulator(versions=["6"], job_duration=0.3, job_progress_steps=3) as sim:
        with Recorder(sim) as recorder:
            yield sim, recorder


def _web_domain(session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    return enterprise.domains.get_first(filter='name == "web"')


def job_polled_to_success(vsdk, session):
    domain = _web_domain(session)
    job = vsdk.NUJob(command="BEGIN_POLICY_CHANGES")
    domain.create_child(job)
    started = job.status
    deadline = time.monotonic() + 10
    while job.status == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
        job.fetch()
    domain.fetch()
    return {
        "started": started,
        "job": job,
        "policy": domain.policy_change_status,
    }


def job_apply_after_begin(vsdk, session):
    domain = _web_domain(session)
    for command in ("BEGIN_POLICY_CHANGES", "APPLY_POLICY_CHANGES"):
        job = vsdk.NUJob(command=command)
        domain.create_child(job)
        while job.status == "RUNNING":
            time.sleep(0.05)
            job.fetch()
    domain.fetch()
    return [job.status, domain.policy_change_status]


def test_jobs_poll_matches_vspk(slow_jobs):
    simulator, recorder = slow_jobs
    case = Case(job_polled_to_success, seeds.acme, (SET_ATTRIBUTES,), True)
    vspk_run, nuagesdk_run = check_case(simulator, recorder, case)

    assert vspk_run.result["started"] == "RUNNING"
    assert vspk_run.result["job"].status == "SUCCESS"
    assert nuagesdk_run.result["job"].status == "SUCCESS"


def test_jobs_sequence_matches_vspk(slow_jobs):
    simulator, recorder = slow_jobs
    case = Case(job_apply_after_begin, seeds.acme, (SET_ATTRIBUTES,), True)
    vspk_run, nuagesdk_run = check_case(simulator, recorder, case)

    assert nuagesdk_run.result[0] == "SUCCESS"
    assert nuagesdk_run.result[1] == vspk_run.result[1]


def test_jobs_immediate_matches_vspk(compat_simulator, compat_recorder):
    case = Case(job_polled_to_success, seeds.acme, (SET_ATTRIBUTES,))
    vspk_run, nuagesdk_run = check_case(compat_simulator, compat_recorder, case)

    assert nuagesdk_run.result["job"].status == "SUCCESS"
    assert nuagesdk_run.result["policy"] == "STARTED"
