"""How the reset screen looks at 80x24 in each language, mid-breath."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.test_reset_screen import ResetHost
from tui.domain.clock import FakeClock
from tui.domain.i18n import LANGS, Lang


@pytest.mark.parametrize("lang", LANGS)
def test_reset_screen_mid_breath(snap_compare: Any, lang: Lang) -> None:
    clock = FakeClock("2026-11-24T09:00:00+08:00")
    app = ResetHost(clock, lang=lang)

    async def breathe_out(pilot: Pilot[None]) -> None:
        await pilot.press("4")
        clock.advance(10)
        app.reset.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=breathe_out)


@pytest.mark.parametrize("lang", LANGS)
def test_reset_screen_asks_the_mood_first(snap_compare: Any, lang: Lang) -> None:
    app = ResetHost(FakeClock("2026-11-24T09:00:00+08:00"), lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))
