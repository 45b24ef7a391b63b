"""What `tui.lead.serve` hands textual-serve: the app's command line, and localhost."""

from __future__ import annotations

import shlex
import sys

from tui.lead.serve import make_server


def test_the_server_binds_to_localhost_and_runs_the_given_app() -> None:
    server = make_server(["lead", "--central", "sqlite:///tmp/a b.db"])
    assert server.host == "127.0.0.1" and server.port == 8000
    assert shlex.split(server.command) == [
        sys.executable, "-m", "tui", "lead", "--central", "sqlite:///tmp/a b.db",
    ]  # fmt: skip
    assert server.public_url == "http://127.0.0.1:8000"


def test_behind_a_proxy_the_page_uses_the_public_address() -> None:
    server = make_server(["figures"], public_url="https://board.example.com")
    assert server.public_url == "https://board.example.com"
