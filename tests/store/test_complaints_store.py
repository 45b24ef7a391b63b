from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from pendulum import DateTime

from tests.store.rows import value
from tui.domain.clock import to_iso
from tui.domain.complaints import FACT_COLUMNS, ComplaintFacts, FormInvalid, parse_form
from tui.domain.ids import uuid7
from tui.domain.register import GENESIS, RegisterRefused, opening_payload, seal
from tui.store.complaints import (
    GUARDS,
    append_event,
    events_for,
    load_complaint,
    load_open_queue,
    open_complaint,
    verify_register,
)
from tui.store.db import Store
from tui.store.drafts import load_draft, save_draft
from tui.store.exports import (
    COMPLAINT_FIELDS,
    EVENT_FIELDS,
    stream_complaints,
    stream_events,
)

T0 = pendulum.datetime(2026, 11, 24, 1, 0, tz="UTC")
FORM = {
    "customer_name": "王小明",
    "contact": "138-1234-5678",
    "reference": "A-1001",
    "class_code": "complex",
    "department": "制作部",
    "what_happened": "水晶相框破损 💔",
    "remedy_requested": "换新",
}


def hours(n: float) -> DateTime:
    return T0.add(minutes=int(n * 60))


@pytest.fixture
async def store(tmp_db: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_db, seed=False)
    try:
        yield s
    finally:
        await s.close()


async def opened(
    store: Store, *, actor: str = "li", at: DateTime = T0, promise_h: float = 24
) -> str:
    return await open_complaint(store, FORM, at + timedelta(hours=promise_h), "r7", actor, at)


# ---------------------------------------------------------------- opening and appending


async def test_opening_writes_the_facts_and_the_opened_event_together(store: Store) -> None:
    cid = await opened(store)
    row = await store.fetchone("SELECT * FROM complaints WHERE id = ?", (cid,))
    assert row is not None
    assert row["contact"] == "13812345678"
    assert row["opened_by"] == "li" and row["opened_at"] == to_iso(T0)
    events = await events_for(store, cid)
    assert [e.kind for e in events] == ["opened"]
    assert events[0].seq == 1 and events[0].prev_hash == GENESIS
    assert events[0].data["facts"] == {name: row[name] for name in FACT_COLUMNS}
    assert events[0].data["promised_at"] == to_iso(hours(24))
    assert events[0].data["rule_revision"] == "r7"


async def test_an_invalid_form_opens_nothing(store: Store) -> None:
    with pytest.raises(FormInvalid) as info:
        await open_complaint(store, {**FORM, "what_happened": ""}, hours(2), 1, "li", T0)
    assert info.value.errors == {"what_happened": "complaint.what_happened_required"}
    assert await value(store, "SELECT COUNT(*) FROM complaints") == 0


async def test_opening_discards_the_agents_draft_in_the_same_transaction(store: Store) -> None:
    await save_draft(store, "li", FORM, T0)
    await save_draft(store, "kim", {"customer_name": "박"}, T0)
    await opened(store)
    assert await load_draft(store, "li") is None
    assert await load_draft(store, "kim") is not None


async def test_append_chains_seq_and_hash(store: Store) -> None:
    cid = await opened(store)
    first = (await events_for(store, cid))[0]
    note = await append_event(store, cid, "note", "li", hours(1), {"text": "客户要求加急"})
    fwd = await append_event(store, cid, "forwarded", "li", hours(2), {"department": "工厂"})
    assert (note.seq, fwd.seq) == (2, 3)
    assert note.prev_hash == first.hash and fwd.prev_hash == note.hash
    assert await events_for(store, cid) == [first, note, fwd]


async def test_a_refused_event_writes_nothing(store: Store) -> None:
    cid = await opened(store)
    with pytest.raises(RegisterRefused) as info:
        await append_event(
            store, cid, "extended", "li", hours(1), {"reason": "排期", "promised_at": hours(48)}
        )
    assert info.value.key == "complaint.extend_needs_contact"
    assert len(await events_for(store, cid)) == 1


async def test_appending_to_an_unknown_complaint_is_refused(store: Store) -> None:
    with pytest.raises(RegisterRefused) as info:
        await append_event(store, "nope", "note", "li", T0, {"text": "x"})
    assert info.value.key == "complaint.unknown"


async def test_a_full_life_derives_from_the_stored_events(store: Store) -> None:
    cid = await opened(store)
    await append_event(store, cid, "contacted", "li", hours(1), {"note": "告知延期"})
    await append_event(
        store, cid, "extended", "li", hours(2), {"reason": "工厂排期", "promised_at": hours(48)}
    )
    await append_event(
        store, cid, "paused", "li", hours(3), {"reason": "等照片", "remaining_s": 90}
    )
    await append_event(store, cid, "resumed", "li", hours(5), {"promised_at": hours(6)})
    await append_event(store, cid, "reassigned", "lead", hours(5), {"to": "zhang"})
    await append_event(store, cid, "escalated", "zhang", hours(5.5), {"reason": "客户要求主管"})
    await append_event(store, cid, "replied", "zhang", hours(5.9), {"summary": "已补寄"})
    loaded = await load_complaint(store, cid)
    assert loaded is not None
    facts, state = loaded
    assert facts.customer_name == "王小明"
    assert state.status == "replied" and state.owner == "zhang" and state.escalated
    assert state.original_promised_at == hours(24) and state.promised_at == hours(6)
    assert state.promise_kept is True
    assert await load_complaint(store, "nope") is None


# ---------------------------------------------------------------- append-only in the database


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE complaint_events SET actor = 'x'",
        "DELETE FROM complaint_events",
        "UPDATE complaints SET customer_name = 'x'",
        "DELETE FROM complaints",
    ],
)
async def test_the_database_refuses_to_rewrite_history(
    store: Store, tmp_db: Path, sql: str
) -> None:
    await opened(store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with store.transaction() as conn:
            await conn.execute(sql)
    raw = sqlite3.connect(tmp_db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(sql)
    finally:
        raw.close()
    assert (await verify_register(store)).ok


# ---------------------------------------------------------------- verification


async def _two_complaints(store: Store) -> tuple[str, str]:
    a = await opened(store)
    await append_event(store, a, "note", "li", hours(1), {"text": "一"})
    await append_event(
        store, a, "contacted", "li", hours(2), {"note": "二", "number": "13900001111"}
    )
    await append_event(store, a, "note", "li", hours(3), {"text": "三"})
    b = await opened(store, actor="kim", at=hours(0.5))
    return a, b


def _tamper(path: Path, *sql: tuple[str, tuple[object, ...]]) -> None:
    """Edit behind the triggers' back, the way someone with the file would."""
    raw = sqlite3.connect(path)
    try:
        for name in GUARDS:
            raw.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement, params in sql:
            raw.execute(statement, params)
        raw.commit()
    finally:
        raw.close()


async def test_an_untouched_register_verifies(store: Store, tmp_db: Path) -> None:
    await _two_complaints(store)
    result = await verify_register(store)
    assert result.ok and result.first is None
    assert (result.complaints, result.events) == (2, 5)
    assert (await verify_register(tmp_db)).ok


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "zhang"),
        ("at", "2026-11-24T01:30:00+00:00"),
        ("payload", '{"text":"被改过"}'),
        ("kind", "escalated"),
        ("seq", 9),
        ("prev_hash", "f" * 64),
        ("hash", "0" * 64),
        ("id", "0190aaaa-0000-7000-8000-000000000000"),
        ("complaint_id", "B"),
    ],
)
async def test_an_edited_event_is_named(
    store: Store, tmp_db: Path, column: str, value: object
) -> None:
    a, b = await _two_complaints(store)
    target = (await events_for(store, a))[3 - 1]
    if value == "B":
        value = b
    await store.close()
    _tamper(tmp_db, (f"UPDATE complaint_events SET {column} = ? WHERE id = ?", (value, target.id)))
    result = await verify_register(tmp_db)
    assert not result.ok
    first = result.first
    assert first is not None and first.reason == "hash_mismatch"
    renamed = value if column == "id" else target.id
    assert first.event_id == renamed
    assert first.complaint_id == (b if column == "complaint_id" else a)
    assert set(result.missing_guards) == set(GUARDS)


async def test_an_edited_complaint_row_is_named(store: Store, tmp_db: Path) -> None:
    a, _ = await _two_complaints(store)
    opened_event = (await events_for(store, a))[0]
    await store.close()
    _tamper(tmp_db, ("UPDATE complaints SET what_happened = '客户无理取闹' WHERE id = ?", (a,)))
    first = (await verify_register(tmp_db)).first
    assert first is not None
    assert (first.complaint_id, first.event_id, first.kind, first.reason) == (
        a,
        opened_event.id,
        "opened",
        "facts_mismatch",
    )


async def test_a_deleted_event_is_found(store: Store, tmp_db: Path) -> None:
    a, _ = await _two_complaints(store)
    events = await events_for(store, a)
    await store.close()
    _tamper(tmp_db, ("DELETE FROM complaint_events WHERE id = ?", (events[1].id,)))
    first = (await verify_register(tmp_db)).first
    assert first is not None
    assert (first.event_id, first.reason) == (events[2].id, "seq_gap")


async def test_dropped_guards_are_reported_even_when_no_row_changed(
    store: Store, tmp_db: Path
) -> None:
    await _two_complaints(store)
    await store.close()
    _tamper(tmp_db)
    result = await verify_register(tmp_db)
    assert result.problems == () and not result.ok
    assert set(result.missing_guards) == set(GUARDS)


async def test_verifying_a_path_writes_nothing(store: Store, tmp_db: Path) -> None:
    await _two_complaints(store)
    await store.close()
    before = tmp_db.read_bytes()
    assert (await verify_register(str(tmp_db))).ok
    assert tmp_db.read_bytes() == before


async def test_verifying_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        await verify_register(tmp_path / "none.sqlite3")


# ---------------------------------------------------------------- the open queue


async def test_the_queue_holds_what_is_not_closed_most_urgent_first(store: Store) -> None:
    late = await opened(store, promise_h=48)
    soon = await opened(store, promise_h=2)
    paused = await opened(store, promise_h=1)
    await append_event(
        store, paused, "paused", "li", hours(0.5), {"reason": "等资料", "remaining_s": 60}
    )
    done = await opened(store)
    await append_event(store, done, "closed", "li", hours(1), {"resolution": "客户撤诉"})
    queue = await load_open_queue(store)
    assert [facts.id for facts, _ in queue] == [soon, late, paused]
    assert [state.status for _, state in queue] == ["open", "open", "paused"]


async def test_the_queue_follows_the_owner_after_reassignment(store: Store) -> None:
    mine = await opened(store, actor="li")
    theirs = await opened(store, actor="kim")
    moved = await opened(store, actor="li")
    await append_event(store, moved, "reassigned", "lead", hours(1), {"to": "kim"})
    assert [f.id for f, _ in await load_open_queue(store, owner="li")] == [mine]
    assert {f.id for f, _ in await load_open_queue(store, owner="kim")} == {theirs, moved}


async def test_ten_thousand_open_complaints_load_in_two_queries(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = parse_form(FORM)
    complaint_rows: list[tuple[object, ...]] = []
    event_rows: list[tuple[object, ...]] = []
    for i in range(10_000):
        at = T0.add(seconds=i)
        facts = ComplaintFacts.from_form(
            form, id=uuid7(at), call_id=None, opened_at=to_iso(at), opened_by=f"agent{i % 40}"
        )
        payload = opening_payload(facts, promised_at=at.add(hours=24), rule_revision=1)
        first = seal(
            event_id=uuid7(at),
            complaint_id=facts.id,
            seq=1,
            kind="opened",
            actor=facts.opened_by,
            at=at,
            payload=payload,
            prev_hash=GENESIS,
        )
        note = seal(
            event_id=uuid7(at),
            complaint_id=facts.id,
            seq=2,
            kind="note",
            actor=facts.opened_by,
            at=at,
            payload={"text": "已记录"},
            prev_hash=first.hash,
        )
        record = facts.as_record()
        complaint_rows.append(tuple(record[name] for name in FACT_COLUMNS))
        for e in (first, note):
            event_rows.append(
                (e.id, e.complaint_id, e.seq, e.kind, e.actor, e.at, e.payload, e.prev_hash, e.hash)
            )
    async with store.transaction() as conn:
        await conn.executemany(
            f"INSERT INTO complaints ({', '.join(FACT_COLUMNS)}) VALUES ({', '.join('?' * len(FACT_COLUMNS))})",
            complaint_rows,
        )
        await conn.executemany(
            "INSERT INTO complaint_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", event_rows
        )
    calls: list[str] = []
    real = store.fetchall

    async def counting(sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        calls.append(sql)
        return await real(sql, params)

    monkeypatch.setattr(store, "fetchall", counting)
    started = time.perf_counter()
    queue = await load_open_queue(store)
    elapsed = time.perf_counter() - started
    assert len(queue) == 10_000
    assert len(calls) == 2
    assert all(state.events == 2 for _, state in queue)
    assert elapsed < 10, f"{elapsed:.1f}s for 10,000 open complaints"
    assert len(await load_open_queue(store, owner="agent7")) == 250


# ---------------------------------------------------------------- exports


async def _exported_store(store: Store) -> str:
    cid = await opened(store)
    await append_event(
        store, cid, "contacted", "li", hours(1), {"note": "回电", "number": "13900001111"}
    )
    await append_event(
        store,
        cid,
        "extended",
        "li",
        hours(2),
        {
            "reason": "排期",
            "promised_at": hours(48),
            "contact": {"note": "同意", "number": "13700002222"},
        },
    )
    await append_event(store, cid, "escalated", "li", hours(3), {"reason": "主管跟进"})
    return cid


async def export_complaints(store: Store, *, unmask: bool = False) -> list[dict[str, object]]:
    with sqlite3.connect(store.path) as conn:
        chunks = stream_complaints(conn, unmask=unmask)
        return [dict(zip(COMPLAINT_FIELDS, r, strict=True)) for chunk in chunks for r in chunk]


async def export_events(store: Store, *, unmask: bool = False) -> list[dict[str, object]]:
    with sqlite3.connect(store.path) as conn:
        chunks = stream_events(conn, unmask=unmask)
        return [dict(zip(EVENT_FIELDS, r, strict=True)) for chunk in chunks for r in chunk]


async def test_export_complaints_masks_the_customer_by_default(store: Store) -> None:
    cid = await _exported_store(store)
    [row] = await export_complaints(store)
    assert row["id"] == cid and row["class"] == "complex"
    assert row["status"] == "open" and row["owner"] == "li" and row["escalated"] is True
    assert row["opened_at"] == to_iso(T0)
    assert row["original_promised_at"] == to_iso(hours(24))
    assert row["promised_at"] == to_iso(hours(48))
    assert row["replied_at"] is None and row["closed_at"] is None
    assert row["contact"] == "1******5678"
    assert row["customer_name"] == "王**"
    [full] = await export_complaints(store, unmask=True)
    assert full["contact"] == "13812345678" and full["customer_name"] == "王小明"


async def test_export_events_masks_numbers_inside_payloads(store: Store) -> None:
    await _exported_store(store)
    masked = await export_events(store)
    assert [e["kind"] for e in masked] == ["opened", "contacted", "extended", "escalated"]
    text = repr(masked)
    for number in ("13812345678", "13900001111", "13700002222"):
        assert number not in text
    assert masked[0]["payload"]["facts"]["contact"] == "1******5678"  # type: ignore[index]
    assert masked[1]["payload"]["number"] == "1******1111"  # type: ignore[index]
    assert masked[2]["payload"]["contact"]["number"] == "1******2222"  # type: ignore[index]
    assert masked[2]["payload"]["contact"]["note"] == "同意"  # type: ignore[index]
    full = repr(await export_events(store, unmask=True))
    for number in ("13812345678", "13900001111", "13700002222"):
        assert number in full
