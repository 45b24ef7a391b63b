"""F5 on a call with a reason: the reason is its own line, the description is the agent's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from tests.tui.conftest import MakeDesk, complaints_of, desk_of, desk_ready, settle
from tests.tui.test_complaint_form import error, open_form, rows, type_text, until
from tui.domain.clock import FakeClock
from tui.screens.complaint_form import BASIS_KEY, ComplaintFormScreen
from tui.screens.desk import DeskScreen
from tui.store.db import Store
from tui.store.drafts import save_draft

PATH_EN = "Inquiry › Orders and delivery › Delivery tracking"


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ComplaintFormScreen, "DRAFT_DELAY", 0.0)


async def call_with_reason(pilot: Pilot[int]) -> str:
    """F2, a number, F3 "Delivery tracking": the call in hand, with its reason."""
    app = desk_of(pilot)
    await desk_ready(pilot)
    await complaints_of(app).wait_ready()
    await pilot.press("f2")
    await type_text(pilot, "13812345678")
    await pilot.press("f3")
    await settle(pilot)
    await type_text(pilot, "tracking")
    await pilot.press("1")
    await settle(pilot)
    code = app.session.reason_code
    assert code is not None and app.reason_path(code) == PATH_EN
    return code


def reason_line(form: ComplaintFormScreen) -> str:
    return str(form.query_one("#cf-reason", Static).render())


def opened_payload(db: Path) -> dict[str, Any]:
    (payload,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'opened'")
    opened: dict[str, Any] = json.loads(payload[0])
    return opened


async def test_typing_goes_into_an_empty_required_description(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        code = await call_with_reason(pilot)
        form = await open_form(pilot)
        assert reason_line(form) == PATH_EN, "the reason has its own line"
        assert "reason" not in str(form.query_one("#cform-context", Static).render())
        area = form.query_one("#cf-what_happened", TextArea)
        assert area.text == "", "the description starts empty"
        assert app.focused is form.query_one("#cf-customer_name", Input)
        await type_text(pilot, "Ms Wang")
        form.query_one("#cf-class_code", Select).value = "simple"
        await pilot.pause()

        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is form, "an empty description is not saved"
        assert error(form, "what_happened") == "⚠ Write down what happened, as the customer told it"
        # Through the pilot: mypy would keep `app.focused` as the Input checked above.
        assert pilot.app.focused is area, "the cursor goes where the words are missing"
        await type_text(pilot, "Parcel three days late")
        assert area.text == "Parcel three days late"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "saved")
    assert rows(db, "SELECT customer_name, what_happened FROM complaints") == [
        ("Ms Wang", "Parcel three days late")
    ]
    assert opened_payload(db)["reason_code"] == code


@pytest.mark.parametrize(
    ("what", "message"),
    [
        (PATH_EN, "⚠ The description is only the call's reason"),
        (PATH_EN + "\n\n", "⚠ The description is only the call's reason"),
        ("  \n\t ", "⚠ Write down what happened"),
    ],
    ids=["the-path", "the-path-and-lines", "blank"],
)
async def test_a_description_of_nothing_but_the_reason_or_blanks_is_refused(
    make_desk: MakeDesk, tmp_path: Path, what: str, message: str
) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await call_with_reason(pilot)
        form = await open_form(pilot)
        form.query_one("#cf-customer_name", Input).value = "Ms Wang"
        form.query_one("#cf-class_code", Select).value = "simple"
        form.query_one("#cf-what_happened", TextArea).insert(what)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is form
        assert error(form, "what_happened").startswith(message)
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM complaints") == [(0,)]


async def test_the_draft_keeps_the_reason_across_a_restart(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        await pilot.press("f2")
        await type_text(pilot, "13812345678")
        await pilot.press("f3")
        await settle(pilot)
        await type_text(pilot, "cxzx")
        await pilot.press("1")
        await settle(pilot)
        code = app.session.reason_code
        assert code is not None, "the pick tags the call"
        path = app.reason_path(code)
        form = await open_form(pilot)
        assert reason_line(form) == path
        await type_text(pilot, "王先生")
        await until(
            pilot,
            lambda: bool(rows(db, "SELECT 1 FROM complaint_drafts")),
            "the draft is saved",
        )
        # The desk dies here.
    (fields,) = rows(db, "SELECT fields FROM complaint_drafts")
    draft = json.loads(fields[0])
    assert draft["reason_code"] == code and draft["what_happened"] == ""

    restarted = make_desk("zh")
    async with restarted.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(restarted).wait_ready()
        await pilot.press("3", "4")  # the call left in hand is discarded ("other")
        await settle(pilot)
        assert not restarted.session.in_call and restarted.held is None
        form = await open_form(pilot)
        assert reason_line(form) == path, "no call in hand now: the draft remembers"
        assert form.values()["customer_name"] == "王先生"
        form.query_one("#cf-class_code", Select).value = "simple"
        await pilot.pause()
        form.query_one("#cf-what_happened", TextArea).focus()
        await type_text(pilot, "快递没到")
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(restarted.screen, DeskScreen), "saved")
    assert opened_payload(db)["reason_code"] == code
    assert rows(db, "SELECT what_happened FROM complaints") == [("快递没到",)]


OLD_PATH_ZH = "查询咨询 › 订单物流 › 物流查询"


@pytest.mark.parametrize(
    ("what", "left", "reason"),
    [
        # Untouched since it was prefilled: the path and the newline, nothing else.
        (OLD_PATH_ZH + "\n", "", True),
        # The agent moved below the path and wrote there.
        (OLD_PATH_ZH + "\n客户说快递没到", "客户说快递没到", True),
        # The agent typed where the cursor was, in front of the path: kept as typed.
        ("客户说快递没到" + OLD_PATH_ZH + "\n", "客户说快递没到" + OLD_PATH_ZH + "\n", False),
    ],
    ids=["path-only", "path-then-words", "words-then-path"],
)
async def test_a_draft_from_before_the_reason_line_still_opens(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock, what: str, left: str, reason: bool
) -> None:
    db = tmp_path / "desk.sqlite3"
    store = await Store.open(db)
    try:
        fields = {
            "customer_name": "王小明",
            "contact": "13812345678",
            "reference": "",
            "class_code": "simple",
            "department": "",
            "what_happened": what,
            "remedy_requested": "",
            BASIS_KEY: "2026-11-24T00:55:00+00:00",
        }
        await save_draft(store, "Lin", fields, clock.now(), call_id=None)
    finally:
        await store.close()

    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        form = await open_form(pilot)
        area = form.query_one("#cf-what_happened", TextArea)
        assert area.text == left
        assert bool(form.query("#cf-reason")) is reason
        if reason:
            assert reason_line(form) == OLD_PATH_ZH
        if left:
            assert app.focused is form.query_one("#cf-customer_name", Input)
            area.focus()
        else:
            assert app.focused is area, "the only empty required field"
        await type_text(pilot, "ok")
        assert area.text == left + "ok", "added at the end, not in front"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "saved")
    payload = opened_payload(db)
    assert payload.get("reason_code") == ("inq.order.tracking" if reason else None)
    assert rows(db, "SELECT what_happened FROM complaints") == [((left + "ok").strip(),)]
