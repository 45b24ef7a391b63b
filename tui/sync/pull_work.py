"""The pull of work: complaints come to the station that should hold them, each with its
whole register as central sequenced it.

Which complaints (one central query):
- every complaint the station holds and central holds newer events for (its head is
  not what central knows the station holds: a lead's reassignment, another station's
  note, this station's own events central re-chained);
- every complaint not closed whose owner (the last `reassigned` event's `to`, else who
  opened it) works on this station and that the station does not hold yet.

An agent works on a station when central's `agent_states` (what their desk last said)
places them there; an agent with no state pushed yet works where their latest pushed
call was taken. So a complaint follows an agent who moved to another workstation.

Complaints quarantined for this station are left alone: what it holds of them is under
suspicion, and the lead decides.

Each complaint is applied in its own short local transaction: the station's copies of
events central re-chained are replaced by central's (allowed by the local rebase record,
migration 0008, which also rebuilds the cached queue state), central's further events
are appended. A complaint holding local events central has not seen yet is left for the
next sync: its push comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.domain.complaints import FACT_COLUMNS
from tui.domain.register import Event
from tui.sync import central_register as reg
from tui.sync.central_register import Head
from tui.sync.chain_rules import Rebase
from tui.sync.context import SyncContext

BATCH = 200

# The agents whose latest pushed call was taken on the station, found without reading
# every call central holds (it has no index by station): one walk over the distinct
# agents of `calls (agent, started_at)`, each a few index lookups. A call center has
# hundreds of agents and, after a year, millions of calls. (A scalar subquery, not
# EXISTS: PostgreSQL would turn EXISTS into a join over every call of the station.)
_CANDIDATES = """
WITH RECURSIVE agents(agent) AS (
    SELECT MIN(agent) FROM calls
    UNION ALL
    SELECT (SELECT MIN(c.agent) FROM calls c WHERE c.agent > agents.agent)
    FROM agents WHERE agents.agent IS NOT NULL
)
SELECT h.complaint_id FROM complaint_heads h
JOIN station_heads s ON s.station = ? AND s.complaint_id = h.complaint_id
WHERE s.hash <> h.hash
  AND NOT EXISTS (SELECT 1 FROM quarantine q
                  WHERE q.station = ? AND q.complaint_id = h.complaint_id)
UNION
SELECT o.complaint_id FROM complaint_owners o
WHERE o.status <> 'closed'
  AND o.owner IN (
      SELECT a.agent FROM agent_states a WHERE a.station = ?
      UNION
      SELECT g.agent FROM agents g
      WHERE g.agent IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM agent_states a WHERE a.agent = g.agent)
        AND (SELECT COUNT(*) FROM calls c
             WHERE c.agent = g.agent AND c.station = ?
               AND c.started_at = (SELECT MAX(m.started_at) FROM calls m
                                   WHERE m.agent = g.agent)) > 0)
  AND NOT EXISTS (SELECT 1 FROM station_heads s
                  WHERE s.station = ? AND s.complaint_id = o.complaint_id)
  AND NOT EXISTS (SELECT 1 FROM quarantine q
                  WHERE q.station = ? AND q.complaint_id = o.complaint_id)
"""

_INSERT_EVENT = (
    f"INSERT INTO complaint_events ({', '.join(reg.EVENT_COLUMNS)})"
    f" VALUES ({reg.marks(len(reg.EVENT_COLUMNS))})"
)
_INSERT_COMPLAINT = (
    f"INSERT INTO complaints ({', '.join(FACT_COLUMNS)})"
    f" SELECT {reg.marks(len(FACT_COLUMNS))}"
    " WHERE NOT EXISTS (SELECT 1 FROM complaints WHERE id = ?)"
)


def candidates(ctx: SyncContext) -> list[str]:
    s = ctx.station
    rows = ctx.central.fetchall(_CANDIDATES, (s, s, s, s, s, s))
    return sorted(str(row[0]) for row in rows)


def _rebases(ctx: SyncContext, ids: Sequence[str]) -> tuple[dict[str, Rebase], dict[str, str]]:
    """This station's events central re-chained, by event id, and when it did."""
    found: dict[str, Rebase] = {}
    when: dict[str, str] = {}
    for part in reg.chunks(ids):
        for row in ctx.central.fetchall(
            "SELECT event_id, complaint_id, old_seq, old_hash, new_seq, new_hash, at"
            " FROM event_rebases WHERE station = ?"
            f" AND complaint_id IN ({reg.marks(len(part))})",
            (ctx.station, *part),
        ):
            found[row[0]] = Rebase(row[0], row[1], int(row[2]), row[3], int(row[4]), row[5])
            when[row[0]] = row[6]
    return found, when


def _facts(ctx: SyncContext, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    for part in reg.chunks(ids):
        for row in ctx.central.fetchall(
            f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints"
            f" WHERE id IN ({reg.marks(len(part))})",
            part,
        ):
            found[row[0]] = tuple(row)
    return found


def _replaceable(
    tail: Sequence[tuple[str, int, str]], chain: Sequence[Event], rebases: dict[str, Rebase]
) -> bool:
    """Every local event past the common prefix is one central re-chained, and central's
    copy of it is in the chain read (a rebase made after the read waits for next time)."""
    for event_id, seq, digest in tail:
        moved = rebases.get(event_id)
        if moved is None or (moved.old_seq, moved.old_hash) != (seq, digest):
            return False
        if moved.new_seq > len(chain):
            return False
        copy = chain[moved.new_seq - 1]
        if (copy.id, copy.hash) != (event_id, moved.new_hash):
            return False
    return True


def _apply(
    ctx: SyncContext,
    chain: Sequence[Event],
    facts: tuple[Any, ...] | None,
    rebases: dict[str, Rebase],
    rebased_at: dict[str, str],
) -> bool:
    """Bring one complaint's local register to central's chain in one short write
    transaction; False when it must wait (local events central has not judged yet)."""
    conn = ctx.local
    cid = chain[0].complaint_id
    conn.execute("BEGIN IMMEDIATE")
    try:
        local = conn.execute(
            "SELECT id, seq, hash FROM complaint_events WHERE complaint_id = ? ORDER BY seq",
            (cid,),
        ).fetchall()
        common = 0
        while common < min(len(local), len(chain)) and (local[common][0], local[common][2]) == (
            chain[common].id,
            chain[common].hash,
        ):
            common += 1
        tail = local[common:]
        if not _replaceable(tail, chain, rebases) or facts is None and not local:
            conn.execute("ROLLBACK")
            return False
        if facts is not None:
            conn.execute(_INSERT_COMPLAINT, (*facts, cid))
        for event_id, seq, digest in tail:
            moved = rebases[event_id]
            conn.execute(
                "INSERT INTO complaint_event_rebases"
                " (event_id, complaint_id, old_seq, old_hash, new_seq, new_hash, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event_id, cid, seq, digest, moved.new_seq, moved.new_hash,
                 rebased_at[event_id]),
            )  # fmt: skip
        for event_id, _, _ in reversed(tail):
            conn.execute("DELETE FROM complaint_events WHERE id = ?", (event_id,))
        for event in chain[common:]:
            conn.execute(_INSERT_EVENT, reg.event_row(event))
        ctx.step("pull:register:mid")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    ctx.counts.add(ctx.counts.pulled, "complaint_events", len(chain) - common)
    return True


def pull_work(ctx: SyncContext) -> None:
    """Bring this station the complaints it should hold (see the module). Run last,
    after every push: a station's own events reach central before it takes central's
    copies back."""
    conn = ctx.local
    # Pulled complaints may name a call taken on another station: the row is copied as
    # central holds it (the opening event vouches for it), not rejected for a missing
    # local call.
    keys_on = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    if keys_on:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for batch in reg.chunks(candidates(ctx), BATCH):
            _pull_batch(ctx, list(batch))
    finally:
        if keys_on:
            conn.execute("PRAGMA foreign_keys = ON")


def _pull_batch(ctx: SyncContext, ids: list[str]) -> None:
    chains = reg.chains(ctx.central, ids)
    facts = _facts(ctx, ids)
    rebases, rebased_at = _rebases(ctx, ids)
    held: list[tuple[str, Head]] = []
    for cid in ids:
        chain = chains[cid]
        if not chain:
            continue
        if _apply(ctx, chain, facts.get(cid), rebases, rebased_at):
            held.append((cid, Head.of(chain[-1])))
    ctx.counts.add(ctx.counts.pulled, "complaints", len(held))
    ctx.step("pull:register:after-local-commit")
    if held:
        with ctx.central.transaction():
            reg.record_station_heads(ctx.central, ctx.station, held)
