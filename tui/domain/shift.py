"""When the agent's shift began: what "today" on the desk (calls today, satisfaction
today, the list of today's calls) counts from.

Midnight is no boundary for a night shift, so the figures count from the shift's start:
the time the agent set ("22:00"), or else the start of the run of work the desk is in,
read from the agent's own calls and breaks, so a restart mid-shift keeps the figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import time, timedelta

from pendulum import DateTime

SHIFT_GAP = timedelta(hours=4)
"""A stretch without a call or a break longer than this ends a shift."""
LOOKBACK = timedelta(hours=24)
"""How far back the records are read: no shift is longer."""

_CLOCK_TIME = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")


def parse_clock_time(text: str) -> time | None:
    """ "22:00" or "7:30" as a time of day; None when it is not one. Full-width digits
    and colon, as a Chinese input method types them ("２２：００"), read too."""
    match = _CLOCK_TIME.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def set_shift_start(now: DateTime, start: time, zone: str) -> DateTime:
    """The most recent `start` o'clock in `zone` that is not after `now` (in UTC)."""
    local = now.in_timezone(zone)
    candidate = local.set(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if candidate > now:
        # Calendar arithmetic: the wall-clock time a day earlier, across a DST change too.
        candidate = candidate.subtract(days=1)
    return candidate.in_timezone("UTC")


def worked_shift_start(
    activity: Iterable[DateTime], now: DateTime, *, gap: timedelta = SHIFT_GAP
) -> DateTime:
    """The first instant of the unbroken run of work that ends with the latest activity.

    `activity` holds the instants the agent was at work: the desk's own start, and the
    starts and ends of calls and breaks. Walking back from the latest of them (not after
    `now`), the run goes on while no two neighbours are more than `gap` apart. A desk
    left idle stays on the shift it was on until the next call or break starts a new one.
    """
    moments = sorted((m for m in activity if m <= now), reverse=True)
    if not moments:
        return now
    start = moments[0]
    for moment in moments[1:]:
        if start - moment > gap:
            break
        start = moment
    return start
