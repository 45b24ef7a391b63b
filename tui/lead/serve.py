"""A lead's app in a browser, with textual-serve: each browser tab that opens the page
starts its own copy of the app (the command line given) and talks to it over a
websocket; nothing else is served.

Binds to 127.0.0.1 unless told otherwise: the page is the board itself, unmasked or not,
so anyone who can reach the port can use it. To reach it from elsewhere, put it behind a
reverse proxy that does TLS and asks for a password (README, "For shift leads"), and give
`public_url` as the proxy's address so the page opens its websocket there.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def app_command(args: Sequence[str]) -> str:
    """The shell line textual-serve runs for each tab: this Python, `-m tui`, `args`."""
    return shlex.join([sys.executable, "-m", "tui", *args])


def make_server(
    args: Sequence[str],
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    title: str = "agentdesk",
    public_url: str | None = None,
) -> Server:
    """The textual-serve `Server` for `agentdesk ARGS` (e.g. ["lead", "--central", url]).

    Imported here, not at the top: only `--serve` pays for aiohttp."""
    from textual_serve.server import Server

    return Server(app_command(args), host=host, port=port, title=title, public_url=public_url)


def serve(
    args: Sequence[str],
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    title: str = "agentdesk",
    public_url: str | None = None,
) -> None:
    """Serve `agentdesk ARGS` until Ctrl+C (or SIGTERM)."""
    server = make_server(args, host=host, port=port, title=title, public_url=public_url)
    server.serve()
