"""The desk's own push of the agent's state, into a real central store."""

from __future__ import annotations

from pathlib import Path

import pendulum

from tui.central.opener import open_central
from tui.domain.agent_state import AgentState
from tui.domain.settings import Settings
from tui.sync.live import desk_pusher

T0 = pendulum.datetime(2026, 11, 24, 1, 0, 0)


def test_the_desk_pushes_the_agents_state_and_an_older_report_never_wins(
    central_url: str, tmp_path: Path
) -> None:
    settings = Settings(central=central_url, station="desk-07")
    push = desk_pusher(settings, tmp_path / "desk.sqlite3", "Lin")
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
