"""Which complaints a station's pull takes: those whose owner works on it. An agent
works where their desk last said (central's `agent_states`), or, with no state pushed
yet, where their latest pushed call was taken (both stations when two calls share that
latest moment). Central finds them without reading every call it holds."""

from __future__ import annotations

from pathlib import Path

from tests.sync.places import central_for, works_at
from tui.sync.context import SyncContext
from tui.sync.pull_work import candidates

CALL = ("id", "station", "agent", "started_at", "ended_at", "caller", "reason_code",
        "outcome", "mood", "satisfaction", "note")  # fmt: skip


def _call(cid: str, station: str, agent: str, at: str) -> tuple[object, ...]:
    return (cid, station, agent, at, at, "", "inquiry", "answered", "calm", None, "")


def test_an_agent_without_a_state_works_where_their_latest_call_was_taken(
    tmp_path: Path, central_url: str
) -> None:
    with central_for(central_url) as central, central.transaction():
        central.load(
            "calls",
            CALL,
            [
                _call("c1", "ws-a", "lin", "2026-11-24T01:00:00Z"),
                _call("c2", "ws-b", "lin", "2026-11-24T02:00:00Z"),
                _call("c3", "ws-a", "wang", "2026-11-24T01:30:00Z"),
                _call("c4", "ws-b", "wang", "2026-11-24T01:30:00Z"),
                _call("c5", "ws-a", "zhou", "2026-11-24T03:00:00Z"),
                _call("c6", "ws-a", "an", "2026-11-24T00:30:00Z"),
            ],
            key=("id",),
        )
        central.load(
            "complaint_owners",
            ("complaint_id", "owner", "status"),
            [("k-lin", "lin", "open"), ("k-wang", "wang", "paused"), ("k-zhou", "zhou", "open"),
             ("k-an", "an", "replied"), ("k-lin-done", "lin", "closed")],
            key=("complaint_id",),
        )  # fmt: skip
    # zhou's desk says where zhou is: the calls are not asked.
    works_at(central_url, "zhou", "ws-c")

    def pulled_by(station: str) -> list[str]:
        with central_for(central_url) as central:
            ctx = SyncContext(
                local=None,  # type: ignore[arg-type]  # the choice is central's alone
                local_path=tmp_path / "unused.sqlite3",
                central=central,
                station=station,
                install_id="install",
                now=lambda: "2026-11-24T12:00:00Z",
            )
            return candidates(ctx)

    assert pulled_by("ws-a") == ["k-an", "k-wang"]
    assert pulled_by("ws-b") == ["k-lin", "k-wang"]
    assert pulled_by("ws-c") == ["k-zhou"]
    assert pulled_by("ws-d") == []
