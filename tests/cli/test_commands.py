"""Object commands against the simulator, in table and JSON modes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nuagesdk import v6
from nuagesdk.rest import NotFoundError, Session

from .conftest import Lab, Runner


def test_objects_table_lists_names(nuage: Runner) -> None:
    result = nuage("objects", "--filter", "vport")

    assert result.status == 0
    assert "VPort" in result.out
    assert "vports" in result.out
    assert "enterprise" not in result.out


def test_objects_json_lists_names(nuage: Runner) -> None:
    result = nuage("--json", "objects", "--filter", "patch")

    assert result.status == 0
    assert {"entity": "Patch", "rest_name": "patch", "resource_name": "patches"} in (
        result.json()
    )


def test_objects_other_api_version(nuage: Runner) -> None:
    result = nuage("--api-version", "3.2", "--json", "objects")

    names = {entry["rest_name"] for entry in result.json()}
    assert "publicnetwork" in names
    assert "patch" not in names


def test_list_table_shows_columns(nuage: Runner, lab: Lab) -> None:
    result = nuage("list", "domains", "--in", "enterprise", lab.enterprise.id)

    assert result.status == 0, result.err
    header = result.out.splitlines()[0]
    assert header.split() == ["ID", "name", "description"]
    assert lab.domain.id in result.out
    assert "prod" in result.out
    assert result.err == ""


def test_list_json_round_trips(nuage: Runner, lab: Lab) -> None:
    result = nuage("--json", "list", "domains", "--in", "enterprise", lab.enterprise.id)

    data = result.json()
    assert len(data) == 1
    domain = v6.NUDomain(data=data[0])
    assert domain.id == lab.domain.id
    assert domain.name == "prod"
    assert domain.template_id == lab.template.id
    assert domain.to_dict() == data[0]


def test_list_top_level_filter(nuage: Runner, lab: Lab) -> None:
    result = nuage("--json", "list", "enterprises", "--filter", 'name BEGINSWITH "ac"')

    assert [e["name"] for e in result.json()] == ["acme"]


def test_list_fields_by_local_and_remote(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json", "list", "enterprises", "--fields", "name,last_updated_by,ID"
    )

    for entry in result.json():
        assert list(entry) == ["name", "lastUpdatedBy", "ID"]


def test_list_fields_table_columns(nuage: Runner, lab: Lab) -> None:
    result = nuage("list", "enterprises", "--fields", "name,entity_scope")

    assert result.out.splitlines()[0].split() == ["name", "entityScope"]


def test_list_order_by_desc(nuage: Runner, sdk: Session) -> None:
    for name in ("b-lab", "a-lab", "c-lab"):
        sdk.user.create_child(v6.NUEnterprise(name=name))

    result = nuage("--json", "list", "enterprises", "--order-by", "name desc")

    assert [e["name"] for e in result.json()] == ["csp", "c-lab", "b-lab", "a-lab"]


def test_list_pages_and_all(nuage: Runner, sdk: Session) -> None:
    for number in range(5):
        sdk.user.create_child(v6.NUEnterprise(name=f"e{number}"))

    first = nuage("--json", "list", "enterprises", "--page-size", "2")
    second = nuage("--json", "list", "enterprises", "--page-size", "2", "--page", "1")
    every = nuage("--json", "list", "enterprises", "--page-size", "2", "--all")

    assert len(first.json()) == 2
    assert "Showing enterprises 1 to 2 of 6" in first.err
    assert "--all" in first.err
    assert len(second.json()) == 2
    assert "3 to 4 of 6" in second.err
    assert {e["ID"] for e in first.json()}.isdisjoint(e["ID"] for e in second.json())
    assert len(every.json()) == 6
    assert every.err == ""


def test_list_rejects_all_with_page(nuage: Runner, vsd: object) -> None:
    result = nuage("list", "enterprises", "--all", "--page", "1")

    assert result.status == 2
    assert "either --all or --page" in result.err


def test_list_empty_says_so(nuage: Runner, lab: Lab) -> None:
    table = nuage("list", "zones", "--in", "domain", lab.domain.id)
    as_json = nuage("--json", "list", "zones", "--in", "domain", lab.domain.id)

    assert table.status == 0
    assert "No zones found." in table.err
    assert as_json.json() == []
    assert as_json.err == ""


def test_count_table_and_json(nuage: Runner, lab: Lab) -> None:
    table = nuage("count", "Domains", "--in", "Enterprise", lab.enterprise.id)
    as_json = nuage(
        "--json", "count", "domains", "--in", "enterprise", lab.enterprise.id
    )
    filtered = nuage("--json", "count", "enterprises", "--filter", 'name == "none"')

    assert table.status == 0
    assert table.out == "1\n"
    assert as_json.json() == {"count": 1}
    assert filtered.json() == {"count": 0}


def test_show_table_lists_attributes(nuage: Runner, lab: Lab) -> None:
    result = nuage("show", "domain", lab.domain.id)

    assert result.status == 0
    lines = {line.split()[0]: line.split()[1:] for line in result.out.splitlines()}
    assert lines["name"] == ["prod"]
    assert lines["templateID"] == [lab.template.id]
    assert lines["creationDate"][-1] == "UTC"


def test_show_json_round_trips(nuage: Runner, lab: Lab) -> None:
    result = nuage("--json", "show", "enterprise", lab.enterprise.id)

    data = result.json()
    enterprise = v6.NUEnterprise(data=data)
    assert enterprise.name == "acme"
    assert enterprise.description == "ACME labs"
    assert enterprise.to_dict() == data
    assert data["creationDate"] == lab.enterprise.creation_date


def test_show_fields_subset(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json", "show", "enterprise", lab.enterprise.id, "--fields", "name,ID"
    )

    assert result.json() == {"name": "acme", "ID": lab.enterprise.id}


def test_show_me_hides_secrets(nuage: Runner, vsd: object) -> None:
    table = nuage("show", "me")
    as_json = nuage("--json", "show", "me")

    assert table.status == 0
    assert "csproot" in table.out
    data = as_json.json()
    assert data["userName"] == "csproot"
    assert "APIKey" not in data
    assert "password" not in data
    assert isinstance(data["APIKeyExpiry"], int)
    assert "APIKey" in table.out
    assert "(hidden)" in table.out


def test_create_typed_values(nuage: Runner, lab: Lab, sdk: Session) -> None:
    result = nuage(
        "--json",
        "create",
        "domain",
        "--in",
        "enterprise",
        lab.enterprise.id,
        "-p",
        "name=staging",
        "-p",
        f"templateID={lab.template.id}",
        "-p",
        "color=7",
        "-p",
        "fec_enabled=yes",
        "-p",
        "dpi=enabled",
    )

    assert result.status == 0, result.err
    created = result.json()
    assert created["name"] == "staging"
    assert created["color"] == 7
    assert created["fecEnabled"] is True
    assert created["DPI"] == "ENABLED"
    assert "Created domain 'staging'" in result.err
    fetched = v6.NUDomain(id=created["ID"])
    with sdk:
        fetched.fetch()
    assert fetched.color == 7
    assert fetched.parent_id == lab.enterprise.id


def test_create_table_at_top_level(nuage: Runner, vsd: object) -> None:
    result = nuage("create", "enterprise", "-p", "name=globex")

    assert result.status == 0, result.err
    assert "Created enterprise 'globex'" in result.err
    assert "globex" in result.out


def test_create_reads_json_file(nuage: Runner, lab: Lab, tmp_path: Path) -> None:
    blob = tmp_path / "owner.txt"
    blob.write_text("team-network\n", encoding="utf-8")
    tags = tmp_path / "tags.json"
    tags.write_text(json.dumps([]), encoding="utf-8")

    result = nuage(
        "--json",
        "create",
        "metadata",
        "--in",
        "domain",
        lab.domain.id,
        "-p",
        "name=owner",
        "-p",
        f"blob=@{blob}",
        "-p",
        f"metadataTagIDs=@{tags}",
    )

    assert result.status == 0, result.err
    assert result.json()["blob"] == "team-network"
    assert result.json()["metadataTagIDs"] == []


def test_create_json_value_and_null(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json",
        "create",
        "enterprise",
        "-p",
        'name:="initech"',
        "-p",
        "description:=null",
    )

    assert result.status == 0, result.err
    assert result.json()["name"] == "initech"
    assert result.json()["description"] is None


def test_update_sends_given_attributes(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json",
        "update",
        "domain",
        lab.domain.id,
        "-p",
        "description=production",
        "-p",
        "maintenanceMode=enabled",
    )

    assert result.status == 0, result.err
    assert result.json()["description"] == "production"
    assert result.json()["maintenanceMode"] == "ENABLED"
    assert "Updated domain 'prod'" in result.err
    lab.domain.fetch()
    assert lab.domain.description == "production"


def test_update_table_mode(nuage: Runner, lab: Lab) -> None:
    result = nuage("update", "enterprise", lab.enterprise.id, "-p", "description=x")

    assert result.status == 0, result.err
    assert any(line.split() == ["description", "x"] for line in result.out.splitlines())


def test_update_needs_parameters(nuage: Runner, lab: Lab) -> None:
    result = nuage("update", "domain", lab.domain.id)

    assert result.status == 2
    assert "nothing to update" in result.err


def test_delete_json_is_pure(nuage: Runner, lab: Lab) -> None:
    result = nuage("--json", "delete", "domain", lab.domain.id, "--yes")

    assert result.status == 0, result.err
    deleted = v6.NUDomain(data=result.json())
    assert deleted.id == lab.domain.id
    assert "Deleted domain 'prod'" in result.err
    with pytest.raises(NotFoundError):
        lab.domain.fetch()


def test_delete_table_prints_nothing(nuage: Runner, lab: Lab) -> None:
    result = nuage("delete", "domain", lab.domain.id, "--yes")

    assert result.status == 0
    assert result.out == ""
    assert "Deleted domain 'prod'" in result.err


def test_delete_without_yes_refuses(nuage: Runner, lab: Lab) -> None:
    result = nuage("delete", "domain", lab.domain.id)

    assert result.status == 2
    assert "pass --yes" in result.err
    lab.domain.fetch()


def test_delete_asks_in_terminal(
    nuage: Runner, lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nuagesdk.cli.commands.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", _Answers("n\n"))

    result = nuage("delete", "domain", lab.domain.id)

    assert result.status == 1
    assert "Delete domain 'prod'" in result.err
    assert "was not deleted" in result.err
    lab.domain.fetch()


def test_delete_confirmation_needs_choice(nuage: Runner, lab: Lab) -> None:
    result = nuage("delete", "enterprise", lab.enterprise.id, "--yes")

    assert result.status == 1
    assert "asks for confirmation" in result.err
    assert "--response-choice 1" in result.err
    lab.enterprise.fetch()


def test_delete_confirmation_answered_when_told(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "--json",
        "delete",
        "enterprise",
        lab.enterprise.id,
        "--yes",
        "--response-choice",
        "1",
    )

    assert result.status == 0, result.err
    assert result.json()["name"] == "acme"
    with pytest.raises(NotFoundError):
        lab.enterprise.fetch()


def test_delete_confirmation_asked_in_terminal(
    nuage: Runner, lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nuagesdk.cli.commands.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", _Answers("y\ny\n"))

    result = nuage("delete", "enterprise", lab.enterprise.id)

    assert result.status == 0, result.err
    assert "The VSD asks:" in result.err
    with pytest.raises(NotFoundError):
        lab.enterprise.fetch()


def test_assign_json_lists_members(nuage: Runner, lab: Lab) -> None:
    group = v6.NUGroup(name="netops")
    lab.enterprise.create_child(group)
    users = []
    for name in ("ann", "bob"):
        user = v6.NUUser(
            user_name=name,
            first_name=name,
            last_name="x",
            email=f"{name}@acme.invalid",
            password="unused-secret",
        )
        lab.enterprise.create_child(user)
        users.append(user)

    result = nuage(
        "--json", "assign", "users", "--in", "group", group.id, *(u.id for u in users)
    )

    assert result.status == 0, result.err
    members = [v6.NUUser(data=entry) for entry in result.json()]
    assert sorted(m.id for m in members) == sorted(u.id for u in users)
    assert "unused-secret" not in result.out
    assert "now has 2 users" in result.err
    assert sorted(u.id for u in group.users.get()) == sorted(u.id for u in users)


def test_assign_table_and_clear(nuage: Runner, lab: Lab) -> None:
    group = v6.NUGroup(name="netops")
    lab.enterprise.create_child(group)
    user = v6.NUUser(
        user_name="cy", first_name="c", last_name="y", email="c@a.invalid", password="p"
    )
    lab.enterprise.create_child(user)

    assigned = nuage("assign", "users", "--in", "group", group.id, user.id)
    cleared = nuage("--json", "assign", "users", "--in", "group", group.id, "--clear")

    assert assigned.status == 0, assigned.err
    assert user.id in assigned.out
    assert cleared.json() == []
    assert group.users.get() == []


def test_assign_rejects_owned_children(nuage: Runner, lab: Lab) -> None:
    result = nuage("assign", "domains", "--in", "enterprise", lab.enterprise.id, "x")

    assert result.status == 2
    assert "not members" in result.err


class _Answers:
    """Standard input that answers prompts; click reads lines from it."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines(keepends=True)

    def readline(self) -> str:
        return self._lines.pop(0) if self._lines else ""

    def isatty(self) -> bool:
        return True


def test_assign_unknown_member_names_member(vsd_simulator, capsys):
    from nuagesdk import v6
    from nuagesdk.cli import main

    vsd_simulator.reset()
    session = vsd_simulator.session()
    enterprise = session.user.enterprises.get_first()
    group = v6.NUGroup(name="ops")
    enterprise.create_child(group)
    environment = {
        "VSD_API_URL": vsd_simulator.url,
        "VSD_USERNAME": vsd_simulator.username,
        "VSD_PASSWORD": vsd_simulator.password,
        "VSD_ENTERPRISE": vsd_simulator.enterprise,
    }
    import os
    from unittest import mock

    with mock.patch.dict(os.environ, environment):
        status = main(["assign", "users", "--in", "group", group.id, "bogus-id"])

    err = capsys.readouterr().err
    assert status != 0
    assert "no user with ID 'bogus-id'" in err
    assert "Find the ID with: nuage list groups" not in err
