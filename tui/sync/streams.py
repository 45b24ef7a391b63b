"""Every record stream a workstation pushes: which local table, which columns, and how
the push finds what is new since central's cursor.

Append-only tables are read by rowid: nothing is ever deleted from them, so their rowids
only grow, and every row a snapshot holds past the cursor is new. Breaks and reminders
change after they are written; they are read through the `sync_changes` log (migration
0007), and central takes their current values over its own (`update`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stream:
    name: str
    """The cursor's name in central's `sync_cursors`, and the central table."""
    columns: tuple[str, ...]
    """The local columns pushed, in central's spelling."""
    key: tuple[str, ...] = ("id",)
    update: tuple[str, ...] = ()
    """The columns a later push may change; empty for an append-only stream."""
    stationed: bool = True
    """Central's copy names the station it came from (the register's events do not:
    every copy of a chain is the same bytes)."""

    @property
    def table(self) -> str:
        return self.name

    @property
    def central_columns(self) -> tuple[str, ...]:
        return ("station", *self.columns) if self.stationed else self.columns

    def select_new(self) -> str:
        """The rows after a cursor, each led by its new cursor value, in cursor order."""
        cols = ", ".join(f"t.{c}" for c in self.columns)
        if self.update:
            return (
                f"SELECT s.seq, {cols} FROM sync_changes s JOIN {self.table} t"
                f" ON t.id = s.row_id WHERE s.tbl = '{self.table}' AND s.seq > ?"
                " ORDER BY s.seq"
            )
        return f"SELECT t.rowid, {cols} FROM {self.table} t WHERE t.rowid > ? ORDER BY t.rowid"


CALL_STARTS = Stream("call_starts", ("id", "agent", "started_at"))
CALLS = Stream(
    "calls",
    (
        "id",
        "agent",
        "started_at",
        "ended_at",
        "caller",
        "reason_code",
        "outcome",
        "mood",
        "satisfaction",
        "note",
    ),
)
CALL_REASON_CORRECTIONS = Stream(
    "call_reason_corrections",
    ("id", "call_id", "from_code", "to_code", "agent", "corrected_at"),
)
CALL_DISCARDS = Stream(
    "call_discards", ("call_id", "agent", "discarded_at", "reason"), key=("call_id",)
)
COMPLAINTS = Stream(
    "complaints",
    (
        "id",
        "call_id",
        "opened_at",
        "opened_by",
        "customer_name",
        "contact",
        "reference",
        "class_code",
        "department",
        "what_happened",
        "remedy_requested",
    ),
)
COMPLAINT_EVENTS = Stream(
    "complaint_events",
    ("id", "complaint_id", "seq", "kind", "actor", "at", "payload", "prev_hash", "hash"),
    stationed=False,
)
REMINDERS = Stream(
    "reminders",
    (
        "id",
        "agent",
        "trigger",
        "state",
        "created_at",
        "shown_at",
        "updated_at",
        "snoozes_used",
        "snooze_until",
        "dismiss_reason",
    ),
    update=(
        "agent",
        "trigger",
        "state",
        "created_at",
        "shown_at",
        "updated_at",
        "snoozes_used",
        "snooze_until",
        "dismiss_reason",
    ),
)
REMINDER_EVENTS = Stream(
    "reminder_events",
    ("id", "reminder_id", "state", "at", "snoozes_used", "dismiss_reason"),
)
BREAKS = Stream(
    "breaks",
    (
        "id",
        "agent",
        "code",
        "trigger",
        "reminder_id",
        "started_at",
        "ended_at",
        "mood_before",
        "mood_after",
    ),
    update=(
        "agent",
        "code",
        "trigger",
        "reminder_id",
        "started_at",
        "ended_at",
        "mood_before",
        "mood_after",
    ),
)
LEAD_FLAGS = Stream("lead_flags", ("id", "agent", "kind", "call_id", "created_at"))

RECORD_STREAMS: tuple[Stream, ...] = (
    CALL_STARTS,
    CALLS,
    CALL_REASON_CORRECTIONS,
    CALL_DISCARDS,
    REMINDERS,
    REMINDER_EVENTS,
    BREAKS,
    LEAD_FLAGS,
)
"""Pushed in this order, a referenced row first: a call's start before the call, its
corrections and discard; a reminder before its events and the break it led to. The
complaints and their register are their own phase (`chains.push_register`), which checks
every chain against central before it sends a row; `COMPLAINTS` and `COMPLAINT_EVENTS`
name their tables and columns."""
