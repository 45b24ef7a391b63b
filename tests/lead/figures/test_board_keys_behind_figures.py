"""Over the board, the figures (F6) and the scorecards (F7) take the whole screen; the
board's own keys must not act on the queue row hidden under them (A once opened "reassign
ORD-…" for a complaint the lead could not see), nor be offered in the footer there. F2
goes back to the board."""

from __future__ import annotations

from tests.lead.board_places import board_ready, settle
from tests.lead.figures.test_figure_snapshots import central_url, lead_board  # noqa: F401
from tests.tui.conftest import clock  # noqa: F401
from tui.domain.clock import FakeClock
from tui.lead.dialogs import ActionDialog
from tui.lead.shift_screen import ShiftScreen
from tui.widgets.key_footer import shown_keys

BOARD_ONLY = {"lead.reassign", "lead.escalate", "lead.history", "lead.filter", "lead.export"}


async def test_the_board_keys_do_not_act_behind_the_figures(
    central_url: str,  # noqa: F811
    clock: FakeClock,  # noqa: F811
) -> None:
    app = lead_board(central_url, clock, "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await board_ready(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, ShiftScreen)
        offered = {k.binding_id for k in shown_keys(app.screen)}
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ActionDialog), "reassign opened behind the figures"
        assert not offered & BOARD_ONLY, offered & BOARD_ONLY
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, ShiftScreen)
        assert app.view_name == "queue"
