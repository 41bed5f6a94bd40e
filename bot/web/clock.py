"""Times as the registrar reads them: stored in UTC (naive values from the database are UTC),
shown in Europe/Stockholm, summer time included."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")  # the tzdata package supplies it where the OS does not
SECONDS, MINUTES, DAY = "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"


def in_stockholm(at: datetime) -> datetime:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(STOCKHOLM)


def local_time(at: datetime | None, pattern: str = SECONDS) -> str:
    """'2024-03-31 03:15:00' in Stockholm for a stored time; '' for none."""
    return in_stockholm(at).strftime(pattern) if at else ""
