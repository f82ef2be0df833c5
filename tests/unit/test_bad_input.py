"""Bad arguments get clear, typed errors before anything is sent."""

from __future__ import annotations

import json

import pytest

from nuagesdk import v6
from nuagesdk.rest import NuageError, SessionError, ValidationError

from .conftest import API_URL, BASE


def test_list_changed_after_saved_put(session, mocked):
    mocked.post(
        f"{BASE}/enterprises",
        status=201,
        json=[{"ID": "e1", "name": "a", "allowedForwardingClasses": ["A"]}],
    )
    mocked.put(f"{BASE}/enterprises/e1", status=204)
    enterprise = v6.NUEnterprise(name="a", allowed_forwarding_classes=["A"])
    session.user.create_child(enterprise)
    enterprise.allowed_forwarding_classes = ["A", "B"]
    enterprise.save()

    enterprise.allowed_forwarding_classes.append("C")
    enterprise.save()

    bodies = [
        json.loads(c.request.body) for c in mocked.calls if c.request.method == "PUT"
    ]
    assert bodies[-1] == {"allowedForwardingClasses": ["A", "B", "C"]}


@pytest.mark.parametrize("value", [987654321, ["SekritList"], "x" * 999])
def test_password_value_never_in_message(value):
    user = v6.NUUser(
        user_name="x", password=value, first_name="a", last_name="b", email="a@b.c"
    )

    problems = " ".join(user.validate())

    assert "987654321" not in problems
    assert "SekritList" not in problems
    assert "x" * 50 not in problems


def test_api_url_with_credentials_rejected():
    with pytest.raises(SessionError) as excinfo:
        v6.NUVSDSession(
            username="u",
            password="p",
            enterprise="e",
            api_url="http://user:hunter2pw@127.0.0.1:1",
        )

    assert "hunter2pw" not in str(excinfo.value)
    assert "must not contain" in str(excinfo.value)


@pytest.mark.parametrize(
    "options, named",
    [
        ({"ca_bundle": "/nonexistent/ca.pem"}, "ca_bundle"),
        ({"certificate": ("/no/c.pem", "/no/k.pem"), "password": None}, "certificate"),
    ],
)
def test_missing_tls_files_rejected(options, named):
    settings = {"username": "u", "password": "p", "enterprise": "e", "api_url": API_URL}
    settings.update(options)

    with pytest.raises(SessionError) as excinfo:
        v6.NUVSDSession(**settings)

    assert named in str(excinfo.value)
    assert "does not exist" in str(excinfo.value)


@pytest.mark.parametrize(
    "child", ["hello", None, v6.NUDomainTemplate], ids=["str", "none", "class"]
)
def test_create_child_rejects_non_objects(session, mocked, child):
    with pytest.raises(TypeError) as excinfo:
        session.user.create_child(child)

    assert "entity object" in str(excinfo.value)
    assert len(mocked.calls) == 0


def test_create_child_twice_rejected(session, mocked):
    mocked.post(f"{BASE}/enterprises", status=201, json=[{"ID": "e1", "name": "a"}])
    enterprise = v6.NUEnterprise(name="a")
    session.user.create_child(enterprise)

    with pytest.raises(NuageError) as excinfo:
        session.user.create_child(enterprise)

    assert "already exists" in str(excinfo.value)
    assert len(mocked.calls) == 1


def test_instantiate_from_none_rejected(session):
    with pytest.raises(TypeError) as excinfo:
        v6.NUEnterprise(id="e1").instantiate_child(v6.NUDomain(name="d"), None)

    assert "from_template" in str(excinfo.value)


def test_assign_single_object_rejected(session, mocked):
    with pytest.raises(TypeError) as excinfo:
        v6.NUGroup(id="g1").assign(v6.NUUser(id="u1"), v6.NUUser)

    assert "list" in str(excinfo.value)
    assert len(mocked.calls) == 0


def test_assign_needs_class(session):
    with pytest.raises(TypeError):
        v6.NUGroup(id="g1").assign([v6.NUUser(id="u1")], "user")


def test_create_children_accepts_generator(session, mocked):
    mocked.post(
        f"{BASE}/enterprises",
        json={"response": [{"status": 201, "index": 0, "data": {"ID": "e1"}}]},
    )

    created, _ = session.user.create_children(v6.NUEnterprise(name=n) for n in ["a"])

    assert created[0].id == "e1"


def test_wait_rejects_text_timeout():
    job = v6.NUJob(data={"ID": "j1", "status": "RUNNING"})

    with pytest.raises(TypeError) as excinfo:
        job.wait(timeout="5")

    assert "timeout" in str(excinfo.value)


def test_lost_post_message_warns(session, mocked):
    import requests

    mocked.post(
        f"{BASE}/enterprises", body=requests.exceptions.ConnectionError("reset")
    )

    with pytest.raises(NuageError) as excinfo:
        session.user.create_child(v6.NUEnterprise(name="a"))

    assert "look for it before sending" in str(excinfo.value)


def test_validation_error_is_value_error():
    assert issubclass(ValidationError, ValueError)


def test_plain_http_port_named_not_certificate(session, mocked):
    import requests

    mocked.get(
        f"{BASE}/enterprises/e1",
        body=requests.exceptions.SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version"),
    )

    with pytest.raises(NuageError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert "does not speak TLS" in str(excinfo.value)
    assert "ca_bundle" not in str(excinfo.value)


def test_job_failure_reads_vsd_messages():
    from nuagesdk.rest import JobFailedError

    result = {
        "errors": [
            {
                "property": "",
                "descriptions": [
                    {"title": "Job failed", "description": "policy validation failed"}
                ],
            }
        ]
    }
    job = v6.NUJob(data={"ID": "j1", "command": "EXPORT", "result": result})

    assert "policy validation failed" in str(JobFailedError(job))
    assert "descriptions" not in str(JobFailedError(job))


def test_error_message_has_no_double_period(session, mocked):
    from nuagesdk.rest import HTTPError

    mocked.get(
        f"{BASE}/enterprises/e1",
        status=409,
        json={
            "errors": [
                {
                    "property": "",
                    "descriptions": [{"title": "t", "description": "Ends."}],
                }
            ]
        },
    )

    with pytest.raises(HTTPError) as excinfo:
        v6.NUEnterprise(id="e1").fetch()

    assert ".." not in str(excinfo.value)


@pytest.mark.parametrize("timeout", ["5", -1, 0, True])
def test_events_timeout_must_be_seconds(session, timeout):
    with pytest.raises(ValueError) as excinfo:
        session.events(timeout=timeout)

    assert "timeout" in str(excinfo.value)


@pytest.mark.parametrize("timeout", ["5", -1])
def test_push_center_start_checks_timeout(session, timeout):
    with pytest.raises(ValueError):
        session.push_center.start(timeout=timeout)

    assert not session.push_center.is_running


def test_delegate_must_be_callable(session):
    with pytest.raises(TypeError):
        session.push_center.add_delegate("not callable")


def test_async_callback_must_be_callable(session, mocked):
    with pytest.raises(TypeError) as excinfo:
        v6.NUEnterprise(id="e1").fetch(as_async=True, callback="nope")

    assert "callback" in str(excinfo.value)
    assert len(mocked.calls) == 0
    session.close()
