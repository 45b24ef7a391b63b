"""F6, the queue: live countdowns, one warning per crossing, and the keys on a complaint."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pendulum
from pendulum import DateTime
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.tui.conftest import MakeDesk, complaints_of, desk_of, desk_ready
from tests.tui.test_complaint_form import record_notes, rows, type_text, until
from tui.app import AgentDeskApp
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.domain.deadline_rules import load_rules
from tui.domain.deadlines import make_promise
from tui.screens.complaint_history import ComplaintHistoryScreen
from tui.screens.desk import DeskScreen
from tui.screens.event_form import EventFormScreen
from tui.screens.queue import QueueScreen
from tui.services.complaints import rules_path
from tui.store.complaints import open_complaint
from tui.store.db import Store
from tui.widgets.choice_row import ChoiceRow
from tui.widgets.queue_list import QueueList

T0 = pendulum.datetime(2026, 11, 24, 9, 0, tz="Asia/Shanghai")  # the clock fixture's start


async def seed(db: Path, *specs: tuple[str, str, str, DateTime], agent: str = "Lin") -> list[str]:
    """Open complaints (name, number, class, opened at) straight through the store."""
    rules = load_rules(rules_path())
    store = await Store.open(db)
    try:
        ids = []
        for name, number, code, at in specs:
            form = {
                "customer_name": name,
                "contact": number,
                "class_code": code,
                "what_happened": "快递未到,客户要求尽快处理",
            }
            due = make_promise(rules, code, at).due
            ids.append(await open_complaint(store, form, due, rules.revision, agent, at))
        return ids
    finally:
        await store.close()


def bells_of(app: AgentDeskApp) -> list[int]:
    rung: list[int] = []
    app.bell = lambda: rung.append(1)  # type: ignore[method-assign]
    return rung


async def open_queue(pilot: Pilot[int]) -> QueueScreen:
    app = desk_of(pilot)
    await desk_ready(pilot)
    await complaints_of(app).wait_ready()
    await pilot.press("f6")
    await until(pilot, lambda: isinstance(app.screen, QueueScreen), "the queue opens")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def line(queue: QueueList, row: int) -> str:
    return queue.render_line(row + 1).text


async def event_form(pilot: Pilot[int], *keys: str) -> EventFormScreen:
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, EventFormScreen), f"form for {keys}")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, EventFormScreen)
    return form


def fill(form: EventFormScreen, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#ev-{name}", Input).value = value


async def submit(pilot: Pilot[int], form: EventFormScreen) -> str:
    """F9 on the form; the refusal shown, or "" once it closed."""
    await pilot.press("f9")
    await until(
        pilot,
        lambda: pilot.app.screen is not form or str(form.query_one("#event-error", Label).render()),
        "the entry is taken or refused",
    )
    if pilot.app.screen is form:
        return str(form.query_one("#event-error", Label).render())
    await pilot.pause()
    return ""


def kinds(db: Path) -> list[str]:
    return [kind for (kind,) in rows(db, "SELECT kind FROM complaint_events ORDER BY at, seq")]


async def test_the_countdown_crosses_each_level_with_one_warning_each(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("王小明", "13812345678", "simple", T0))
    app = make_desk("en")
    heard = record_notes(app)
    bells = bells_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        queue = screen.queue
        assert line(queue, 0).startswith("✓ On track")
        assert "2:00:00" in line(queue, 0)
        assert "1******5678" in line(queue, 0) and "王**" in line(queue, 0)
        assert "13812345678" not in line(queue, 0) and "王小明" not in line(queue, 0)
        heard.clear()

        def tick(**step: float) -> None:
            clock.advance(**step)
            app.tick()

        tick(minutes=59, seconds=59)
        assert heard == [] and bells == []
        assert "0:00:01" not in line(queue, 0) and "1:00:01" in line(queue, 0)
        tick(seconds=1)  # 10:00, half the two hours
        assert len(heard) == 1 and "50%" in heard[0][0] and heard[0][1] == "information"
        for _ in range(5):
            tick(seconds=1)
        assert len(heard) == 1 and len(bells) == 1

        tick(minutes=29, seconds=55)  # 10:30: the last half hour
        assert len(heard) == 2 and "due soon" in heard[1][0] and heard[1][1] == "warning"
        assert "by today 11:00" in heard[1][0] and "1******5678" in heard[1][0]
        assert line(queue, 0).startswith("! Due soon") and "0:30:00" in line(queue, 0)
        tick(seconds=1)
        assert "0:29:59" in line(queue, 0) and len(heard) == 2

        tick(minutes=29, seconds=59)  # 11:00
        assert len(heard) == 3 and "overdue" in heard[2][0] and heard[2][1] == "error"
        assert line(queue, 0).startswith("✗ Overdue")
        for _ in range(120):
            tick(seconds=1)
        assert "-0:02:00" in line(queue, 0)
        assert len(heard) == 3 and len(bells) == 3, "one warning and one bell per crossing"


async def test_warnings_reach_the_agent_mid_call_without_taking_focus(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("Kim", "01012345678", "simple", T0))
    app = make_desk("ko")
    heard = record_notes(app)
    bells = bells_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        await pilot.press("f2")
        await type_text(pilot, "0101")
        # Declared: the desk's break mixin types query_one loosely, as returning Any.
        caller: Input = desk.query_one("#caller", Input)
        heard.clear()
        clock.advance(hours=2)
        app.tick()
        await pilot.pause()
        assert app.screen is desk and app.focused is caller, "nothing is pushed over a call"
        assert len(heard) == 1 and "기한 초과" in heard[0][0] and heard[0][1] == "error"
        assert len(bells) == 1
        await type_text(pilot, "2345678")
        assert caller.value == "01012345678"


async def test_a_desk_started_after_promises_passed_says_so_once(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    await seed(
        tmp_path / "desk.sqlite3",
        # Yesterday 09:00, due yesterday 11:00.
        ("A", "13800000001", "simple", T0.subtract(days=1)),
        # Yesterday 16:20: 100 office minutes yesterday, due today 09:20.
        ("B", "13800000002", "simple", T0.subtract(days=1).set(hour=16, minute=20)),
        ("C", "13800000003", "complex", T0),
    )
    app = make_desk("en")
    heard = record_notes(app)
    bells = bells_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await complaints_of(app).wait_ready()
        standing = [m for m, _ in heard if m.startswith("Complaint queue")]
        assert standing == [
            "Complaint queue: 1 overdue, 1 due soon, 0 follow-up calls due. Press F6"
        ]
        app.tick()
        app.tick()
        assert bells == [], "what passed while the desk was closed is not rung again"


async def test_the_queue_is_soonest_first(make_desk: MakeDesk, tmp_path: Path) -> None:
    await seed(
        tmp_path / "desk.sqlite3",
        ("Later", "13800000001", "complex", T0),
        ("Sooner", "13800000002", "simple", T0),
        ("Someone else's", "13800000003", "simple", T0),
    )
    await seed(tmp_path / "desk.sqlite3", ("Other", "13800000004", "simple", T0), agent="Kim")
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        texts = [line(screen.queue, n) for n in range(3)]
        assert "Easy to check" in texts[0] and "Complex issue" in texts[2]
        assert len(screen.queue.items) == 3, "only the agent's own complaints"
        assert "complaints: 3" in str(screen.query_one("#queue-title", Static).render())
        await pilot.press("down")
        assert screen.queue.cursor == 1
        await pilot.press("end")
        assert screen.queue.cursor == 2
        assert "tomorrow" in str(screen.query_one("#queue-detail", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "back to the desk")


async def test_an_extension_needs_a_reason_and_a_customer_contact(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("王小明", "13812345678", "simple", T0))
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        clock.advance(minutes=80)
        form = await event_form(pilot, "x")
        suggested = form.values()["when"]
        assert suggested == "2026-11-24 14:30", "one more period after the current promise"
        fill(form, contact="已电话告知客户需要延期")
        assert await submit(pilot, form) == "⚠ 延长承诺时间必须写明原因"
        assert kinds(db) == ["opened"], "nothing was recorded"
        fill(form, reason="仓库需要核查", contact="")
        assert "先联系客户" in await submit(pilot, form)
        fill(form, when="明天")
        assert "看不懂这个时间" in await submit(pilot, form)
        fill(form, when=suggested, contact="已电话告知客户需要延期")
        assert await submit(pilot, form) == ""
        assert isinstance(app.screen, QueueScreen)
        assert kinds(db) == ["opened", "extended"]
        (payload,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'extended'")
        extended = json.loads(payload[0])
        assert extended["promised_at"] == "2026-11-24T06:30:00+00:00"
        assert extended["contact"] == {"note": "已电话告知客户需要延期"}
        assert extended["reason"] == "仓库需要核查"
        app.tick()
        assert "4:10:00" in line(screen.queue, 0)  # 10:20 to 14:30

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ComplaintHistoryScreen), "history")
        history = app.screen
        promise = str(history.query_one("#history-promise", Static).render())
        assert "最初承诺：11月24日（周二）11:00" in promise
        assert "当前承诺：11月24日（周二）14:30（已延期1次）" in promise


async def test_every_key_on_a_complaint_records_one_entry(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    await seed(db, ("Ms Wang", "13812345678", "complex", T0))
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        queue = screen.queue

        async def entry(key: str, **values: str) -> str:
            clock.advance(minutes=1)
            form = await event_form(pilot, key)
            fill(form, **values)
            refused = await submit(pilot, form)
            app.tick()
            return refused

        assert await entry("n", text="") == "⚠ The note is empty"
        fill(app.screen, text="Customer sent photos")  # type: ignore[arg-type]
        assert await submit(pilot, app.screen) == ""  # type: ignore[arg-type]
        assert await entry("c", note="Called back, explained", number="138 1234 5678") == ""
        assert await entry("e", reason="Customer very upset", to="Lead Zhao") == ""
        assert "escalated" in str(screen.query_one("#queue-detail", Static).render())
        assert await entry("p", reason="Waiting for the receipt") == ""
        assert line(queue, 0).startswith("‖ Paused")
        clock.advance(hours=5)
        app.tick()
        assert "(23:56:00)" in line(queue, 0), "a paused clock does not move"
        assert await entry("p", note="Receipt arrived") == ""
        assert line(queue, 0).startswith("✓ On track") and "23:56:00" in line(queue, 0)
        assert await entry("r", summary="Refund approved") == ""
        assert line(queue, 0).startswith("↩ Replied")
        assert await entry("f", when="+1d", note="Check the refund arrived") == ""
        assert len(queue.items) == 2
        follow_up = next(item for item in queue.items if item.kind == "followup")
        assert await entry("k", resolution="Refunded") == (
            "⚠ A follow-up call is still pending; do it before closing"
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back")
        queue.cursor = queue.items.index(follow_up)
        form = await event_form(pilot, "f")
        fill(form, note="Refund received, thanks")
        form.query_one("#ev-satisfied", ChoiceRow).value = "yes"
        assert await submit(pilot, form) == ""
        assert await entry("k", resolution="Refunded") == ""
        assert queue.items == [] and "No open complaints" in line(queue, 0)
    assert kinds(db) == [
        "opened",
        "note",
        "contacted",
        "escalated",
        "paused",
        "resumed",
        "replied",
        "followup_scheduled",
        "followup_done",
        "closed",
    ]
    (done,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'followup_done'")
    assert json.loads(done[0])["satisfied"] is True
    (contact,) = rows(db, "SELECT payload FROM complaint_events WHERE kind = 'contacted'")
    assert json.loads(contact[0])["number"] == "13812345678"


async def test_history_shows_who_did_what_and_when_with_the_number_masked(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    clipboard_app = make_desk("en")
    await seed(tmp_path / "desk.sqlite3", ("Ms Wang", "13812345678", "simple", T0))
    async with clipboard_app.run_test(size=(100, 30)) as pilot:
        await open_queue(pilot)
        clock.advance(minutes=7)
        form = await event_form(pilot, "n")
        fill(form, text="Parcel found in the depot")
        assert await submit(pilot, form) == ""
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(clipboard_app.screen, ComplaintHistoryScreen), "h")
        history = clipboard_app.screen
        title = str(history.query_one("#history-title", Static).render())
        assert "1******5678" in title and "13812345678" not in title
        assert isinstance(history, ComplaintHistoryScreen)
        console = Console(width=96, record=True, file=io.StringIO())
        console.print(history.events_table())
        text = console.export_text()
        assert "Tue 24 Nov 09:00" in text and "Opened" in text and "Lin" in text
        assert "Tue 24 Nov 09:07" in text and "Parcel found in the depot" in text
        await pilot.press("y")
        clipboard = clipboard_app.phrase_clipboard
        assert isinstance(clipboard, MemoryClipboard)
        assert clipboard.copied[-1] == "13812345678"


async def test_numbers_typed_into_the_description_are_masked_on_the_queue(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    # Issue #9: the queue is a shared screen; a number typed into free text showed in full.
    rules = load_rules(rules_path())
    store = await Store.open(tmp_path / "desk.sqlite3")
    form = {
        "customer_name": "王小明",
        "contact": "13812345678",
        "class_code": "simple",
        "what_happened": "请回电 139 8765 4321 谈退款",
    }
    due = make_promise(rules, "simple", T0).due
    await open_complaint(store, form, due, rules.revision, "Lin", T0)
    await store.close()
    app = make_desk("en")
    async with app.run_test(size=(160, 24)) as pilot:
        screen = await open_queue(pilot)
        shown = line(screen.queue, 0)
        assert "请回电 1** **** 4321 谈退款" in shown, shown
        assert "8765" not in shown
        # The history opens from the queue: what was typed there is masked the same way.
        note = await event_form(pilot, "n")
        fill(note, text="新号码 137-0000-3333")
        assert await submit(pilot, note) == ""
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ComplaintHistoryScreen), "history")
        history = app.screen
        assert isinstance(history, ComplaintHistoryScreen)
        console = Console(width=150, record=True, file=io.StringIO())
        console.print(history.events_table())
        console.print(history.summary())
        text = console.export_text()
        assert "新号码 1**-****-3333" in text and "3333" in text, text
        assert "1** **** 4321" in text
        assert "0000" not in text and "8765" not in text
