"""With 10,000 open complaints the queue shows its first screenful before the rest is read,
and that screenful is exactly the head of the whole queue, in order."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pendulum

from tests.tui.conftest import MakeDesk, complaints_of
from tests.tui.test_complaint_form import until
from tui.domain.clock import to_iso
from tui.domain.complaint_queue import build_queue
from tui.domain.complaints import FACT_COLUMNS, ComplaintFacts
from tui.domain.register import GENESIS, Event, opening_payload, seal
from tui.screens.queue import QueueScreen
from tui.services.complaints import PAGE_ROWS
from tui.store.complaints import group_open
from tui.store.db import Store
from tui.widgets.queue_list import QueueList

SIZE = 10_000
T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")  # the clock fixture's start


def _chain(n: int) -> tuple[list[Any], list[Event]]:
    """Complaint `n`: opened over the last week, its promise scattered over the next ten
    days (many already overdue), and every so often paused, replied, given a follow-up
    call, handed to a colleague or closed."""
    cid = f"00000000-0000-7000-8000-{n:012d}"
    at = T0.subtract(minutes=(n * 37) % (60 * 24 * 7))
    facts = ComplaintFacts(
        id=cid,
        call_id=None,
        opened_at=to_iso(at),
        opened_by="Lin",
        customer_name=f"客户{n}",
        contact=f"138{n:08d}",
        reference="",
        class_code=("simple", "complex", "source")[n % 3],
        department="",
        what_happened=f"第 {n} 号投诉",
        remedy_requested="",
    )
    due = T0.add(minutes=(n * 7919) % (60 * 24 * 10) - 60 * 24 * 2)
    due = max(due, at.add(minutes=1))
    chain = [
        seal(
            event_id=f"{cid}-0",
            complaint_id=cid,
            seq=1,
            kind="opened",
            actor="Lin",
            at=at,
            payload=opening_payload(facts, promised_at=due, rule_revision=1),
            prev_hash=GENESIS,
        )
    ]
    later: list[tuple[str, dict[str, Any]]] = []
    if n % 7 == 0:
        later.append(("paused", {"reason": "waiting", "remaining_s": n}))
    if n % 11 == 0:
        later.append(("replied", {"summary": "done"}))
    if n % 13 == 0:
        due_call = to_iso(T0.add(minutes=(n * 31) % 5000 - 1000))
        later.append(("followup_scheduled", {"due_at": due_call, "note": ""}))
    if n % 17 == 0:
        later.append(("reassigned", {"to": "Kim", "reason": ""}))
    if n % 19 == 0:
        later.append(("closed", {"resolution": "done"}))
    for seq, (kind, payload) in enumerate(later, start=2):
        chain.append(
            seal(
                event_id=f"{cid}-{seq}",
                complaint_id=cid,
                seq=seq,
                kind=kind,
                actor="Lin",
                at=at.add(seconds=seq),
                payload=payload,
                prev_hash=chain[-1].hash,
            )
        )
    record = facts.as_record()
    return [record[name] for name in FACT_COLUMNS], chain


async def _fill(db: Path) -> None:
    store = await Store.open(db)
    await store.close()
    conn = sqlite3.connect(db)
    with conn:
        for n in range(SIZE):
            facts, chain = _chain(n)
            conn.execute(
                f"INSERT INTO complaints ({', '.join(FACT_COLUMNS)})"
                f" VALUES ({', '.join('?' for _ in FACT_COLUMNS)})",
                facts,
            )
            conn.executemany(
                "INSERT INTO complaint_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (e.id, e.complaint_id, e.seq, e.kind, e.actor, e.at, e.payload, e.prev_hash)
                    + (e.hash,)
                    for e in chain
                ],
            )
    conn.close()


def _row(item: Any) -> tuple[Any, ...]:
    return (item.key, item.kind, item.status, item.due)


async def test_the_first_screenful_is_the_head_of_the_whole_queue(
    make_desk: MakeDesk, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    await _fill(db)
    app = make_desk(db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.complaints is not None, "the complaint side starts")
        desk = complaints_of(app)
        await desk.wait_first_page()
        first = [_row(item) for item in desk.items]
        # Only the first screenful is read yet: the rest of the 10,000 follows.
        assert not desk.loaded
        assert len(first) == PAGE_ROWS
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "the queue opens")
        queue = app.screen.query_one(QueueList)
        shown = [_row(item) for item in queue.items[: queue.size.height]]
        assert shown == first[: len(shown)]

        await desk.wait_ready()
        assert desk.loaded
        # The same rows, worked out the slow way from every event of every complaint,
        # without the cached state.
        with sqlite3.connect(db) as conn:
            conn.row_factory = sqlite3.Row
            facts = conn.execute(
                f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints ORDER BY id"
            ).fetchall()
            events = conn.execute(
                "SELECT * FROM complaint_events ORDER BY complaint_id, seq"
            ).fetchall()
        conn.close()
        pairs = group_open(facts, events, "Lin")
        whole = await asyncio.to_thread(build_queue, pairs, desk.rules, zone=desk.zone)
        assert first == [_row(item) for item in whole[:PAGE_ROWS]]
        assert [_row(item) for item in desk.items] == [_row(item) for item in whole]
        complaints = sum(1 for item in whole if item.kind == "complaint")
        assert complaints > 8000 and len(whole) - complaints > 500
