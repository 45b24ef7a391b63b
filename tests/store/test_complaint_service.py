"""The complaint service runs without the desk: a real database, a fake clock, no Textual
app. What a sync or a lead board would do with it: load the queue, open a complaint,
hear the warnings as the promise comes due."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

import pendulum

from tui.domain.clock import FakeClock
from tui.domain.complaint_queue import QueueItem
from tui.domain.reasons import ReasonTree
from tui.services.complaints import ComplaintService, Notice
from tui.store.db import Store

FORM = {
    "customer_name": "王小明",
    "contact": "13812345678",
    "class_code": "simple",
    "what_happened": "快递未到,客户要求尽快处理",
}


async def test_the_service_keeps_the_queue_and_warns_without_an_app(tmp_path: Path) -> None:
    clock = FakeClock("2026-11-24T09:00:00+08:00")
    store = await Store.open(tmp_path / "desk.sqlite3")
    jobs: list[asyncio.Task[None]] = []

    def spawn(job: Coroutine[Any, Any, None]) -> None:
        jobs.append(asyncio.ensure_future(job))

    service = ComplaintService(
        store,
        agent="Lin",
        lang="en",
        zone="Asia/Shanghai",
        clock=clock,
        reasons=lambda: ReasonTree.from_reasons([]),
        spawn=spawn,
    )
    shown: list[Sequence[QueueItem]] = []
    notices: list[Notice] = []
    bells: list[int] = []
    service.on_change = shown.append
    service.on_notice = notices.append
    service.on_bell = lambda: bells.append(1)
    try:
        assert await service.wait_ready()
        assert service.loaded and shown[-1] == []

        complaint_id, promise = await service.open_complaint(FORM, clock.now(), None)
        assert promise.due == pendulum.datetime(2026, 11, 24, 11, 0, tz="Asia/Shanghai")
        assert [item.complaint_id for item in shown[-1]] == [complaint_id]
        assert service.words(promise.due, clock.now()) == "by today 11:00"

        clock.advance(hours=1)  # half the two hours
        service.tick(clock.now())
        assert [n.severity for n in notices] == ["information"] and "50%" in notices[0].text
        assert bells == [1]
        clock.advance(hours=1)
        service.tick(clock.now())
        assert notices[-1].severity == "error" and "overdue" in notices[-1].text
        assert len(bells) == 2

        await service.append(complaint_id, "closed", {"resolution": "refunded"})
        assert shown[-1] == [], "a closed complaint leaves the queue"
    finally:
        await asyncio.gather(*jobs)
        await store.close()
