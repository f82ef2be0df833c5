"""A request as the handlers see it, and the reply they return."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from .errors import bad_request

if TYPE_CHECKING:
    from .auth import Identity
    from .model import APIModel

#: Marks a reply without a body.
NO_BODY: Any = object()


@dataclass
class Reply:
    """A response before encoding: status, JSON body (or NO_BODY) and headers."""

    status: int
    body: Any = NO_BODY
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """One request as the handlers see it."""

    method: str
    parts: list[str]
    model: APIModel
    headers: Mapping[str, str]
    args: Any  # werkzeug MultiDict: get() and getlist()
    raw_body: bytes
    #: Common name of the verified TLS client certificate, if one was sent.
    client_certificate_name: str | None = None
    identity: Identity | None = None
    _body: Any = NO_BODY

    def json(self) -> Any:
        """Return the decoded JSON body.

        Raises:
            APIError: 400 when the body is empty, not UTF-8 or not JSON.
        """
        if self._body is NO_BODY:
            self._body = decode_json(self.raw_body)
        return self._body

    def header_text(self, name: str) -> str | None:
        """Return a header value decoded as UTF-8 (HTTP hands it over as Latin-1)."""
        value = self.headers.get(name)
        if value is None:
            return None
        try:
            return value.encode("latin-1").decode("utf-8")
        except UnicodeError:
            raise bad_request(
                f"the {name} header is not valid UTF-8", title="Invalid header"
            ) from None

    def response_choice(self) -> int | None:
        """Return the ``responseChoice`` query parameter as a number, if given."""
        text = self.args.get("responseChoice")
        if text is None:
            return None
        try:
            return int(text)
        except ValueError:
            raise bad_request(
                f"responseChoice must be a number (1 confirms), got {text!r}"
            ) from None


def decode_json(raw: bytes) -> Any:
    """Decode a request body; NaN and Infinity are not JSON and are rejected.

    Raises:
        APIError: 400 naming the line and column of a syntax error.
    """
    if not raw.strip():
        raise bad_request(
            "the request body is empty; send a JSON document", title="Invalid body"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise bad_request(
            f"the request body is not UTF-8 (invalid byte at offset {error.start})",
            title="Invalid body",
        ) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise bad_request(
            f"the request body is not valid JSON: {error.msg} at line {error.lineno} "
            f"column {error.colno}",
            title="Malformed JSON",
        ) from None
    except (ValueError, RecursionError) as error:
        raise bad_request(
            f"the request body is not valid JSON: {error}", title="Malformed JSON"
        ) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")
