"""Where nuagesdk differs from vspk: on purpose, and where it still should not."""

from __future__ import annotations

import time

import pytest

vspk_v6 = pytest.importorskip(
    "vspk.v6", reason="vspk 20.10 is not installed; install the compat extra"
)

from nuagesdk import BambouHTTPError, v6  # noqa: E402
from nuagesdk.rest.errors import (  # noqa: E402
    ConfirmationRequiredError,
    RequestTimeoutError,
    ValidationError,
)
from nuagesdk.simulator.recording import NO_BODY  # noqa: E402
from nuagesdk.simulator.server import Simulator  # noqa: E402

from . import seeds  # noqa: E402
from .harness import (  # noqa: E402
    CLIENT_DEFAULTS,
    NUAGESDK,
    SET_ATTRIBUTES,
    VSPK,
    Case,
    check_case,
    compare_runs,
    run_one,
    run_pair,
    state_view,
)


def _web_domain(session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    return enterprise.domains.get_first(filter='name == "web"')


def delete_parent_without_choice(vsdk, session):
    domain = _web_domain(session)
    try:
        domain.delete()
    except Exception as error:
        asked = error
        domain.delete(response_choice=1)
        return {"asked": asked}
    return {"asked": None}


def test_difference_unconfirmed_delete_raises(compat_simulator, compat_recorder):
    vspk_run, nuagesdk_run = run_pair(
        compat_simulator, compat_recorder, delete_parent_without_choice, seeds.acme
    )
    vspk_deletes = [e for e in vspk_run.exchanges if e.method == "DELETE"]
    nuagesdk_deletes = [e for e in nuagesdk_run.exchanges if e.method == "DELETE"]

    # vspk confirms up front, whatever the VSD would have asked.
    assert vspk_run.result == {"asked": None}
    assert [e.query for e in vspk_deletes] == [[("responseChoice", "1")]]
    # nuagesdk shows the VSD's question to the script, which confirms it.
    assert isinstance(nuagesdk_run.result["asked"], ConfirmationRequiredError)
    assert [e.query for e in nuagesdk_deletes] == [[], [], [("responseChoice", "1")]]
    assert [e.status for e in nuagesdk_deletes] == [300, 300, 204]
    assert state_view(nuagesdk_run) == state_view(vspk_run)


def get_every_enterprise(vsdk, session):
    return [e.name for e in session.user.enterprises.get()]


def test_difference_every_page_listed(compat_simulator, compat_recorder):
    vspk_run, nuagesdk_run = run_pair(
        compat_simulator, compat_recorder, get_every_enterprise, seeds.many_enterprises
    )
    vspk_gets = [e for e in vspk_run.exchanges if e.path.endswith("/enterprises")]
    nuagesdk_gets = [
        e for e in nuagesdk_run.exchanges if e.path.endswith("/enterprises")
    ]

    assert len(vspk_run.result) == 50
    assert len(nuagesdk_run.result) == 61
    assert nuagesdk_run.result[:50] == vspk_run.result
    assert ["X-Nuage-Page" in e.headers for e in vspk_gets] == [False]
    assert [e.headers["X-Nuage-Page"] for e in nuagesdk_gets] == ["0", "1"]
    assert state_view(nuagesdk_run) == state_view(vspk_run)


def create_without_name(vsdk, session):
    session.user.create_child(vsdk.NUEnterprise(description="no name"))


def test_difference_validation_before_sending(compat_simulator, compat_recorder):
    vspk_run, nuagesdk_run = run_pair(
        compat_simulator, compat_recorder, create_without_name
    )
    vspk_posts = [e for e in vspk_run.exchanges if e.method == "POST"]
    nuagesdk_posts = [e for e in nuagesdk_run.exchanges if e.method == "POST"]

    # vspk lets the VSD reject the object; nuagesdk rejects it before sending.
    assert vspk_run.error.connection.response.status_code == 400
    assert [e.status for e in vspk_posts] == [400]
    assert isinstance(nuagesdk_run.error, ValidationError)
    assert "name" in str(nuagesdk_run.error)
    assert nuagesdk_posts == []
    assert state_view(nuagesdk_run) == state_view(vspk_run)


def delete_leaf(vsdk, session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    enterprise.domain_templates.get_first(filter='name == "tpl-db"').delete()


def test_difference_request_bodies(compat_simulator, compat_recorder):
    vspk_run, nuagesdk_run = run_pair(
        compat_simulator, compat_recorder, delete_leaf, seeds.acme
    )
    vspk_delete = vspk_run.exchanges[-1]
    nuagesdk_delete = nuagesdk_run.exchanges[-1]

    assert all(
        e.body is None for e in vspk_run.exchanges if e.method in ("GET", "HEAD")
    )
    assert all(
        e.body is NO_BODY for e in nuagesdk_run.exchanges if e.method in ("GET", "HEAD")
    )
    assert vspk_delete.method == "DELETE"
    assert vspk_delete.body["name"] == "tpl-db"
    assert nuagesdk_delete.method == "DELETE"
    assert nuagesdk_delete.body is NO_BODY
    assert state_view(nuagesdk_run) == state_view(vspk_run)


def test_difference_timeout_on_every_request():
    delay = 1.0

    def slow_filter(request, route):
        if request.headers.get("X-Nuage-Filter") == 'name == "slow"':
            time.sleep(delay)
        return None

    with Simulator(versions=["6"], job_duration=0) as simulator:
        simulator.add_request_hook(slow_filter)
        credentials = {
            "username": simulator.username,
            "password": simulator.password,
            "enterprise": simulator.enterprise,
            "api_url": simulator.url,
        }
        vspk_session = vspk_v6.NUVSDSession(**credentials)
        vspk_session.start()
        session = v6.NUVSDSession(timeout=0.3, **credentials)
        session.start()

        # bambou's default timeout is 3000 s, so vspk waits out the delay.
        started = time.monotonic()
        assert vspk_session.user.enterprises.get_first(filter='name == "slow"') is None
        assert time.monotonic() - started >= delay
        with pytest.raises(RequestTimeoutError):
            session.user.enterprises.get_first(filter='name == "slow"')
        session.close()

    assert v6.NUVSDSession(**credentials).timeout == (10.0, 60.0)


def two_requests(vsdk, session):
    return session.user.enterprises.get_count()


def three_requests(vsdk, session):
    session.user.enterprises.get_count()
    return session.user.enterprises.get_count(filter='name == "csp"')


def test_harness_detects_extra_request(compat_simulator, compat_recorder):
    vspk_run = run_one(compat_simulator, compat_recorder, two_requests, VSPK)
    nuagesdk_run = run_one(compat_simulator, compat_recorder, three_requests, NUAGESDK)

    with pytest.raises(AssertionError):
        compare_runs(vspk_run, nuagesdk_run)


def test_harness_detects_changed_state(compat_simulator, compat_recorder):
    vspk_run = run_one(
        compat_simulator, compat_recorder, two_requests, VSPK, seeds.lab_enterprises
    )
    nuagesdk_run = run_one(compat_simulator, compat_recorder, two_requests, NUAGESDK)

    with pytest.raises(AssertionError):
        compare_runs(vspk_run, nuagesdk_run)


@pytest.mark.parametrize(
    "class_name",
    ["NUMe", "NUEnterprise", "NUDomain", "NUJob", "NUMetadata", "NUGlobalMetadata"],
)
def test_to_dict_same_wire_names(class_name):
    vspk_keys = set(getattr(vspk_v6, class_name)().to_dict())
    nuagesdk_object = getattr(v6, class_name)()

    assert set(nuagesdk_object.to_dict(include_unset=True)) == vspk_keys
    # Without include_unset, nuagesdk lists only the attributes that are set.
    assert set(nuagesdk_object.to_dict()) <= vspk_keys


def test_session_positional_vspk_order(compat_simulator):
    session = v6.NUVSDSession(
        compat_simulator.username,
        compat_simulator.enterprise,
        compat_simulator.url,
        password=compat_simulator.password,
    )
    session.start()

    assert session.user.user_name == compat_simulator.username


def test_error_response_errors_are_dicts(compat_simulator):
    compat_simulator.reset()
    session = compat_simulator.session()
    with pytest.raises(BambouHTTPError) as caught:
        session.user.create_child(v6.NUEnterprise(name=compat_simulator.enterprise))
    errors = caught.value.connection.response.errors
    session.close()

    assert errors[0]["property"] == "name"
    assert errors[0]["descriptions"][0]["title"] == "Duplicate value"


def created_children_listed(vsdk, session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    for name in ("g-one", "g-two"):
        enterprise.create_child(vsdk.NUGroup(name=name))
    return [group.name for group in enterprise.groups]


def test_created_children_keep_order(compat_simulator, compat_recorder):
    case = Case(created_children_listed, seeds.acme, (SET_ATTRIBUTES, CLIENT_DEFAULTS))
    check_case(compat_simulator, compat_recorder, case)
