"""Is this file a database `verify` can read? Asked before proving anything, so a broken
file gets one line that names what is wrong with it instead of a traceback.

Read-only throughout: the file is opened `mode=ro` and nothing is written to it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.store.migrations import known_migrations

SQLITE_HEADER = b"SQLite format 3\x00"

Problem = Literal["empty", "damaged", "unreadable", "readonly_folder", "too_new"]


class FileProblem(Exception):
    def __init__(self, problem: Problem, detail: str = "", found: int = 0, known: int = 0):
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail
        self.found = found
        self.known = known


@dataclass(frozen=True)
class Undecodable:
    """A register entry holding bytes that are not UTF-8: agentdesk never writes that."""

    complaint_id: str
    event_id: str
    """Empty when it is the complaint's own row."""
    seq: int


def _text(raw: object) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def check_file(path: Path) -> list[Undecodable]:
    """Raise FileNotFoundError or FileProblem, or return the register entries that
    cannot be read as text (to be named as altered)."""
    if not path.is_file():
        raise FileNotFoundError(str(path))
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise FileProblem("unreadable", exc.strerror or str(exc)) from None
    if not header:
        raise FileProblem("empty")
    if header != SQLITE_HEADER:
        raise FileProblem("damaged", "not an SQLite database")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise FileProblem("unreadable", str(exc)) from None
    try:
        return _check(conn)
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc):
            # A WAL database needs its index file beside it, which a read-only folder
            # cannot hold.
            raise FileProblem("readonly_folder", str(exc)) from None
        raise FileProblem("damaged", str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise FileProblem("damaged", str(exc)) from None
    finally:
        conn.close()


def _check(conn: sqlite3.Connection) -> list[Undecodable]:
    findings = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
    if findings != ["ok"]:
        lines = [line for f in findings for line in f.splitlines() if not line.startswith("***")]
        raise FileProblem("damaged", lines[0] if lines else findings[0])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "schema_migrations" not in tables:
        raise FileProblem("damaged", "no agentdesk tables in it")
    found = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
    known = known_migrations()[-1].version
    if found > known:
        raise FileProblem("too_new", found=found, known=known)
    conn.text_factory = bytes
    bad = []
    if "complaints" in tables:
        for row in conn.execute("SELECT * FROM complaints ORDER BY id"):
            if not _decodes(row):
                bad.append(Undecodable(_text(row[0]), "", 0))
    if "complaint_events" not in tables:
        return bad
    for row in conn.execute(
        "SELECT complaint_id, id, seq, kind, actor, at, payload, prev_hash, hash"
        " FROM complaint_events ORDER BY complaint_id, seq"
    ):
        if not _decodes(row):
            bad.append(Undecodable(_text(row[0]), _text(row[1]), int(row[2])))
    return bad


def _decodes(row: tuple[object, ...]) -> bool:
    try:
        for value in row:
            if isinstance(value, bytes):
                value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
