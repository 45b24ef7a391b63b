"""F4: the scripted-phrase panel. Filter, browse by group, Enter (or a digit) picks.

The screen only chooses; the desk fills the placeholders from the call, asks for what
the call cannot fill, and copies, so one phrase is never copied half-filled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.domain.i18n import Lang, t
from tui.domain.phrases import (
    GROUPS,
    ForbiddenPhrase,
    Phrase,
    fill,
    filter_phrases,
    find_forbidden,
    placeholders,
)
from tui.domain.plain_text import shown
from tui.widgets.filter_input import FilterInput
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings


def phrase_row(number: int, group_width: int, group: Text, body: Text) -> Table:
    """A phrase as three columns, so a long one wraps under its own first word: a
    continuation that ran back to column 0 sat under the digits, where the eye looks
    for the next phrase's key."""
    row = Table.grid(padding=(0, 1, 0, 0), expand=True)
    row.add_column(width=1, no_wrap=True, style="bold")
    row.add_column(width=group_width, no_wrap=True, overflow="ellipsis")
    row.add_column(ratio=1, overflow="fold")
    row.add_row(str(number) if number <= 9 else "", group, body)
    return row


class PhrasesScreen(ModalScreen[Phrase | None]):
    CSS_PATH = "phrases.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Esc", id="phrases.cancel"),
        Binding("pagedown", "group(1)", "PgDn", priority=True, id="phrases.next_group"),
        Binding("pageup", "group(-1)", "PgUp", priority=True, id="phrases.prev_group"),
        Binding("down", "move(1)", show=False, priority=True, id="phrases.down"),
        Binding("up", "move(-1)", show=False, priority=True, id="phrases.up"),
        *(
            Binding(str(n), f"pick_number({n})", show=False, priority=True, id=f"phrases.{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(
        self,
        phrases: Sequence[Phrase],
        forbidden: Sequence[ForbiddenPhrase],
        lang: Lang,
        values: Mapping[str, str],
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._phrases = list(phrases)
        self._forbidden = list(forbidden)
        self._lang = lang
        self._values = values
        self._group = -1  # -1 is "all groups"
        self._shown: list[Phrase] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="phrase-dialog"):
            yield Static(plain(t(self._lang, "phrases.title")), id="phrase-title")
            yield Static(id="phrase-groups")
            yield FilterInput(
                placeholder=t(self._lang, "phrases.filter_hint"), id="phrase-filter", compact=True
            )
            yield OptionList(id="phrase-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._refresh_list()
        self.query_one(Input).focus()

    def _refresh_groups(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        names = [t(self._lang, "phrases.all"), *(t(self._lang, f"group.{g}") for g in GROUPS)]
        for i, name in enumerate(names):
            selected = i - 1 == self._group
            line.append(f" {shown(name)} ", style="bold reverse" if selected else "dim")
        self.query_one("#phrase-groups", Static).update(line)

    def _refresh_list(self) -> None:
        self._refresh_groups()
        query = self.query_one(Input).value
        phrases = filter_phrases(self._phrases, query) if query else self._phrases
        if self._group >= 0:
            phrases = [p for p in phrases if p.group == GROUPS[self._group]]
        self._shown = phrases
        group_width = max(cell_len(shown(t(self._lang, f"group.{g}"))) for g in GROUPS)
        options = []
        for number, phrase in enumerate(phrases, start=1):
            filled = fill(phrase.text, self._blanks_named(phrase.text))
            body = Text(shown(filled.text))
            hits = find_forbidden(phrase.text, self._lang, self._forbidden)
            if hits:
                words = ", ".join(h.phrase for h in hits)
                body.append(
                    f"\n⚠ {shown(t(self._lang, 'phrases.forbidden', words=words))}",
                    style="bold red",
                )
            group = Text(shown(t(self._lang, f"group.{phrase.group}")), style="dim")
            options.append(Option(phrase_row(number, group_width, group, body), id=phrase.code))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0
        else:
            option_list.add_option(Option(plain(t(self._lang, "phrases.no_match")), disabled=True))

    def _blanks_named(self, text: str) -> dict[str, str]:
        """The values to show: what the call has filled in, and a blank still open
        named in the agent's language (【客户称呼】), never as the template's {customer}."""
        named = {
            name: t(self._lang, "phrases.blank", name=t(self._lang, f"placeholder.{name}"))
            for name in placeholders(text)
        }
        return named | {name: value for name, value in self._values.items() if value.strip()}

    @on(Input.Changed, "#phrase-filter")
    def _filter(self) -> None:
        self._refresh_list()

    def action_group(self, step: int) -> None:
        self._group = (self._group + 1 + step) % (len(GROUPS) + 1) - 1
        self._refresh_list()

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if self._shown:
            current = option_list.highlighted or 0
            option_list.highlighted = max(0, min(len(self._shown) - 1, current + step))

    def action_pick_number(self, number: int) -> None:
        if number <= len(self._shown):
            self.dismiss(self._shown[number - 1])

    @on(Input.Submitted, "#phrase-filter")
    def _submit(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self._shown):
            self.dismiss(self._shown[highlighted])

    @on(OptionList.OptionSelected, "#phrase-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[event.option_index])
