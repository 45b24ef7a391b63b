"""What the desk's start leaves unimported: the commands it is not running and what its
first frames do not show. Start-up is benchmarked against a bare Textual app, and every
module here cost it milliseconds before it was deferred."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFERRED = (
    # Other commands of `agentdesk`: the register's hashing, receipts, the exporters.
    "tui.commands.export",
    "tui.commands.verify",
    "tui.domain.register",
    "tui.domain.receipt",
    # The complaint side and its deadline tables start after the first keys have acted.
    "tui.services.complaints",
    "holidays",
    # pendulum's `format` reads its locale files through importlib.resources (and zipfile).
    "pendulum.locales.en.locale",
    "importlib.resources",
    "zipfile",
    # The softphone's side: its link opens a moment after the first frame.
    "tui.domain.ringing",
    "tui.domain.phone_messages",
    "tui.services.phone_link",
    # The "not now" prompt of the break reminder.
    "tui.widgets.dismiss_reason",
    # TOML is parsed once and kept as JSON (the catalog, the seed's corrections); the
    # settings file is read only when there is one; the login name only without --agent.
    "tomllib",
    "getpass",
)

# The desk as `agentdesk` starts it, headless: F8 sent at its first frame, and the modules
# loaded once the break picker it opens is on screen.
_CHILD = """
import json, sys
from tui.app import AgentDeskApp
from tui.clipboard import MemoryClipboard

DEFERRED = {deferred!r}
loaded = []

async def auto_pilot(pilot):
    app = pilot.app
    while type(app.screen).__name__ != "DeskScreen":
        await pilot.pause()
    await pilot.press("f8")
    while type(app.screen).__name__ != "BreakPickerScreen":
        await pilot.pause()
    await pilot.pause()
    loaded.extend(name for name in DEFERRED if name in sys.modules)
    app.exit()

def run_headless(app, *args, **kwargs):
    app.phrase_clipboard = MemoryClipboard()
    return run(app, headless=True, auto_pilot=auto_pilot, size=(80, 24))

run, AgentDeskApp.run = AgentDeskApp.run, run_headless
from tui.cli import main
main(["--db", {db!r}, "--agent", "Lin", "--lang", "zh"], standalone_mode=False)
print(json.dumps(loaded))
"""


def test_the_desk_acts_on_a_key_without_loading_what_it_does_not_show(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        AGENTDESK_CONFIG=str(tmp_path / "config.toml"),
    )
    code = _CHILD.format(deferred=DEFERRED, db=str(tmp_path / "desk.sqlite3"))
    # The first start makes the database, the second is the first to check it against
    # the seed's corrections; each keeps what it parsed. The third is every start after.
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
