"""The per-agent monthly scorecard (考核), by the rubric in the handbook: complaints and
inquiries, 10 points: the process followed (2), facts clear and responsibility named (2),
recorded in detail with time, person and course (2), handled within the deadline (2),
customer satisfied (2).

The handbook's scorers judge by spot checks and a month-end survey; here every point is
decided from records alone, and each names the records that earned or lost it (calls and
complaints by id), so a lead can open them and judge the judgement. What the records
cannot show (the tone of a call, whether the facts written down are the true ones) is not
pretended: each point says below exactly which records it reads and what it asks of them.

- **process** (流程): each complaint the agent closed in the month. The handbook's course
  is reply, then the follow-up call (回访) that checks the customer is satisfied, then
  close. Lost: closed without a reply, or without a follow-up call done.
- **facts** (事实清楚、责任明确): each complaint the agent opened in the month. Facts clear:
  the complaint names what it is about that can be checked (its reference: the order,
  bill or account). Responsibility named: a department is named, at opening or by a later
  `forwarded` entry. Lost: either missing.
- **records** (详细记录): every complaint is written into the register one by one. Each
  call the agent wrapped up in the month with the outcome "complaint" must have its
  complaint in the register (opened on that call); lost when none is. A reason tag
  corrected by someone other than the agent (a lead's spot check) is a wrong tag, and
  loses it too: the agent's own correction is a record kept right, not a fault.
- **on time** (按时限处理): each promise settled in the month while the agent held the
  complaint (see `shift_figures.judge_promise`: kept at a reply within it, broken at the
  instant it fell due). Lost: broken.
- **satisfaction** (客户满意): the agent's rated calls in the month; 4 and 5 are satisfied.
  2 points at or above the 94% line (below it pay is cut), none below. Lost: each rating
  under 4.

Scores: for process, facts, records and on time, a record that loses the point costs one
of its two points (2 with no fault, 1 with one, 0 with two or more), as the handbook
deducts per fault. A point with no records to judge scores nothing either way: it is
shown as not judged and the total is out of the points that were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pendulum import DateTime

from tui.domain import phone
from tui.domain.calls import SATISFACTION_LINE, SATISFIED
from tui.domain.register import Event, derive
from tui.domain.shift_figures import PromiseJudgement, judge_promise

PointName = Literal["process", "facts", "records", "on_time", "satisfaction"]
POINTS: tuple[PointName, ...] = ("process", "facts", "records", "on_time", "satisfaction")
POINT_VALUE = 2


@dataclass(frozen=True)
class CallRecord:
    """A wrapped-up call as central holds it, its tag after any correction."""

    id: str
    agent: str
    started_at: DateTime
    caller: str
    reason_code: str
    outcome: str
    satisfaction: int | None
    corrected_by: str | None = None
    """Who last corrected the tag, when anyone did."""


@dataclass(frozen=True)
class ComplaintRecord:
    """A complaint's row (the facts fixed at opening) and its register, oldest first."""

    id: str
    call_id: str | None
    opened_by: str
    contact: str
    reference: str
    department: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class RecordRef:
    """One record behind a point: what it is, when, and why it counts."""

    kind: Literal["call", "complaint"]
    id: str
    at: DateTime
    why: str
    """i18n key: what this record did for the point."""
    number: str = ""
    """The customer's number, masked."""
    reference: str = ""


@dataclass(frozen=True)
class Point:
    name: PointName
    score: int | None
    """None: nothing to judge this month."""
    judged: int
    earned: tuple[RecordRef, ...] = ()
    lost: tuple[RecordRef, ...] = ()


@dataclass(frozen=True)
class Scorecard:
    agent: str
    points: tuple[Point, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(p.score for p in self.points if p.score is not None)

    @property
    def out_of(self) -> int:
        return POINT_VALUE * sum(1 for p in self.points if p.score is not None)

    def point(self, name: PointName) -> Point:
        return next(p for p in self.points if p.name == name)


def fault_score(judged: int, faults: int) -> int | None:
    if not judged:
        return None
    return max(0, POINT_VALUE - faults)


def _in(when: DateTime, start: DateTime, end: DateTime) -> bool:
    return start <= when < end


def _complaint_ref(c: ComplaintRecord, at: DateTime, why: str) -> RecordRef:
    return RecordRef("complaint", c.id, at, why, phone.mask(c.contact), c.reference)


def _call_ref(call: CallRecord, why: str) -> RecordRef:
    return RecordRef("call", call.id, call.started_at, why, phone.mask(call.caller))


def _point(name: PointName, earned: list[RecordRef], lost: list[RecordRef]) -> Point:
    judged = len(earned) + len(lost)
    return Point(name, fault_score(judged, len(lost)), judged, tuple(earned), tuple(lost))


def _process(
    complaints: Sequence[ComplaintRecord], start: DateTime, end: DateTime
) -> dict[str, tuple[list[RecordRef], list[RecordRef]]]:
    found: dict[str, tuple[list[RecordRef], list[RecordRef]]] = {}
    for c in complaints:
        closed = next((e for e in c.events if e.kind == "closed"), None)
        if closed is None or not _in(closed.when, start, end):
            continue
        before = c.events[: c.events.index(closed)]
        replied = any(e.kind == "replied" for e in before)
        followed = any(e.kind == "followup_done" for e in before)
        owner = derive(before).owner if before else closed.actor
        earned, lost = found.setdefault(owner, ([], []))
        if not replied:
            lost.append(_complaint_ref(c, closed.when, "scorecard.why.closed_unreplied"))
        elif not followed:
            lost.append(_complaint_ref(c, closed.when, "scorecard.why.closed_no_followup"))
        else:
            earned.append(_complaint_ref(c, closed.when, "scorecard.why.closed_in_order"))
    return found


def _facts(
    complaints: Sequence[ComplaintRecord], start: DateTime, end: DateTime
) -> dict[str, tuple[list[RecordRef], list[RecordRef]]]:
    found: dict[str, tuple[list[RecordRef], list[RecordRef]]] = {}
    for c in complaints:
        opened = c.events[0]
        if not _in(opened.when, start, end):
            continue
        department = c.department.strip() or any(
            e.kind == "forwarded" and e.when < end for e in c.events
        )
        earned, lost = found.setdefault(c.opened_by, ([], []))
        if not c.reference.strip():
            lost.append(_complaint_ref(c, opened.when, "scorecard.why.no_reference"))
        elif not department:
            lost.append(_complaint_ref(c, opened.when, "scorecard.why.no_department"))
        else:
            earned.append(_complaint_ref(c, opened.when, "scorecard.why.facts_named"))
    return found


def _records(
    calls: Sequence[CallRecord],
    complaints: Sequence[ComplaintRecord],
    start: DateTime,
    end: DateTime,
) -> dict[str, tuple[list[RecordRef], list[RecordRef]]]:
    registered = {c.call_id for c in complaints if c.call_id}
    found: dict[str, tuple[list[RecordRef], list[RecordRef]]] = {}
    for call in calls:
        if not _in(call.started_at, start, end):
            continue
        earned, lost = found.setdefault(call.agent, ([], []))
        if call.corrected_by is not None and call.corrected_by != call.agent:
            lost.append(_call_ref(call, "scorecard.why.tag_corrected"))
        if call.outcome != "complaint":
            continue
        if call.id in registered:
            earned.append(_call_ref(call, "scorecard.why.complaint_registered"))
        else:
            lost.append(_call_ref(call, "scorecard.why.complaint_not_registered"))
    return found


def _on_time(
    complaints: Sequence[ComplaintRecord], start: DateTime, end: DateTime, now: DateTime
) -> dict[str, tuple[list[RecordRef], list[RecordRef]]]:
    found: dict[str, tuple[list[RecordRef], list[RecordRef]]] = {}
    for c in complaints:
        judged: PromiseJudgement | None = judge_promise(c.events, now)
        if judged is None or not _in(judged.settled_at, start, end):
            continue
        earned, lost = found.setdefault(judged.owner, ([], []))
        if judged.kept:
            earned.append(_complaint_ref(c, judged.settled_at, "scorecard.why.promise_kept"))
        elif judged.replied_at is not None:
            lost.append(_complaint_ref(c, judged.settled_at, "scorecard.why.replied_late"))
        else:
            lost.append(_complaint_ref(c, judged.settled_at, "scorecard.why.promise_broken"))
    return found


def _satisfaction(calls: Sequence[CallRecord], start: DateTime, end: DateTime) -> dict[str, Point]:
    by_agent: dict[str, tuple[list[RecordRef], list[RecordRef]]] = {}
    for call in calls:
        if call.satisfaction is None or not _in(call.started_at, start, end):
            continue
        earned, lost = by_agent.setdefault(call.agent, ([], []))
        if call.satisfaction in SATISFIED:
            earned.append(_call_ref(call, "scorecard.why.rated_satisfied"))
        else:
            lost.append(_call_ref(call, "scorecard.why.rated_unsatisfied"))
    points: dict[str, Point] = {}
    for agent, (earned, lost) in by_agent.items():
        rated = len(earned) + len(lost)
        score = POINT_VALUE if len(earned) / rated >= SATISFACTION_LINE else 0
        points[agent] = Point("satisfaction", score, rated, tuple(earned), tuple(lost))
    return points


def scorecards(
    calls: Iterable[CallRecord],
    complaints: Iterable[ComplaintRecord],
    *,
    start: DateTime,
    end: DateTime,
    now: DateTime,
    agents: Iterable[str] = (),
) -> tuple[Scorecard, ...]:
    """One scorecard per agent (those in `agents`, and any the records name), by name.

    `calls` and `complaints` may hold more than [start, end): each point picks the records
    of the month itself. A complaint needs its whole register (a reply in the month may
    settle a promise made the month before)."""
    call_list = list(calls)
    complaint_list = list(complaints)
    by_point: Mapping[PointName, Mapping[str, tuple[list[RecordRef], list[RecordRef]]]] = {
        "process": _process(complaint_list, start, end),
        "facts": _facts(complaint_list, start, end),
        "records": _records(call_list, complaint_list, start, end),
        "on_time": _on_time(complaint_list, start, end, now),
    }
    satisfied = _satisfaction(call_list, start, end)
    names = set(agents) | set(satisfied)
    for found in by_point.values():
        names |= set(found)
    cards = []
    for agent in sorted(names):
        points = [_point(name, *by_point[name].get(agent, ([], []))) for name in POINTS[:4]]
        points.append(satisfied.get(agent, Point("satisfaction", None, 0)))
        cards.append(Scorecard(agent, tuple(points)))
    return tuple(cards)
