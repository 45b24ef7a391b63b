"""A desk saving calls one after another, as fast as an agent never could, through the
store's own save: `python -m tests.sync.desk_loop DB COUNT`. Prints how long each save
waited, as JSON; any error (a "database is locked" included) ends it non-zero."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from tests.sync.conftest import a_call
from tui.store.calls import save_call
from tui.store.db import Store


async def main(path: Path, count: int) -> None:
    store = await Store.open(path)
    waits = []
    try:
        row = await store.fetchone("SELECT code FROM reasons WHERE parent_code IS NOT NULL")
        assert row is not None
        for i in range(count):
            call = a_call("loop", i, str(row["code"]))
            started = time.perf_counter()
            await save_call(store, call)
            waits.append(time.perf_counter() - started)
    finally:
        await store.close()
    waits.sort()
    print(json.dumps({
        "saves": len(waits),
        "max_ms": round(waits[-1] * 1000, 2),
        "p99_ms": round(waits[int(len(waits) * 0.99) - 1] * 1000, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
