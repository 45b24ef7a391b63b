"""One connection to the central store, SQLite or PostgreSQL, behind one small interface.

The sync writes its SQL once, with `?` placeholders and the `INSERT ... ON CONFLICT`
both backends share; each backend turns a bulk `load` into its fastest set-based form:
PostgreSQL a binary `COPY` into a staging table and one `INSERT ... SELECT`, SQLite one
`executemany` inside the caller's transaction.

Synchronous on purpose: the nightly job is a plain process, and the desk runs the sync
on a worker thread, never on its event loop.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tui.central.url import CentralUrl

# A central SQLite file is shared by every sync of the team: a busy one is waited for.
SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_LOCK_SUFFIX = "-writer"
"""The file beside a central SQLite store whose `flock` its writers queue on."""
# How often a writer waiting for the write lock looks again: SQLite's own busy handler
# sleeps 1, 2, 5, ... up to 100 ms between looks, so with several syncs at once a writer
# slept on while the store stood free; a look every millisecond costs one system call.
_WRITE_LOCK_POLL_S = 0.001


class CentralError(Exception):
    """Something about the central store, in one line fit for the user: it names the
    store (never its password) and what is wrong."""


class CentralUnreachable(CentralError):
    """No answer: the server is down, the host unknown, the file's folder missing."""


class CentralRefused(CentralError):
    """The server answered and said no: a wrong password, an unknown role or database."""


class Central(ABC):
    """An open central store. Use as a context manager, or call `close()`."""

    backend: str

    def __init__(self, url: CentralUrl) -> None:
        self.url = url

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    @abstractmethod
    def script(self, sql: str) -> None:
        """Several statements (a migration), inside the current transaction."""

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: all of it commits, or none of it does."""

    @abstractmethod
    def load(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        key: Sequence[str],
        update: Sequence[str] = (),
    ) -> int:
        """Insert `rows` set-based; a row whose `key` exists already is left as it is, or,
        for the columns named in `update`, overwritten. The number of rows inserted or
        changed. Call inside `transaction()`."""

    @abstractmethod
    def read_only(self) -> None:
        """From now on this connection refuses every write (the lead's board reads
        through one, and writes its few actions through a connection of their own)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Central:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def upsert_sql(
    table: str, columns: Sequence[str], source: str, key: Sequence[str], update: Sequence[str]
) -> str:
    # An update that would write the same values is no change: a second sync of the
    # same rows must leave the store exactly as it was.
    action = (
        "DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in update)
        + " WHERE "
        + " OR ".join(f"{table}.{c} IS DISTINCT FROM excluded.{c}" for c in update)
        if update
        else "DO NOTHING"
    )
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {source} "
        f"ON CONFLICT ({', '.join(key)}) {action}"
    )


class SqliteCentral(Central):
    backend = "sqlite"

    def __init__(self, url: CentralUrl) -> None:
        super().__init__(url)
        assert url.path is not None
        path = url.path
        if not path.parent.is_dir():
            raise CentralUnreachable(f"{url}: the folder {path.parent} does not exist")
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            raise CentralUnreachable(f"{url}: {exc}") from None
        self._lock_fd: int | None = None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def script(self, sql: str) -> None:
        from tui.store.migrations import split_statements

        for statement in split_statements(sql):
            self.conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._write_lock():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _lock_file(self) -> int | None:
        if self._lock_fd is None:
            assert self.url.path is not None
            lock = self.url.path.with_name(self.url.path.name + WRITE_LOCK_SUFFIX)
            try:
                self._lock_fd = os.open(lock, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
            except OSError:
                # A folder we may read but not write in: SQLite's own lock still orders
                # the writers, only with its coarser waits.
                return None
        return self._lock_fd

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Writers of the store take turns on an OS lock around their transaction, so
        the next one starts the moment the last one ends. Readers never take it. The
        kernel lets go of it when its holder dies, however it dies."""
        fd = self._lock_file()
        if fd is None:
            yield
            return
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    # Past our patience: SQLite's own lock, with its timeout, decides.
                    fd = None
                    break
                time.sleep(_WRITE_LOCK_POLL_S)
        try:
            yield
        finally:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def load(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        key: Sequence[str],
        update: Sequence[str] = (),
    ) -> int:
        before = self.conn.total_changes
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(upsert_sql(table, columns, f"VALUES ({marks})", key, update), rows)
        return self.conn.total_changes - before

    def read_only(self) -> None:
        self.conn.execute("PRAGMA query_only = ON")

    def close(self) -> None:
        self.conn.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
