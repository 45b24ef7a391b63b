"""A 10 MB paste into any field: the field takes its limit and says how much was left out.

Work done, not time, is what is checked: the value holds exactly the limit, so nothing
after the paste ever walks 10 MB again.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from tests.tui.conftest import MakeDesk, desk_ready, plain, settle
from tests.tui.test_complaint_form import open_form, rows, until
from tests.tui.test_queue import T0, event_form, open_queue, seed
from tui.app import AgentDeskApp
from tui.domain.calls import NOTE_LIMIT
from tui.domain.complaint_queue import WHEN_LIMIT
from tui.domain.complaints import LIMITS
from tui.domain.phone import INPUT_LIMIT as NUMBER_LIMIT
from tui.domain.phrases import BLANK_LIMIT
from tui.domain.register import TEXT_LIMIT
from tui.screens.fill_prompt import FillPromptScreen
from tui.screens.phrases import PhrasesScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.wrapup import WrapUpScreen
from tui.widgets.filter_input import FILTER_LIMIT

TEN_MB = 10_000_000
BIG = "x" * TEN_MB
BIG_LINES = ("y" * 99 + "\n") * (TEN_MB // 100)


async def paste(pilot: Pilot[int], text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


def said(label: Label) -> str:
    return plain(label) if label.display else ""


def cut_words(limit: int, pasted: int = TEN_MB) -> str:
    return f"limit of {limit:,} characters: {pasted - limit:,} characters left out"


def notices(app: AgentDeskApp) -> list[str]:
    return app.notices.messages


async def test_a_10mb_paste_into_each_desk_field_stops_at_its_limit(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await desk_ready(pilot)
        await pilot.press("f2")
        caller = desk.query_one("#caller", Input)
        await paste(pilot, BIG)
        assert len(caller.value) == NUMBER_LIMIT
        assert cut_words(NUMBER_LIMIT) in said(desk.query_one("#caller-error", Label))
        caller.value = "13812345678"

        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, ReasonPickerScreen), "picker")
        await settle(pilot)
        await paste(pilot, BIG)
        filter_line = app.screen.query_one(Input)
        assert len(filter_line.value) == FILTER_LIMIT
        # A filter has no line of its own to say it: the app says it.
        assert any(cut_words(FILTER_LIMIT) in m for m in notices(app))
        filter_line.value = ""
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert app.session.reason_code

        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, PhrasesScreen), "phrases")
        await settle(pilot)
        await paste(pilot, BIG_LINES)
        filter_line = app.screen.query_one(Input)
        assert len(filter_line.value) == FILTER_LIMIT
        filter_line.value = "transfer.failed"
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FillPromptScreen), "a blank")
        await settle(pilot)
        prompt = app.screen
        await paste(pilot, BIG)
        assert len(prompt.query_one("#fill-input", Input).value) == BLANK_LIMIT
        assert cut_words(BLANK_LIMIT) in said(prompt.query_one("#fill-error", Label))
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, WrapUpScreen), "wrap-up")
        await settle(pilot)
        wrapup = app.screen
        note = wrapup.query_one("#wrapup-note", TextArea)
        note.focus()
        await paste(pilot, BIG_LINES)
        assert len(note.text) == NOTE_LIMIT
        assert note.text.startswith("y" * 99 + "\n" + "y" * 99), "lines kept, none lost"
        error = wrapup.query_one("#wrapup-error", Label)
        assert f"limit of {NOTE_LIMIT:,} characters" in said(error)
        await pilot.press("z")  # typing at the limit is refused, and said
        assert len(note.text) == NOTE_LIMIT
        assert "full: it holds 2,000 characters" in said(error)
        await pilot.press("f9")
        await until(pilot, lambda: app.session.phase == "after_call", "saved")
    assert rows(tmp_path / "desk.sqlite3", "SELECT length(note) FROM calls") == [(NOTE_LIMIT,)]


async def test_a_10mb_paste_into_each_complaint_field_stops_at_its_limit(
    make_desk: MakeDesk,
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await desk_ready(pilot)
        form = await open_form(pilot)
        limits = {**LIMITS, "contact": NUMBER_LIMIT}
        for name in ("customer_name", "contact", "reference", "department", "remedy_requested"):
            field = form.query_one(f"#cf-{name}", Input)
            field.focus()
            await paste(pilot, BIG)
            assert len(field.value) == limits[name], name
            error = said(form.query_one(f"#cf-{name}-error", Label))
            assert cut_words(limits[name]) in error, (name, error)
        area = form.query_one("#cf-what_happened", TextArea)
        area.focus()
        await paste(pilot, BIG_LINES)
        limit = LIMITS["what_happened"]
        assert len(area.text) == limit
        assert area.text.startswith("y" * 99 + "\n" + "y" * 99 + "\n"), "lines kept"
        error_label = form.query_one("#cf-what_happened-error", Label)
        assert cut_words(limit) in said(error_label)
        await pilot.press("z")
        await pilot.press("enter")
        assert len(area.text) == limit, "typing at the limit is refused"
        assert "full: it holds 4,000 characters" in said(error_label)


async def test_a_10mb_paste_into_each_event_field_stops_at_its_limit(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("王小明", "13812345678", "simple", T0))
    app = make_desk("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_queue(pilot)
        for key, name, limit in (
            ("n", "text", TEXT_LIMIT),
            ("c", "note", TEXT_LIMIT),
            ("c", "number", NUMBER_LIMIT),
            ("x", "when", WHEN_LIMIT),
            ("x", "reason", TEXT_LIMIT),
        ):
            form = await event_form(pilot, key)
            field = form.query_one(f"#ev-{name}", Input)
            field.value = ""
            field.focus()
            await paste(pilot, BIG)
            assert len(field.value) == limit, (key, name)
            assert cut_words(limit) in said(form.query_one("#event-error", Label))
            await pilot.press("escape")
            await settle(pilot)
