"""The hand-written runtime of nuagesdk: entities, fetchers, sessions and errors.

Generated API packages (``nuagesdk.v6``, ...) build on these classes.
"""

from .attribute import Attribute, AttributeAlias
from .children import Children, ChildrenAlias
from .errors import (
    AuthenticationError,
    BadRequestError,
    BambouHTTPError,
    BulkOperationError,
    ConfirmationRequiredError,
    ConflictError,
    ConnectionFailedError,
    HTTPError,
    JobFailedError,
    JobTimeoutError,
    MalformedResponseError,
    NotFoundError,
    NuageError,
    PermissionDeniedError,
    PreconditionFailedError,
    RequestTimeoutError,
    ServerError,
    SessionError,
    TLSError,
    TransportError,
    ValidationError,
)
from .fetcher import Fetcher
from .filters import Filter, attribute, where
from .object import NURESTObject, NURESTRootObject, RESTObject, RESTRootObject
from .package import APIPackage
from .push_center import EventStream, PushCenter, PushEvent
from .retry import RetryPolicy
from .session import NURESTSession, Session, current_session

__all__ = [
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
