"""Reference data from `db/seed/*.toml`, loaded into an empty database.

Loading is idempotent: each table is filled only while it is empty, so a restart, or
reference data already sent by the nightly sync, is never overwritten.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from tui.store.paths import db_dir

if TYPE_CHECKING:
    from tui.store.db import Store


def _read(name: str, folder: Path | None = None) -> dict[str, Any]:
    path = (folder or db_dir() / "seed") / name
    with path.open("rb") as fh:
        return tomllib.load(fh)


async def _empty(conn: aiosqlite.Connection, table: str) -> bool:
    async with conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})") as cur:
        row = await cur.fetchone()
    return not (row and row[0])


_SEEDED = (
    "SELECT EXISTS (SELECT 1 FROM reasons) AND EXISTS (SELECT 1 FROM phrases)"
    " AND EXISTS (SELECT 1 FROM forbidden_phrases)"
)


async def load_seed_if_empty(store: Store, folder: Path | None = None) -> None:
    row = await store.fetchone(_SEEDED)
    if row is not None and row[0]:
        return  # every start after the first: no write lock taken
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
