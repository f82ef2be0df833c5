"""Waiting for jobs with :meth:`NUJob.wait`."""

from __future__ import annotations

import pytest

from nuagesdk import v6
from nuagesdk.rest import JobFailedError, JobTimeoutError

from .conftest import BASE

JOB_ID = "acab0000-0000-4000-8000-000000000002"
JOB_URL = f"{BASE}/jobs/{JOB_ID}"


def job_state(status: str, progress: float, result=None) -> list[dict]:
    return [
        {
            "ID": JOB_ID,
            "command": "EXPORT",
            "status": status,
            "progress": progress,
            "result": result,
        }
    ]


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr("nuagesdk.rest.jobs.time.sleep", slept.append)
    return slept


def test_wait_returns_on_success(session, mocked, no_sleep):
    mocked.get(JOB_URL, json=job_state("RUNNING", 0.5))
    mocked.get(JOB_URL, json=job_state("SUCCESS", 1.0, {"exported": True}))
    job = v6.NUJob(data=job_state("RUNNING", 0.0)[0])
    seen = []

    returned = job.wait(on_progress=lambda j: seen.append(j.progress))

    assert returned is job
    assert job.result == {"exported": True}
    assert seen == [0.0, 0.5]
    assert no_sleep == [1.0, 1.5]


def test_wait_raises_on_failed(session, mocked):
    mocked.get(JOB_URL, json=job_state("FAILED", 0.3, "disk full"))
    job = v6.NUJob(data=job_state("RUNNING", 0.0)[0])

    with pytest.raises(JobFailedError) as excinfo:
        job.wait()

    assert excinfo.value.result == "disk full"
    assert "disk full" in str(excinfo.value)
    assert JOB_ID in str(excinfo.value)


def test_wait_raises_on_timeout(session, mocked, monkeypatch):
    clock = iter(range(0, 1000, 4))
    monkeypatch.setattr("nuagesdk.rest.jobs.time.monotonic", lambda: next(clock))
    mocked.get(JOB_URL, json=job_state("RUNNING", 0.1))
    job = v6.NUJob(data=job_state("RUNNING", 0.0)[0])

    with pytest.raises(JobTimeoutError) as excinfo:
        job.wait(timeout=10)

    assert excinfo.value.timeout == 10
    assert "RUNNING" in str(excinfo.value)


def test_wait_fetches_unknown_status_first(session, mocked):
    mocked.get(JOB_URL, json=job_state("SUCCESS", 1.0))

    job = v6.NUJob(id=JOB_ID).wait()

    assert job.status == "SUCCESS"
    assert len(mocked.calls) == 1


def test_wait_backoff_is_capped(session, mocked, no_sleep):
    for _ in range(8):
        mocked.get(JOB_URL, json=job_state("RUNNING", 0.1))
    mocked.get(JOB_URL, json=job_state("SUCCESS", 1.0))
    job = v6.NUJob(data=job_state("RUNNING", 0.0)[0])

    job.wait(interval=1, max_interval=3)

    assert max(no_sleep) == 3


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"interval": 0}])
def test_wait_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        v6.NUJob(data=job_state("RUNNING", 0.0)[0]).wait(**kwargs)
