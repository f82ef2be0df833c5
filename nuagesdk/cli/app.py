"""The ``nuage`` command group: global options, error handling and ``run``."""

from __future__ import annotations

import sys
from typing import Any

import click

from nuagesdk.rest import NuageError

from .commands import COMMANDS
from .connection import (
    API_KEY_VARIABLE,
    PASSWORD_VARIABLE,
    AppState,
    GlobalOptions,
    start_request_log,
)
from .errors import EXIT_INTERRUPTED, EXIT_USAGE, explain
from .job import job_group
from .serve import generate_command, simulator_group

EPILOG = f"""\b
Environment:
  {PASSWORD_VARIABLE}   password of the user (else nuage asks for it in a terminal)
  {API_KEY_VARIABLE}    API key to use instead of a password

\b
Exit status: 0 success, 1 failure, 2 invalid input or job timeout, 130 interrupted.

\b
Tab completion (bash; zsh and fish as click documents):
  eval "$(_NUAGE_COMPLETE=bash_source nuage)"    # in ~/.bashrc

\b
Try it on a local simulator:
  nuage simulator serve --port 8443 &
  export VSD_API_URL=http://127.0.0.1:8443 VSD_USERNAME=csproot VSD_ENTERPRISE=csp
  nuage list enterprises
"""


class NuageGroup(click.Group):
    """Command group that turns SDK errors into one message and an exit status."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        # The order of registration: reading before writing, jobs, then the rest.
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NuageError as error:
            state = ctx.obj if isinstance(ctx.obj, AppState) else None
            api_url = state.options.api_url if state else None
            raise explain(error, api_url) from None


@click.group(
    cls=NuageGroup,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--api-url",
    envvar="VSD_API_URL",
    show_envvar=True,
    metavar="URL",
    help="URL of the VSD, for example https://vsd.example.net:8443.",
)
@click.option(
    "--username",
    envvar="VSD_USERNAME",
    show_envvar=True,
    help="User to log in as, for example csproot.",
)
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help=f"Ask for the password at a prompt, even when {PASSWORD_VARIABLE} is "
    "set. The password is never read from the command line.",
)
@click.option(
    "--enterprise",
    envvar="VSD_ENTERPRISE",
    show_envvar=True,
    help="Enterprise (organization) of the user, for example csp.",
)
@click.option(
    "--api-version",
    envvar="VSD_API_VERSION",
    show_envvar=True,
    default="6",
    show_default=True,
    help="VSD API version: 6, 5.0 or 3.2.",
)
@click.option(
    "--ca-bundle",
    envvar="VSD_CA_BUNDLE",
    show_envvar=True,
    metavar="FILE",
    help="PEM file of the CA that signed the VSD's certificate.",
)
@click.option(
    "--insecure",
    is_flag=True,
    help="Do not verify the VSD's TLS certificate (a lab only).",
)
@click.option(
    "--json",
    "json_mode",
    is_flag=True,
    help="Write JSON to stdout, with the VSD's attribute names; messages go to stderr.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Log each request (method, URL, status, time) to stderr; never credentials.",
)
@click.version_option(package_name="nuagesdk", prog_name="nuage")
@click.pass_context
def cli(
    ctx: click.Context,
    api_url: str | None,
    username: str | None,
    ask_password: bool,
    enterprise: str | None,
    api_version: str,
    ca_bundle: str | None,
    insecure: bool,
    json_mode: bool,
    verbose: bool,
) -> None:
    """Work with a Nuage VSD from the shell: list, show and change objects, run jobs.

    Entity names come from the VSD API model, in singular or plural and in
    any case: domain, domains, VPort, policies. 'nuage objects' lists them.
    """
    options = GlobalOptions(
        api_url=api_url,
        username=username,
        enterprise=enterprise,
        api_version=api_version,
        ca_bundle=ca_bundle,
        insecure=insecure,
        json=json_mode,
        verbose=verbose,
        ask_password=ask_password,
    )
    state = AppState(options)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if verbose:
        start_request_log(ctx)


for command in (*COMMANDS, job_group, simulator_group, generate_command):
    cli.add_command(command)


def password_given_as_value(args: list[str]) -> bool:
    """Tell whether ``--password`` is followed by a value rather than a command."""
    for index, arg in enumerate(args):
        if arg in cli.commands:
            return False
        if arg == "--password" and index + 1 < len(args):
            following = args[index + 1]
            return not following.startswith("-") and following not in cli.commands
    return False


def run(argv: list[str] | None = None) -> int:
    """Parse ``argv``, run the command, and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if password_given_as_value(args):
        # The value is not repeated: it is likely a password.
        click.echo(
            f"Error: --password takes no value. Set {PASSWORD_VARIABLE}, or give "
            "--password alone to be asked for it.",
            err=True,
        )
        return EXIT_USAGE
    try:
        result = cli.main(args=args, prog_name="nuage", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else 0
