"""kill -9 in a real terminal: the desk dies at a random moment during a call, and the
next start offers the call back with everything the agent had typed.

The desk runs in tmux, as an agent runs it beside the softphone; keys go in with
send-keys and the screen comes back with capture-pane.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

NUMBER = "13812345678"
WAIT_S = 30.0


class Terminal:
    def __init__(self, socket: str, name: str) -> None:
        self.socket, self.name = socket, name

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return out.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        self.tmux(
            "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
            f"exec env {exports} {command}",
        )  # fmt: skip

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, *texts: str) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} never appeared; the screen:\n{self.screen()}")

    def alive(self) -> bool:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "list-sessions", "-F", "#{session_name}"],
            capture_output=True,
            text=True,
        )  # a server with no session left has exited: that is an answer too
        return out.returncode == 0 and self.name in out.stdout.split()

    def kill(self) -> None:
        os.kill(self.pid(), signal.SIGKILL)
        deadline = time.monotonic() + WAIT_S
        while self.alive():
            if time.monotonic() > deadline:
                raise AssertionError("the killed desk's pane never closed")
            time.sleep(0.05)


@pytest.fixture
def terminal(tmp_path):
    assert shutil.which("tmux"), "tmux is installed by scripts/test; it is missing"
    socket = f"agentdesk-test-{os.getpid()}-{random.randrange(10**6)}"
    term = Terminal(socket, "desk")
    yield term
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def held_state(db: Path) -> tuple[str, dict[str, object]] | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT call_id, state FROM calls_in_hand").fetchone()
    return None if row is None else (row[0], json.loads(row[1]))


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_during_a_call_gives_everything_back(terminal, tmp_path, round_) -> None:
    db = tmp_path / "desk.sqlite3"
    (tmp_path / "config.toml").write_text('language = "en"\n', encoding="utf-8")
    env = {
        "AGENTDESK_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "TZ": "Asia/Shanghai",
    }
    command = f"{sys.executable} -m tui --db {db} --agent Kim"
    rng = random.Random(round_)

    terminal.start(command, env)
    # No waiting for the store: keys typed the moment the desk appears are kept.
    terminal.wait_for("F2")
    terminal.keys("F2")
    terminal.wait_for("On a call")
    for digit in NUMBER:
        terminal.keys(digit)
    terminal.keys("F3")
    terminal.wait_for("Pick the call reason")
    terminal.keys("1")
    terminal.wait_for("Reason: ")
    time.sleep(rng.uniform(0.05, 1.0))  # a random moment of the call
    terminal.kill()

    held = held_state(db)
    assert held is not None, "the call in hand died with the process"
    call_id, state = held
    assert state["caller"] == NUMBER
    assert isinstance(state["reason_code"], str)

    terminal.start(command, env)
    # The whole dialog, drawn (a capture can land between two halves of a frame).
    screen = terminal.wait_for("A call was left in hand", "138****5678", "Discard it")
    assert NUMBER not in screen
    terminal.keys("Enter")  # resume
    # Back in the caller field (the agent's own screen shows the number) with its reason.
    terminal.wait_for(NUMBER, "Reason: ")
    terminal.keys("F9")
    terminal.wait_for("Wrap up the call")
    terminal.keys("F9")
    terminal.wait_for("After-call work")
    with sqlite3.connect(db) as conn:
        saved = conn.execute("SELECT id, caller, reason_code FROM calls").fetchall()
    assert saved == [(call_id, NUMBER, state["reason_code"])]


def test_kill_9_while_the_number_is_typed_keeps_what_reached_the_screen(terminal, tmp_path) -> None:
    db = tmp_path / "desk.sqlite3"
    (tmp_path / "config.toml").write_text('language = "en"\n', encoding="utf-8")
    env = {"AGENTDESK_CONFIG": str(tmp_path / "config.toml"), "TERM": "xterm-256color"}
    terminal.start(f"{sys.executable} -m tui --db {db} --agent Kim", env)
    terminal.wait_for("F2")
    terminal.keys("F2")
    terminal.wait_for("On a call")
    typed = NUMBER[: random.randrange(3, len(NUMBER))]
    for digit in typed:
        terminal.keys(digit)
    terminal.wait_for(typed)
    time.sleep(0.2)
    terminal.kill()
    held = held_state(db)
    assert held is not None and held[1]["caller"] == typed
