"""Settings of the simulator: credentials, paging, confirmations, jobs, limits."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping

#: Shapes of a collection response with no object in it.
EMPTY_LIST_RESPONSES = ("empty", "list", "no_content")

#: Attributes the simulator keeps unique among the children of one parent, on
#: top of the attributes the model marks unique. VSD rejects a second
#: enterprise or domain with the same name; the API specifications do not
#: mark these attributes unique.
DEFAULT_EXTRA_UNIQUE: Mapping[str, tuple[str, ...]] = {
    "enterprise": ("name",),
    "user": ("userName",),
    "group": ("name",),
    "domain": ("name",),
    "domaintemplate": ("name",),
    "l2domain": ("name",),
    "l2domaintemplate": ("name",),
    "zone": ("name",),
    "zonetemplate": ("name",),
    "subnet": ("name",),
    "subnettemplate": ("name",),
}


@dataclass
class SimulatorSettings:
    """Behaviour of one simulator.

    The defaults follow what a VSD does where that is known. Times are in
    seconds unless a name says otherwise.
    """

    #: Login name, password and enterprise of the seeded administrator.
    username: str = "csproot"
    password: str = "csproot"
    enterprise: str = "csp"
    #: How long an API key stays valid after login (VSD: 24 hours).
    api_key_lifetime: float = 24 * 3600.0

    #: Page size when a request gives no X-Nuage-PageSize.
    default_page_size: int = 50
    #: Largest page size served; larger requests get pages of this size.
    max_page_size: int = 500
    #: Response to a GET that finds no object: "empty" (200 with an empty
    #: body, as VSD does), "list" (200 with ``[]``) or "no_content" (204).
    empty_list_response: str = "empty"

    #: Answer DELETE of an object that has children with 300 until the
    #: request carries ``responseChoice=1``.
    confirm_deletes: bool = True
    #: Answer PUT with 200 and the updated object instead of 204 and no body.
    update_returns_object: bool = False
    #: Reject a PUT that changes nothing with 409 and internal code 2039, as
    #: VSD does. Off by default because clients that save every attribute
    #: would fail on it.
    reject_unchanged_update: bool = False
    #: Reject attributes the entity does not declare (400) instead of
    #: ignoring them.
    reject_unknown_attributes: bool = False
    #: Extra unique attributes per REST name; see DEFAULT_EXTRA_UNIQUE.
    extra_unique: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_EXTRA_UNIQUE)
    )

    #: Largest request body accepted, in bytes; larger bodies get 413.
    max_body_bytes: int = 16 * 1024 * 1024

    #: Time a job takes from RUNNING to its end; 0 ends it before the
    #: creating request is answered.
    job_duration: float = 2.0
    #: Number of progress updates a job goes through before it ends.
    job_progress_steps: int = 4
    #: Commands whose jobs end FAILED, mapped to the reason given in ``result``.
    failing_job_commands: Mapping[str, str] = field(default_factory=dict)

    #: Delay between a change and the write of the state file; 0 writes
    #: after every change before the request is answered.
    state_write_delay: float = 0.2

    #: Longest time a poll of the event channel waits for events before it
    #: returns with none. VSD's own hold time is not documented; 5 seconds
    #: keeps an idle client's polls rare and a stopping server quick.
    event_hold_time: float = 5.0
    #: Most events returned by one poll.
    event_batch_size: int = 100
    #: Most events that may wait in one channel; past that the channel is
    #: closed and its client must open a new one.
    max_queued_events: int = 100_000
    #: A channel not polled for this long is closed.
    event_channel_lifetime: float = 300.0

    def __post_init__(self) -> None:
        problems = []
        if self.empty_list_response not in EMPTY_LIST_RESPONSES:
            problems.append(
                f"empty_list_response must be one of {', '.join(EMPTY_LIST_RESPONSES)}, "
                f"got {self.empty_list_response!r}"
            )
        if self.default_page_size < 1 or self.max_page_size < 1:
            problems.append("page sizes must be at least 1")
        if self.default_page_size > self.max_page_size:
            problems.append(
                f"default_page_size {self.default_page_size} is above "
                f"max_page_size {self.max_page_size}"
            )
        if self.api_key_lifetime <= 0:
            problems.append("api_key_lifetime must be positive seconds")
        if self.job_duration < 0 or self.state_write_delay < 0:
            problems.append("job_duration and state_write_delay must be >= 0 seconds")
        if self.job_progress_steps < 1:
            problems.append("job_progress_steps must be at least 1")
        if self.max_body_bytes < 1:
            problems.append("max_body_bytes must be at least 1")
        if self.event_hold_time < 0 or self.event_channel_lifetime <= 0:
            problems.append(
                "event_hold_time must be >= 0 and event_channel_lifetime > 0 seconds"
            )
        if self.event_batch_size < 1 or self.max_queued_events < 1:
            problems.append("event_batch_size and max_queued_events must be at least 1")
        if not self.username or not self.password or not self.enterprise:
            problems.append("username, password and enterprise must not be empty")
        if problems:
            raise ValueError("invalid simulator settings: " + "; ".join(problems))

    def replace(self, **changes: Any) -> SimulatorSettings:
        """Return a copy with ``changes`` applied (and checked)."""
        return dataclasses.replace(self, **changes)
