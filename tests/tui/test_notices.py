"""The app's own record of what it told the agent: what tests and the desk read, in place
of Textual's private list, which forgets a toast once it times out."""

from __future__ import annotations

from tests.tui.conftest import MakeDesk, desk_ready
from tui.domain.plain_text import shown
from tui.widgets.notices import KEPT


async def test_every_notification_is_kept_as_shown_until_cleared(make_desk: MakeDesk) -> None:
    app = make_desk("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await desk_ready(pilot)
        app.clear_notifications()
        hostile = "Li [b]bold[/b] \x1b[2J\x00"
        app.notify(hostile, title="\x07", severity="error", timeout=0.01)
        await pilot.pause()
        (notice,) = app.notices
        assert notice.message == shown(hostile) and "\x1b" not in notice.message
        assert notice.title == shown("\x07") and notice.severity == "error"
        for n in range(KEPT + 5):
            app.notify(f"n{n}")
        assert len(app.notices) == KEPT
        assert app.notices.messages[-1] == f"n{KEPT + 4}"
        app.clear_notifications()
        assert not app.notices
