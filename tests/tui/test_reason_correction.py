"""A reason corrected after the call is the reason shown everywhere (#8, item 7)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import MakeDesk, desk_ready, settle
from tui.cli import main
from tui.screens.desk import DeskScreen
from tui.screens.reason_picker import ReasonPickerScreen
from tui.store import calls as call_store


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def today_text(desk: DeskScreen) -> str:
    """The today list as it is drawn on the screen, line by line."""
    today = desk.query_one("#today", Static)
    return "\n".join(today.render_line(y).text for y in range(today.size.height))


async def pick(pilot: Pilot[int], digit: str) -> None:
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReasonPickerScreen)
    await pilot.press(digit)
    await settle(pilot)


async def test_a_corrected_reason_is_shown_in_the_list_and_after_a_restart(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    app = make_desk("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await desk_ready(pilot)
        await pilot.press("f2")
        await pick(pilot, "1")
        first = app.session.reason_code
        assert first is not None, "the first pick tags the call"
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.reason_label(first) in today_text(desk)

        await pick(pilot, "2")  # F3 in after-call work corrects the saved call
        second = app.session.saved_reason_code
        assert second and second != first
        first_label, second_label = app.reason_label(first), app.reason_label(second)
        assert first_label != second_label
        listed = today_text(desk)
        assert second_label in listed and first_label not in listed
        reason_line = str(desk.query_one("#reason-line", Static).render())
        assert app.reason_path(second) in reason_line
        usage = await call_store.reason_usage(app.store, app.agent)
        assert second in usage and first not in usage

    # The row keeps the original; the correction sits beside it.
    assert rows(db, "SELECT reason_code FROM calls") == [(first,)]
    assert rows(db, "SELECT to_code FROM call_reason_corrections") == [(second,)]

    again = make_desk("zh")
    async with again.run_test(size=(100, 30)) as pilot:
        desk = await desk_ready(pilot)
        listed = today_text(desk)
        assert second_label in listed and first_label not in listed

    # The command runs its own event loop, so it runs in a thread here, as in a shell.
    exported = await asyncio.to_thread(
        CliRunner().invoke,
        main,
        ["export", "calls", "--db", str(db), "--format", "json"],
        catch_exceptions=False,
    )
    (record,) = json.loads(exported.output)
    assert record["reason_code"] == second
    assert record["original_reason_code"] == first
