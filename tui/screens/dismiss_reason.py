"""Why not now? One word, picked with a digit, for a dismissed reset reminder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.domain.breaks import DISMISS_REASONS, DismissReason
from tui.domain.i18n import Lang, t
from tui.widgets.plain import plain


class DismissReasonScreen(ModalScreen[DismissReason | None]):
    """Dismisses with the chosen reason, or None when the agent goes back with Esc."""

    DEFAULT_CSS = """
    DismissReasonScreen {
        align: center middle;
    }
    DismissReasonScreen > #dismiss-dialog {
        width: auto;
        max-width: 100%;
        height: auto;
        padding: 0 1;
        border: round $warning;
        background: $surface;
    }
    DismissReasonScreen #dismiss-dialog > Static {
        width: auto;
    }
    DismissReasonScreen #dismiss-title {
        text-style: bold;
    }
    DismissReasonScreen #dismiss-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", show=False, id=f"dismiss.pick_{n}")
            for n in range(1, len(DISMISS_REASONS) + 1)
        ),
        Binding("escape", "dismiss(None)", show=False, id="dismiss.back"),
    ]

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="dismiss-dialog"):
            yield Static(plain(t(lang, "breaks.dismiss.title")), id="dismiss-title")
            choices = "   ".join(
                f"{n} {t(lang, f'breaks.dismiss.{reason}')}"
                for n, reason in enumerate(DISMISS_REASONS, start=1)
            )
            yield Static(plain(choices), id="dismiss-choices")
            yield Static(plain(t(lang, "breaks.dismiss.hint")), id="dismiss-hint")

    def action_pick(self, number: int) -> None:
        self.dismiss(DISMISS_REASONS[number - 1])
