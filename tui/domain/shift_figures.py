"""The figures a shift lead reads off a shift or a month: calls per hour, the reason mix
against the expected 80 / 15 / 5, satisfaction against the 94% line, promises kept.

Pure arithmetic over counts the central store hands over; nothing here reads a database.

The reason mix is read off the reason tag, not the outcome: the tag is what the agent is
scored on, and the reason tree's five top levels follow the call mix the agents report
(db/seed/reasons.toml): `inq` inquiries answered on the spot (查询咨询), `fwd` forwarded to
another department (转办), `hdl` handled by the agent (办理), then `cmp` complaints and
`oth` everything else. A call's group is the first part of its dotted code, after any
correction of the tag (the corrected tag is the one that stands). Shares are of the three
groups the expected mix names; complaints and the rest are counted beside them, never
folded in, so a share read against 80% means what the handbook means.

A promise is settled once: kept at the reply that came within it, broken at the instant it
fell due unanswered (or answered late). A figure for a period counts the promises settled
in it; one still running, or paused, is not settled yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pendulum import DateTime

from tui.domain.calls import SATISFACTION_LINE, SATISFIED
from tui.domain.register import Event, derive

MixGroup = Literal["inq", "fwd", "hdl"]
PeriodKind = Literal["shift", "month"]
EXPECTED_MIX: dict[MixGroup, float] = {"inq": 0.80, "fwd": 0.15, "hdl": 0.05}
MIX_GROUPS: tuple[MixGroup, ...] = ("inq", "fwd", "hdl")
HOUR = timedelta(hours=1)


def reason_group(code: str) -> str:
    """The top level of a dotted reason code: "fwd.billing.refund" → "fwd"."""
    return code.split(".", 1)[0]


# ---------------------------------------------------------------- the periods


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, and the zone its hours and days are read in."""

    kind: PeriodKind
    """"shift" (today) or "month"."""
    start: DateTime
    end: DateTime
    zone: str


def shift_period(now: DateTime, zone: str) -> Period:
    """Today in the lead's zone, from local midnight to now."""
    start = now.in_timezone(zone).start_of("day").in_timezone("UTC")
    return Period("shift", start, now, zone)


def month_period(now: DateTime, zone: str, months_back: int = 0) -> Period:
    """A calendar month in the lead's zone (this one, or `months_back` before it), up to
    now at the latest."""
    first = now.in_timezone(zone).start_of("month").subtract(months=months_back)
    end = first.add(months=1).in_timezone("UTC")
    return Period("month", first.in_timezone("UTC"), min(end, now), zone)


# ---------------------------------------------------------------- calls per hour


@dataclass(frozen=True)
class HourCount:
    start: DateTime
    """The hour's first instant, in the lead's zone."""
    calls: int


def calls_per_hour(
    counts: Iterable[tuple[DateTime, int]], *, start: DateTime, end: DateTime, zone: str
) -> tuple[HourCount, ...]:
    """Calls in each wall-clock hour of [start, end) in `zone`, every hour present (an
    hour without calls is a 0, not a gap). `counts` are (instant, calls) pairs, any
    granularity finer than an hour (the reads group by minute, so a zone half an hour off
    UTC still buckets right); pairs outside the span are left out."""
    first = start.in_timezone(zone).start_of("hour")
    hours: list[DateTime] = []
    at = first
    while at < end:
        hours.append(at)
        at = at.add(hours=1)
    tally = [0] * len(hours)
    for when, calls in counts:
        if not (start <= when < end):
            continue
        slot = int((when - first).total_seconds() // HOUR.total_seconds())
        tally[slot] += calls
    return tuple(HourCount(h, n) for h, n in zip(hours, tally, strict=True))


# ---------------------------------------------------------------- the reason mix


@dataclass(frozen=True)
class MixRow:
    group: MixGroup
    calls: int
    share: float | None
    """Of the calls in the three groups; None when there are none."""
    expected: float


@dataclass(frozen=True)
class ReasonMix:
    rows: tuple[MixRow, ...]
    complaints: int
    """Calls tagged under `cmp`: beside the mix, not in it."""
    other: int
    """Calls tagged under anything else (`oth`, a code no group knows)."""

    @property
    def in_mix(self) -> int:
        return sum(row.calls for row in self.rows)

    @property
    def total(self) -> int:
        return self.in_mix + self.complaints + self.other


def reason_mix(calls_by_code: Mapping[str, int]) -> ReasonMix:
    """The mix from calls counted by (corrected) reason code."""
    groups: dict[str, int] = {}
    for code, calls in calls_by_code.items():
        group = reason_group(code)
        groups[group] = groups.get(group, 0) + calls
    in_mix = sum(groups.get(g, 0) for g in MIX_GROUPS)
    rows = tuple(
        MixRow(g, groups.get(g, 0), groups.get(g, 0) / in_mix if in_mix else None, EXPECTED_MIX[g])
        for g in MIX_GROUPS
    )
    complaints = groups.get("cmp", 0)
    other = sum(n for g, n in groups.items() if g not in MIX_GROUPS and g != "cmp")
    return ReasonMix(rows, complaints, other)


# ---------------------------------------------------------------- satisfaction


@dataclass(frozen=True)
class Satisfaction:
    rated: int
    """The sample: calls the customer rated."""
    satisfied: int
    line: float = SATISFACTION_LINE

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def below_line(self) -> bool:
        rate = self.rate
        return rate is not None and rate < self.line


def satisfaction(ratings: Mapping[int, int]) -> Satisfaction:
    """From calls counted by rating (1 to 5); 4 and 5 are satisfied."""
    rated = sum(ratings.values())
    return Satisfaction(rated, sum(n for score, n in ratings.items() if score in SATISFIED))


# ---------------------------------------------------------------- promises


@dataclass(frozen=True)
class PromiseJudgement:
    complaint_id: str
    kept: bool
    settled_at: DateTime
    """The reply (kept) or the instant the promise fell due (broken)."""
    promised_at: DateTime
    replied_at: DateTime | None
    owner: str
    """Who held the complaint when it was settled."""
    event_id: str
    """The event that settled it: the reply, or (broken and unanswered) the event that
    made the promise."""


def owner_at(events: Sequence[Event], when: DateTime) -> str:
    """Who held the complaint at `when`: the last reassignment's `to` by then, else who
    opened it."""
    owner = events[0].actor
    for event in events[1:]:
        if event.kind == "reassigned" and event.when <= when:
            owner = str(event.data["to"])
    return owner


def judge_promise(events: Sequence[Event], now: DateTime) -> PromiseJudgement | None:
    """How the complaint's promise stands at `now`; None while it is not settled (still
    running, or paused with its clock stopped)."""
    state = derive(events)
    if state.replied_at is not None and state.promise_at_reply is not None:
        due, replied = state.promise_at_reply, state.replied_at
        kept = replied <= due
        settled = replied if kept else due
        reply_id = next(e.id for e in events if e.kind == "replied")
        return PromiseJudgement(
            state.complaint_id, kept, settled, due, replied, owner_at(events, settled), reply_id
        )
    if state.status != "open" or state.promised_at is None or now <= state.promised_at:
        return None
    due = state.promised_at
    made = next(
        (e.id for e in reversed(events) if e.kind in ("opened", "extended", "resumed")),
        events[0].id,
    )
    return PromiseJudgement(state.complaint_id, False, due, due, None, owner_at(events, due), made)


@dataclass(frozen=True)
class PromiseTally:
    kept: int
    broken: int

    @property
    def settled(self) -> int:
        return self.kept + self.broken

    @property
    def rate(self) -> float | None:
        return self.kept / self.settled if self.settled else None


def promises_in(
    judgements: Iterable[PromiseJudgement], start: DateTime, end: DateTime
) -> PromiseTally:
    """The promises settled in [start, end)."""
    chosen = [j for j in judgements if start <= j.settled_at < end]
    kept = sum(1 for j in chosen if j.kept)
    return PromiseTally(kept, len(chosen) - kept)


# ---------------------------------------------------------------- one period's figures


@dataclass(frozen=True)
class Figures:
    """What the shift and month pictures draw."""

    start: DateTime
    end: DateTime
    zone: str
    kind: PeriodKind
    hours: tuple[HourCount, ...]
    days: tuple[HourCount, ...]
    """Calls per day (for a month; each `start` a local midnight)."""
    mix: ReasonMix
    satisfaction: Satisfaction
    promises: PromiseTally

    @property
    def calls(self) -> int:
        return sum(h.calls for h in self.hours) if self.hours else sum(d.calls for d in self.days)


def calls_per_day(
    counts: Iterable[tuple[DateTime, int]], *, start: DateTime, end: DateTime, zone: str
) -> tuple[HourCount, ...]:
    """Like `calls_per_hour`, by local day."""
    first = start.in_timezone(zone).start_of("day")
    days: list[DateTime] = []
    at = first
    while at < end:
        days.append(at)
        at = at.add(days=1)
    tally = dict.fromkeys(range(len(days)), 0)
    for when, calls in counts:
        if not (start <= when < end):
            continue
        local = when.in_timezone(zone).start_of("day")
        slot = (local.date() - first.date()).days
        tally[slot] += calls
    return tuple(HourCount(d, tally[i]) for i, d in enumerate(days))
