"""The push of the complaint register: every complaint the station holds, judged against
central (`chain_rules.judge`), in batches of complaints, each batch one central
transaction of set-based writes.

Every chain is read and checked whole at every push, not only the events added since
the last one: a rewrite of an old event changes no rowid, so a cursor would never see it.
A chain whose last event is the one central knows the station held costs one hash check
per event and nothing at central beyond one lookup per batch.

A refused complaint is quarantined (central `quarantine`: station, complaint, event,
problem) and the rest of the batch, and of the push, goes through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tui.central.board_model import Derived, derive_ahead
from tui.central.connection import Central
from tui.domain.complaints import FACT_COLUMNS
from tui.domain.register import Event, verify_chain
from tui.sync import central_register as reg
from tui.sync.central_register import Head
from tui.sync.chain_rules import Finding, Rebase, Verdict, altered, deleted, judge
from tui.sync.context import SyncContext
from tui.sync.push import advance_cursor, central_cursor

REGISTER = "register"
"""The cursor of the register: the workstation's newest event rowid a push has judged."""
BATCH = 500
"""Complaints per central transaction: memory holds one batch's chains, whatever the
register's size."""


@dataclass
class LocalComplaint:
    id: str
    facts: dict[str, Any] | None
    events: list[Event]


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One consistent view of the workstation's register for the whole scan; the desk
    keeps writing meanwhile (WAL), and this never blocks it."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def local_complaints(conn: sqlite3.Connection, since: int = 0) -> Iterator[LocalComplaint]:
    """Every complaint the station holds (with an event past rowid `since`, when given),
    by id: its row (None if gone) and its events (empty if gone), merged from two ordered
    scans so memory holds one at a time."""
    where, cid_where, params = "", "", tuple[int, ...]()
    if since:
        changed = "SELECT complaint_id FROM complaint_events WHERE rowid > ?"
        where, cid_where, params = (
            f" WHERE id IN ({changed})",
            f" WHERE complaint_id IN ({changed})",
            (since,),
        )
    facts = conn.execute(
        f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints{where} ORDER BY id", params
    )
    events = conn.execute(
        f"SELECT {', '.join(reg.EVENT_COLUMNS)} FROM complaint_events{cid_where}"
        " ORDER BY complaint_id, seq",
        params,
    )
    row = facts.fetchone()
    event_row = events.fetchone()
    while row is not None or event_row is not None:
        ids = [r[0] if i == 0 else r[1] for i, r in ((0, row), (1, event_row)) if r is not None]
        cid = min(ids)
        found: dict[str, Any] | None = None
        if row is not None and row[0] == cid:
            found = dict(zip(FACT_COLUMNS, row, strict=True))
            row = facts.fetchone()
        chain: list[Event] = []
        while event_row is not None and event_row[1] == cid:
            chain.append(reg.as_event(event_row))
            event_row = events.fetchone()
        yield LocalComplaint(cid, found, chain)


def _batches(
    items: Iterator[LocalComplaint], size: int
) -> Iterator[tuple[list[LocalComplaint], bool]]:
    """Batches of `size`, each with whether it is the last."""
    batch: list[LocalComplaint] = []
    for item in items:
        if len(batch) >= size:
            yield batch, False
            batch = []
        batch.append(item)
    if batch:
        yield batch, True


def _station_rebases(central: Central, station: str, ids: Sequence[str]) -> dict[str, Rebase]:
    found: dict[str, Rebase] = {}
    for part in reg.chunks(ids):
        for row in central.fetchall(
            "SELECT event_id, complaint_id, old_seq, old_hash, new_seq, new_hash"
            f" FROM event_rebases WHERE station = ? AND complaint_id IN ({reg.marks(len(part))})",
            (station, *part),
        ):
            found[row[0]] = Rebase(row[0], row[1], int(row[2]), row[3], int(row[4]), row[5])
    return found


def _write(
    ctx: SyncContext,
    verdicts: Sequence[Verdict],
    opened: Sequence[LocalComplaint],
    before: Mapping[str, list[Event]] | None = None,
    derived: Derived | None = None,
) -> None:
    """`before`: central's chain of every complaint judged, as read in this transaction
    (missing or empty for one central does not hold); `derived`: see `keep_board`."""
    central, station, now = ctx.central, ctx.station, ctx.now()
    if opened:
        ctx.counts.add(
            ctx.counts.pushed,
            "complaints",
            central.load(
                "complaints",
                reg.COMPLAINT_COLUMNS,
                (
                    (station, *(c.facts[name] for name in FACT_COLUMNS))
                    for c in opened
                    if c.facts is not None
                ),
                key=("id",),
            ),
        )
    appended = [e for v in verdicts for e in v.appended]
    touched = list({e.complaint_id for e in appended})
    # A complaint with no chain at central has no owner there either.
    at_central = touched if before is None else [cid for cid in touched if before.get(cid)]
    known = reg.owners(central, at_central) if at_central else {}
    ctx.counts.add(
        ctx.counts.pushed, "complaint_events", reg.append(central, appended, known, before, derived)
    )
    rebases = [r for v in verdicts for r in v.rebases]
    if rebases:
        central.load(
            "event_rebases",
            ("event_id", "complaint_id", "station", "old_seq", "old_hash", "new_seq",
             "new_hash", "at"),
            (
                (r.event_id, r.complaint_id, station, r.old_seq, r.old_hash, r.new_seq,
                 r.new_hash, now)
                for r in rebases
            ),
            key=("event_id",),
        )  # fmt: skip
    findings: list[Finding] = [f for v in verdicts for f in v.findings]
    if findings:
        central.load(
            "quarantine",
            ("station", "complaint_id", "event_id", "seq", "problem", "detail", "at"),
            ((station, f.complaint_id, f.event_id, f.seq, f.problem, f.detail, now)
             for f in findings),
            key=("station", "complaint_id", "event_id", "problem"),
        )  # fmt: skip
    reg.record_station_heads(
        central,
        station,
        ((v.complaint_id, v.station_head) for v in verdicts if v.station_head is not None),
    )


def _push_batch(ctx: SyncContext, batch: list[LocalComplaint], cursor: int | None = None) -> int:
    """Judge and write one batch; the number of complaints central knows, once it is
    written, that this station holds among them (to find, at the end, those it no longer
    holds). With `cursor`, the register's cursor advances to it in the same transaction
    (the last batch: one central transaction less per push)."""
    central = ctx.central
    verdicts: list[Verdict] = []
    pending: list[LocalComplaint] = []
    for item in batch:
        facts = {item.id: item.facts} if item.facts is not None else {}
        problems = verify_chain(facts, item.events)
        if problems:
            verdicts.append(altered(item.id, problems, item.events))
        elif item.events:
            pending.append(item)
    # The board's state of every chain that looks new to central, derived before the
    # register's lock is taken: the lock serialises every station's push, the deriving
    # need not. A guess from a read outside the transaction; the writes go by the one
    # inside it, and a chain that turns out other than guessed is derived there.
    hint = reg.station_heads(central, ctx.station, [c.id for c in pending]) if pending else {}
    derived = derive_ahead(
        {c.id: c.events for c in pending if hint.get(c.id) != Head.of(c.events[-1])}
    )
    with central.transaction():
        # Only a complaint with events can have any appended: those are all it locks.
        reg.lock_register(central, [c.id for c in pending])
        held = reg.station_heads(central, ctx.station, [c.id for c in batch])
        # A chain ending where central knows it ended has nothing new: no more lookups.
        moved = [c for c in pending if held.get(c.id) != Head.of(c.events[-1])]
        ids = [c.id for c in moved]
        chains = reg.chains(central, ids) if ids else {}
        # Central re-chains only events of complaints it holds: none to look up for a
        # day's new complaints.
        at_central = [cid for cid in ids if chains[cid]]
        rebases = _station_rebases(central, ctx.station, at_central) if at_central else {}
        opened: list[LocalComplaint] = []
        for item in moved:
            verdict = judge(item.events, held.get(item.id), chains[item.id], rebases)
            verdicts.append(verdict)
            if any(e.seq == 1 for e in verdict.appended):
                opened.append(item)
        ctx.counts.quarantined += sum(1 for v in verdicts if v.refused)
        _write(ctx, verdicts, opened, chains, derived)
        if cursor is not None:
            advance_cursor(central, ctx.station, REGISTER, cursor)
        ctx.step("push:register:before-commit")
    ctx.step("push:register:after-commit")
    recorded = {v.complaint_id for v in verdicts if v.station_head is not None}
    return sum(1 for c in batch if c.id in held or c.id in recorded)


def _find_deleted(ctx: SyncContext) -> None:
    """Complaints central knows this station held and that are gone from it altogether."""
    central, station = ctx.central, ctx.station
    gone: list[Verdict] = []
    local = ctx.local
    for cid, seq, digest, event_id in central.fetchall(
        "SELECT complaint_id, seq, hash, event_id FROM station_heads WHERE station = ?",
        (station,),
    ):
        held_here = local.execute(
            "SELECT 1 FROM complaint_events WHERE complaint_id = ?"
            " UNION ALL SELECT 1 FROM complaints WHERE id = ? LIMIT 1",
            (cid, cid),
        ).fetchone()
        if held_here is None:
            gone.append(deleted(cid, Head(int(seq), digest, event_id)))
    if not gone:
        return
    ctx.counts.quarantined += len(gone)
    with central.transaction():
        _write(ctx, gone, ())
        ctx.step("push:register:before-commit")
    ctx.step("push:register:after-commit")


def push_register(ctx: SyncContext) -> None:
    """Push every complaint and register event of the station, judged chain by chain.
    Run after the records push (it sends `complaints` and `complaint_events`; the records
    push must not), before `pull_work`."""
    matched = 0
    with read_snapshot(ctx.local):
        last = ctx.local.execute("SELECT COALESCE(MAX(rowid), 0) FROM complaint_events")
        newest = int(last.fetchone()[0])
        since = 0 if ctx.whole_register else central_cursor(ctx.central, ctx.station, REGISTER)
        if since and since >= newest:
            return  # nothing added since the last push
        # The cursor only lets a daytime push skip a register with nothing new; the
        # search for deleted complaints below is the nightly run's, which reads from 0.
        advanced = False
        for batch, final in _batches(local_complaints(ctx.local, since), BATCH):
            matched += _push_batch(ctx, batch, newest if final else None)
            advanced = final
        if ctx.whole_register:
            row = ctx.central.fetchone(
                "SELECT COUNT(*) FROM station_heads WHERE station = ?", (ctx.station,)
            )
            # Fewer of its complaints found than central knows it holds: some are gone.
            if row is not None and int(row[0]) > matched:
                _find_deleted(ctx)
        if not advanced and newest > since:
            with ctx.central.transaction():
                advance_cursor(ctx.central, ctx.station, REGISTER, newest)
