"""The workstation database, opened for a sync beside a desk that may be saving calls.

Its own plain sqlite3 connection (the sync runs on a worker thread or in a cron job, never
on the desk's event loop). It waits for the desk's short writes rather than failing, never
checkpoints the WAL (the desk decides when its saves pay for that), and refuses a damaged
file before anything is sent: a sync must never copy damage into the central store.
"""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.store.file_check import SQLITE_HEADER
from tui.store.migrations import known_migrations

# A desk's save holds the write lock for milliseconds; a sync's own write waits it out.
BUSY_TIMEOUT_MS = 10_000


class SyncRefused(Exception):
    """Why this sync cannot run, in one line fit for the user: never a password."""

    kind = "refused"


class LocalMissing(SyncRefused):
    kind = "local_missing"


class LocalDamaged(SyncRefused):
    kind = "local_damaged"


class LocalTooNew(SyncRefused):
    kind = "local_too_new"


def _refuse_damaged(path: Path, detail: str) -> LocalDamaged:
    return LocalDamaged(
        f"the workstation database {path} is damaged ({detail}); nothing was sent."
        " Restore it from a backup, or run `agentdesk verify --db` on it"
    )


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # 0: this connection never checkpoints after its own commits.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


def local_version(conn: sqlite3.Connection) -> int:
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone():
        return 0
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def open_local(path: Path, *, check: bool = True) -> sqlite3.Connection:
    """The workstation database, checked (`PRAGMA quick_check`) and no newer than this
    program; `SyncRefused` in one line naming the file otherwise. It may still be older
    than this program: `migrate_local` brings it up once the central store has answered.

    Without `check`, the file is not read through: the desk's own pushes every minute
    leave that to the nightly run, since on a year of calls it takes seconds."""
    if not path.is_file():
        raise LocalMissing(
            f"no workstation database at {path}; name it with --db, AGENTDESK_DB or"
            " `database` in config.toml"
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise LocalMissing(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise _refuse_damaged(path, "not an SQLite database" if header else "an empty file")
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise _refuse_damaged(path, str(exc)) from None
    try:
        findings = (
            [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")] if check else ["ok"]
        )
        if findings != ["ok"]:
            lines = [ln for f in findings for ln in f.splitlines() if not ln.startswith("***")]
            raise _refuse_damaged(path, lines[0] if lines else findings[0])
        found = local_version(conn)
        if found == 0:
            raise _refuse_damaged(path, "no agentdesk tables in it")
        known = known_migrations()[-1].version
        if found > known:
            raise LocalTooNew(
                f"the workstation database {path} has schema version {found}, but this"
                f" agentdesk knows only up to {known}. Update agentdesk; nothing was sent"
                " and the file was left untouched"
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _refuse_damaged(path, str(exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def migrate_local(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """An older workstation database brought up to this program's schema exactly as the
    desk does when it opens it (through the store's migration runner); the connection to
    use from then on."""
    if local_version(conn) >= known_migrations()[-1].version:
        return conn
    conn.close()
    from tui.store.db import Store

    async def migrate() -> None:
        store = await Store.open(path, seed=False)
        await store.close()

    asyncio.run(migrate())
    return _connect(path)


def install_id(conn: sqlite3.Connection, now: str) -> str:
    """This database's own id, made (one short write) at its first sync."""
    row = conn.execute("SELECT install_id FROM station_identity").fetchone()
    if row is not None:
        return str(row[0])
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT INTO station_identity (one, install_id, created_at) VALUES (1, ?, ?)"
            " ON CONFLICT (one) DO NOTHING",
            (uuid.uuid4().hex, now),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    row = conn.execute("SELECT install_id FROM station_identity").fetchone()
    assert row is not None
    return str(row[0])


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every stream of the push sees the same moment of the
    desk's work, so a row's references were in the same snapshot. A reader never blocks
    the desk's writes in WAL mode."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
