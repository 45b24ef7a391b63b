"""Reference data read back for the desk: reasons, phrases and forbidden phrases."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class AppliedReference:
    """The newest reference revision the sync applied: its deadline rules and break
    policy are used instead of the shipped files."""

    revision: int
    deadlines_toml: str
    breaks_toml: str


async def applied_reference(store: Store) -> AppliedReference | None:
    row = await store.fetchone(
        "SELECT revision, deadlines_toml, breaks_toml FROM reference_revisions"
        " ORDER BY revision DESC LIMIT 1"
    )
    if row is None:
        return None
    return AppliedReference(int(row[0]), str(row[1]), str(row[2]))


async def applied_revision(store: Store) -> int:
    """The newest applied revision's number, 0 for none: one index lookup, so the desk
    can tell whether the set it read changed under it."""
    row = await store.fetchone("SELECT COALESCE(MAX(revision), 0) FROM reference_revisions")
    return int(row[0]) if row else 0


def published_rules(path: Path) -> tuple[int, str] | None:
    """The applied revision's number and deadline rules in the database at `path`, read
    without changing the file; None when it has none (or is no database we can read:
    the caller then uses the shipped rules)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            row = conn.execute(
                "SELECT revision, deadlines_toml FROM reference_revisions"
                " ORDER BY revision DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return (int(row[0]), str(row[1])) if row is not None else None
