"""Errors the simulator returns, in the VSD error body shape.

A handler raises :class:`APIError`; the application turns it into a
response whose body is::

    {"errors": [{"property": "name",
                 "descriptions": [{"title": "...", "description": "..."}]}],
     "internalErrorCode": 2510}

``property`` is the remote attribute name, or ``""`` for an error about the
request as a whole.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

# internalErrorCode values. VSD uses 2510 for a duplicate object and 2039 for
# an update that changes nothing. NOTE: VSD's numbers for the other cases are
# not documented; the simulator uses its own, numbered after the HTTP status.
DUPLICATE_OBJECT = 2510
NOTHING_TO_CHANGE = 2039
INVALID_REQUEST = 2400
NOT_AUTHENTICATED = 2401
NOT_FOUND = 2404
METHOD_NOT_ALLOWED = 2405
CONFLICT = 2409
BODY_TOO_LARGE = 2413
CONFIRMATION_REQUIRED = 2300
SERVER_ERROR = 2500


class Problem(NamedTuple):
    """One entry of a VSD error list."""

    property: str
    title: str
    description: str


class APIError(Exception):
    """A request the simulator rejects, with the status and VSD body to send."""

    def __init__(
        self,
        status: int,
        title: str,
        description: str,
        *,
        property: str = "",
        internal_code: int | None = None,
        problems: Iterable[Problem] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.problems = list(problems) if problems is not None else []
        if not self.problems:
            self.problems.append(Problem(property, title, description))
        self.internal_code = (
            internal_code if internal_code is not None else 2000 + status
        )
        self.extra = extra or {}
        super().__init__(
            f"{status} {self.problems[0].title}: {self.problems[0].description}"
        )

    @classmethod
    def from_problems(
        cls, status: int, problems: list[Problem], internal_code: int | None = None
    ) -> APIError:
        """Build one error that reports every problem in ``problems``."""
        first = problems[0]
        return cls(
            status,
            first.title,
            first.description,
            internal_code=internal_code,
            problems=problems,
        )

    def body(self) -> dict[str, Any]:
        """Return the JSON body of the error response."""
        grouped: dict[str, list[dict[str, str]]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.property, []).append(
                {"title": problem.title, "description": problem.description}
            )
        body: dict[str, Any] = {
            "errors": [
                {"property": name, "descriptions": descriptions}
                for name, descriptions in grouped.items()
            ],
            "internalErrorCode": self.internal_code,
        }
        body.update(self.extra)
        return body


def bad_request(
    description: str, *, property: str = "", title: str = "Invalid request"
) -> APIError:
    """Return a 400 error."""
    return APIError(
        400, title, description, property=property, internal_code=INVALID_REQUEST
    )


def not_found(description: str) -> APIError:
    """Return a 404 error."""
    return APIError(404, "Not found", description, internal_code=NOT_FOUND)


def method_not_allowed(description: str) -> APIError:
    """Return a 405 error."""
    return APIError(
        405, "Method not allowed", description, internal_code=METHOD_NOT_ALLOWED
    )


def conflict(
    description: str, *, title: str = "Conflict", property: str = ""
) -> APIError:
    """Return a 409 error."""
    return APIError(409, title, description, property=property, internal_code=CONFLICT)


def not_authenticated(description: str) -> APIError:
    """Return a 401 error."""
    return APIError(
        401, "Authentication failed", description, internal_code=NOT_AUTHENTICATED
    )
