"""One sync, start to end: open both stores, bring central's schema up to date, claim the
station, then run the phases in order.

Push phases run inside one read snapshot of the workstation (a row's references were in
the same snapshot, and a push phase never writes locally); pull phases run after it and
write in their own short `BEGIN IMMEDIATE` transactions. Adding a phase is one line in
`PUSH_PHASES` or `PULL_PHASES`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from tui.central.connection import CentralError, CentralUnreachable
from tui.central.migrations import migrate_central
from tui.central.opener import open_central
from tui.central.url import CentralUrl, parse_central_url
from tui.domain.clock import to_iso
from tui.sync.chains import push_register
from tui.sync.context import StepHook, SyncContext, SyncCounts
from tui.sync.local import (
    SyncRefused,
    install_id,
    migrate_local,
    open_local,
    read_snapshot,
)
from tui.sync.pull_work import pull_work
from tui.sync.push import ensure_claimed, push_records
from tui.sync.reference import ReferenceRefused, pull_reference

Phase = Callable[[SyncContext], None]

PUSH_PHASES: list[Phase] = [
    push_records,
    push_register,
]
PULL_PHASES: list[Phase] = [
    pull_reference,
    pull_work,
]


class SyncFailed(SyncRefused):
    """Stopped part-way; what central acknowledged stays acknowledged."""

    kind = "failed"


@dataclass
class SyncReport:
    station: str
    central: str
    """The store as shown: never its password."""
    counts: SyncCounts = field(default_factory=SyncCounts)
    seconds: float = 0.0
    first_sync: bool = False
    """This station was new to the central store."""
    central_migrations: int = 0
    local_migrated: bool = False


def _utc_now() -> str:
    return to_iso(datetime.now(UTC))


def _no_step(name: str) -> None:
    pass


def _secrets(url: CentralUrl) -> list[str]:
    found = [os.environ.get("PGPASSWORD", "")]
    try:
        found.append(urlsplit(url.raw).password or "")
    except ValueError:
        pass
    return [s for s in found if len(s) >= 3]


def _one_line(exc: BaseException, url: CentralUrl) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def _lost_connection(exc: BaseException) -> bool:
    # psycopg's OperationalError is the server gone or the line cut; its other errors
    # (a refused row, say) are about what we sent.
    return type(exc).__module__.startswith("psycopg") and type(exc).__name__ == "OperationalError"


def _is_driver_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg")


def run_sync(
    local_path: Path,
    central_url: str | CentralUrl,
    station: str,
    *,
    now: Callable[[], str] = _utc_now,
    step: StepHook = _no_step,
    pulls: Sequence[Phase] | None = None,
    whole_register: bool = True,
) -> SyncReport:
    """Run every phase once: the push phases, then `pulls` (default `PULL_PHASES`).
    The desk's own syncs during the day take only the work pulled to its agents, and
    with `whole_register=False` judge only the complaints with new entries and leave the
    file's full check to the nightly run. Raises `SyncRefused` (the workstation side, the station
    name, a stop part-way) or `CentralError` (the central store), each one line with no
    password; nothing is sent before the workstation database has passed its check."""
    started = time.monotonic()
    url = central_url if isinstance(central_url, CentralUrl) else parse_central_url(central_url)
    report = SyncReport(station=station, central=url.shown)
    local = open_local(local_path, check=whole_register)
    try:
        central = open_central(url)
        try:
            try:
                report.central_migrations = migrate_central(central)
                before = local
                local = migrate_local(local, local_path)
                report.local_migrated = local is not before
                ident = install_id(local, now())
                ctx = SyncContext(
                    local=local,
                    local_path=local_path,
                    central=central,
                    station=station,
                    install_id=ident,
                    now=now,
                    step=step,
                    counts=report.counts,
                    whole_register=whole_register,
                )
                try:
                    _run_phases(ctx, list(PULL_PHASES if pulls is None else pulls))
                finally:
                    report.first_sync = bool(ctx.first_sync)
            except (SyncRefused, CentralError, ReferenceRefused):
                raise
            except Exception as exc:
                if not _is_driver_error(exc):
                    raise
                if _lost_connection(exc):
                    raise CentralUnreachable(
                        f"the central store at {url.host} ({url}) stopped answering:"
                        f" {_one_line(exc, url)}; what it acknowledged is kept, the next run"
                        " goes on from there"
                    ) from None
                raise SyncFailed(
                    f"the sync stopped part-way: {_one_line(exc, url)}; what the central store"
                    " acknowledged is kept, the next run goes on from there"
                ) from None
        finally:
            central.close()
    finally:
        local.close()
    report.seconds = time.monotonic() - started
    return report


CLAIMS_ITSELF: set[Phase] = {push_records}
"""Phases that claim the station in their own first central transaction; before any
other phase, the station is claimed in a transaction of its own if it is not yet: no
phase reads or writes central for a station name another workstation holds."""


def _run_phases(ctx: SyncContext, pulls: list[Phase]) -> None:
    with read_snapshot(ctx.local):
        for phase in PUSH_PHASES:
            if phase not in CLAIMS_ITSELF:
                ensure_claimed(ctx)
            phase(ctx)
    for phase in pulls:
        ensure_claimed(ctx)
        phase(ctx)
