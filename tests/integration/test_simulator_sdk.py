"""The SDK against the simulator: sessions, CRUD, members, bulk, keys, versions."""

from __future__ import annotations

import time
from typing import Iterator

import pytest

from nuagesdk import v3_2, v5_0, v6
from nuagesdk.rest.errors import (
    AuthenticationError,
    BulkOperationError,
    ConfirmationRequiredError,
    ConflictError,
    NotFoundError,
)
from nuagesdk.rest.session import Session
from nuagesdk.simulator.server import Simulator

from .simulator_client import VSDClient, error_descriptions


@pytest.fixture
def session(simulator: Simulator) -> Iterator[Session]:
    simulator.reset()
    started = simulator.session("6")
    yield started
    started.close()


def test_sdk_login_fills_root_object(simulator: Simulator, session: Session) -> None:
    user = session.user
    assert isinstance(user, v6.NUMe)
    assert user.user_name == "csproot"
    assert user.role == "CSPROOT"
    assert user.enterprise_name == "csp"
    assert user.id == simulator.auth.seed_ids()[1]
    assert session.api_key is not None
    assert user.api_key_expiry > time.time() * 1000


def test_sdk_crud_round_trip(session: Session) -> None:
    enterprise = v6.NUEnterprise(name="acme", description="first")
    session.user.create_child(enterprise)
    assert enterprise.id
    assert enterprise.flow_collection_enabled == "DISABLED"
    assert enterprise.parent_id is None

    enterprise.description = "second"
    enterprise.save()
    copy = v6.NUEnterprise(id=enterprise.id)
    copy.fetch()
    assert copy.description == "second"
    assert copy.last_updated_date >= copy.creation_date

    group = v6.NUGroup(name="ops")
    enterprise.create_child(group)
    assert group.parent_type == "enterprise"
    assert [g.name for g in enterprise.groups.get()] == ["ops"]

    with pytest.raises(ConfirmationRequiredError) as caught:
        enterprise.delete()
    assert [choice.id for choice in caught.value.choices] == [1, 0]
    enterprise.delete(response_choice=1)
    with pytest.raises(NotFoundError):
        copy.fetch()
    with pytest.raises(NotFoundError):
        group.fetch()


def test_sdk_duplicate_raises_conflict(session: Session) -> None:
    session.user.create_child(v6.NUEnterprise(name="twin"))
    with pytest.raises(ConflictError) as caught:
        session.user.create_child(v6.NUEnterprise(name="twin"))
    assert caught.value.internal_error_code == 2510


def test_sdk_assign_members(session: Session) -> None:
    enterprise = v6.NUEnterprise(name="members")
    session.user.create_child(enterprise)
    users = []
    for name in ("ann", "bob", "cid"):
        user = v6.NUUser(
            user_name=name,
            password="pw",
            first_name=name,
            last_name="x",
            email=f"{name}@x.test",
        )
        enterprise.create_child(user)
        users.append(user)
    group = v6.NUGroup(name="team")
    enterprise.create_child(group)

    group.assign(users[:2], v6.NUUser)
    assert [u.user_name for u in group.users.get()] == ["ann", "bob"]
    group.assign([users[2]], v6.NUUser)
    assert [u.user_name for u in group.users.get()] == ["cid"]
    users[2].delete()
    assert group.users.get() == []


def test_sdk_bulk_create_partial_failure(session: Session) -> None:
    enterprise = v6.NUEnterprise(name="bulk")
    session.user.create_child(enterprise)
    enterprise.create_child(v6.NUGroup(name="taken"))
    groups = [v6.NUGroup(name=name) for name in ("one", "taken", "two")]
    with pytest.raises(BulkOperationError) as caught:
        enterprise.create_children(groups)
    assert [g.name for g in caught.value.succeeded] == ["one", "two"]
    [(failed, detail)] = caught.value.failed
    assert failed.name == "taken"
    assert detail["status"] == 409
    assert detail["internal_error_code"] == 2510
    assert all(g.id for g in caught.value.succeeded)


def test_sdk_objects_shared_across_versions(
    simulator: Simulator, session: Session
) -> None:
    enterprise = v6.NUEnterprise(name="shared", customer_id=10001)
    session.user.create_child(enterprise)
    for package in (v5_0, v3_2):
        other = simulator.session(package.API.version)
        try:
            found = other.user.enterprises.get_first(filter='name == "shared"')
            assert found is not None
            assert found.id == enterprise.id
        finally:
            other.close()


def test_sdk_relogin_after_key_expiry() -> None:
    with Simulator(job_duration=0, api_key_lifetime=0.3) as simulator:
        session = simulator.session("6")
        try:
            old_key = session.api_key
            raw = VSDClient(simulator)
            time.sleep(0.4)
            response = raw.request("GET", "/enterprises")
            assert response.status_code == 401
            assert "API key has expired" in error_descriptions(response)[0][1]

            assert [e.name for e in session.user.enterprises.get()] == ["csp"]
            assert session.api_key != old_key
        finally:
            session.close()


def test_sdk_wrong_password_rejected(simulator: Simulator) -> None:
    session = v6.NUVSDSession(
        username="csproot", password="wrong", enterprise="csp", api_url=simulator.url
    )
    with pytest.raises(AuthenticationError) as caught:
        session.start()
    assert caught.value.status == 401
    session.close()


def test_password_change_on_root_object(simulator: Simulator) -> None:
    simulator.reset()
    http_client = VSDClient(simulator)
    response = http_client.request(
        "PUT", "/me", {"password": "n3w", "firstName": "Root"}
    )
    assert response.status_code == 204
    assert http_client.get_one("/me")["firstName"] == "Root"
    assert VSDClient(simulator, password="n3w").api_key == http_client.api_key
    with pytest.raises(AssertionError):
        VSDClient(simulator)
    simulator.reset()
    assert VSDClient(simulator).api_key
