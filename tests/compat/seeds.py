"""Starting stores for the scenarios, built through nuagesdk before each run."""

from __future__ import annotations

from typing import Any

from nuagesdk import v6

#: Names of the enterprises that :func:`lab_enterprises` creates.
LAB_NAMES = [f"lab-{index:02d}" for index in range(7)] + ["prod-a", "prod-b"]


def lab_enterprises(session: Any) -> None:
    """Create nine enterprises, seven of them named ``lab-NN``."""
    for name in LAB_NAMES:
        session.user.create_child(v6.NUEnterprise(name=name, description=f"{name} org"))


def acme(session: Any) -> None:
    """Create enterprise acme with two domain templates, a domain, a group and two users."""
    enterprise = v6.NUEnterprise(name="acme")
    session.user.create_child(enterprise)
    first = v6.NUDomainTemplate(name="tpl-web")
    enterprise.create_child(first)
    enterprise.create_child(v6.NUDomainTemplate(name="tpl-db"))
    domain = v6.NUDomain(name="web", template_id=first.id)
    enterprise.create_child(domain)
    domain.create_child(v6.NUZone(name="front"))
    enterprise.create_child(v6.NUGroup(name="ops"))
    for user_name in ("alice", "bob"):
        enterprise.create_child(
            v6.NUUser(
                user_name=user_name,
                first_name=user_name.title(),
                last_name="Example",
                email=f"{user_name}@acme.invalid",
                password="Initial-pass-1",
            )
        )


def many_enterprises(session: Any) -> None:
    """Create 60 enterprises, more than one page of the default size 50."""
    session.user.create_children(
        [v6.NUEnterprise(name=f"bulk-{index:03d}") for index in range(60)]
    )
