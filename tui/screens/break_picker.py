"""F8: which break is this? A digit picks the break code; Esc keeps working."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.domain.breaks import MANUAL_BREAK_CODES, BreakCode, break_label
from tui.domain.i18n import Lang, t
from tui.widgets.plain import plain


class BreakPickerScreen(ModalScreen[BreakCode | None]):
    """Dismisses with the chosen break code, or None when cancelled with Esc."""

    DEFAULT_CSS = """
    BreakPickerScreen {
        align: center middle;
    }
    BreakPickerScreen > #break-picker {
        width: auto;
        min-width: 30;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: round $accent;
        background: $surface;
    }
    BreakPickerScreen #break-picker > Static {
        width: auto;
    }
    BreakPickerScreen #break-picker-title {
        text-style: bold;
        color: $accent;
        margin: 0 0 1 0;
    }
    BreakPickerScreen #break-picker-hint {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    """

    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", show=False, id=f"break_picker.pick_{n}")
            for n in range(1, len(MANUAL_BREAK_CODES) + 1)
        ),
        Binding("escape", "dismiss(None)", show=False, id="break_picker.cancel"),
    ]

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="break-picker"):
            yield Static(plain(t(lang, "breaks.picker.title")), id="break-picker-title")
            for n, code in enumerate(MANUAL_BREAK_CODES, start=1):
                yield Static(plain(f"{n}  {break_label(lang, code)}"), id=f"break-{code}")
            yield Static(plain(t(lang, "breaks.picker.hint")), id="break-picker-hint")

    def action_pick(self, number: int) -> None:
        self.dismiss(MANUAL_BREAK_CODES[number - 1])
