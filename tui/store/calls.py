"""Calls: the durable save at wrap-up, reason corrections, the day's figures, export."""

from __future__ import annotations

import sqlite3

from pendulum import DateTime

from tui.domain.calls import SATISFIED, Call, DayStats
from tui.domain.clock import from_iso, to_iso
from tui.domain.ids import uuid7
from tui.store.db import Store

_SAVE_START = (
    "INSERT INTO call_starts (id, agent, started_at) SELECT ?, ?, ?"
    " WHERE NOT EXISTS (SELECT 1 FROM call_starts WHERE id = ?)"
)
_SAVE_OUT_OF_HAND = "DELETE FROM calls_in_hand WHERE call_id = ?"
_SAVE_CALL = (
    "INSERT INTO calls (id, agent, started_at, ended_at, caller, reason_code, outcome,"
    " mood, satisfaction, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


async def save_call(store: Store, call: Call) -> None:
    """One durable transaction: when this returns, the call survives a power cut, and it
    is no longer in hand. Its start is recorded here too if F2 could not record it."""
    started = to_iso(call.started_at)
    start = (call.id, call.agent, started, call.id)
    row = (
        call.id,
        call.agent,
        started,
        to_iso(call.ended_at),
        call.caller,
        call.reason_code,
        call.outcome,
        call.mood,
        call.satisfaction,
        call.note,
    )

    def unit(conn: sqlite3.Connection) -> None:
        conn.execute(_SAVE_START, start)
        conn.execute(_SAVE_OUT_OF_HAND, (call.id,))
        conn.execute(_SAVE_CALL, row)

    await store.write(unit)


async def correct_reason(
    store: Store, call_id: str, to_code: str, agent: str, at: DateTime
) -> None:
    """Record a corrected tag beside the original; the call row is never rewritten."""
    async with store.transaction() as conn:
        async with conn.execute(
            "SELECT COALESCE((SELECT to_code FROM call_reason_corrections WHERE call_id = ?"
            " ORDER BY corrected_at DESC, rowid DESC LIMIT 1),"
            " (SELECT reason_code FROM calls WHERE id = ?))",
            (call_id, call_id),
        ) as cur:
            row = await cur.fetchone()
        if row is None or row[0] is None:
            raise KeyError(call_id)
        await conn.execute(
            "INSERT INTO call_reason_corrections (id, call_id, from_code, to_code, agent,"
            " corrected_at) VALUES (?, ?, ?, ?, ?, ?)",
            (uuid7(at), call_id, row[0], to_code, agent, to_iso(at)),
        )


_EFFECTIVE_REASON = (
    "COALESCE((SELECT to_code FROM call_reason_corrections k WHERE k.call_id = c.id"
    " ORDER BY k.corrected_at DESC, k.rowid DESC LIMIT 1), c.reason_code)"
)


async def day_stats(store: Store, agent: str, since: DateTime) -> DayStats:
    low, high = SATISFIED[0], SATISFIED[-1]
    row = await store.fetchone(
        "SELECT COUNT(*) AS calls, COUNT(satisfaction) AS rated,"
        f" COALESCE(SUM(satisfaction BETWEEN {low} AND {high}), 0) AS satisfied"
        " FROM calls WHERE agent = ? AND started_at >= ?",
        (agent, to_iso(since)),
    )
    assert row is not None
    return DayStats(row["calls"], row["rated"], row["satisfied"])


async def reason_usage(store: Store, agent: str, *, limit: int = 500) -> dict[str, tuple[int, str]]:
    """code → (times used, last used) over the agent's recent calls, for the picker's order."""
    rows = await store.fetchall(
        f"SELECT {_EFFECTIVE_REASON} AS code, COUNT(*) AS n, MAX(started_at) AS last"
        " FROM (SELECT * FROM calls WHERE agent = ? ORDER BY started_at DESC LIMIT ?) c"
        " GROUP BY code",
        (agent, limit),
    )
    return {r["code"]: (r["n"], r["last"]) for r in rows}


async def recent_calls(store: Store, agent: str, since: DateTime) -> list[Call]:
    """The agent's calls since `since`, each with its effective (latest corrected) reason."""
    rows = await store.fetchall(
        f"SELECT c.*, {_EFFECTIVE_REASON} AS effective FROM calls c"
        " WHERE c.agent = ? AND c.ended_at >= ? ORDER BY c.started_at",
        (agent, to_iso(since)),
    )
    return [
        Call(
            id=r["id"],
            agent=r["agent"],
            started_at=from_iso(r["started_at"]),
            ended_at=from_iso(r["ended_at"]),
            caller=r["caller"],
            reason_code=r["effective"],
            outcome=r["outcome"],
            mood=r["mood"],
            satisfaction=r["satisfaction"],
            note=r["note"],
        )
        for r in rows
    ]
