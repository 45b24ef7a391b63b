"""Rows that fit (issue #10), as the agent sees them: the reason picker's longest rows and
the phrase list at 80x24, the complaint queue wide (120x40) and narrow (60x20), and the
wrap-up note holding emoji, in each language."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.tui.conftest import MakeDesk, desk_of, desk_ready, settle
from tests.tui.test_complaint_snapshots import complaints_ready, desk, seed_queue, still, wait_for
from tests.tui.test_rows_fit import LONG_REASONS, NOTE, type_as_a_terminal_does
from tui.domain.i18n import LANGS, Lang
from tui.screens.queue import QueueScreen


@pytest.mark.parametrize("lang", LANGS)
def test_reason_picker_longest_rows(snap_compare: Any, make_desk: MakeDesk, lang: Lang) -> None:
    async def filter_reasons(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        await pilot.press(*LONG_REASONS[lang])
        await settle(pilot)
        still(desk_of(pilot))

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=filter_reasons)


@pytest.mark.parametrize("lang", LANGS)
def test_phrase_list(snap_compare: Any, make_desk: MakeDesk, lang: Lang) -> None:
    async def open_phrases(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f2", "f4")
        await settle(pilot)
        still(desk_of(pilot))

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=open_phrases)


@pytest.mark.parametrize("size", [(120, 40), (60, 20)], ids=["120x40", "60x20"])
@pytest.mark.parametrize("lang", LANGS)
def test_complaint_queue(
    snap_compare: Any, tmp_path: Path, lang: Lang, size: tuple[int, int]
) -> None:
    asyncio.run(seed_queue(tmp_path / "desk.sqlite3"))
    app, clock = desk(tmp_path, lang)

    async def show_queue(pilot: Pilot[int]) -> None:
        await complaints_ready(pilot)
        await pilot.press("f2")  # on a call: the header's talk timer runs
        await settle(pilot)
        await pilot.press("f6")
        await wait_for(pilot, QueueScreen)
        clock.advance(seconds=75)
        desk_of(pilot).tick()
        still(desk_of(pilot))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=show_queue)


@pytest.mark.parametrize("lang", LANGS)
def test_wrap_up_note_with_emoji(snap_compare: Any, make_desk: MakeDesk, lang: Lang) -> None:
    async def type_note(pilot: Pilot[int]) -> None:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        await pilot.press("1", "f9")
        await settle(pilot)
        pilot.app.screen.query_one("#wrapup-note", TextArea).focus()
        await type_as_a_terminal_does(pilot, NOTE)
        await pilot.press("enter")
        await type_as_a_terminal_does(pilot, "ok")
        await pilot.press("home", "up", "right", "right", "right", "right")
        await settle(pilot)
        still(desk_of(pilot))

    assert snap_compare(make_desk(lang), terminal_size=(80, 24), run_before=type_note)
