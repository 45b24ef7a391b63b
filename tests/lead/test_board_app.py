"""The lead board on a central store filled by the real sync from two workstations."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lead.board_places import NOW, Team, board_ready, make_board, settle
from tests.sync.places import central_for, local_rows, sync, works_at
from tui.domain.clock import FakeClock
from tui.lead.read import unmask_log


def refs(app: object) -> list[str]:
    return [item.reference for item in app.queue.rows]  # type: ignore[attr-defined]


async def test_queue_order_counters_and_a_warning_crossing(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        # Soonest deadline first; Lin's complaint from the day's fill is due latest.
        assert refs(app)[:3] == ["PO-C3", "PO-A1", "PO-B2"]
        counters = str(app.query_one("#counters").render())
        assert "Open 4" in counters and "due soon 0" in counters and "overdue 0" in counters
        assert app.bells == 0
        # C is due at 23:00; the last half hour is "due soon". No read of central here.
        clock.advance(minutes=31)
        reads = app.reads
        app.tick()
        await pilot.pause()
        assert app.reads == reads
        assert app.bells == 1
        assert app.queue.crossed == {team.c: "due-soon"}
        assert "due soon 1" in str(app.query_one("#counters").render())
        assert "PO-C3 (Lin) just crossed: due soon" in str(app.query_one("#alert").render())
        line = "".join(s.text for s in app.queue.render_line(1))
        assert line.startswith("⚑ ! Due soon") or "⚑" in line, line
        app.tick()  # one bell per crossing, however often the clock ticks
        app.action_refresh_board()
        await board_ready(pilot, reads + 1)
        app.tick()
        assert app.bells == 1
        clock.advance(minutes=30)
        app.tick()
        await pilot.pause()
        assert app.bells == 2 and app.queue.crossed[team.c] == "overdue"
        assert "overdue 1" in str(app.query_one("#counters").render())


async def test_filters_and_search(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        await pilot.press("slash")
        for text, want in (
            ("agent:kim", ["PO-A1", "PO-B2"]),
            ("dept:billing", ["PO-B2"]),
            ("team:ws-b", ["PO-C3", ""]),
            ("po-c", ["PO-C3"]),
            ("state:on-track agent:lin", ["PO-C3", ""]),
            ("坐席:Kim PO-A", ["PO-A1"]),
        ):
            app.query_one("#filter").value = text  # type: ignore[attr-defined]
            await pilot.pause()
            assert refs(app) == want, text
        app.query_one("#filter").value = "colour:red"  # type: ignore[attr-defined]
        await pilot.pause()
        assert "Unknown filter: colour" in str(app.query_one("#alert").render())


async def test_reassign_reaches_the_new_owner_at_their_next_sync(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        app.queue.cursor = refs(app).index("PO-A1")
        await pilot.press("a")
        await pilot.pause()
        for ch in "Lin":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.press("enter")  # no reason yet: refused, said in the dialog
        await pilot.pause()
        assert "Give a reason" in str(app.screen.query_one("#action-hint").render())
        for ch in "Kim left":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        await board_ready(pilot, 2)
        owner = next(i.owner for i in app.queue.rows if i.reference == "PO-A1")
        assert owner == "Lin"
        await pilot.press("e")
        for ch in "manager":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        await board_ready(pilot, 3)
        escalated = next(i for i in app.queue.rows if i.reference == "PO-A1")
        assert escalated.row.escalated
    with central_for(central_url) as central:
        kinds = [r[0] for r in central.fetchall(
            "SELECT kind FROM complaint_events WHERE complaint_id = ? ORDER BY seq", (team.a,))]  # fmt: skip
    assert kinds == ["opened", "reassigned", "escalated"]
    # Lin's desk on ws-b gets it at its next sync, its whole chain.
    works_at(central_url, "Lin", "ws-b")
    assert not [r for r in local_rows(team.ws_b) if r[1] == team.a]
    sync(team.ws_b, central_url)
    assert [r[3] for r in local_rows(team.ws_b) if r[1] == team.a] == kinds


async def test_history_shows_the_verified_chain(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        app.queue.cursor = refs(app).index("PO-A1")
        await pilot.press("enter")
        await settle(pilot)
        body = str(app.screen.query_one("#history-body").render())
        assert "✓ Chain verified: 1 event," in body
        assert "13812345678" not in body and "opened" in body
        await pilot.press("escape")


async def test_floor_time_in_state_and_break_limits(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        await pilot.press("f3")
        await pilot.pause()

        def line(agent: str) -> str:
            index = [a.agent for a in app.floor.rows].index(agent)
            return "".join(s.text for s in app.floor.render_line(index + 1))

        kim, lin = line("Kim"), line("Lin")
        # Kim: 20 min into a 15-min rest: amber, in words and a symbol.
        assert "‖ on break" in kim and "20:00" in kim and "!over Rest ≤15m" in kim, kim
        assert "☎ on a call" in lin and "3:00" in lin
        # Lin's day from the workstation's fill: 30 calls, 10 upset, a reset offered and taken.
        assert lin.split()[-4:] == ["30", "0", "10", "1/1"], lin
        clock.advance(minutes=5)
        app.tick()
        assert "‼far over" in line("Kim") and "25:00" in line("Kim")
        # Lin's desk last pushed 6 minutes ago: not synced lately.
        assert "? not synced" in line("Lin")
        summary = str(app.query_one("#floor-summary").render())
        assert "not synced 1" in summary and "over limit 1" in summary


async def test_masked_by_default_and_unmasked_views_are_logged(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    app = make_board(team, clock, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        row = next(i for i in app.queue.rows if i.reference == "PO-A1")
        assert (row.customer, row.contact) == ("王**", "1******5678")
        await pilot.press("x")
    [masked_csv] = tmp_path.glob("agentdesk-lead-queue-*.csv")
    text = masked_csv.read_text(encoding="utf-8")
    assert "1******5678" in text and "13812345678" not in text and "王小明" not in text
    masked_csv.unlink()
    with central_for(central_url) as central:
        assert unmask_log(central) == []

    app = make_board(team, clock, export_dir=tmp_path, unmask=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        row = next(i for i in app.queue.rows if i.reference == "PO-A1")
        assert (row.customer, row.contact) == ("王小明", "13812345678")
        assert "UNMASKED (logged)" in str(app.query_one("#title").render())
        await pilot.press("f3")
        await pilot.press("x")
    [floor_csv] = tmp_path.glob("agentdesk-lead-floor-*.csv")
    assert floor_csv.read_text(encoding="utf-8").startswith("agent,station,state")
    with central_for(central_url) as central:
        log = unmask_log(central)
    at = "2026-11-24T22:00:00"
    # The board's clock stood still: one instant, so compared as a set.
    assert sorted((lead, host, view) for lead, host, view, _ in log) == [
        ("zhou", "lead-pc", "export:floor"),
        ("zhou", "lead-pc", "floor"),
        ("zhou", "lead-pc", "queue"),
    ]
    assert all(when.startswith(at) for *_, when in log)
    assert NOW.isoformat().startswith(at)


async def test_stations_freshness_is_shown(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    with central_for(central_url) as central, central.transaction():
        central.execute("UPDATE stations SET last_push_at = ? WHERE station = 'ws-a'",
                        ("2026-11-24T21:50:00.000000Z",))  # fmt: skip
    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        stations = str(app.query_one("#stations").render())
        assert "ws-a ⚠stale 21:50" in stations and "ws-b ⇅22:00" in stations, stations
        assert "data read 22:00:00 (0s ago)" in str(app.query_one("#title").render())
        clock.advance(3)
        app.tick()
        assert "(3s ago)" in str(app.query_one("#title").render())


async def test_the_board_reads_read_only_and_opens_the_pictures_and_scorecards(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    from tui.lead.scorecard_screen import ScorecardScreen
    from tui.lead.shift_screen import ShiftScreen

    app = make_board(team, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        with pytest.raises(Exception):  # noqa: B017 - each backend words its refusal
            with app.reader.central.transaction():
                app.reader.central.execute("DELETE FROM board_unmask_log")
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        assert app.screen.figures is not None
        await pilot.press("escape")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ScorecardScreen)
        assert {card.agent for card in app.screen.cards} >= {"Kim", "Lin"}
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ScorecardScreen | ShiftScreen)


async def test_row_keys_are_off_on_an_empty_queue_and_on_once_rows_arrive(
    tmp_path: Path, central_url: str, clock: FakeClock, team: Team
) -> None:
    from tests.lead.board_places import make_board
    from tui.central.migrations import migrate_central
    from tui.central.opener import open_central
    from tui.lead.app import LeadApp
    from tui.widgets.key_footer import shown_keys

    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with open_central(empty) as central:
        migrate_central(central)
    app = LeadApp(open_central(empty), lead="zhou", lang="en", zone="UTC", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        offered = {k.binding_id for k in shown_keys(app.screen)}
        assert not offered & {"lead.history", "lead.reassign", "lead.escalate"}
    full = make_board(team, clock)
    async with full.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        offered = {k.binding_id for k in shown_keys(full.screen)}
        assert {"lead.history", "lead.reassign", "lead.escalate"} <= offered
