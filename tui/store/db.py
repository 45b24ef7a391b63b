"""One SQLite connection per process, opened safely, migrated, and written in short
`BEGIN IMMEDIATE` transactions that wait out other processes instead of failing."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from tui.store.migrations import apply_migrations

BUSY_TIMEOUT_MS = 2000
# How long a write keeps retrying a locked database before giving up with StoreBusy.
LOCK_PATIENCE_S = 60.0

WaitCallback = Callable[[float], None]


class StoreBusy(Exception):
    """Another program held the database for longer than we were willing to wait."""


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


class Store:
    """The app's single connection. Writes go through `transaction()`, one at a time."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        self.on_wait: WaitCallback | None = None

    @classmethod
    async def open(cls, path: Path | str, *, seed: bool = True) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            create_private_file(path)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = FULL")
            await conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            await store._retry(lambda: apply_migrations(conn, where=str(path)))
            if seed:
                from tui.store.seed import load_seed_if_empty

                await store._retry(lambda: load_seed_if_empty(store))
        except BaseException:
            await conn.close()
            raise
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                os.chmod(side, 0o600)
        return store

    async def close(self) -> None:
        await self.conn.close()

    async def _retry(self, attempt: Callable[[], Any]) -> Any:
        """Run `attempt` until it gets past a lock held by another process."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        delay = 0.05
        while True:
            try:
                return await attempt()
            except sqlite3.OperationalError as exc:
                if not _is_locked(exc):
                    raise
                waited = loop.time() - started
                if waited > LOCK_PATIENCE_S:
                    raise StoreBusy(str(self.path)) from exc
                if self.on_wait is not None:
                    self.on_wait(waited)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """`BEGIN IMMEDIATE` … `COMMIT`: takes the write lock up front, so a unit of work
        never fails half-way because another writer got there first."""
        async with self._write_lock:
            await self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            try:
                yield self.conn
            except BaseException:
                await self._rollback()
                raise
            else:
                await self._retry(lambda: self.conn.execute("COMMIT"))

    async def _rollback(self) -> None:
        """Undo the unit of work. SQLite has already rolled back by itself after a full
        disk or an I/O error; the error that caused it is the one worth reporting."""
        if not self.conn.in_transaction:
            return
        try:
            await self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async def run() -> list[sqlite3.Row]:
            async with self.conn.execute(sql, params) as cur:
                return list(await cur.fetchall())

        result: list[sqlite3.Row] = await self._retry(run)
        return result

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)
