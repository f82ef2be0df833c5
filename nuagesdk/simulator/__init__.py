"""A local VSD simulator: the VSD REST API served from the generated model classes.

::

    from nuagesdk.simulator import Simulator

    with Simulator() as sim:
        session = sim.session()          # a started nuagesdk.v6.NUVSDSession
        print(session.user.enterprises.get())

Run it from a shell with ``python -m nuagesdk.simulator --port 8443``, or use
the ``vsd_simulator`` and ``vsd_session`` pytest fixtures. The server needs
werkzeug (``pip install nuagesdk[simulator]``). This package imports it
only when a simulator is built, because the pytest plugin of nuagesdk is
loaded in every test run of every project that installs nuagesdk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import Simulator
    from .settings import SimulatorSettings

__all__ = ["Simulator", "SimulatorSettings"]


def __getattr__(name: str) -> Any:
    if name == "Simulator":
        from .server import Simulator

        return Simulator
    if name == "SimulatorSettings":
        from .settings import SimulatorSettings

        return SimulatorSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
