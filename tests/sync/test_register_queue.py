"""A complaint reassigned at central to an agent on another workstation arrives there
with its whole register and is in that agent's F6 queue, on the real desk."""

from __future__ import annotations

from pathlib import Path

import pendulum

from tests.sync.places import Station, central_for, sync, works_at
from tests.tui.conftest import MakeDesk
from tests.tui.test_queue import line, open_queue, seed
from tui.store.complaints import verify_register
from tui.store.db import Store
from tui.sync.lead_actions import reassign


async def test_a_complaint_reassigned_to_the_agent_is_in_their_queue(
    make_desk: MakeDesk, tmp_path: Path, central_url: str
) -> None:
    opened = pendulum.datetime(2026, 11, 24, 8, 30, tz="Asia/Shanghai")
    elsewhere = Station("ws-a", tmp_path / "ws-a.sqlite3")
    [cid] = await seed(elsewhere.path, ("王小明", "13812345678", "simple", opened), agent="Kim")
    sync(elsewhere, central_url)
    with central_for(central_url) as central:
        reassign(central, cid, "Lin", "zhou", "Kim went home", opened.add(minutes=10))

    here = Station("ws-b", tmp_path / "desk.sqlite3")
    store = await Store.open(here.path)
    await store.close()
    works_at(central_url, "Lin", "ws-b")
    ctx = sync(here, central_url)
    assert ctx.counts.pulled == {"complaints": 1, "complaint_events": 2}
    assert (await verify_register(here.path)).ok

    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        assert len(screen.queue.items) == 1
        assert "王**" in line(screen.queue, 0) and "1******5678" in line(screen.queue, 0)


async def test_a_running_desk_takes_a_reassigned_complaint_within_a_minute(
    make_desk: MakeDesk, tmp_path: Path, central_url: str
) -> None:
    """No restart and no nightly run: the desk's own background sync brings the complaint
    and its queue shows it."""
    from tests.tui.conftest import clock_of, desk_ready
    from tui.services.background_sync import EVERY_S

    opened = pendulum.datetime(2026, 11, 24, 8, 30, tz="Asia/Shanghai")
    elsewhere = Station("ws-a", tmp_path / "ws-a.sqlite3")
    [cid] = await seed(elsewhere.path, ("王小明", "13812345678", "simple", opened), agent="Kim")
    sync(elsewhere, central_url)

    (tmp_path / "config.toml").write_text(
        f'central = "{central_url}"\nstation = "ws-b"\n', encoding="utf-8"
    )
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        sync_side = app.background_sync
        assert sync_side is not None and sync_side.pending is not None
        await sync_side.pending  # the first push: this desk's agent now works at ws-b
        assert app.complaints is not None and app.complaints.items == []
        with central_for(central_url) as central:
            reassign(central, cid, "Lin", "zhou", "Kim went home", opened.add(minutes=10))
        clock_of(pilot).advance(EVERY_S)
        app.tick()
        assert sync_side.pending is not None
        await sync_side.pending
        for _ in range(200):
            await pilot.pause()
            if app.complaints.items:
                break
        screen = await open_queue(pilot)
        assert [item.complaint_id for item in screen.queue.items] == [cid]
        assert not sync_side.marker.failing
