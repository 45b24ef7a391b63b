"""The sync beside a working desk: the desk's saves go on, nothing is lost or doubled,
and the sync never checkpoints the desk's WAL."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sync.conftest import assert_all_exactly_once, make_workstation
from tui.sync import push
from tui.sync.run import run_sync

ROOT = Path(__file__).resolve().parents[2]


def test_the_desk_saves_calls_while_syncs_run(
    tmp_path: Path, central_url: str, monkeypatch: pytest.MonkeyPatch,
    record_property: Callable[[str, object], None],
) -> None:  # fmt: skip
    monkeypatch.setattr(push, "BATCH_ROWS", 25)  # many central commits while the desk saves
    local = make_workstation(tmp_path / "ws.db", calls=10)
    desk = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.desk_loop", str(local), "400"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    syncs = 0
    while desk.poll() is None:
        run_sync(local, central_url, "ws-1")
        syncs += 1
    out, err = desk.communicate()
    assert desk.returncode == 0, err  # a "database is locked" would have ended it
    run_sync(local, central_url, "ws-1")  # the rest of the day, at night
    assert_all_exactly_once(local, central_url)
    waits = json.loads(out)
    assert waits["saves"] == 400
    # Timing is the bench's to judge (scripts/bench.py); here it is only reported.
    record_property("desk_save_wait", waits)
    print(f"\n{syncs} syncs beside 400 saves; save wait max {waits['max_ms']} ms,"
          f" p99 {waits['p99_ms']} ms")  # fmt: skip


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_sync_never_checkpoints_the_desks_wal(tmp_path: Path, central_url: str) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=5)
    wal = Path(f"{local}-wal")
    # The desk, open, with more in its WAL than SQLite's automatic checkpoint allows
    # (1000 pages): a connection that kept that default would checkpoint after its first
    # commit (the sync writes this station's identity on its first run).
    desk = sqlite3.connect(local, isolation_level=None)
    desk.execute("PRAGMA wal_autocheckpoint = 0")
    desk.execute("BEGIN IMMEDIATE")
    reason = desk.execute("SELECT code FROM reasons WHERE parent_code IS NOT NULL").fetchone()[0]
    for i in range(1200):
        desk.execute(
            "INSERT INTO calls (id, agent, started_at, ended_at, reason_code, outcome, mood,"
            " note) VALUES (?, 'Lin', '2026-11-24T02:00:00+00:00', '2026-11-24T02:01:00+00:00',"
            " ?, 'handled', 'calm', ?)",
            (f"wal-{i:05d}", reason, "x" * 3000),
        )
    desk.execute("COMMIT")
    try:
        main_before, wal_before = _sha(local), wal.stat().st_size
        assert wal_before > 1000 * 4096
        report = run_sync(local, central_url, "ws-1")
        assert report.counts.pushed["calls"] == 1205
        assert _sha(local) == main_before  # no page was written back into the file
        assert wal.stat().st_size >= wal_before
    finally:
        desk.close()
