"""Reference revisions in the central store: published whole, read back whole.

Publishing checks nothing itself: the caller hands it a `ReferenceSet` that has already
passed every check, so a broken file never reaches this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.central.connection import Central
from tui.domain.reference_set import (
    BREAKS,
    DEADLINES,
    FILES,
    FORBIDDEN,
    PHRASES,
    REASONS,
    ReferenceSet,
)

_COLUMNS: dict[str, str] = {
    REASONS: "reasons_toml",
    PHRASES: "phrases_toml",
    FORBIDDEN: "forbidden_toml",
    DEADLINES: "deadlines_toml",
    BREAKS: "breaks_toml",
}


@dataclass(frozen=True)
class Revision:
    """One published revision, as central holds it."""

    revision: int
    published_at: str
    published_by: str | None
    digest: str
    texts: dict[str, str]


@dataclass(frozen=True)
class Published:
    """What a publish did: `revision` is the new one, or the newest when `new` is False
    (the files were exactly the newest revision's)."""

    revision: int
    new: bool


def newest_revision(central: Central) -> int:
    """The newest revision's number; 0 when nothing was ever published."""
    row = central.fetchone("SELECT COALESCE(MAX(revision), 0) FROM reference_revisions")
    return int(row[0]) if row else 0


def read_revision(central: Central, revision: int) -> Revision | None:
    columns = ", ".join(_COLUMNS[name] for name in FILES)
    row = central.fetchone(
        f"SELECT revision, published_at, published_by, digest, {columns}"
        " FROM reference_revisions WHERE revision = ?",
        (revision,),
    )
    if row is None:
        return None
    texts = {name: str(row[4 + i]) for i, name in enumerate(FILES)}
    return Revision(int(row[0]), str(row[1]), row[2], str(row[3]), texts)


def publish(central: Central, checked: ReferenceSet, *, at: str, by: str | None) -> Published:
    """Add `checked` as the next revision, unless it is exactly the newest one.

    One transaction: two back-office publishes at once are numbered one after the
    other (SQLite's write lock; PostgreSQL's table lock), never both as the same number."""
    digest = checked.digest
    with central.transaction():
        if central.backend == "postgresql":
            central.execute("LOCK TABLE reference_revisions IN EXCLUSIVE MODE")
        newest = newest_revision(central)
        if newest:
            row = central.fetchone(
                "SELECT digest FROM reference_revisions WHERE revision = ?", (newest,)
            )
            if row is not None and row[0] == digest:
                return Published(newest, new=False)
        revision = newest + 1
        columns = [_COLUMNS[name] for name in FILES]
        marks = ", ".join("?" for _ in range(4 + len(columns)))
        central.execute(
            "INSERT INTO reference_revisions (revision, published_at, published_by, digest, "
            f"{', '.join(columns)}) VALUES ({marks})",
            (revision, at, by, digest, *(checked.texts[name] for name in FILES)),
        )
    return Published(revision, new=True)
