"""Several desks opening the same new database at the same moment: the schema and the
reference data are written exactly once, and every desk starts."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import tomllib
from pathlib import Path

import pytest

from tui.store.migrations import known_migrations
from tui.store.paths import db_dir

PROCESSES = 3
ROUNDS = 8


def _open_at_once(path: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    from tui.store.db import Store

    async def go() -> None:
        barrier.wait(timeout=60)
        store = await Store.open(Path(path))
        await store.close()

    asyncio.run(go())


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_desks_opening_a_new_file_together_all_start(tmp_path: Path, round_: int) -> None:
    db = tmp_path / "shared.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    desks = [ctx.Process(target=_open_at_once, args=(str(db), barrier)) for _ in range(PROCESSES)]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(timeout=120)
    assert [desk.exitcode for desk in desks] == [0] * PROCESSES

    with sqlite3.connect(db) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
        reasons = conn.execute("SELECT COUNT(*) FROM reasons").fetchone()[0]
        phrases = conn.execute("SELECT COUNT(*) FROM phrases").fetchone()[0]
    conn.close()
    assert versions == [m.version for m in known_migrations()]
    with (db_dir() / "seed" / "reasons.toml").open("rb") as fh:
        assert reasons == len(tomllib.load(fh)["reason"])
    with (db_dir() / "seed" / "phrases.toml").open("rb") as fh:
        assert phrases == 3 * len(tomllib.load(fh)["phrase"])
