"""What every phase of a sync is handed: both stores, who we are, the time, and where to
say how far we got."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui.central.connection import Central

StepHook = Callable[[str], None]
"""Told the name of each step as it is reached. The tests kill the process at one; the
progress bar counts them. Names: "<phase>:<what>", e.g. "push:calls:before-commit"."""


def _no_hook(step: str) -> None:
    pass


@dataclass
class SyncCounts:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    reference_revision: int | None = None

    def add(self, side: dict[str, int], stream: str, n: int) -> None:
        if n:
            side[stream] = side.get(stream, 0) + n


@dataclass
class SyncContext:
    local: sqlite3.Connection
    """The workstation database, opened for the sync alone (see `tui.sync.local`)."""
    local_path: Path
    central: Central
    station: str
    install_id: str
    now: Callable[[], str]
    """UTC ISO-8601 text of the central side's 'now' (receipt times); injectable."""
    step: StepHook = _no_hook
    counts: SyncCounts = field(default_factory=SyncCounts)
    first_sync: bool | None = None
    """Whether central met this station for the first time; None until it is claimed
    (by the records push's first round, or before the first phase that needs it)."""
    whole_register: bool = True
    """Check every chain the station holds (the nightly run); False: only the chains
    with events added since the last push (the desk's pushes during the day, which must
    not hash a year of complaints every minute on the agent's machine)."""
