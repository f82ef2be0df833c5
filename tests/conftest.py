"""Suite-wide check: no password, API key or Authorization value is logged.

Every record of the ``nuagesdk`` loggers, at DEBUG and up, is kept while the
suite runs, and every secret a session sends is noted. When the suite ends,
a secret found in the kept log fails the run.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, settings

from nuagesdk.rest.session import Session

# The first run on a new machine builds Hypothesis's text cache, which the
# slow-generation health check would report as a failure.
settings.register_profile(
    "nuagesdk", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
settings.load_profile("nuagesdk")

_records: list[str] = []
_secrets: set[str] = set()


class _KeepNuagesdkRecords(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("nuagesdk"):
            _records.append(self.format(record))


def find_leaks(lines: list[str], secrets: set[str]) -> list[str]:
    """Return the lines that contain a secret or an Authorization value."""
    leaks = []
    for line in lines:
        if "XREST " in line or any(secret in line for secret in secrets):
            leaks.append(line)
    return leaks


@pytest.fixture(scope="session", autouse=True)
def _log_all_nuagesdk_traffic():
    handler = _KeepNuagesdkRecords(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("nuagesdk")
    previous_level = logger.level
    logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    original = Session._authorization

    def noting_authorization(self: Session, api_key: str | None) -> str:
        for secret in (api_key, self.password):
            # Very short secrets and ones equal to a user name would match
            # ordinary words; they are left out of the check.
            if secret and len(secret) >= 6 and secret != self.username:
                _secrets.add(secret)
        return original(self, api_key)

    Session._authorization = noting_authorization
    yield
    Session._authorization = original
    logging.getLogger().removeHandler(handler)
    logger.setLevel(previous_level)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = find_leaks(_records, _secrets)
    if leaks:
        print(f"\n{len(leaks)} log lines of nuagesdk carry a secret; the first:")
        print(leaks[0][:300])
        session.exitstatus = 1
