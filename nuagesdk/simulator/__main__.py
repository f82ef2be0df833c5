"""Command line of the simulator: ``python -m nuagesdk.simulator --port 8443``.

The administrator's password comes from the VSD_SIMULATOR_PASSWORD
environment variable (default ``csproot``), never from the command line,
where other users of the machine could read it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from typing import Sequence

try:
    from .persistence import StateFileError
    from .server import Simulator
except ImportError as error:  # werkzeug is an optional dependency
    sys.exit(
        f"error: the simulator cannot start ({error}); install it with: "
        'python -m pip install "nuagesdk[simulator]"'
    )

PASSWORD_VARIABLE = "VSD_SIMULATOR_PASSWORD"


def port_number(text: str) -> int:
    """Parse a TCP port for argparse: an integer from 0 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 0 to 65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command."""
    parser = argparse.ArgumentParser(
        prog="python -m nuagesdk.simulator",
        description="Serve a simulated Nuage VSD REST API (API 6, 5.0 and 3.2).",
        epilog=f"The administrator's password is read from ${PASSWORD_VARIABLE} "
        "(default csproot).",
    )

    server = parser.add_argument_group("server")
    server.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default %(default)s)"
    )
    server.add_argument(
        "--port",
        type=port_number,
        default=8443,
        help="TCP port; 0 picks a free one (default %(default)s)",
    )
    server.add_argument(
        "--tls-cert",
        metavar="PEM",
        help="certificate file; serve HTTPS (needs --tls-key)",
    )
    server.add_argument(
        "--tls-key", metavar="PEM", help="private key file of --tls-cert"
    )
    server.add_argument(
        "--state",
        metavar="FILE",
        help="JSON file to load the objects from and save them to",
    )

    behaviour = parser.add_argument_group("behaviour")
    behaviour.add_argument(
        "--username",
        default="csproot",
        help="administrator login (default %(default)s)",
    )
    behaviour.add_argument(
        "--enterprise",
        default="csp",
        help="administrator's enterprise (default %(default)s)",
    )
    behaviour.add_argument(
        "--api-key-lifetime",
        type=float,
        default=24 * 3600.0,
        metavar="SECONDS",
        help="how long an API key stays valid (default %(default)s)",
    )
    behaviour.add_argument(
        "--job-duration",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="time a job takes from RUNNING to its end; 0 ends it at once "
        "(default %(default)s)",
    )
    behaviour.add_argument(
        "--no-confirm-deletes",
        action="store_true",
        help="delete objects with children without asking for responseChoice=1",
    )

    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="log level; DEBUG logs every request (default %(default)s)",
    )
    return parser


def build_simulator(args: argparse.Namespace) -> Simulator:
    """Return a simulator configured from parsed arguments.

    Raises:
        ValueError: an argument is invalid (only one of the TLS files, a
            negative duration).
    """
    return Simulator(
        host=args.host,
        port=args.port,
        state_file=args.state,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        username=args.username,
        password=os.environ.get(PASSWORD_VARIABLE) or "csproot",
        enterprise=args.enterprise,
        job_duration=args.job_duration,
        api_key_lifetime=args.api_key_lifetime,
        confirm_deletes=not args.no_confirm_deletes,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the simulator until interrupted; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        simulator = build_simulator(args)
        simulator.start()
    except (ValueError, OSError, StateFileError) as error:
        print(f"error: the simulator did not start: {error}", file=sys.stderr)
        return 2

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"VSD simulator at {simulator.url} (API {', '.join(simulator.models)})")
    print(
        f"log in as {simulator.username} of enterprise {simulator.enterprise}; the password "
        f"is ${PASSWORD_VARIABLE} or csproot. Stop with Ctrl+C."
    )
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    try:
        simulator.stop()
    except OSError as error:
        print(f"error: writing the state file failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
