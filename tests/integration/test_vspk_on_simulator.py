"""vspk, the SDK people use today, runs its usual calls against the simulator."""

from __future__ import annotations

import time

import pytest

vsdk = pytest.importorskip("vspk.v6", reason="vspk is not installed (compat extra)")


@pytest.fixture
def vspk_session(vsd_simulator):
    vsd_simulator.reset()
    session = vsdk.NUVSDSession(
        username=vsd_simulator.username,
        password=vsd_simulator.password,
        enterprise=vsd_simulator.enterprise,
        api_url=vsd_simulator.url,
    )
    session.start()
    return session


def test_vspk_logs_in(vspk_session):
    user = vspk_session.user

    assert user.user_name == "csproot"
    assert user.api_key


def test_vspk_pages_through_enterprises(vspk_session, vsd_simulator):
    sdk_session = vsd_simulator.session(version="6")
    from nuagesdk import v6

    before = sdk_session.user.enterprises.get_count()
    sdk_session.user.create_children(
        [v6.NUEnterprise(name=f"paged-{i:03d}") for i in range(120)]
    )

    seen = []
    page = 0
    while True:
        enterprises = vspk_session.user.enterprises.get(page=page, page_size=50)
        if not enterprises:
            break
        seen.extend(e.name for e in enterprises)
        page += 1

    assert len(seen) == before + 120
    assert len(set(seen)) == len(seen)
    assert vspk_session.user.enterprises.get_count() == before + 120
    assert vspk_session.user.enterprises.get_first(
        filter='name == "paged-007"'
    ).name == ("paged-007")


def test_vspk_runs_domain_job(vspk_session):
    enterprise = vsdk.NUEnterprise(name="vspk-org")
    vspk_session.user.create_child(enterprise)
    template = vsdk.NUDomainTemplate(name="vspk-template")
    enterprise.create_child(template)
    domain = vsdk.NUDomain(name="vspk-domain")
    enterprise.instantiate_child(domain, template)

    job = vsdk.NUJob(command="BEGIN_POLICY_CHANGES")
    domain.create_child(job)
    deadline = time.monotonic() + 30
    while job.status == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
        job.fetch()

    assert domain.template_id == template.id
    assert job.status == "SUCCESS"
    domain.fetch()
    assert domain.policy_change_status == "STARTED"


def test_vspk_saves_and_deletes(vspk_session):
    enterprise = vsdk.NUEnterprise(name="vspk-edit")
    vspk_session.user.create_child(enterprise)

    enterprise.description = "changed by vspk"
    enterprise.save()
    fetched = vsdk.NUEnterprise(id=enterprise.id)
    fetched.fetch()
    enterprise.delete()

    assert fetched.description == "changed by vspk"
    assert vspk_session.user.enterprises.get_first(filter='name == "vspk-edit"') is None
