"""The pull of reference data: central's newest revision onto the workstation, whole.

A workstation that is behind applies the newest revision only (the ones between are
whole sets too, and nothing needs them): one short `BEGIN IMMEDIATE` transaction
replaces the phrases and the forbidden phrases, brings the reasons up to the published
list, and records the revision with its deadline rules and break policy. The desk reads
either the old set or the new one, never some of each; a kill at any point leaves the
old set whole and the next sync applies the new one.

Reasons are never deleted: calls and corrections name them by foreign key, so one the
revision no longer lists stays as an inactive row (`active = 0`): old calls still show
their reason, and no new call can be tagged with it.
"""

from __future__ import annotations

import sqlite3

from tui.central.reference import newest_revision, read_revision
from tui.domain.reference_set import ReferenceError, ReferenceSet, check
from tui.sync.context import SyncContext

STEP_MID_APPLY = "reference:mid-apply"
"""Reached with the revision's rows half written, before the local commit."""


class ReferenceRefused(Exception):
    """Central's newest revision does not pass this program's checks: nothing applied.
    One line naming the revision, the file and the line."""


def applied_revision(local: sqlite3.Connection) -> int:
    """The newest revision this workstation applied; 0 for none."""
    row = local.execute("SELECT COALESCE(MAX(revision), 0) FROM reference_revisions").fetchone()
    return int(row[0]) if row else 0


def pull_reference(ctx: SyncContext) -> None:
    """Apply central's newest reference revision if this workstation has not yet."""
    newest = newest_revision(ctx.central)
    if newest <= applied_revision(ctx.local):
        return
    found = read_revision(ctx.central, newest)
    if found is None:  # removed under us: central refuses deletes, so never in practice
        return
    try:
        checked = check(found.texts)
    except ReferenceError as exc:
        # Published by a program with other checks than ours: apply none of it.
        raise ReferenceRefused(f"reference revision {newest}: {exc}; not applied") from None
    _apply(ctx, found.revision, checked, found.published_at, found.published_by, found.digest)
    ctx.counts.reference_revision = newest
    ctx.counts.add(ctx.counts.pulled, "reference", 1)


def _apply(
    ctx: SyncContext,
    revision: int,
    checked: ReferenceSet,
    published_at: str,
    published_by: str | None,
    digest: str,
) -> None:
    local = ctx.local
    local.execute("BEGIN IMMEDIATE")
    try:
        # A second sync got here first (the desk's background one and the nightly one).
        if applied_revision(local) >= revision:
            local.execute("ROLLBACK")
            return
        listed = [r.code for r in checked.reasons]
        local.execute("UPDATE reasons SET active = 0 WHERE active = 1")
        local.executemany(
            "INSERT INTO reasons (code, parent_code, label_zh, label_en, label_ko, sort, active)"
            " VALUES (?, ?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code,"
            " label_zh = excluded.label_zh, label_en = excluded.label_en,"
            " label_ko = excluded.label_ko, sort = excluded.sort, active = 1",
            [
                (r.code, r.parent_code, r.labels["zh"], r.labels["en"], r.labels["ko"], r.sort)
                for r in checked.reasons
            ],
        )
        # Reasons no longer listed sort after the listed ones, in their old order.
        local.execute(
            "UPDATE reasons SET sort = ? + sort WHERE active = 0 AND sort < ?",
            (len(listed), len(listed)),
        )
        ctx.step(STEP_MID_APPLY)
        local.execute("DELETE FROM phrases")
        local.executemany(
            "INSERT INTO phrases (code, lang, grp, text, sort) VALUES (?, ?, ?, ?, ?)",
            [
                (p.code, lang, p.group, p.texts[lang], p.sort)
                for p in checked.phrases
                for lang in ("zh", "en", "ko")
            ],
        )
        local.execute("DELETE FROM forbidden_phrases")
        local.executemany(
            "INSERT INTO forbidden_phrases (lang, phrase, rule, instead) VALUES (?, ?, ?, ?)",
            [(f.lang, f.phrase, f.rule, f.instead) for f in checked.forbidden],
        )
        local.execute(
            "INSERT INTO reference_revisions (revision, digest, published_at, published_by,"
            " applied_at, deadlines_revision, deadlines_toml, breaks_toml)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                revision,
                digest,
                published_at,
                published_by,
                ctx.now(),
                checked.rules_revision,
                checked.texts["deadlines.toml"],
                checked.texts["breaks.toml"],
            ),
        )
        local.execute("COMMIT")
    except BaseException:
        if local.in_transaction:
            local.execute("ROLLBACK")
        raise
