"""A crash of the desk, written down for whoever fixes it and kept off the screen.

The traceback goes to a file readable by its owner only, in the user state folder, and
the terminal gets one line with the file's path. The report holds the frames (file,
line, function, source line) and the error, never a frame's local variables: those are
the call in hand (the caller's number, the note). Long digit runs are starred as well,
for an error message that quotes a number.
"""

from __future__ import annotations

import os
import platform
import re
import traceback
from datetime import UTC, datetime
from pathlib import Path

from tui import __version__
from tui.store.paths import crash_dir

# A phone number's length and longer; line numbers and ports are shorter.
_DIGIT_RUN = re.compile(r"\d{7,}")


def _starred(text: str) -> str:
    return _DIGIT_RUN.sub(lambda m: "*" * len(m[0]), text)


def write_crash_report(error: BaseException | str, folder: Path | None = None) -> Path:
    """Write the report and return its path. `error` is the exception, or a traceback
    already rendered to text (Textual's input thread hands over only that)."""
    if isinstance(error, BaseException):
        body = "".join(traceback.format_exception(error))
    else:
        body = error
    now = datetime.now(UTC)
    header = (
        f"agentdesk {__version__} crashed at {now.isoformat(timespec='seconds')}"
        f" (Python {platform.python_version()}, {platform.platform()})\n\n"
    )
    folder = folder or crash_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"crash-{now:%Y%m%dT%H%M%S}-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file of the same name keeps no wider mode
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(_starred(header + body))
    return path
