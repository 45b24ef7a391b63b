"""What the lead sees: the queue and the floor at 120x40, the queue at 80x24, in zh, en
and ko, on a central store filled by the real sync."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.lead.board_places import Team, board_ready, make_board
from tests.tui.conftest import SnapCompare
from tui.domain.clock import FakeClock


@pytest.fixture
def central_url(tmp_path: object) -> str:
    # One backend is enough for a picture: the same rows come from both.
    return f"sqlite:///{tmp_path}/central.db"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_queue(
    snap_compare: SnapCompare, team: Team, clock: FakeClock, lang: str, size: tuple[int, int]
) -> None:
    async def crossed(pilot: Pilot[int]) -> None:
        app = await board_ready(pilot)
        clock.advance(minutes=31)
        app.tick()
        await pilot.pause()

    assert snap_compare(make_board(team, clock, lang), terminal_size=size, run_before=crossed)


@pytest.mark.parametrize("lang", ["zh", "en", "ko"])
def test_floor(snap_compare: SnapCompare, team: Team, clock: FakeClock, lang: str) -> None:
    async def floor(pilot: Pilot[int]) -> None:
        app = await board_ready(pilot)
        await pilot.press("f3")
        clock.advance(minutes=5)
        app.tick()
        await pilot.pause()

    assert snap_compare(make_board(team, clock, lang), terminal_size=(120, 40), run_before=floor)
