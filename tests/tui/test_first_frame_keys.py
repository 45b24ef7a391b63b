"""Keys sent the moment the desk's first frame is out act, in order: whether the database
is still opening (they wait for it) or already open. The agent who starts the desk with a
caller waiting types at once; nothing typed may be lost."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tui.screens.desk import DeskScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.store.db import Store

NUMBER = "13812345678"


@pytest.mark.parametrize("store_slow", [True, False], ids=["store-still-opening", "as-it-comes"])
async def test_a_key_sent_right_after_the_first_frame_takes_effect(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch, store_slow: bool
) -> None:
    gate = asyncio.Event()
    if not store_slow:
        gate.set()
    real_open = Store.open

    async def gated_open(cls: type[Store], /, path: Any, **options: Any) -> Store:
        await gate.wait()
        return await real_open(path, **options)

    monkeypatch.setattr(Store, "open", classmethod(gated_open))
    app = make_desk("en")
    first_frame = asyncio.Event()
    real_display = app._display

    def display(screen: Any, renderable: Any) -> None:
        # The frame is composed and handed to the terminal here (headless: dropped there).
        real_display(screen, renderable)
        if renderable is not None and isinstance(screen, DeskScreen):
            first_frame.set()

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await first_frame.wait()
        store_was_open = app.store_ready
        # One burst, straight after the frame: no pause, no waiting for the app to settle.
        # F2 and the number work without the database; F3 (the reason picker) needs it.
        for key in ["f2", *NUMBER, "f3"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        gate.set()
        desk = await desk_ready(pilot)
        await settle(pilot)
        if store_slow:
            assert not store_was_open, "the keys went in before the database was open"
        assert app.session.in_call, "F2 started the call"
        assert desk.query_one("#caller", Input).value == NUMBER
        assert app.session.caller == NUMBER
        assert isinstance(app.screen, ReasonPickerScreen), "F3 acted, after the number"


async def test_f6_before_the_complaint_side_has_started_opens_the_queue(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The complaint side starts a moment after start-up keys have acted; F6 (or F5) sent
    with the first frame starts it at once instead of being lost."""
    from tui.screens.queue import QueueScreen

    app = make_desk("en")
    monkeypatch.setattr(app, "COMPLAINTS_AFTER_S", 60.0)
    first_frame = asyncio.Event()
    real_display = app._display

    def display(screen: Any, renderable: Any) -> None:
        real_display(screen, renderable)
        if renderable is not None and isinstance(screen, DeskScreen):
            first_frame.set()

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await first_frame.wait()
        app.post_message(events.Key("f6", None))
        for _ in range(200):
            if isinstance(app.screen, QueueScreen):
                break
            await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert app.complaints is not None
        await app.complaints.wait_ready()
        assert app.complaints.loaded


async def test_the_complaint_side_waits_while_start_up_keys_keep_coming(
    make_desk: MakeDesk,
) -> None:
    """Its start (an import and a thread that holds the GIL) would slow the keys an agent
    types at start-up: each key pushes it back, until a pause or the latest start."""
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        resets: list[str] = []

        class Timer:
            def reset(self) -> None:
                resets.append("reset")

        app.complaints = None
        app._complaints_timer = Timer()  # type: ignore[assignment]
        await pilot.press("x")
        assert resets == ["reset"], "a key while it waits pushes its start back"
        app._complaints_due = 0.0
        await pilot.press("x")
        assert resets == ["reset"], "past the latest start a key no longer does"


async def test_the_other_screens_stylesheets_come_after_the_first_frame_and_are_parsed_once(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame parses the desk's and F8's stylesheets only; the rest are added in
    the second step, and opening a screen after it makes Textual re-parse nothing."""
    from tui.screens.help import HelpScreen

    app = make_desk("en")
    monkeypatch.setattr(app, "SECOND_STEP_AFTER_S", 60.0)  # the test takes the step
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        help_css = _beside(HelpScreen)
        assert not app.stylesheet.has_source(help_css), "read before the first frame"
        app._second_step()
        assert app.stylesheet.has_source(help_css)
        reparsed: list[bool] = []
        real_reparse = app.stylesheet.reparse

        def reparse() -> None:
            reparsed.append(True)
            real_reparse()

        monkeypatch.setattr(app.stylesheet, "reparse", reparse)
        await pilot.press("f1")
        for _ in range(100):
            if isinstance(app.screen, HelpScreen):
                break
            await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert reparsed == []


def _beside(screen: type[Any]) -> str:
    """The stylesheet a screen names, where Textual looks for it: beside its module."""
    import inspect
    from pathlib import Path

    return str(Path(inspect.getfile(screen)).with_name(str(screen.CSS_PATH)))
