"""Numbered SQL files in `db/migrations/`, applied in order, each in one transaction
with its own record, so a failure leaves that migration pending and nothing half-done."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from tui.store.paths import db_dir

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class DatabaseTooNew(Exception):
    """The database was written by a newer agentdesk; we refuse to touch it."""

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(
            f"{path} has schema version {found}, but this agentdesk knows only up to "
            f"{known}. Update agentdesk; the database was left untouched."
        )
        self.found = found
        self.known = known


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


_READ: dict[Path, tuple[tuple[tuple[str, int, int], ...], list[Migration]]] = {}


def known_migrations(folder: Path | None = None) -> list[Migration]:
    folder = folder or db_dir() / "migrations"
    paths = sorted(folder.glob("*.sql"))
    # A sync asks several times per run, for two folders: the files are read again only
    # when the folder's listing, a size or a modification time has changed.
    listing = tuple((p.name, (st := p.stat()).st_mtime_ns, st.st_size) for p in paths)
    cached = _READ.get(folder)
    if cached is not None and cached[0] == listing:
        return list(cached[1])
    found = _read_migrations(paths, folder)
    _READ[folder] = (listing, found)
    return list(found)


def _read_migrations(paths: list[Path], folder: Path) -> list[Migration]:
    found = []
    for path in paths:
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"{path}: migration files are named NNNN_words.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"{folder}: migrations must be numbered 0001, 0002, … without gaps")
    return found


async def applied_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ) as cur:
        if await cur.fetchone() is None:
            return 0
    async with conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(
    conn: aiosqlite.Connection,
    migrations: list[Migration] | None = None,
    *,
    where: str = "the database",
) -> list[int]:
    """Apply what is pending; return the versions applied (by this call, not by another
    process that got there first)."""
    migrations = migrations if migrations is not None else known_migrations()
    known = migrations[-1].version if migrations else 0
    current = await applied_version(conn)
    if current > known:
        raise DatabaseTooNew(where, current, known)
    applied = []
    for migration in migrations:
        if migration.version <= current:
            continue
        if await _apply(conn, migration):
            applied.append(migration.version)
    return applied


def split_statements(sql: str) -> list[str]:
    """The statements of a script, one per `execute`: `executescript` would commit the
    transaction that holds the write lock before running anything."""
    statements: list[str] = []
    pending = ""
    pieces = sql.split(";")
    for piece in pieces[:-1]:
        pending += piece + ";"
        # A `;` inside a trigger body or a string does not end the statement.
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    rest = pending + pieces[-1]
    if rest.strip():
        statements.append(rest)
    return statements


FOREIGN_KEYS_OFF = "-- agentdesk: foreign-keys-off"
"""First line of a migration that rebuilds a table other tables reference. SQLite can
switch foreign keys off only outside a transaction, so the runner does it around that
migration and checks every key itself before committing."""


_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
)


class ForeignKeyViolation(Exception):
    """A migration left a row whose foreign key points nowhere; it was rolled back."""


async def _apply(conn: aiosqlite.Connection, migration: Migration) -> bool:
    """Apply one migration under the write lock, unless another process opening the same
    new file applied it while we waited for the lock. True when this call applied it."""
    keys_off = migration.sql.startswith(FOREIGN_KEYS_OFF)
    async with conn.execute("PRAGMA foreign_keys") as cur:
        row = await cur.fetchone()
    keys_were_on = bool(row and row[0])
    if keys_off and keys_were_on:
        await conn.execute("PRAGMA foreign_keys = OFF")
    try:
        await conn.execute("BEGIN IMMEDIATE")
        # Read inside the lock: the version read before it may be stale by now.
        if await applied_version(conn) >= migration.version:
            await conn.execute("ROLLBACK")
            return False
        await conn.execute(_MIGRATIONS_TABLE)
        for statement in split_statements(migration.sql):
            await conn.execute(statement)
        await conn.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
            (migration.version, migration.name),
        )
        if keys_off:
            async with conn.execute("PRAGMA foreign_key_check") as cur:
                broken = list(await cur.fetchall())
            if broken:
                raise ForeignKeyViolation(
                    f"migration {migration.version:04d}_{migration.name} would leave "
                    f"{len(broken)} broken reference(s), first in table {broken[0][0]}"
                )
        await conn.execute("COMMIT")
        return True
    except BaseException:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")
        raise
    finally:
        if keys_off and keys_were_on:
            await conn.execute("PRAGMA foreign_keys = ON")


_defined: dict[tuple[tuple[int, str], ...], dict[str, str]] = {}


async def defined_triggers(migrations: list[Migration]) -> dict[str, str]:
    """name → CREATE TRIGGER text of every trigger these migrations leave behind.

    Read from a scratch in-memory database the migrations were applied to, so a migration
    that drops or replaces a trigger is accounted for exactly as SQLite sees it.
    """
    key = tuple((m.version, m.sql) for m in migrations)
    if key not in _defined:
        async with aiosqlite.connect(":memory:") as conn:
            await apply_migrations(conn, migrations, where="a scratch database")
            async with conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            ) as cur:
                _defined[key] = {row[0]: row[1] for row in await cur.fetchall()}
    return dict(_defined[key])
