"""`agentdesk figures`: the shift, the month and the scorecards on their own, for a lead
who wants only the pictures (and the app `--serve` puts in a browser). The board app
opens the same screens with its own keys.

`s` the shift and month pictures, `c` the scorecards, `q` quits; Esc on the first screen
quits too.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from tui.domain.i18n import Lang
from tui.lead.figures_read import FigureReads
from tui.lead.scorecard_screen import ScorecardScreen
from tui.lead.shift_screen import ShiftScreen
from tui.widgets.translated_bindings import translate_bindings


class FiguresApp(App[None]):
    TITLE = "agentdesk figures"
    BINDINGS = [
        Binding("c", "scorecards", "C", id="figures.scorecards"),
        Binding("q", "quit", "Q", id="figures.close", show=False),
    ]

    def __init__(self, reads: FigureReads, lang: Lang) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self.reads = reads
        self.lang = lang

    def on_mount(self) -> None:
        self.push_screen(ShiftScreen(self.reads.figures, self.lang))

    def action_scorecards(self) -> None:
        if not isinstance(self.screen, ScorecardScreen):
            self.push_screen(ScorecardScreen(self.reads.scorecards, self.lang))
