"""Rows that fit (issue #10): long rows never run back under the digits, technical words
stay whole, emoji keep borders in line, the queue uses the width it has."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, TextArea

from tests.tui.conftest import MakeDesk, desk_of, desk_ready, settle
from tests.tui.screen_cells import region_lines, screen_lines
from tests.tui.test_complaint_snapshots import complaints_ready, desk, seed_queue, wait_for
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.calls import NOTE_LIMIT
from tui.domain.clock import FakeClock
from tui.domain.i18n import LANGS, Lang, t
from tui.domain.phrases import GROUPS
from tui.screens.phrases import PhrasesScreen
from tui.screens.queue import QueueScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.wrapup import WrapUpScreen
from tui.store import call_in_hand as held_store
from tui.widgets.choice_dialog import ChoiceDialog

# Queries that bring up each language's longest reason paths.
LONG_REASONS: dict[Lang, str] = {"zh": "营业厅", "en": "supervisor", "ko": "요금"}


async def list_rows(pilot: Pilot[int]) -> tuple[list[str], int]:
    """The option list's rows as shown, and how many options it holds."""
    option_list = pilot.app.screen.query_one(OptionList)
    return region_lines(pilot.app, option_list.content_region), option_list.option_count


@pytest.mark.parametrize("lang", LANGS)
async def test_every_reason_is_one_row_cut_with_an_ellipsis(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPickerScreen)
        for query in ("", LONG_REASONS[lang]):
            await pilot.press(*(["backspace"] * 20), *query)
            await settle(pilot)
            rows, count = await list_rows(pilot)
            filled = [row for row in rows if row.strip()]
            # One row per reason: a row that wrapped would add a line the count lacks.
            assert len(filled) == min(count, len(rows)), rows
            for number, row in enumerate(filled, start=1):
                assert re.match(rf"{number} \S" if number <= 9 else r"  \S", row), rows
        if lang == "en":
            assert any(row.rstrip().endswith("…") for row in rows), rows


@pytest.mark.parametrize("lang", LANGS)
async def test_a_long_phrase_wraps_under_its_own_text_never_under_the_digits(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f4")
        await settle(pilot)
        assert isinstance(app.screen, PhrasesScreen)
        group_width = max(cell_len(t(lang, f"group.{g}")) for g in GROUPS)
        text_column = 2 + group_width + 1
        seen_wrap = False
        for _ in GROUPS:  # every group in turn, so every phrase is on screen once
            await pilot.press("pagedown")
            await settle(pilot)
            rows, _ = await list_rows(pilot)
            for row in rows:
                if not row.strip() or re.match(r"[1-9 ] \S", row):
                    continue  # the first row of a phrase
                seen_wrap = True
                indent = len(row) - len(row.lstrip(" "))
                assert indent == text_column, rows
        assert seen_wrap or lang == "zh"


@pytest.mark.parametrize("lang", LANGS)
async def test_the_terminal_clipboard_notice_keeps_osc_52_whole(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await desk_ready(pilot)
        app.notify(t(lang, "clipboard.terminal_fallback"), severity="warning")
        await pilot.pause()
        await settle(pilot)
        # Textual exports no Toast class: its CSS type name finds it.
        toast = app.screen.query_one("Toast")
        lines = region_lines(app, toast.region)
        assert any("OSC 52" in line for line in lines), lines


# 15 and 17: the wrap-up note -------------------------------------------------------

NOTE = "😡👍🏽 👨\u200d👩\u200d👧"
"""An angry face, a thumb with a skin tone and a family joined by zero-width joiners."""


def _key_name(ch: str) -> str:
    """The name a terminal's key for `ch` gets: the character's Unicode name."""
    try:
        return unicodedata.name(ch).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return ch


async def type_as_a_terminal_does(pilot: Pilot[int], text: str) -> None:
    """Each character as the terminal driver delivers it: a key with that character.
    (Pilot's `press` looks characters up by name, and loses the ones it cannot name.)"""
    for ch in text:
        pilot.app.post_message(events.Key(ch if ch.isalnum() else _key_name(ch), ch))
        await pilot.pause()


async def wrap_up(pilot: Pilot[int]) -> WrapUpScreen:
    await desk_ready(pilot)
    await pilot.press("f2", "f3")
    await settle(pilot)
    await pilot.press("1", "f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WrapUpScreen)
    return screen


def saved_notes(db: Path) -> list[bytes]:
    with sqlite3.connect(db) as conn:
        return [row[0].encode() for row in conn.execute("SELECT note FROM calls")]


@pytest.mark.parametrize("lang", LANGS)
async def test_emoji_typed_into_the_note_are_saved_exactly(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wrap_up(pilot)
        screen.query_one("#wrapup-note").focus()
        await type_as_a_terminal_does(pilot, NOTE)
        await pilot.press("f9")
        await settle(pilot)
        assert not isinstance(app.screen, WrapUpScreen)
    assert saved_notes(tmp_path / "desk.sqlite3") == [NOTE.encode()]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_note_border_stays_in_line_wherever_the_cursor_is(
    make_desk: MakeDesk, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wrap_up(pilot)
        note = screen.query_one("#wrapup-note")
        note.focus()
        note.post_message(events.Paste(NOTE + " ok"))
        await settle(pilot)
        for key in ["home"] + ["right"] * 8 + ["left"] * 8:
            await pilot.press(key)
            await pilot.pause()
            for row in region_lines(app, note.region):
                # Rich's widths, the terminal's: the right border in the last column.
                assert cell_len(row) == note.region.width, (key, row)
                assert row.endswith("▎"), (key, row)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_note_takes_lines_and_counts_what_it_holds(
    make_desk: MakeDesk, tmp_path: Path, lang: Lang
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wrap_up(pilot)
        count = screen.query_one("#wrapup-note-count", Label)
        assert str(count.render()) == f"0/{NOTE_LIMIT}"
        await pilot.press("tab", "tab", "tab")  # outcome → mood → satisfaction → note
        note = screen.query_one("#wrapup-note", TextArea)
        assert note.has_focus
        await type_as_a_terminal_does(pilot, "退款")
        await pilot.press("enter")  # a new line, not a save
        await settle(pilot)
        assert app.screen is screen
        await type_as_a_terminal_does(pilot, "ok")
        assert note.text == "退款\nok"
        assert str(count.render()) == f"5/{NOTE_LIMIT}"
        # The call in hand has the note as typed, before any save.
        await app.keeper.flush()  # type: ignore[union-attr]
        held = await held_store.held_call(app.store, app.agent)
        assert held is not None and held.note == "退款\nok"
        await pilot.press("tab")
        assert not note.has_focus
        await pilot.press("f9")
        await settle(pilot)
        assert not isinstance(app.screen, WrapUpScreen)
    assert saved_notes(tmp_path / "desk.sqlite3") == ["退款\nok".encode()]


async def test_a_note_left_in_hand_comes_back_with_the_call(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wrap_up(pilot)
        screen.query_one("#wrapup-note").focus()
        await type_as_a_terminal_does(pilot, "call back 3pm")
        await settle(pilot)
        await app.keeper.flush()  # type: ignore[union-attr]
    # The desk is gone without a save (as after a crash); the next one offers the call.
    again = make_desk("en")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await settle(pilot)
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.press("2")  # wrap it up
        await settle(pilot)
        assert isinstance(again.screen, WrapUpScreen)
        note = again.screen.query_one("#wrapup-note", TextArea)
        assert note.text == "call back 3pm"
        assert str(again.screen.query_one("#wrapup-note-count", Label).render()) == (
            f"13/{NOTE_LIMIT}"
        )


# 16: the queue and the header -------------------------------------------------------

SOURCE_CLASS: dict[Lang, str] = {
    "zh": "源头处理（48小时）",
    "en": "Resolved at the source (48 h)",
    "ko": "발생 부서 처리 (48시간)",
}


async def queue_shown(pilot: Pilot[int], clock: FakeClock) -> QueueScreen:
    await complaints_ready(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("f6")
    await wait_for(pilot, QueueScreen)
    clock.advance(seconds=75)
    desk_of(pilot).tick()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QueueScreen)
    return screen


@pytest.mark.parametrize("lang", LANGS)
async def test_a_wide_queue_shows_each_class_whole(tmp_path: Path, lang: Lang) -> None:
    await seed_queue(tmp_path / "desk.sqlite3")
    app, clock = desk(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await queue_shown(pilot, clock)
        rows = region_lines(app, screen.queue.region)
        assert any(SOURCE_CLASS[lang] in row for row in rows), rows


@pytest.mark.parametrize("lang", LANGS)
async def test_a_narrow_queue_ends_its_rows_cleanly(tmp_path: Path, lang: Lang) -> None:
    await seed_queue(tmp_path / "desk.sqlite3")
    app, clock = desk(tmp_path, lang)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await queue_shown(pilot, clock)
        rows = [row.rstrip() for row in region_lines(app, screen.queue.region) if row.strip()]
        assert len(rows) == 7, rows
        # The summary has no room at 60 columns: it is left to the detail pane, not
        # shown as a stray ellipsis after the number.
        assert all(re.search(r"\d{4}$", row) for row in rows[1:]), rows


@pytest.mark.parametrize("lang", LANGS)
async def test_the_talk_timer_has_the_first_claim_on_a_narrow_header(
    tmp_path: Path, lang: Lang
) -> None:
    clock = FakeClock("2026-11-24T09:00:00+08:00")
    app = make_app(
        db=tmp_path / "desk.sqlite3",
        config=tmp_path / "config.toml",
        agent="Lin Xiaoyu 林小雨",
        lang=lang,
        clock=clock,
        clipboard=MemoryClipboard(),
    )
    async with app.run_test(size=(60, 20)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
        clock.advance(seconds=75)
        app.tick()
        await pilot.pause()
        header = screen_lines(app)[0].rstrip()
        assert header.endswith(t(lang, "header.talk", time="01:15")), header
        assert "…" not in header, header  # parts give way whole
