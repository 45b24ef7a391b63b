"""Today's calls as a CSV file, from the desk (Ctrl+P, Export): the same records, masking
and spreadsheet-safe cells as `agentdesk export calls`, for one agent's shift, written
where the agent keeps documents.

Runs in a thread: it reads the database through its own read-only connection, as the
command does, and never through the desk's.
"""

from __future__ import annotations

import io
from pathlib import Path

import platformdirs

from tui.domain.i18n import Lang
from tui.services.export_files import private_target, write_csv
from tui.store.exports import CALL_FIELDS, reason_paths, stream_calls
from tui.store.paths import APP_NAME
from tui.store.readonly import open_read_only


def export_folder() -> Path:
    """`agentdesk` in the user's documents folder; in the user data folder when there
    is no documents folder (a server account)."""
    documents = Path(platformdirs.user_documents_dir())
    if documents.is_dir():
        return documents / APP_NAME
    return Path(platformdirs.user_data_dir(APP_NAME)) / "exports"


def write_shift_calls(db: Path, target: Path, *, agent: str, since_iso: str, lang: Lang) -> int:
    """Write `agent`'s calls started at or after `since_iso` (the storage form) to
    `target` as CSV with a BOM (so a spreadsheet reads zh and ko text), numbers masked,
    readable by its owner only; how many calls. Nothing is written when there are none.

    Raises CannotRead (tui.store.readonly) or sqlite3.DatabaseError for a database that
    cannot be read, OSError for a file that cannot be written."""
    started, owner = CALL_FIELDS.index("started_at"), CALL_FIELDS.index("agent")
    conn = open_read_only(db)
    try:
        # One shift is a few hundred calls at most: held in memory, so that a shift
        # without calls leaves no empty file behind.
        mine = [
            record
            for chunk in stream_calls(conn, reason_paths(conn, lang))
            for record in chunk
            if record[owner] == agent and str(record[started]) >= since_iso
        ]
    finally:
        conn.close()
    if not mine:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with private_target(target) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        try:
            text.write("\ufeff")
            write_csv(CALL_FIELDS, iter([mine]), text)
            text.flush()
        finally:
            text.detach()
    return len(mine)
