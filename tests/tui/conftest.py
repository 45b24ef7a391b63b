from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePath
from typing import Any, Protocol

import pytest
from rich.text import Text
from textual.app import App
from textual.command import CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import AgentDeskApp
from tui.app_factory import make_app
from tui.clipboard import MemoryClipboard
from tui.domain.clock import FakeClock
from tui.screens.desk import DeskScreen
from tui.services.complaints import ComplaintService

MakeDesk = Callable[..., AgentDeskApp]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock("2026-11-24T09:00:00+08:00")


@pytest.fixture
def make_desk(tmp_path: Path, clock: FakeClock) -> MakeDesk:
    """A desk on a fresh database file, with a hand-wound clock and a fake clipboard."""

    def build(lang: str = "en", **options: object) -> AgentDeskApp:
        options.setdefault("db", tmp_path / "desk.sqlite3")
        options.setdefault("config", tmp_path / "config.toml")
        options.setdefault("clipboard", MemoryClipboard())
        return make_app(agent="Lin", lang=lang, clock=clock, **options)  # type: ignore[arg-type]

    return build


async def desk_ready(pilot: Pilot[int]) -> DeskScreen:
    app = desk_of(pilot)
    for _ in range(200):
        # Started: the desk is up (perhaps under a dialog it opened at start), the
        # database open, the background loads begun.
        desk = next((s for s in app.screen_stack if isinstance(s, DeskScreen)), None)
        if desk is not None and app.store_ready and app.complaints:
            await settle(pilot)
            return desk
        await pilot.pause()
    raise AssertionError(f"the desk never appeared; screen is {pilot.app.screen!r}")


async def settle(pilot: Pilot[int]) -> None:
    """Let the app finish what it is doing: every worker done, or waiting for the agent
    in a dialog (`app.ask`), which only a key press can finish."""
    app = desk_of(pilot)
    for _ in range(2000):
        await pilot.pause()
        if all(w.is_finished or w in app.asking for w in app.workers):
            await pilot.pause()
            return
    raise AssertionError(f"workers never settled: {list(app.workers)!r}")


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture."""

    def __call__(
        self,
        app: str | PurePath | App[Any],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


def desk_of(pilot: Pilot[int]) -> AgentDeskApp:
    """The pilot's app as the desk it is (Pilot knows it only as an App)."""
    app = pilot.app
    assert isinstance(app, AgentDeskApp)
    return app


def clock_of(pilot: Pilot[int]) -> FakeClock:
    """The desk's clock as the hand-wound one `make_desk` gave it (the app knows a Clock)."""
    clock = desk_of(pilot).clock
    assert isinstance(clock, FakeClock), clock
    return clock


def palette_open(app: App[Any]) -> bool:
    """Textual's `CommandPalette.is_open`, which asks for an `App[object]`; App is
    invariant in its return type, so the desk's `App[int]` is passed through `Any` here."""
    return CommandPalette.is_open(app)


def complaints_of(app: AgentDeskApp) -> ComplaintService:
    """The complaint side, which the test has waited to start."""
    assert app.complaints is not None, "the complaint side has not started"
    return app.complaints


def plain(widget: Widget) -> str:
    """What a widget shows, as text (`render` may give any renderable; ours give text)."""
    rendered = widget.render()
    assert isinstance(rendered, Text | Content), rendered
    return rendered.plain
