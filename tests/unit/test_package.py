"""Public names of the runtime and lazy loading of the API packages."""

from __future__ import annotations

import subprocess
import sys

import nuagesdk
import nuagesdk.rest


def test_rest_public_names_are_pinned():
    assert sorted(nuagesdk.rest.__all__) == [
        "APIPackage",
        "Attribute",
        "AttributeAlias",
        "AuthenticationError",
        "BadRequestError",
        "BambouHTTPError",
        "BulkOperationError",
        "Children",
        "ChildrenAlias",
        "ConfirmationRequiredError",
        "ConflictError",
        "ConnectionFailedError",
        "EventStream",
        "Fetcher",
        "Filter",
        "HTTPError",
        "JobFailedError",
        "JobTimeoutError",
        "MalformedResponseError",
        "NURESTObject",
        "NURESTRootObject",
        "NURESTSession",
        "NotFoundError",
        "NuageError",
        "PermissionDeniedError",
        "PreconditionFailedError",
        "PushCenter",
        "PushEvent",
        "RESTObject",
        "RESTRootObject",
        "RequestTimeoutError",
        "RetryPolicy",
        "ServerError",
        "Session",
        "SessionError",
        "TLSError",
        "TransportError",
        "ValidationError",
        "attribute",
        "current_session",
        "where",
    ]


def test_top_level_exposes_v6_classes():
    from nuagesdk import v6

    assert nuagesdk.NUJob is v6.NUJob
    assert nuagesdk.NUVSDSession is v6.NUVSDSession


def test_version_packages_are_attributes():
    assert nuagesdk.v3_2.API.version == "3.2"
    assert nuagesdk.v5_0.API.version == "5.0"
    assert nuagesdk.v6.API.version == "6"


def test_import_loads_no_entity_module():
    program = (
        "import sys\n"
        "from nuagesdk import v6\n"
        "loaded = [m for m in sys.modules if m.startswith('nuagesdk.v6.')]\n"
        "print(len(loaded))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout

    assert output.strip() == "0"


def test_bambou_error_name_importable():
    from nuagesdk import BambouHTTPError
    from nuagesdk.rest.errors import HTTPError

    assert BambouHTTPError is HTTPError


def test_unknown_top_level_name_raises():
    try:
        nuagesdk.NotAThing  # noqa: B018
    except AttributeError as error:
        assert "NotAThing" in str(error)
    else:
        raise AssertionError("expected AttributeError")
