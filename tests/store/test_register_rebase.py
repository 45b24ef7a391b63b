"""Migration 0008: a workstation's copy of an event central re-chained may leave the
register only once its rebase is recorded, the record never changes, and the cached
queue state is `derive` over the events after the copies are replaced by central's."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.test_complaint_state import (
    _cached,
    _events,
    _insert,
    _migrate,
    _rebuilt,
    _register_at_version_5,
    histories,
    instants,
)
from tui.domain.register import Event
from tui.sync.central_register import Head
from tui.sync.chain_rules import rebased

REBASE = "INSERT INTO complaint_event_rebases VALUES (?, ?, ?, ?, ?, ?, '2026-11-24T12:00:00Z')"


def _register() -> sqlite3.Connection:
    conn = _register_at_version_5()
    _migrate(conn, 8, since=5)
    return conn


def _station_copy(central: list[Event], shared: int, tail: int) -> list[Event]:
    """What a station held: the first `shared` events, then its own last `tail` events of
    central's chain as it had chained them before central re-chained them."""
    local = list(central[:shared])
    for event in central[len(central) - tail :]:
        local.append(rebased(event, Head.of(local[-1])))
    return local


def _replace(
    conn: sqlite3.Connection, local: list[Event], central: list[Event], shared: int
) -> None:
    """What `pull_work` does: record each rebase, remove the copies, add central's."""
    moved = {e.id: e for e in central}
    tail = local[shared:]
    conn.execute("BEGIN")
    for old in tail:
        new = moved[old.id]
        conn.execute(REBASE, (old.id, old.complaint_id, old.seq, old.hash, new.seq, new.hash))
    for old in reversed(tail):
        conn.execute("DELETE FROM complaint_events WHERE id = ?", (old.id,))
    _insert(conn, [e for e in central[shared:]])
    conn.execute("COMMIT")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instants, histories(), st.data())
def test_the_cached_state_follows_a_rebase(
    opened_at: str, steps: list[tuple[str, dict[str, Any]]], data: st.DataObject
) -> None:
    central = _events(0, opened_at, steps)
    tail = data.draw(st.integers(0, len(central) - 1))
    shared = data.draw(st.integers(1, len(central) - tail))
    local = _station_copy(central, shared, tail)
    conn = _register()
    _insert(conn, local)
    _replace(conn, local, central, shared)
    rows = conn.execute(
        "SELECT id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"
        " FROM complaint_events ORDER BY seq"
    ).fetchall()
    assert [Event(*row) for row in rows] == central
    assert _cached(conn) == _rebuilt([central])


def _two_notes() -> tuple[sqlite3.Connection, list[Event]]:
    chain = _events(0, "2026-11-24T01:00:00Z", [("note", {"text": "a"}), ("note", {"text": "b"})])
    conn = _register()
    _insert(conn, chain)
    return conn, chain


def test_an_event_leaves_the_register_only_with_its_rebase_recorded() -> None:
    conn, chain = _two_notes()
    last = chain[-1]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM complaint_events WHERE id = ?", (last.id,))
    # A record naming another copy of the event lets nothing through.
    conn.execute(REBASE, (last.id, last.complaint_id, last.seq, "0" * 64, 9, "f" * 64))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM complaint_events WHERE id = ?", (last.id,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM complaint_events WHERE id = ?", (chain[0].id,))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE complaint_event_rebases SET new_seq = 7",
        "DELETE FROM complaint_event_rebases",
        "INSERT OR REPLACE INTO complaint_event_rebases"
        " SELECT event_id, complaint_id, old_seq, old_hash, 7, new_hash, at"
        " FROM complaint_event_rebases",
    ],
    ids=["update", "delete", "replace"],
)
def test_a_rebase_record_never_changes(statement: str) -> None:
    conn, chain = _two_notes()
    last = chain[-1]
    conn.execute(REBASE, (last.id, last.complaint_id, last.seq, last.hash, 3, "f" * 64))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(statement)
