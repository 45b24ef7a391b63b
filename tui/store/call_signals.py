"""The softphone's signals kept with each call, and a ringing number looked up."""

from __future__ import annotations

from collections.abc import Sequence

from tui.domain.clock import from_iso, to_iso
from tui.domain.ringing import (
    LOOKUP_CALLS,
    CallerHistory,
    OpenComplaint,
    PastCall,
    Signal,
    SignalKind,
)
from tui.store.db import Store

_KINDS: tuple[SignalKind, ...] = ("ring", "answer", "hangup", "wrapped_up")
_INSERT = (
    "INSERT INTO call_signals (id, call_id, kind, at, call_ref, queue, number, ended_break)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


async def add_signals(store: Store, signals: Sequence[Signal]) -> None:
    """Write the signals in one durable transaction."""
    async with store.transaction() as conn:
        for s in signals:
            await conn.execute(
                _INSERT,
                (
                    s.id,
                    s.call_id,
                    s.kind,
                    to_iso(s.at),
                    s.call_ref,
                    s.queue,
                    s.number,
                    s.ended_break,
                ),
            )


def _kind(value: str) -> SignalKind:
    for kind in _KINDS:
        if kind == value:
            return kind
    raise ValueError(f"unknown signal {value!r}")


async def signals_of(store: Store, call_id: str) -> list[Signal]:
    rows = await store.fetchall(
        "SELECT * FROM call_signals WHERE call_id = ? ORDER BY at, rowid", (call_id,)
    )
    return [
        Signal(
            id=r["id"],
            call_id=r["call_id"],
            kind=_kind(r["kind"]),
            at=from_iso(r["at"]),
            call_ref=r["call_ref"],
            queue=r["queue"],
            number=r["number"],
            ended_break=r["ended_break"],
        )
        for r in rows
    ]


_EFFECTIVE_REASON = (
    "COALESCE((SELECT to_code FROM call_reason_corrections k WHERE k.call_id = c.id"
    " ORDER BY k.corrected_at DESC, k.rowid DESC LIMIT 1), c.reason_code)"
)


async def caller_history(store: Store, number: str, *, limit: int = LOOKUP_CALLS) -> CallerHistory:
    """The last calls from `number` (any agent's on this desk) with their reasons, and the
    complaints with that contact still open, soonest promise first."""
    calls = await store.fetchall(
        f"SELECT c.started_at, {_EFFECTIVE_REASON} AS code FROM calls c"
        " WHERE c.caller = ? ORDER BY c.started_at DESC LIMIT ?",
        (number, limit),
    )
    complaints = await store.fetchall(
        "SELECT s.complaint_id, s.class_code, s.status, s.promised_at, s.remaining_s"
        " FROM complaints c JOIN complaint_state s ON s.complaint_id = c.id"
        " WHERE c.contact = ? AND s.status <> 'closed'"
        " ORDER BY s.promised_at IS NULL, s.promised_at, s.opened_at",
        (number,),
    )
    return CallerHistory(
        number=number,
        calls=tuple(PastCall(from_iso(r["started_at"]), str(r["code"])) for r in calls),
        complaints=tuple(
            OpenComplaint(
                complaint_id=r["complaint_id"],
                class_code=r["class_code"] or "",
                status=r["status"],
                due=from_iso(r["promised_at"]) if r["promised_at"] else None,
                remaining_s=r["remaining_s"],
            )
            for r in complaints
        ),
    )
