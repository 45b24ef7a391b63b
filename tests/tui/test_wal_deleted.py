"""Another program deletes the database's WAL file while the desk runs. The desk notices
within a second, writes what the journal held into the main file, starts a new journal
and says so; a kill -9 afterwards loses no call, not even one saved before the delete.

The desk runs in tmux as an agent runs it; the check after the kill reads the file with
a plain SQLite connection, as the next desk would.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

from tests.tui.terminal import Terminal, terminal

__all__ = ["terminal"]  # the fixture, used by name


def save_a_call(terminal: Terminal, number: str) -> None:
    terminal.keys("F2")
    terminal.wait_for("On a call")
    for digit in number:
        terminal.keys(digit)
    terminal.keys("F3")
    terminal.wait_for("Pick the call reason")
    terminal.keys("1")
    terminal.wait_for("Reason: ")
    terminal.keys("F9")
    terminal.wait_for("Wrap up the call")
    terminal.keys("F9")
    terminal.wait_for("After-call work")


def saved_calls(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT caller FROM calls ORDER BY started_at")]
    finally:
        conn.close()


def test_a_deleted_wal_is_written_back_and_a_kill_loses_nothing(
    terminal: Terminal, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    wal = Path(f"{db}-wal")
    (tmp_path / "config.toml").write_text('language = "en"\n', encoding="utf-8")
    env = {"AGENTDESK_CONFIG": str(tmp_path / "config.toml"), "TERM": "xterm-256color"}
    terminal.start(f"{sys.executable} -m tui --db {db} --agent Kim", env)
    terminal.wait_for("F2")

    save_a_call(terminal, "13800000001")
    save_a_call(terminal, "13800000002")
    assert wal.stat().st_size > 0, "the saved calls are in the journal, not yet in the file"

    os.unlink(wal)
    deleted = time.monotonic()
    # The notice that it was written back ends "Nothing was lost"; a failed first try
    # (the file busy) says "journal" too, and is tried again on the next tick.
    terminal.wait_for("journal", "Nothing")
    assert time.monotonic() - deleted < 3.0
    assert wal.exists()
    assert saved_calls(db) == ["13800000001", "13800000002"]

    save_a_call(terminal, "13800000003")
    terminal.kill()

    assert saved_calls(db) == ["13800000001", "13800000002", "13800000003"]
