"""Where an agent's desk listens for the softphone: one Unix socket per agent, in a
folder only this user can reach.

`$XDG_RUNTIME_DIR/agentdesk/<agent>.sock` when the runtime folder is ours and private
(0700), else `/tmp/agentdesk-<uid>/agentdesk/<agent>.sock`. A folder on the way that
another user owns or could enter is refused, never repaired: whoever made it could be
listening in the desk's place, or read the callers' numbers.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")


class UnsafeFolder(Exception):
    """The socket's folder is not private to this user; the message names it and why."""

    def __init__(self, folder: Path, why: str) -> None:
        super().__init__(f"{folder}: {why}")
        self.folder = folder
        self.why = why


def _private(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def runtime_folder() -> Path:
    """The user's runtime folder: `$XDG_RUNTIME_DIR` when it is ours and private, else a
    folder of our own under the system's temporary folder."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_absolute() and _private(Path(xdg)):
        return Path(xdg)
    return Path(tempfile.gettempdir()) / f"agentdesk-{os.getuid()}"


def socket_name(agent: str) -> str:
    """A file name for the agent: the name itself when it is plain ASCII, else a digest
    (names in Chinese or Korean, or with a slash, are as much an agent's as any)."""
    if _PLAIN_NAME.match(agent):
        return f"{agent}.sock"
    return "agent-" + hashlib.sha256(agent.encode("utf-8")).hexdigest()[:16] + ".sock"


def socket_path(agent: str) -> Path:
    """Where `agent`'s desk listens (nothing is created or checked here)."""
    return runtime_folder() / "agentdesk" / socket_name(agent)


def check_folder(folder: Path) -> None:
    """Raise UnsafeFolder when `folder` exists but is not a private folder of ours."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(folder, "not a folder")
    if info.st_uid != os.getuid():
        raise UnsafeFolder(folder, "owned by another user")
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise UnsafeFolder(folder, f"mode {stat.S_IMODE(info.st_mode):04o}, not 0700")


def private_folder_for(agent: str) -> Path:
    """The socket's path, its folders made (0700) and checked: UnsafeFolder when one of
    them exists and another user owns it or could enter it."""
    path = socket_path(agent)
    for folder in (path.parent.parent, path.parent):
        check_folder(folder)
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
            check_folder(folder)  # made by someone else between the two calls
    return path
