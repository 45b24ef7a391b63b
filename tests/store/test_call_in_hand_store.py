"""The call in hand on disk: started at F2, kept on every change, saved or discarded."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from tests.store.rows import value
from tui.domain.call_in_hand import HeldCall, HeldCallUnreadable, read_state, state_text
from tui.domain.calls import Call
from tui.domain.clock import FakeClock
from tui.store import call_in_hand as held_store
from tui.store import calls as call_store
from tui.store.db import Store
from tui.store.migrations import apply_migrations, known_migrations


@pytest.fixture
async def store(tmp_db: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_db)
    yield store
    await store.close()


def a_call(clock: FakeClock, call_id: str = "c1") -> HeldCall:
    return HeldCall(call_id=call_id, started_at=clock.now())


async def test_start_keep_and_read_back(store: Store) -> None:
    clock = FakeClock()
    held = a_call(clock)
    await held_store.start_call(store, "Lin", held, clock.now())
    later = HeldCall("c1", held.started_at, "13812345678", "inq.billing.balance", {"order": "A-7"})
    await held_store.keep_call(store, "Lin", later, clock.advance(5))
    back = await held_store.held_call(store, "Lin")
    assert back is not None
    assert (back.caller, back.reason_code, dict(back.values)) == (
        "13812345678",
        "inq.billing.balance",
        {"order": "A-7"},
    )
    assert back.started_at == held.started_at and back.seen_at == clock.now()
    assert await held_store.held_call(store, "someone else") is None


async def test_a_late_write_never_puts_back_an_older_state(store: Store) -> None:
    clock = FakeClock()
    held = a_call(clock)
    await held_store.start_call(store, "Lin", held, clock.now())
    newer = HeldCall("c1", held.started_at, caller="138")
    await held_store.keep_call(store, "Lin", newer, clock.advance(10))
    older = HeldCall("c1", held.started_at, caller="1")
    await held_store.keep_call(store, "Lin", older, clock.now().subtract(seconds=5))
    back = await held_store.held_call(store, "Lin")
    assert back is not None and back.caller == "138"


async def test_saving_the_call_removes_it_from_hand_in_the_same_transaction(store: Store) -> None:
    clock = FakeClock()
    held = a_call(clock)
    await held_store.start_call(store, "Lin", held, clock.now())
    call = Call("c1", "Lin", held.started_at, clock.advance(60), "", "inq.billing.balance", "answered",
                "calm", None, "")  # fmt: skip
    await call_store.save_call(store, call)
    assert await held_store.held_call(store, "Lin") is None
    assert await value(store, "SELECT COUNT(*) FROM call_starts") == 1


async def test_a_discard_is_recorded_once_and_the_start_stays(store: Store) -> None:
    clock = FakeClock()
    await held_store.start_call(store, "Lin", a_call(clock), clock.now())
    await held_store.discard_call(store, "Lin", "c1", "no_customer", clock.advance(3))
    assert await held_store.held_call(store, "Lin") is None
    with pytest.raises(sqlite3.IntegrityError):
        await held_store.discard_call(store, "Lin", "c1", "duplicate", clock.advance(3))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE call_starts SET started_at = 'x'",
        "DELETE FROM call_starts",
        "INSERT OR REPLACE INTO call_starts VALUES ('c1', 'Lin', 'x')",
        "REPLACE INTO call_discards VALUES ('c1', 'Lin', 'x', 'test')",
        "UPDATE call_discards SET reason = 'test'",
        "DELETE FROM call_discards",
    ],
)
async def test_call_starts_and_discards_cannot_be_rewritten(store: Store, sql: str) -> None:
    clock = FakeClock()
    await held_store.start_call(store, "Lin", a_call(clock), clock.now())
    await held_store.discard_call(store, "Lin", "c1", "test", clock.now())
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with store.transaction() as conn:
            await conn.execute(sql)


async def test_an_unreadable_state_still_gives_the_call_back(store: Store) -> None:
    clock = FakeClock()
    await held_store.start_call(store, "Lin", a_call(clock), clock.now())
    async with store.transaction() as conn:
        await conn.execute("UPDATE calls_in_hand SET state = '{not json'")
    back = await held_store.held_call(store, "Lin")
    assert back is not None and back.call_id == "c1" and back.caller == ""


@pytest.mark.parametrize(
    "text",
    ["[]", '{"caller": 5}', '{"values": {"a": 1}}', '{"reason_code": []}', "{", '{"note": 1}'],
)
def test_read_state_refuses_what_it_did_not_write(text: str) -> None:
    with pytest.raises(HeldCallUnreadable):
        read_state("c1", FakeClock().now(), text)


def test_state_round_trips() -> None:
    held = HeldCall("c1", FakeClock().now(), "010 1234", "x.y", {"客户": "김민지"})
    assert read_state("c1", held.started_at, state_text(held)) == held
    noted = HeldCall("c1", FakeClock().now(), note="退款\n😡👍🏽 👨\u200d👩\u200d👧")
    assert read_state("c1", noted.started_at, state_text(noted)) == noted


def test_a_state_kept_before_notes_reads_with_no_note() -> None:
    back = read_state("c1", FakeClock().now(), '{"caller": "1", "values": {}}')
    assert back.note == ""


async def test_migration_4_moves_existing_complaints_across_whole(tmp_db: Path) -> None:
    """A register written before calls had starts keeps every row, key and guard."""
    async with aiosqlite.connect(tmp_db, isolation_level=None) as conn:
        await conn.execute("PRAGMA foreign_keys = ON")
        await apply_migrations(conn, known_migrations()[:3])
        await conn.executescript(
            """
            INSERT INTO reasons (code, label_zh, label_en, label_ko) VALUES ('r', '甲', 'R', '알');
            INSERT INTO calls (id, agent, started_at, ended_at, reason_code, outcome, mood)
                VALUES ('c0', 'Lin', '2026-11-01T01:00:00+00:00', '2026-11-01T01:05:00+00:00',
                        'r', 'complaint', 'upset');
            INSERT INTO complaints (id, call_id, opened_at, opened_by, customer_name, contact,
                                    class_code, what_happened)
                VALUES ('k1', 'c0', '2026-11-01T01:04:00+00:00', 'Lin', '朴', '010', 'simple',
                        'broken'),
                       ('k2', NULL, '2026-11-01T02:00:00+00:00', 'Lin', 'Li', '138', 'simple',
                        'late');
            INSERT INTO complaint_events (id, complaint_id, seq, kind, actor, at, payload,
                                          prev_hash, hash)
                VALUES ('e1', 'k1', 1, 'opened', 'Lin', '2026-11-01T01:04:00+00:00', '{}',
                        'g', 'h');
            """
        )
    store = await Store.open(tmp_db, seed=False)
    try:
        rows = await store.fetchall("SELECT id, call_id, customer_name FROM complaints ORDER BY id")
        assert [tuple(r) for r in rows] == [("k1", "c0", "朴"), ("k2", None, "Li")]
        starts = await store.fetchall("SELECT id, agent, started_at FROM call_starts")
        assert [tuple(r) for r in starts] == [("c0", "Lin", "2026-11-01T01:00:00+00:00")]
        assert await store.fetchall("PRAGMA foreign_key_check") == []
        assert await value(store, "PRAGMA foreign_keys") == 1
        fks = await store.fetchall("PRAGMA foreign_key_list(complaints)")
        assert [(r["table"], r["from"]) for r in fks] == [("call_starts", "call_id")]
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with store.transaction() as conn:
                await conn.execute("DELETE FROM complaints WHERE id = 'k2'")
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as conn:
                await conn.execute("DELETE FROM complaint_events")  # its own guard
    finally:
        await store.close()


async def test_a_migration_that_breaks_a_reference_is_rolled_back(tmp_db: Path) -> None:
    from tui.store.migrations import FOREIGN_KEYS_OFF, ForeignKeyViolation, Migration

    async with aiosqlite.connect(tmp_db, isolation_level=None) as conn:
        await conn.execute("PRAGMA foreign_keys = ON")
        broken = Migration(
            1,
            "broken",
            f"{FOREIGN_KEYS_OFF}\nCREATE TABLE a (id TEXT PRIMARY KEY);"
            "CREATE TABLE b (a_id TEXT REFERENCES a (id)); INSERT INTO b VALUES ('nowhere');",
        )
        with pytest.raises(ForeignKeyViolation):
            await apply_migrations(conn, [broken])
        async with conn.execute("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')") as cur:
            assert await cur.fetchall() == []
        async with conn.execute("PRAGMA foreign_keys") as cur:
            row = await cur.fetchone()
            assert row is not None
            assert row[0] == 1
