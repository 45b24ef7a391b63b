"""A real terminal for the desk: tmux, keys in with send-keys, the screen back with
capture-pane. Shared by the tests that kill the desk or break its files under it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time

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
