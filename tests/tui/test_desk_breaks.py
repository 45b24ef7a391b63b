"""The break reminder on the desk: triggers, the mid-call hold, snoozes, manual breaks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import MakeDesk, desk_of, desk_ready, settle
from tui.domain.breaks import Reminder
from tui.domain.clock import FakeClock
from tui.screens.break_picker import BreakPickerScreen
from tui.screens.reset import ResetScreen
from tui.screens.wrapup import WrapUpScreen
from tui.widgets.break_banner import BreakBanner
from tui.widgets.choice_row import ChoiceRow
from tui.widgets.status_header import StatusHeader


async def take_call(
    pilot: Pilot[int], clock: FakeClock, *, mood: str = "calm", minutes: float = 3
) -> None:
    """One whole call: F2, a reason, `minutes` of talk, a wrap-up with `mood`."""
    await pilot.press("f2", "f3")
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    clock.advance(minutes=minutes)
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WrapUpScreen)
    pilot.app.screen.query_one("#wrapup-mood", ChoiceRow).value = mood
    await pilot.pause()
    await pilot.press("f9")
    await settle(pilot)
    assert desk_of(pilot).session.phase == "after_call"


def banner(pilot: Pilot[int]) -> BreakBanner:
    return pilot.app.screen.query_one(BreakBanner)


def offered(pilot: Pilot[int]) -> Reminder:
    """The reminder the banner shows, which the test expects to be there."""
    reminder = banner(pilot).reminder
    assert reminder is not None, "no reminder is offered"
    return reminder


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def test_an_abusive_call_offers_a_reset_and_flags_the_lead(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="calm")
        assert banner(pilot).reminder is None
        await take_call(pilot, clock, mood="abusive")
        assert banner(pilot).reminder is not None
        assert offered(pilot).trigger == "abusive_call"
    db = tmp_path / "desk.sqlite3"
    assert rows(db, "SELECT kind FROM lead_flags") == [("abusive_call",)]


async def test_two_upset_calls_within_half_an_hour_offer_a_reset(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="upset")
        assert banner(pilot).reminder is None
        clock.advance(minutes=10)
        await take_call(pilot, clock, mood="upset")
        assert offered(pilot).trigger == "upset_streak"


async def test_upset_calls_far_apart_offer_nothing(make_desk: MakeDesk, clock: FakeClock) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="upset")
        clock.advance(minutes=45)
        await take_call(pilot, clock, mood="upset")
        assert banner(pilot).reminder is None


async def test_ninety_minutes_of_talk_offer_a_reset(make_desk: MakeDesk, clock: FakeClock) -> None:
    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, minutes=50)
        assert banner(pilot).reminder is None
        await take_call(pilot, clock, minutes=41)
        assert offered(pilot).trigger == "long_talk"


async def test_snoozes_are_counted_and_a_snoozed_reminder_waits_out_a_call(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        assert banner(pilot).snoozes_left == 2
        await pilot.press("f7")
        await settle(pilot)
        assert banner(pilot).reminder is None, "a snoozed reminder goes away"

        # The snooze runs out while the agent is on the next call: nothing appears.
        await pilot.press("f2")
        clock.advance(minutes=10)
        app.tick()
        await pilot.pause()
        assert banner(pilot).reminder is None, "never during a call"
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        app.tick()
        await pilot.pause()
        assert banner(pilot).reminder is not None, "it comes back after the wrap-up"
        assert banner(pilot).snoozes_left == 1

        await pilot.press("f7")
        await settle(pilot)
        clock.advance(minutes=6)
        app.tick()
        await pilot.pause()
        assert banner(pilot).snoozes_left == 0
        await pilot.press("f7")
        await settle(pilot)
        assert banner(pilot).reminder is not None, "no snoozes left: it stays"
        await pilot.press("f2")
        assert app.session.in_call, "it never blocks the next call"


async def test_the_reset_from_the_banner_logs_the_real_duration(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ResetScreen)
        clock.advance(seconds=37)
        app.screen.tick()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ResetScreen)
        assert app.on_break is None
    ((started, ended, trigger),) = rows(
        tmp_path / "desk.sqlite3", "SELECT started_at, ended_at, trigger FROM breaks"
    )
    assert trigger == "abusive_call"
    from tui.domain.clock import from_iso

    assert (from_iso(ended) - from_iso(started)).total_seconds() == 37


async def test_f2_on_a_break_ends_it_and_starts_the_call(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, BreakPickerScreen)
        await pilot.press("2")  # meal
        await settle(pilot)
        assert app.on_break is not None and app.on_break.code == "meal"
        clock.advance(minutes=12)
        app.tick()
        # A ringing phone wins: the number typed straight after F2 is the caller's.
        await pilot.press("f2", "1", "3", "8")
        await settle(pilot)
        assert app.on_break is None
        assert app.session.in_call
        assert app.screen.query_one("#caller", Input).value == "138"
    started = app.session.started_at
    ((code, ended),) = rows(tmp_path / "desk.sqlite3", "SELECT code, ended_at FROM breaks")
    from tui.domain.clock import from_iso

    assert code == "meal" and from_iso(ended) == started


async def test_dismissing_asks_for_a_word_and_records_it(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        await pilot.press("f20")  # what most terminals send for Shift+F8
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert banner(pilot).reminder is None
    assert rows(tmp_path / "desk.sqlite3", "SELECT state, dismiss_reason FROM reminders") == [
        ("dismissed", "busy")
    ]


def status(pilot: Pilot[int]) -> str:
    return str(pilot.app.screen.query_one("#call-status").render())


async def test_a_break_ends_after_call_work_and_the_desk_is_ready_after_it(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock)
        clock.advance(seconds=86)
        app.tick()
        await pilot.pause()
        assert "After-call work 01:26" in status(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("1")  # rest
        await settle(pilot)
        assert app.on_break is not None
        assert app.session.phase == "idle", "the break is not after-call work"
        clock.advance(seconds=20)
        app.tick()
        await pilot.pause()
        assert "On break: Rest 00:20" in status(pilot)
        await pilot.press("f8")
        await settle(pilot)
        clock.advance(seconds=2)
        app.tick()
        await pilot.pause()
        assert app.on_break is None and app.session.phase == "idle"
        assert "Ready" in status(pilot) and "After-call" not in status(pilot)
        assert app.screen.query_one(StatusHeader).state.timer_label == ""


async def test_a_reset_ends_after_call_work_too(make_desk: MakeDesk, clock: FakeClock) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        clock.advance(seconds=30)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ResetScreen)
        assert app.session.phase == "idle"
        clock.advance(seconds=40)
        app.screen.tick()
        await pilot.press("escape")
        await settle(pilot)
        app.tick()
        await pilot.pause()
        assert app.session.phase == "idle"
        assert "Ready" in status(pilot)


async def test_on_a_break_f8_says_in_the_footer_that_it_ends_it(make_desk: MakeDesk) -> None:
    from tui.widgets.key_footer import KeyFooter

    app = make_desk("en")

    def footer() -> str:
        return str(app.screen.query_one(KeyFooter).render())

    async with app.run_test(size=(120, 24)) as pilot:
        await desk_ready(pilot)
        assert "F8 Break" in footer()
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("1")  # rest
        await settle(pilot)
        assert app.on_break is not None
        assert "F8 End break" in footer()
        await pilot.press("f8")
        await settle(pilot)
        assert app.on_break is None
        assert "F8 Break" in footer() and "End break" not in footer()
