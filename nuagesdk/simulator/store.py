"""The object store: every object the simulator serves, shared by all API versions.

An object is a :class:`Record`: its REST name, its parent and its wire
attributes (remote names, as a VSD sends them). Records do not depend on an
API version: each version shows the attributes its own class declares.

One re-entrant lock guards the store. Request handlers and the job worker
hold :attr:`Store.lock` around a whole check-then-change sequence, so a
uniqueness check and the insert it allows cannot interleave with another
request. Methods also take the lock themselves, so a single call is safe
without it.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

#: Wire attributes the server sets; request bodies never change them.
SERVER_ATTRIBUTES = frozenset(
    {
        "ID",
        "parentID",
        "parentType",
        "owner",
        "creationDate",
        "lastUpdatedDate",
        "lastUpdatedBy",
    }
)


def now_ms() -> int:
    """Return the current time in epoch milliseconds, the VSD time unit."""
    return int(time.time() * 1000)


def new_id() -> str:
    """Return a new object ID (a random UUID, as VSD uses)."""
    return str(uuid.uuid4())


@dataclass
class Record:
    """One stored object.

    ``data`` contains the wire attributes, ``ID`` and ``parentID`` included.
    Values in it are replaced, never changed in place, so a shallow copy is
    a safe snapshot. ``private`` contains what is never sent: passwords, the
    job schedule, the seed marker.
    """

    rest_name: str
    data: dict[str, Any]
    private: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The object ID."""
        return self.data["ID"]

    @property
    def parent_id(self) -> str | None:
        """ID of the owning parent, ``None`` for top-level objects."""
        return self.data.get("parentID")

    @property
    def parent_type(self) -> str | None:
        """REST name of the owning parent, ``None`` for top-level objects."""
        return self.data.get("parentType")


def new_record(
    rest_name: str,
    values: dict[str, Any],
    *,
    parent: Record | None,
    owner: str | None,
    timestamp: int,
    private: dict[str, Any] | None = None,
) -> Record:
    """Return a record for a new object with a new ID and the server-set attributes.

    ``parent`` is ``None`` for a top-level object (``parentID`` null).
    """
    data = dict(values)
    data.update(
        {
            "ID": new_id(),
            "parentID": parent.id if parent is not None else None,
            "parentType": parent.rest_name if parent is not None else None,
            "owner": owner,
            "creationDate": timestamp,
            "lastUpdatedDate": timestamp,
            "lastUpdatedBy": owner,
        }
    )
    return Record(rest_name, data, dict(private or {}))


ChangeListener = Callable[[str, Record], None]


class Store:
    """Thread-safe store of records with parent, type and link indexes.

    Links are the member lists of a parent (``PUT <parent>/<id>/<children>``
    with a list of IDs): they refer to objects owned elsewhere.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._records: dict[str, Record] = {}
        # parent ID -> child REST name -> IDs in creation order (dict as an ordered set).
        self._children: dict[str | None, dict[str, dict[str, None]]] = {}
        # ID -> insertion number, to merge children of several types in creation order.
        self._sequence: dict[str, int] = {}
        self._next_sequence = 0
        self._by_rest_name: dict[str, dict[str, None]] = {}
        # (parent ID, member REST name) -> linked IDs in the order given.
        self._links: dict[tuple[str, str], list[str]] = {}
        # (parent ID, REST name, attribute) -> value key -> IDs: built on the
        # first uniqueness check of that attribute among those siblings.
        self._value_index: dict[tuple[str | None, str, str], dict[Any, set[str]]] = {}
        self._indexed: dict[str | None, dict[str, set[str]]] = {}
        self._listeners: list[ChangeListener] = []
        #: Incremented on every change; persistence writes when it moves.
        self.revision = 0

    # -- reading ---------------------------------------------------------------

    def get(self, object_id: str) -> Record | None:
        """Return the record with ``object_id``, or ``None``."""
        with self.lock:
            return self._records.get(object_id)

    def __len__(self) -> int:
        with self.lock:
            return len(self._records)

    def __contains__(self, object_id: object) -> bool:
        with self.lock:
            return object_id in self._records

    def all(self) -> list[Record]:
        """Return every record in creation order."""
        with self.lock:
            return list(self._records.values())

    def of_type(self, rest_name: str) -> list[Record]:
        """Return every record with ``rest_name``, in creation order."""
        with self.lock:
            ids = self._by_rest_name.get(rest_name, {})
            return [self._records[object_id] for object_id in ids]

    def children(self, parent_id: str | None, rest_name: str) -> list[Record]:
        """Return the ``rest_name`` records owned by ``parent_id``, in creation order."""
        with self.lock:
            ids = self._children.get(parent_id, {}).get(rest_name, {})
            return [self._records[object_id] for object_id in ids]

    def all_children(self, parent_id: str) -> list[Record]:
        """Return every record owned by ``parent_id``, in creation order."""
        with self.lock:
            ids = [
                i for group in self._children.get(parent_id, {}).values() for i in group
            ]
            ids.sort(key=self._sequence.__getitem__)
            return [self._records[object_id] for object_id in ids]

    def has_children(self, parent_id: str) -> bool:
        """Tell whether any record is owned by ``parent_id``."""
        with self.lock:
            return any(self._children.get(parent_id, {}).values())

    def descendants(self, parent_id: str) -> Iterator[Record]:
        """Yield every record below ``parent_id``, parents before children."""
        for child in self.all_children(parent_id):
            yield child
            yield from self.descendants(child.id)

    def links(self, parent_id: str, rest_name: str) -> list[Record]:
        """Return the linked ``rest_name`` records of ``parent_id`` that still exist."""
        with self.lock:
            ids = self._links.get((parent_id, rest_name), [])
            return [self._records[i] for i in ids if i in self._records]

    def siblings_with_value(
        self, parent_id: str | None, rest_name: str, attribute: str, value: Any
    ) -> list[str]:
        """Return the IDs of ``rest_name`` records of ``parent_id`` whose
        ``attribute`` equals ``value`` (used for uniqueness checks)."""
        with self.lock:
            key = (parent_id, rest_name, attribute)
            index = self._value_index.get(key)
            if index is None:
                index = {}
                for record in self.children(parent_id, rest_name):
                    current = record.data.get(attribute)
                    if current is not None:
                        index.setdefault(_value_key(current), set()).add(record.id)
                self._value_index[key] = index
                self._indexed.setdefault(parent_id, {}).setdefault(
                    rest_name, set()
                ).add(attribute)
            return sorted(index.get(_value_key(value), ()))

    def _reindex_values(
        self, record: Record, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        attributes = self._indexed.get(record.parent_id, {}).get(record.rest_name)
        if not attributes:
            return
        for attribute in attributes:
            before = old.get(attribute)
            after = new.get(attribute)
            if before == after and type(before) is type(after):
                continue
            index = self._value_index[(record.parent_id, record.rest_name, attribute)]
            if before is not None:
                ids = index.get(_value_key(before))
                if ids is not None:
                    ids.discard(record.id)
                    if not ids:
                        del index[_value_key(before)]
            if after is not None:
                index.setdefault(_value_key(after), set()).add(record.id)

    # -- changing --------------------------------------------------------------

    def add_listener(self, listener: ChangeListener) -> None:
        """Call ``listener(kind, record)`` after every insert, update and delete.

        ``kind`` is ``"CREATE"``, ``"UPDATE"`` or ``"DELETE"``; the call is
        made with the lock held, so the listener must not block.
        """
        with self.lock:
            self._listeners.append(listener)

    def _changed(self, kind: str, record: Record) -> None:
        self.revision += 1
        for listener in self._listeners:
            listener(kind, record)

    def insert(self, record: Record) -> Record:
        """Add ``record``; its ``data`` must hold a new ``ID``.

        Raises:
            ValueError: the ID is taken.
        """
        with self.lock:
            object_id = record.id
            if object_id in self._records:
                raise ValueError(f"an object with ID {object_id} exists already")
            self._index(record)
            self._changed("CREATE", record)
            return record

    def _index(self, record: Record) -> None:
        object_id = record.id
        self._records[object_id] = record
        by_type = self._children.setdefault(record.parent_id, {})
        by_type.setdefault(record.rest_name, {})[object_id] = None
        self._by_rest_name.setdefault(record.rest_name, {})[object_id] = None
        self._sequence[object_id] = self._next_sequence
        self._next_sequence += 1
        self._reindex_values(record, {}, record.data)

    def update(self, object_id: str, changes: dict[str, Any]) -> Record:
        """Apply ``changes`` (wire names) to the record and return it.

        Raises:
            KeyError: no record has ``object_id``.
        """
        with self.lock:
            record = self._records[object_id]
            if changes:
                # A new dict: readers holding the old one keep a consistent view.
                old = record.data
                record.data = {**old, **changes}
                self._reindex_values(record, old, record.data)
                self._changed("UPDATE", record)
            return record

    def update_private(self, object_id: str, changes: dict[str, Any]) -> None:
        """Apply ``changes`` to the private values of a record."""
        with self.lock:
            record = self._records[object_id]
            record.private = {**record.private, **changes}
            self.revision += 1

    def delete(self, object_id: str) -> list[Record]:
        """Delete the record and everything below it; return the deleted records.

        Links to and from the deleted records are dropped too.

        Raises:
            KeyError: no record has ``object_id``.
        """
        with self.lock:
            root = self._records[object_id]
            doomed = [root, *self.descendants(object_id)]
            for record in reversed(doomed):
                self._remove(record)
            for record in reversed(doomed):
                self._changed("DELETE", record)
            return doomed

    def _remove(self, record: Record) -> None:
        object_id = record.id
        del self._records[object_id]
        del self._sequence[object_id]
        self._reindex_values(record, record.data, {})
        for rest_name, attributes in self._indexed.pop(object_id, {}).items():
            for attribute in attributes:
                self._value_index.pop((object_id, rest_name, attribute), None)
        by_type = self._children.get(record.parent_id, {})
        siblings = by_type.get(record.rest_name)
        if siblings is not None:
            siblings.pop(object_id, None)
            if not siblings:
                del by_type[record.rest_name]
        if not by_type:
            self._children.pop(record.parent_id, None)
        same_type = self._by_rest_name.get(record.rest_name)
        if same_type is not None:
            same_type.pop(object_id, None)
        for link_key in [k for k in self._links if k[0] == object_id]:
            del self._links[link_key]
        for link_key, ids in self._links.items():
            if object_id in ids:
                self._links[link_key] = [i for i in ids if i != object_id]

    def set_links(self, parent_id: str, rest_name: str, ids: Iterable[str]) -> None:
        """Replace the linked ``rest_name`` IDs of ``parent_id``."""
        with self.lock:
            unique = list(dict.fromkeys(ids))
            if unique:
                self._links[(parent_id, rest_name)] = unique
            else:
                self._links.pop((parent_id, rest_name), None)
            self.revision += 1

    def clear(self) -> None:
        """Delete every record and link."""
        with self.lock:
            self._records.clear()
            self._children.clear()
            self._sequence.clear()
            self._value_index.clear()
            self._indexed.clear()
            self._by_rest_name.clear()
            self._links.clear()
            self.revision += 1

    # -- snapshots -------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Return the whole store as JSON-ready data (see :meth:`restore`)."""
        with self.lock:
            return {
                "objects": [
                    {
                        "restName": r.rest_name,
                        "data": dict(r.data),
                        "private": dict(r.private),
                    }
                    for r in self._records.values()
                ],
                "links": [
                    {"parentID": parent_id, "restName": rest_name, "IDs": list(ids)}
                    for (parent_id, rest_name), ids in self._links.items()
                ],
            }

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Replace the whole store with a :meth:`snapshot`.

        Raises:
            ValueError: the snapshot is not shaped as :meth:`snapshot` makes it.
        """
        records, links = _read_snapshot(snapshot)
        with self.lock:
            self.clear()
            for record in records:
                self._index(record)
            for parent_id, rest_name, ids in links:
                self._links[(parent_id, rest_name)] = ids
            self.revision += 1


def _value_key(value: Any) -> Any:
    # Booleans apart from numbers (True == 1 in Python), 1 and 1.0 together.
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("str", value)
    return ("json", json.dumps(value, sort_keys=True))


def _read_snapshot(
    snapshot: Any,
) -> tuple[list[Record], list[tuple[str, str, list[str]]]]:
    if not isinstance(snapshot, dict):
        raise ValueError("the state is not a JSON object")
    objects = snapshot.get("objects")
    links = snapshot.get("links", [])
    if not isinstance(objects, list) or not isinstance(links, list):
        raise ValueError('the state needs an "objects" list and a "links" list')

    records = []
    seen = set()
    for index, entry in enumerate(objects):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("restName"), str)
            and isinstance(entry.get("data"), dict)
            and isinstance(entry["data"].get("ID"), str)
            and isinstance(entry.get("private", {}), dict)
        ):
            raise ValueError(
                f"objects[{index}] needs a restName, a data object with an ID "
                "and an optional private object"
            )
        if entry["data"]["ID"] in seen:
            raise ValueError(
                f"objects[{index}]: ID {entry['data']['ID']} appears twice"
            )
        seen.add(entry["data"]["ID"])
        records.append(
            Record(
                entry["restName"], dict(entry["data"]), dict(entry.get("private", {}))
            )
        )

    parsed_links = []
    for index, entry in enumerate(links):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("parentID"), str)
            and isinstance(entry.get("restName"), str)
            and isinstance(entry.get("IDs"), list)
            and all(isinstance(i, str) for i in entry["IDs"])
        ):
            raise ValueError(
                f"links[{index}] needs a parentID, a restName and a list of IDs"
            )
        parsed_links.append((entry["parentID"], entry["restName"], list(entry["IDs"])))
    return records, parsed_links
