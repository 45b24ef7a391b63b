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


@pytest.mark.parametrize("step", ["push:register:before-commit", "push:register:after-commit"])
def test_a_daytime_push_killed_around_its_commit_loses_no_event(
    tmp_path: Path, central_url: str, step: str
) -> None:
    # The register's cursor (what lets a daytime push skip a register with nothing new)
    # commits with the last batch's events: a kill before that commit must leave it
    # behind them, one after it must leave nothing to send again.
    a = make_station(tmp_path, "ws-a")
    works_at(central_url, "lin", "ws-a")
    mine = open_on(a, "lin")
    sync(a, central_url, pull=False, whole_register=False)
    note_on(a, mine, "lin", T0.add(minutes=20))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run(
        [sys.executable, "-m", "tests.sync.kill_register", str(a.path), "ws-a", central_url,
         step, "daytime"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    again = sync(a, central_url, pull=False, whole_register=False)
    sent = 1 if step == "push:register:before-commit" else 0
    assert again.counts.pushed.get("complaint_events", 0) == sent
    everywhere = central_rows(central_url)
    assert len({row[0] for row in everywhere}) == len(everywhere) == 2
    assert local_rows(a) == everywhere
    assert quarantined(central_url) == []
