"""The push: everything the workstation recorded since central last acknowledged it.

Each stream goes in batches: a batch's rows and its cursor row are one central
transaction, so central's resume point is never ahead of the rows it counts, nor behind
them for longer than a kill between the commit and the next batch (which resends nothing:
the cursor came with the rows). Rows are read from one cursor with `fetchmany`, so memory
holds one batch whatever the backlog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.central.connection import Central
from tui.sync.context import SyncContext
from tui.sync.local import SyncRefused
from tui.sync.streams import RECORD_STREAMS, Stream

BATCH_ROWS = 5000
"""Rows per central transaction: large enough that a transaction's fixed cost is spread
thin, small enough that a batch is little memory and a short lock."""


class StationTaken(SyncRefused):
    kind = "station_taken"


def claim_station(central: Central, station: str, install_id: str, now: str) -> bool:
    """Hold `station` for this workstation database; True the first time. A name another
    database holds already is refused: two machines' records under one name could not be
    told apart, and their cursors would skip each other's rows."""
    with central.transaction():
        return claim_within(central, station, install_id, now)


def claim_within(central: Central, station: str, install_id: str, now: str) -> bool:
    """`claim_station` inside the caller's transaction, before it writes anything else:
    `StationTaken` then rolls all of it back, and nothing was sent."""
    new = central.execute(
        "INSERT INTO stations (station, install_id, first_seen_at) VALUES (?, ?, ?)"
        " ON CONFLICT (station) DO NOTHING",
        (station, install_id, now),
    )
    row = central.fetchone("SELECT install_id FROM stations WHERE station = ?", (station,))
    assert row is not None
    if row[0] != install_id:
        raise StationTaken(
            f"the station ID {station!r} is already used by another workstation in the"
            f" central store {central.url}; give this one its own with --station or"
            " `station` in config.toml. Nothing was sent"
        )
    return new == 1


def central_cursor(central: Central, station: str, stream: str) -> int:
    row = central.fetchone(
        "SELECT last_rowid FROM sync_cursors WHERE station = ? AND stream = ?", (station, stream)
    )
    return int(row[0]) if row else 0


def advance_cursor(central: Central, station: str, stream: str, last: int) -> None:
    # Never backwards: two syncs of one station at once (the nightly run and the desk's
    # background push) both send a batch; the slower one must not undo the faster.
    central.execute(
        "INSERT INTO sync_cursors (station, stream, last_rowid) VALUES (?, ?, ?)"
        " ON CONFLICT (station, stream) DO UPDATE SET last_rowid = excluded.last_rowid"
        " WHERE sync_cursors.last_rowid < excluded.last_rowid",
        (station, stream, last),
    )


def advance_cursors(central: Central, station: str, lasts: Sequence[tuple[str, int]]) -> None:
    """`advance_cursor` for several streams in one statement (one round trip)."""
    if not lasts:
        return
    central.execute(
        "INSERT INTO sync_cursors (station, stream, last_rowid) VALUES "
        + ", ".join("(?, ?, ?)" for _ in lasts)
        + " ON CONFLICT (station, stream) DO UPDATE SET last_rowid = excluded.last_rowid"
        " WHERE sync_cursors.last_rowid < excluded.last_rowid",
        [value for stream, last in lasts for value in (station, stream, last)],
    )


def _central_rows(
    station: str, stream: Stream, batch: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    rows = [(station, *row[1:]) if stream.stationed else tuple(row[1:]) for row in batch]
    if not stream.update:
        return rows
    # A row changed twice since the cursor is named twice; PostgreSQL refuses to update
    # one row twice in one statement, and both name its current values anyway.
    at = stream.central_columns.index("id")
    latest = {row[at]: row for row in rows}
    return list(latest.values())


def station_cursors(central: Central, station: str) -> dict[str, int]:
    """Every stream's resume point for the station, in one query."""
    return {
        str(stream): int(last)
        for stream, last in central.fetchall(
            "SELECT stream, last_rowid FROM sync_cursors WHERE station = ?", (station,)
        )
    }


def ensure_claimed(ctx: SyncContext) -> None:
    """Claim the station now unless a push round already did (see `claim_station`)."""
    if ctx.first_sync is None:
        ctx.first_sync = claim_station(ctx.central, ctx.station, ctx.install_id, ctx.now())


def push_records(ctx: SyncContext) -> None:
    """Every record stream but the complaint register, in rounds: each round takes the
    next batch of every stream that has one and commits them, with their resume points,
    in one central transaction. A small day is one round: its cost is the round trips of
    one transaction, not of one per stream."""
    after = station_cursors(ctx.central, ctx.station)
    readers = {
        stream: ctx.local.execute(stream.select_new(), (after.get(stream.name, 0),))
        for stream in RECORD_STREAMS
    }
    try:
        while True:
            # Streams in order, a referenced row first, within the round as across rounds.
            taken = [
                (stream, batch)
                for stream, reader in readers.items()
                if (batch := reader.fetchmany(BATCH_ROWS))
            ]
            if not taken:
                return
            sent = []
            with ctx.central.transaction():
                if ctx.first_sync is None:
                    # The station's claim rides in the first round: one central
                    # transaction less per sync.
                    ctx.first_sync = claim_within(
                        ctx.central, ctx.station, ctx.install_id, ctx.now()
                    )
                for stream, batch in taken:
                    rows = _central_rows(ctx.station, stream, batch)
                    ctx.central.load(
                        stream.table, stream.central_columns, rows, key=stream.key,
                        update=stream.update,
                    )  # fmt: skip
                    sent.append((stream, len(rows)))
                advance_cursors(
                    ctx.central,
                    ctx.station,
                    [(stream.name, int(batch[-1][0])) for stream, batch in taken],
                )
                ctx.central.execute(
                    "UPDATE stations SET last_push_at = ? WHERE station = ?",
                    (ctx.now(), ctx.station),
                )
                for stream, _ in sent:
                    ctx.step(f"push:{stream.name}:before-commit")
            for stream, count in sent:
                ctx.step(f"push:{stream.name}:after-commit")
                ctx.counts.add(ctx.counts.pushed, stream.name, count)
    finally:
        for reader in readers.values():
            reader.close()
