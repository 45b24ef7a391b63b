"""The agent's queue of open complaints and follow-up calls, as rows ready to tick.

Everything that does not move with the clock is worked out once, when a complaint is
loaded or changes: the promise's warning instants (business-time arithmetic, about a
tenth of a millisecond each), the masked contact, the summary. A tick then only compares
`now` against precomputed timestamps, so ten thousand rows cost nothing between
keystrokes and the visible ones cost a subtraction each.

Warning levels of the promise in force are counted from the moment it was given to the
customer (`promise_made_at`: the opening, or the last extension) to its due instant on the
class's calendar, so "half the time used" means half of what the customer was told.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import pendulum
from pendulum import DateTime

from tui.domain.complaint_alerts import Mark
from tui.domain.complaints import ComplaintFacts, mask_name
from tui.domain.phone import mask, mask_digit_runs
from tui.domain.register import ComplaintState

if TYPE_CHECKING:
    from tui.domain.calendars import Names
    from tui.domain.deadline_rules import RuleSet
    from tui.domain.deadlines import Promise

# The deadline modules load the `holidays` tables; they are imported where a promise is
# worked out, so the desk (and the queue widget, which only compares timestamps) starts
# without them.

RowKind = Literal["complaint", "followup"]
RowState = Literal[
    "on-track", "due-soon", "overdue", "paused", "replied", "followup", "followup-due"
]
ROW_STATES: tuple[RowState, ...] = (
    "on-track",
    "due-soon",
    "overdue",
    "paused",
    "replied",
    "followup",
    "followup-due",
)
FOLLOWUP_DUE = "followup-due"
SUMMARY_LIMIT = 200

# Queue order: running clocks (complaints and follow-up calls together) by due instant,
# then paused complaints, then those replied and waiting to be closed.
_BUCKET = {"open": 0, "followup": 0, "paused": 1, "replied": 2, "closed": 3}


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One row of the queue: a complaint, or a follow-up call due on one."""

    key: str
    """The complaint id, or the follow-up's `followup_scheduled` event id."""
    complaint_id: str
    kind: RowKind
    status: str
    """The complaint's derived status: open, paused, replied."""
    due: DateTime | None
    """The promise (or the follow-up call) in force; None while the clock is paused."""
    due_ts: float
    """`due` as a POSIX timestamp; infinity when there is no running clock."""
    due_soon_ts: float
    marks: tuple[Mark, ...]
    signature: str
    """Names the promise the marks belong to; a new promise gets a new signature."""
    remaining_s: int | None
    opened_at: DateTime
    original_due: DateTime
    class_code: str
    class_labels: Names | None
    zone: str
    """The class calendar's zone, which its deadline is counted in (shown in the desk's)."""
    customer: str
    """Masked: the queue is a shared screen."""
    contact: str
    """Masked."""
    summary: str
    department: str
    escalated: bool
    extensions: int
    note: str = ""
    """A follow-up call's note."""

    @property
    def bucket(self) -> int:
        return _BUCKET["followup" if self.kind == "followup" else self.status]

    def state(self, now_ts: float) -> RowState:
        """The row's state at `now_ts` (a POSIX timestamp): two float comparisons at most."""
        if self.kind == "followup":
            return "followup-due" if now_ts >= self.due_ts else "followup"
        if self.status == "paused":
            return "paused"
        if self.status != "open":
            return "replied"
        if now_ts >= self.due_ts:
            return "overdue"
        return "due-soon" if now_ts >= self.due_soon_ts else "on-track"

    def seconds_left(self, now_ts: float) -> float | None:
        """Wall-clock seconds to the due instant (negative once past); frozen while paused."""
        if self.due is None:
            return float(self.remaining_s) if self.remaining_s is not None else None
        if self.status == "replied" and self.kind == "complaint":
            return None
        return self.due_ts - now_ts

    def label(self, lang: str) -> str:
        if self.class_labels is None:
            return self.class_code
        text: str = getattr(self.class_labels, lang, self.class_labels.en)
        return text


def countdown(seconds: float) -> str:
    """`1:59:59`, `47:00:00`, `5d 03h`, `-0:12:30`: what is left, to the second."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours < 100:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    days, hours = divmod(hours, 24)
    return f"{sign}{days}d {hours:02d}h"


def summary_of(text: str) -> str:
    """The first words of what happened, on one line, numbers in it masked: the queue is
    a shared screen (不得泄露客户隐私)."""
    return mask_digit_runs(" ".join(text.split()))[:SUMMARY_LIMIT]


def current_promise(
    state: ComplaintState, rules: RuleSet | None, *, due: DateTime | None = None
) -> Promise | None:
    """The promise in force, re-derived from the recorded instants (never recomputed from
    today's rules: `due` stays what was recorded); None when the rules do not know the
    class any more or the clock is paused."""
    from tui.domain.deadline_rules import UnknownClassError
    from tui.domain.deadlines import make_promise

    promised = due if due is not None else state.promised_at
    if rules is None or promised is None:
        return None
    basis = min(state.promise_made_at, promised)
    try:
        return make_promise(rules, state.class_code, basis, due=promised)
    except (UnknownClassError, ValueError):
        return None


FALLBACK_DUE_SOON = timedelta(minutes=30)


def _fallback_marks(basis: DateTime, due: DateTime) -> tuple[Mark, ...]:
    # Rules that no longer know the class: warn at the default due-soon margin and at the
    # deadline itself, counted in wall time.
    soon = max(basis, due - FALLBACK_DUE_SOON)
    return (Mark("due-soon", soon), Mark("overdue", due))


def complaint_item(
    facts: ComplaintFacts,
    state: ComplaintState,
    rules: RuleSet | None,
    *,
    zone: str,
) -> QueueItem:
    """The complaint's row. `zone` is used when the rules do not know its class."""
    deadline_class = rules.classes.get(state.class_code) if rules is not None else None
    labels = deadline_class.labels if deadline_class is not None else None
    item_zone = deadline_class.calendar.zone if deadline_class is not None else zone
    due = state.promised_at if state.status == "open" else None
    marks: tuple[Mark, ...] = ()
    due_soon_ts = math.inf
    if due is not None:
        promise = current_promise(state, rules)
        if promise is not None:
            marks = tuple(Mark(w.level, w.at) for w in promise.warnings)
            due_soon_ts = promise.due_soon_at.timestamp()
        else:
            marks = _fallback_marks(min(state.promise_made_at, due), due)
            due_soon_ts = marks[0].at.timestamp()
    return QueueItem(
        key=facts.id,
        complaint_id=facts.id,
        kind="complaint",
        status=state.status,
        due=due,
        due_ts=due.timestamp() if due is not None else math.inf,
        due_soon_ts=due_soon_ts,
        marks=marks,
        signature=f"{state.status}:{due.isoformat() if due is not None else ''}",
        remaining_s=state.remaining_s,
        opened_at=state.opened_at,
        original_due=state.original_promised_at,
        class_code=state.class_code,
        class_labels=labels,
        zone=item_zone,
        customer=mask_name(facts.customer_name),
        contact=mask(facts.contact),
        summary=summary_of(facts.what_happened),
        department=state.department,
        escalated=state.escalated,
        extensions=state.extensions,
    )


def followup_items(complaint: QueueItem, state: ComplaintState) -> list[QueueItem]:
    """A row per follow-up call (回访) scheduled and not yet done."""
    rows = []
    for followup in state.followups_due:
        due = followup.due_at
        rows.append(
            QueueItem(
                key=followup.event_id,
                complaint_id=complaint.complaint_id,
                kind="followup",
                status=complaint.status,
                due=due,
                due_ts=due.timestamp(),
                due_soon_ts=due.timestamp(),
                marks=(Mark(FOLLOWUP_DUE, due),),
                signature=f"followup:{due.isoformat()}",
                remaining_s=None,
                opened_at=complaint.opened_at,
                original_due=due,
                class_code=complaint.class_code,
                class_labels=complaint.class_labels,
                zone=complaint.zone,
                customer=complaint.customer,
                contact=complaint.contact,
                summary=complaint.summary,
                department=complaint.department,
                escalated=complaint.escalated,
                extensions=complaint.extensions,
                note=mask_digit_runs(followup.note),
            )
        )
    return rows


def items_for(
    facts: ComplaintFacts, state: ComplaintState, rules: RuleSet | None, *, zone: str
) -> list[QueueItem]:
    """The complaint's row and its follow-up rows; none once it is closed."""
    if state.status == "closed":
        return []
    row = complaint_item(facts, state, rules, zone=zone)
    return [row, *followup_items(row, state)]


def queue_order(item: QueueItem) -> tuple[int, float, float, str]:
    return (item.bucket, item.due_ts, item.opened_at.timestamp(), item.key)


def build_queue(
    pairs: Iterable[tuple[ComplaintFacts, ComplaintState]],
    rules: RuleSet | None,
    *,
    zone: str,
) -> list[QueueItem]:
    """Every row of the queue, soonest deadline first."""
    items = [item for facts, state in pairs for item in items_for(facts, state, rules, zone=zone)]
    items.sort(key=queue_order)
    return items


def replace_complaint(
    items: Sequence[QueueItem], complaint_id: str, rows: Iterable[QueueItem]
) -> list[QueueItem]:
    """The queue with one complaint's rows swapped for `rows` (none: it left the queue)."""
    kept = [item for item in items if item.complaint_id != complaint_id]
    kept.extend(rows)
    kept.sort(key=queue_order)
    return kept


# ---------------------------------------------------------------- changing the clock


def remaining_business(state: ComplaintState, rules: RuleSet | None, now: DateTime) -> int:
    """Whole seconds of the promise left at `now`, on the class's calendar (0 once due):
    what a pause keeps, so resuming gives back exactly the time that was left."""
    due = state.promised_at
    if due is None:
        return state.remaining_s or 0
    if now >= due:
        return 0
    deadline_class = rules.classes.get(state.class_code) if rules is not None else None
    if deadline_class is None:
        return int((due - now).total_seconds())
    from tui.domain.calendars import business_time_between

    return int(business_time_between(now, due, deadline_class.calendar).total_seconds())


def resumed_due(state: ComplaintState, rules: RuleSet | None, now: DateTime) -> DateTime:
    """The promise after resuming at `now`: the time left at the pause, counted again on
    the class's calendar (nights and holidays still skipped)."""
    left = timedelta(seconds=state.remaining_s or 0)
    deadline_class = rules.classes.get(state.class_code) if rules is not None else None
    if deadline_class is None:
        return now + left
    from tui.domain.calendars import add_business_time

    return add_business_time(now, left, deadline_class.calendar)


def extension_default(
    state: ComplaintState, rules: RuleSet | None, now: DateTime
) -> DateTime | None:
    """A suggested new promise: one more period of the class after the current promise
    (or after now, if that has passed). The agent may type another."""
    due = state.promised_at
    if due is None:
        return None
    start = max(due, now)
    deadline_class = rules.classes.get(state.class_code) if rules is not None else None
    if deadline_class is None:
        return start + timedelta(hours=24)
    from tui.domain.deadlines import promise_due

    return promise_due(deadline_class, start)


# ---------------------------------------------------------------- typed instants

_RELATIVE = re.compile(r"^\+\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})$")
_FULL = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")


WHEN_LIMIT = 40
"""Characters an instant is typed in: `2026-11-25 10:00`, `+1d4h`, with room to spare."""


def parse_when(
    text: str, now: datetime, zone: str, *, relative_to: datetime | None = None
) -> DateTime | None:
    """An instant typed by the agent, read in `zone`; None when it cannot be read.

    `+2h`, `+30m`, `+1d`, `+1d4h` from `relative_to` (default: now); `16:30` today
    (tomorrow once past); `11-25 10:00` this year; `2026-11-25 10:00`. Full-width forms
    (`＋１ｄ`, `１６：３０`), which a Chinese or Korean input method types, read the same.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    local_now = pendulum.instance(now).in_timezone(zone)
    try:
        if match := _RELATIVE.match(text):
            if not any(match.groups()):
                return None
            days, hours, minutes = (int(g or 0) for g in match.groups())
            base = local_now if relative_to is None else pendulum.instance(relative_to)
            # Days are calendar days in the zone (the same clock time, across a DST
            # change); hours and minutes then are elapsed time.
            days_later = base.in_timezone(zone).add(days=days).in_timezone("UTC")
            return days_later.add(hours=hours, minutes=minutes)
        if match := _CLOCK.match(text):
            hour, minute = int(match[1]), int(match[2])
            when = local_now.set(hour=hour, minute=minute, second=0, microsecond=0)
            if when <= local_now:
                when = when.add(days=1)
            return when.in_timezone("UTC")
        if match := _MONTH_DAY.match(text):
            month, day, hour, minute = (int(g) for g in match.groups())
            return pendulum.datetime(local_now.year, month, day, hour, minute, tz=zone).in_timezone(
                "UTC"
            )
        if match := _FULL.match(text):
            year, month, day, hour, minute = (int(g) for g in match.groups())
            return pendulum.datetime(year, month, day, hour, minute, tz=zone).in_timezone("UTC")
    except (ValueError, OverflowError):
        # A month 13, or `+99999999d` past the year 9999: unreadable, not a crash.
        return None
    return None


def when_input(when: datetime, zone: str) -> str:
    """An instant the way `parse_when` reads it back: `2026-11-25 10:00` in `zone`."""
    return pendulum.instance(when).in_timezone(zone).format("YYYY-MM-DD HH:mm")
