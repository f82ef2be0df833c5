"""The SDK against a misbehaving simulator: errors, drops, hangs, expiring keys."""

from __future__ import annotations

import threading
import time

import pytest

from nuagesdk import v6
from nuagesdk.rest import ConnectionFailedError, RequestTimeoutError
from nuagesdk.rest.retry import RetryPolicy
from nuagesdk.simulator.faults import Fault, FaultInjector
from nuagesdk.simulator.server import Simulator

PATIENT = RetryPolicy(attempts=10, backoff=0.01, max_backoff=0.05)


@pytest.fixture
def faulty():
    with Simulator(job_duration=0) as simulator:
        yield simulator, FaultInjector.install(simulator, seed=20261204)


def fill(session, count: int) -> None:
    batch = [v6.NUEnterprise(name=f"fault-{i:05d}") for i in range(count)]
    for start in range(0, count, 500):
        session.user.create_children(batch[start : start + 500], commit=False)


def test_fetch_survives_errors_and_drops(faulty):
    simulator, faults = faulty
    session = simulator.session(retry_policy=PATIENT)
    fill(session, 2000)
    faults.add(Fault(methods={"GET"}, rate=0.3, status=503))
    faults.add(Fault(rate=0.1, drop="before"))

    names = [e.name for e in session.user.enterprises.stream(page_size=100)]

    fault_names = [name for name in names if name.startswith("fault-")]
    assert len(fault_names) == 2000
    assert len(set(fault_names)) == 2000
    assert sum(fault.applied for fault in faults.faults) > 10


def test_lost_post_response_not_resent(faulty):
    simulator, faults = faulty
    session = simulator.session()
    faults.add(Fault(methods={"POST"}, drop="after", limit=1))

    with pytest.raises(ConnectionFailedError) as excinfo:
        session.user.create_child(v6.NUEnterprise(name="only-once"))

    assert excinfo.value.request_sent is True
    found = session.user.enterprises.get(filter='name == "only-once"')
    assert len(found) == 1


def test_refused_post_before_handling_is_retried(faulty):
    simulator, faults = faulty
    session = simulator.session(retry_policy=PATIENT)
    faults.add(Fault(methods={"POST"}, status=503, limit=1))

    with pytest.raises(Exception) as excinfo:
        session.user.create_child(v6.NUEnterprise(name="not-retried"))

    assert "503" in str(excinfo.value)
    assert session.user.enterprises.get(filter='name == "not-retried"') == []


def test_silent_server_times_out(faulty):
    simulator, faults = faulty
    session = simulator.session(timeout=(1.0, 0.5))
    faults.add(Fault(methods={"GET"}, path="/enterprises", hang=5))

    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as excinfo:
        session.user.enterprises.get()
    elapsed = time.monotonic() - started

    assert elapsed < 2.5
    assert "read timed out after 0.5 s" in str(excinfo.value)


def test_truncated_body_is_retried(faulty):
    simulator, faults = faulty
    session = simulator.session(retry_policy=PATIENT)
    fill(session, 20)
    faults.add(Fault(methods={"GET"}, path="/enterprises", truncate=True, limit=2))

    names = [e.name for e in session.user.enterprises.get()]

    assert len([n for n in names if n.startswith("fault-")]) == 20
    assert faults.faults[0].applied == 2


def test_slow_body_and_latency_still_succeed(faulty):
    simulator, faults = faulty
    session = simulator.session(timeout=(2.0, 2.0))
    fill(session, 60)
    faults.add(Fault(methods={"GET"}, latency=0.05, slow_body=0.01))

    assert len(session.user.enterprises.get(page_size=60)) >= 60


def test_retry_after_from_server_is_waited(faulty):
    simulator, faults = faulty
    session = simulator.session()
    faults.add(Fault(methods={"HEAD"}, status=503, retry_after="1", limit=1))

    started = time.monotonic()
    session.user.enterprises.get_count()

    assert time.monotonic() - started >= 0.9


def test_threads_share_session_across_expiry():
    with Simulator(job_duration=0, api_key_lifetime=3.0) as simulator:
        session = simulator.session()
        logins = []
        count_logins = _login_counter(simulator, logins)
        errors = []
        keys = set()
        lock = threading.Lock()

        def work(worker: int) -> None:
            try:
                enterprise = v6.NUEnterprise(name=f"worker-{worker}")
                session.user.create_child(enterprise)
                for step in range(500):
                    if step % 3 == 0:
                        enterprise.description = f"step {step}"
                        enterprise.save()
                    elif step % 3 == 1:
                        enterprise.fetch()
                    else:
                        session.user.enterprises.get_count()
                    with lock:
                        keys.add(session.api_key)
            except Exception as error:  # reported below with the worker's number
                errors.append((worker, error))

        started = time.monotonic()
        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started

        # Each new key comes from one login. One more login is allowed: the
        # renewal ahead of the first expiry, to which this simulator responds
        # with the same key, as VSD does.
        new_keys = len(keys) - 1
        assert errors == []
        assert new_keys >= 1
        assert new_keys <= count_logins() <= new_keys + 1
        assert count_logins() <= elapsed / 3.0 + 2


def _login_counter(simulator, logins):
    def hook(request, route):
        if request.method == "GET" and request.path.endswith("/me"):
            logins.append(time.monotonic())
        return None

    simulator.add_request_hook(hook)
    return lambda: len(logins)


def test_fetch_deadline_bounds_all_pages(faulty):
    simulator, faults = faulty
    session = simulator.session()
    fill(session, 300)
    faults.add(Fault(methods={"GET"}, path="/enterprises", latency=0.2))

    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as excinfo:
        session.user.enterprises.get(page_size=20, timeout=1.0)
    elapsed = time.monotonic() - started

    assert elapsed < 1.6
    assert "enterprises" in str(excinfo.value)
