"""The day's figures count from the start of the shift, not from midnight."""

from __future__ import annotations

from pathlib import Path

from pendulum import DateTime
from rich.table import Table
from textual.widgets import Static

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tests.tui.test_desk_breaks import take_call
from tui.app import AgentDeskApp
from tui.domain.clock import FakeClock
from tui.widgets.status_header import StatusHeader


def header(app: AgentDeskApp) -> str:
    return app.screen.query_one(StatusHeader).render().plain


def today_rows(app: AgentDeskApp) -> int:
    table = app.screen.query_one("#today", Static).content
    assert isinstance(table, Table)
    return table.row_count


def local(text: str) -> DateTime:
    return FakeClock(text).now()


async def test_a_night_shift_keeps_its_count_across_midnight(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    clock.set(local("2026-11-24T22:00:00+08:00"))
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        clock.advance(minutes=30)
        await take_call(pilot, clock)
        clock.advance(minutes=80)  # 23:53
        await take_call(pilot, clock)
        assert "2 calls" in header(app)
        clock.advance(hours=2)  # 01:56, a new calendar day
        await take_call(pilot, clock)
        await settle(pilot)
        assert "3 calls" in header(app), header(app)
        assert today_rows(app) == 3
        assert app.shift_started == local("2026-11-24T22:00:00+08:00")
        assert "shift 3:59:00" in header(app)


async def test_a_restart_mid_shift_keeps_the_figures(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    clock.set(local("2026-11-24T22:00:00+08:00"))
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        clock.advance(minutes=5)
        await take_call(pilot, clock)
        clock.advance(minutes=90)
        await take_call(pilot, clock)
        assert "2 calls" in header(app)

    clock.advance(hours=2, minutes=30)  # 02:11: the desk is started again
    again = make_desk("en")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await settle(pilot)
        assert "2 calls" in header(again), header(again)
        assert today_rows(again) == 2
        # The shift began with its first call, 22:05, not at the restart.
        assert again.shift_started == local("2026-11-24T22:05:00+08:00")
        assert "shift 4:06:00" in header(again), header(again)


async def test_a_new_shift_after_a_long_gap_starts_from_nothing(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock)
        assert "1 call " in header(app)
    clock.advance(hours=14)  # the next morning's shift
    again = make_desk("en")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await settle(pilot)
        assert "0 calls" in header(again)
        assert today_rows(again) == 0


async def test_a_set_shift_start_begins_new_figures_when_it_comes_round(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('shift_start = "22:00"\n', encoding="utf-8")
    clock.set(local("2026-11-24T21:30:00+08:00"))
    app = make_desk("en", config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock)  # still the shift that began yesterday at 22:00
        assert "1 call " in header(app)
        clock.set(local("2026-11-24T22:00:01+08:00"))
        app.tick()
        await settle(pilot)
        app.tick()
        await pilot.pause()
        assert "0 calls" in header(app), header(app)
        assert "shift 00:01" in header(app)
        assert today_rows(app) == 0
        await take_call(pilot, clock)
        clock.advance(hours=3)  # past midnight
        app.tick()
        await settle(pilot)
        assert "1 call " in header(app), header(app)


async def test_the_shift_start_option_wins_over_the_file(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    from datetime import time

    config = tmp_path / "config.toml"
    config.write_text('shift_start = "06:00"\n', encoding="utf-8")
    app = make_desk("en", config=config, shift_start=time(8, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert "shift 30:00" in header(app), header(app)
