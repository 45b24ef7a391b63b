"""F9's outcome and mood: what the agent sees chosen is what is saved (#8, item 6)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from tests.tui.conftest import MakeDesk, desk_of, desk_ready, settle
from tui.app import AgentDeskApp
from tui.domain.i18n import Lang
from tui.screens.complaint_form import ComplaintFormScreen
from tui.screens.desk import DeskScreen
from tui.screens.wrapup import WrapUpScreen
from tui.widgets.choice_row import ChoiceRow


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def type_text(pilot: Pilot[int], text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def until(pilot: Pilot[int], condition: Callable[[], object], what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def notes(app: AgentDeskApp) -> list[str]:
    return app.notices.messages


async def call_with_reason(pilot: Pilot[int]) -> str:
    """F2, then F3 and the first reason offered: a call ready to wrap up."""
    app = desk_of(pilot)
    await pilot.press("f2", "f3")
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    code = app.session.reason_code
    assert code is not None
    return code


async def test_the_key_sequence_from_the_issue_saves_forwarded_and_upset(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        code = await call_with_reason(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        # Exactly what the agent typed: no Space anywhere.
        await pilot.press("right", "tab", "right", "tab", "3", "tab")
        await type_text(pilot, "转财务")
        # The note holds lines (issue #10): Enter starts one, F9 saves.
        await pilot.press("enter", "backspace", "f9")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen), "F9 in the note saves"
        path = app.reason_path(code)
        saved = [n for n in notes(app) if n.startswith("来电已保存")]
        assert saved == [f"来电已保存：{path} · 转办 · 不满 · 满意度3"]
    assert rows(
        tmp_path / "desk.sqlite3",
        "SELECT reason_code, outcome, mood, satisfaction, note FROM calls",
    ) == [(code, "forwarded", "upset", 3, "转财务")]


@pytest.mark.parametrize(
    ("lang", "keys", "outcome", "mood", "notice"),
    [
        # ↓ moves the choice too; a digit picks outright; ← comes back.
        ("en", ("down", "down", "left", "tab", "3"), "forwarded", "abusive", "Forwarded · Abusive"),
        ("ko", ("4", "tab", "up", "2"), "complaint", "upset", "불만 접수 · 불만"),
    ],
)
async def test_arrows_and_digits_choose_what_is_saved(
    make_desk: MakeDesk,
    tmp_path: Path,
    lang: Lang,
    keys: tuple[str, ...],
    outcome: str,
    mood: str,
    notice: str,
) -> None:
    app = make_desk(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        code = await call_with_reason(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WrapUpScreen)
        await pilot.press(*keys)
        assert screen.query_one("#wrapup-outcome", ChoiceRow).value == outcome
        assert screen.query_one("#wrapup-mood", ChoiceRow).value == mood
        await pilot.press("f9")
        await settle(pilot)
        # No satisfaction given: the notice does not invent one.
        assert f"{app.reason_path(code)} · {notice}" in notes(app)[-1]
        assert notes(app)[-1].count("·") == 2
    assert rows(tmp_path / "desk.sqlite3", "SELECT outcome, mood, satisfaction FROM calls") == [
        (outcome, mood, None)
    ]


async def test_the_chosen_option_reads_without_colour(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await call_with_reason(pilot)
        await pilot.press("f9")
        await settle(pilot)
        outcome = app.screen.query_one("#wrapup-outcome", ChoiceRow)
        mood = app.screen.query_one("#wrapup-mood", ChoiceRow)
        assert outcome.has_focus
        assert outcome.render().plain == (
            "▸ ● 1 Answered  ○ 2 Forwarded  ○ 3 Handled  ○ 4 Complaint"
        )
        assert mood.render().plain == "  ● 1 Calm  ○ 2 Upset  ○ 3 Abusive"
        await pilot.press("right")
        assert outcome.render().plain.startswith("▸ ○ 1 Answered  ● 2 Forwarded")
        chosen = [span for span in outcome.render().spans if "reverse" in str(span.style)]
        assert len(chosen) == 1 and outcome.render().plain[chosen[0].start] == "●"

        # A click picks too (and takes the focus there).
        await pilot.click(mood, offset=(mood.render().plain.index("Abusive"), 0))
        assert mood.value == "abusive" and mood.has_focus


async def test_a_call_with_a_complaint_filed_defaults_to_complaint(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await call_with_reason(pilot)
        await type_text(pilot, "13812345678")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ComplaintFormScreen), "the form opens")
        await pilot.pause()
        form = app.screen
        form.query_one("#cf-customer_name", Input).value = "Wang"
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).insert("The parcel is three days late")
        await pilot.pause()
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "complaint saved")
        assert len(app.session.complaint_ids) == 1
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.query_one("#wrapup-outcome", ChoiceRow).value == "complaint"
        await pilot.press("f9")
        await settle(pilot)
        # Read afresh: mypy would carry the length checked above across the awaits.
        session = app.session
        assert session.phase == "after_call" and session.complaint_ids == ()

        # The next call starts clean: no complaint, so the default is "answered" again.
        await call_with_reason(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.query_one("#wrapup-outcome", ChoiceRow).value == "answered"
        await pilot.press("f9")
        await settle(pilot)
    assert rows(tmp_path / "desk.sqlite3", "SELECT outcome FROM calls ORDER BY started_at") == [
        ("complaint",),
        ("answered",),
    ]


async def test_a_complaint_filed_after_the_call_leaves_the_next_call_alone(
    make_desk: MakeDesk,
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await call_with_reason(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ComplaintFormScreen), "the form opens")
        await pilot.pause()
        form = app.screen
        form.query_one("#cf-customer_name", Input).value = "Wang"
        form.query_one("#cf-contact", Input).value = "13812345678"
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).insert("Called back about the parcel")
        await pilot.pause()
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "complaint saved")
        assert app.session.complaint_ids == ()
