"""Reading one value back in store tests."""

from __future__ import annotations

from collections.abc import Sequence

from tui.store.db import Store


async def value(store: Store, sql: str, params: Sequence[object] = ()) -> object:
    """The first column of the one row `sql` gives; fails when it gives none."""
    row = await store.fetchone(sql, params)
    assert row is not None, sql
    return row[0]
