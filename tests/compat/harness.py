"""Run one vspk-style scenario through vspk and through nuagesdk, and compare.

A scenario is a function ``scenario(vsdk, session)`` written as a vspk
script: ``vsdk`` is the module it would import (``vspk.v6`` or
``nuagesdk.v6``) and ``session`` a started ``vsdk.NUVSDSession``. It returns
the objects or values that the script ends with.

:func:`run_pair` runs the scenario once per module on a reset simulator,
records every request, and returns both runs. :func:`compare_runs` checks
that both sent the same requests, got the same responses, ended with the
same values and left the server in the same state, once the differences
that nuagesdk makes on purpose are accounted for. Each of those differences
has a name (the constants below), and a scenario lists the ones it shows.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from nuagesdk.simulator.recording import NO_BODY, Exchange, Recorder
from nuagesdk.simulator.server import Simulator

VSPK = "vspk.v6"
NUAGESDK = "nuagesdk.v6"
MODULES = (VSPK, NUAGESDK)

# Differences nuagesdk makes on purpose, by name.
#: bambou sends the body ``null`` with every GET and HEAD, and nuagesdk none.
NULL_READ_BODY = "vspk sends a null body on GET and HEAD"
#: bambou sends the object's JSON with DELETE, and nuagesdk no body.
DELETE_BODY = "vspk sends the object as the DELETE body"
#: bambou sends every attribute (nulls and defaults included) on create and
#: save. nuagesdk sends the attributes set or changed since the last sync.
SET_ATTRIBUTES = "nuagesdk sends only set or changed attributes"
#: bambou's ``get()``/``fetch()`` without ``page`` reads the first page only;
#: nuagesdk requests page 0, 1, ... until it has every object.
EVERY_PAGE = "nuagesdk lists every page when no page is given"
#: bambou's ``delete()`` sends ``responseChoice=1`` up front. nuagesdk sends
#: the DELETE without it and confirms a 300 only with ``response_choice``.
DELETE_CHOICE = "nuagesdk confirms a delete only when asked"

#: vspk fills attributes of a new object from its own table of defaults
#: (``vspk/v6/resources/attrs_defaults.ini``), so they are sent and stored.
#: nuagesdk sends only spec defaults and leaves the rest to the VSD.
CLIENT_DEFAULTS = "vspk sends its own defaults for new objects"

#: Keys whose values are times set by the server when a request is served.
TIME_KEYS = frozenset({"creationDate", "lastUpdatedDate", "APIKeyExpiry"})

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

Scenario = Callable[[Any, Any], Any]
Setup = Callable[[Any], None]


@dataclass
class Run:
    """What one module did in one scenario."""

    module: str
    exchanges: list[Exchange]
    result: Any = None
    error: BaseException | None = None
    state: dict[str, Any] = field(default_factory=dict)
    ids: IdMap | None = None


class IdMap:
    """Replaces server-made IDs by ``<id1>``, ``<id2>``, ... in order of first appearance."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def name(self, object_id: str) -> str:
        """Return the stable name of ``object_id``, numbering a new one."""
        if object_id not in self._names:
            self._names[object_id] = f"<id{len(self._names) + 1}>"
        return self._names[object_id]

    def text(self, value: str) -> str:
        """Replace every ID in a string."""
        return _UUID.sub(lambda match: self.name(match.group(0)), value)

    def data(self, value: Any, key: str | None = None) -> Any:
        """Replace IDs (and server times) in JSON data, walking it in order."""
        if key in TIME_KEYS and isinstance(value, (int, float)):
            return "<time>"
        if isinstance(value, dict):
            return {k: self.data(item, k) for k, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


# -- running ---------------------------------------------------------------------


def run_pair(
    simulator: Simulator,
    recorder: Recorder,
    scenario: Scenario,
    setup: Setup | None = None,
) -> tuple[Run, Run]:
    """Run ``scenario`` through vspk, then through nuagesdk, each on a fresh store.

    ``setup(session)`` prepares the store through a nuagesdk session before
    each run; its requests are not recorded.
    """
    runs = []
    for module_name in MODULES:
        runs.append(run_one(simulator, recorder, scenario, module_name, setup))
    return runs[0], runs[1]


def run_one(
    simulator: Simulator,
    recorder: Recorder,
    scenario: Scenario,
    module_name: str,
    setup: Setup | None = None,
) -> Run:
    """Run ``scenario`` with ``module_name`` on a fresh store and record it."""
    simulator.reset()
    if setup is not None:
        seeding = simulator.session(version="6")
        try:
            setup(seeding)
        finally:
            seeding.close()
    recorder.clear()

    vsdk = importlib.import_module(module_name)
    run = Run(module_name, [])
    try:
        session = vsdk.NUVSDSession(
            username=simulator.username,
            password=simulator.password,
            enterprise=simulator.enterprise,
            api_url=simulator.url,
        )
        session.start()
        run.result = scenario(vsdk, session)
    except Exception as error:  # the comparison reports it
        run.error = error
    run.exchanges = recorder.take()
    run.state = simulator.store.snapshot()

    ids = IdMap()
    for exchange in run.exchanges:
        _walk_ids(ids, exchange)
    run.ids = ids
    return run


def _walk_ids(ids: IdMap, exchange: Exchange) -> None:
    ids.text(exchange.path)
    ids.data(exchange.query)
    ids.data(exchange.headers)
    if exchange.body is not NO_BODY:
        ids.data(exchange.body)
    if exchange.response_body is not NO_BODY:
        ids.data(exchange.response_body)


# -- views -------------------------------------------------------------------------


def request_view(exchange: Exchange, ids: IdMap) -> dict[str, Any]:
    """Return what is compared of one exchange, with IDs and times normalised."""
    headers = {
        name: ids.text(value)
        for name, value in exchange.headers.items()
        # The client type is an SDK's own label, not part of the protocol.
        if name != "X-Nuage-Clienttype"
    }
    return {
        "method": exchange.method,
        "path": ids.text(exchange.path),
        "query": sorted(tuple(pair) for pair in ids.data(exchange.query)),
        "headers": headers,
        "user": exchange.user,
        "credential": exchange.credential,
        "body": exchange.body if exchange.body is NO_BODY else ids.data(exchange.body),
        "status": exchange.status,
        "response_headers": ids.data(exchange.response_headers),
        "response_body": (
            exchange.response_body
            if exchange.response_body is NO_BODY
            else ids.data(exchange.response_body)
        ),
    }


def describe(value: Any, ids: IdMap) -> Any:
    """Turn a scenario's result into plain data: objects become their wire dicts.

    ``None`` attribute values are left out, because vspk's ``to_dict`` lists
    every attribute and nuagesdk's only the ones that have a value.
    """
    if hasattr(value, "to_dict") and hasattr(value, "rest_name"):
        data = {k: v for k, v in value.to_dict().items() if v is not None}
        return {"class": type(value).__name__, "data": ids.data(data)}
    if isinstance(value, dict):
        return {k: describe(item, ids) for k, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [describe(item, ids) for item in value]
    if isinstance(value, str):
        return ids.text(value)
    return value


def state_view(run: Run) -> list[dict[str, Any]]:
    """Return the server's objects and member links, with IDs and times normalised."""
    assert run.ids is not None
    objects = [
        {
            "restName": entry["restName"],
            "data": run.ids.data(
                {k: v for k, v in entry["data"].items() if v is not None}
            ),
            "private": sorted(entry["private"]),
        }
        for entry in run.state["objects"]
    ]
    links = [run.ids.data(entry) for entry in run.state["links"]]
    return sorted(objects, key=_canonical) + sorted(links, key=_canonical)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def error_view(error: BaseException | None) -> Any:
    """Return what is compared of a raised error: its HTTP status, or its type."""
    if error is None:
        return None
    connection = getattr(error, "connection", None)
    response = getattr(connection, "response", None)
    if response is not None:
        return {"status": response.status_code}
    return {"type": type(error).__name__, "message": str(error)}


# -- comparison ----------------------------------------------------------------------


def compare_runs(
    vspk_run: Run,
    nuagesdk_run: Run,
    differences: Iterable[str] = (),
    *,
    collapse_repeats: bool = False,
) -> None:
    """Assert that both runs match once the named ``differences`` are applied.

    Every name in ``differences`` must show up in the logs, and no other
    difference may. ``collapse_repeats`` merges runs of identical requests
    (polling loops), keeping the last response.

    Raises:
        AssertionError: the runs differ.
    """
    vspk_views = [request_view(e, vspk_run.ids) for e in vspk_run.exchanges]
    nuagesdk_views = [request_view(e, nuagesdk_run.ids) for e in nuagesdk_run.exchanges]
    if collapse_repeats:
        vspk_views = _collapse(vspk_views)
        nuagesdk_views = _collapse(nuagesdk_views)

    seen: set[str] = set()
    vspk_views, nuagesdk_views = _align(vspk_views, nuagesdk_views, seen)
    for index, (left, right) in enumerate(zip(vspk_views, nuagesdk_views)):
        _apply_body_differences(left, right, seen)
        assert left == right, f"request {index} differs"
    assert len(vspk_views) == len(nuagesdk_views), "the numbers of requests differ"

    expected = set(differences) | {NULL_READ_BODY}

    assert error_view(nuagesdk_run.error) == error_view(vspk_run.error)
    vspk_result = describe(vspk_run.result, vspk_run.ids)
    nuagesdk_result = describe(nuagesdk_run.result, nuagesdk_run.ids)
    _fill_result_defaults(vspk_result, nuagesdk_result, seen)
    assert nuagesdk_result == vspk_result
    vspk_state = state_view(vspk_run)
    nuagesdk_state = state_view(nuagesdk_run)
    _fill_client_defaults(vspk_state, nuagesdk_state, seen)
    vspk_state.sort(key=_canonical)
    assert nuagesdk_state == vspk_state
    assert seen == expected


@functools.cache
def client_defaults(resource_name: str) -> dict[str, Any]:
    """Return the wire values that a new vspk object of ``resource_name`` carries."""
    from nuagesdk import v6

    for class_name, (_, rest_name) in v6.API.classes.items():
        if rest_name is None or not resource_name.startswith(rest_name):
            continue
        entity_class = v6.API.load(class_name)
        if entity_class.__resource_name__ == resource_name:
            vspk_class = getattr(importlib.import_module(VSPK), class_name)
            new = vspk_class().to_dict()
            return {k: v for k, v in new.items() if v is not None}
    return {}


def _fill_result_defaults(vspk_value: Any, value: Any, seen: set[str]) -> None:
    """Copy into nuagesdk's result objects the vspk defaults that only vspk set."""
    if isinstance(vspk_value, list) and isinstance(value, list):
        for vspk_item, item in zip(vspk_value, value):
            _fill_result_defaults(vspk_item, item, seen)
        return
    if not (isinstance(vspk_value, dict) and isinstance(value, dict)):
        return
    if (
        "class" in value
        and "data" in value
        and value["class"] == vspk_value.get("class")
    ):
        entity_class = getattr(importlib.import_module(NUAGESDK), value["class"])
        defaults = client_defaults(entity_class.__resource_name__ or "")
        for key, default in vspk_value["data"].items():
            if key not in value["data"] and defaults.get(key) == default:
                value["data"][key] = default
                seen.add(CLIENT_DEFAULTS)
        return
    for key, item in value.items():
        _fill_result_defaults(vspk_value.get(key), item, seen)


def _fill_client_defaults(
    vspk_state: list[dict[str, Any]],
    nuagesdk_state: list[dict[str, Any]],
    seen: set[str],
) -> None:
    """Copy into nuagesdk's objects the vspk defaults that only vspk stored."""
    vspk_objects = {
        (entry["restName"], entry["data"].get("ID")): entry
        for entry in vspk_state
        if "data" in entry
    }
    for entry in nuagesdk_state:
        if "data" not in entry:
            continue
        twin = vspk_objects.get((entry["restName"], entry["data"].get("ID")))
        if twin is None:
            continue
        from nuagesdk import v6

        resource = v6.API.class_for_rest_name(entry["restName"]).__resource_name__
        defaults = client_defaults(resource)
        for key, value in twin["data"].items():
            if key not in entry["data"] and defaults.get(key) == value:
                entry["data"][key] = value
                seen.add(CLIENT_DEFAULTS)
    nuagesdk_state.sort(key=_canonical)


def _collapse(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    collapsed: list[dict[str, Any]] = []
    for view in views:
        if collapsed and _request_part(collapsed[-1]) == _request_part(view):
            collapsed[-1] = view
        else:
            collapsed.append(view)
    return collapsed


def _request_part(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in ("method", "path", "query", "headers", "body")}


def _align(
    vspk_views: list[dict[str, Any]],
    nuagesdk_views: list[dict[str, Any]],
    seen: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Pair the requests, folding in nuagesdk's extra page and confirmation requests."""
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    i = j = 0
    while i < len(vspk_views) and j < len(nuagesdk_views):
        vspk_view = copy.deepcopy(vspk_views[i])
        view = copy.deepcopy(nuagesdk_views[j])
        j += 1

        if view["method"] == "DELETE" and vspk_view["method"] == "DELETE":
            if ("responseChoice", "1") in vspk_view["query"] and not view["query"]:
                seen.add(DELETE_CHOICE)
                vspk_view["query"].remove(("responseChoice", "1"))
                if view["status"] == 300 and j < len(nuagesdk_views):
                    # The next request confirms the 300: the same DELETE
                    # with responseChoice.
                    view = copy.deepcopy(nuagesdk_views[j])
                    j += 1
                    view["query"].remove(("responseChoice", "1"))

        if (
            view["method"] == "GET"
            and vspk_view["method"] == "GET"
            and "X-Nuage-Page" not in vspk_view["headers"]
            and view["headers"].get("X-Nuage-Page") == "0"
        ):
            seen.add(EVERY_PAGE)
            del view["headers"]["X-Nuage-Page"]
            # The later pages of the same list have no vspk counterpart.
            page = 1
            while (
                j < len(nuagesdk_views)
                and nuagesdk_views[j]["method"] == "GET"
                and nuagesdk_views[j]["path"] == view["path"]
                and nuagesdk_views[j]["headers"].get("X-Nuage-Page") == str(page)
            ):
                view["response_body"] = _concat(
                    view["response_body"], nuagesdk_views[j]["response_body"]
                )
                j += 1
                page += 1

        left.append(vspk_view)
        right.append(view)
        i += 1
    left.extend(vspk_views[i:])
    right.extend(nuagesdk_views[j:])
    return left, right


def _concat(first: Any, second: Any) -> Any:
    first_list = [] if first is NO_BODY else list(first)
    second_list = [] if second is NO_BODY else list(second)
    return first_list + second_list


def _apply_body_differences(
    vspk_view: dict[str, Any], view: dict[str, Any], seen: set[str]
) -> None:
    method = vspk_view["method"]
    if method in ("GET", "HEAD") and vspk_view["body"] is None:
        seen.add(NULL_READ_BODY)
        vspk_view["body"] = NO_BODY
    if (
        method == "DELETE"
        and isinstance(vspk_view["body"], dict)
        and view["body"] is NO_BODY
    ):
        seen.add(DELETE_BODY)
        vspk_view["body"] = NO_BODY
    if (
        method in ("POST", "PUT")
        and isinstance(vspk_view["body"], dict)
        and isinstance(view["body"], dict)
        and vspk_view["body"] != view["body"]
    ):
        sent = view["body"]
        full = vspk_view["body"]
        missing = {k: v for k, v in sent.items() if full.get(k, object()) != v}
        assert not missing, f"nuagesdk sent values that vspk did not: {missing}"
        if method == "POST":
            # What vspk sends on top must be what the server makes anyway,
            # or one of vspk's own defaults.
            created = view["response_body"]
            created = created[0] if isinstance(created, list) and created else {}
            defaults = client_defaults(view["path"].rsplit("/", 1)[-1])
            for key, value in full.items():
                if key in sent or value is None or created.get(key) == value:
                    continue
                assert defaults.get(key) == value, f"{key}: {value!r} is no default"
                assert created.get(key) is None, f"{key}: {created.get(key)!r}"
                seen.add(CLIENT_DEFAULTS)
                created[key] = value
        seen.add(SET_ATTRIBUTES)
        vspk_view["body"] = sent


@dataclass(frozen=True)
class Case:
    """A scenario, the store it starts from and the differences it shows."""

    scenario: Scenario
    setup: Setup | None = None
    differences: tuple[str, ...] = ()
    collapse_repeats: bool = False

    @property
    def name(self) -> str:
        """The scenario function's name, used as the test ID."""
        return self.scenario.__name__


def check_case(simulator: Simulator, recorder: Recorder, case: Case) -> tuple[Run, Run]:
    """Run ``case`` through both modules, assert they match, and return the runs."""
    vspk_run, nuagesdk_run = run_pair(simulator, recorder, case.scenario, case.setup)
    compare_runs(
        vspk_run,
        nuagesdk_run,
        case.differences,
        collapse_repeats=case.collapse_repeats,
    )
    return vspk_run, nuagesdk_run
