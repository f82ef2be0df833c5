"""Sessions and errors on the wire: login, API keys, impersonation, 404 and 409."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "vspk.v6", reason="vspk 20.10 is not installed; install the compat extra"
)

from . import seeds  # noqa: E402
from .harness import (  # noqa: E402
    DELETE_BODY,
    DELETE_CHOICE,
    SET_ATTRIBUTES,
    Case,
    check_case,
)


def login_reads_user(vsdk, session):
    user = session.user
    return {
        "user_name": user.user_name,
        "role": user.role,
        "enterprise_name": user.enterprise_name,
        "has_api_key": bool(user.api_key),
        "id": user.id,
    }


def api_key_reused(vsdk, session):
    count = session.user.enterprises.get_count()
    second = vsdk.NUVSDSession(
        username=session.user.user_name,
        password="csproot",
        enterprise="csp",
        api_url=session.root_object.get_resource_url().split("/nuage/")[0],
    )
    second.start()
    same_key = second.user.api_key == session.user.api_key
    return [count, second.user.enterprises.get_count(), same_key]


def session_reset_and_restart(vsdk, session):
    session.reset()
    session.start()
    return session.user.enterprises.get_first(filter='name == "acme"')


def impersonation_header(vsdk, session):
    session.impersonate("alice", "acme")
    impersonating = session.is_impersonating
    session.user.enterprises.get_count()
    session.stop_impersonate()
    return [
        impersonating,
        session.is_impersonating,
        session.user.enterprises.get_count(),
    ]


def error_not_found(vsdk, session):
    enterprise = vsdk.NUEnterprise(id="0a1b2c3d-0000-4000-8000-000000000404")
    try:
        enterprise.fetch()
    except Exception as error:
        return {"status": error.connection.response.status_code}
    return None


def error_conflict_duplicate(vsdk, session):
    try:
        session.user.create_child(vsdk.NUEnterprise(name="acme"))
    except Exception as error:
        return {"status": error.connection.response.status_code}
    return None


def error_raised_unhandled(vsdk, session):
    domain = session.user.enterprises.get_first(filter='name == "acme"')
    domain.name = "csp"
    domain.save()


def error_delete_missing(vsdk, session):
    template = vsdk.NUDomainTemplate(id="0a1b2c3d-0000-4000-8000-000000000405")
    try:
        template.delete()
    except Exception as error:
        return {"status": error.connection.response.status_code}
    return None


CASES = [
    Case(login_reads_user),
    Case(api_key_reused),
    Case(session_reset_and_restart, seeds.acme),
    Case(impersonation_header, seeds.acme),
    Case(error_not_found),
    Case(error_conflict_duplicate, seeds.acme, (SET_ATTRIBUTES,)),
    Case(error_raised_unhandled, seeds.acme, (SET_ATTRIBUTES,)),
    Case(error_delete_missing, None, (DELETE_BODY, DELETE_CHOICE)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_sessions_errors_match_vspk(case, compat_simulator, compat_recorder):
    check_case(compat_simulator, compat_recorder, case)
