"""A database seeded before a text was corrected picks the correction up at the next start,
in the rows that still hold the text once shipped, and nowhere else."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

from tui.store.db import Store

SUPERSEDED = Path(__file__).parents[2] / "db" / "seed" / "superseded.toml"


def _as_seeded_before(path: Path) -> None:
    """Put back the texts an older agentdesk seeded (the `was` of each correction)."""
    with SUPERSEDED.open("rb") as fh:
        old = tomllib.load(fh)
    with sqlite3.connect(path) as conn:
        for entry in old["phrase"]:
            conn.execute(
                "UPDATE phrases SET text = ? WHERE code = ? AND lang = ?",
                (entry["was"], entry["code"], entry["lang"]),
            )
        for entry in old["reason"]:
            conn.execute(
                f"UPDATE reasons SET label_{entry['lang']} = ? WHERE code = ?",
                (entry["was"], entry["code"]),
            )
        for entry in old["forbidden"]:
            conn.execute(
                f"UPDATE forbidden_phrases SET {entry['field']} = ? WHERE lang = ? AND phrase = ?",
                (entry["was"], entry["lang"], entry["phrase"]),
            )


async def _text(store: Store, sql: str, *params: str) -> str:
    row = await store.fetchone(sql, params)
    assert row is not None
    return str(row[0])


async def test_an_old_database_gets_the_corrected_text(tmp_db: Path) -> None:
    await (await Store.open(tmp_db)).close()
    _as_seeded_before(tmp_db)
    with sqlite3.connect(tmp_db) as conn:
        # The nightly sync sent its own wording for one phrase: that is never touched.
        conn.execute(
            "UPDATE phrases SET text = '您好,这是总部下发的问候语' WHERE code = 'greeting.plain'"
            " AND lang = 'zh'"
        )
    store = await Store.open(tmp_db)
    try:
        greeting = "SELECT text FROM phrases WHERE code = ? AND lang = 'zh'"
        assert await _text(store, greeting, "greeting.standard") == "您好，{agent}很高兴为您服务！"
        assert await _text(store, greeting, "greeting.plain") == "您好,这是总部下发的问候语"
        frame = "SELECT label_ko FROM reasons WHERE code = 'cmp.rework.frame'"
        assert await _text(store, frame) == "크리스털·액자 재작업"
        rule = "SELECT rule FROM forbidden_phrases WHERE lang = 'zh' AND phrase = '不知道'"
        assert await _text(store, rule) == "三不：不说推卸责任的话"
        stale = await store.fetchone(
            "SELECT COUNT(*) FROM phrases WHERE lang = 'zh' AND (text LIKE '%,%' OR text LIKE '%!%')"
        )
        assert stale is not None and stale[0] == 1  # the synced one only
    finally:
        await store.close()


async def test_a_current_database_is_not_written_to(tmp_db: Path) -> None:
    await (await Store.open(tmp_db)).close()
    store = await Store.open(tmp_db)
    try:
        changed = await store.fetchone("SELECT total_changes()")
        assert changed is not None and changed[0] == 0
    finally:
        await store.close()


def test_every_correction_names_a_seeded_row_with_other_text_now() -> None:
    from tui.store.seed import _current_texts, _key

    current = _current_texts(None)
    with SUPERSEDED.open("rb") as fh:
        old = tomllib.load(fh)
    for kind, entries in old.items():
        for entry in entries:
            now = current.get(_key(kind, entry))
            assert now is not None, entry
            assert now != entry["was"], entry
