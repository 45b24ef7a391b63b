"""A one-line prompt for a phrase placeholder the call cannot fill yet."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.domain.i18n import Lang, t
from tui.domain.phrases import BLANK_LIMIT
from tui.widgets.bounded import BoundedInput, Capped
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings


class FillPromptScreen(ModalScreen[str | None]):
    """Asks for one value; Enter with text returns it, Esc returns None."""

    CSS_PATH = "fill_prompt.tcss"
    BINDINGS = [
        # Priority: the field would take Enter itself, and then the footer and the help
        # could not show it.
        Binding("enter", "submit", "Enter", priority=True, id="fill.submit"),
        Binding("escape", "dismiss(None)", "Esc", id="fill.cancel"),
    ]

    def __init__(self, lang: Lang, name: str, preview: str) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._name = name
        self._preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(id="fill-dialog"):
            yield Label(plain(self._preview), id="fill-preview")
            label = t(self._lang, f"placeholder.{self._name}")
            yield Label(plain(t(self._lang, "fill.ask", name=label)), id="fill-label")
            yield BoundedInput(max_length=BLANK_LIMIT, id="fill-input")
            yield Label("", id="fill-error")
        yield KeyFooter()

    def action_submit(self) -> None:
        value = self.query_one("#fill-input", Input).value.strip()
        if not value:
            self.query_one("#fill-error", Label).update(plain(t(self._lang, "fill.empty")))
            return
        self.dismiss(value)

    @on(Capped, "#fill-input")
    def _capped(self, event: Capped) -> None:
        event.stop()
        self.query_one("#fill-error", Label).update(plain(event.text(self._lang)))
