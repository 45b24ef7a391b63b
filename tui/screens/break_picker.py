"""F8: which break is this? ↑↓ and Enter, or the digit in front of it; Esc keeps working."""

from __future__ import annotations

from tui.domain.breaks import MANUAL_BREAK_CODES, break_label
from tui.domain.i18n import Lang, t
from tui.widgets.choice_dialog import ChoiceDialog


class BreakPickerScreen(ChoiceDialog):
    """Dismisses with the chosen `BreakCode`, or None when cancelled with Esc."""

    def __init__(self, lang: Lang) -> None:
        super().__init__(
            t(lang, "breaks.picker.title"),
            [(code, break_label(lang, code)) for code in MANUAL_BREAK_CODES],
            hint=t(lang, "choice.keys_hint", last=len(MANUAL_BREAK_CODES)),
        )
        self.lang = lang
