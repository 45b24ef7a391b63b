"""The command palette open at 80x24, a query typed as an agent types it: pinyin
initials in zh, a word in en, Hangul initials in ko."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.tui.conftest import MakeDesk, SnapCompare, desk_ready, palette_open, settle
from tests.tui.test_complaint_form import until


@pytest.mark.parametrize(("lang", "query"), [("zh", "ld"), ("en", "call"), ("ko", "ㅌㅎ")])
def test_the_palette_with_a_query(
    snap_compare: SnapCompare, make_desk: MakeDesk, lang: str, query: str
) -> None:
    async def search(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_open(pilot.app), "the palette opens")
        for ch in query:
            await pilot.press(ch)
        await settle(pilot)

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=search)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_the_palette_with_no_match(
    snap_compare: SnapCompare, make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    # Textual waits half a second of wall time before saying so; tests never wait on it.
    monkeypatch.setattr(CommandPalette, "_NO_MATCHES_COUNTDOWN", 0.001)

    async def search(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_open(pilot.app), "the palette opens")
        for ch in "qqqq":
            await pilot.press(ch)
        await settle(pilot)
        commands = pilot.app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count == 1, "no matches is said")
        await pilot.pause()

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=search)
