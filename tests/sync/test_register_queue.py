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
