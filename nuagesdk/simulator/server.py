"""The simulator's lifecycle: build the services, serve HTTP on 127.0.0.1, stop.

::

    with Simulator() as sim:                 # port 0: the OS picks a free port
        session = sim.session(version="6")   # a started nuagesdk.v6.NUVSDSession
        session.user.enterprises.get()
"""

from __future__ import annotations

import importlib
import logging
import ssl
import threading
from typing import TYPE_CHECKING, Any, Iterable, Union

from .app import RequestHook, SimulatorApp
from .auth import Authenticator
from .events import EventChannels
from .jobs import JobRunner
from .model import APIModel, APIPackageLike
from .persistence import StateWriter, load_state
from .resources import Resources
from .settings import SimulatorSettings
from .store import Store

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from werkzeug.serving import BaseWSGIServer

    from nuagesdk.rest.session import Session

logger = logging.getLogger(__name__)

#: API versions served when none are named, each if its package is present.
DEFAULT_VERSIONS = ("6", "5.0", "3.2")

VersionLike = Union[str, APIPackageLike]


def package_for_version(version: str) -> APIPackageLike:
    """Return the generated API package of ``version`` (``"6"`` -> ``nuagesdk.v6.API``).

    Raises:
        ImportError: no such package is installed.
    """
    module = importlib.import_module(f"nuagesdk.v{version.replace('.', '_')}")
    return module.API


def _load_packages(versions: Iterable[VersionLike] | None) -> list[APIPackageLike]:
    if versions is not None:
        return [package_for_version(v) if isinstance(v, str) else v for v in versions]
    packages = []
    for version in DEFAULT_VERSIONS:
        try:
            packages.append(package_for_version(version))
        except ImportError:
            logger.warning(
                "API %s is not served: its package nuagesdk.v%s is missing",
                version,
                version.replace(".", "_"),
            )
    if not packages:
        raise ImportError(
            "no generated API package (nuagesdk.v6, v5_0, v3_2) is importable"
        )
    return packages


class Simulator:
    """A VSD simulator serving HTTP (or HTTPS) on 127.0.0.1.

    Args:
        port: TCP port; 0 lets the OS pick a free one (see :attr:`port`).
        host: address to bind; the default 127.0.0.1 keeps it local.
        versions: API versions to serve, as version strings or generated
            API packages; by default 6, 5.0 and 3.2.
        state_file: JSON file the store is loaded from at start and saved
            to after changes.
        tls_cert, tls_key: PEM files; when given, the simulator serves HTTPS.
        tls_client_ca: PEM file of the CA whose client certificates log in
            the user their common name names (with an empty secret).
        settings: behaviour; keyword arguments override single fields,
            e.g. ``Simulator(job_duration=0, password="secret")``.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        versions: Iterable[VersionLike] | None = None,
        state_file: str | None = None,
        tls_cert: str | None = None,
        tls_key: str | None = None,
        tls_client_ca: str | None = None,
        settings: SimulatorSettings | None = None,
        **setting_changes: Any,
    ) -> None:
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("TLS needs both tls_cert and tls_key")
        base = settings if settings is not None else SimulatorSettings()
        self.settings = base.replace(**setting_changes) if setting_changes else base
        self.host = host
        self.requested_port = port
        self.state_file = state_file
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.tls_client_ca = tls_client_ca

        self.models = {
            package.version: APIModel(package) for package in _load_packages(versions)
        }
        self.store = Store()
        self.auth = Authenticator(self.store, self.settings)
        self.jobs = JobRunner(self.store, self.settings, self.models)
        self.resources = Resources(self.store, self.settings, self.auth, self.jobs)
        #: The event channel: every change of the store queues an event.
        self.events = EventChannels(self.settings)
        self.store.add_listener(self.events.record)
        self.app = SimulatorApp(
            self.models.values(),
            self.resources,
            self.store,
            self.settings,
            events=self.events,
        )
        #: WSGI application the server calls for each request. Middleware
        #: such as :class:`~nuagesdk.simulator.recording.Recorder` wraps it.
        #: A change applies from the next request on, also while serving.
        self.wsgi_app: WSGIApplication = self.app
        self._writer: StateWriter | None = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._loaded = False

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> Simulator:
        """Load the state file, seed the administrator and start serving.

        Raises:
            StateFileError: the state file exists but cannot be read.
            OSError: the port cannot be bound.
        """
        if self._server is not None:
            return self
        if not self._loaded:
            self._load()
        self.events.reopen()
        self.jobs.start()
        self.jobs.resume()
        if self.state_file is not None:
            self._writer = StateWriter(
                self.store, self.state_file, self.settings.state_write_delay
            )
            self._writer.start()
            self._writer.flush()
            self.app.after_change.append(self._writer.notify)

        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            # How often the loop checks for stop(): a short interval makes
            # stop() return quickly.
            kwargs={"poll_interval": 0.05},
            name=f"nuagesdk-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.info(
            "VSD simulator serving %s (API %s)", self.url, ", ".join(self.models)
        )
        return self

    def _load(self) -> None:
        if self.state_file is not None:
            snapshot = load_state(self.state_file)
            if snapshot is not None:
                try:
                    self.store.restore(snapshot)
                except ValueError as error:
                    from .persistence import StateFileError

                    raise StateFileError(f"{self.state_file}: {error}") from None
                logger.info(
                    "loaded %d objects from %s", len(self.store), self.state_file
                )
        self.auth.seed()
        self._loaded = True

    def _make_server(self) -> BaseWSGIServer:
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            # Headers and body go out in separate writes; without TCP_NODELAY
            # the body waits for the client's delayed ACK.
            disable_nagle_algorithm = True

            # The application logs each request at DEBUG; werkzeug would log
            # it again at INFO.
            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                pass

        context = None
        if self.tls_cert is not None and self.tls_key is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.tls_cert, self.tls_key)
            if self.tls_client_ca is not None:
                # Optional: clients without a certificate still log in with
                # a password or an API key.
                context.verify_mode = ssl.CERT_OPTIONAL
                context.load_verify_locations(self.tls_client_ca)
        return make_server(
            self.host,
            self.requested_port,
            self._serve_wsgi,
            threaded=True,
            request_handler=QuietHandler,
            ssl_context=context,
        )

    def _serve_wsgi(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        # Looked up per request so that wrapping wsgi_app works while serving.
        return self.wsgi_app(environ, start_response)

    def stop(self) -> None:
        """Stop serving, stop the job worker and write the state file.

        Raises:
            OSError: the final write of the state file failed.
        """
        # Polls that wait for events return now, so their threads end.
        self.events.close()
        server = self._server
        if server is not None:
            server.shutdown()
            server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.jobs.stop()
        writer = self._writer
        if writer is not None:
            self.app.after_change.remove(writer.notify)
            self._writer = None
            writer.stop()
        logger.info("VSD simulator stopped")

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def is_running(self) -> bool:
        """Whether the server is serving."""
        return self._server is not None

    # -- addresses and credentials -------------------------------------------------

    @property
    def port(self) -> int:
        """TCP port served (the one the OS picked when port 0 was asked)."""
        if self._server is None:
            raise RuntimeError("the simulator is not started; call start() first")
        return int(self._server.server_port)

    @property
    def url(self) -> str:
        """API URL to give a session: ``http://127.0.0.1:<port>`` (https with TLS)."""
        scheme = "https" if self.tls_cert is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def base_url(self, version: str = "6") -> str:
        """Return the URL of one API version, e.g. ``http://127.0.0.1:8443/nuage/api/v6``."""
        model = self._model(version)
        return f"{self.url}/{model.prefix}/{model.url_segment}"

    @property
    def username(self) -> str:
        """Login name of the seeded administrator."""
        return self.settings.username

    @property
    def password(self) -> str:
        """Password of the seeded administrator."""
        return self.settings.password

    @property
    def enterprise(self) -> str:
        """Enterprise (organization) of the seeded administrator."""
        return self.settings.enterprise

    def _model(self, version: str) -> APIModel:
        model = self.models.get(version)
        if model is None:
            raise ValueError(
                f"API {version!r} is not served; served versions: {', '.join(self.models)}"
            )
        return model

    # -- helpers for tests and scripts ---------------------------------------------

    def session(self, version: str = "6", **session_options: Any) -> Session:
        """Return a started session of the seeded administrator for ``version``.

        ``session_options`` go to the session class (``timeout=``, ...). With
        TLS, the certificate file is used as the CA bundle unless
        ``ca_bundle`` or ``verify`` is given.
        """
        self._model(version)
        module = importlib.import_module(f"nuagesdk.v{version.replace('.', '_')}")
        if self.tls_cert is not None and "verify" not in session_options:
            session_options.setdefault("ca_bundle", self.tls_cert)
        session = module.NUVSDSession(
            username=self.username,
            password=self.password,
            enterprise=self.enterprise,
            api_url=self.url,
            **session_options,
        )
        session.start()
        return session

    def reset(self) -> None:
        """Delete every object, invalidate every API key and seed the administrator again."""
        with self.store.lock:
            self.store.clear()
            self.auth.forget_keys()
            self.auth.seed()
        if self._writer is not None:
            self._writer.notify()

    def add_request_hook(self, hook: RequestHook) -> None:
        """Run ``hook(request, route)`` before each request's handlers.

        A werkzeug response returned by the hook is sent as the response.
        ``None`` lets the request through.
        """
        self.app.before_request.append(hook)

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<Simulator {where} API {', '.join(self.models)}>"
