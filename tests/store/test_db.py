from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.store.rows import value
from tui.store import db as db_module
from tui.store.db import Store
from tui.store.migrations import DatabaseTooNew, apply_migrations, known_migrations


async def test_new_database_is_migrated_seeded_and_private(tmp_db: Path) -> None:
    store = await Store.open(tmp_db)
    try:
        versions = [r["version"] for r in await store.fetchall("SELECT * FROM schema_migrations")]
        assert versions == [m.version for m in known_migrations()]
        pragmas = {
            "journal_mode": await value(store, "PRAGMA journal_mode"),
            "synchronous": await value(store, "PRAGMA synchronous"),
            "foreign_keys": await value(store, "PRAGMA foreign_keys"),
        }
        assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}
        count = await value(store, "SELECT COUNT(*) FROM reasons")
        assert isinstance(count, int)
        assert count > 60
    finally:
        await store.close()
    assert stat.S_IMODE(tmp_db.stat().st_mode) == 0o600


async def test_reopening_applies_nothing_and_seeds_nothing_twice(tmp_db: Path) -> None:
    store = await Store.open(tmp_db)
    before = await value(store, "SELECT COUNT(*) FROM phrases")
    await store.close()
    store = await Store.open(tmp_db)
    try:
        assert await value(store, "SELECT COUNT(*) FROM phrases") == before
        assert await apply_migrations(store.conn) == []
    finally:
        await store.close()


async def test_old_database_is_brought_up_to_date(tmp_db: Path) -> None:
    import aiosqlite

    first = known_migrations()[:1]
    async with aiosqlite.connect(tmp_db, isolation_level=None) as conn:
        assert await apply_migrations(conn, first) == [1]
        await conn.execute(
            "INSERT INTO reasons (code, label_zh, label_en, label_ko) VALUES ('x', '甲', 'X', '엑스')"
        )
    store = await Store.open(tmp_db, seed=False)
    try:
        versions = [r[0] for r in await store.fetchall("SELECT version FROM schema_migrations")]
        assert versions == [m.version for m in known_migrations()]
        assert await value(store, "SELECT label_ko FROM reasons WHERE code = 'x'") == "엑스"
    finally:
        await store.close()


async def test_a_newer_database_is_refused_and_left_untouched(tmp_db: Path) -> None:
    store = await Store.open(tmp_db, seed=False)
    await store.close()
    with sqlite3.connect(tmp_db) as raw:
        raw.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    raw.close()
    digest = hashlib.sha256(tmp_db.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNew) as caught:
        await Store.open(tmp_db)
    assert "999" in str(caught.value) and "untouched" in str(caught.value)
    assert hashlib.sha256(tmp_db.read_bytes()).hexdigest() == digest


async def test_a_failed_migration_leaves_it_pending(tmp_db: Path) -> None:
    import aiosqlite

    from tui.store.migrations import Migration

    broken = [*known_migrations()[:1], Migration(2, "broken", "CREATE TABLE t (a); SELEKT;")]
    async with aiosqlite.connect(tmp_db, isolation_level=None) as conn:
        with pytest.raises(sqlite3.OperationalError):
            await apply_migrations(conn, broken)
        async with conn.execute("SELECT MAX(version) FROM schema_migrations") as cur:
            row = await cur.fetchone()
            assert row is not None
            assert row[0] == 1
        async with conn.execute("SELECT name FROM sqlite_master WHERE name = 't'") as cur:
            assert await cur.fetchone() is None


async def test_a_locked_database_is_waited_for(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 1)
    store = await Store.open(tmp_db, seed=False)
    other = sqlite3.connect(tmp_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    waits: list[float] = []

    def release(waited: float) -> None:
        waits.append(waited)
        if other.in_transaction:
            other.execute("COMMIT")

    store.on_wait = release
    try:
        await store.conn.execute("PRAGMA busy_timeout = 1")
        async with store.transaction() as conn:
            await conn.execute(
                "INSERT INTO reasons (code, label_zh, label_en, label_ko) VALUES ('w', 'a', 'b', 'c')"
            )
        assert waits, "the store should have reported that it was waiting"
        assert await value(store, "SELECT COUNT(*) FROM reasons WHERE code = 'w'") == 1
    finally:
        other.close()
        await store.close()
