"""A sync killed (SIGKILL) at each step of the push, then run again: every row ends up in
central exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.conftest import assert_all_exactly_once, central_count, make_workstation
from tests.sync.places import make_station
from tui.sync.push import StationTaken
from tui.sync.run import run_sync

ROOT = Path(__file__).resolve().parents[2]


def sync_killed_at(local: Path, url: str, step: str, nth: int, batch: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.sync.kill_at", str(local), url, "ws-1", step, str(nth),
         str(batch)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr


@pytest.mark.parametrize(
    ("step", "nth"),
    [
        ("push:call_starts:before-commit", 1),  # the very first batch, never committed
        ("push:calls:before-commit", 3),  # mid-stream: two batches in, the third not
        ("push:calls:after-commit", 2),  # committed, nothing after it done yet
        ("push:breaks:after-commit", 1),  # a changeable stream's cursor
        ("push:register:before-commit", 1),
    ],
)
def test_a_killed_sync_is_finished_by_the_next(
    tmp_path: Path, central_url: str, step: str, nth: int
) -> None:
    local = make_workstation(tmp_path / "ws.db", calls=40)
    sync_killed_at(local, central_url, step, nth, batch=7)
    if step == "push:calls:after-commit":
        assert central_count(central_url, "calls") == 14
    if step == "push:calls:before-commit":
        assert central_count(central_url, "calls") == 14
    report = run_sync(local, central_url, "ws-1")
    assert_all_exactly_once(local, central_url)
    if step.startswith("push:calls"):
        assert report.counts.pushed["calls"] == 40 - 14


def test_a_first_sync_killed_in_its_first_round_leaves_the_station_unclaimed(
    tmp_path: Path, central_url: str
) -> None:
    # The claim rides in the records push's first central transaction: killed before
    # that commits, central has neither the station nor a row of it, and the next run
    # is still the station's first.
    local = make_workstation(tmp_path / "ws.db", calls=40)
    sync_killed_at(local, central_url, "push:call_starts:before-commit", 1, batch=7)
    assert central_count(central_url, "stations") == 0
    assert central_count(central_url, "calls") == 0
    report = run_sync(local, central_url, "ws-1")
    assert report.first_sync
    assert_all_exactly_once(local, central_url)
    assert not run_sync(local, central_url, "ws-1").first_sync


def test_a_station_another_machine_holds_is_refused_with_nothing_new_to_push(
    tmp_path: Path, central_url: str
) -> None:
    # With no records to push the claim has a transaction of its own, still before any
    # other phase reads or writes central.
    first = make_workstation(tmp_path / "first.db", tag="first", calls=2)
    run_sync(first, central_url, "ws-1")
    empty = make_station(tmp_path, "empty").path
    with pytest.raises(StationTaken):
        run_sync(empty, central_url, "ws-1")
    assert_all_exactly_once(first, central_url)
