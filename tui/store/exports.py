"""Exports read straight off a read-only connection, a chunk of rows at a time.

Plain `sqlite3`, not aiosqlite: an export is one batch in one process, where a thread
hop per chunk and the two threads taking turns at the interpreter lock only cost time
(a third of it, measured with a million calls).

Nothing here holds a whole table: each export is one ordered query whose rows are turned
into records as they arrive, so a million calls cost the same memory as a hundred.
A record is a tuple in the order of its `*_FIELDS`: cheaper than a dict by the million,
and what a CSV writer takes as it is.
Numbers (and names) are masked unless `unmask` (不得泄露客户隐私); free text is masked
digit run by digit run with the same rule.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tui.domain.break_policy import OPEN_REMINDER_STATES
from tui.domain.clock import to_iso
from tui.domain.complaints import FACT_COLUMNS, ComplaintFacts, mask_name
from tui.domain.phone import mask, mask_all, mask_digit_runs
from tui.domain.register import Event, derive

Record = tuple[Any, ...]
Chunk = list[Record]
# Rows fetched per trip to SQLite's thread: large enough that the hop costs nothing,
# small enough that a chunk is a few hundred kilobytes at most.
CHUNK_ROWS = 2000

CALL_FIELDS: tuple[str, ...] = (
    "id",
    "started_at",
    "ended_at",
    "agent",
    "reason_code",
    "reason_path",
    "original_reason_code",
    "outcome",
    "mood",
    "satisfaction",
    "caller",
    "note",
)
COMPLAINT_FIELDS: tuple[str, ...] = (
    "id",
    "call_id",
    "class",
    "status",
    "owner",
    "opened_by",
    "opened_at",
    "customer_name",
    "contact",
    "reference",
    "department",
    "what_happened",
    "remedy_requested",
    "original_promised_at",
    "promised_at",
    "remaining_s",
    "extensions",
    "replied_at",
    "promise_kept",
    "closed_at",
    "escalated",
    "followups_due",
)
EVENT_FIELDS: tuple[str, ...] = (
    "id",
    "complaint_id",
    "seq",
    "kind",
    "actor",
    "at",
    "payload",
    "prev_hash",
    "hash",
)
BREAK_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "agent",
    "code",
    "trigger",
    "state",
    "started_at",
    "ended_at",
    "mood_before",
    "mood_after",
    "reminder_id",
    "shown_at",
    "snoozes_used",
    "dismiss_reason",
)

_EFFECTIVE_REASON = (
    "COALESCE((SELECT to_code FROM call_reason_corrections k WHERE k.call_id = c.id"
    " ORDER BY k.corrected_at DESC, k.rowid DESC LIMIT 1), c.reason_code)"
)
_EVENT_COLUMNS = "id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"
# Payload keys that hold a number, and keys that hold what someone typed.
_NUMBER_KEYS = frozenset({"contact", "number"})
_FREE_TEXT_KEYS = frozenset(
    {"text", "note", "reason", "summary", "resolution", "what_happened", "remedy_requested"}
)


def _chunks(
    conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()
) -> Iterator[list[Any]]:
    cursor = conn.execute(sql, params)
    try:
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield rows
    finally:
        cursor.close()


def _text(value: str | None) -> str | None:
    return mask_digit_runs(value) if value else value


def reason_paths(conn: sqlite3.Connection, lang: str = "en") -> dict[str, str]:
    """code → "Inquiry › Billing › Balance", in the export's language."""
    column = {"zh": "label_zh", "ko": "label_ko"}.get(lang, "label_en")
    rows = conn.execute(f"SELECT code, parent_code, {column} FROM reasons").fetchall()
    by_code = {code: (parent, label) for code, parent, label in rows}
    paths: dict[str, str] = {}
    for code in by_code:
        parts: list[str] = []
        cursor_code: str | None = code
        while cursor_code is not None and cursor_code in by_code and len(parts) <= len(by_code):
            parent, label = by_code[cursor_code]
            parts.append(label)
            cursor_code = parent
        paths[code] = " › ".join(reversed(parts))
    return paths


class Columns:
    """A chunk of records held a column at a time, as `stream_calls` builds them:
    iterating it gives the records. The CSV writer checks and writes the columns as they
    are, never taking records apart again."""

    __slots__ = ("columns",)

    def __init__(self, columns: tuple[Sequence[Any], ...]) -> None:
        self.columns = columns

    def __iter__(self) -> Iterator[Record]:
        return zip(*self.columns, strict=True)


def stream_calls(
    conn: sqlite3.Connection, paths: Mapping[str, str], *, unmask: bool = False
) -> Iterator[Columns]:
    """One record per call, the reason as corrected (the original beside it)."""
    sql = (
        "SELECT c.id, c.started_at, c.ended_at, c.agent, c.reason_code, c.outcome, c.mood,"
        f" c.satisfaction, c.caller, c.note, {_EFFECTIVE_REASON} AS effective"
        " FROM calls c ORDER BY c.started_at"
    )
    for rows in _chunks(conn, sql):
        # A column at a time: zip and map run the loops in C, which a million calls
        # notice; only the masking itself is Python.
        ids, started, ended, agents, original, outcome, mood, rating, caller, note, code = zip(
            *rows, strict=True
        )
        if not unmask:
            # Stored callers and notes are text; only a damaged file holds anything else.
            plain = set(map(type, caller + note)) == {str}
            caller = tuple(mask_all(caller) if plain else map(_masked_number, caller))
            note = tuple(map(mask_digit_runs if plain else _masked_text, note))
        yield Columns(
            (
                ids,
                started,
                ended,
                agents,
                code,
                tuple(map(paths.get, code, code)),
                original,
                outcome,
                mood,
                rating,
                caller,
                note,
            )
        )


def _masked_number(value: object) -> object:
    if value.__class__ is str:
        return mask(value) if value else value
    # Only a damaged file holds anything else; it is masked all the same.
    return value if value is None else mask(str(value))


def _masked_text(value: object) -> object:
    if value.__class__ is str:
        return mask_digit_runs(value) if value else value
    return value if value is None else mask_digit_runs(str(value))


def _iso(when: Any) -> str | None:
    return to_iso(when) if when is not None else None


def _complaint_record(facts: ComplaintFacts, events: list[Event], unmask: bool) -> Record:
    state = derive(events)
    return (
        facts.id,
        facts.call_id,
        facts.class_code,
        state.status,
        state.owner,
        facts.opened_by,
        facts.opened_at,
        facts.customer_name if unmask else mask_name(facts.customer_name),
        facts.contact if unmask or not facts.contact else mask(facts.contact),
        facts.reference,
        state.department,
        facts.what_happened if unmask else _text(facts.what_happened),
        facts.remedy_requested if unmask else _text(facts.remedy_requested),
        _iso(state.original_promised_at),
        _iso(state.promised_at),
        state.remaining_s,
        state.extensions,
        _iso(state.replied_at),
        state.promise_kept,
        _iso(state.closed_at),
        state.escalated,
        len(state.followups_due),
    )


def stream_complaints(conn: sqlite3.Connection, *, unmask: bool = False) -> Iterator[Chunk]:
    """One record per complaint (closed ones too), its state derived from its events.

    One query joins each complaint to its events in order, so only the complaint being
    assembled is held, however long the register.
    """
    facts_sql = ", ".join(f"c.{name}" for name in FACT_COLUMNS)
    events_sql = ", ".join(f"e.{name}" for name in _EVENT_COLUMNS.split(", "))
    sql = (
        f"SELECT {facts_sql}, {events_sql} FROM complaints c"
        " LEFT JOIN complaint_events e ON e.complaint_id = c.id"
        " ORDER BY c.opened_at, c.id, e.seq"
    )
    width = len(FACT_COLUMNS)
    current: ComplaintFacts | None = None
    events: list[Event] = []
    for rows in _chunks(conn, sql):
        done: Chunk = []
        for row in rows:
            facts_row = tuple(row)[:width]
            if current is None or current.id != facts_row[0]:
                if current is not None:
                    done.append(_complaint_record(current, events, unmask))
                current = ComplaintFacts.from_record(
                    dict(zip(FACT_COLUMNS, facts_row, strict=True))
                )
                events = []
            if row[width] is not None:
                events.append(Event(*tuple(row)[width:]))
        if done:
            yield done
    if current is not None:
        yield [_complaint_record(current, events, unmask)]


def masked_payload(value: object, key: str = "") -> object:
    """A payload with numbers, names and digit runs in free text masked, keys kept."""
    if isinstance(value, dict):
        return {k: masked_payload(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [masked_payload(v, key) for v in value]
    if isinstance(value, str) and value:
        if key in _NUMBER_KEYS:
            return mask(value)
        if key == "customer_name":
            return mask_name(value)
        if key in _FREE_TEXT_KEYS:
            return mask_digit_runs(value)
    return value


def stream_events(conn: sqlite3.Connection, *, unmask: bool = False) -> Iterator[Chunk]:
    """Every register entry, oldest first per complaint, its payload parsed.

    The stored hashes are kept for reference: a masked payload no longer matches them, so
    verification runs on the database, never on an export.
    """
    sql = f"SELECT {_EVENT_COLUMNS} FROM complaint_events ORDER BY complaint_id, seq"
    for rows in _chunks(conn, sql):
        chunk: Chunk = []
        for row in rows:
            event = Event(*tuple(row))
            data: dict[str, Any] = event.data
            chunk.append(
                (
                    event.id,
                    event.complaint_id,
                    event.seq,
                    event.kind,
                    event.actor,
                    event.at,
                    data if unmask else masked_payload(data),
                    event.prev_hash,
                    event.hash,
                )
            )
        yield chunk


def stream_breaks(conn: sqlite3.Connection) -> Iterator[Chunk]:
    """One record per break and per reminder, every record with the same keys, in time
    order. `state` is a reminder's last state, or for a break `open` or `ended`; a
    reminder's `started_at` is when it was made and its `ended_at` when it was taken or
    dismissed."""
    still_open = ", ".join(f"'{state}'" for state in OPEN_REMINDER_STATES)
    sql = (
        "SELECT id, 'break' AS kind, agent, code, trigger,"
        " CASE WHEN ended_at IS NULL THEN 'open' ELSE 'ended' END AS state,"
        " started_at, ended_at, mood_before, mood_after, reminder_id,"
        " NULL AS shown_at, NULL AS snoozes_used, NULL AS dismiss_reason FROM breaks"
        " UNION ALL"
        " SELECT id, 'reminder', agent, NULL, trigger, state, created_at,"
        f" CASE WHEN state IN ({still_open}) THEN NULL ELSE updated_at END,"
        " NULL, NULL, NULL, shown_at, snoozes_used, dismiss_reason FROM reminders"
        " ORDER BY started_at, kind, id"
    )
    for rows in _chunks(conn, sql):
        yield [tuple(row) for row in rows]
