"""A call's save: one durable transaction, made in one trip to the database's thread, that
records the call, its start if F2 could not, and takes it out of hand; all or nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import pytest

from tests.store.rows import value
from tui.domain.call_in_hand import HeldCall
from tui.domain.calls import Call
from tui.domain.clock import FakeClock
from tui.store import call_in_hand as held_store
from tui.store import calls as call_store
from tui.store.db import Store


@pytest.fixture
async def store(tmp_db: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_db)
    yield store
    await store.close()


def ended(clock: FakeClock, call_id: str) -> Call:
    start = clock.now()
    return Call(call_id, "Lin", start, start.add(minutes=3), "13812345678",
                "inq.billing.balance", "answered", "calm", 5, "")  # fmt: skip


async def count(store: Store, sql: str, *params: object) -> int:
    row = await store.fetchone(sql, params)
    assert row is not None
    return int(row[0])


async def test_the_save_is_one_trip_to_the_database_thread(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    await held_store.start_call(store, "Lin", HeldCall("c1", clock.now()), clock.now())
    trips: list[Any] = []
    # aiosqlite leaves its private `_execute` unannotated.
    real = cast(Callable[..., Awaitable[Any]], type(store.conn)._execute)

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(type(store.conn), "_execute", counted)
    await call_store.save_call(store, ended(clock, "c1"))
    monkeypatch.undo()
    # BEGIN, three statements and COMMIT used to be five trips, each a thread switch.
    assert len(trips) == 1
    assert await count(store, "SELECT COUNT(*) FROM calls WHERE id = 'c1'") == 1
    assert await count(store, "SELECT COUNT(*) FROM calls_in_hand") == 0
    assert await value(store, "PRAGMA synchronous") == 2  # FULL: durable on return


async def test_a_save_without_a_recorded_start_records_it(store: Store) -> None:
    clock = FakeClock()
    await call_store.save_call(store, ended(clock, "c2"))
    assert await count(store, "SELECT COUNT(*) FROM call_starts WHERE id = 'c2'") == 1
    assert await count(store, "SELECT COUNT(*) FROM calls WHERE id = 'c2'") == 1


async def test_a_refused_save_changes_nothing(store: Store) -> None:
    clock = FakeClock()
    await call_store.save_call(store, ended(clock, "c3"))
    # The same call again, in hand (somehow) once more: the append-only guard refuses
    # the row, and the call stays in hand, as one transaction.
    await store.conn.execute("BEGIN IMMEDIATE")
    await store.conn.execute(
        "INSERT INTO calls_in_hand (call_id, agent, state, updated_at, seen_at)"
        " VALUES ('c3', 'Kim', '{}', '', '')"
    )
    await store.conn.execute("COMMIT")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await call_store.save_call(store, ended(clock, "c3"))
    assert not store.conn.in_transaction
    assert await count(store, "SELECT COUNT(*) FROM calls_in_hand WHERE call_id = 'c3'") == 1
    assert await count(store, "SELECT COUNT(*) FROM calls WHERE id = 'c3'") == 1
    # The connection is free for the next write.
    await call_store.save_call(store, ended(clock, "c4"))
    assert await count(store, "SELECT COUNT(*) FROM calls WHERE id = 'c4'") == 1
