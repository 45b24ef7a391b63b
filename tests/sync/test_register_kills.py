"""Killed (SIGKILL) at each step of the register's push and pull, the next sync finishes
the job: every event in central exactly once, every place the same, nothing quarantined
that was not tampered with."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.places import (
    T0,
    central_for,
    central_rows,
    local_rows,
    make_station,
    note_on,
    open_on,
    quarantined,
    sync,
    works_at,
)
from tui.store.complaints import verify_register
from tui.sync.lead_actions import reassign

ROOT = Path(__file__).resolve().parents[2]
STEPS = (
    "push:register:before-commit",
    "push:register:after-commit",
    "pull:register:mid",
    "pull:register:after-local-commit",
)


@pytest.mark.parametrize("step", STEPS)
def test_a_sync_killed_at_a_step_is_finished_by_the_next(
    tmp_path: Path, central_url: str, step: str
) -> None:
    a, b = make_station(tmp_path, "ws-a"), make_station(tmp_path, "ws-b")
    works_at(central_url, "lin", "ws-a")
    works_at(central_url, "wang", "ws-b")
    mine = open_on(a, "lin")
    theirs = open_on(b, "wang", T0.add(minutes=1))
    sync(a, central_url)
    sync(b, central_url)
    with central_for(central_url) as central:
        # Pulled into ws-a for the first time, and one it holds that gets a rebase.
        reassign(central, theirs, "lin", "zhou", "", T0.add(hours=1))
        reassign(central, mine, "lin-2", "zhou", "", T0.add(hours=1))
    note_on(a, mine, "lin", T0.add(minutes=20))
    note_on(a, mine, "lin", T0.add(minutes=30))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run(
        [sys.executable, "-m", "tests.sync.kill_register", str(a.path), "ws-a", central_url, step],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    sync(a, central_url)
    everywhere = central_rows(central_url)
    assert len({row[0] for row in everywhere}) == len(everywhere) == 6
    assert local_rows(a) == everywhere
    assert asyncio.run(verify_register(a.path)).ok
    assert quarantined(central_url) == []
    again = sync(a, central_url)
    assert again.counts.pushed == {} and again.counts.pulled == {}
