"""F5, the complaint form, driven as an agent would, with a hand-wound clock."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, Static, TextArea

from tests.tui.conftest import MakeDesk, complaints_of, desk_ready, settle
from tui.app import AgentDeskApp
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.screens.complaint_form import ComplaintFormScreen, ExplanationScreen
from tui.screens.desk import DeskScreen
from tui.store import complaints as complaint_store
from tui.widgets.choice_dialog import ChoiceDialog

# The words must come back exactly: Chinese, Korean, emoji, a line break, extra spaces.
NAME = "王小明 (김민지) 🙂"
WHAT = "快递三天没到,客户很着急 😡\n배송이 사흘째 안 와요  📦🙏"
REMEDY = "尽快补发 / 빠른 재발송"


async def until(pilot: Pilot[int], condition: Callable[[], object], what: str = "") -> None:
    """Let the app run until `condition` holds (no sleeping: each pause is one idle turn)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def record_notes(app: AgentDeskApp) -> list[tuple[str, str]]:
    """Every notification from now on, as (message, severity)."""
    heard: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **options: Any) -> None:
        heard.append((message, options.get("severity", "information")))
        real(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return heard


async def open_form(pilot: Pilot[int]) -> ComplaintFormScreen:
    app = pilot.app
    await pilot.press("f5")
    await until(pilot, lambda: isinstance(app.screen, ComplaintFormScreen), "the form opens")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ComplaintFormScreen)
    return form


async def type_text(pilot: Pilot[int], text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def error(form: ComplaintFormScreen, name: str) -> str:
    label = form.query_one(f"#cf-{name}-error", Label)
    return str(label.render()) if label.display else ""


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    # The debounce is half a second of wall time; tests never wait on the wall clock.
    monkeypatch.setattr(ComplaintFormScreen, "DRAFT_DELAY", 0.0)


async def test_the_form_comes_prefilled_from_the_call(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await type_text(pilot, "138 1234 5678")
        form = await open_form(pilot)
        values = form.values()
        assert values["contact"] == "13812345678"
        assert values["customer_name"] == ""
        context = str(form.query_one("#cform-context", Static).render())
        assert "1******5678" in context, "the number is masked on screen"
        assert app.focused is form.query_one("#cf-customer_name", Input)


async def test_validation_is_inline_and_in_the_agents_language(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        form = await open_form(pilot)
        assert error(form, "customer_name") == "", "nothing is shouted before the agent acts"
        form.query_one("#cf-contact", Input).value = "010-abc"
        await pilot.pause()
        assert "숫자" in error(form, "contact"), "a bad number is explained as it is typed"
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ComplaintFormScreen), "an invalid form is not saved"
        assert error(form, "customer_name") == "⚠ 고객 성함을 입력해 주세요"
        assert "회신 기한" in error(form, "class_code")
        assert "사실대로" in error(form, "what_happened")
        assert error(form, "reference") == ""
        assert "4" in str(form.query_one("#cform-status", Label).render())
        assert app.focused is form.query_one("#cf-customer_name", Input)
        form.query_one("#cf-customer_name", Input).value = "가" * 101
        await pilot.pause()
        assert "100" in error(form, "customer_name") and "101" in error(form, "customer_name")
        form.query_one("#cf-customer_name", Input).value = "김민지"
        await pilot.pause()
        assert error(form, "customer_name") == ""
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM complaints") == [(0,)]


async def test_the_deadline_shows_as_soon_as_the_class_is_chosen(make_desk: MakeDesk) -> None:
    clipboard = MemoryClipboard()
    app = make_desk("en", clipboard=clipboard)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        form = await open_form(pilot)
        deadline = form.query_one("#cform-deadline", Static)
        assert "once the class is chosen" in str(deadline.render())
        await pilot.press("f4")
        assert clipboard.copied == [], "no promise before a class"
        form.query_one("#cf-class_code", Select).value = "simple"
        await pilot.pause()
        # Tuesday 09:00 in Shanghai, two office hours.
        assert "by today 11:00" in str(deadline.render())
        assert "Tue 24 Nov 11:00" in str(deadline.render())
        form.query_one("#cf-class_code", Select).value = "complex"
        await pilot.pause()
        assert "by tomorrow 09:00" in str(deadline.render())

        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, ExplanationScreen), "why")
        why = str(app.screen.query_one("#explain-text", Static).render())
        assert "Complex issue (complex)" in why and "China working days" in why
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is form, "back to the form")

        await pilot.press("f4")
        assert clipboard.copied[-1] == "We will get back to you by tomorrow 09:00."
        form.query_one("#cf-department", Input).value = "Logistics"
        await pilot.pause()
        await pilot.press("f4")
        assert clipboard.copied[-1] == (
            "I've asked Logistics to look into it, and we will reply by tomorrow 09:00."
        )


async def test_saving_records_the_promise_made_when_the_form_opened(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await type_text(pilot, "13812345678")
        call_id = app.session.call_id
        form = await open_form(pilot)
        clock.advance(minutes=5)  # the customer heard the deadline at 09:00
        form.query_one("#cf-customer_name", Input).value = NAME
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).insert(WHAT)
        await pilot.pause()
        assert "今天11:00前" in str(form.query_one("#cform-deadline", Static).render())
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "saved and closed")
        assert app.session.in_call, "saving a complaint does not end the call"
        assert len(complaints_of(app).items) == 1
    db = tmp_path / "desk.sqlite3"
    assert rows(db, "SELECT customer_name, contact, what_happened, call_id FROM complaints") == [
        (NAME, "13812345678", WHAT, call_id)
    ]
    events = rows(db, "SELECT kind, at, payload FROM complaint_events ORDER BY seq")
    assert [e[0] for e in events] == ["opened", "note"]
    assert events[0][1] == "2026-11-24T01:05:00+00:00", "the entry is dated when it was saved"
    opened = json.loads(events[0][2])
    assert opened["promised_at"] == "2026-11-24T03:00:00+00:00", "11:00, from the 09:00 basis"
    rules = complaints_of(app).rules
    assert rules is not None
    assert opened["rule_revision"] == rules.revision
    assert call_id in json.loads(events[1][2])["text"], "the note names the basis and call"
    assert rows(db, "SELECT COUNT(*) FROM complaint_drafts") == [(0,)]


async def test_the_draft_survives_a_killed_app_word_for_word(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await type_text(pilot, "13812345678")
        form = await open_form(pilot)
        form.query_one("#cf-customer_name", Input).value = NAME
        form.query_one("#cf-reference", Input).value = "单号 A-1001"
        form.query_one("#cf-class_code", Select).value = "complex"
        form.query_one("#cf-what_happened", TextArea).insert(WHAT)
        form.query_one("#cf-remedy_requested", Input).value = REMEDY

        def saved() -> bool:
            found = rows(db, "SELECT fields FROM complaint_drafts")
            return bool(found) and json.loads(found[0][0]).get("remedy_requested") == REMEDY

        await until(pilot, saved, "the draft is saved while the agent types")
        assert isinstance(app.screen, ComplaintFormScreen)
        # The app dies here: no save, no Esc, no wrap-up.

    restarted = make_desk("zh")
    heard = record_notes(restarted)
    async with restarted.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(restarted).wait_ready()
        await pilot.pause()
        assert any("未完成的投诉单" in message for message, _ in heard)
        assert isinstance(restarted.screen, ChoiceDialog), "the call in hand comes back first"
        await pilot.press("enter")
        await settle(pilot)
        assert restarted.session.in_call and restarted.session.caller == "13812345678"
        form = await open_form(pilot)
        values = form.values()
        assert values == {
            "customer_name": NAME,
            "contact": "13812345678",
            "reference": "单号 A-1001",
            "class_code": "complex",
            "department": "",
            "what_happened": WHAT,
            "remedy_requested": "尽快补发 / 빠른 재발송",
        }
        assert "继续" in str(form.query_one("#cform-title", Static).render())
        assert form.promise is not None, "the promise is shown again for the restored class"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(restarted.screen, DeskScreen), "saved")
    assert rows(db, "SELECT customer_name, what_happened, remedy_requested FROM complaints") == [
        (NAME, WHAT, REMEDY)
    ]
    assert rows(db, "SELECT COUNT(*) FROM complaint_drafts") == [(0,)]


async def test_a_failed_save_keeps_every_word(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> str:
        raise sqlite3.OperationalError("disk I/O error")

    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        form = await open_form(pilot)
        form.query_one("#cf-customer_name", Input).value = NAME
        form.query_one("#cf-contact", Input).value = "010-1234-5678"
        form.query_one("#cf-class_code", Select).value = "source"
        form.query_one("#cf-what_happened", TextArea).insert(WHAT)
        await pilot.pause()
        monkeypatch.setattr(complaint_store, "open_complaint", broken)
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is form
        status = str(form.query_one("#cform-status", Label).render())
        assert "Not saved" in status and "disk I/O error" in status
        assert form.values()["what_happened"] == WHAT
        monkeypatch.undo()
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "the retry saves")
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM complaints") == [(1,)]


async def test_escape_keeps_the_draft_and_f5_brings_it_back(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        form = await open_form(pilot)
        form.query_one("#cf-customer_name", Input).value = "Ms Wang"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "closed")
        form = await open_form(pilot)
        assert form.values()["customer_name"] == "Ms Wang"
        await pilot.press("ctrl+d")
        assert app.screen is form, "one Ctrl+D only asks"
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "discarded")
        form = await open_form(pilot)
        assert form.values()["customer_name"] == ""
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "closed")
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM complaint_drafts") == [(0,)], (
        "a form closed untouched leaves no draft to nag about"
    )
