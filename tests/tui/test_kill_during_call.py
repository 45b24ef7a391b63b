"""kill -9 in a real terminal: the desk dies at a random moment during a call, and the
next start offers the call back with everything the agent had typed.

The desk runs in tmux, as an agent runs it beside the softphone; keys go in with
send-keys and the screen comes back with capture-pane.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.tui.terminal import Terminal, terminal

__all__ = ["terminal"]  # the fixture, used by name

NUMBER = "13812345678"


def held_state(db: Path) -> tuple[str, dict[str, object]] | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT call_id, state FROM calls_in_hand").fetchone()
    return None if row is None else (row[0], json.loads(row[1]))


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_during_a_call_gives_everything_back(
    terminal: Terminal, tmp_path: Path, round_: int
) -> None:
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
    # A random moment of the call: after a random number of keys that change nothing
    # (the caller field ignores a key it does not take), once what is shown is on disk.
    terminal.keys(*["Left"] * rng.randrange(0, 6))
    terminal.until(lambda: (h := held_state(db)) and h[1]["reason_code"], "the reason kept")
    terminal.kill()

    held = held_state(db)
    assert held is not None, "the call in hand died with the process"
    call_id, state = held
    assert state["caller"] == NUMBER
    assert isinstance(state["reason_code"], str)

    terminal.start(command, env)
    # The whole dialog, drawn (a capture can land between two halves of a frame).
    screen = terminal.wait_for("A call was left in hand", "1******5678", "Discard it")
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


def test_kill_9_while_the_number_is_typed_keeps_what_reached_the_screen(
    terminal: Terminal, tmp_path: Path
) -> None:
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
    terminal.until(lambda: (h := held_state(db)) and h[1]["caller"] == typed, "the number kept")
    terminal.kill()
    held = held_state(db)
    assert held is not None and held[1]["caller"] == typed
