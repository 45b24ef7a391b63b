"""What the agent sees of the keys: the footer under the reset reminder, and F1 help."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import MakeDesk, SnapCompare, desk_ready, settle
from tests.tui.test_complaint_form import until
from tests.tui.test_desk_breaks import take_call
from tui.domain.clock import FakeClock
from tui.screens.help import HelpScreen
from tui.widgets.break_banner import BreakBanner


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_the_desk_with_the_reminder_banner(
    snap_compare: SnapCompare, make_desk: MakeDesk, clock: FakeClock, lang: str
) -> None:
    async def rough_call(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await take_call(pilot, clock, mood="abusive")
        await settle(pilot)
        assert pilot.app.screen.query_one(BreakBanner).reminder is not None

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=rough_call)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_help(snap_compare: SnapCompare, make_desk: MakeDesk, lang: str) -> None:
    async def open_help(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "help")
        await settle(pilot)

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=open_help)
