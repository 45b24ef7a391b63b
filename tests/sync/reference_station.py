"""A workstation and a central store for the reference tests: the desk's own database
file (made by the desk's Store), opened for the sync with plain sqlite3 as the sync
opens it, and the central store migrated; plus `publish` run as the back office runs it.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result

from tui.central.connection import Central
from tui.central.migrations import migrate_central
from tui.central.opener import open_central
from tui.cli import main
from tui.store.db import Store
from tui.store.paths import db_dir
from tui.sync.context import StepHook, SyncContext

PULLED_AT = "2026-11-24T02:00:00+00:00"


def make_station(path: Path) -> Path:
    """A workstation database as the desk leaves it: migrated and seeded."""

    async def create() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(create())
    return path


def open_local(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 2000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def sync_context(
    path: Path, central_url: str, step: StepHook | None = None
) -> Iterator[SyncContext]:
    local = open_local(path)
    central = open_central(central_url)
    try:
        migrate_central(central)
        ctx = SyncContext(
            local=local,
            local_path=path,
            central=central,
            station="ws-1",
            install_id="install-1",
            now=lambda: PULLED_AT,
        )
        if step is not None:
            ctx.step = step
        yield ctx
    finally:
        central.close()
        local.close()


@contextmanager
def central_store(central_url: str) -> Iterator[Central]:
    central = open_central(central_url)
    try:
        migrate_central(central)
        yield central
    finally:
        central.close()


def reference_copy(folder: Path) -> Path:
    """The shipped reference files, copied where a test may edit them."""
    shutil.copytree(db_dir() / "seed", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def publish(central_url: str, folder: Path | None = None, *extra: str) -> Result:
    args = ["publish", "--central", central_url, *extra]
    if folder is not None:
        args.append(str(folder))
    return CliRunner().invoke(main, args, catch_exceptions=False)
