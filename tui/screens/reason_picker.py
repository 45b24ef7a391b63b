"""F3: the reason picker as a modal over the desk; dismisses with the picked code."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.domain.i18n import Lang, t
from tui.domain.reason_search import ReasonIndex
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.reason_picker import ReasonPicker
from tui.widgets.translated_bindings import translate_bindings


class ReasonPickerScreen(ModalScreen[str | None]):
    CSS_PATH = "reason_picker.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Esc", id="reasons.cancel")]

    def __init__(
        self,
        index: ReasonIndex,
        lang: Lang,
        usage: Mapping[str, tuple[int, str]],
        *,
        title: str,
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._index = index
        self._lang = lang
        self._usage = usage
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-dialog"):
            yield Static(plain(self._title), id="reason-title")
            yield ReasonPicker(self._index, self._lang, self._usage)
            yield Static(plain(t(self._lang, "reasons.keys_hint")), id="reason-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.app.refresh_bindings()

    @on(ReasonPicker.Selected)
    def _picked(self, event: ReasonPicker.Selected) -> None:
        self.dismiss(event.code)
