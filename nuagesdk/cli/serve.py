"""``nuage simulator serve`` and ``nuage generate``: commands that need no VSD."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

import click

from .connection import AppState, start_request_log
from .errors import EXIT_FAILED, CommandError, InputError

#: The simulator's administrator password comes from this variable, never
#: from the command line.
SIMULATOR_PASSWORD_VARIABLE = "VSD_SIMULATOR_PASSWORD"
DEFAULT_SIMULATOR_PASSWORD = "csproot"


@click.group("simulator", short_help="Run a local VSD simulator.")
def simulator_group() -> None:
    """Run a local VSD simulator, for trying nuage and testing scripts."""


@simulator_group.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8443,
    show_default=True,
    help="TCP port on 127.0.0.1; 0 picks a free one.",
)
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="JSON file to load the objects from at start and save them to.",
)
@click.option(
    "--tls-cert",
    type=click.Path(exists=True, dir_okay=False),
    metavar="PEM",
    help="Certificate file: serve HTTPS (needs --tls-key).",
)
@click.option(
    "--tls-key",
    type=click.Path(exists=True, dir_okay=False),
    metavar="PEM",
    help="Private key file of --tls-cert.",
)
@click.option(
    "--job-duration",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    metavar="SECONDS",
    help="Time a job takes from RUNNING to its end; 0 ends it at once.",
)
@click.option(
    "--api-key-lifetime",
    type=click.FloatRange(min=0, min_open=True),
    default=24 * 3600.0,
    show_default=True,
    metavar="SECONDS",
    help="How long an API key stays valid after login.",
)
@click.pass_obj
def serve_command(
    state: AppState,
    port: int,
    state_file: str | None,
    tls_cert: str | None,
    tls_key: str | None,
    job_duration: float,
    api_key_lifetime: float,
) -> None:
    """Serve a simulated VSD on 127.0.0.1 until Ctrl+C.

    It serves API 6, 5.0 and 3.2 with one administrator, csproot of
    enterprise csp, whose password is $VSD_SIMULATOR_PASSWORD (default
    csproot). With --json, one line of JSON on stdout gives its URL.
    """
    if (tls_cert is None) != (tls_key is None):
        raise InputError("HTTPS needs both --tls-cert and --tls-key")
    try:
        from nuagesdk.simulator import Simulator
    except ImportError as error:
        raise CommandError(
            f'the simulator needs werkzeug ({error}): pip install "nuagesdk[simulator]"'
        ) from None

    password = os.environ.get(SIMULATOR_PASSWORD_VARIABLE) or DEFAULT_SIMULATOR_PASSWORD
    try:
        simulator = Simulator(
            port=port,
            state_file=state_file,
            tls_cert=tls_cert,
            tls_key=tls_key,
            password=password,
            job_duration=job_duration,
            api_key_lifetime=api_key_lifetime,
        )
        simulator.start()
    except (ValueError, OSError) as error:
        raise CommandError(f"cannot start the simulator: {error}") from None

    if state.options.verbose:
        start_request_log(click.get_current_context(), ("nuagesdk.simulator",))
    announce(state, simulator)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        try:
            simulator.stop()
        except OSError as error:
            raise CommandError(
                f"writing the state file failed: {error}", EXIT_FAILED
            ) from None
    state.output.message("Simulator stopped.")


def announce(state: AppState, simulator: object) -> None:
    """Say where the simulator serves and how to log in to it."""
    url = simulator.url  # type: ignore[attr-defined]
    username = simulator.username  # type: ignore[attr-defined]
    enterprise = simulator.enterprise  # type: ignore[attr-defined]
    versions = list(simulator.models)  # type: ignore[attr-defined]
    output = state.output
    if output.json_mode:
        output.json_line(
            {
                "url": url,
                "username": username,
                "enterprise": enterprise,
                "versions": versions,
            }
        )
        return
    click.echo(f"VSD simulator serving {url} (API {', '.join(versions)}).")
    click.echo(
        f"Log in as {username} of enterprise {enterprise} with the simulator's "
        "password (see 'nuage simulator serve --help'):"
    )
    click.echo(
        f"  export VSD_API_URL={url} VSD_USERNAME={username} VSD_ENTERPRISE={enterprise}"
    )
    if url.startswith("https:"):
        click.echo(f"  export VSD_CA_BUNDLE={simulator.tls_cert}")  # type: ignore[attr-defined]
    click.echo("Stop it with Ctrl+C.")
    sys.stdout.flush()


@click.command("generate")
@click.argument("specs_dir", type=click.Path(file_okay=False), metavar="SPECS_DIR")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder of the package to write, for example mypkg/v7.",
)
@click.option(
    "--docs",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder for the reference pages of the entities.",
)
@click.pass_obj
def generate_command(
    state: AppState, specs_dir: str, out: str, docs: str | None
) -> None:
    """Generate an API package from a folder of VSD API spec files.

    SPECS_DIR contains api.info and the monolithe .spec files of one API
    version. Exit status 2 means the specs are invalid, 1 that a file could
    not be written.
    """
    from nuagesdk.codegen.__main__ import main as generator_main

    argv = [specs_dir, "--out", out]
    if docs:
        argv += ["--docs", docs]
    output = state.output
    # In JSON mode the generator's report goes to stderr with the other
    # messages; stdout gets one JSON object.
    target = sys.stderr if output.json_mode else sys.stdout
    with contextlib.redirect_stdout(target):
        status = generator_main(argv)
    if status != 0:
        click.get_current_context().exit(status)
    if output.json_mode:
        modules = sorted(path.name for path in Path(out).glob("*.py"))
        output.json({"out": out, "docs": docs, "modules": modules})
