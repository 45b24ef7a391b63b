"""The lead board's read model at central: one `board_complaints` row per complaint,
where it stands as `tui.domain.register.derive` reads its chain.

Kept by whoever appends to the register (the push, the lead's actions), inside the same
transaction, by deriving each touched complaint's whole chain again: the row can only
ever say what the events say, never what someone wrote into it. The migration that
adds the table fills it for the complaints central already holds (`backfill`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from tui.central.connection import Central
from tui.domain.clock import to_iso
from tui.domain.register import ComplaintState, Event, RegisterCorrupt, derive

BOARD_COLUMNS: tuple[str, ...] = (
    "complaint_id",
    "station",
    "opened_at",
    "owner",
    "status",
    "class_code",
    "department",
    "promised_at",
    "promise_made_at",
    "remaining_s",
    "escalated",
    "followups",
    "seq",
    "last_event_at",
)
_EVENT_COLUMNS = "id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"
# Ids per `IN (...)`: well under both backends' parameter limits.
CHUNK = 500


def board_row(station: str, state: ComplaintState, seq: int) -> tuple[Any, ...]:
    """The row `state` (derived from a chain ending at `seq`) is kept as."""
    followups = [[f.event_id, to_iso(f.due_at)] for f in state.followups_due]
    return (
        state.complaint_id,
        station,
        to_iso(state.opened_at),
        state.owner,
        state.status,
        state.class_code,
        state.department,
        to_iso(state.promised_at) if state.promised_at is not None else None,
        to_iso(state.promise_made_at),
        state.remaining_s,
        1 if state.escalated else 0,
        json.dumps(followups, separators=(",", ":")),
        seq,
        to_iso(state.last_event_at),
    )


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def _chains(central: Central, ids: Sequence[str]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    rows = central.fetchall(
        f"SELECT {_EVENT_COLUMNS} FROM complaint_events"
        f" WHERE complaint_id IN ({_marks(len(ids))}) ORDER BY complaint_id, seq",
        ids,
    )
    for r in rows:
        event = Event(r[0], r[1], int(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])
        found.setdefault(event.complaint_id, []).append(event)
    return found


Derived = Mapping[str, tuple[str, ComplaintState]]
"""Complaint id → (the hash of the last event of a chain, `derive` of that chain)."""


def derive_ahead(chains: Mapping[str, Sequence[Event]]) -> dict[str, tuple[str, ComplaintState]]:
    """`derive` of chains a writer expects central to hold once it has written, done
    before its transaction so the register's lock is not held for it; chains `derive`
    cannot read are left out (`keep_board` then derives what central holds)."""
    found: dict[str, tuple[str, ComplaintState]] = {}
    for cid, chain in chains.items():
        if not chain:
            continue
        try:
            found[cid] = (chain[-1].hash, derive(chain))
        except RegisterCorrupt:
            continue
    return found


def keep_board(
    central: Central,
    ids: Sequence[str],
    known: Mapping[str, Sequence[Event]] | None = None,
    derived: Derived | None = None,
) -> int:
    """Derive the complaints `ids` again from their chains at central and write their
    rows. Call inside the transaction that appended to them; `known` may hold chains
    exactly as central holds them in it (the writer just made them), which are then not
    read back. A chain whose last event is the one a `derived` entry was made from is
    that chain (each event's hash covers the one before), so its state is taken as it
    is. A chain `derive` cannot read keeps the row it had: the register's checks refuse
    such chains before they reach central, and the board must not hide a complaint
    over it."""
    written = 0
    known = known or {}
    derived = derived or {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        part = unique[start : start + CHUNK]
        unread = [cid for cid in part if cid not in known]
        chains: dict[str, Sequence[Event]] = {cid: known[cid] for cid in part if cid in known}
        if unread:
            chains.update(_chains(central, unread))
        stations = dict(
            central.fetchall(
                f"SELECT id, station FROM complaints WHERE id IN ({_marks(len(part))})", part
            )
        )
        rows = []
        for cid, chain in chains.items():
            ahead = derived.get(cid)
            if ahead is not None and chain and ahead[0] == chain[-1].hash:
                state = ahead[1]
            else:
                try:
                    state = derive(chain)
                except RegisterCorrupt:
                    continue
            rows.append(board_row(str(stations.get(cid, "")), state, chain[-1].seq))
        written += central.load(
            "board_complaints",
            BOARD_COLUMNS,
            rows,
            key=("complaint_id",),
            update=BOARD_COLUMNS[1:],
        )
    return written


def backfill(central: Central) -> int:
    """Fill the board for every complaint central holds (run by the migration)."""
    ids = [str(r[0]) for r in central.fetchall("SELECT complaint_id FROM complaint_heads")]
    return keep_board(central, ids)
