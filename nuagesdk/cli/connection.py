"""Global options of the ``nuage`` command and the VSD session built from them."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

import click

from nuagesdk.rest import AuthenticationError, NuageError

from .errors import CommandError, InputError, explain
from .output import Output

if TYPE_CHECKING:
    from nuagesdk.rest import APIPackage, Session

#: Environment variables read only from the environment: secrets never come
#: from the command line, where other users of the machine can read them.
PASSWORD_VARIABLE = "VSD_PASSWORD"
API_KEY_VARIABLE = "VSD_API_KEY"

#: API versions with a generated package, and the spellings accepted for each.
API_VERSIONS = {"6": "6", "v6": "6", "5.0": "5.0", "5": "5.0", "5_0": "5.0"}
API_VERSIONS.update({"v5_0": "5.0", "3.2": "3.2", "3_2": "3.2", "v3_2": "3.2"})
SUPPORTED_VERSIONS = ("6", "5.0", "3.2")


def stdin_is_terminal() -> bool:
    """Tell whether a person can answer a prompt on standard input."""
    return sys.stdin is not None and sys.stdin.isatty()


@dataclass
class GlobalOptions:
    """Values of the options given before the command name."""

    api_url: str | None = None
    username: str | None = None
    enterprise: str | None = None
    api_version: str = "6"
    ca_bundle: str | None = None
    insecure: bool = False
    json: bool = False
    verbose: bool = False
    ask_password: bool = False


def normalize_version(text: str) -> str:
    """Return the canonical API version (``6``, ``5.0``, ``3.2``) for ``text``.

    Raises:
        InputError: no generated package serves that version.
    """
    version = API_VERSIONS.get(text.strip().lower())
    if version is None:
        raise InputError(
            f"API version {text!r} is not supported; use one of "
            f"{', '.join(SUPPORTED_VERSIONS)} (--api-version or VSD_API_VERSION)"
        )
    return version


def api_module(version: str) -> ModuleType:
    """Return the generated package of an API version (``nuagesdk.v6``)."""
    return importlib.import_module(f"nuagesdk.v{version.replace('.', '_')}")


class AppState:
    """State shared by the commands: the options, the API package and the session.

    The session logs in on first use, so commands that need no VSD
    (``objects``, ``generate``, ``simulator serve``) never ask for a password.
    """

    def __init__(self, options: GlobalOptions) -> None:
        self.options = options
        self.version = normalize_version(options.api_version)
        self.output = Output(options.json)
        self._session: Session | None = None

    @property
    def api(self) -> APIPackage:
        """Registry of the entity classes of the chosen API version."""
        return api_module(self.version).API

    def session(self) -> Session:
        """Return the started session, logging in on the first call.

        Raises:
            CommandError: a setting is missing or the login failed.
        """
        if self._session is None:
            session = self._build_session()
            try:
                session.start()
            except AuthenticationError as error:
                session.close()
                raise self._login_failed(session, error) from None
            except NuageError as error:
                session.close()
                raise explain(error, self.options.api_url) from None
            self._session = session
            # Objects made from an ID alone find the session through this.
            session.__enter__()
        return self._session

    def close(self) -> None:
        """Release the session and its HTTP connections."""
        if self._session is not None:
            self._session.__exit__(None, None, None)
            self._session.close()
            self._session = None

    def _build_session(self) -> Session:
        options = self.options
        missing = []
        if not options.api_url:
            missing.append("the VSD URL (--api-url or VSD_API_URL)")
        if not options.username:
            missing.append("the user name (--username or VSD_USERNAME)")
        if not options.enterprise:
            missing.append("the user's enterprise (--enterprise or VSD_ENTERPRISE)")
        if missing:
            raise InputError(
                "missing " + ", ".join(missing) + ". For example: export "
                "VSD_API_URL=https://vsd.example.net:8443 VSD_USERNAME=csproot "
                "VSD_ENTERPRISE=csp"
            )
        api_url = check_api_url(options.api_url or "")
        verify = self._tls_verification()
        password, api_key = self._credentials()
        try:
            return api_module(self.version).NUVSDSession(
                username=options.username,
                password=password,
                enterprise=options.enterprise,
                api_url=api_url,
                api_key=api_key,
                verify=verify is not False,
                ca_bundle=verify if isinstance(verify, str) else None,
            )
        except NuageError as error:
            raise InputError(str(error)) from None

    def _tls_verification(self) -> bool | str:
        options = self.options
        if options.insecure:
            if options.ca_bundle:
                raise InputError("give either --insecure or --ca-bundle, not both")
            click.echo(
                "Warning: TLS certificate verification is off (--insecure). Anyone "
                "on the network path can pose as the VSD and read the password; "
                "use --ca-bundle with a VSD whose certificate a private CA signed.",
                err=True,
            )
            # One warning above instead of one per request from urllib3.
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
            return False
        if options.ca_bundle:
            if not Path(options.ca_bundle).is_file():
                raise InputError(
                    f"CA bundle {options.ca_bundle!r} not found (--ca-bundle or "
                    "VSD_CA_BUNDLE); give the path of a PEM file"
                )
            return options.ca_bundle
        return True

    def _credentials(self) -> tuple[str | None, str | None]:
        """Return ``(password, api_key)``: asked, or read from the environment."""
        options = self.options
        if options.ask_password:
            return self._prompt_password(), None
        password = os.environ.get(PASSWORD_VARIABLE) or None
        api_key = os.environ.get(API_KEY_VARIABLE) or None
        if password is not None or api_key is not None:
            return password, api_key
        if stdin_is_terminal():
            return self._prompt_password(), None
        raise InputError(
            f"no password: set {PASSWORD_VARIABLE} (or {API_KEY_VARIABLE} with an "
            "API key), or run nuage in a terminal to be asked for it"
        )

    def _prompt_password(self) -> str:
        options = self.options
        return str(
            click.prompt(
                f"Password of {options.username}@{options.enterprise}",
                hide_input=True,
                err=True,
            )
        )

    def _login_failed(
        self, session: Session, error: AuthenticationError
    ) -> CommandError:
        details = "; ".join(str(detail) for detail in error.errors) or error.reason
        account = f"{session.username} of enterprise {session.enterprise}"
        if session.password is None and session.api_key is not None:
            return CommandError(
                f"login to {session.api_url} as {account} failed: the VSD rejected the "
                f"API key ({details}). API keys expire; unset {API_KEY_VARIABLE} "
                f"and set {PASSWORD_VARIABLE} to log in with the password and get "
                "a new key."
            )
        return CommandError(
            f"login to {session.api_url} as {account} failed: the VSD rejected the "
            f"credentials ({details}). Check the user name (--username, "
            "VSD_USERNAME), the enterprise (--enterprise, VSD_ENTERPRISE) and the "
            f"password ({PASSWORD_VARIABLE} or the prompt)."
        )


def check_api_url(url: str) -> str:
    """Return ``url`` without a trailing slash, or raise when it cannot be a VSD URL.

    Raises:
        InputError: the URL is not http(s), has no host, carries credentials
            or contains the API path.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"invalid VSD URL {url!r}: give https://HOST:PORT, for example "
            "https://vsd.example.net:8443 (--api-url or VSD_API_URL)"
        )
    if parts.username is not None or parts.password is not None:
        # The URL is not repeated because it contains a secret.
        raise InputError(
            "the VSD URL must not contain a user name or password; give them with "
            f"--username and {PASSWORD_VARIABLE} instead"
        )
    if "/nuage/api" in parts.path:
        raise InputError(
            f"the VSD URL {url!r} contains the API path; give only "
            "https://HOST:PORT, nuage adds /nuage/api/v<version> itself"
        )
    return url.rstrip("/")


class StderrLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log handler of ``--verbose``: one line per record on the current stderr."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        # Look stderr up each time: tests and pagers swap it.
        self.stream = sys.stderr
        super().emit(record)


#: Loggers of the SDK's requests and logins, shown by --verbose.
REQUEST_LOGGERS = ("nuagesdk.transport", "nuagesdk.rest")


def start_request_log(
    ctx: click.Context, names: tuple[str, ...] = REQUEST_LOGGERS
) -> None:
    """Send the named loggers' records to stderr until the command ends."""
    handler = StderrLogHandler()
    for name in names:
        logger = logging.getLogger(name)
        previous_level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        ctx.call_on_close(_restore(logger, handler, previous_level))


def _restore(
    logger: logging.Logger, handler: logging.Handler, level: int
) -> Callable[[], None]:
    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    return restore
