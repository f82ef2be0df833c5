"""``nuage job run``: create a job under an object and follow it to its end."""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from nuagesdk.rest import JobFailedError, JobTimeoutError

from .commands import (
    describe,
    open_parent,
    parameters_option,
    parent_must_exist,
    parent_option,
)
from .completion import complete_job_command
from .connection import AppState
from .entities import resolve_entity
from .errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_JOB_TIMEOUT, InputError
from .values import apply_parameters

if TYPE_CHECKING:
    from nuagesdk.rest import RESTObject

#: Polling of a running job: first interval and longest interval, in seconds.
POLL_INTERVAL = 0.5
MAX_POLL_INTERVAL = 2.0

#: Attributes shown for a job in table mode; its result follows as JSON.
JOB_FIELDS = ("ID", "command", "status", "progress", "parentType", "parentID")


@click.group("job")
def job_group() -> None:
    """Run VSD jobs (policy changes, exports, audits, ...)."""


def match_command(job_class: type[RESTObject], text: str) -> str:
    """Return the job command that ``text`` names, ignoring case."""
    choices = job_class.__remote_attributes__["command"].choices or ()
    command = text.strip().upper().replace("-", "_")
    if command in choices:
        return command
    close = difflib.get_close_matches(command, list(choices), n=2)
    hint = " Did you mean " + " or ".join(close) + "?" if close else ""
    raise InputError(
        f"unknown job command {text!r}.{hint} Press Tab twice after 'nuage job "
        "run' to list them, with completion installed (see nuage --help)."
    )


def check_allowed(parent_class: type[RESTObject], command: str) -> None:
    """Reject a command that the parent's entity does not run."""
    allowed = parent_class.__allowed_job_commands__
    if allowed and command not in allowed:
        raise InputError(
            f"{command} cannot run under {parent_class.__rest_name__} objects; the "
            f"commands allowed there are {', '.join(allowed)}"
        )


@job_group.command("run")
@click.argument("command", shell_complete=complete_job_command)
@parent_option(required=True)
@parameters_option
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="Follow the job with a progress bar until it ends, or return at once.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop waiting after this many seconds (exit status 2); the job "
    "keeps running on the VSD.",
)
@click.pass_obj
def run_command(
    state: AppState,
    command: str,
    parent: tuple[str, str],
    parameters: tuple[str, ...],
    wait: bool,
    timeout: float,
) -> None:
    """Create a job with COMMAND under a parent object and wait for its end.

    Exit status: 0 when the job ends SUCCESS, 1 when it ends FAILED (its
    result gives the reason), 2 when it still runs at --timeout.

    \b
    Examples:
      nuage job run BEGIN_POLICY_CHANGES --in domain 9a7b...
      nuage --json job run export --in domain 9a7b... | jq .result > export.json
    """
    api = state.api
    job_class = api.class_for_rest_name("job")
    job = job_class(command=match_command(job_class, command))
    if any(p.partition("=")[0].rstrip(":").lower() == "command" for p in parameters):
        raise InputError("give the job command as the COMMAND argument, not with -p")
    apply_parameters(job, parameters)
    check_allowed(resolve_entity(api, parent[0]), job.command)

    parent_object = open_parent(state, job_class, parent, "create")
    with parent_must_exist(parent_object):
        if parent_object.__rest_name__ != api.root_rest_name:
            parent_object.fetch()
        parent_object.create_child(job, commit=False)
    output = state.output
    output.message(
        f"Started job {job.command} (ID {job.id}) on {describe(parent_object)}."
    )
    if not wait:
        output.message(f"Follow it with: nuage show job {job.id}")
        show_job(state, job)
        return

    ctx = click.get_current_context()
    try:
        follow(job, timeout)
    except JobFailedError:
        show_job(state, job)
        output.message(f"Job {job.command} (ID {job.id}) FAILED.")
        ctx.exit(EXIT_FAILED)
    except JobTimeoutError as error:
        show_job(state, job)
        output.message(
            f"{error}. The job keeps running on the VSD; follow it with: "
            f"nuage show job {job.id}"
        )
        ctx.exit(EXIT_JOB_TIMEOUT)
    except KeyboardInterrupt:
        output.message(
            f"Stopped waiting. The job keeps running on the VSD; follow it with: "
            f"nuage show job {job.id}"
        )
        ctx.exit(EXIT_INTERRUPTED)
    output.message(f"Job {job.command} (ID {job.id}) ended SUCCESS.")
    show_job(state, job)


def follow(job: Any, timeout: float) -> None:
    """Wait for the job, with a progress bar on stderr when it is a terminal.

    Raises:
        JobFailedError: the job ended FAILED.
        JobTimeoutError: the job still ran after ``timeout`` seconds.
    """
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(f"{job.command} {job.status}", total=1.0)

        def show(current: Any) -> None:
            progress.update(
                task,
                completed=_fraction(current.progress),
                description=f"{current.command} {current.status}",
            )

        show(job)
        try:
            job.wait(
                timeout=timeout,
                interval=POLL_INTERVAL,
                max_interval=MAX_POLL_INTERVAL,
                on_progress=show,
            )
        finally:
            show(job)


def _fraction(progress: Any) -> float:
    if isinstance(progress, (int, float)) and not isinstance(progress, bool):
        return min(max(float(progress), 0.0), 1.0)
    return 0.0


def show_job(state: AppState, job: Any) -> None:
    """Write the job: all of it as JSON, or its state and then its result."""
    output = state.output
    if output.json_mode:
        output.object(job)
        return
    remote = type(job).__remote_attributes__
    output.object(job, [remote[name] for name in JOB_FIELDS if name in remote])
    if job.result is not None:
        click.echo("result:")
        click.echo(json.dumps(job.result, indent=2, ensure_ascii=False))
