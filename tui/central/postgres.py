"""The central store on PostgreSQL, through psycopg 3.

Bulk rows go in by binary `COPY` into a temporary staging table and one set-based
`INSERT ... SELECT ... ON CONFLICT`: never a statement per row. A load of a few rows (a
day's breaks, the register's bookkeeping of fifty complaints) is the same set-based
`INSERT ... SELECT` over one array per column instead: making a session's staging table
costs more than such a load's rows, and a sync makes a dozen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

import psycopg

from tui.central.connection import Central, CentralRefused, CentralUnreachable, upsert_sql
from tui.central.url import CentralUrl

CONNECT_TIMEOUT_S = 10
ARRAY_ROWS = 100
"""Loads of at most this many rows go as arrays; larger ones by COPY. Measured on a
day's sync: up to about a hundred rows the arrays win by the staging table's making,
at a few hundred the two cost the same, past that COPY wins."""
_TYPES: dict[str, dict[str, str]] = {}


def _pg_sql(sql: str) -> str:
    # The sync's SQL is written once with SQLite's `?`; psycopg wants `%s` (and `%%`).
    return sql.replace("%", "%%").replace("?", "%s")


def _reason(exc: psycopg.OperationalError) -> str:
    """The server's own words without the libpq preamble, which can repeat the URL."""
    text = str(exc).strip().splitlines()
    for line in text:
        if "FATAL:" in line:
            return line.split("FATAL:", 1)[1].strip()
    return text[-1].split(": ", 1)[-1].strip() if text else "no answer"


class PostgresCentral(Central):
    backend = "postgresql"

    def __init__(self, url: CentralUrl) -> None:
        super().__init__(url)
        try:
            self.conn = psycopg.connect(url.raw, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.OperationalError as exc:
            reason = _reason(exc)
            where = f"the central store at {url.host} ({url})"
            if "password" in reason or "authentication" in reason or "does not exist" in reason:
                raise CentralRefused(f"{where} refused us: {reason}") from None
            raise CentralUnreachable(f"{where} cannot be reached: {reason}") from None
        # What a sync writes is already safe on the workstation, which never deletes it,
        # and central's resume point commits with the rows it counts: a server crash can
        # lose only whole recent transactions, rows and resume point together, and the
        # next sync sends them again. So the sync does not wait for each commit's flush.
        # (A lead's action writes through its own connection, flushed as usual.)
        self._staged: dict[str, tuple[str, ...]] = {}

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = self.conn.execute(_pg_sql(sql) if params else sql, params or None)
        return cur.rowcount

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(_pg_sql(sql) if params else sql, params or None)
        return cur.fetchall()

    def script(self, sql: str) -> None:
        # Without parameters psycopg sends the text as it is: many statements at once.
        self.conn.execute(sql.encode("utf-8"))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                yield
        except BaseException:
            self._staged.clear()  # staging tables made in it are gone with it
            raise

    def _column_types(self, table: str) -> dict[str, str]:
        # Kept for the process: every store it opens is migrated to this program's
        # schema first, so a table's column types are the same in all of them.
        if table not in _TYPES:
            rows = self.conn.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
                " FROM pg_attribute a WHERE a.attrelid = %s::regclass"
                " AND a.attnum > 0 AND NOT a.attisdropped",
                (table,),
            ).fetchall()
            _TYPES[table] = {name: kind for name, kind in rows}
        return _TYPES[table]

    def load(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        key: Sequence[str],
        update: Sequence[str] = (),
    ) -> int:
        columns = tuple(columns)
        types = self._column_types(table)
        first = iter(rows)
        head = list(islice(first, ARRAY_ROWS + 1))
        if len(head) <= ARRAY_ROWS:
            return self._load_arrays(table, columns, head, types, key, update)
        rows = chain(head, first)
        stage = f"stage_{table}"
        if self._staged.get(stage) != columns:
            # No constraints on the staging copy: the INSERT below is where rows are judged.
            shape = ", ".join(f"{c} {types[c]}" for c in columns)
            self.conn.execute(f"DROP TABLE IF EXISTS {stage}; CREATE TEMP TABLE {stage} ({shape})")
            self._staged[stage] = columns
        else:
            self.conn.execute(f"TRUNCATE {stage}")
        with self.conn.cursor() as cur:
            with cur.copy(
                f"COPY {stage} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types([types[c] for c in columns])
                for row in rows:
                    copy.write_row(row)
            cur.execute(
                upsert_sql(table, columns, f"SELECT {', '.join(columns)} FROM {stage}", key, update)
            )
            return cur.rowcount

    def _load_arrays(
        self,
        table: str,
        columns: tuple[str, ...],
        rows: list[Sequence[Any]],
        types: dict[str, str],
        key: Sequence[str],
        update: Sequence[str],
    ) -> int:
        if not rows:
            return 0
        arrays = ", ".join(f"%s::{types[c]}[]" for c in columns)
        sql = upsert_sql(table, columns, f"SELECT * FROM unnest({arrays})", key, update)
        cur = self.conn.execute(sql, [list(values) for values in zip(*rows, strict=True)])
        return cur.rowcount

    def read_only(self) -> None:
        self.conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    def close(self) -> None:
        self.conn.close()
