"""The call in hand on disk: its start, written at F2 and never changed; what the agent
has chosen so far, rewritten on every change; and, if it is given up, why.

Saving the call (`calls.save_call`) removes the kept state in the same transaction as it
writes the call, so a call is either in hand or saved, never both and never neither.
"""

from __future__ import annotations

from pendulum import DateTime

from tui.domain.call_in_hand import (
    DiscardReason,
    HeldCall,
    HeldCallUnreadable,
    read_state,
    state_text,
)
from tui.domain.clock import from_iso, to_iso
from tui.store.db import Store


async def start_call(store: Store, agent: str, held: HeldCall, at: DateTime) -> None:
    """Record the call's start and its (empty) choices in one durable transaction."""
    async with store.transaction() as conn:
        await conn.execute(
            "INSERT INTO call_starts (id, agent, started_at) VALUES (?, ?, ?)",
            (held.call_id, agent, to_iso(held.started_at)),
        )
        await conn.execute(
            "INSERT INTO calls_in_hand (call_id, agent, state, updated_at, seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (held.call_id, agent, state_text(held), to_iso(at), to_iso(at)),
        )


async def keep_call(store: Store, agent: str, held: HeldCall, at: DateTime) -> None:
    """Write the agent's choices so far. Writes that finish out of order never put back
    an older state: the row keeps the newest `updated_at`."""
    async with store.transaction() as conn:
        await conn.execute(
            "UPDATE calls_in_hand SET state = ?, updated_at = ?, seen_at = ?"
            " WHERE call_id = ? AND agent = ? AND updated_at <= ?",
            (state_text(held), to_iso(at), to_iso(at), held.call_id, agent, to_iso(at)),
        )


async def still_holding(store: Store, call_id: str, at: DateTime) -> None:
    """Note that the desk still holds the call: if it dies, the call ended about now."""
    async with store.transaction() as conn:
        await conn.execute(
            "UPDATE calls_in_hand SET seen_at = ? WHERE call_id = ? AND seen_at < ?",
            (to_iso(at), call_id, to_iso(at)),
        )


async def held_call(store: Store, agent: str) -> HeldCall | None:
    """The call the agent's last desk left in hand, if any.

    A state this program cannot read still gives the call back, with its start and the
    last moment it was seen, so the agent can wrap it up or discard it.
    """
    row = await store.fetchone(
        "SELECT h.call_id, s.started_at, h.state, h.seen_at FROM calls_in_hand h"
        " JOIN call_starts s ON s.id = h.call_id WHERE h.agent = ?",
        (agent,),
    )
    if row is None:
        return None
    started, seen = from_iso(row["started_at"]), from_iso(row["seen_at"])
    try:
        return read_state(row["call_id"], started, row["state"], seen)
    except HeldCallUnreadable:
        return HeldCall(call_id=row["call_id"], started_at=started, seen_at=seen)


async def discard_call(
    store: Store, agent: str, call_id: str, reason: DiscardReason, at: DateTime
) -> None:
    """Give the call up, recording why; its start stays, as do complaints opened on it."""
    async with store.transaction() as conn:
        await conn.execute(
            "INSERT INTO call_discards (call_id, agent, discarded_at, reason) VALUES (?, ?, ?, ?)",
            (call_id, agent, to_iso(at), reason),
        )
        await conn.execute("DELETE FROM calls_in_hand WHERE call_id = ?", (call_id,))


async def complaints_on_call(store: Store, call_id: str) -> list[str]:
    rows = await store.fetchall(
        "SELECT id FROM complaints WHERE call_id = ? ORDER BY opened_at", (call_id,)
    )
    return [str(r["id"]) for r in rows]


async def call_started(store: Store, call_id: str) -> bool:
    """Whether the start of call `call_id` is recorded (F2 writes it; a disk fault at F2
    may have kept it from being written)."""
    row = await store.fetchone("SELECT 1 FROM call_starts WHERE id = ?", (call_id,))
    return row is not None
