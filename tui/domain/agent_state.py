"""Where an agent is now, as the shift lead's board shows it: ready, on a call, in
after-call work, or on a break (and which), each with the moment it began."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pendulum import DateTime

from tui.domain.breaks import Break
from tui.domain.call_session import CallSession

StateName = Literal["ready", "on_call", "after_call", "on_break", "signed_out"]


@dataclass(frozen=True)
class AgentState:
    state: StateName
    since: DateTime
    break_code: str | None = None


def desk_state(session: CallSession, on_break: Break | None, ready_since: DateTime) -> AgentState:
    """The desk's state in the board's words. `ready_since` is when the agent last became
    free (the desk's start, a break's end, the end of after-call work): the session does
    not keep it, because an idle session carries no times."""
    if on_break is not None:
        return AgentState("on_break", on_break.started_at, on_break.code)
    if session.phase == "in_call" and session.started_at is not None:
        return AgentState("on_call", session.started_at)
    if session.phase == "after_call" and session.after_call_since is not None:
        return AgentState("after_call", session.after_call_since)
    return AgentState("ready", ready_since)
