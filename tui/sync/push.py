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


def push_stream(ctx: SyncContext, stream: Stream) -> int:
    """Send what central has not acknowledged of one stream; the rows sent."""
    after = central_cursor(ctx.central, ctx.station, stream.name)
    cursor = ctx.local.execute(stream.select_new(), (after,))
    sent = 0
    try:
        while batch := cursor.fetchmany(BATCH_ROWS):
            rows = _central_rows(ctx.station, stream, batch)
            with ctx.central.transaction():
                ctx.central.load(
                    stream.table,
                    stream.central_columns,
                    rows,
                    key=stream.key,
                    update=stream.update,
                )
                advance_cursor(ctx.central, ctx.station, stream.name, int(batch[-1][0]))
                ctx.central.execute(
                    "UPDATE stations SET last_push_at = ? WHERE station = ?",
                    (ctx.now(), ctx.station),
                )
                ctx.step(f"push:{stream.name}:before-commit")
            ctx.step(f"push:{stream.name}:after-commit")
            sent += len(rows)
            ctx.counts.add(ctx.counts.pushed, stream.name, len(rows))
    finally:
        cursor.close()
    return sent


def push_records(ctx: SyncContext) -> None:
    """Every record stream but the complaint register, a referenced row first."""
    for stream in RECORD_STREAMS:
        push_stream(ctx, stream)
