"""The desk's own push of the agent's state, into a real central store."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pendulum
import pytest

from tui.central.opener import open_central
from tui.domain.agent_state import AgentState
from tui.domain.settings import Settings
from tui.store.db import Store
from tui.sync.live import desk_pusher

T0 = pendulum.datetime(2026, 11, 24, 1, 0, 0)


async def _new_workstation(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


def test_the_desk_pushes_the_agents_state_and_an_older_report_never_wins(
    central_url: str, tmp_path: Path
) -> None:
    settings = Settings(central=central_url, station="desk-07")
    db = tmp_path / "desk.sqlite3"
    asyncio.run(_new_workstation(db))
    push = desk_pusher(settings, db, "Lin")
    push(AgentState("on_break", T0, "meal"), T0.add(seconds=5))
    push(AgentState("ready", T0.subtract(minutes=30)), T0)  # late, from a stale thread
    with open_central(central_url) as central:
        rows = central.fetchall(
            "SELECT agent, station, state, since, break_code, reported_at FROM agent_states"
        )
    assert rows == [
        ("Lin", "desk-07", "on_break", "2026-11-24T01:00:00+00:00", "meal",
         "2026-11-24T01:00:05+00:00"),
    ]  # fmt: skip
    push(AgentState("on_call", T0.add(minutes=1)), T0.add(minutes=1))
    with open_central(central_url) as central:
        assert central.fetchall("SELECT state, break_code FROM agent_states") == [("on_call", None)]


def test_a_desk_push_logs_in_to_central_once(
    central_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every desk pushes at least every minute: its records and its state share one
    connection, so a call center of 200 desks costs central 200 logins a minute, not 400."""
    import tui.central.opener

    settings = Settings(central=central_url, station="desk-07")
    db = tmp_path / "desk.sqlite3"
    asyncio.run(_new_workstation(db))
    push = desk_pusher(settings, db, "Lin")
    push(AgentState("ready", T0), T0)  # the first sync migrates and claims
    opened: list[str] = []
    real = tui.central.opener.open_central

    def counting(url: Any) -> Any:
        opened.append(str(url))
        return real(url)

    for module in list(sys.modules.values()):
        if getattr(module, "open_central", None) is real:
            monkeypatch.setattr(module, "open_central", counting)
    push(AgentState("on_call", T0.add(minutes=1)), T0.add(minutes=1))
    assert len(opened) == 1
    with open_central(central_url) as central:
        assert central.fetchall("SELECT state FROM agent_states") == [("on_call",)]
