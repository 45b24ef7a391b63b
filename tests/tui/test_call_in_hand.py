"""The call in hand is never lost: quit, crash, failed saves, keys typed too early."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, TextArea

from tests.tui.conftest import MakeDesk, desk_ready, plain, settle
from tui.app import AgentDeskApp
from tui.domain.breaks import Break
from tui.domain.calls import Call
from tui.domain.clock import FakeClock
from tui.screens.reason_picker import ReasonPickerScreen
from tui.screens.wrapup import WrapUpScreen
from tui.store import calls as call_store
from tui.store import db as db_module
from tui.store.db import Store
from tui.widgets.choice_dialog import ChoiceDialog


def rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


async def type_text(pilot: Pilot[int], text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def start_tagged_call(pilot: Pilot[int], number: str = "13812345678") -> None:
    await pilot.press("f2")
    await type_text(pilot, number)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReasonPickerScreen)
    await pilot.press("1")
    await settle(pilot)


def notices(app: AgentDeskApp) -> list[str]:
    return app.notices.messages


async def test_ctrl_q_during_a_call_asks_first_and_the_next_start_offers_it_back(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        call_id, code = app.session.call_id, app.session.reason_code
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.session.in_call, "one Ctrl+Q must not drop the call"
        assert any("F9 to wrap it up, Ctrl+Q again" in m for m in notices(app))
        clock.advance(seconds=2)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert rows(db, "SELECT COUNT(*) FROM calls") == [(0,)]
    assert rows(db, "SELECT call_id FROM calls_in_hand") == [(call_id,)]

    clock.advance(minutes=5)
    again = make_desk("en")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        dialog = again.screen
        assert isinstance(dialog, ChoiceDialog)
        shown = " ".join(str(s.render()) for s in dialog.query(".choice-detail"))
        assert "1******5678" in shown and "13812345678" not in shown
        await pilot.press("enter")  # resume: the customer is still on the line
        await settle(pilot)
        assert again.session.in_call and again.session.call_id == call_id
        assert again.session.reason_code == code
        assert again.screen.query_one("#caller", Input).value == "13812345678"
        clock.advance(minutes=1)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(again.screen, WrapUpScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert again.session.phase == "after_call"
    saved = rows(db, "SELECT id, caller, reason_code, started_at, ended_at FROM calls")
    assert saved == [
        (
            call_id,
            "13812345678",
            code,
            "2026-11-24T01:00:00+00:00",
            "2026-11-24T01:06:02+00:00",
        )
    ]
    assert rows(db, "SELECT COUNT(*) FROM calls_in_hand") == [(0,)]


async def test_a_call_left_by_a_crash_is_wrapped_up_with_the_moment_it_was_last_held(
    make_desk: MakeDesk, tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot, "01012345678")
        for _ in range(3):  # the desk notes every half minute that it still holds the call
            clock.advance(seconds=31)
            app.tick()
            await settle(pilot)
        call_id = app.session.call_id
        # No quit at all: the process dies here, as with kill -9 or a closed terminal.
    (seen,) = rows(db, "SELECT seen_at FROM calls_in_hand")[0]
    assert seen == "2026-11-24T01:01:33+00:00"

    clock.advance(hours=2)
    again = make_desk("zh")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.press("2")  # wrap it up now, ended when last held
        await settle(pilot)
        assert isinstance(again.screen, WrapUpScreen)
        await pilot.press("f9")
        await settle(pilot)
    assert rows(db, "SELECT id, caller, ended_at FROM calls") == [
        (call_id, "01012345678", "2026-11-24T01:01:33+00:00")
    ]


async def test_a_call_left_in_hand_can_be_discarded_with_a_recorded_reason(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
        call_id = app.session.call_id
    again = make_desk("ko")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.press("down", "down", "enter")  # 테스트 통화
        await settle(pilot)
        assert not again.session.in_call and again.held is None
        await pilot.press("f2")
        assert again.session.in_call, "the desk takes the next call at once"
    assert rows(db, "SELECT call_id, reason FROM call_discards") == [(call_id, "test")]
    assert rows(db, "SELECT COUNT(*) FROM calls") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM call_starts WHERE id = ?", (call_id,)) == [(1,)]


async def test_f2_with_a_call_left_in_hand_offers_it_first(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
    again = make_desk("en")
    async with again.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.press("escape")  # there is no "later": the call must be dealt with
        await settle(pilot)
        assert isinstance(again.screen, ChoiceDialog)


async def test_a_complaint_opened_during_a_call_references_it(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    from tui.screens.complaint_form import ComplaintFormScreen

    db = tmp_path / "desk.sqlite3"
    app = make_desk("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        call_id = app.session.call_id
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComplaintFormScreen)
        form.query_one("#cf-customer_name", Input).value = "Ms Park"
        form.query_one("#cf-what_happened", TextArea).text = "The parcel arrived broken."
        form.query_one("#cf-class_code", Select).value = "simple"
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert not isinstance(app.screen, ComplaintFormScreen), notices(app)
    assert rows(db, "SELECT call_id FROM complaints") == [(call_id,)]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("DELETE FROM calls_in_hand")
            conn.execute("INSERT INTO complaint_drafts VALUES ('x', '{}', NULL, 'now')")
            conn.execute(
                "INSERT INTO complaints (id, call_id, opened_at, opened_by, customer_name,"
                " contact, class_code, what_happened) VALUES"
                " ('c', 'no-such-call', 'now', 'x', 'n', '1', 'simple', 'w')"
            )


# Faults during the save ------------------------------------------------------------------


async def wrap_up_dialog(pilot: Pilot[int]) -> WrapUpScreen:
    await pilot.press("f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WrapUpScreen)
    return screen


def wrapup_error(screen: WrapUpScreen) -> str:
    return plain(screen.query_one("#wrapup-error", Label))


async def test_a_failing_save_keeps_the_desk_up_and_the_call_in_hand(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.sqlite3"
    real_save = call_store.save_call

    async def broken_disk(store: Store, call: Call) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(call_store, "save_call", broken_disk)
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        dialog = await wrap_up_dialog(pilot)
        dialog.query_one("#wrapup-note", TextArea).text = "refund promised"
        await pilot.press("f9")
        await settle(pilot)
        assert app.is_running and app.screen is dialog
        assert "disk reported an error" in wrapup_error(dialog)
        assert "F9 tries again" in wrapup_error(dialog)
        assert dialog.query_one("#wrapup-note", TextArea).text == "refund promised"
        assert app.session.in_call
        monkeypatch.setattr(call_store, "save_call", real_save)
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"
    assert app.return_code in (None, 0)
    assert rows(db, "SELECT note FROM calls") == [("refund promised",)]


async def test_a_full_disk_is_said_and_the_save_retried(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        dialog = await wrap_up_dialog(pilot)
        conn = app.store.conn
        row = await (await conn.execute("PRAGMA page_count")).fetchone()
        assert row is not None
        (pages,) = row
        await conn.execute(f"PRAGMA max_page_count = {pages}")
        # Typed on a full disk: the call in hand cannot keep the note, nor the save take it.
        dialog.query_one("#wrapup-note", TextArea).text = "很长的备注" * 300
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen is dialog and "磁盘已满" in wrapup_error(dialog)
        assert app.session.in_call
        await conn.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"
    assert rows(db, "SELECT COUNT(*) FROM calls") == [(1,)]


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


async def test_a_lock_held_past_the_wait_is_said_and_the_save_retried(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setattr(db_module, "LOCK_PATIENCE_S", 0.3)
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        await app.store.conn.execute("PRAGMA busy_timeout = 100")
        dialog = await wrap_up_dialog(pilot)
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            await pilot.press("f9")
            await settle(pilot)
            assert app.screen is dialog
            assert "another program has held the database" in wrapup_error(dialog)
        finally:
            holder.communicate("\n", timeout=10)
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"
    assert rows(db, "SELECT COUNT(*) FROM calls") == [(1,)]


async def test_a_second_f9_during_a_save_neither_cancels_nor_doubles_it(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.sqlite3"
    real_save = call_store.save_call
    gate = asyncio.Event()
    started: list[str] = []

    async def slow_save(store: Store, call: Call) -> None:
        started.append(call.id)
        await gate.wait()
        await real_save(store, call)

    monkeypatch.setattr(call_store, "save_call", slow_save)
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        await wrap_up_dialog(pilot)
        await pilot.press("f9")
        for _ in range(20):
            await pilot.pause()
        await pilot.press("f9", "escape", "f9")
        for _ in range(20):
            await pilot.pause()
        assert len(started) == 1
        gate.set()
        await settle(pilot)
        assert app.session.phase == "after_call"
    assert rows(db, "SELECT COUNT(*) FROM calls") == [(1,)]


async def test_keys_typed_before_the_store_opens_are_kept_in_order(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.break_picker import BreakPickerScreen
    from tui.store.db import Store

    real_open = Store.open
    opened = asyncio.Event()

    async def slow_open(cls: type[Store], /, path: Path, **kw: Any) -> Store:
        await opened.wait()
        return await real_open(path, **kw)

    monkeypatch.setattr(Store, "open", classmethod(slow_open))
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert not app.store_ready
        await pilot.press("f8")
        opened.set()
        await desk_ready(pilot)
        await settle(pilot)
        assert isinstance(app.screen, BreakPickerScreen), "F8 pressed early still acts"


async def test_a_failed_break_write_is_said_and_the_desk_stays_up(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import breaks as break_store

    async def full_disk(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(break_store, "start_break", full_disk)
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert app.is_running and app.on_break is None
        assert any("Not saved: the disk is full" in m for m in notices(app))


async def test_a_failed_reason_correction_is_said_and_the_desk_stays_up(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_desk("ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        await wrap_up_dialog(pilot)
        await pilot.press("f9")
        await settle(pilot)
        saved_code = app.session.saved_reason_code

        async def io_error(*args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(call_store, "correct_reason", io_error)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.is_running and app.session.saved_reason_code == saved_code
        assert any("디스크 읽기/쓰기 오류" in m for m in notices(app))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system, so a full disk is a full disk (CI runs as root)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


async def test_a_really_full_disk_keeps_the_call_and_the_save_is_retried(
    make_desk: MakeDesk, small_disk: Path
) -> None:
    db = small_disk / "desk.sqlite3"
    app = make_desk("en", db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await start_tagged_call(pilot)
        dialog = await wrap_up_dialog(pilot)
        dialog.query_one("#wrapup-note", TextArea).text = "x" * 2000
        filler = small_disk / "filler"
        with filler.open("wb", buffering=0) as fh:  # every last block of the disk
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass
        await pilot.press("f9")
        await settle(pilot)
        assert app.is_running and app.screen is dialog
        assert "the disk is full" in wrapup_error(dialog), wrapup_error(dialog)
        assert app.session.in_call
        filler.unlink()
        await pilot.press("f9")
        await settle(pilot)
        assert app.session.phase == "after_call"
    assert rows(db, "SELECT note FROM calls") == [("x" * 2000,)]


async def test_a_number_typed_straight_after_f2_lands_in_the_caller_field(
    make_desk: MakeDesk,
) -> None:
    from textual import events

    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await desk_ready(pilot)
        # One burst, as from a fast typist or a softphone: no pause after F2.
        for key in ["f2", *"13812345678"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert desk.query_one("#caller", Input).value == "13812345678"
        assert app.session.caller == "13812345678"


async def test_a_second_f8_while_a_break_is_written_neither_cancels_nor_doubles_it(
    make_desk: MakeDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import breaks as break_store

    real_start = break_store.start_break
    gate = asyncio.Event()

    async def slow_start(*args: Any, **kwargs: Any) -> Break:
        await gate.wait()
        return await real_start(*args, **kwargs)

    monkeypatch.setattr(break_store, "start_break", slow_start)
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("1")
        for _ in range(10):
            await pilot.pause()
        await pilot.press("f8")  # impatient: the break is still being written
        for _ in range(10):
            await pilot.pause()
        gate.set()
        await settle(pilot)
        assert app.on_break is not None, "the first F8's break was cancelled"
    assert rows(tmp_path / "desk.sqlite3", "SELECT COUNT(*) FROM breaks") == [(1,)]
