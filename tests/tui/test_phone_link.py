"""The softphone link, driven over the real Unix socket: a ring, an answer and a hangup in
every desk state, two rings at once, a ring on a break and during the complaint form,
bad messages, an unsafe socket folder, a second desk, and the CLI with no desk running."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tui.app import AgentDeskApp
from tui.domain.clock import FakeClock, from_iso
from tui.domain.phone_messages import MAX_MESSAGE_BYTES, PhoneEvent, PhoneReply, parse_reply
from tui.screens.break_picker import BreakPickerScreen
from tui.screens.complaint_form import ComplaintFormScreen
from tui.screens.desk import DeskScreen
from tui.screens.reset import ResetScreen
from tui.screens.wrapup import WrapUpScreen
from tui.services.phone_client import send_phone_event
from tui.services.phone_paths import socket_path
from tui.widgets.choice_row import ChoiceRow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own runtime folder: sockets live there, never in the user's."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    assert len(str(socket_path("Lin"))) < 100, "a Unix socket path must stay short"
    return folder


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def linked(pilot: Pilot[int]) -> AgentDeskApp:
    """The desk, ready, with its link listening (or refused)."""
    await desk_ready(pilot)
    app = pilot.app
    assert isinstance(app, AgentDeskApp)
    for _ in range(200):
        if app.phone_link is not None or app.phone_link_refused is not None:
            await settle(pilot)
            return app
        await pilot.pause()
    raise AssertionError("the phone link never started")


async def send(
    pilot: Pilot[int], kind: str, number: str = "", call_ref: str = "", queue: str = ""
) -> PhoneReply:
    """What `agentdesk ring|answer|hangup` sends, from another thread, as another process
    would: the desk's loop keeps running while the client waits for its reply."""
    event = PhoneEvent(kind, number, call_ref, queue)  # type: ignore[arg-type]
    reply = await asyncio.to_thread(send_phone_event, "Lin", event, timeout_s=5.0)
    await settle(pilot)
    return reply


async def send_raw(pilot: Pilot[int], data: bytes) -> PhoneReply:
    def exchange() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(str(socket_path("Lin")))
            try:
                client.sendall(data)
            except BrokenPipeError:
                pass  # the desk answered and closed before reading it all
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = client.recv(4096)
                if not chunk:
                    break
                reply += chunk
            return reply

    reply = parse_reply(await asyncio.to_thread(exchange))
    await settle(pilot)
    return reply


def caller_field(app: AgentDeskApp) -> Input:
    desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
    return desk.query_one("#caller", Input)


def desk_text(app: AgentDeskApp, selector: str) -> str:
    desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
    widget = desk.query_one(selector)
    return str(widget.render()) if widget.display else ""


def count_bells(app: AgentDeskApp) -> list[int]:
    rung: list[int] = []
    real = app.bell

    def bell() -> None:
        rung.append(1)
        real()

    app.bell = bell  # type: ignore[method-assign]
    return rung


async def wrap_up(pilot: Pilot[int], mood: str = "calm") -> None:
    """F3, the first reason, F9, a mood, F9: the call saved."""
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WrapUpScreen)
    pilot.app.screen.query_one("#wrapup-mood", ChoiceRow).value = mood
    await pilot.pause()
    await pilot.press("f9")
    await settle(pilot)


async def test_ring_answer_hangup_on_an_idle_desk_measure_the_call(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        rang = clock.now()
        reply = await send(pilot, "ring", "138 1234 5678", "sip-1", "billing")
        assert reply == PhoneReply(True, "started")
        # The number is on the screen, the softphone's id kept, the cursor in the field.
        assert app.session.in_call and app.session.ringing
        assert caller_field(app).value == "13812345678"
        assert app.session.caller == "13812345678"
        assert app.session.call_ref == "sip-1" and app.session.queue == "billing"
        assert app.focused is caller_field(app)
        assert "Ringing" in desk_text(app, "#call-status")

        clock.advance(seconds=6)
        assert await send(pilot, "answer", call_ref="sip-1") == PhoneReply(True, "recorded")
        assert app.session.answered_at == clock.now() and not app.session.ringing
        clock.advance(seconds=90)
        app.tick()
        assert "01:30" in desk_text(app, "#call-status")  # talk counted from the answer

        assert await send(pilot, "hangup", call_ref="sip-1") == PhoneReply(True, "recorded")
        hung_up = clock.now()
        # After-call work begins at the hangup, not at F9.
        assert app.session.wrapping_up
        clock.advance(seconds=40)
        app.tick()
        assert "after-call work 00:40" in desk_text(app, "#call-status")
        await wrap_up(pilot)
        assert app.session.phase == "after_call"
        assert app.session.after_call_since == hung_up
        call_id = app.session.saved_call_id
    db = tmp_path / "desk.sqlite3"
    ((ended,),) = rows(db, "SELECT ended_at FROM calls")
    assert from_iso(ended) == hung_up
    kinds = rows(db, "SELECT kind, call_ref, queue, number FROM call_signals ORDER BY at")
    assert kinds == [
        ("ring", "sip-1", "billing", "13812345678"),
        ("answer", "sip-1", "", ""),
        ("hangup", "sip-1", "", ""),
        ("wrapped_up", "sip-1", "", ""),
    ]
    ((rang_at, ring_s, talk_s, after_s),) = rows(
        db,
        f"SELECT rang_at, ring_s, talk_s, after_call_s FROM call_timings WHERE call_id = '{call_id}'",
    )
    assert from_iso(rang_at) == rang
    assert (round(ring_s, 3), round(talk_s, 3), round(after_s, 3)) == (6.0, 90.0, 40.0)


async def test_a_ring_in_after_call_work_starts_the_next_call(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        await pilot.press("f2")
        await wrap_up(pilot)
        assert app.session.phase == "after_call"
        assert await send(pilot, "ring", "02112345678", "b") == PhoneReply(True, "started")
        assert app.session.in_call and caller_field(app).value == "02112345678"
        # A hangup with no call named: the call in hand.
        assert await send(pilot, "hangup") == PhoneReply(True, "recorded")
        assert app.session.wrapping_up
        # Nothing ringing and nothing named: said plainly, the desk as it was.
        await wrap_up(pilot)
        reply = await send(pilot, "answer", call_ref="nobody")
        assert not reply.ok and "nobody" in reply.error
        assert app.session.phase == "after_call"


async def test_a_ring_during_a_call_waits_and_f2_after_it_takes_it(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        bells = count_bells(app)
        await pilot.press("f2", "1", "3", "9", "0", "0")
        await settle(pilot)
        first = app.session.call_id
        assert await send(pilot, "ring", "13812345678", "two") == PhoneReply(True, "waiting")
        # The call in hand is untouched: its number, its id, the cursor where it was.
        assert app.session.call_id == first and caller_field(app).value == "13900"
        assert app.focused is caller_field(app)
        assert bells == [1]
        line = desk_text(app, "#ring-line")
        assert "1******5678" in line and "F2 after this call" in line
        # The ring's own answer and hangup name it: the call in hand is not ended.
        assert await send(pilot, "answer", call_ref="two") == PhoneReply(True, "recorded")
        assert app.session.answered_at is None
        await wrap_up(pilot)
        assert "F2 takes it" in desk_text(app, "#ring-line")
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.call_ref == "two" and caller_field(app).value == "13812345678"
        assert app.session.answered_at is not None  # picked up on the phone while waiting
        assert desk_text(app, "#ring-line") == ""
        second = app.session.call_id
        await wrap_up(pilot)
    signals = rows(
        tmp_path / "desk.sqlite3", "SELECT call_id, kind FROM call_signals ORDER BY at, kind"
    )
    assert (second, "ring") in signals and (second, "answer") in signals
    assert all(call_id != first for call_id, _ in signals)


async def test_two_rings_at_once_both_kept_in_order(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        replies = await asyncio.gather(
            asyncio.to_thread(
                send_phone_event, "Lin", PhoneEvent("ring", "13800000001", "a"), timeout_s=5
            ),
            asyncio.to_thread(
                send_phone_event, "Lin", PhoneEvent("ring", "13800000002", "b"), timeout_s=5
            ),
        )
        await settle(pilot)
        assert sorted(r.taken or "" for r in replies) == ["started", "waiting"]
        assert await send(pilot, "ring", "13800000003", "c") == PhoneReply(True, "waiting")
        started = app.session.call_ref
        desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
        waiting = [r.event.call_ref for r in desk.phone.waiting]
        assert sorted([started, *waiting]) == ["a", "b", "c"] and waiting[-1] == "c"
        assert "1 more waiting" in desk_text(app, "#ring-line")
        # The one that waited longest is taken first; a hangup of the last is a missed call.
        assert await send(pilot, "hangup", call_ref="c") == PhoneReply(True, "recorded")
        await wrap_up(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.call_ref == waiting[0]
        assert desk_text(app, "#ring-line") == ""
    missed = rows(
        tmp_path / "desk.sqlite3",
        "SELECT kind, number FROM call_signals WHERE call_id IS NULL ORDER BY at",
    )
    assert missed == [("ring", "13800000003"), ("hangup", "13800000003")]


async def test_a_ring_on_a_break_is_told_and_f2_takes_it_ending_the_break(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, BreakPickerScreen)
        await pilot.press("2")  # meal
        await settle(pilot)
        assert app.on_break is not None
        break_id = app.on_break.id
        clock.advance(minutes=5)
        bells = count_bells(app)
        assert await send(pilot, "ring", "13812345678", "x") == PhoneReply(True, "told")
        # Still on the break until the agent says so.
        assert app.on_break is not None and not app.session.in_call and bells == [1]
        told = [n.message for n in app.notices if "ringing" in n.message]
        assert told and "ends the break" in told[-1] and "13812345678" not in told[-1]
        await pilot.press("f2")
        await settle(pilot)
        assert app.on_break is None
        assert app.session.call_ref == "x" and caller_field(app).value == "13812345678"
    db = tmp_path / "desk.sqlite3"
    ((ended,),) = rows(db, "SELECT ended_at FROM breaks")
    assert ended is not None
    assert rows(db, "SELECT ended_break FROM call_signals WHERE kind = 'ring'") == [(break_id,)]


async def test_a_ring_during_the_reset_is_told_and_f2_ends_it(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        await pilot.press("f2")
        await wrap_up(pilot, mood="abusive")  # the reset is offered
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ResetScreen) and app.on_break is not None
        assert await send(pilot, "ring", "13812345678", "r") == PhoneReply(True, "told")
        assert isinstance(app.screen, ResetScreen)  # the reset is not swapped away
        await pilot.press("f2")
        await settle(pilot)
        assert app.on_break is None and app.session.call_ref == "r"
    assert rows(
        tmp_path / "desk.sqlite3", "SELECT code FROM breaks WHERE ended_at IS NOT NULL"
    ) == [("reset",)]


async def test_a_ring_during_the_complaint_form_never_takes_the_focus(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await linked(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComplaintFormScreen)
        for ch in "Wang":
            await pilot.press(ch)
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "Wang"
        bells = count_bells(app)
        assert await send(pilot, "ring", "13812345678", "f") == PhoneReply(True, "waiting")
        # A line and a bell; the screen, the field and the cursor as they were.
        assert app.screen is form and app.focused is focused
        assert focused.value == "Wang" and focused.cursor_position == 4
        assert bells == [1]
        assert any("Finish here" in n.message for n in app.notices)
        await pilot.press("e", "i")
        assert focused.value == "Wangei" and not app.session.in_call
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.call_ref == "f" and caller_field(app).value == "13812345678"


async def test_the_caller_looked_up_on_a_ring(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await linked(pilot)
        assert await send(pilot, "ring", "13812345678", "1") == PhoneReply(True, "started")
        assert "No earlier calls" in desk_text(app, "#caller-lookup")
        await wrap_up(pilot)
        clock.advance(minutes=10)
        await send(pilot, "ring", "13812345678", "2")
        lookup = desk_text(app, "#caller-lookup")
        assert app.session.call_ref == "2"
        ((code,),) = rows(tmp_path / "desk.sqlite3", "SELECT reason_code FROM calls")
        assert f"Last calls: 11-24 09:00 {app.reason_path(code)}" in lookup
        assert "13812345678" not in lookup


async def test_a_malformed_or_oversized_message_is_refused_and_the_desk_unharmed(
    make_desk: MakeDesk, clock: FakeClock
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        bad = await send_raw(pilot, b"this is not json\n")
        assert not bad.ok and "JSON" in bad.error
        wrong = await send_raw(pilot, b'{"v": 1, "event": "ring", "number": "12ab"}\n')
        assert not wrong.ok and "digits" in wrong.error
        huge = await send_raw(pilot, b'{"v": 1, "event": "ring", "number": "' + b"1" * 9000)
        assert not huge.ok and str(MAX_MESSAGE_BYTES) in huge.error
        assert app.phone_link is not None and app.phone_link.bad_messages == 3
        assert not app.session.in_call and isinstance(app.screen, DeskScreen)
        # Still listening, still taking calls.
        assert await send(pilot, "ring", "13812345678") == PhoneReply(True, "started")


async def test_a_socket_folder_another_user_could_reach_is_refused_at_start(
    make_desk: MakeDesk, runtime: Path
) -> None:
    folder = runtime / "agentdesk"
    folder.mkdir()
    folder.chmod(0o755)
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        assert app.phone_link is None
        refused = app.phone_link_refused
        assert refused is not None and refused.why == "unsafe_folder"
        lines = [n.message for n in app.notices if "Softphone link off" in n.message]
        assert len(lines) == 1 and "0755" in lines[0] and "\n" not in lines[0]
        assert not socket_path("Lin").exists()
        # The desk works without it.
        await pilot.press("f2")
        await settle(pilot)
        assert app.session.in_call


async def test_a_second_desk_of_the_agent_runs_without_the_link(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    first = make_desk("en", phone_link=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        assert first.phone_link is not None
        second = make_desk("en", phone_link=True, db=tmp_path / "other.sqlite3")
        async with second.run_test(size=(80, 24)) as other:
            await linked(other)
            refused = second.phone_link_refused
            assert refused is not None and refused.why == "another_desk"
            assert any("Another desk" in n.message for n in second.notices)
        # The first desk still has its socket and takes rings.
        assert socket_path("Lin").exists()
        assert await send(pilot, "ring", "13812345678") == PhoneReply(True, "started")
    assert not socket_path("Lin").exists()  # closed on exit


async def test_a_stale_socket_is_replaced_and_the_file_is_private(make_desk: MakeDesk) -> None:
    path = socket_path("Lin")
    path.parent.mkdir(mode=0o700)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))
    dead.close()  # a desk that died: the file stays, nobody listens
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        assert app.phone_link is not None
        assert path.stat().st_mode & 0o777 == 0o600
        assert await send(pilot, "ring", "13812345678") == PhoneReply(True, "started")


async def test_the_phone_facts_survive_a_crash(
    make_desk: MakeDesk, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        await send(pilot, "ring", "13812345678", "k", "vip")
        clock.advance(seconds=4)
        await send(pilot, "answer", call_ref="k")
        answered = clock.now()
        assert app.keeper is not None
        await app.keeper.flush()
    # The desk died holding the call: the next one gives it back with the phone's facts.
    again = make_desk("en", phone_link=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        await pilot.press("1")  # resume
        await settle(pilot)
        assert again.session.in_call
        assert again.session.call_ref == "k" and again.session.answered_at == answered
        assert await send(pilot, "hangup", call_ref="k") == PhoneReply(True, "recorded")
        assert again.session.wrapping_up


async def test_the_cli_with_no_desk_running_says_so_and_fails(runtime: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(ROOT)}
    for args in (["ring", "13812345678", "--id", "c1"], ["answer"], ["hangup", "--id", "c1"]):
        done = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui",
            "--agent",
            "Lin",
            "--lang",
            "en",
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(done.communicate(), 30)
        assert done.returncode == 1, err
        lines = err.decode().splitlines()
        assert len(lines) == 1 and "no desk is running for agent Lin" in lines[0], lines
        assert out == b""


async def test_the_cli_rings_a_running_desk(make_desk: MakeDesk, runtime: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(ROOT)}
    app = make_desk("en", phone_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await linked(pilot)
        done = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui",
            "--agent",
            "Lin",
            "ring",
            "+86 138 1234 5678",
            "--id",
            "cli",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        waited: Callable[[], Any] = done.communicate
        _, err = await asyncio.wait_for(waited(), 30)
        assert done.returncode == 0, err
        await settle(pilot)
        assert app.session.call_ref == "cli" and caller_field(app).value == "+8613812345678"
