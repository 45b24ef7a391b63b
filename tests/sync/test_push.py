"""The push of every record stream, on a SQLite central file and on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.sync.conftest import (
    STREAMS,
    T0,
    assert_all_exactly_once,
    central_dump,
    fill,
    make_workstation,
)
from tui.central.opener import open_central
from tui.store.breaks import end_break, start_break
from tui.store.db import Store
from tui.sync import push
from tui.sync.run import run_sync


def test_a_workstation_that_never_synced_pushes_every_stream(
    tmp_path: Path, central_url: str
) -> None:
    local = make_workstation(tmp_path / "ws.db")
    report = run_sync(local, central_url, "ws-1")
    assert report.first_sync
    assert set(report.counts.pushed) == {s.name for s in STREAMS}
    assert report.counts.pushed["calls"] == 30
    assert report.counts.pushed["call_starts"] == 31  # the discarded call has a start only
    assert_all_exactly_once(local, central_url)


def test_a_second_run_right_after_transfers_nothing_and_changes_nothing(
    tmp_path: Path, central_url: str
) -> None:
    local = make_workstation(tmp_path / "ws.db")
    run_sync(local, central_url, "ws-1")
    before = central_dump(central_url)
    again = run_sync(local, central_url, "ws-1")
    assert again.counts.pushed == {} and not again.first_sync
    assert central_dump(central_url) == before


def test_batches_each_carry_their_cursor(
    tmp_path: Path, central_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(push, "BATCH_ROWS", 7)
    local = make_workstation(tmp_path / "ws.db", calls=40)
    commits: list[str] = []
    run_sync(local, central_url, "ws-1", step=commits.append)
    assert commits.count("push:calls:after-commit") == 6  # 40 calls, 7 a batch
    assert_all_exactly_once(local, central_url)
    with open_central(central_url) as central:
        cursor = central.fetchone(
            "SELECT last_rowid FROM sync_cursors WHERE station = 'ws-1' AND stream = 'calls'"
        )
    assert cursor == (40,)


def test_a_break_ended_after_a_sync_reaches_central_as_it_is_now(
    tmp_path: Path, central_url: str
) -> None:
    local = make_workstation(tmp_path / "ws.db")

    async def start() -> str:
        store = await Store.open(local)
        try:
            pause = await start_break(store, agent="Lin", code="meal", now=T0.add(hours=7))
            return pause.id
        finally:
            await store.close()

    async def end(break_id: str) -> None:
        store = await Store.open(local)
        try:
            await end_break(store, break_id, now=T0.add(hours=7, minutes=30), mood_after=5)
        finally:
            await store.close()

    break_id = asyncio.run(start())
    run_sync(local, central_url, "ws-1")
    with open_central(central_url) as central:
        assert central.fetchone("SELECT ended_at FROM breaks WHERE id = ?", (break_id,)) == (None,)
    asyncio.run(end(break_id))
    report = run_sync(local, central_url, "ws-1")
    assert report.counts.pushed == {"breaks": 1}
    assert_all_exactly_once(local, central_url)
    with open_central(central_url) as central:
        row = central.fetchone("SELECT ended_at, mood_after FROM breaks WHERE id = ?", (break_id,))
    assert row == ("2026-11-24T08:30:00+00:00", 5)


def test_two_stations_side_by_side(tmp_path: Path, central_url: str) -> None:
    one = make_workstation(tmp_path / "one.db", tag="one", calls=5)
    two = make_workstation(tmp_path / "two.db", tag="two", calls=8)
    run_sync(one, central_url, "ws-1")
    run_sync(two, central_url, "ws-2")
    with open_central(central_url) as central:
        per_station = central.fetchall(
            "SELECT station, COUNT(*) FROM calls GROUP BY station ORDER BY station"
        )
    assert per_station == [("ws-1", 5), ("ws-2", 8)]


def test_more_work_after_a_sync_is_pushed_next_time(tmp_path: Path, central_url: str) -> None:
    local = make_workstation(tmp_path / "ws.db", tag="a", calls=5)
    run_sync(local, central_url, "ws-1")
    asyncio.run(fill(local, tag="b", calls=6))
    report = run_sync(local, central_url, "ws-1")
    assert report.counts.pushed["calls"] == 6
    assert_all_exactly_once(local, central_url)
