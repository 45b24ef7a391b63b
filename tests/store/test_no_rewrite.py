"""The database itself refuses to rewrite the register and the calls: not by UPDATE, not by
DELETE, and not by REPLACE, whose implicit delete fires no DELETE trigger.

Each attempt is made the way someone holding the file would: a plain sqlite3 connection to
the real file, with agentdesk nowhere in the way.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pendulum
import pytest

from tui.domain.calls import Call
from tui.domain.register import Event, seal
from tui.store import calls as call_store
from tui.store.complaints import append_event, events_for, open_complaint
from tui.store.db import Store

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "王小明",
    "contact": "13812345678",
    "class_code": "complex",
    "what_happened": "水晶相框破损",
}


def build(path: Path) -> tuple[str, list[Event]]:
    """A saved call with a corrected tag, and a complaint whose last event is `escalated`."""

    async def go() -> tuple[str, list[Event]]:
        store = await Store.open(path)
        try:
            call = Call("call-1", "li", T0, T0.add(minutes=4), "13812345678",
                        "inq.billing.balance", "complaint", "upset", None, "")  # fmt: skip
            await call_store.save_call(store, call)
            await call_store.correct_reason(
                store, "call-1", "inq.billing.amount", "li", T0.add(minutes=5)
            )
            cid = await open_complaint(
                store, FORM, T0.add(hours=24), 1, "li", T0.add(minutes=2), call_id="call-1"
            )
            await append_event(
                store, cid, "escalated", "li", T0.add(minutes=6), {"reason": "客户要求主管"}
            )
            return cid, await events_for(store, cid)
        finally:
            await store.close()

    return asyncio.run(go())


def attempt(path: Path, sql: str, params: tuple[object, ...] = ()) -> None:
    raw = sqlite3.connect(path)
    try:
        raw.execute(sql, params)
        raw.commit()
    finally:
        raw.close()


def row(path: Path, sql: str, params: tuple[object, ...] = ()) -> tuple[object, ...]:
    raw = sqlite3.connect(path)
    try:
        found = raw.execute(sql, params).fetchone()
    finally:
        raw.close()
    assert found is not None
    return tuple(found)


def test_an_escalation_cannot_be_replaced_by_a_resealed_note(tmp_db: Path) -> None:
    cid, events = build(tmp_db)
    escalated = events[-1]
    # The forgery seen in the field: same place in the chain, a new id, a valid hash.
    forged = seal(
        event_id="0190aaaa-0000-7000-8000-000000000000",
        complaint_id=cid,
        seq=escalated.seq,
        kind="note",
        actor="li",
        at=T0.add(minutes=6),
        payload={"text": "一切正常"},
        prev_hash=escalated.prev_hash,
    )
    for verb in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            attempt(
                tmp_db,
                f"{verb} complaint_events (id, complaint_id, seq, kind, actor, at, payload,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    forged.id,
                    forged.complaint_id,
                    forged.seq,
                    forged.kind,
                    forged.actor,
                    forged.at,
                    forged.payload,
                    forged.prev_hash,
                    forged.hash,
                ),  # fmt: skip
            )
    assert row(tmp_db, "SELECT kind, hash FROM complaint_events WHERE seq = 2") == (
        "escalated",
        escalated.hash,
    )


def test_a_complaints_contact_cannot_be_replaced(tmp_db: Path) -> None:
    cid, _ = build(tmp_db)
    columns = "id, call_id, opened_at, opened_by, customer_name, contact, reference,"
    columns += " class_code, department, what_happened, remedy_requested"
    for verb in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            attempt(
                tmp_db,
                f"{verb} complaints ({columns}) SELECT id, call_id, opened_at, opened_by,"
                " customer_name, '13900000000', reference, class_code, department,"
                " what_happened, remedy_requested FROM complaints WHERE id = ?",
                (cid,),
            )
    assert row(tmp_db, "SELECT contact FROM complaints WHERE id = ?", (cid,)) == ("13812345678",)


REWRITES = [
    # complaint_events: by id, and by its place (complaint_id, seq) under a new id
    "REPLACE INTO complaint_events SELECT * FROM complaint_events WHERE seq = 2",
    "INSERT OR REPLACE INTO complaint_events SELECT 'new-id', complaint_id, seq, kind, actor,"
    " at, payload, prev_hash, hash FROM complaint_events WHERE seq = 2",
    "INSERT INTO complaint_events SELECT * FROM complaint_events WHERE seq = 2"
    " ON CONFLICT DO UPDATE SET kind = 'note'",
    "UPDATE complaint_events SET actor = 'zhang'",
    "DELETE FROM complaint_events WHERE seq = 2",
    # complaints
    "REPLACE INTO complaints SELECT * FROM complaints",
    "INSERT INTO complaints SELECT * FROM complaints WHERE true ON CONFLICT (id) DO UPDATE SET contact = ''",
    "UPDATE complaints SET contact = ''",
    "DELETE FROM complaints",
    # calls: a call row is never rewritten
    "REPLACE INTO calls SELECT * FROM calls",
    "INSERT OR REPLACE INTO calls SELECT id, agent, started_at, ended_at, caller, reason_code,"
    " 'answered', 'calm', 5, note FROM calls",
    "INSERT INTO calls SELECT * FROM calls WHERE true ON CONFLICT (id) DO UPDATE SET mood = 'calm'",
    "UPDATE calls SET mood = 'calm'",
    "DELETE FROM calls",
    # reason corrections
    "REPLACE INTO call_reason_corrections SELECT * FROM call_reason_corrections",
    "INSERT OR REPLACE INTO call_reason_corrections SELECT id, call_id, from_code, from_code,"
    " agent, corrected_at FROM call_reason_corrections",
    "UPDATE call_reason_corrections SET to_code = from_code",
    "DELETE FROM call_reason_corrections",
]


@pytest.mark.parametrize("sql", REWRITES)
def test_every_rewrite_is_refused_by_the_database(tmp_db: Path, sql: str) -> None:
    build(tmp_db)
    before = tmp_db.read_bytes()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        attempt(tmp_db, sql)
    counts = row(
        tmp_db,
        "SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaint_events),"
        " (SELECT COUNT(*) FROM calls), (SELECT COUNT(*) FROM call_reason_corrections)",
    )
    assert counts == (1, 2, 1, 1)
    assert row(tmp_db, "SELECT mood, contact FROM calls, complaints") == ("upset", "13812345678")
    assert tmp_db.read_bytes() == before


def test_new_rows_still_go_in(tmp_db: Path) -> None:
    """The guards refuse only a key that exists: the desk keeps appending."""
    cid, events = build(tmp_db)

    async def more() -> None:
        store = await Store.open(tmp_db)
        try:
            call = Call("call-2", "li", T0.add(hours=1), T0.add(hours=1, minutes=3), "",
                        "inq.billing.balance", "answered", "calm", 4, "")  # fmt: skip
            await call_store.save_call(store, call)
            await call_store.correct_reason(
                store, "call-2", "inq.billing.amount", "li", T0.add(hours=2)
            )
            await call_store.correct_reason(
                store, "call-2", "inq.billing.balance", "li", T0.add(hours=3)
            )
            await append_event(store, cid, "note", "li", T0.add(hours=4), {"text": "已回电"})
        finally:
            await store.close()

    asyncio.run(more())
    assert row(
        tmp_db,
        "SELECT (SELECT COUNT(*) FROM calls), (SELECT COUNT(*) FROM call_reason_corrections),"
        " (SELECT COUNT(*) FROM complaint_events)",
    ) == (2, 3, len(events) + 1)
