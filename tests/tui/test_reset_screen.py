"""The reset screen driven by keys and a hand-wound clock, in a tiny host app."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Static

from tui.domain.breaks import ResetResult
from tui.domain.clock import FakeClock
from tui.domain.i18n import Lang
from tui.screens.reset import ResetScreen
from tui.widgets.breathing import Breathing
from tui.widgets.key_footer import KeyFooter


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock("2026-11-24T09:00:00+08:00")


class ResetHost(App[None]):
    def __init__(self, clock: FakeClock, lang: Lang = "en", length_s: float = 120) -> None:
        super().__init__()
        self.reset = ResetScreen(clock=clock, lang=lang, length_s=length_s, trigger="upset_streak")
        self.results: list[ResetResult] = []

    def on_mount(self) -> None:
        self.push_screen(self.reset, self.heard)

    def heard(self, result: ResetResult | None) -> None:
        assert result is not None
        self.results.append(result)


def text_of(screen: ResetScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def shape_rows(screen: ResetScreen) -> int:
    lines = screen.query_one(Breathing).render().plain.splitlines()
    return sum(1 for line in lines if line.strip().startswith(("╭", "│", "╰")))


def stage(screen: ResetScreen) -> str:
    return screen.stage


def footer_text(screen: ResetScreen) -> str:
    return screen.query_one(KeyFooter).render().plain


async def advance(app: ResetHost, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    app.reset.tick()


async def test_the_shape_and_phase_follow_the_clock(clock: FakeClock) -> None:
    app = ResetHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.reset
        breathing = screen.query_one(Breathing)
        assert breathing.phase_line() == "Ready when you are"
        await pilot.press("enter")
        assert breathing.phase_line() == "Breathe in 4"
        smallest = shape_rows(screen)

        await advance(app, clock, 2)
        await pilot.pause()
        assert breathing.phase_line() == "Breathe in 2"
        assert shape_rows(screen) > smallest

        await advance(app, clock, 2.5)
        await pilot.pause()
        assert breathing.phase_line() == "Hold 4"
        full = shape_rows(screen)

        await advance(app, clock, 6)
        await pilot.pause()
        assert breathing.phase_line() == "Breathe out 2"
        assert smallest < shape_rows(screen) < full
        assert text_of(screen, "#reset-countdown") == "01:50 left"


async def test_advice_changes_as_the_reset_goes_on(clock: FakeClock) -> None:
    app = ResetHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        first = text_of(app.reset, "#reset-advice")
        await advance(app, clock, 21)
        await pilot.pause()
        assert text_of(app.reset, "#reset-advice") not in ("", first)


async def test_esc_ends_early_and_logs_the_time_actually_taken(clock: FakeClock) -> None:
    app = ResetHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await advance(app, clock, 37.5)
        await pilot.press("escape")
        await pilot.pause()
    (result,) = app.results
    assert result.seconds == 37.5
    assert result.started_at == FakeClock("2026-11-24T09:00:00+08:00").now()
    assert (result.mood_before, result.mood_after, result.completed) == (3, None, False)


async def test_the_mood_checks_before_and_after_a_completed_reset(clock: FakeClock) -> None:
    app = ResetHost(clock, length_s=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.reset
        assert "1 (low) to 5 (good)" in text_of(screen, "#reset-prompt")
        await pilot.press("2")
        assert stage(screen) == "breathing"
        assert text_of(screen, "#reset-prompt") == ""
        # Digits mean nothing while breathing; only the countdown ends this stage.
        await pilot.press("4")
        assert screen.mood_before == 2
        await advance(app, clock, 59)
        assert stage(screen) == "breathing"
        await advance(app, clock, 1)
        await pilot.pause()
        assert stage(screen) == "after"
        assert text_of(screen, "#reset-countdown") == "00:00 left"
        assert "How are you feeling now?" in text_of(screen, "#reset-prompt")
        await advance(app, clock, 8)
        await pilot.press("5")
        await pilot.pause()
    (result,) = app.results
    assert (result.mood_before, result.mood_after, result.completed) == (2, 5, True)
    assert result.seconds == 68


async def test_enter_skips_both_mood_checks(clock: FakeClock) -> None:
    app = ResetHost(clock, length_s=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await advance(app, clock, 30)
        await pilot.press("enter")
        await pilot.pause()
    (result,) = app.results
    assert (result.mood_before, result.mood_after, result.completed) == (None, None, True)


async def test_the_footer_shows_only_the_keys_that_work_in_the_agents_language(
    clock: FakeClock,
) -> None:
    app = ResetHost(clock, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = footer_text(app.reset)
        assert "1-5" in before and "心情" in before and "跳过" in before and "结束" in before
        await pilot.press("enter")
        await pilot.pause()
        during = footer_text(app.reset)
        assert "结束" in during
        assert "心情" not in during and "跳过" not in during
        assert text_of(app.reset, "#reset-title") == "情绪调整 · 连续几通不轻松的电话之后"
