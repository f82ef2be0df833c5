"""Objects on the wire: create, instantiate, save, delete, assign, metadata, dicts."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "vspk.v6", reason="vspk 20.10 is not installed; install the compat extra"
)

from . import seeds  # noqa: E402
from .harness import (  # noqa: E402
    CLIENT_DEFAULTS,
    DELETE_BODY,
    DELETE_CHOICE,
    SET_ATTRIBUTES,
    Case,
    check_case,
)


def _acme(session):
    return session.user.enterprises.get_first(filter='name == "acme"')


def create_enterprise(vsdk, session):
    enterprise = vsdk.NUEnterprise(name="newco", description="made by a script")
    session.user.create_child(enterprise)
    return enterprise


def create_child_returns_tuple(vsdk, session):
    enterprise = vsdk.NUEnterprise(name="tuple-co")
    created, connection = session.user.create_child(enterprise)
    return {
        "same": created is enterprise,
        "status": connection.response.status_code,
        "object": created,
        "listed": enterprise in session.user.enterprises,
    }


def create_nested_children(vsdk, session):
    enterprise = _acme(session)
    template = vsdk.NUDomainTemplate(name="tpl-app", description="app tier")
    enterprise.create_child(template)
    zone_template = vsdk.NUZoneTemplate(name="zt-front")
    template.create_child(zone_template)
    return [template, zone_template]


def instantiate_from_template(vsdk, session):
    enterprise = _acme(session)
    template = enterprise.domain_templates.get_first(filter='name == "tpl-db"')
    domain = vsdk.NUDomain(name="db", description="from a template")
    enterprise.instantiate_child(domain, template)
    return domain


def save_changed_attribute(vsdk, session):
    enterprise = _acme(session)
    enterprise.description = "edited by a script"
    enterprise.save()
    enterprise.fetch()
    return enterprise


def save_new_object_twice(vsdk, session):
    enterprise = vsdk.NUEnterprise(name="twice")
    session.user.create_child(enterprise)
    enterprise.description = "first edit"
    enterprise.save()
    enterprise.description = "second edit"
    enterprise.save()
    return enterprise


def save_object_fetched_by_id(vsdk, session):
    found = _acme(session)
    domain = found.domains.get_first(filter='name == "web"')
    same = vsdk.NUDomain(id=domain.id)
    same.fetch()
    same.maintenance_mode = "ENABLED"
    same.save()
    return same


def delete_leaf_object(vsdk, session):
    enterprise = _acme(session)
    template = enterprise.domain_templates.get_first(filter='name == "tpl-db"')
    template.delete()
    return enterprise.domain_templates.get(page=0)


def delete_confirmed_with_choice(vsdk, session):
    enterprise = _acme(session)
    domain = enterprise.domains.get_first(filter='name == "web"')
    domain.delete(response_choice=1)
    return enterprise.domains.get_count()


def assign_users_to_group(vsdk, session):
    enterprise = _acme(session)
    group = enterprise.groups.get_first(filter='name == "ops"')
    users = enterprise.users.get(page=0, order_by="userName ASC")
    group.assign(users, vsdk.NUUser)
    return group.users.get(page=0, order_by="userName ASC")


def assign_empty_list(vsdk, session):
    enterprise = _acme(session)
    group = enterprise.groups.get_first(filter='name == "ops"')
    group.assign(enterprise.users.get(page=0), vsdk.NUUser)
    group.assign([], vsdk.NUUser)
    return group.users.get_count()


def metadata_child(vsdk, session):
    enterprise = _acme(session)
    metadata = vsdk.NUMetadata(name="owner", blob="team-net", metadata_tag_ids=[])
    enterprise.create_child(metadata)
    return enterprise.metadatas.get(page=0)


def global_metadata_child(vsdk, session):
    enterprise = _acme(session)
    metadata = vsdk.NUGlobalMetadata(name="cost-center", blob="cc-42")
    enterprise.create_child(metadata)
    metadata.blob = "cc-43"
    metadata.save()
    return enterprise.global_metadatas.get(page=0)


def to_dict_and_from_dict(vsdk, session):
    enterprise = _acme(session)
    data = enterprise.to_dict()
    clone = vsdk.NUEnterprise()
    clone.from_dict(data)
    built = vsdk.NUDomainTemplate(data={"name": "from-data", "description": "d"})
    enterprise.create_child(built)
    return {"clone": clone, "same_id": clone.id == enterprise.id, "built": built}


CASES = [
    Case(create_enterprise, None, (SET_ATTRIBUTES,)),
    Case(create_child_returns_tuple, None, (SET_ATTRIBUTES,)),
    Case(create_nested_children, seeds.acme, (SET_ATTRIBUTES, CLIENT_DEFAULTS)),
    Case(instantiate_from_template, seeds.acme, (SET_ATTRIBUTES, CLIENT_DEFAULTS)),
    Case(save_changed_attribute, seeds.acme, (SET_ATTRIBUTES,)),
    Case(save_new_object_twice, None, (SET_ATTRIBUTES,)),
    Case(save_object_fetched_by_id, seeds.acme, (SET_ATTRIBUTES,)),
    Case(delete_leaf_object, seeds.acme, (DELETE_BODY, DELETE_CHOICE)),
    Case(delete_confirmed_with_choice, seeds.acme, (DELETE_BODY, DELETE_CHOICE)),
    Case(assign_users_to_group, seeds.acme),
    Case(assign_empty_list, seeds.acme),
    Case(metadata_child, seeds.acme, (SET_ATTRIBUTES,)),
    Case(global_metadata_child, seeds.acme, (SET_ATTRIBUTES,)),
    Case(to_dict_and_from_dict, seeds.acme, (SET_ATTRIBUTES,)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_objects_match_vspk(case, compat_simulator, compat_recorder):
    check_case(compat_simulator, compat_recorder, case)
