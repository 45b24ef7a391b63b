"""The one line a command prints when the database file cannot be used, and its exit code.

The desk, `verify` (and any command that opens the file) share these codes, which the
README documents:

- 0: done (`verify`: the register is intact)
- 1: `verify` found the register altered; the desk crashed (the line names its report)
- 2: the database was written by a newer agentdesk (`verify`: there is no database at
  that path; click's own usage errors are 2 as well)
- 3: another program held the database longer than the desk waits
- 4: the file is damaged, empty where a register was expected, not an agentdesk
  database, or its disk failed
- 5: the file or its folder cannot be written (or read), or the disk is full
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tui.domain.i18n import Lang, t
from tui.store.db import StoreBusy
from tui.store.faults import fault_of
from tui.store.migrations import DatabaseTooNew

EXIT_CRASHED = 1
EXIT_TOO_NEW = 2
EXIT_BUSY = 3
EXIT_DAMAGED = 4
EXIT_CANNOT_WRITE = 5

_DIGIT_RUN = re.compile(r"\d{7,}")


def detail_of(exc: BaseException) -> str:
    """The system's own words, without any long number a message might quote."""
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _DIGIT_RUN.sub(lambda m: "*" * len(m[0]), text.splitlines()[0] if text else "")


def fault_line(exc: BaseException, path: Path, lang: Lang) -> tuple[int, str] | None:
    """(exit code, line) for an error the database file caused; None for anything else,
    which is a crash."""
    where = str(path)
    if isinstance(exc, DatabaseTooNew):
        return EXIT_TOO_NEW, t(lang, "db.too_new", path=where, found=exc.found, known=exc.known)
    if isinstance(exc, StoreBusy):
        return EXIT_BUSY, t(lang, "app.db_busy", path=where)
    if not isinstance(exc, sqlite3.DatabaseError | OSError):
        return None
    fault = fault_of(exc)
    detail = detail_of(exc)
    if fault == "busy":
        return EXIT_BUSY, t(lang, "app.db_busy", path=where)
    if fault == "corrupt":
        return EXIT_DAMAGED, t(lang, "db.damaged", path=where, detail=detail)
    if fault == "io":
        return EXIT_DAMAGED, t(lang, "db.disk_error", path=where, detail=detail)
    if fault == "readonly":
        return EXIT_CANNOT_WRITE, t(lang, "db.readonly", path=where, detail=detail)
    if fault == "full":
        return EXIT_CANNOT_WRITE, t(lang, "db.full", path=where)
    return None
