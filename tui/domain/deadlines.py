"""Promised reply deadlines: when a promise is due, and how it stands at a given `now`.

`make_promise` turns an opening instant and a deadline class into a `Promise`: the
due instant, the instants at which each warning level is reached, and an
`Explanation` of which closed time was skipped. `Promise.status(now)` then gives the
state (on track / due soon / overdue), the time left and the warnings crossed. All
of it comes from the same business-time arithmetic in `tui.domain.calendars`, so
the timer, the state and the words can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pendulum import DateTime

from tui.domain.calendars import (
    Calendar,
    ClosedSpan,
    Names,
    add_business_time,
    business_time_between,
    closed_spans,
    elapsed,
    same_day_close,
    utc,
)
from tui.domain.deadline_rules import Counting, DeadlineClass, RuleSet

State = Literal["on-track", "due-soon", "overdue"]
_ZERO = timedelta(0)


@dataclass(frozen=True)
class WarningLevel:
    """A warning level ("50%", "due-soon", "overdue") and the instant it is reached."""

    level: str
    at: DateTime


@dataclass(frozen=True)
class Explanation:
    """Why the promise falls when it does, as data; render it with `deadline_words`."""

    class_code: str
    class_labels: Names
    calendar: str
    calendar_labels: Names
    zone: str
    counting: Counting
    within: timedelta | None
    """The class's duration; None for a same-day class."""
    opened: DateTime
    clock_start: DateTime
    """The first open instant at or after `opened`: when the clock began to run."""
    due: DateTime
    skipped: tuple[ClosedSpan, ...]
    """Closed stretches between `opened` and `due`: nights, breaks, rest days, holidays."""
    makeup_days: tuple[date, ...] = ()
    """Make-up or extra working days (调休) on which the clock ran, e.g. Sunday 2026-01-04."""


@dataclass(frozen=True)
class Status:
    """How a promise stands at one instant."""

    state: State
    left: timedelta
    """Business time left on the class's calendar; once overdue, minus the wall time past due."""
    wall_left: timedelta
    """Plain clock time until the due instant (negative once overdue)."""
    used: float
    """Share of the promised business time used so far, 0.0 and up (above 1.0 once overdue)."""
    crossed: tuple[str, ...]
    """Warning levels reached so far, in the order they were reached."""


@dataclass(frozen=True)
class Promise:
    """A reply promised to a customer. Times are UTC; `revision` names the rules used."""

    class_code: str
    revision: str
    calendar: Calendar
    opened: DateTime
    due: DateTime
    total: timedelta
    """Business time between `opened` and `due` on the calendar."""
    due_soon_at: DateTime
    warnings: tuple[WarningLevel, ...]
    """Each of the class's warning levels with the instant it is reached, earliest first."""
    explanation: Explanation

    def status(self, now: datetime) -> Status:
        """The state, time left and warnings crossed at `now` (any aware datetime)."""
        wall_left = elapsed(now, self.due)
        if now >= self.due:
            state: State = "overdue"
            left = wall_left
        else:
            state = "due-soon" if now >= self.due_soon_at else "on-track"
            left = business_time_between(max(now, self.opened), self.due, self.calendar)
        used_time = business_time_between(self.opened, max(now, self.opened), self.calendar)
        used = used_time / self.total if self.total > _ZERO else (1.0 if now >= self.due else 0.0)
        return Status(
            state=state,
            left=left,
            wall_left=wall_left,
            used=used,
            crossed=tuple(w.level for w in self.warnings if w.at <= now),
        )

    def crossed(self, now: datetime) -> tuple[WarningLevel, ...]:
        """The warning levels reached at `now`, with when each was reached."""
        return tuple(w for w in self.warnings if w.at <= now)


def promise_due(deadline_class: DeadlineClass, opened: datetime) -> DateTime:
    """Only the due instant (UTC) of a promise of `deadline_class` opened at `opened`."""
    calendar = deadline_class.calendar
    if deadline_class.within is None:
        return same_day_close(opened, calendar, deadline_class.cutoff)
    return add_business_time(opened, deadline_class.within, calendar)


def make_promise(
    rules: RuleSet, code: str, opened: datetime, *, due: datetime | None = None
) -> Promise:
    """The promise of class `code` opened at `opened` (an aware datetime, any zone).

    `due` keeps an instant recorded earlier (a promise is never silently moved when
    the rules change); its thresholds are then worked out against that instant.
    Raises UnknownClassError for an unknown code, ValueError for a naive datetime
    or a `due` before `opened`.
    """
    deadline_class = rules.get(code)
    calendar = deadline_class.calendar
    start = utc(opened)
    end = promise_due(deadline_class, start) if due is None else utc(due)
    if end < start:
        raise ValueError(f"due {end.isoformat()} comes before opened {start.isoformat()}")
    total = business_time_between(start, end, calendar)
    margin = min(
        total, max(total * deadline_class.due_soon_fraction, deadline_class.due_soon_at_least)
    )
    due_soon_at = _reached(start, total - margin, end, calendar)
    levels = []
    for level in deadline_class.warnings:
        if level == "due-soon":
            at = due_soon_at
        elif level == "overdue":
            at = end
        else:
            at = _reached(start, total * int(level.rstrip("%")) / 100, end, calendar)
        levels.append(WarningLevel(level, at))
    levels.sort(key=lambda w: w.at)
    explanation = Explanation(
        class_code=deadline_class.code,
        class_labels=deadline_class.labels,
        calendar=calendar.name,
        calendar_labels=calendar.labels or Names.same(calendar.name),
        zone=calendar.zone,
        counting=deadline_class.counting,
        within=deadline_class.within,
        opened=start,
        clock_start=min(calendar.next_open(start), end),
        due=end,
        skipped=closed_spans(start, end, calendar),
        makeup_days=_makeup_days(start, end, calendar),
    )
    return Promise(
        class_code=deadline_class.code,
        revision=rules.revision,
        calendar=calendar,
        opened=start,
        due=end,
        total=total,
        due_soon_at=due_soon_at,
        warnings=tuple(levels),
        explanation=explanation,
    )


def _reached(start: DateTime, amount: timedelta, end: DateTime, calendar: Calendar) -> DateTime:
    # Never later than the due instant, even if microsecond rounding of a share says so.
    return min(add_business_time(start, max(amount, _ZERO), calendar), end)


def _makeup_days(start: DateTime, end: DateTime, calendar: Calendar) -> tuple[date, ...]:
    found = []
    day = start.astimezone(calendar.tz).date()
    last = end.astimezone(calendar.tz).date()
    while day <= last:
        current = calendar.day(day)
        if current.makeup and any(s < end and e > start for s, e in current.intervals):
            found.append(day)
        day += timedelta(days=1)
    return tuple(found)
