"""Output of the ``nuage`` command: tables for people, JSON for programs.

Data goes to stdout and messages go to stderr, in both modes, so that
``nuage --json list domains | jq`` reads nothing but JSON. JSON output keeps
the remote attribute names and values as the VSD sends them; tables show
times as UTC dates and fit the terminal width.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from nuagesdk.rest import Attribute, RESTObject

    EntityClass = type[RESTObject]

#: Attributes shown as list columns when --fields is not given, in this
#: order after ID, at most DEFAULT_COLUMN_COUNT of them.
PREFERRED_COLUMNS = (
    "name",
    "userName",
    "firstName",
    "lastName",
    "command",
    "status",
    "progress",
    "address",
    "netmask",
    "key",
    "value",
    "description",
)
DEFAULT_COLUMN_COUNT = 4

#: Parts of remote names whose values are never shown, and whole names. The
#: model marks the root object's API key and password secret, but not the
#: passwords of other entities (a user's password, a VRS password).
_SECRET_NAME_PARTS = ("password", "passphrase", "secret")
_SECRET_NAMES = frozenset({"apikey"})


def is_secret(attribute: Attribute[Any] | None, remote_name: str) -> bool:
    """Tell whether a value must be left out of every output."""
    if attribute is not None and attribute.secret:
        return True
    lowered = remote_name.lower()
    if lowered in _SECRET_NAMES:
        return True
    return any(part in lowered for part in _SECRET_NAME_PARTS)


def object_data(
    obj: RESTObject, fields: list[Attribute[Any]] | None = None
) -> dict[str, Any]:
    """Return the object as the VSD sends it (remote names), secrets left out."""
    data = obj.to_dict()
    if fields:
        data = {a.remote_name: data.get(a.remote_name) for a in fields}
    remote = type(obj).__remote_attributes__
    return {
        name: value
        for name, value in data.items()
        if not is_secret(remote.get(name), name)
    }


def default_columns(entity_class: EntityClass) -> list[Attribute[Any]]:
    """Return the columns of ``nuage list`` when --fields is not given."""
    remote = entity_class.__remote_attributes__
    chosen = [remote["ID"]]
    for name in PREFERRED_COLUMNS:
        if name in remote and len(chosen) <= DEFAULT_COLUMN_COUNT:
            chosen.append(remote[name])
    return chosen


def format_value(attribute: Attribute[Any] | None, value: Any) -> str:
    """Return the text of one value in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if (
        attribute is not None
        and attribute.subtype == "time"
        and isinstance(value, (int, float))
    ):
        moment = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def list_table() -> Table:
    """Return an empty table with the style of every list."""
    return Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold"
    )


class Output:
    """Writes data to stdout, as a table or as JSON, and messages to stderr."""

    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode

    @property
    def console(self) -> Console:
        # Made on each use so that it writes to the current sys.stdout.
        return Console(highlight=False, soft_wrap=False)

    def message(self, text: str) -> None:
        """Write a status line to stderr."""
        click.echo(text, err=True)

    def json(self, data: Any) -> None:
        """Write ``data`` as JSON to stdout."""
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))

    def json_line(self, data: Any) -> None:
        """Write ``data`` as one line of JSON to stdout and flush it."""
        click.echo(json.dumps(data, ensure_ascii=False))
        sys.stdout.flush()

    def objects(
        self,
        entity_class: EntityClass,
        objects: Iterable[RESTObject],
        fields: list[Attribute[Any]],
    ) -> None:
        """Write objects as a JSON list, or as a table with one row each."""
        if self.json_mode:
            self.json([object_data(obj, fields) for obj in objects])
            return
        columns = fields or default_columns(entity_class)
        table = list_table()
        for attribute in columns:
            if attribute.remote_name == "ID" or attribute.remote_name.endswith("ID"):
                # An ID split over two lines cannot be copied or grepped.
                table.add_column(attribute.remote_name, no_wrap=True, min_width=36)
            else:
                table.add_column(attribute.remote_name, overflow="fold")
        for obj in objects:
            values = obj.__dict__
            table.add_row(
                *(self._cell(obj, a, values.get(a.local_name)) for a in columns)
            )
        self.console.print(table)

    def object(
        self,
        obj: RESTObject,
        fields: list[Attribute[Any]] | None = None,
    ) -> None:
        """Write one object as JSON, or as a table of its attributes with a value."""
        if self.json_mode:
            self.json(object_data(obj, fields))
            return
        remote = type(obj).__remote_attributes__
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column("attribute", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        if fields:
            rows = [(a.remote_name, obj.__dict__.get(a.local_name)) for a in fields]
        else:
            rows = [(k, v) for k, v in obj.to_dict().items() if v is not None]
        for name, value in rows:
            attribute = remote.get(name)
            table.add_row(Text(name), self._cell(obj, attribute, value, name))
        self.console.print(table)

    def count(self, total: int) -> None:
        """Write a count: the number alone, or ``{"count": N}`` in JSON."""
        if self.json_mode:
            self.json({"count": total})
        else:
            click.echo(str(total))

    @staticmethod
    def _cell(
        obj: RESTObject,
        attribute: Attribute[Any] | None,
        value: Any,
        remote_name: str | None = None,
    ) -> Text:
        name = remote_name or (attribute.remote_name if attribute else "")
        if value is not None and is_secret(attribute, name):
            return Text("(hidden)", style="dim")
        return Text(format_value(attribute, value))
