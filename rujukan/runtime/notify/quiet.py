"""Quiet hours (pure): when a notice that is not urgent may be delivered.

A recipient's quiet hours are two local times of the agency's district, ``from`` and
``until``; a window whose ``until`` is earlier than its ``from`` runs over midnight
(22:00–06:00). A notice raised inside the window waits until it ends; an urgent one (an
escalation, a duty owed at once) never waits.
"""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def parse_clock(value: str) -> time:
    """``HH:MM`` (24 hours) as a time; ValueError otherwise."""
    if not _CLOCK.fullmatch(value):
        raise ValueError(f"{value!r} is not a time of day HH:MM")
    return time.fromisoformat(value)


def release_at(
    now: datetime, quiet_from: str | None, quiet_until: str | None, zone: ZoneInfo
) -> datetime:
    """``now``, or the end of the quiet window ``now`` falls in (in UTC, as stored)."""
    if not quiet_from or not quiet_until or quiet_from == quiet_until:
        return now
    start, end = parse_clock(quiet_from), parse_clock(quiet_until)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    overnight = end < start
    inside = (start <= clock or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return now
    day = local.date() + timedelta(days=1) if overnight and clock >= start else local.date()
    return datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
