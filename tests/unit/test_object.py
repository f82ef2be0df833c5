"""Attributes, serialization, validation and CRUD of :class:`RESTObject`."""

from __future__ import annotations

import json

import pytest

from nuagesdk import v6
from nuagesdk.rest import NuageError, ValidationError

from .conftest import BASE

DOMAIN_ID = "9a7b3c2d-0000-4000-8000-000000000001"
JOB_ID = "acab0000-0000-4000-8000-000000000002"


def make_domain(session) -> v6.NUDomain:
    domain = v6.NUDomain(id=DOMAIN_ID, name="prod")
    domain.parent_object = session.user
    return domain


def job_reply(**values) -> list[dict]:
    body = {
        "ID": JOB_ID,
        "command": "BEGIN_POLICY_CHANGES",
        "status": "RUNNING",
        "progress": 0.0,
        "result": None,
        "parentID": DOMAIN_ID,
        "parentType": "domain",
        "creationDate": 1700000500000,
    }
    body.update(values)
    return [body]


def test_constructor_sets_local_names():
    job = v6.NUJob(command="EXPORT", parameters={"a": 1})

    assert job.command == "EXPORT"
    assert job.parameters == {"a": 1}
    assert job.status is None


def test_constructor_rejects_unknown_attribute():
    with pytest.raises(TypeError) as excinfo:
        v6.NUJob(comand="EXPORT")

    assert "comand" in str(excinfo.value)


def test_constructor_takes_remote_data():
    enterprise = v6.NUEnterprise(data={"ID": "e1", "name": "acme"})

    assert enterprise.id == "e1"
    assert enterprise.name == "acme"


def test_to_dict_holds_only_set_attributes():
    enterprise = v6.NUEnterprise(name="acme")

    assert enterprise.to_dict() == {"name": "acme"}


def test_to_dict_full_shape_has_every_attribute():
    enterprise = v6.NUEnterprise(name="acme")

    full = enterprise.to_dict(include_unset=True)

    assert full["name"] == "acme"
    assert full["description"] is None
    assert set(full) == {a.remote_name for a in v6.NUEnterprise.__attributes__.values()}


def test_unknown_remote_keys_round_trip():
    data = {"ID": "e1", "name": "acme", "futureField": {"x": 1}}

    enterprise = v6.NUEnterprise(data=data)

    assert enterprise.to_dict() == data


def test_explicit_false_and_zero_are_kept():
    enterprise = v6.NUEnterprise(
        name="acme", flow_collection_enabled=False, dhcp_lease_interval=0
    )

    assert enterprise.to_dict() == {
        "name": "acme",
        "flowCollectionEnabled": False,
        "DHCPLeaseInterval": 0,
    }


def test_explicit_none_is_kept():
    enterprise = v6.NUEnterprise(name="acme", description=None)

    assert enterprise.to_dict() == {"name": "acme", "description": None}


@pytest.mark.parametrize("entity_class", [v6.NUJob, v6.NUEnterprise, v6.NUDomain])
def test_every_attribute_round_trips(entity_class):
    data = {}
    for attribute in entity_class.__attributes__.values():
        data[attribute.remote_name] = f"value-of-{attribute.remote_name}"

    obj = entity_class(data=data)

    assert obj.to_dict() == data
    for name, attribute in entity_class.__attributes__.items():
        assert getattr(obj, name) == f"value-of-{attribute.remote_name}"


def test_validate_reports_every_problem():
    job = v6.NUJob(command="NOT_A_COMMAND", progress="half")

    problems = job.validate()

    assert any("command" in p and "NOT_A_COMMAND" in p for p in problems)
    assert any("progress" in p and "str" in p for p in problems)
    assert len(problems) == 2


def test_validate_missing_required():
    problems = v6.NUJob().validate()

    assert problems == ["command: a value is required"]


@pytest.mark.parametrize(
    "value, valid",
    [(1, True), (0.5, True), (True, False), ("1", False)],
)
def test_float_accepts_json_integer(value, valid):
    job = v6.NUJob(command="EXPORT", progress=value)

    assert (job.validate() == []) is valid


@pytest.mark.parametrize("value, valid", [(10, True), (True, False), ("10", False)])
def test_int_rejects_bool_and_str(value, valid):
    enterprise = v6.NUEnterprise(name="acme", dhcp_lease_interval=value)

    assert (enterprise.validate() == []) is valid


def test_time_attribute_accepts_integer():
    enterprise = v6.NUEnterprise(data={"ID": "e", "creationDate": 1600000000000})

    assert enterprise.validate() == []


def test_length_bounds_are_checked():
    attribute = v6.NUEnterprise.__attributes__["name"]
    assert attribute.max_length is not None

    enterprise = v6.NUEnterprise(name="x" * (attribute.max_length + 1))

    problems = enterprise.validate()
    assert len(problems) == 1
    assert "name" in problems[0]
    assert "maximum" in problems[0]


def test_create_child_posts_and_fills_job(session, mocked):
    domain = make_domain(session)
    mocked.post(f"{BASE}/domains/{DOMAIN_ID}/jobs", status=201, json=job_reply())

    job = v6.NUJob(command="BEGIN_POLICY_CHANGES")
    returned, connection = domain.create_child(job)

    request = mocked.calls[0].request
    assert request.method == "POST"
    assert json.loads(request.body) == {"command": "BEGIN_POLICY_CHANGES"}
    assert returned is job
    assert job.id == JOB_ID
    assert job.status == "RUNNING"
    assert job.parent_object is domain
    assert connection.response.status_code == 201
    assert domain.jobs == [job]


def test_create_sends_only_set_attributes(session, mocked):
    mocked.post(f"{BASE}/enterprises", status=201, json=[{"ID": "e1", "name": "acme"}])

    session.user.create_child(v6.NUEnterprise(name="acme"))

    assert json.loads(mocked.calls[0].request.body) == {"name": "acme"}


def test_job_command_outside_enum_is_rejected(session, mocked):
    domain = make_domain(session)

    with pytest.raises(ValidationError) as excinfo:
        domain.create_child(v6.NUJob(command="MAKE_COFFEE"))

    message = str(excinfo.value)
    assert "command" in message
    assert "MAKE_COFFEE" in message
    assert "BEGIN_POLICY_CHANGES" in message
    assert len(mocked.calls) == 0


def test_job_command_not_allowed_under_parent(session, mocked):
    domain = make_domain(session)

    with pytest.raises(ValidationError) as excinfo:
        domain.create_child(v6.NUJob(command="RELOAD"))

    message = str(excinfo.value)
    assert "RELOAD" in message
    assert "domain" in message
    assert "APPLY_POLICY_CHANGES" in message
    assert len(mocked.calls) == 0


def test_child_not_declared_is_rejected(session, mocked):
    domain = make_domain(session)

    with pytest.raises(ValidationError):
        domain.create_child(v6.NUEnterprise(name="x"))

    assert len(mocked.calls) == 0


def test_fetch_gets_object_url(session, mocked):
    mocked.get(f"{BASE}/jobs/{JOB_ID}", json=job_reply(status="SUCCESS"))
    job = v6.NUJob(id=JOB_ID)

    job.fetch()

    assert mocked.calls[0].request.url == f"{BASE}/jobs/{JOB_ID}"
    assert mocked.calls[0].request.body is None
    assert job.status == "SUCCESS"


def test_save_sends_changed_attributes(session, mocked):
    mocked.get(
        f"{BASE}/enterprises/e1", json=[{"ID": "e1", "name": "a", "description": "d"}]
    )
    mocked.put(f"{BASE}/enterprises/e1", status=204)
    enterprise = v6.NUEnterprise(id="e1")
    enterprise.fetch()

    enterprise.description = "new"
    enterprise.save()

    assert json.loads(mocked.calls[1].request.body) == {"description": "new"}
    assert enterprise.changed_attributes() == []


def test_save_detects_list_changed_in_place(session, mocked):
    mocked.get(
        f"{BASE}/enterprises/e1", json=[{"ID": "e1", "allowedForwardingClasses": ["A"]}]
    )
    mocked.put(f"{BASE}/enterprises/e1", status=204)
    enterprise = v6.NUEnterprise(id="e1")
    enterprise.fetch()

    enterprise.allowed_forwarding_classes.append("B")
    enterprise.save()

    assert json.loads(mocked.calls[1].request.body) == {
        "allowedForwardingClasses": ["A", "B"]
    }


def test_save_without_changes_sends_nothing(session, mocked):
    mocked.get(f"{BASE}/enterprises/e1", json=[{"ID": "e1", "name": "a"}])
    enterprise = v6.NUEnterprise(id="e1")
    enterprise.fetch()

    enterprise.save()

    assert len(mocked.calls) == 1


def test_full_save_keeps_unknown_fields(session, mocked):
    mocked.get(
        f"{BASE}/enterprises/e1", json=[{"ID": "e1", "name": "a", "newField": 7}]
    )
    mocked.put(f"{BASE}/enterprises/e1", status=204)
    enterprise = v6.NUEnterprise(id="e1")
    enterprise.fetch()

    enterprise.save(full=True)

    assert json.loads(mocked.calls[1].request.body) == {"name": "a", "newField": 7}
    assert enterprise.to_dict()["newField"] == 7


def test_delete_sends_delete_without_body(session, mocked):
    mocked.delete(f"{BASE}/enterprises/e1", status=204)

    v6.NUEnterprise(id="e1").delete()

    assert mocked.calls[0].request.method == "DELETE"
    assert mocked.calls[0].request.body is None


def test_operation_without_id_raises():
    with pytest.raises(NuageError) as excinfo:
        v6.NUEnterprise(name="x").delete()

    assert "no ID" in str(excinfo.value)


def test_instantiate_child_sets_template_id(session, mocked):
    enterprise = v6.NUEnterprise(id="e1")
    enterprise.parent_object = session.user
    template = v6.NUDomainTemplate(id="t1")
    mocked.post(
        f"{BASE}/enterprises/e1/domains",
        status=201,
        json=[{"ID": "d1", "name": "prod", "templateID": "t1"}],
    )

    domain, _ = enterprise.instantiate_child(v6.NUDomain(name="prod"), template)

    assert json.loads(mocked.calls[0].request.body) == {
        "name": "prod",
        "templateID": "t1",
    }
    assert domain.id == "d1"


def test_assign_puts_member_ids(session, mocked):
    group = v6.NUGroup(id="g1")
    mocked.put(f"{BASE}/groups/g1/users", status=204)
    users = [v6.NUUser(id="u1"), v6.NUUser(id="u2")]

    group.assign(users, v6.NUUser)

    assert json.loads(mocked.calls[0].request.body) == ["u1", "u2"]
    assert group.users == users


def test_create_children_posts_one_array(session, mocked):
    domain = make_domain(session)
    mocked.post(
        f"{BASE}/domains/{DOMAIN_ID}/zones",
        json={
            "response": [
                {"status": 201, "index": 0, "data": {"ID": "z1", "name": "a"}},
                {"status": "201", "index": 1, "data": {"ID": "z2", "name": "b"}},
            ],
            "responseMetadata": {"success": 2, "failure": 0, "total": 2},
        },
    )
    zones = [v6.NUZone(name="a"), v6.NUZone(name="b")]

    created, _ = domain.create_children(zones)

    assert json.loads(mocked.calls[0].request.body) == [{"name": "a"}, {"name": "b"}]
    assert [zone.id for zone in created] == ["z1", "z2"]


def test_create_children_reports_failures(session, mocked):
    from nuagesdk.rest import BulkOperationError

    domain = make_domain(session)
    mocked.post(
        f"{BASE}/domains/{DOMAIN_ID}/zones",
        status=207,
        json={
            "response": [
                {"status": 201, "index": 0, "data": {"ID": "z1", "name": "a"}},
                {
                    "status": 409,
                    "index": 1,
                    "data": {
                        "errors": [
                            {
                                "property": "name",
                                "descriptions": [
                                    {"title": "Duplicate", "description": "name in use"}
                                ],
                            }
                        ],
                        "internalErrorCode": 2510,
                    },
                },
            ],
        },
    )
    zones = [v6.NUZone(name="a"), v6.NUZone(name="b")]

    with pytest.raises(BulkOperationError) as excinfo:
        domain.create_children(zones)

    assert excinfo.value.succeeded == [zones[0]]
    assert excinfo.value.failed[0][0] is zones[1]
    assert excinfo.value.failed[0][1]["internal_error_code"] == 2510
    assert zones[0].id == "z1"


def test_equality_follows_id():
    assert v6.NUEnterprise(id="e1") == v6.NUEnterprise(id="e1", name="x")
    assert v6.NUEnterprise(id="e1") != v6.NUEnterprise(id="e2")
    assert v6.NUEnterprise() != v6.NUEnterprise()
    assert v6.NUEnterprise(id="e1") != v6.NUDomain(id="e1")


def test_copy_has_values_but_no_id():
    enterprise = v6.NUEnterprise(id="e1", name="acme", allowed_forwarding_classes=["A"])

    clone = enterprise.copy()

    assert clone.id is None
    assert clone.name == "acme"
    assert clone.allowed_forwarding_classes == ["A"]
    assert clone.allowed_forwarding_classes is not enterprise.allowed_forwarding_classes


def test_repr_shows_identity_without_secrets():
    me = v6.NUMe(
        data={"ID": "u1", "userName": "alice", "APIKey": "k-123", "password": "pw"}
    )

    text = repr(me)

    assert "alice" in text
    assert "k-123" not in text
    assert "pw" not in text


def test_saas_names_have_vspk_aliases():
    group = v6.NUNetworkMacroGroup(is_saas_type=True)

    assert group.is_saa_s_type is True
    group.is_saa_s_type = False
    assert group.is_saas_type is False
    assert group.to_dict() == {"isSaaSType": False}


def test_saas_fetcher_has_vspk_alias():
    enterprise = v6.NUEnterprise(id="e1")

    assert enterprise.saa_s_application_types is enterprise.saas_application_types


def test_add_and_remove_child_update_fetcher():
    domain = v6.NUDomain(id="d1")
    zone = v6.NUZone(id="z1")

    domain.add_child(zone)
    assert domain.zones == [zone]

    domain.remove_child(zone)
    assert domain.zones == []


def test_attribute_named_session_does_not_break_calls(session, mocked):
    mocked.get(f"{BASE}/bgpneighbors/b1", json=[{"ID": "b1", "session": "up"}])
    neighbor = v6.NUBGPNeighbor(id="b1")

    neighbor.fetch()

    assert neighbor.session == "up"
