"""Tab completion of entity names and job commands.

Install it as click documents, for example in ``~/.bashrc``::

    eval "$(_NUAGE_COMPLETE=bash_source nuage)"
"""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

from .connection import api_module, normalize_version
from .errors import InputError


def _api(ctx: click.Context) -> Any:
    version = ctx.find_root().params.get("api_version") or "6"
    try:
        return api_module(normalize_version(version)).API
    except InputError:
        return None


def complete_entity(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete REST and resource names (``domain``, ``domains``)."""
    api = _api(ctx)
    if api is None:
        return []
    prefix = incomplete.lower()
    names = set()
    for entity_class in api.iter_classes():
        for name in (entity_class.__rest_name__, entity_class.__resource_name__):
            if name and name.startswith(prefix):
                names.add(name)
    return [CompletionItem(name) for name in sorted(names)]


def complete_job_command(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete job commands (``BEGIN_POLICY_CHANGES``, ``EXPORT``)."""
    api = _api(ctx)
    if api is None:
        return []
    choices = api.class_for_rest_name("job").command.choices or ()
    prefix = incomplete.upper()
    return [CompletionItem(choice) for choice in choices if choice.startswith(prefix)]
