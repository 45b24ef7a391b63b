"""Numbered SQL files per backend, `db/central/<backend>/NNNN_words.sql`, applied in order,
each in one transaction with its record, so a failed one leaves nothing half-done.

A central store newer than this program is refused untouched: an older sync writing into
a schema it does not know could lose what the newer one relies on.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.central.connection import Central, CentralError
from tui.store.migrations import Migration, known_migrations
from tui.store.paths import db_dir


class CentralTooNew(CentralError):
    def __init__(self, central: Central, found: int, known: int) -> None:
        super().__init__(
            f"the central store {central.url} has schema version {found}, but this agentdesk "
            f"knows only up to {known}. Update agentdesk; the store was left untouched."
        )
        self.found = found
        self.known = known


def central_migrations(backend: str) -> list[Migration]:
    return known_migrations(db_dir() / "central" / backend)


def _fill_board(central: Central) -> None:
    from tui.central.board_model import backfill

    backfill(central)


# What a migration's SQL cannot do itself, run in its transaction right after it: the
# board's read model is derived from the chains by Python (`derive`), not by SQL.
AFTER_MIGRATION: dict[int, Callable[[Central], None]] = {4: _fill_board}


_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS central_schema (version INTEGER PRIMARY KEY)"


def central_version(central: Central) -> int:
    if central.backend == "sqlite":
        exists = central.fetchone(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'central_schema'"
        )
    else:
        exists = central.fetchone("SELECT to_regclass('central_schema')::text")
        exists = exists if exists and exists[0] else None
    if exists is None:
        return 0
    row = central.fetchone("SELECT COALESCE(MAX(version), 0) FROM central_schema")
    return int(row[0]) if row else 0


def check_version(central: Central) -> int:
    """The store's schema version, refusing one newer than this program."""
    known = len(central_migrations(central.backend))
    found = central_version(central)
    if found > known:
        raise CentralTooNew(central, found, known)
    return found


def migrate_central(central: Central) -> int:
    """Bring the store up to this program's schema; the migrations applied."""
    pending = central_migrations(central.backend)[check_version(central) :]
    for migration in pending:
        with central.transaction():
            central.execute(_VERSION_TABLE)
            # Two syncs migrating a new store at once: the second waits here, then
            # finds the work done.
            if central.backend == "postgresql":
                central.execute("LOCK TABLE central_schema IN EXCLUSIVE MODE")
            if central_version(central) >= migration.version:
                continue
            central.script(migration.sql)
            after = AFTER_MIGRATION.get(migration.version)
            if after is not None:
                after(central)
            central.execute("INSERT INTO central_schema (version) VALUES (?)", (migration.version,))
    return len(pending)
