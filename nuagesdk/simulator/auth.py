"""Login, API keys and the seeded administrator.

Every request carries ``Authorization: XREST base64("<user>:<secret>")``
(``Basic`` is accepted too) and ``X-Nuage-Organization: <enterprise name>``.
The secret is the user's password or a valid API key. A GET on the root
object (``/me``) is the login: it returns the user with an ``APIKey`` that
stays valid for ``api_key_lifetime`` seconds. A user has one key at a
time: logging in again returns the same key until it expires.

Users are ``user`` objects of the store, so users created through the API
can log in with the password they were created with.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .errors import not_authenticated
from .store import Record, Store, new_id, now_ms

if TYPE_CHECKING:
    from .model import APIModel
    from .settings import SimulatorSettings

#: Role of the seeded administrator; other users get USER.
ADMIN_ROLE = "CSPROOT"
USER_ROLE = "USER"

_SEED_NAMESPACE = uuid.UUID("6f1c2a4e-0d7b-4c1e-9a53-2b8e7d4f6a10")


@dataclass(frozen=True)
class Identity:
    """The authenticated user of a request."""

    user: Record
    enterprise: Record
    api_key: str | None
    api_key_expiry: int | None

    @property
    def user_id(self) -> str:
        """ID of the user, recorded as ``owner`` and ``lastUpdatedBy``."""
        return self.user.id


class Authenticator:
    """Checks credentials against the store's users and hands out API keys."""

    def __init__(
        self,
        store: Store,
        settings: SimulatorSettings,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        # user ID -> (API key, expiry in epoch ms); key -> user ID.
        self._keys_by_user: dict[str, tuple[str, int]] = {}
        self._users_by_key: dict[str, str] = {}

    # -- seed ------------------------------------------------------------------

    def seed_ids(self) -> tuple[str, str]:
        """Return the IDs of the seeded enterprise and user, stable across restarts."""
        settings = self._settings
        enterprise_id = uuid.uuid5(_SEED_NAMESPACE, f"enterprise:{settings.enterprise}")
        user_id = uuid.uuid5(
            _SEED_NAMESPACE, f"user:{settings.enterprise}:{settings.username}"
        )
        return str(enterprise_id), str(user_id)

    def seed(self) -> None:
        """Create the administrator's enterprise and user if they are missing,
        and set the user's password to the configured one."""
        settings = self._settings
        enterprise_id, user_id = self.seed_ids()
        timestamp = self._clock()
        with self._store.lock:
            if self._store.get(enterprise_id) is None:
                self._store.insert(
                    Record(
                        "enterprise",
                        {
                            "ID": enterprise_id,
                            "name": settings.enterprise,
                            "description": "Enterprise of the data center administrator",
                            "parentID": None,
                            "parentType": None,
                            "entityScope": "ENTERPRISE",
                            "creationDate": timestamp,
                            "lastUpdatedDate": timestamp,
                            "owner": user_id,
                            "lastUpdatedBy": user_id,
                        },
                        {"system": True},
                    )
                )
            if self._store.get(user_id) is None:
                self._store.insert(
                    Record(
                        "user",
                        {
                            "ID": user_id,
                            "userName": settings.username,
                            "firstName": settings.username,
                            "lastName": settings.username,
                            "email": f"{settings.username}@{settings.enterprise}.invalid",
                            "parentID": enterprise_id,
                            "parentType": "enterprise",
                            "entityScope": "ENTERPRISE",
                            "creationDate": timestamp,
                            "lastUpdatedDate": timestamp,
                            "owner": user_id,
                            "lastUpdatedBy": user_id,
                        },
                    )
                )
            self._store.update_private(
                user_id,
                {"password": settings.password, "role": ADMIN_ROLE, "system": True},
            )

    def forget_keys(self) -> None:
        """Invalidate every API key (after the store is reset)."""
        with self._lock:
            self._keys_by_user.clear()
            self._users_by_key.clear()

    # -- authentication --------------------------------------------------------

    def authenticate(
        self,
        headers: Mapping[str, str],
        *,
        login: bool = False,
        client_name: str | None = None,
    ) -> Identity:
        """Return the identity that the request's headers prove.

        With ``login=True`` (a GET on the root object) the identity carries
        the user's API key, a new one when the user has none that is valid.
        An empty secret is accepted when ``client_name``, the common name of
        the request's verified TLS client certificate, is the user's name.

        Raises:
            APIError: 401 for missing, malformed or wrong credentials and for
                an expired API key.
        """
        username, secret = _read_authorization(headers.get("Authorization"))
        organization = headers.get("X-Nuage-Organization")
        if not organization:
            raise not_authenticated(
                "the X-Nuage-Organization header is missing; send the name of the "
                "user's enterprise (csp for the administrator)"
            )
        with self._store.lock:
            enterprise = self._find_enterprise(organization)
            user = self._find_user(enterprise, username) if enterprise else None
            if enterprise is None or user is None:
                raise _bad_credentials()
            if user.data.get("disabled") is True:
                raise not_authenticated(f"user {username!r} is disabled")

        if secret == "" and client_name is not None:
            # Certificate login: the header names the user, and the verified
            # client certificate must name the same user.
            if client_name != username:
                raise _bad_credentials()
            key, expiry = None, None
        else:
            key, expiry = self._check_secret(user, secret)
        if login and key is None:
            key, expiry = self._current_or_new_key(user.id)
        return Identity(user, enterprise, key, expiry)

    def is_api_key(self, secret: str) -> bool:
        """Tell whether ``secret`` is an API key from a login that no later login replaced."""
        with self._lock:
            return secret in self._users_by_key

    def _find_enterprise(self, name: str) -> Record | None:
        exact = self._store.siblings_with_value(None, "enterprise", "name", name)
        if exact:
            return self._store.get(exact[0])
        # A VSD log shows organization "csp" matching enterprise "CSP", so case
        # is ignored here too.
        folded_name = name.casefold()
        for record in self._store.of_type("enterprise"):
            value = record.data.get("name")
            if isinstance(value, str) and value.casefold() == folded_name:
                return record
        return None

    def _find_user(self, enterprise: Record, username: str) -> Record | None:
        matches = self._store.siblings_with_value(
            enterprise.id, "user", "userName", username
        )
        return self._store.get(matches[0]) if matches else None

    def _check_secret(self, user: Record, secret: str) -> tuple[str | None, int | None]:
        """Return the API key and expiry if ``secret`` is a key, ``(None, None)``
        if it is the password."""
        now = self._clock()
        with self._lock:
            owner = self._users_by_key.get(secret)
            if owner == user.id:
                key, expiry = self._keys_by_user[user.id]
                if expiry > now:
                    return key, expiry
                raise not_authenticated(
                    "the API key has expired; log in again with the password "
                    "(GET on the root object) for a new key"
                )
        if _password_matches(user.private.get("password"), secret):
            return None, None
        raise _bad_credentials()

    def _current_or_new_key(self, user_id: str) -> tuple[str, int]:
        now = self._clock()
        lifetime_ms = int(self._settings.api_key_lifetime * 1000)
        with self._lock:
            current = self._keys_by_user.get(user_id)
            if current is not None and current[1] > now:
                return current
            if current is not None:
                self._users_by_key.pop(current[0], None)
            key = new_id()
            entry = (key, now + lifetime_ms)
            self._keys_by_user[user_id] = entry
            self._users_by_key[key] = user_id
            return entry

    # -- root object -----------------------------------------------------------

    def render_me(self, model: APIModel, identity: Identity) -> dict[str, Any]:
        """Return the root object (``me``) of ``identity`` as ``model`` sends it."""
        root_class = model.root_class
        user = identity.user
        source: dict[str, Any] = {}
        for name, attribute in root_class.__remote_attributes__.items():
            if attribute.default is not None:
                source[name] = attribute.default

        source.update(user.data)
        source.update(
            {
                "parentID": None,
                "parentType": None,
                "enterpriseID": identity.enterprise.id,
                "enterpriseName": identity.enterprise.data.get("name"),
                "role": user.private.get("role", USER_ROLE),
                "APIKey": identity.api_key,
                "APIKeyExpiry": identity.api_key_expiry,
            }
        )

        rendered = model.render(
            root_class, Record(root_class.__rest_name__ or "me", source)
        )
        # Sent even where the version's class does not declare them, and the
        # API key although its attribute is secret: login is how it is handed out.
        for name in (
            "APIKey",
            "APIKeyExpiry",
            "userName",
            "enterpriseID",
            "enterpriseName",
            "role",
        ):
            rendered[name] = source.get(name)
        return rendered


def _read_authorization(header: str | None) -> tuple[str, str]:
    if not header:
        raise not_authenticated(
            'the Authorization header is missing; send "XREST " followed by '
            "base64 of user:password or user:APIKey"
        )
    scheme, _, token = header.strip().partition(" ")
    if scheme.upper() not in ("XREST", "BASIC") or not token.strip():
        raise not_authenticated(
            f"unsupported Authorization scheme {scheme!r}; use XREST with base64 of "
            "user:password or user:APIKey"
        )
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise not_authenticated(
            "the Authorization value is not base64 of UTF-8 text user:secret"
        ) from None
    username, separator, secret = decoded.partition(":")
    if not separator or not username:
        raise not_authenticated("the Authorization value must be base64 of user:secret")
    return username, secret


def _password_matches(stored: Any, password: str) -> bool:
    if not isinstance(stored, str) or not password:
        return False
    if hmac.compare_digest(stored.encode(), password.encode()):
        return True
    # API 3.2 clients send the SHA-1 hex digest when they change a password.
    digest = hashlib.sha1(password.encode("utf-8")).hexdigest()
    return hmac.compare_digest(stored.encode(), digest.encode())


def _bad_credentials() -> Exception:
    return not_authenticated("wrong user name, password, API key or organization")
