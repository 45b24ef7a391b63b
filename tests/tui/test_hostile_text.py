"""Hostile text in every field, on every screen: shown literally, never obeyed.

Markup (`[/]`, `[b]`, `[link=x]`, `[@click=app.quit]`) is text; an escape sequence
(`ESC[2J` clears the screen, `ESC]52;…BEL` sets the clipboard), a NUL or a right-to-left
override reaches the terminal only as a visible stand-in (␛, ␀, �). Each screen is
checked through what the app would write to the terminal for it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from tests.tui.conftest import complaints_of, desk_ready, settle
from tests.tui.screen_cells import screen_lines
from tests.tui.test_complaint_form import open_form, until
from tests.tui.test_queue import T0, event_form, fill, open_queue, submit
from tui.app import AgentDeskApp
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.domain.deadline_rules import load_rules
from tui.domain.deadlines import make_promise
from tui.domain.plain_text import UNSAFE, shown
from tui.screens.break_picker import BreakPickerScreen
from tui.screens.complaint_form import ComplaintFormScreen, ExplanationScreen
from tui.screens.complaint_history import ComplaintHistoryScreen
from tui.screens.fill_prompt import FillPromptScreen
from tui.screens.help import HelpScreen
from tui.screens.phrases import PhrasesScreen
from tui.screens.queue import QueueScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.reset import ResetScreen
from tui.screens.wrapup import WrapUpScreen
from tui.services.complaints import rules_path
from tui.store.complaints import open_complaint
from tui.store.db import Store
from tui.widgets.choice_dialog import ChoiceDialog

MARKUP = "[/] [b]bold [link=x]x [@click=app.quit]quit"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
FORMULA = '=HYPERLINK("http://evil.example","pay")'
RTL = "\u202eevil\u200f"
WIDE = "王小明 김민지 😡📦"
LONG = "W" * 300
HOSTILE = f"Sales [/] {MARKUP} {CLEAR}{CLIPBOARD}\x00 {FORMULA} {RTL} {WIDE}"
SHORT = f"Li [b] [/] {CLEAR}\x00 =1+1 {RTL} 王김😡"
"""Fits the shortest limits (a reference holds 64 characters)."""
AGENT = "Li [/b] [b] \x1b[2J 王"
SEEN = ["[/]", "[b]", "[link=x]", "[@click=app.quit]", "␛[2J", "␛]52;c;SGVsbG8=", "␀"]
"""What of HOSTILE must be on the screen, character for character."""


def screen_text(app: AgentDeskApp) -> str:
    """The screen's characters; fails if anything would reach the terminal raw (an escape
    sequence, a NUL, a bell, a bidi override): Textual's own codes are not among them."""
    bare = "\n".join(screen_lines(app))
    leak = UNSAFE.search(bare)
    assert leak is None, (
        f"raw {leak.group()!r} reaches the terminal: {bare[max(0, leak.start() - 60) : leak.end() + 60]!r}"
    )  # noqa: E501
    return bare


_LAYOUT = re.compile(r"[\s▊▎▔▁│┃╭╮╰╯─━]")


def assert_shows(app: AgentDeskApp, *fragments: str) -> str:
    """Each fragment on the screen in order, character for character (a line may wrap
    between its words)."""
    text = screen_text(app)
    squashed = _LAYOUT.sub("", text)
    for fragment in fragments:
        assert _LAYOUT.sub("", fragment) in squashed, f"{fragment!r} not on {app.screen!r}"
    return text


def tamper_reference(db: Path) -> None:
    """Reference data a file or another program wrote: every reason label and phrase."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE reasons SET label_en = label_en || ?", (f" {MARKUP} {CLEAR}",))
        conn.execute(
            "UPDATE phrases SET text = text || ? WHERE lang = 'en'", (f" {MARKUP} {CLEAR}",)
        )


async def seeded_db(db: Path) -> None:
    store = await Store.open(db)
    await store.close()
    tamper_reference(db)


def hostile_desk(tmp_path: Path, clock: FakeClock, **options: Any) -> AgentDeskApp:
    """A desk whose agent and settings file are hostile too."""
    config = tmp_path / "config.toml"
    config.write_text(
        'agent = "Li [/b] [b] \\u001b[2J 王"\n'
        '"[/]" = 1\n'
        '"[b]\\u001b]52;c;SGk=\\u0007" = 2\n'
        'language = "[@click=app.quit]"\n',
        encoding="utf-8",
    )
    options.setdefault("clipboard", MemoryClipboard())
    return make_app(db=tmp_path / "desk.sqlite3", config=config, lang="en", clock=clock, **options)


async def paste(pilot: Pilot[int], text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


async def until_screen(pilot: Pilot[int], kind: type, what: str) -> Any:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), what)
    await settle(pilot)
    return pilot.app.screen


async def test_hostile_text_on_the_desk_and_every_call_screen(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seeded_db(db)
    app = hostile_desk(tmp_path, clock)
    assert app.agent == AGENT
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await desk_ready(pilot)
        # The header, and the settings problems named with their keys, as typed.
        assert_shows(app, "Li [/b] [b] ␛[2J 王", "'[/]'", "[@click=app.quit]")

        await pilot.press("f1")
        await until_screen(pilot, HelpScreen, "help")
        assert_shows(app, "F9")
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "the command palette")
        await pilot.press("f")
        await settle(pilot)
        screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f8")
        await until_screen(pilot, BreakPickerScreen, "the break picker")
        screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f2")
        await paste(pilot, SHORT)
        caller = app.screen.query_one("#caller", Input)
        assert caller.value.startswith("Li [b] [/] ␛[2J␀")
        assert_shows(app, "Li [b] [/] ␛[2J␀")
        caller.value = ""

        await pilot.press("f3")
        await until_screen(pilot, ReasonPickerScreen, "the reason picker")
        assert_shows(app, MARKUP, "␛[2J")
        await pilot.press("1")
        await settle(pilot)
        assert_shows(app, MARKUP)  # the reason line on the desk

        await pilot.press("f4")
        await until_screen(pilot, PhrasesScreen, "the phrases")
        assert_shows(app, "This is Li [/b] [b] ␛[2J 王", MARKUP)
        for ch in "transfer.failed":
            await pilot.press(ch)
        await pilot.press("enter")
        await until_screen(pilot, FillPromptScreen, "the first blank")
        assert_shows(app, MARKUP)
        await paste(pilot, HOSTILE)
        await pilot.press("enter")
        await settle(pilot)
        # The second blank's preview carries the first, which crashed the desk.
        prompt = await until_screen(pilot, FillPromptScreen, "the second blank")
        assert app.call_values["department"].startswith("Sales [/]")
        assert_shows(app, "Sales [/]", *SEEN)
        await paste(pilot, "0101234")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not prompt, "copied")
        await settle(pilot)
        assert "Sales [/]" in app.phrase_clipboard.copied[-1]  # type: ignore[union-attr]
        assert_shows(app, "Sales [/]")  # the notification of what was copied

        await pilot.press("f9")
        wrapup = await until_screen(pilot, WrapUpScreen, "the wrap-up")
        assert_shows(app, MARKUP)
        await pilot.press("tab", "3")  # the caller was abusive
        wrapup.query_one("#wrapup-note", TextArea).focus()
        await paste(pilot, HOSTILE)
        assert_shows(app, "Sales [/]", "[@click=app.quit]", "␛[2J")
        await pilot.press("f9")
        await until(pilot, lambda: app.session.phase == "after_call", "saved")
        await settle(pilot)
        assert_shows(app, MARKUP)  # today's calls and the saved notice

        await pilot.press("f8")  # the reset offered after an abusive call
        await until_screen(pilot, ResetScreen, "the reset")
        screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        # A call left in hand: its details come back in a dialog on the next start.
        await pilot.press("f2")
        await pilot.press("f3")
        await until_screen(pilot, ReasonPickerScreen, "the reason picker")
        await pilot.press("1")
        await settle(pilot)
    with sqlite3.connect(db) as conn:
        (note,) = conn.execute("SELECT note FROM calls").fetchone()
    assert note.startswith("Sales [/] [/] [b]bold") and "␛[2J" in note, "what was shown"

    again = hostile_desk(tmp_path, clock)
    async with again.run_test(size=(160, 50), notifications=True) as pilot:
        await desk_ready(pilot)
        offer = again.screen
        assert isinstance(offer, ChoiceDialog)
        assert_shows(again, MARKUP)
        await pilot.press("3")
        await until(
            pilot,
            lambda: isinstance(again.screen, ChoiceDialog) and again.screen is not offer,
            "the discard reasons",
        )
        await settle(pilot)
        screen_text(again)


async def test_hostile_text_in_the_complaint_form(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "desk.sqlite3"
    await seeded_db(db)
    app = hostile_desk(tmp_path, clock)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        await pilot.press("f2")
        await pilot.press("f3")
        await until_screen(pilot, ReasonPickerScreen, "the reason picker")
        await pilot.press("1")
        await settle(pilot)
        form = await open_form(pilot)
        assert isinstance(form, ComplaintFormScreen)
        for name in ("customer_name", "reference", "department"):
            form.query_one(f"#cf-{name}", Input).value = SHORT
        form.query_one("#cf-remedy_requested", Input).value = HOSTILE
        form.query_one("#cf-contact", Input).value = "13812345678"
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).focus()
        await paste(pilot, f"{HOSTILE}\n{LONG}")
        assert form.query_one("#cf-what_happened", TextArea).text.startswith("Sales [/]")
        assert_shows(app, "Li [b] [/] ␛[2J␀", "[@click=app.quit]", MARKUP)  # the reason line
        await pilot.press("f3")
        await until_screen(pilot, ExplanationScreen, "the explanation")
        screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        form.query_one("#cf-contact", Input).value = "not a [/] number \x1b[2J"
        await settle(pilot)
        assert_shows(app, "not a [/] number ␛[2J")
        form.query_one("#cf-contact", Input).value = "13812345678"
        await pilot.press("f9")
        await until(pilot, lambda: app.screen is not form, "saved")
        await settle(pilot)
        screen_text(app)
    with sqlite3.connect(db) as conn:
        name, remedy = conn.execute(
            "SELECT customer_name, remedy_requested FROM complaints"
        ).fetchone()
    assert name == shown(SHORT).strip() and remedy == shown(HOSTILE).strip(), "as shown"


async def test_hostile_text_in_the_queue_history_and_every_event_form(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seeded_db(db)
    # Stored by an earlier desk: the customer, the description, and the agent as owner.
    rules = load_rules(rules_path())
    store = await Store.open(db)
    form = {
        "customer_name": SHORT,
        "contact": "13812345678",
        "class_code": "complex",
        "what_happened": HOSTILE,
    }
    due = make_promise(rules, "complex", T0).due
    await open_complaint(store, form, due, rules.revision, AGENT, T0)
    await store.close()
    app = hostile_desk(tmp_path, clock)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        screen = await open_queue(pilot)
        assert isinstance(screen, QueueScreen)
        assert_shows(app, "Sales [/]", "␛[2J")  # the row and the detail line

        async def entry(key: str, **values: str) -> None:
            clock.advance(minutes=1)
            form = await event_form(pilot, key)
            fill(form, **values)
            if HOSTILE in values.values():
                assert_shows(app, "Sales [/]", "␛[2J")
            assert await submit(pilot, form) == ""
            app.tick()
            assert_shows(app)

        await entry("n", text=HOSTILE)
        await entry("c", note=HOSTILE, number="138 1234 5678")
        await entry("x", reason=HOSTILE, contact=HOSTILE)
        await entry("p", reason=HOSTILE)
        await entry("p", note=HOSTILE)
        await entry("e", reason=HOSTILE, to=SHORT)
        await entry("r", summary=HOSTILE)
        await entry("f", when="+1d", note=HOSTILE)
        refused = await event_form(pilot, "c")
        fill(refused, note=HOSTILE, number="[/] \x1b[2J")
        assert "⚠" in await submit(pilot, refused)  # a refusal said beside hostile text
        assert_shows(app, "[/] ␛[2J")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back to the queue")

        # The follow-up row carries its note into the form's intro.
        queue = screen.queue
        queue.cursor = next(i for i, item in enumerate(queue.items) if item.kind == "followup")
        await event_form(pilot, "f")
        assert_shows(app, "Sales [/]")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back to the queue")

        queue.cursor = next(i for i, item in enumerate(queue.items) if item.kind == "complaint")
        await pilot.press("enter")
        history = await until_screen(pilot, ComplaintHistoryScreen, "the history")
        # Every entry's actor is the agent, `[/b]` and all: this crashed every open.
        text = assert_shows(app, "Li [/b] [b] ␛[2J 王", "Sales [/]", "[@click=app.quit]")
        assert text.count("Li [/b] [b]") >= 9
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not history, "closed")
    with sqlite3.connect(db) as conn:
        actors = {actor for (actor,) in conn.execute("SELECT actor FROM complaint_events")}
        (payload,) = conn.execute(
            "SELECT payload FROM complaint_events WHERE kind = 'note'"
        ).fetchone()
    assert actors == {AGENT}
    assert json.loads(payload)["text"] == shown(HOSTILE).strip(), "stored as shown"
