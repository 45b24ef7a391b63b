"""The agent's state, told to central by the desk at least every minute, so the lead's
board is minutes old, not a day old."""

from __future__ import annotations

from tui.central.connection import Central
from tui.domain.agent_state import AgentState
from tui.domain.clock import to_iso

_COLUMNS = ("agent", "station", "state", "since", "break_code", "reported_at")


def push_agent_state(
    central: Central, station: str, agent: str, state: AgentState, reported_at: str
) -> None:
    """Upsert the agent's one row. An older report never overwrites a newer one: two
    desks of the same agent (a moved agent's old station still open) cannot flap it."""
    row = (agent, station, state.state, to_iso(state.since), state.break_code, reported_at)
    with central.transaction():
        newest = central.fetchone("SELECT reported_at FROM agent_states WHERE agent = ?", (agent,))
        if newest is not None and str(newest[0]) > reported_at:
            return
        central.load("agent_states", _COLUMNS, [row], key=("agent",), update=_COLUMNS[1:])
