"""The board's read model at central is what `derive` says over the events, however the
events got there: the real sync's push, a lead's reassignment and escalation, and the
migration's backfill of complaints central held before the board existed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.sync.places import T0, add_on, central_for, make_station, note_on, open_on, sync
from tui.central.board_model import BOARD_COLUMNS, board_row
from tui.central.migrations import migrate_central
from tui.domain.register import derive
from tui.sync import central_register as reg
from tui.sync.lead_actions import escalate, reassign


def board(url: str) -> dict[str, tuple[Any, ...]]:
    with central_for(url) as central:
        rows = central.fetchall(f"SELECT {', '.join(BOARD_COLUMNS)} FROM board_complaints")
    return {
        r[0]: tuple(int(v) if BOARD_COLUMNS[i] in ("seq",) else v for i, v in enumerate(r))
        for r in rows
    }


def derived(url: str) -> dict[str, tuple[Any, ...]]:
    with central_for(url) as central:
        ids = [r[0] for r in central.fetchall("SELECT id FROM complaints")]
        stations = dict(central.fetchall("SELECT id, station FROM complaints"))
        chains = reg.chains(central, ids)
    return {cid: board_row(stations[cid], derive(c), c[-1].seq) for cid, c in chains.items()}


def fill_two_stations(tmp_path: Path, url: str) -> list[str]:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    first = open_on(a, "Kim", customer_name="王芳", reference="PO-1")
    second = open_on(a, "Kim", T0.add(minutes=5), class_code="easy", reference="PO-2")
    third = open_on(b, "Lin", T0.add(minutes=7), department="billing")
    note_on(a, first, "Kim", T0.add(minutes=20))
    add_on(b, third, "paused", "Lin", T0.add(minutes=30), reason="waiting", remaining_s=3600)
    add_on(a, second, "followup_scheduled", "Kim", T0.add(minutes=40),
           due_at="2026-11-25T02:00:00Z", note="call back 138")  # fmt: skip
    sync(a, url)
    sync(b, url)
    return [first, second, third]


def test_the_board_is_what_derive_says_after_the_sync_and_a_leads_actions(
    tmp_path: Path, central_url: str
) -> None:
    first, second, third = fill_two_stations(tmp_path, central_url)
    assert board(central_url) == derived(central_url)
    with central_for(central_url) as central:
        reassign(central, first, "Lin", "zhou", "Kim went home", T0.add(hours=1))
        escalate(central, second, "zhou", "customer asked for a manager", T0.add(hours=1))
    rows = board(central_url)
    assert rows == derived(central_url)
    assert rows[first][BOARD_COLUMNS.index("owner")] == "Lin"
    assert rows[second][BOARD_COLUMNS.index("escalated")] == 1
    assert rows[third][BOARD_COLUMNS.index("status")] == "paused"
    assert rows[second][BOARD_COLUMNS.index("followups")].count("2026-11-25T02:00:00") == 1


def test_the_migration_fills_the_board_for_complaints_already_at_central(
    tmp_path: Path, central_url: str
) -> None:
    fill_two_stations(tmp_path, central_url)
    with central_for(central_url) as central, central.transaction():
        # As a store from before the board: no board tables, schema version 3.
        central.execute("DROP TABLE board_complaints")
        central.execute("DROP TABLE board_unmask_log")
        central.execute("DROP INDEX calls_started")
        central.execute("DROP INDEX reminders_created")
        central.execute("DELETE FROM central_schema WHERE version = 4")
    with central_for(central_url) as central:
        assert migrate_central(central) == 0  # central_for migrated it already
    rows = board(central_url)
    assert len(rows) == 3
    assert rows == derived(central_url)


def test_a_push_rebased_behind_a_leads_reassignment_shows_what_central_holds(
    tmp_path: Path, central_url: str
) -> None:
    # The push derives each new-looking chain before it takes the register's lock, from
    # the station's copy; here central's chain ends otherwise (the lead's event, then the
    # station's note re-chained after it), and the board must say what central holds.
    first, _, _ = fill_two_stations(tmp_path, central_url)
    a = make_station(tmp_path, "ws-a")
    note_on(a, first, "Kim", T0.add(minutes=50))
    with central_for(central_url) as central:
        reassign(central, first, "Lin", "zhou", "Kim went home", T0.add(minutes=45))
    sync(a, central_url, pull=False)
    rows = board(central_url)
    assert rows == derived(central_url)
    assert rows[first][BOARD_COLUMNS.index("owner")] == "Lin"
    assert rows[first][BOARD_COLUMNS.index("seq")] == 4
