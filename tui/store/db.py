"""One SQLite connection per process, opened safely, migrated, and written in short
`BEGIN IMMEDIATE` transactions that wait out other processes instead of failing."""

from __future__ import annotations

import asyncio
import os
import re
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
BadRowCallback = Callable[[str, tuple[str, ...]], None]
"""Told the id of a row that could not be read, and which of its fields were damaged."""

# What the lenient decoder leaves for bytes that are not UTF-8 (surrogateescape).
_UNDECODED = re.compile("[\udc80-\udcff]")


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _shown(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_undecodable(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "decode" in str(exc)


JournalIds = tuple[tuple[int, int], tuple[int, int]]


def _journal_ids(path: Path) -> JournalIds:
    """Which files `<db>-wal` and `<db>-shm` are (device, inode): a journal deleted, or
    deleted and made again by another program, is no longer the one we write to."""
    ids = []
    for suffix in ("-wal", "-shm"):
        st = os.stat(str(path) + suffix)
        ids.append((st.st_dev, st.st_ino))
    return ids[0], ids[1]


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
        self.on_bad_row: BadRowCallback | None = None
        self._journal: JournalIds | None = None
        """The WAL files this connection writes through; None when not in WAL mode."""

    @classmethod
    async def open(cls, path: Path | str, *, seed: bool = True) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            create_private_file(path)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(conn, path)
            # Switching to WAL needs the file to itself: while another desk is creating
            # the same new file (migrations, seeding) it is waited out, not an error.
            await store._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            await conn.execute("PRAGMA synchronous = FULL")
            await conn.execute("PRAGMA foreign_keys = ON")
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
        await store._note_journal()
        return store

    async def _note_journal(self) -> None:
        row = await self.fetchone("PRAGMA journal_mode")
        self._journal = None
        if row is not None and str(row[0]).lower() == "wal":
            try:
                self._journal = _journal_ids(self.path)
            except OSError:
                pass  # nothing to watch yet: SQLite makes them on first use

    def journal_lost(self) -> bool:
        """Two stats, cheap enough for every second: has someone removed the WAL (or its
        index) from under us? Commits would then land in a file nobody else can see,
        and a kill would lose them."""
        if self._journal is None:
            return False
        try:
            return _journal_ids(self.path) != self._journal
        except FileNotFoundError:
            return True

    async def restore_journal(self) -> None:
        """Write everything the lost journal holds into the main file (our connection can
        still read it), then start a new journal beside the file.

        Switching the journal off needs the file to ourselves: while another program
        has it open this raises a lock error, after the checkpoint has already made the
        main file whole; the caller tries again later."""
        async with self._write_lock:
            # The last read makes SQLite create the new journal files.
            for sql in (
                "PRAGMA wal_checkpoint(TRUNCATE)",
                "PRAGMA journal_mode = DELETE",
                "PRAGMA journal_mode = WAL",
                "SELECT COUNT(*) FROM sqlite_master",
            ):
                await self._between_reads(sql)
            for suffix in ("-wal", "-shm"):
                side = Path(str(self.path) + suffix)
                if side.exists():
                    os.chmod(side, 0o600)
            await self._note_journal()

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

    async def write(self, unit: Callable[[sqlite3.Connection], None]) -> None:
        """Run `unit` in one `BEGIN IMMEDIATE` … `COMMIT` on the connection's own thread.

        The same durable transaction as `transaction()`, in one hop to that thread instead
        of one per statement: for the small writes the agent waits on (a call's save),
        the hops cost more than the writing. `unit` must only execute statements.
        """

        def run() -> None:
            # aiosqlite (0.22) offers no public way to run a function on its thread.
            conn = self.conn._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                unit(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # SQLite already rolled back (a full disk, an I/O error)
                raise

        async with self._write_lock:
            await self._retry(lambda: self.conn._execute(run))  # type: ignore[no-untyped-call]

    async def _rollback(self) -> None:
        """Undo the unit of work. SQLite has already rolled back by itself after a full
        disk or an I/O error; the error that caused it is the one worth reporting."""
        if not self.conn.in_transaction:
            return
        try:
            await self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    async def _between_reads(self, sql: str) -> None:
        """Run `sql` when no read of ours is half-way: another task's query can sit
        between its first row and the rest, and the journal cannot be switched then
        ("table is locked", which no busy timeout waits for)."""
        delay = 0.01
        for _ in range(50):
            try:
                async with self.conn.execute(sql) as cur:
                    await cur.fetchall()
                return
            except sqlite3.OperationalError as exc:
                if "table is locked" not in str(exc):
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.2)
        raise StoreBusy(str(self.path))

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """The rows; a row holding text that is not UTF-8 (written by something other
        than agentdesk, or damaged) is left out and named to `on_bad_row`, so one bad
        row never stops the desk."""

        async def run() -> list[sqlite3.Row]:
            async with self.conn.execute(sql, params) as cur:
                return list(await cur.fetchall())

        try:
            result: list[sqlite3.Row] = await self._retry(run)
        except sqlite3.OperationalError as exc:
            if not _is_undecodable(exc):
                raise
            return await self._fetch_leniently(sql, params)
        return result

    async def _fetch_leniently(self, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
        # Only after a failure: a Python decoder on every value would slow every read.
        async def run() -> list[sqlite3.Row]:
            self.conn.text_factory = _lenient_text
            try:
                async with self.conn.execute(sql, params) as cur:
                    return list(await cur.fetchall())
            finally:
                self.conn.text_factory = str

        rows: list[sqlite3.Row] = await self._retry(run)
        kept = []
        for row in rows:
            keys = row.keys()
            bad = tuple(
                key for key in keys if isinstance(row[key], str) and _UNDECODED.search(row[key])
            )
            if not bad:
                kept.append(row)
                continue
            ident = row["id"] if "id" in keys else row[0]
            if self.on_bad_row is not None:
                self.on_bad_row(_shown(str(ident)), bad)
        return kept

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)
