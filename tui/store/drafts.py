"""The complaint form as the agent types it, saved on every change so a crash or a closed
terminal loses nothing. One draft per agent; opening the complaint discards it."""

from __future__ import annotations

import json
from typing import NamedTuple

from pendulum import DateTime

from tui.domain.clock import from_iso, to_iso
from tui.store.db import Store


class Draft(NamedTuple):
    fields: dict[str, str]
    updated_at: DateTime


async def save_draft(
    store: Store,
    agent: str,
    fields: dict[str, str],
    at: DateTime,
    *,
    call_id: str | None = None,
) -> None:
    """Keep the agent's form. A save older than the one stored is ignored, so background
    saves that finish out of order never put back text the agent already changed."""
    for name, value in fields.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"draft fields are text: {name!r} = {value!r}")
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    async with store.transaction() as conn:
        await conn.execute(
            "INSERT INTO complaint_drafts (agent, fields, call_id, updated_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (agent) DO UPDATE SET fields = excluded.fields,"
            " call_id = excluded.call_id, updated_at = excluded.updated_at"
            " WHERE excluded.updated_at >= complaint_drafts.updated_at",
            (agent, text, call_id, to_iso(at)),
        )


async def load_draft(store: Store, agent: str) -> Draft | None:
    """(fields, updated_at) of the agent's unfinished complaint form, if any."""
    row = await store.fetchone(
        "SELECT fields, updated_at FROM complaint_drafts WHERE agent = ?", (agent,)
    )
    if row is None:
        return None
    fields = json.loads(row["fields"])
    return Draft({str(k): str(v) for k, v in fields.items()}, from_iso(row["updated_at"]))


async def draft_call_id(store: Store, agent: str) -> str | None:
    """The call the agent's draft was started on, if it was started on one."""
    row = await store.fetchone("SELECT call_id FROM complaint_drafts WHERE agent = ?", (agent,))
    return None if row is None else row["call_id"]


async def discard_draft(store: Store, agent: str) -> None:
    async with store.transaction() as conn:
        await conn.execute("DELETE FROM complaint_drafts WHERE agent = ?", (agent,))
