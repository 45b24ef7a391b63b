"""Opening a database only to read it: no migration, no mode change, no journal switch.

`export` and `verify` must leave the file exactly as they found it (a 0-byte file stays
0 bytes), so they open it with SQLite's `mode=ro` and refuse, with a reason a person can
act on, anything that is not a current agentdesk database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

from tui.store.db import BUSY_TIMEOUT_MS
from tui.store.migrations import known_migrations

Refusal = Literal[
    "missing", "folder", "unreadable", "not_sqlite", "not_agentdesk", "too_old", "too_new"
]


class CannotRead(Exception):
    """The file cannot be exported from; `reason` says why, `found`/`known` the schema."""

    def __init__(
        self, path: Path, reason: Refusal, detail: str = "", found: int = 0, known: int = 0
    ):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.detail = detail
        self.found = found
        self.known = known


def _detail(exc: BaseException) -> str:
    # SQLite's own words, unless they could quote a row (a decode error quotes the text).
    text = str(exc)
    return "" if "decode" in text.lower() else text


def _schema_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if has_table is None:
        return 0
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection (plain sqlite3: see tui.store.exports) to a database at the
    schema this agentdesk writes."""
    if not path.exists():
        raise CannotRead(path, "missing")
    if path.is_dir():
        raise CannotRead(path, "folder")
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise CannotRead(path, "unreadable", _detail(exc)) from None
    try:
        found = _schema_version(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        text = str(exc).lower()
        unreadable = "unable to open" in text or "readonly" in text or "disk i/o" in text
        raise CannotRead(path, "unreadable" if unreadable else "not_sqlite", _detail(exc)) from None
    known = len(known_migrations())
    problem: Refusal | None = None
    if found == 0:
        problem = "not_agentdesk"
    elif found < known:
        problem = "too_old"
    elif found > known:
        problem = "too_new"
    if problem is not None:
        conn.close()
        raise CannotRead(path, problem, found=found, known=known)
    return conn
