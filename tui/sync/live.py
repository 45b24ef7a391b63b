"""The desk's pushes while it runs (`central` set in config.toml): what the background
sync in `tui.services.background_sync` calls on its thread."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from pendulum import DateTime

from tui.central.url import parse_central_url
from tui.domain.agent_state import AgentState
from tui.domain.clock import to_iso
from tui.domain.settings import Settings
from tui.sync.agent_state import push_agent_state
from tui.sync.context import SyncContext
from tui.sync.pull_work import pull_work
from tui.sync.run import run_sync


def station_name(settings: Settings) -> str:
    """This workstation's name in central: the setting, else the host's name."""
    return settings.station or socket.gethostname()


def desk_pusher(
    settings: Settings, db_path: Path, agent: str
) -> Callable[[AgentState, DateTime], int]:
    """The desk's sync: push what is new, take the complaints pulled to this station's
    agents (reassigned by a lead, or theirs from another workstation), tell central the
    agent's state. Returns how many complaints arrived."""
    url = parse_central_url(settings.central)
    station = station_name(settings)

    def push(state: AgentState, now: DateTime) -> int:
        def tell_state(ctx: SyncContext) -> None:
            push_agent_state(ctx.central, station, agent, state, to_iso(now))

        # The records first: a lead who sees "after-call work" finds the call it followed.
        # The state goes last, over the same connection (every desk pushes every minute:
        # a second login each time would double central's logins). Reference revisions
        # wait for the desk's next start (it reads them once).
        report = run_sync(
            db_path, url, station, pulls=[pull_work, tell_state], whole_register=False
        )
        return report.counts.pulled.get("complaints", 0)

    return push
