"""A refresh touches only what changed: a read with nothing new leaves the queue alone,
a complaint changed at central moves only its own row (the cursor stays on its row),
a read lost on the way is made good by a read of every row, and the rows are kept out
of the collector's full passes while the board runs."""

from __future__ import annotations

from pathlib import Path

from tests.lead.board_places import NOW, Team, board_ready, make_board
from tests.sync.places import central_for
from tui.domain.board import board_order
from tui.domain.clock import FakeClock
from tui.lead.app import LeadApp
from tui.services import heap
from tui.sync.lead_actions import escalate, reassign


def sorted_afresh(app: LeadApp) -> list[str]:
    now_ts = app.clock.now().timestamp()
    return [i.key for i in sorted(app.rows.rows, key=lambda i: board_order(i, now_ts))]


async def test_a_read_that_found_nothing_new_leaves_the_queue_alone(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        version, rows = app.rows.version, app.queue.rows
        counters = str(app.query_one("#counters").render())
        app.action_refresh_board()
        await board_ready(pilot, 2)
        assert app.rows.version == version
        assert app.queue.rows is rows
        assert str(app.query_one("#counters").render()) == counters


async def test_a_complaint_changed_at_central_moves_only_its_row(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        await pilot.press("down")
        held = app.queue.current
        assert held is not None
        before = {i.key: i for i in app.rows.rows}
        with central_for(team.url) as central:
            reassign(central, team.a, "Lin", "zhou", "cover", NOW)
            escalate(central, team.b, "zhou", "customer asked", NOW)
        app.action_refresh_board()
        await board_ready(pilot, 2)
        after = {i.key: i for i in app.rows.rows}
        assert after.keys() == before.keys()
        assert after[team.a].owner == "Lin" and after[team.b].row.escalated
        # The others are the very rows held before: nothing worked out again.
        assert all(after[k] is before[k] for k in after if k not in (team.a, team.b))
        assert [i.key for i in app.rows.rows] == sorted_afresh(app)
        assert app.queue.current is not None and app.queue.current.key == held.key
        assert "Open 4" in str(app.query_one("#counters").render())


async def test_a_read_lost_on_the_way_is_made_good_by_a_read_of_every_row(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        with central_for(team.url) as central:
            reassign(central, team.a, "Lin", "zhou", "cover", NOW)
        app.read_once()  # its change to the rows never reaches the board
        assert app.rows.get(team.a).owner == "Kim"  # type: ignore[union-attr]
        app.action_refresh_board()
        await board_ready(pilot, 3)  # the read that found the gap, then every row
        assert app.rows.get(team.a).owner == "Lin"  # type: ignore[union-attr]
        assert [i.key for i in app.rows.rows] == sorted_afresh(app)


async def test_the_rows_are_kept_out_of_the_collectors_full_passes(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        assert heap.frozen() > 0
    assert heap.frozen() == 0
