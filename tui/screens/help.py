"""F1: what every key does, in the agent's language."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.domain.i18n import Lang, t
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

KEYS = (
    ("F1", "help.f1"),
    ("F2", "help.f2"),
    ("F3", "help.f3"),
    ("F4", "help.f4"),
    ("F5", "help.f5"),
    ("F6", "help.f6"),
    ("F7", "help.f7"),
    ("F8", "help.f8"),
    ("Shift+F8", "help.shift_f8"),
    ("F9", "help.f9"),
    ("1-9", "help.digits"),
    ("Esc", "help.esc"),
    ("Ctrl+P", "help.palette"),
    ("Ctrl+Q", "help.quit"),
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Esc", id="help.close"),
        Binding("f1", "dismiss(None)", show=False, id="help.close_f1"),
    ]

    def __init__(self, lang: Lang, extra: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._extra = extra

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, text in (*KEYS, *self._extra):
            table.add_row(plain(key), plain(t(self._lang, text)))
        with VerticalScroll(id="help-dialog"):
            yield Static(plain(t(self._lang, "help.title")), id="help-title")
            yield Static(table)
        yield Footer()
