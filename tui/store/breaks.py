"""Breaks, reset reminders and lead flags: saved as they happen, read back for the
break policy, exported for the back office."""

from __future__ import annotations

import sqlite3
from typing import cast

from pendulum import DateTime

from tui.domain.break_policy import OPEN_REMINDER_STATES, CallSummary, Mood, TriggerKind
from tui.domain.breaks import (
    Break,
    BreakCode,
    BreakError,
    DismissReason,
    Reminder,
    ReminderState,
    check_mood,
)
from tui.domain.clock import from_iso, to_iso
from tui.domain.ids import uuid7
from tui.store.db import Store

_BREAK_COLUMNS = "id, code, trigger, reminder_id, started_at, ended_at, mood_before, mood_after"
_REMINDER_COLUMNS = (
    "id, trigger, state, created_at, shown_at, updated_at, snoozes_used, snooze_until,"
    " dismiss_reason"
)


def _when(text: str | None) -> DateTime | None:
    return from_iso(text) if text is not None else None


def _iso(when: DateTime | None) -> str | None:
    return to_iso(when) if when is not None else None


def _break(row: sqlite3.Row) -> Break:
    return Break(
        id=row["id"],
        code=cast(BreakCode, row["code"]),
        started_at=from_iso(row["started_at"]),
        ended_at=_when(row["ended_at"]),
        trigger=cast(TriggerKind | None, row["trigger"]),
        reminder_id=row["reminder_id"],
        mood_before=row["mood_before"],
        mood_after=row["mood_after"],
    )


def _reminder(row: sqlite3.Row) -> Reminder:
    return Reminder(
        id=row["id"],
        trigger=cast(TriggerKind, row["trigger"]),
        created_at=from_iso(row["created_at"]),
        state=cast(ReminderState, row["state"]),
        snoozes_used=row["snoozes_used"],
        snooze_until=_when(row["snooze_until"]),
        dismiss_reason=cast(DismissReason | None, row["dismiss_reason"]),
        shown_at=_when(row["shown_at"]),
        updated_at=_when(row["updated_at"]),
    )


async def start_break(
    store: Store,
    *,
    agent: str,
    code: BreakCode,
    now: DateTime,
    trigger: TriggerKind | None = None,
    reminder_id: str | None = None,
    mood_before: int | None = None,
) -> Break:
    """Open a break; refused with `breaks.error.already_on_break` while one is open."""
    started = Break(
        id=uuid7(now),
        code=code,
        started_at=now,
        trigger=trigger,
        reminder_id=reminder_id,
        mood_before=check_mood(mood_before),
    )
    async with store.transaction() as conn:
        async with conn.execute(
            "SELECT 1 FROM breaks WHERE agent = ? AND ended_at IS NULL", (agent,)
        ) as cur:
            if await cur.fetchone() is not None:
                raise BreakError("breaks.error.already_on_break")
        await conn.execute(
            f"INSERT INTO breaks (agent, {_BREAK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agent,
                started.id,
                code,
                trigger,
                reminder_id,
                to_iso(now),
                None,
                started.mood_before,
                None,
            ),
        )
    return started


async def end_break(
    store: Store,
    break_id: str,
    *,
    now: DateTime,
    mood_before: int | None = None,
    mood_after: int | None = None,
) -> Break:
    """Close a running break at `now` (for a reset: the time the screen handed back).

    A mood given here is recorded; one left as None keeps what was stored.
    """
    check_mood(mood_before)
    check_mood(mood_after)
    async with store.transaction() as conn:
        cur = await conn.execute(
            "UPDATE breaks SET ended_at = ?, mood_before = COALESCE(?, mood_before),"
            " mood_after = COALESCE(?, mood_after) WHERE id = ? AND ended_at IS NULL",
            (to_iso(now), mood_before, mood_after, break_id),
        )
        if cur.rowcount != 1:
            raise BreakError("breaks.error.break_not_open")
        async with conn.execute(
            f"SELECT {_BREAK_COLUMNS} FROM breaks WHERE id = ?", (break_id,)
        ) as read:
            row = await read.fetchone()
    assert row is not None
    return _break(row)


async def current_break(store: Store, agent: str) -> Break | None:
    row = await store.fetchone(
        f"SELECT {_BREAK_COLUMNS} FROM breaks WHERE agent = ? AND ended_at IS NULL", (agent,)
    )
    return _break(row) if row is not None else None


async def recent_breaks(store: Store, agent: str, since: DateTime) -> list[Break]:
    """Breaks that were running at any time since `since` (a running one included), oldest
    first."""
    rows = await store.fetchall(
        f"SELECT {_BREAK_COLUMNS} FROM breaks WHERE agent = ?"
        " AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at",
        (agent, to_iso(since)),
    )
    return [_break(row) for row in rows]


async def save_reminder(store: Store, reminder: Reminder, *, agent: str) -> None:
    """Insert or update the reminder, and log the transition if its state or snooze count
    changed, so every show, snooze, dismissal and take is on record."""
    updated_at = reminder.updated_at or reminder.created_at
    values = (
        reminder.trigger,
        reminder.state,
        to_iso(reminder.created_at),
        _iso(reminder.shown_at),
        to_iso(updated_at),
        reminder.snoozes_used,
        _iso(reminder.snooze_until),
        reminder.dismiss_reason,
    )
    async with store.transaction() as conn:
        async with conn.execute(
            "SELECT state, snoozes_used FROM reminders WHERE id = ?", (reminder.id,)
        ) as cur:
            before = await cur.fetchone()
        if before is None:
            await conn.execute(
                f"INSERT INTO reminders (agent, {_REMINDER_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (agent, reminder.id, *values),
            )
        else:
            await conn.execute(
                "UPDATE reminders SET trigger = ?, state = ?, created_at = ?, shown_at = ?,"
                " updated_at = ?, snoozes_used = ?, snooze_until = ?, dismiss_reason = ?"
                " WHERE id = ?",
                (*values, reminder.id),
            )
        if before is None or (before["state"], before["snoozes_used"]) != (
            reminder.state,
            reminder.snoozes_used,
        ):
            await conn.execute(
                "INSERT INTO reminder_events (id, reminder_id, state, at, snoozes_used,"
                " dismiss_reason) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    uuid7(updated_at),
                    reminder.id,
                    reminder.state,
                    to_iso(updated_at),
                    reminder.snoozes_used,
                    reminder.dismiss_reason,
                ),
            )


async def recent_reminders(store: Store, agent: str, since: DateTime) -> list[Reminder]:
    """Reminders made since `since`, and any still open however old, oldest first."""
    rows = await store.fetchall(
        f"SELECT {_REMINDER_COLUMNS} FROM reminders WHERE agent = ?"
        f" AND (created_at >= ? OR state IN ({', '.join('?' * len(OPEN_REMINDER_STATES))}))"
        " ORDER BY created_at",
        (agent, to_iso(since), *sorted(OPEN_REMINDER_STATES)),
    )
    return [_reminder(row) for row in rows]


async def reminder_history(store: Store, reminder_id: str) -> list[tuple[ReminderState, DateTime]]:
    """The states a reminder went through, in order."""
    rows = await store.fetchall(
        "SELECT state, at FROM reminder_events WHERE reminder_id = ? ORDER BY at, rowid",
        (reminder_id,),
    )
    return [(cast(ReminderState, row["state"]), from_iso(row["at"])) for row in rows]


async def recent_call_moods(store: Store, agent: str, since: DateTime) -> list[CallSummary]:
    """The agent's calls wrapped up since `since`, as the break policy reads them."""
    rows = await store.fetchall(
        "SELECT id, started_at, ended_at, mood FROM calls WHERE agent = ? AND ended_at >= ?"
        " ORDER BY ended_at",
        (agent, to_iso(since)),
    )
    return [
        CallSummary(
            row["id"],
            from_iso(row["started_at"]),
            from_iso(row["ended_at"]),
            cast(Mood, row["mood"]),
        )
        for row in rows
    ]


async def flag_for_lead(
    store: Store, *, agent: str, kind: str, call_id: str | None, now: DateTime
) -> str:
    """Raise a flag for the lead's board at the next sync; flagging the same call for the
    same reason twice keeps the first flag. Returns the flag's id."""
    flag_id = uuid7(now)
    async with store.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO lead_flags (id, agent, kind, call_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, call_id) DO NOTHING",
            (flag_id, agent, kind, call_id, to_iso(now)),
        )
        if cur.rowcount == 1:
            return flag_id
        async with conn.execute(
            "SELECT id FROM lead_flags WHERE kind = ? AND call_id = ?", (kind, call_id)
        ) as read:
            row = await read.fetchone()
    assert row is not None
    return str(row[0])
