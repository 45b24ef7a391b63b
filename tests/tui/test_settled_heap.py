"""Once the queue is read, the desk's long-lived objects are out of the collector's full
passes (tui.services.heap); a closed desk leaves the process's collector as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.tui.conftest import MakeDesk, complaints_of, desk_ready, settle
from tests.tui.test_queue import T0, seed
from tui.services import heap


def _collected_ids() -> set[int]:
    # Every object the collector still walks: the frozen ones are in none of its
    # generations, so they are missing here.
    return {id(thing) for thing in gc.get_objects()}


async def test_the_heap_settles_after_the_queue_is_read_and_thaws_on_close(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    await seed(
        tmp_path / "desk.sqlite3",
        ("Wang", "13800000001", "simple", T0),
        ("Kim", "13800000002", "complex", T0),
    )
    assert heap.frozen() == 0
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        desk = complaints_of(app)
        await desk.wait_ready()
        await settle(pilot)
        assert heap.frozen() > 0
        # Frozen after the queue was built, not before: its rows are among the frozen.
        rows = list(desk.items)
        assert len(rows) == 2 and all(gc.is_tracked(row) for row in rows)
        collected = _collected_ids()
        assert not any(id(row) in collected for row in rows)
        assert id(desk) not in collected
    assert heap.frozen() == 0


async def test_a_collector_held_for_start_resumes_once_the_complaint_side_starts(
    make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `agentdesk` command holds the collector while the desk comes up; the desk
    gives it back when the agent's first keys pause (the complaint side starts then)."""
    heap.hold_for_start()
    try:
        assert not gc.isenabled() and heap.frozen() > 0
        app = make_desk("en")
        monkeypatch.setattr(app, "COMPLAINTS_AFTER_S", 60.0)
        async with app.run_test(size=(80, 24)) as pilot:
            while not app.store_ready:
                await pilot.pause()
            await settle(pilot)
            assert not gc.isenabled(), "held while the first keys may still come"
            await pilot.press("f6")  # the queue: the complaint side starts at once
            complaints_of(app)
            assert gc.isenabled()
    finally:
        gc.enable()
        heap.release()
    assert heap.frozen() == 0
