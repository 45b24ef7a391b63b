"""What went wrong with the database, in words an agent can act on.

Every write the desk makes can meet a full disk, a broken disk, a file made read-only,
another program holding the lock past our patience, or a damaged file. The desk keeps
what was typed and says which of these it was; this module only tells them apart.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import Literal

from tui.store.db import StoreBusy

_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)

Fault = Literal["full", "busy", "io", "readonly", "corrupt", "other"]


def fault_of(exc: BaseException) -> Fault:
    if isinstance(exc, StoreBusy):
        return "busy"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        return "readonly" if exc.errno in _NOT_WRITABLE else "io"
    if not isinstance(exc, sqlite3.Error):
        return "other"
    text = str(exc).lower()
    if "full" in text:
        return "full"
    if "locked" in text or "busy" in text:
        return "busy"
    # "unable to open" once the file exists: SQLite could not create its journal beside it.
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "readonly"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "corrupt"
    if "i/o" in text or "disk" in text:
        return "io"
    return "other"
