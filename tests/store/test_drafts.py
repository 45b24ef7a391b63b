from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.rows import value
from tui.store.db import Store
from tui.store.drafts import discard_draft, draft_call_id, load_draft, save_draft

T0 = pendulum.datetime(2026, 11, 24, 1, 0, 0, 250000, tz="UTC")


@pytest.fixture
async def store(tmp_db: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_db, seed=False)
    try:
        yield s
    finally:
        await s.close()


MIXED = {
    "customer_name": "王小明 / 김민수",
    "what_happened": '相框碎了 💔\n액자가 깨져서 왔어요 😡👨‍👩‍👧\n\t"quoted" \\ back',
    "remedy_requested": "",
    "contact": "+86 138-1234-5678",
}


async def test_mixed_scripts_and_emoji_round_trip_exactly(store: Store) -> None:
    await save_draft(store, "li", MIXED, T0)
    loaded = await load_draft(store, "li")
    assert loaded is not None
    fields, updated_at = loaded
    assert fields == MIXED
    assert updated_at == T0


async def test_a_draft_survives_closing_the_program(tmp_db: Path) -> None:
    first = await Store.open(tmp_db, seed=False)
    await save_draft(first, "li", MIXED, T0, call_id="call-1")
    await first.close()
    second = await Store.open(tmp_db, seed=False)
    try:
        loaded = await load_draft(second, "li")
        assert loaded is not None and loaded.fields == MIXED
        assert await draft_call_id(second, "li") == "call-1"
    finally:
        await second.close()


async def test_each_save_replaces_the_agents_draft(store: Store) -> None:
    await save_draft(store, "li", {"what_happened": "相"}, T0)
    await save_draft(store, "li", {"what_happened": "相框"}, T0.add(seconds=1))
    loaded = await load_draft(store, "li")
    assert loaded is not None
    assert loaded.fields == {"what_happened": "相框"}
    assert loaded.updated_at == T0.add(seconds=1)
    assert await value(store, "SELECT COUNT(*) FROM complaint_drafts") == 1


async def test_a_save_that_arrives_late_does_not_undo_newer_typing(store: Store) -> None:
    await save_draft(store, "li", {"what_happened": "相框碎了"}, T0.add(seconds=2))
    await save_draft(store, "li", {"what_happened": "相框"}, T0.add(seconds=1))
    loaded = await load_draft(store, "li")
    assert loaded is not None and loaded.fields == {"what_happened": "相框碎了"}


async def test_drafts_are_per_agent_and_discard_removes_only_ones_own(store: Store) -> None:
    await save_draft(store, "li", {"customer_name": "王"}, T0)
    await save_draft(store, "kim", {"customer_name": "김"}, T0)
    await discard_draft(store, "li")
    assert await load_draft(store, "li") is None
    kim = await load_draft(store, "kim")
    assert kim is not None and kim.fields == {"customer_name": "김"}
    assert await draft_call_id(store, "li") is None


async def test_no_draft_is_none(store: Store) -> None:
    assert await load_draft(store, "nobody") is None
    await discard_draft(store, "nobody")


async def test_non_text_fields_are_refused(store: Store) -> None:
    with pytest.raises(TypeError):
        await save_draft(store, "li", {"count": 3}, T0)  # type: ignore[dict-item]


text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(text, text, max_size=8))
def test_any_text_round_trips(fields: dict[str, str]) -> None:
    async def go(path: Path) -> dict[str, str] | None:
        store = await Store.open(path, seed=False)
        try:
            await save_draft(store, "li", fields, T0)
            loaded = await load_draft(store, "li")
            return None if loaded is None else loaded.fields
        finally:
            await store.close()

    with tempfile.TemporaryDirectory() as folder:
        assert asyncio.run(go(Path(folder) / "d.sqlite3")) == fields
