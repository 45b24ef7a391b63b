"""The desk as a real process with no terminal attached (stdin from /dev/null): what it
leaves on the terminal after it stops is what follows its leaving the alternate screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LEAVE_ALT_SCREEN = "\x1b[?1049l"
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[=>78])")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def left_on_screen(self) -> list[str]:
        """The lines still on the terminal once the desk has gone."""
        tail = self.stderr.rpartition(LEAVE_ALT_SCREEN)[2]
        return [line for line in _ESCAPES.sub("", tail).splitlines() if line.strip()]


def run_desk(args: list[str], env: dict[str, str], *, script: str | None = None) -> Ran:
    """`python -m tui ARGS`, or a script that patches the desk first and then runs it."""
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "tui"]
    done = subprocess.run(
        [*command, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **env},
    )
    return Ran(done.returncode, done.stdout, done.stderr)
