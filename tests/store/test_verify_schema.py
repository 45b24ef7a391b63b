"""Which guards `verify_register` expects of a database: those its own migrations define."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from tui.store.complaints import GUARDS, NothingToVerify, verify_register
from tui.store.db import Store
from tui.store.migrations import (
    DatabaseTooNew,
    apply_migrations,
    defined_triggers,
    known_migrations,
)


async def migrated_to(path: Path, version: int) -> None:
    async with aiosqlite.connect(path) as conn:
        await apply_migrations(conn, known_migrations()[:version])


async def test_the_migrations_define_every_register_guard() -> None:
    defined = await defined_triggers(known_migrations())
    assert set(GUARDS) <= set(defined)
    for table in ("calls", "call_reason_corrections", "call_starts", "call_discards"):
        for action in ("no_replace", "no_update", "no_delete"):
            assert f"{table}_{action}" in defined


async def test_a_database_from_before_a_guard_existed_is_judged_by_its_own(tmp_db: Path) -> None:
    await migrated_to(tmp_db, 4)
    result = await verify_register(tmp_db)
    assert result.ok, (result.missing_guards, result.altered_guards)


async def test_a_current_database_verifies(tmp_db: Path) -> None:
    store = await Store.open(tmp_db, seed=False)
    await store.close()
    result = await verify_register(tmp_db)
    assert result.ok and (result.complaints, result.events) == (0, 0)


async def test_a_database_from_before_the_register_has_nothing_to_verify(tmp_db: Path) -> None:
    await migrated_to(tmp_db, 1)
    with pytest.raises(NothingToVerify) as info:
        await verify_register(tmp_db)
    assert (info.value.why, info.value.version) == ("no_register", 1)


async def test_a_newer_database_is_not_judged(tmp_db: Path) -> None:
    store = await Store.open(tmp_db, seed=False)
    await store.close()
    async with aiosqlite.connect(tmp_db) as conn:
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'later')")
        await conn.commit()
    with pytest.raises(DatabaseTooNew) as info:
        await verify_register(tmp_db)
    assert info.value.found == 99


async def test_a_register_without_its_schema_record_is_held_to_every_guard(tmp_db: Path) -> None:
    store = await Store.open(tmp_db, seed=False)
    await store.close()
    async with aiosqlite.connect(tmp_db) as conn:
        await conn.execute("DROP TRIGGER calls_no_update")
        await conn.execute("DROP TABLE schema_migrations")
        await conn.commit()
    result = await verify_register(tmp_db)
    assert result.missing_guards == ("calls_no_update",)
