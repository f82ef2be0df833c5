"""Object commands: objects, list, count, show, create, update, delete, assign."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from nuagesdk.rest import BadRequestError, ConfirmationRequiredError, NotFoundError

from .completion import complete_entity
from .connection import AppState, stdin_is_terminal
from .entities import addressable_classes, child_declaration, normalize, resolve_entity
from .errors import EXIT_USAGE, CommandError, InputError
from .output import list_table
from .values import apply_parameters, parse_order_by, select_fields

if TYPE_CHECKING:
    from nuagesdk.rest import Fetcher, RESTObject

    EntityClass = type[RESTObject]

F = Callable[..., Any]


# -- shared options ----------------------------------------------------------


def entity_argument(name: str) -> Callable[[F], F]:
    """Add an entity name argument that completes from the API model."""
    return click.argument(name, metavar=name.upper(), shell_complete=complete_entity)


def parent_option(required: bool = False) -> Callable[[F], F]:
    """Add ``--in PARENT_ENTITY PARENT_ID``."""
    default = (
        "" if required else " Without it: the top level, for entities found there."
    )
    return click.option(
        "--in",
        "parent",
        nargs=2,
        required=required,
        metavar="PARENT_ENTITY PARENT_ID",
        help=f"Parent object, for example: --in enterprise 1f2e...{default}",
    )


fields_option = click.option(
    "--fields",
    metavar="A,B,C",
    help="Attributes to show, by local or remote name (user_name or userName).",
)
parameters_option = click.option(
    "-p",
    "--param",
    "parameters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Attribute to set, converted to its declared type; repeat for more. "
    "NAME=@FILE reads the value from FILE (JSON, or text for a string "
    "attribute), NAME:=JSON takes a JSON value (description:=null clears it).",
)
response_choice_option = click.option(
    "--response-choice",
    type=int,
    metavar="ID",
    help="Answer the VSD's confirmation request (HTTP 300) with this choice, "
    "usually 1 (OK). Without it nuage never answers one.",
)
filter_option = click.option(
    "--filter",
    "filter_text",
    metavar="EXPR",
    help="VSD filter on remote attribute names, for example "
    "'name BEGINSWITH \"acme\"' or 'status == \"RUNNING\"'.",
)


# -- resolution helpers ---------------------------------------------------------


def describe(obj: RESTObject) -> str:
    """Return ``domain 'prod' (ID 9a7b...)`` for messages."""
    name = obj.__dict__.get("name") or obj.__dict__.get("user_name")
    name_text = f" {name!r}" if isinstance(name, str) and name else ""
    return f"{obj.__rest_name__}{name_text} (ID {obj.id})"


def open_parent(
    state: AppState,
    child_class: EntityClass,
    parent: tuple[str, str] | None,
    operation: str,
) -> RESTObject:
    """Check the parent-child relationship, log in, and return the parent object."""
    api = state.api
    parent_class = resolve_entity(api, parent[0]) if parent else api.root_class
    child_declaration(parent_class, child_class, operation)
    session = state.session()
    if parent_class.__rest_name__ == api.root_rest_name:
        return session.user
    assert parent is not None
    return parent_class(id=parent[1])


def fetcher_of(parent: RESTObject, child_class: EntityClass) -> Fetcher:
    """Return the fetcher of ``child_class`` children of ``parent``."""
    fetcher = parent.fetcher_for_rest_name(child_class.__rest_name__ or "")
    assert fetcher is not None, "checked by child_declaration"
    return fetcher


@contextlib.contextmanager
def parent_must_exist(parent: RESTObject) -> Iterator[None]:
    """Turn a 404 on a collection URL into "parent not found"."""
    try:
        yield
    except NotFoundError as error:
        resource = parent.__resource_name__
        raise CommandError(
            f"{parent.__rest_name__} {parent.id!r} not found: {error}. Find "
            f"the ID with: nuage list {resource}"
        ) from None


def fetch_object(state: AppState, entity_class: EntityClass, object_id: str) -> Any:
    """Log in and read one object by ID, or the root object."""
    session = state.session()
    if entity_class.__rest_name__ == state.api.root_rest_name:
        root = session.user
        root.fetch()
        return root
    obj = entity_class(id=object_id)
    try:
        obj.fetch()
    except NotFoundError as error:
        raise CommandError(
            f"{entity_class.__rest_name__} {object_id!r} not found: {error}. "
            f"Find the ID with: nuage list {entity_class.__resource_name__}"
        ) from None
    return obj


# -- commands ----------------------------------------------------------------


@click.command("objects", short_help="List the entity names of the API version.")
@click.option(
    "--filter",
    "filter_text",
    metavar="TEXT",
    help="Show only the entities whose names contain TEXT.",
)
@click.pass_obj
def objects_command(state: AppState, filter_text: str | None) -> None:
    """List the entities of the API version, with their REST and resource names.

    Any of these names selects the entity in other commands: 'nuage list
    vports' and 'nuage show vport ID' both name VPort.
    """
    key = normalize(filter_text or "")
    rows = []
    for entity_class in addressable_classes(state.api):
        names = (
            entity_class.__entity_name__ or entity_class.__name__,
            entity_class.__rest_name__ or "",
            entity_class.__resource_name__ or "",
        )
        if key and not any(key in normalize(name) for name in names):
            continue
        rows.append(names)

    output = state.output
    if output.json_mode:
        output.json(
            [
                {"entity": entity, "rest_name": rest, "resource_name": resource}
                for entity, rest, resource in rows
            ]
        )
        return
    if not rows:
        output.message(f"No entity name contains {filter_text!r}.")
        return
    from rich.text import Text

    table = list_table()
    for title in ("entity", "REST name", "resource name"):
        table.add_column(title)
    for row in rows:
        table.add_row(*(Text(value) for value in row))
    output.console.print(table)


@click.command("list")
@entity_argument("entities")
@parent_option()
@filter_option
@click.option(
    "--order-by",
    metavar="ATTR",
    help="Sort by an attribute, optionally followed by DESC: --order-by 'name DESC'.",
)
@click.option(
    "--page",
    type=int,
    metavar="N",
    help="Page to show, counted from 0; without it, the first page.",
)
@click.option(
    "--page-size",
    type=int,
    metavar="N",
    help="Objects per page; without it, the VSD's page size (usually 50).",
)
@click.option(
    "--all", "fetch_all", is_flag=True, help="Show every object, page after page."
)
@fields_option
@click.pass_obj
def list_command(
    state: AppState,
    entities: str,
    parent: tuple[str, str] | None,
    filter_text: str | None,
    order_by: str | None,
    page: int | None,
    page_size: int | None,
    fetch_all: bool,
    fields: str | None,
) -> None:
    """List ENTITIES at the top level or under a parent object.

    \b
    Examples:
      nuage list enterprises --filter 'name BEGINSWITH "acme"'
      nuage list domains --in enterprise 1f2e... --fields ID,name,description
      nuage --json list vports --in domain 9a7b... --all
    """
    if fetch_all and page is not None:
        raise InputError("give either --all or --page, not both")
    if page is not None and page < 0:
        raise InputError(f"--page must be 0 or more, got {page}")
    if page_size is not None and page_size < 1:
        raise InputError(f"--page-size must be 1 or more, got {page_size}")
    child_class = resolve_entity(state.api, entities)
    columns = select_fields(child_class, fields)
    order = parse_order_by(child_class, order_by)
    parent_object = open_parent(state, child_class, parent, "list")
    fetcher = fetcher_of(parent_object, child_class)

    with parent_must_exist(parent_object), filter_must_be_valid(filter_text):
        if fetch_all:
            objects = fetcher.get(
                filter=filter_text, order_by=order, page_size=page_size, commit=False
            )
        else:
            objects = fetcher.get(
                filter=filter_text,
                order_by=order,
                page=page or 0,
                page_size=page_size,
                commit=False,
            )

    output = state.output
    output.objects(child_class, objects, columns)
    plural = child_class.__resource_name__
    total = fetcher.current_total_count
    if not objects and not output.json_mode:
        output.message(f"No {plural} found.")
    elif not fetch_all and total is not None and total > len(objects):
        first = (page or 0) * (page_size or len(objects)) + 1
        output.message(
            f"Showing {plural} {first} to {first + len(objects) - 1} of {total}. "
            "Pass --all for all of them, or --page N for another page."
        )


@contextlib.contextmanager
def filter_must_be_valid(filter_text: str | None) -> Iterator[None]:
    """Say which filter the VSD rejected, and how filters are written."""
    try:
        yield
    except BadRequestError as error:
        if not filter_text:
            raise
        raise CommandError(
            f"the VSD rejected the filter {filter_text!r}: {error}. A filter "
            "compares remote attribute names with values, for example: "
            '\'name == "acme"\' or \'name BEGINSWITH "ac" AND description '
            'CONTAINS "lab"\'.',
            EXIT_USAGE,
        ) from None


@click.command("count")
@entity_argument("entities")
@parent_option()
@filter_option
@click.pass_obj
def count_command(
    state: AppState,
    entities: str,
    parent: tuple[str, str] | None,
    filter_text: str | None,
) -> None:
    """Count ENTITIES at the top level or under a parent object.

    \b
    Example:
      nuage count domains --in enterprise 1f2e... --filter 'name CONTAINS "prod"'
    """
    child_class = resolve_entity(state.api, entities)
    parent_object = open_parent(state, child_class, parent, "list")
    fetcher = fetcher_of(parent_object, child_class)
    with parent_must_exist(parent_object), filter_must_be_valid(filter_text):
        total = fetcher.get_count(filter=filter_text)
    output = state.output
    output.count(total)


@click.command("show")
@entity_argument("entity")
@click.argument("object_id", metavar="ID", required=False)
@fields_option
@click.pass_obj
def show_command(
    state: AppState, entity: str, object_id: str | None, fields: str | None
) -> None:
    """Show one object: every attribute that has a value.

    \b
    Examples:
      nuage show domain 9a7b...
      nuage show me
      nuage --json show enterprise 1f2e... --fields name,description
    """
    entity_class = resolve_entity(state.api, entity)
    columns = select_fields(entity_class, fields)
    is_root = entity_class.__rest_name__ == state.api.root_rest_name
    if object_id is None and not is_root:
        raise InputError(
            f"give the ID of the {entity_class.__rest_name__} to show; find it "
            f"with: nuage list {entity_class.__resource_name__}"
        )
    obj = fetch_object(state, entity_class, object_id or "")
    output = state.output
    output.object(obj, columns)


@click.command("create", short_help="Create an object under a parent object.")
@entity_argument("entity")
@parent_option()
@parameters_option
@response_choice_option
@click.pass_obj
def create_command(
    state: AppState,
    entity: str,
    parent: tuple[str, str] | None,
    parameters: tuple[str, ...],
    response_choice: int | None,
) -> None:
    """Create an ENTITY under a parent object (the top level by default).

    \b
    Examples:
      nuage create enterprise -p name=acme -p description="ACME labs"
      nuage create domain --in enterprise 1f2e... -p name=prod -p templateID=0d9c...
      nuage create metadata --in domain 9a7b... -p name=owner -p blob=@owner.txt
    """
    entity_class = resolve_entity(state.api, entity)
    obj = entity_class()
    apply_parameters(obj, parameters)
    problems = obj.validate()
    if problems:
        raise InputError(
            f"cannot create {entity_class.__rest_name__}: "
            + "; ".join(problems)
            + ". Set values with -p NAME=VALUE."
        )
    parent_object = open_parent(state, entity_class, parent, "create")
    with parent_must_exist(parent_object):
        parent_object.create_child(obj, response_choice=response_choice, commit=False)

    output = state.output
    output.message(f"Created {describe(obj)}.")
    output.object(obj)


@click.command("update", short_help="Change attributes of one object.")
@entity_argument("entity")
@click.argument("object_id", metavar="ID")
@parameters_option
@response_choice_option
@click.pass_obj
def update_command(
    state: AppState,
    entity: str,
    object_id: str,
    parameters: tuple[str, ...],
    response_choice: int | None,
) -> None:
    """Change attributes of one object; only the attributes given are sent.

    \b
    Example:
      nuage update domain 9a7b... -p description="production" -p maintenanceMode=ENABLED
    """
    if not parameters:
        raise InputError("nothing to update: give attributes with -p NAME=VALUE")
    entity_class = resolve_entity(state.api, entity)
    # Check names and values before logging in.
    apply_parameters(entity_class(), parameters)
    obj = fetch_object(state, entity_class, object_id)
    apply_parameters(obj, parameters)
    if obj.changed_attributes():
        obj.save(response_choice=response_choice)
        obj.fetch()
        verb = "Updated"
    else:
        verb = "Nothing to change in"
    output = state.output
    output.message(f"{verb} {describe(obj)}.")
    output.object(obj)


@click.command("delete")
@entity_argument("entity")
@click.argument("object_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking first.")
@response_choice_option
@click.pass_obj
def delete_command(
    state: AppState,
    entity: str,
    object_id: str,
    yes: bool,
    response_choice: int | None,
) -> None:
    """Delete one object, after asking (unless --yes).

    The VSD requests confirmation (HTTP 300) before it deletes an object
    that has children. nuage confirms only with --response-choice 1, or
    when you confirm at the prompt.

    \b
    Example:
      nuage delete domain 9a7b... --yes
    """
    entity_class = resolve_entity(state.api, entity)
    obj = fetch_object(state, entity_class, object_id)
    label = describe(obj)
    if not yes:
        if not stdin_is_terminal():
            raise InputError(f"not deleting {label} without confirmation: pass --yes")
        if not click.confirm(f"Delete {label}?", err=True):
            raise CommandError(f"{label} was not deleted.")

    try:
        obj.delete(response_choice=response_choice)
    except ConfirmationRequiredError as question:
        question_text = "; ".join(str(detail) for detail in question.errors) or str(
            question
        )
        if response_choice is not None or yes or not stdin_is_terminal():
            raise CommandError(
                f"the VSD asks for confirmation before deleting {label}: {question_text}. "
                "Run again with --response-choice 1 to answer OK."
            ) from None
        prompt = f"The VSD asks: {question_text}\nConfirm?"
        if not click.confirm(prompt, err=True):
            raise CommandError(f"{label} was not deleted.") from None
        obj.delete(response_choice=1)

    output = state.output
    output.message(f"Deleted {label}.")
    if output.json_mode:
        output.object(obj)


@click.command("assign")
@entity_argument("entities")
@parent_option(required=True)
@click.argument("member_ids", nargs=-1, metavar="ID...")
@click.option(
    "--clear",
    is_flag=True,
    help="Remove every member (give no ID).",
)
@click.pass_obj
def assign_command(
    state: AppState,
    entities: str,
    parent: tuple[str, str],
    member_ids: tuple[str, ...],
    clear: bool,
) -> None:
    """Set the ENTITIES members of a parent to exactly the IDs given.

    The list replaces the current members: to add one, give the current
    members and the new one (see them with 'nuage list ENTITIES --in ...').

    \b
    Example:
      nuage assign users --in group 5c3d... 0a1b... 7e8f...
    """
    if clear and member_ids:
        raise InputError("give either member IDs or --clear, not both")
    if not clear and not member_ids:
        raise InputError(
            "give the IDs of the members; the list replaces the current members "
            "(--clear removes them all)"
        )
    member_class = resolve_entity(state.api, entities)
    parent_object = open_parent(state, member_class, parent, "assign")
    members = [member_class(id=member_id) for member_id in member_ids]
    # Read the parent first, so that a 404 from the assignment itself is
    # about a member and is reported as such.
    with parent_must_exist(parent_object):
        parent_object.fetch()
    parent_object.assign(members, member_class, commit=False)
    current = fetcher_of(parent_object, member_class).get(commit=False)

    output = state.output
    noun = (
        member_class.__rest_name__
        if len(current) == 1
        else member_class.__resource_name__
    )
    output.message(
        f"{parent_object.__rest_name__} {parent_object.id} now has {len(current)} {noun}."
    )
    output.objects(member_class, current, [])


COMMANDS = (
    objects_command,
    list_command,
    count_command,
    show_command,
    create_command,
    update_command,
    delete_command,
    assign_command,
)
