"""Reference data read back for the desk: reasons, phrases and forbidden phrases."""

from __future__ import annotations

from tui.domain.i18n import Lang
from tui.store.db import Store


async def load_reason_rows(store: Store) -> list[dict[str, object]]:
    rows = await store.fetchall(
        "SELECT code, parent_code, label_zh, label_en, label_ko, sort, active FROM reasons"
        " ORDER BY sort"
    )
    return [dict(r) for r in rows]


async def load_phrase_rows(store: Store, lang: Lang) -> list[dict[str, object]]:
    rows = await store.fetchall(
        "SELECT code, grp, lang, text, sort FROM phrases WHERE lang = ? ORDER BY sort", (lang,)
    )
    return [dict(r) for r in rows]


async def load_forbidden_rows(store: Store, lang: Lang) -> list[dict[str, object]]:
    rows = await store.fetchall(
        "SELECT lang, phrase, rule, instead FROM forbidden_phrases WHERE lang = ?", (lang,)
    )
    return [dict(r) for r in rows]
