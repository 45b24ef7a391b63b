"""One zone for the desk: every time shown and every deadline told to a customer is in
the desk's zone, whatever the zone of the calendar the deadline was counted on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tests.tui.test_complaint_form import open_form, record_notes, until
from tests.tui.test_queue import T0, open_queue, seed
from tui.app import AgentDeskApp
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.screens.complaint_form import ExplanationScreen
from tui.screens.complaint_history import ComplaintHistoryScreen
from tui.widgets.status_header import StatusHeader


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def header(app: AgentDeskApp) -> str:
    return app.screen.query_one(StatusHeader).render().plain


async def test_a_seoul_calendar_deadline_is_told_in_beijing_time(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    # The "source" class runs 48 hours on the Seoul calendar. Opened Tuesday 09:00 in
    # Beijing (10:00 in Seoul), it is due Thursday 09:00 Beijing time, 10:00 in Seoul.
    clipboard = MemoryClipboard()
    app = make_desk("zh", clipboard=clipboard, config=config(tmp_path, 'zone = "Asia/Shanghai"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await desk_ready(pilot)
        assert " 09:00 " in header(app)
        form = await open_form(pilot)
        form.query_one("#cf-class_code", Select).value = "source"
        await pilot.pause()
        line = str(form.query_one("#cform-deadline", Static).render())
        assert "后天09:00前" in line and "（周四）09:00" in line, line
        assert "10:00" not in line

        await pilot.press("f4")
        assert clipboard.copied[-1] == "我们会在后天09:00前给您回复。"

        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, ExplanationScreen), "why")
        why = str(app.screen.query_one("#explain-text", Static).render())
        assert "Asia/Seoul" in why and "快1小时" in why, why
        assert "以下时间均为 Asia/Shanghai 时间" in why
        assert "（周四）09:00" in why and "（周四）10:00" not in why


async def test_the_header_and_the_deadlines_follow_the_configured_zone(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    # The machine is in Shanghai (tests pin TZ); the desk is set to Seoul, an hour ahead.
    clipboard = MemoryClipboard()
    app = make_desk("ko", clipboard=clipboard, config=config(tmp_path, 'zone = "Asia/Seoul"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await desk_ready(pilot)
        assert " 10:00 " in header(app), header(app)
        form = await open_form(pilot)
        # Two office hours on the Shanghai calendar: 11:00 in Shanghai, 12:00 in Seoul.
        form.query_one("#cf-class_code", Select).value = "simple"
        await pilot.pause()
        line = str(form.query_one("#cform-deadline", Static).render())
        assert "오늘 12:00까지" in line, line
        await pilot.press("f4")
        assert "오늘 12:00까지" in clipboard.copied[-1]


async def test_the_zone_option_wins_over_the_file(make_desk: MakeDesk, tmp_path: Path) -> None:
    app = make_desk("en", zone="Asia/Seoul", config=config(tmp_path, 'zone = "Asia/Shanghai"\n'))
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert " 10:00 " in header(app)


async def test_a_bad_zone_is_named_by_line_and_the_desk_starts_on_the_system_zone(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    app = make_desk("en", config=config(tmp_path, 'agent = "Lin"\nzone = "Asia/Beijing"\n'))
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await settle(pilot)
        messages = app.notices.messages
        assert any("line 2" in m and "Asia/Beijing" in m for m in messages), messages
        assert app.zone == "Asia/Shanghai"
        assert " 09:00 " in header(app)


async def test_the_queue_and_the_history_show_a_seoul_deadline_in_desk_time(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    await seed(tmp_path / "desk.sqlite3", ("王小明", "13812345678", "source", T0))
    app = make_desk("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await open_queue(pilot)
        detail = str(queue.query_one("#queue-detail", Static).render())
        assert "后天09:00前" in detail and "（周四）09:00" in detail, detail

        notes = record_notes(app)
        clock.set(T0.add(hours=47, minutes=30))  # due soon: the alert names the deadline
        app.tick()
        await settle(pilot)
        assert any("今天09:00前" in message for message, _ in notes), notes

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ComplaintHistoryScreen), "history")
        promise = str(app.screen.query_one("#history-promise", Static).render())
        assert "（周四）09:00" in promise and "10:00" not in promise, promise
