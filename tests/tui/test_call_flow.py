"""The whole call, driven through the keyboard as an agent would."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, TextArea

from tests.tui.conftest import MakeDesk, desk_ready, plain, settle
from tui.clipboard import MemoryClipboard
from tui.domain.calls import NOTE_LIMIT
from tui.domain.clock import FakeClock
from tui.screens.fill_prompt import FillPromptScreen
from tui.screens.phrases import PhrasesScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.wrapup import WrapUpScreen
from tui.widgets.status_header import StatusHeader


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def type_text(pilot: Pilot[int], text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def test_a_whole_call_from_f2_to_the_saved_row(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    clipboard = MemoryClipboard()
    app = make_desk("zh", clipboard=clipboard)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await desk_ready(pilot)
        await pilot.press("f2")
        assert app.session.in_call
        await type_text(pilot, "138 1234-5678")
        assert plain(desk.query_one("#caller-error", Label)) == ""

        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPickerScreen)
        await type_text(pilot, "cxzx")
        await pilot.press("1")
        await settle(pilot)
        code = app.session.reason_code
        assert code is not None and code.startswith("inq.")
        assert app.reason_path(code).startswith("查询咨询")

        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, PhrasesScreen)
        await type_text(pilot, "greeting")
        await pilot.press("enter")
        await settle(pilot)
        assert clipboard.copied, "Enter should copy the phrase"
        assert "Lin" in clipboard.copied[-1] and "{" not in clipboard.copied[-1]

        clock.advance(minutes=3)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        app.screen.query_one("#wrapup-note", TextArea).text = "客户查询话费 고객 문의 ✅🙂"
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"

    saved = rows(
        tmp_path / "desk.sqlite3",
        "SELECT agent, caller, reason_code, outcome, mood, note, started_at, ended_at FROM calls",
    )
    assert saved == [
        (
            "Lin",
            "13812345678",
            code,
            "answered",
            "calm",
            "客户查询话费 고객 문의 ✅🙂",
            "2026-11-24T01:00:00+00:00",
            "2026-11-24T01:03:00+00:00",
        )
    ]


async def test_a_call_cannot_end_without_a_reason(make_desk: MakeDesk, tmp_path: Path) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f9")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPickerScreen), "F9 without a reason opens the picker"
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.in_call
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM calls") == [(0,)]


async def test_bad_caller_number_is_explained_and_blocks_wrap_up(make_desk: MakeDesk) -> None:
    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await desk_ready(pilot)
        await pilot.press("f2")
        await type_text(pilot, "010-abc")
        assert "숫자" in plain(desk.query_one("#caller-error", Label))
        await pilot.press("f9")
        await settle(pilot)
        assert not isinstance(app.screen, WrapUpScreen)


async def test_a_long_note_is_refused_with_its_length_never_cut(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    long_note = "가" * (NOTE_LIMIT + 5)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        app.screen.query_one("#wrapup-note", TextArea).text = long_note
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        error = plain(app.screen.query_one("#wrapup-error", Label))
        assert str(NOTE_LIMIT + 5) in error and str(NOTE_LIMIT) in error
        assert app.screen.query_one("#wrapup-note", TextArea).text == long_note
        app.screen.query_one("#wrapup-note", TextArea).text = long_note[:NOTE_LIMIT]
        await pilot.press("f9")
        await settle(pilot)
    assert rows(tmp_path / "desk.sqlite3", "SELECT note FROM calls") == [(long_note[:NOTE_LIMIT],)]


async def test_the_last_reason_is_corrected_not_overwritten(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2", "f3")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        first = app.session.reason_code
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ReasonPickerScreen)
        await pilot.press("2")
        await settle(pilot)
        second = app.session.saved_reason_code
        assert second and second != first
    db = tmp_path / "desk.sqlite3"
    assert rows(db, "SELECT reason_code FROM calls") == [(first,)]
    assert rows(db, "SELECT from_code, to_code FROM call_reason_corrections") == [(first, second)]


async def test_f2_during_a_call_is_refused(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        call_id = app.session.call_id
        await pilot.press("f2")
        assert app.session.call_id == call_id


async def test_every_desk_key_is_in_the_command_palette(make_desk: MakeDesk) -> None:
    from tui.palette import screen_commands

    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)

        def keys() -> dict[str, str]:
            return {c.shown_key: c.ident for c in screen_commands(app, app.screen)}

        # Only the keys that do something now: F3 and F9 need a call, F8 needs none.
        for key in ("F1", "F2", "F4", "F5", "F6", "F8"):
            assert key in keys(), (key, keys())
        assert "F7" not in keys(), "F7 only with a reminder"
        await pilot.press("f2")
        for key in ("F3", "F9"):
            assert key in keys(), (key, keys())
        assert keys()["F9"] == "desk.wrap_up"


async def test_a_broken_settings_file_is_named_by_line_and_the_desk_still_starts(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    config = tmp_path / "broken.toml"
    config.write_text('agent = "Lin"\nlanguage = "fr"\n', encoding="utf-8")
    app = make_desk("en", config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        messages = app.notices.messages
        assert any("line 2" in m and "broken.toml" in m for m in messages), messages
        await pilot.press("f2")
        assert app.session.in_call


async def test_copy_without_a_system_clipboard_says_so_once(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyperclip

    from tui.clipboard import Clipboard

    def no_backend(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard")

    monkeypatch.setattr(pyperclip, "copy", no_backend)
    app = make_desk("en")
    app.phrase_clipboard = Clipboard(app.copy_to_clipboard)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        app.copy_phrase("Hello")
        app.copy_phrase("Goodbye")
        await pilot.pause()
        fallback = [n for n in app.notices if "OSC 52" in n.message]
        assert len(fallback) == 1
        assert app.clipboard == "Goodbye"


async def test_the_desk_timers_keep_running_behind_a_dialog(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await desk_ready(pilot)
        await pilot.press("f2")
        await pilot.press("f4")
        await settle(pilot)
        await type_text(pilot, "verification.holder")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FillPromptScreen), "the phrase has a blank to fill"

        clock.advance(seconds=2)
        app.tick()
        await pilot.pause()
        assert "On a call 00:02" in str(desk.query_one("#call-status").render())
        header = desk.query_one(StatusHeader).render().plain
        assert "talk 00:02" in header

        clock.advance(minutes=1)
        app.tick()
        await pilot.pause()
        assert "On a call 01:02" in str(desk.query_one("#call-status").render())
        assert "talk 01:02" in desk.query_one(StatusHeader).render().plain
