"""`agentdesk softphone baresip` against the real baresip, headless, over loopback.

Two baresip instances run on 127.0.0.1, each from a config folder this test writes: A
(1001) dials B (1002) through A's ctrl_tcp, and the follower, the real command in a process
of its own, follows B's ctrl_tcp. No audio device: the source is `ausine` with the 48 kHz
Opus codec, and no player is loaded.

ctrl_tcp serves one client at a time (a second one knocks the first off), and the follower
is B's. So B is answered through its `cons` console (a TCP socket taking the same commands),
and A is driven through its own ctrl_tcp.

baresip comes from the system package baresip-core, which scripts/test installs: without
it these tests fail, they never skip. Every wait is for an event, with a generous limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import desk_ready
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.domain.netstring import NetstringDecoder, encode

ROOT = Path(__file__).resolve().parents[1]
WAIT = 20.0
"""Seconds to wait for one thing baresip or the follower must do: far more than it takes
(well under a second here), so only a broken link runs into it."""

MODULE_DIRS = (
    Path("/usr/lib/baresip/modules"),
    Path("/usr/lib/x86_64-linux-gnu/baresip/modules"),
    Path("/usr/local/lib/baresip/modules"),
)


def installed_baresip() -> tuple[str, Path]:
    binary = shutil.which("baresip")
    if binary is None:
        pytest.fail("baresip is not installed: scripts/test installs the baresip-core package")
    modules = next((d for d in MODULE_DIRS if (d / "ctrl_tcp.so").is_file()), None)
    if modules is None:
        pytest.fail(f"baresip's modules (ctrl_tcp.so) are in none of {MODULE_DIRS}")
    return binary, modules


def free_block(size: int, taken: set[int]) -> int:
    """The first of `size` consecutive ports free for TCP and UDP on 127.0.0.1.

    baresip binds SIP on the port (UDP and TCP) and TLS on the port after it."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        ports = range(base, base + size)
        if base + size > 65535 or taken.intersection(ports):
            continue
        if all(_bindable(port) for port in ports):
            taken.update(ports)
            return base
    raise RuntimeError("no block of free ports on 127.0.0.1")


def _bindable(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


@dataclass
class Baresip:
    """One headless baresip: SIP on `base` (TLS on base+1), ctrl_tcp on base+3, the `cons`
    console on base+4."""

    folder: Path
    user: str
    base: int
    answermode: str
    process: asyncio.subprocess.Process | None = None

    @property
    def sip(self) -> int:
        return self.base

    @property
    def ctrl(self) -> int:
        return self.base + 3

    @property
    def cons(self) -> int:
        return self.base + 4

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.sip}"

    def write_config(self, modules: Path) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "config").write_text(
            "\n".join(
                [
                    "poll_method epoll",
                    f"sip_listen 127.0.0.1:{self.sip}",
                    # Media on loopback too, not on the machine's other addresses.
                    "net_interface 127.0.0.1",
                    "call_local_timeout 120",
                    "audio_source ausine,440",
                    f"module_path {modules}",
                    "module opus.so",
                    "module ausine.so",
                    "module_tmp account.so",
                    "module_app menu.so",
                    "module_app ctrl_tcp.so",
                    "module cons.so",
                    f"ctrl_tcp_listen 127.0.0.1:{self.ctrl}",
                    f"cons_listen 127.0.0.1:{self.cons}",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        (self.folder / "accounts").write_text(
            f"<sip:{self.user}@127.0.0.1>;regint=0;answermode={self.answermode}"
            ";audio_codecs=opus/48000/2\n",
            encoding="utf-8",
        )

    async def start(self, binary: str) -> None:
        log = (self.folder / "baresip.log").open("ab")
        self.process = await asyncio.create_subprocess_exec(
            binary, "-f", str(self.folder), stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log
        )
        log.close()

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), WAIT)
        except TimeoutError:
            process.kill()
            await process.wait()

    def log(self) -> str:
        path = self.folder / "baresip.log"
        return path.read_text(errors="replace") if path.exists() else ""

    async def console(self, command: str) -> asyncio.StreamWriter:
        """A command on the `cons` console, e.g. `/accept`. The caller closes the
        connection once the command has done its work: cons drops a command whose
        connection closes before it is read."""
        _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.cons), WAIT)
        writer.write(command.encode() + b"\n")
        await writer.drain()
        return writer


class Ctrl:
    """A ctrl_tcp client: netstring JSON commands, answered by a response with our token."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.decoder = NetstringDecoder()
        self.frames: list[dict[str, object]] = []

    @classmethod
    async def connect(cls, port: int) -> Ctrl:
        async def attempt() -> Ctrl:
            while True:
                try:
                    return cls(*await asyncio.open_connection("127.0.0.1", port))
                except ConnectionRefusedError:
                    # baresip is still starting: its listening socket is not there yet.
                    await asyncio.sleep(0.05)

        return await asyncio.wait_for(attempt(), WAIT)

    async def command(self, command: str, params: str | None = None) -> dict[str, object]:
        token = f"{command}-{len(self.frames)}"
        message: dict[str, str] = {"command": command, "token": token}
        if params is not None:
            message["params"] = params
        self.writer.write(encode(json.dumps(message).encode()))
        await self.writer.drain()

        async def response() -> dict[str, object]:
            while True:
                data = await self.reader.read(65536)
                assert data, "baresip closed its ctrl_tcp connection"
                for frame in self.decoder.feed(data):
                    decoded = json.loads(frame)
                    self.frames.append(decoded)
                    if decoded.get("token") == token:
                        return dict(decoded)

        return await asyncio.wait_for(response(), WAIT)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


@dataclass
class Follower:
    """`python -m tui softphone baresip --print`, as an agent would run it."""

    process: asyncio.subprocess.Process

    @classmethod
    async def start(cls, ctrl_port: int, home: Path, *drive: str) -> Follower:
        """Printing, or with `drive` (`--agent NAME`) driving that agent's desk."""
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "AGENTDESK_CONFIG": str(home / "no-settings.toml"),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui",
            "softphone",
            "baresip",
            "--ctrl",
            f"127.0.0.1:{ctrl_port}",
            *(drive or ("--print",)),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        return cls(process)

    async def line(self) -> list[str]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), WAIT)
        assert line, "the follower stopped"
        return line.decode().rstrip("\n").split("\t")

    async def said(self, starting: str) -> str:
        assert self.process.stderr is not None
        while True:
            line = await asyncio.wait_for(self.process.stderr.readline(), WAIT)
            assert line, "the follower stopped"
            if line.decode().startswith(starting):
                return line.decode().rstrip("\n")

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), WAIT)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@dataclass
class Line:
    binary: str
    caller: Baresip
    callee: Baresip
    follower: Follower


@pytest.fixture
async def line(tmp_path: Path) -> AsyncIterator[Line]:
    binary, modules = installed_baresip()
    taken: set[int] = set()
    caller = Baresip(tmp_path / "a", "1001", free_block(5, taken), "manual")
    callee = Baresip(tmp_path / "b", "1002", free_block(5, taken), "manual")
    follower = await Follower.start(callee.ctrl, tmp_path)
    setup = Line(binary, caller, callee, follower)
    try:
        yield setup
    finally:
        await follower.stop()
        await caller.stop()
        await callee.stop()
    assert follower.process.returncode == 0


async def call_and_hang_up(line: Line, ctrl: Ctrl) -> list[list[str]]:
    """A dials B, B answers on its console, A hangs up: what the follower printed."""
    dialled = await ctrl.command("dial", line.callee.uri)
    assert dialled["ok"] is True, dialled
    ring = await line.follower.line()
    console = await line.callee.console("/accept") if line.callee.answermode == "manual" else None
    answer = await line.follower.line()
    if console is not None:
        console.close()
        with contextlib.suppress(OSError):
            await console.wait_closed()
    hung_up = await ctrl.command("hangup")
    assert hung_up["ok"] is True, hung_up
    hangup = await line.follower.line()
    return [ring, answer, hangup]


async def test_a_call_between_two_baresips_reaches_the_follower_as_ring_answer_hangup(
    line: Line,
) -> None:
    # The follower is up before baresip is: it says so once and waits for it.
    assert "Cannot reach baresip at 127.0.0.1:" in await line.follower.said("Cannot reach")
    for phone in (line.caller, line.callee):
        phone.write_config(installed_baresip()[1])
        await phone.start(line.binary)
    await line.follower.said("Following baresip at")
    ctrl = await Ctrl.connect(line.caller.ctrl)
    try:
        signals = await call_and_hang_up(line, ctrl)
        call_id = signals[0][2]
        assert signals == [
            ["ring", "1001", call_id],
            ["answer", "1001", call_id],
            ["hangup", "1001", call_id],
        ]
        assert call_id
        # baresip's own record agrees: the callee saw the call come in from 1001.
        assert "Incoming call from:  sip:1001@127.0.0.1" in line.callee.log()

        # baresip restarts: the follower finds it again and follows the next call.
        await line.callee.stop()
        assert "closed the connection; reconnecting" in await line.follower.said("baresip at")
        await line.callee.start(line.binary)
        await line.follower.said("Following baresip at")
        again = await call_and_hang_up(line, ctrl)
        assert [kind for kind, _, _ in again] == ["ring", "answer", "hangup"]
        assert {number for _, number, _ in again} == {"1001"}
        assert again[0][2] != call_id
    finally:
        await ctrl.close()


async def test_a_baresip_that_answers_by_itself_still_gives_the_desk_its_ring(
    line: Line,
) -> None:
    # With answermode=auto baresip sends no CALL_INCOMING: the ring comes with the answer.
    line.callee.answermode = "auto"
    for phone in (line.caller, line.callee):
        phone.write_config(installed_baresip()[1])
        await phone.start(line.binary)
    await line.follower.said("Following baresip at")
    ctrl = await Ctrl.connect(line.caller.ctrl)
    try:
        signals = await call_and_hang_up(line, ctrl)
    finally:
        await ctrl.close()
    call_id = signals[0][2]
    assert signals == [
        ["ring", "1001", call_id],
        ["answer", "1001", call_id],
        ["hangup", "1001", call_id],
    ]


async def test_a_call_between_two_baresips_is_taken_by_the_agents_desk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole link: baresip rings, the follower tells the desk over its socket, and the
    desk starts the call with the number, then records the real answer and hangup."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))  # the desk's and the follower's
    binary, modules = installed_baresip()
    taken: set[int] = set()
    caller = Baresip(tmp_path / "a", "1001", free_block(5, taken), "manual")
    callee = Baresip(tmp_path / "b", "1002", free_block(5, taken), "manual")
    for phone in (caller, callee):
        phone.write_config(modules)
        await phone.start(binary)
    app = make_app(
        db=tmp_path / "desk.sqlite3",
        config=tmp_path / "config.toml",
        clipboard=MemoryClipboard(),
        agent="Lin",
        lang="en",
        clock=FakeClock(),
        phone_link=True,
    )
    follower = await Follower.start(callee.ctrl, tmp_path, "--agent", "Lin")
    ctrl = await Ctrl.connect(caller.ctrl)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await desk_ready(pilot)
            for _ in range(400):
                if app.phone_link is not None:
                    break
                await pilot.pause()
            assert app.phone_link is not None
            await follower.said("Following baresip at")
            assert (await ctrl.command("dial", callee.uri))["ok"] is True
            await _until(pilot, lambda: app.session.in_call and app.session.caller == "1001")
            call_ref = app.session.call_ref
            assert call_ref
            console = await callee.console("/accept")
            await _until(pilot, lambda: app.session.answered_at is not None)
            console.close()
            assert (await ctrl.command("hangup"))["ok"] is True
            await _until(pilot, lambda: app.session.wrapping_up)
            # The desk writes each signal behind the screen: wait for the third on disk.
            await _until(pilot, lambda: len(_signals(tmp_path / "desk.sqlite3")) >= 3)
    finally:
        await ctrl.close()
        await follower.stop()
        await caller.stop()
        await callee.stop()
    assert _signals(tmp_path / "desk.sqlite3")[:3] == [
        ("ring", call_ref, "1001"),
        ("answer", call_ref, ""),
        ("hangup", call_ref, ""),
    ]


def _signals(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT kind, call_ref, number FROM call_signals ORDER BY at"
        ).fetchall()


async def _until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    """Let the desk and the follower work until `done`, or fail after WAIT seconds."""
    loop = asyncio.get_running_loop()
    limit = loop.time() + WAIT
    while not done():
        assert loop.time() < limit, f"the desk never got there: {pilot.app!r}"
        await pilot.pause(0.05)
