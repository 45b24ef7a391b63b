"""Reference data from `db/seed/*.toml`, loaded into an empty database.

Loading is idempotent: each table is filled only while it is empty, so a restart, or
reference data already sent by the nightly sync, is never overwritten. A text the seed
has since corrected (`db/seed/superseded.toml`) is replaced only in rows that still hold
exactly the text once shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from tui.domain import toml_cache
from tui.store.paths import db_dir


class Store(Protocol):
    """What seeding needs of `tui.store.db.Store`. Named here rather than imported: the
    store opens by seeding, so importing it back would make the two modules a circle."""

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None: ...

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...


def _read(name: str, folder: Path | None = None) -> dict[str, Any]:
    """A seed file, parsed; every start reads `superseded.toml`, so the parse is kept
    (`tui.domain.toml_cache`)."""
    path = (folder or db_dir() / "seed") / name
    parsed: dict[str, Any] = toml_cache.load(path.stem, [path], _parse)
    return parsed


def _parse(paths: Sequence[Path]) -> dict[str, Any]:
    import tomllib

    with paths[0].open("rb") as fh:
        return tomllib.load(fh)


async def _empty(conn: aiosqlite.Connection, table: str) -> bool:
    async with conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})") as cur:
        row = await cur.fetchone()
    return not (row and row[0])


# Once the sync has applied a published revision, the tables hold the back office's set
# (an empty forbidden list included): the shipped files never fill or correct them again.
_SEEDED = (
    "SELECT EXISTS (SELECT 1 FROM reasons) AND EXISTS (SELECT 1 FROM phrases)"
    " AND EXISTS (SELECT 1 FROM forbidden_phrases),"
    " EXISTS (SELECT 1 FROM reference_revisions)"
)


async def load_seed_if_empty(store: Store, folder: Path | None = None) -> None:
    row = await store.fetchone(_SEEDED)
    if row is not None and row[1]:
        return
    if row is not None and row[0]:
        await refresh_superseded(store, folder)
        return  # every start after the first: no write lock taken unless text was corrected
    # One write transaction, emptiness checked inside it: two desks opening the same new
    # file at once would otherwise both see it empty and both fill it.
    async with store.transaction() as conn:
        if await _empty(conn, "reasons"):
            reasons = _read("reasons.toml", folder)["reason"]
            await conn.executemany(
                "INSERT INTO reasons (code, parent_code, label_zh, label_en, label_ko, sort)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (r["code"], r["code"].rpartition(".")[0] or None, r["zh"], r["en"], r["ko"], i)
                    for i, r in enumerate(reasons)
                ],
            )
        if await _empty(conn, "phrases"):
            phrases = _read("phrases.toml", folder)["phrase"]
            await conn.executemany(
                "INSERT INTO phrases (code, lang, grp, text, sort) VALUES (?, ?, ?, ?, ?)",
                [
                    (p["code"], lang, p["group"], p[lang], i)
                    for i, p in enumerate(phrases)
                    for lang in ("zh", "en", "ko")
                ],
            )
        if await _empty(conn, "forbidden_phrases"):
            forbidden = _read("forbidden.toml", folder)["forbidden"]
            await conn.executemany(
                "INSERT INTO forbidden_phrases (lang, phrase, rule, instead) VALUES (?, ?, ?, ?)",
                [(f["lang"], f["phrase"], f["rule"], f.get("instead", "")) for f in forbidden],
            )


# What each kind of superseded entry names: the table, the columns that find the row, and
# the column that holds the text (by the entry's lang or field).
def _target(kind: str, entry: dict[str, str]) -> tuple[str, tuple[str, ...], str]:
    if kind == "phrase":
        return "phrases", ("code", "lang"), "text"
    if kind == "reason":
        lang = entry["lang"]
        if lang not in ("zh", "en", "ko"):
            raise ValueError(f"superseded.toml: unknown language {lang!r}")
        return "reasons", ("code",), f"label_{lang}"
    field = entry["field"]
    if field not in ("rule", "instead"):
        raise ValueError(f"superseded.toml: forbidden phrases have no field {field!r}")
    return "forbidden_phrases", ("lang", "phrase"), field


def _current_texts(folder: Path | None) -> dict[tuple[str, ...], str]:
    """The seed's text now, by (kind, row key..., lang or field)."""
    texts: dict[tuple[str, ...], str] = {}
    for r in _read("phrases.toml", folder)["phrase"]:
        for lang in ("zh", "en", "ko"):
            texts["phrase", r["code"], lang] = r[lang]
    for r in _read("reasons.toml", folder)["reason"]:
        for lang in ("zh", "en", "ko"):
            texts["reason", r["code"], lang] = r[lang]
    for r in _read("forbidden.toml", folder)["forbidden"]:
        for field in ("rule", "instead"):
            texts["forbidden", r["lang"], r["phrase"], field] = r.get(field, "")
    return texts


def _key(kind: str, entry: dict[str, str]) -> tuple[str, ...]:
    if kind == "forbidden":
        return (kind, entry["lang"], entry["phrase"], entry["field"])
    return (kind, entry["code"], entry["lang"])


async def refresh_superseded(store: Store, folder: Path | None = None) -> None:
    """Corrected seed text into a database seeded before the correction, row by row, only
    where the row still holds the text once shipped (`was`)."""
    path = (folder or db_dir() / "seed") / "superseded.toml"
    if not path.exists():
        return
    entries = [
        (kind, entry) for kind, listed in _read(path.name, path.parent).items() for entry in listed
    ]
    if not entries:
        return
    # One read first: nearly every start finds nothing left to correct and takes no lock.
    checks = []
    params: list[str] = []
    for kind, entry in entries:
        table, keys, column = _target(kind, entry)
        checks.append(
            f"SELECT 1 FROM {table} WHERE " + " AND ".join(f"{key} = ?" for key in (*keys, column))
        )
        params.extend([*(entry[key] for key in keys), entry["was"]])
    row = await store.fetchone(f"SELECT EXISTS ({' UNION ALL '.join(checks)})", tuple(params))
    if not row or not row[0]:
        return
    current = _current_texts(folder)
    async with store.transaction() as conn:
        for kind, entry in entries:
            now = current.get(_key(kind, entry))
            if now is None or now == entry["was"]:
                continue
            table, keys, column = _target(kind, entry)
            where = " AND ".join(f"{key} = ?" for key in (*keys, column))
            await conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE {where}",
                (now, *(entry[key] for key in keys), entry["was"]),
            )
