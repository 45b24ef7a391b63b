"""Quitting while the desk still reads (the phrases right after start, the queue) is a
plain exit: the workers Textual cancels wind down on an open database, and no crash
report tells the agent that something broke."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import MakeDesk, desk_ready


async def test_quitting_while_a_worker_still_reads_is_not_a_crash(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    read = []
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        waiting = asyncio.Event()

        async def reads_as_it_ends() -> None:
            # Like a load cancelled between two of its reads: it still has some to do.
            try:
                waiting.set()
                await asyncio.Event().wait()
            finally:
                for _ in range(20):
                    read.append(await app.store.fetchall("SELECT count(*) FROM calls"))

        app.run_worker(reads_as_it_ends(), group="reads")
        await waiting.wait()
        app.exit()
    assert not app._crashed, "quitting filed a crash report"
    assert len(read) == 20
