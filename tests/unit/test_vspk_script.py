"""A script written for vspk runs unchanged but for its import line."""

from __future__ import annotations

import json

from nuagesdk import BambouHTTPError
from nuagesdk import v6 as vsdk

from .conftest import API_URL, BASE, me_body


def test_vspk_style_script_runs(mocked):
    mocked.get(f"{BASE}/me", json=me_body())
    mocked.get(
        f"{BASE}/enterprises",
        json=[{"ID": "e1", "name": "acme"}],
        headers={"X-Nuage-Count": "1"},
    )
    mocked.head(f"{BASE}/enterprises", headers={"X-Nuage-Count": "1"})
    mocked.get(
        f"{BASE}/enterprises/e1/domaintemplates",
        json=[{"ID": "t1", "name": "tpl"}],
        headers={"X-Nuage-Count": "1"},
    )
    mocked.post(
        f"{BASE}/enterprises/e1/domains",
        status=201,
        json=[{"ID": "d1", "name": "prod", "templateID": "t1"}],
    )
    mocked.post(
        f"{BASE}/domains/d1/jobs",
        status=201,
        json=[{"ID": "j1", "command": "BEGIN_POLICY_CHANGES", "status": "RUNNING"}],
    )
    mocked.get(
        f"{BASE}/jobs/j1",
        json=[{"ID": "j1", "command": "BEGIN_POLICY_CHANGES", "status": "SUCCESS"}],
    )
    mocked.put(f"{BASE}/domains/d1", status=204)
    mocked.delete(f"{BASE}/domains/d1", status=404, json={"errors": []})

    session = vsdk.NUVSDSession(
        username="alice", password="pw", enterprise="acme", api_url=API_URL
    )
    session.start()
    user = session.user

    enterprise = user.enterprises.get_first(filter='name == "acme"')
    assert isinstance(enterprise, vsdk.NUEnterprise)
    assert user.enterprises.get_count() == 1
    _, _, count = user.enterprises.count(filter='name == "acme"')
    assert count == 1
    fetcher, parent, objects = user.enterprises.fetch()
    assert parent is user
    assert objects[0].name == "acme"

    template = enterprise.domain_templates.get()[0]
    domain = vsdk.NUDomain(name="prod")
    created, connection = enterprise.instantiate_child(domain, template)
    assert created.id == "d1"
    assert connection.response.status_code == 201

    job = vsdk.NUJob(command=vsdk.NUJob.CONST_COMMAND_BEGIN_POLICY_CHANGES)
    domain.create_child(job)
    while job.status == "RUNNING":
        job.fetch()
    assert job.status == "SUCCESS"

    domain.description = "edited"
    domain.save()
    assert json.loads(mocked.calls[-1].request.body) == {"description": "edited"}

    copy = vsdk.NUDomain(data=domain.to_dict())
    assert copy.name == "prod"
    assert vsdk.NUDomain().from_dict({"name": "x"}).name == "x"

    try:
        domain.delete()
    except BambouHTTPError as error:
        assert error.status_code == 404
    else:
        raise AssertionError("delete should have raised")

    assert len([c for c in mocked.calls if c.request.method == "GET"]) >= 5
