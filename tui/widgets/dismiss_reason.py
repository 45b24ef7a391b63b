"""Why not now? One word for a dismissed reset reminder: ↑↓ and Enter, or its digit."""

from __future__ import annotations

from tui.domain.breaks import DISMISS_REASONS
from tui.domain.i18n import Lang, t
from tui.widgets.choice_dialog import ChoiceDialog


class DismissReasonScreen(ChoiceDialog):
    """Dismisses with the chosen reason, or None when the agent goes back with Esc."""

    def __init__(self, lang: Lang) -> None:
        super().__init__(
            t(lang, "breaks.dismiss.title"),
            [(reason, t(lang, f"breaks.dismiss.{reason}")) for reason in DISMISS_REASONS],
            hint=t(lang, "choice.keys_hint", last=len(DISMISS_REASONS)),
        )
        self.lang = lang
