"""A real terminal for the desk: tmux, keys in with send-keys, the screen back with
capture-pane. Shared by the tests that kill the desk or break its files under it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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

    def until(self, done: Callable[[], object], what: str) -> None:
        """Wait for a real process to get somewhere. It runs on the wall clock, not on an
        injectable one, so this is the one place that polls: every 50 ms, 30 s at most."""
        deadline = time.monotonic() + WAIT_S
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"never happened: {what}")
            time.sleep(0.05)

    def wait_for(self, *texts: str) -> str:
        """The first screen that shows every one of `texts`."""
        seen = [""]

        def shown() -> bool:
            seen[0] = self.screen()
            return all(text in seen[0] for text in texts)

        try:
            self.until(shown, f"{texts!r}")
        except AssertionError:
            raise AssertionError(f"{texts!r} never appeared; the screen:\n{seen[0]}") from None
        return seen[0]

    def alive(self) -> bool:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "list-sessions", "-F", "#{session_name}"],
            capture_output=True,
            text=True,
        )  # a server with no session left has exited: that is an answer too
        return out.returncode == 0 and self.name in out.stdout.split()

    def kill(self) -> None:
        os.kill(self.pid(), signal.SIGKILL)
        self.until(lambda: not self.alive(), "the killed desk's pane closed")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert shutil.which("tmux"), "tmux is installed by scripts/test; it is missing"
    socket = f"agentdesk-test-{os.getpid()}-{random.randrange(10**6)}"
    term = Terminal(socket, "desk")
    yield term
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
