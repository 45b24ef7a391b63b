"""Workstations for the sync tests, filled the way the desk fills them (through the
store's own save functions), and what the central store holds, read back."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pendulum

from tests.central.conftest import central_url, pg_password, pg_url  # noqa: F401
from tests.tui.conftest import clock, make_desk  # noqa: F401
from tui.central.opener import open_central
from tui.domain.breaks import Reminder
from tui.domain.call_in_hand import HeldCall
from tui.domain.calls import Call
from tui.store.breaks import end_break, flag_for_lead, save_reminder, start_break
from tui.store.call_in_hand import discard_call, start_call
from tui.store.calls import correct_reason, save_call
from tui.store.complaints import append_event, open_complaint
from tui.store.db import Store
from tui.sync.streams import COMPLAINT_EVENTS, COMPLAINTS, RECORD_STREAMS

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "김민수",
    "contact": "010-1234-5678",
    "class_code": "easy",
    "what_happened": "照片迟到了",
}
STREAMS = (*RECORD_STREAMS, COMPLAINTS, COMPLAINT_EVENTS)


async def _reason(store: Store) -> str:
    row = await store.fetchone(
        "SELECT code FROM reasons WHERE parent_code IS NOT NULL ORDER BY sort"
    )
    assert row is not None
    return str(row["code"])


def a_call(tag: str, i: int, reason: str) -> Call:
    started = T0.add(minutes=2 * i)
    return Call(
        id=f"call-{tag}-{i:05d}",
        agent="Lin",
        started_at=started,
        ended_at=started.add(seconds=90),
        caller="13812345678",
        reason_code=reason,
        outcome="handled",
        mood="upset" if i % 3 == 0 else "calm",
        satisfaction=4,
        note=f"{tag} {i}: 客户询问 주문",
    )


async def fill(path: Path, tag: str = "a", calls: int = 30) -> None:
    """A day of one agent: calls (one corrected, one discarded), a complaint with a few
    register entries, a reminder through its states, a break started and ended, a flag."""
    store = await Store.open(path)
    try:
        reason = await _reason(store)
        for i in range(calls):
            await save_call(store, a_call(tag, i, reason))
        await correct_reason(store, f"call-{tag}-00000", reason, "Lin", T0.add(hours=3))
        held = HeldCall(call_id=f"held-{tag}", started_at=T0.add(hours=4))
        await start_call(store, "Lin", held, T0.add(hours=4))
        cid = await open_complaint(
            store, FORM, T0.add(days=2), 1, "Lin", T0.add(hours=4), call_id=f"held-{tag}"
        )
        await append_event(store, cid, "note", "Lin", T0.add(hours=4, minutes=5), {"text": "확인"})
        await discard_call(store, "Lin", f"held-{tag}", "test", T0.add(hours=4, minutes=6))
        reminder = Reminder(id=f"rem-{tag}", trigger="abusive_call", created_at=T0.add(hours=5))
        await save_reminder(store, reminder, agent="Lin")
        shown = replace(reminder, state="shown", shown_at=T0.add(hours=5, seconds=5))
        await save_reminder(store, shown, agent="Lin")
        taken = replace(shown, state="taken", updated_at=T0.add(hours=5, seconds=30))
        await save_reminder(store, taken, agent="Lin")
        pause = await start_break(
            store,
            agent="Lin",
            code="reset",
            now=T0.add(hours=5, minutes=1),
            trigger="abusive_call",
            reminder_id=f"rem-{tag}",
            mood_before=2,
        )
        await end_break(store, pause.id, now=T0.add(hours=5, minutes=6), mood_after=4)
        await flag_for_lead(
            store, agent="Lin", kind="abusive", call_id=f"call-{tag}-00000", now=T0.add(hours=5)
        )
    finally:
        await store.close()


def make_workstation(path: Path, tag: str = "a", calls: int = 30) -> Path:
    asyncio.run(fill(path, tag, calls))
    return path


def local_rows(path: Path, stream: str, columns: tuple[str, ...]) -> set[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(f"SELECT {', '.join(columns)} FROM {stream}"))
    finally:
        conn.close()


def central_dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the push writes, in key order: two dumps are equal when
    the store is unchanged."""
    with open_central(url) as central:
        dump = {}
        for table in ("stations", "sync_cursors", *(s.name for s in STREAMS)):
            rows = central.fetchall(f"SELECT * FROM {table}")
            dump[table] = sorted(rows, key=repr)
        return dump


def central_count(url: str, table: str) -> int:
    with open_central(url) as central:
        row = central.fetchone(f"SELECT COUNT(*) FROM {table}")
        assert row is not None
        return int(row[0])


def assert_all_exactly_once(local: Path, url: str, station: str = "ws-1") -> None:
    """Every local row of every stream is in central once, with the local values."""
    with open_central(url) as central:
        for stream in STREAMS:
            want = local_rows(local, stream.name, stream.columns)
            got = central.fetchall(f"SELECT {', '.join(stream.columns)} FROM {stream.name}")
            assert len(got) == len(set(got)), stream.name
            assert set(got) == want, stream.name
            if stream.stationed:
                stations = central.fetchall(f"SELECT DISTINCT station FROM {stream.name}")
                assert stations in ([], [(station,)]), stream.name
