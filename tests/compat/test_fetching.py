"""Fetchers on the wire: get, get_first, fetch, count and get_count with their options."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "vspk.v6", reason="vspk 20.10 is not installed; install the compat extra"
)

from . import seeds  # noqa: E402
from .harness import EVERY_PAGE, Case, check_case  # noqa: E402


def get_all_enterprises(vsdk, session):
    return session.user.enterprises.get()


def get_with_filter(vsdk, session):
    return session.user.enterprises.get(filter='name BEGINSWITH "lab"')


def get_with_order_by(vsdk, session):
    return session.user.enterprises.get(order_by="name DESC")


def get_one_page(vsdk, session):
    return session.user.enterprises.get(page=1, page_size=3, order_by="name ASC")


def get_filtered_page(vsdk, session):
    return session.user.enterprises.get(
        filter='name ENDSWITH "-a" or name == "lab-03"', page=0, page_size=2
    )


def get_with_query_parameters(vsdk, session):
    return session.user.enterprises.get(
        page=0, page_size=4, query_parameters={"embeddedMetadata": "1"}
    )


def fetch_returns_tuple(vsdk, session):
    fetcher, parent, objects = session.user.enterprises.fetch(page=0, page_size=5)
    return {
        "same_fetcher": fetcher is session.user.enterprises,
        "parent": parent,
        "objects": objects,
        "kept": list(fetcher),
        "count": fetcher.current_total_count,
    }


def fetch_every_object(vsdk, session):
    fetcher, parent, objects = session.user.enterprises.fetch(order_by="name ASC")
    return [parent, objects]


def fetch_without_commit(vsdk, session):
    fetcher = session.user.enterprises
    _, _, objects = fetcher.fetch(page=0, page_size=2, commit=False)
    return {"objects": objects, "kept": list(fetcher)}


def get_first_with_filter(vsdk, session):
    return session.user.enterprises.get_first(filter='name == "prod-b"')


def get_first_missing(vsdk, session):
    return session.user.enterprises.get_first(filter='name == "nowhere"')


def get_first_ordered(vsdk, session):
    return session.user.enterprises.get_first(order_by="name DESC")


def count_with_filter(vsdk, session):
    fetcher, parent, count = session.user.enterprises.count(
        filter='name BEGINSWITH "lab"'
    )
    return [parent, count]


def get_count_all(vsdk, session):
    return session.user.enterprises.get_count()


def get_count_with_filter(vsdk, session):
    return session.user.enterprises.get_count(filter='description CONTAINS "prod"')


def child_fetcher_page(vsdk, session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    return enterprise.domain_templates.get(page=0, page_size=10, order_by="name ASC")


def fetch_one_object(vsdk, session):
    found = session.user.enterprises.get_first(filter='name == "acme"')
    enterprise = vsdk.NUEnterprise(id=found.id)
    enterprise.fetch()
    return enterprise


def nested_children_get(vsdk, session):
    enterprise = session.user.enterprises.get_first(filter='name == "acme"')
    domain = enterprise.domains.get_first(filter='name == "web"')
    return domain.zones.get(page=0)


CASES = [
    Case(get_all_enterprises, seeds.lab_enterprises, (EVERY_PAGE,)),
    Case(get_with_filter, seeds.lab_enterprises, (EVERY_PAGE,)),
    Case(get_with_order_by, seeds.lab_enterprises, (EVERY_PAGE,)),
    Case(get_one_page, seeds.lab_enterprises),
    Case(get_filtered_page, seeds.lab_enterprises),
    Case(get_with_query_parameters, seeds.lab_enterprises),
    Case(fetch_returns_tuple, seeds.lab_enterprises),
    Case(fetch_every_object, seeds.lab_enterprises, (EVERY_PAGE,)),
    Case(fetch_without_commit, seeds.lab_enterprises),
    Case(get_first_with_filter, seeds.lab_enterprises),
    Case(get_first_missing, seeds.lab_enterprises),
    Case(get_first_ordered, seeds.lab_enterprises),
    Case(count_with_filter, seeds.lab_enterprises),
    Case(get_count_all, seeds.lab_enterprises),
    Case(get_count_with_filter, seeds.lab_enterprises),
    Case(child_fetcher_page, seeds.acme),
    Case(fetch_one_object, seeds.acme),
    Case(nested_children_get, seeds.acme),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fetching_matches_vspk(case, compat_simulator, compat_recorder):
    check_case(compat_simulator, compat_recorder, case)
