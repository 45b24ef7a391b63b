"""Writers of a central SQLite store take turns on an OS lock beside it (a file only its
owner may open), so several syncs at once queue without SQLite's sleeping busy handler.
Readers never take it, and a writer killed while holding it holds it no more."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from tui.central.connection import WRITE_LOCK_SUFFIX
from tui.central.migrations import migrate_central
from tui.central.opener import open_central

ROOT = Path(__file__).resolve().parents[2]

# A second process that opens the store, starts a write transaction, says so, and then
# waits for ever (until it is killed) with the transaction open.
_HOLDER = """
import sys
sys.path.insert(0, {root!r})
from tui.central.opener import open_central
central = open_central({url!r})
with central.transaction():
    central.execute("INSERT INTO stations (station, install_id, first_seen_at)"
                    " VALUES ('held', 'x', '2026-11-24T01:00:00Z')")
    print("holding", flush=True)
    sys.stdin.read()
"""


def _store(tmp_path: Path) -> tuple[str, Path]:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    with open_central(url) as central:
        migrate_central(central)
    return url, tmp_path / f"central.db{WRITE_LOCK_SUFFIX}"


def _held(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_write_lock_is_a_file_only_its_owner_may_open(tmp_path: Path) -> None:
    _, lock = _store(tmp_path)
    assert lock.is_file()
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


def test_a_writer_holds_the_lock_for_its_transaction_and_readers_pass(tmp_path: Path) -> None:
    url, lock = _store(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(root=str(ROOT), url=url)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        assert _held(lock)
        with open_central(url) as reader:
            started = time.monotonic()
            assert reader.fetchall("SELECT station FROM stations") == []
            assert time.monotonic() - started < 1.0
        assert holder.stdin is not None
        holder.stdin.close()  # the holder commits and lets go
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    assert not _held(lock)
    with open_central(url) as central:
        assert central.fetchall("SELECT station FROM stations") == [("held",)]


def test_a_writer_killed_holding_the_lock_lets_the_next_one_in(tmp_path: Path) -> None:
    url, lock = _store(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(root=str(ROOT), url=url)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        assert _held(lock)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
    with open_central(url) as central:
        started = time.monotonic()
        with central.transaction():
            central.execute(
                "INSERT INTO stations (station, install_id, first_seen_at)"
                " VALUES ('next', 'y', '2026-11-24T01:00:00Z')"
            )
        # Well inside the 30 s a writer would wait for a holder that is alive.
        assert time.monotonic() - started < 5.0
        assert central.fetchall("SELECT station FROM stations") == [("next",)]
