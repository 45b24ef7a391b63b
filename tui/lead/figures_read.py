"""The shift's and the month's figures, and the month's scorecards, read from the central
store the sync fills; the same SQL on SQLite and PostgreSQL (`?` placeholders).

Set-based: a handful of grouped queries per view, whatever the number of agents. Times
are compared as stored (UTC ISO-8601 text, which sorts as time does); calls are counted
by UTC minute so the lead's zone, even half an hour off UTC, buckets them right.

A call's tag is its last correction's, when it has one. Reads only: nothing here writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pendulum
from pendulum import DateTime

from tui.central.connection import Central
from tui.domain.clock import to_iso
from tui.domain.register import Event, read_instant
from tui.domain.scorecard import CallRecord, ComplaintRecord, Scorecard, scorecards
from tui.domain.shift_figures import (
    Figures,
    Period,
    PeriodKind,
    calls_per_day,
    calls_per_hour,
    judge_promise,
    month_period,
    promises_in,
    reason_mix,
    satisfaction,
    shift_period,
)

# The last correction of each corrected call (latest time, then highest id).
_LAST_CORRECTION = """
    SELECT k.call_id, k.to_code, k.agent FROM call_reason_corrections k
    WHERE NOT EXISTS (
        SELECT 1 FROM call_reason_corrections l
        WHERE l.call_id = k.call_id
          AND (l.corrected_at > k.corrected_at OR (l.corrected_at = k.corrected_at AND l.id > k.id))
    )
"""
_EVENT_COLUMNS = "id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"


def _minute(text: str) -> DateTime:
    return pendulum.datetime(
        int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]), int(text[14:16]),
        tz="UTC",
    )  # fmt: skip


def _bounds(period: Period) -> tuple[str, str]:
    return to_iso(period.start), to_iso(period.end)


def read_figures(central: Central, period: Period, now: DateTime) -> Figures:
    bounds = _bounds(period)
    per_minute = [
        (_minute(str(row[0])), int(row[1]))
        for row in central.fetchall(
            "SELECT substr(started_at, 1, 16), COUNT(*) FROM calls"
            " WHERE started_at >= ? AND started_at < ? GROUP BY substr(started_at, 1, 16)",
            bounds,
        )
    ]
    start, end, zone = period.start, period.end, period.zone
    hours = (
        calls_per_hour(per_minute, start=start, end=end, zone=zone)
        if period.kind == "shift"
        else ()
    )
    days = (
        calls_per_day(per_minute, start=start, end=end, zone=zone) if period.kind == "month" else ()
    )
    by_code = {
        str(row[0]): int(row[1])
        for row in central.fetchall(
            "SELECT COALESCE(r.to_code, c.reason_code), COUNT(*) FROM calls c"
            f" LEFT JOIN ({_LAST_CORRECTION}) r ON r.call_id = c.id"
            " WHERE c.started_at >= ? AND c.started_at < ?"
            " GROUP BY COALESCE(r.to_code, c.reason_code)",
            bounds,
        )
    }
    ratings = {
        int(row[0]): int(row[1])
        for row in central.fetchall(
            "SELECT satisfaction, COUNT(*) FROM calls WHERE started_at >= ? AND started_at < ?"
            " AND satisfaction IS NOT NULL GROUP BY satisfaction",
            bounds,
        )
    }
    chains = _chains(central, _promise_candidates_sql(), (bounds[0],))
    judgements = [j for j in (judge_promise(c, now) for c in chains.values()) if j is not None]
    return Figures(
        start=period.start,
        end=period.end,
        zone=period.zone,
        kind=period.kind,
        hours=hours,
        days=days,
        mix=reason_mix(by_code),
        satisfaction=satisfaction(ratings),
        promises=promises_in(judgements, period.start, period.end),
    )


def _promise_candidates_sql() -> str:
    # A promise settled in the period is one still open (it may have fallen due), or one
    # replied to since the period began (kept then, or late after a due in the period).
    return (
        "SELECT complaint_id FROM complaint_owners WHERE status = 'open'"
        " UNION SELECT complaint_id FROM complaint_events WHERE kind = 'replied' AND at >= ?"
    )


def _chains(central: Central, ids_sql: str, params: Sequence[Any]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for row in central.fetchall(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events WHERE complaint_id IN ({ids_sql})"
        " ORDER BY complaint_id, seq",
        params,
    ):
        found.setdefault(str(row[1]), []).append(
            Event(
                str(row[0]),
                str(row[1]),
                int(row[2]),
                str(row[3]),
                str(row[4]),
                str(row[5]),
                str(row[6]),
                str(row[7]),
                str(row[8]),
            )  # fmt: skip
        )
    return found


def read_scorecards(central: Central, period: Period, now: DateTime) -> tuple[Scorecard, ...]:
    """Every agent's scorecard for the period (a month), with the records behind it."""
    bounds = _bounds(period)
    # Only the calls a point reads: rated, wrapped up as a complaint, or re-tagged.
    calls = [
        CallRecord(
            id=str(r[0]),
            agent=str(r[1]),
            started_at=read_instant(str(r[2])),
            caller=str(r[3]),
            reason_code=str(r[4]),
            outcome=str(r[5]),
            satisfaction=None if r[6] is None else int(r[6]),
            corrected_by=None if r[7] is None else str(r[7]),
        )  # fmt: skip
        for r in central.fetchall(
            "SELECT c.id, c.agent, c.started_at, c.caller, COALESCE(r.to_code, c.reason_code),"
            " c.outcome, c.satisfaction, r.agent FROM calls c"
            f" LEFT JOIN ({_LAST_CORRECTION}) r ON r.call_id = c.id"
            " WHERE c.started_at >= ? AND c.started_at < ?"
            " AND (c.satisfaction IS NOT NULL OR c.outcome = 'complaint' OR r.call_id IS NOT NULL)"
            " ORDER BY c.started_at, c.id",
            bounds,
        )
    ]
    ids_sql = (
        "SELECT complaint_id FROM complaint_events WHERE at >= ? AND at < ?"
        f" UNION {_promise_candidates_sql()}"
        " UNION SELECT id FROM complaints WHERE call_id IN (SELECT id FROM calls"
        " WHERE started_at >= ? AND started_at < ? AND outcome = 'complaint')"
    )
    params = (*bounds, bounds[0], *bounds)
    chains = _chains(central, ids_sql, params)
    complaints = [
        ComplaintRecord(
            id=str(r[0]),
            call_id=None if r[1] is None else str(r[1]),
            opened_by=str(r[2]),
            contact=str(r[3]),
            reference=str(r[4]),
            department=str(r[5]),
            events=tuple(chains[str(r[0])]),
        )  # fmt: skip
        for r in central.fetchall(
            "SELECT id, call_id, opened_by, contact, reference, department FROM complaints"
            f" WHERE id IN ({ids_sql}) ORDER BY id",
            params,
        )
        if str(r[0]) in chains
    ]
    agents = [
        str(r[0])
        for r in central.fetchall(
            "SELECT DISTINCT agent FROM calls WHERE started_at >= ? AND started_at < ?", bounds
        )
    ]
    return scorecards(calls, complaints, start=period.start, end=period.end, now=now, agents=agents)


class FigureReads:
    """The loaders the figures and scorecard screens take, over one open central store.

    Screens call them from worker threads; one lock keeps two reads from sharing the
    connection at once. `now` is asked at every read, so a refresh reads up to the minute.
    """

    def __init__(self, central: Central, zone: str, now: Callable[[], DateTime]) -> None:
        self.central, self.zone, self.now = central, zone, now
        self._lock = threading.Lock()

    def figures(self, kind: PeriodKind) -> Figures:
        now = self.now()
        period = shift_period(now, self.zone) if kind == "shift" else month_period(now, self.zone)
        with self._lock:
            return read_figures(self.central, period, now)

    def scorecards(self, months_back: int) -> tuple[Period, tuple[Scorecard, ...]]:
        now = self.now()
        period = month_period(now, self.zone, months_back)
        with self._lock:
            return period, read_scorecards(self.central, period, now)
