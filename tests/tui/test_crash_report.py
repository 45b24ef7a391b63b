"""A crash of the desk leaves one line on the terminal, naming a private report that holds
the traceback and none of the call: no local variables, no caller's number."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.tui.desk_process import run_desk

NUMBER = "13812345678"
NOTE = "planted-note-q7Zx"

# The desk, patched to crash a moment after it is up, in a frame whose locals hold a
# call: Textual's own report would print them.
CRASH = """
import sys
from tui.app import AgentDeskApp
from tui.cli import main

WHERE = sys.argv.pop(1)


def take_call(app):
    caller = "NUMBER"
    note = "NOTE"
    app.planted = (caller, note)
    raise RuntimeError("the desk fell over on purpose")


async def in_a_worker(app):
    take_call(app)


original = AgentDeskApp._after_first_paint


def after_first_paint(self):
    original(self)
    if WHERE == "worker":
        self.run_worker(in_a_worker(self))
    else:
        self.set_timer(0.2, lambda: take_call(self))


AgentDeskApp._after_first_paint = after_first_paint
main()
""".replace("NUMBER", NUMBER).replace("NOTE", NOTE)


@pytest.mark.parametrize("where", ["handler", "worker"])
def test_a_crash_shows_one_line_and_files_the_traceback_without_the_call(
    tmp_path: Path, where: str
) -> None:
    state = tmp_path / "state"
    ran = run_desk(
        [where, "--db", str(tmp_path / "desk.sqlite3"), "--lang", "en", "--agent", "Kim"],
        {"XDG_STATE_HOME": str(state), "AGENTDESK_CONFIG": str(tmp_path / "none.toml")},
        script=CRASH,
    )

    assert ran.code == 1
    reports = list((state / "agentdesk" / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0]
    assert ran.left_on_screen == [
        "agentdesk stopped on an unexpected error. The report (no call details in it) is "
        f"at {report}: send it to your support team"
    ]
    for output in (ran.stderr, ran.stdout):
        assert NUMBER not in output and NOTE not in output
        assert "Traceback" not in output and "locals" not in output

    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the desk fell over on purpose" in text
    assert "in take_call" in text
    assert NUMBER not in text and NOTE not in text
    assert "caller" not in text and "note =" not in text
