"""Type-to-filter picker over the whole call-reason tree.

Matches come from `ReasonIndex` (label, code, pinyin initials, Hangul initials) with the
agent's recent and most-used reasons first; the first nine are one digit key away, so the
commonest tags cost two keystrokes: F3 and a digit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.domain.reason_search import ReasonIndex, usage_ranking
from tui.domain.reasons import PATH_SEP
from tui.widgets.filter_input import FilterInput
from tui.widgets.plain import plain

SHOWN = 60


class ReasonPicker(Vertical):
    """An input that filters, and the list it filters."""

    DEFAULT_CSS = """
    ReasonPicker { height: 1fr; }
    ReasonPicker > Input { margin: 0; }
    ReasonPicker > OptionList {
        height: 1fr; border: none; padding: 0;
        /* One row per reason: a wrapped path ran back to column 0, under the digits. */
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("down", "move(1)", show=False, priority=True, id="reasons.down"),
        Binding("up", "move(-1)", show=False, priority=True, id="reasons.up"),
        Binding("pagedown", "move(10)", show=False, priority=True, id="reasons.pagedown"),
        Binding("pageup", "move(-10)", show=False, priority=True, id="reasons.pageup"),
        *(
            Binding(str(n), f"pick_number({n})", show=False, priority=True, id=f"reasons.{n}")
            for n in range(1, 10)
        ),
    ]

    @dataclass
    class Selected(Message):
        """The agent picked a leaf reason."""

        picker: ReasonPicker
        code: str

    def __init__(
        self,
        index: ReasonIndex,
        lang: Lang,
        usage: Mapping[str, tuple[int, str]] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._index = index
        self._lang = lang
        # Ranked once: the order of the agent's history does not change while typing.
        self._ranking = usage_ranking(usage or {})
        self._codes: list[str] = []

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder=t(self._lang, "reasons.filter_hint"), id="reason-filter", compact=True
        )
        yield OptionList(id="reason-list")

    def on_mount(self) -> None:
        self._refilter("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#reason-filter")
    def _on_filter(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        matches = self._index.search(query, usage=self._ranking, limit=SHOWN)
        self._codes = [m.code for m in matches]
        options = []
        for number, match in enumerate(matches, start=1):
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{number} " if number <= 9 else "  ", style="bold")
            prompt.append(shown(match.reason.label(self._lang)), style="bold")
            # The label is the path's last step: the dim part says only where it sits,
            # and it is what gives way to an ellipsis when the row is too long.
            parents = match.path[:-1]
            if parents:
                prompt.append(f"  {shown(PATH_SEP.join(parents))}", style="dim")
            options.append(Option(prompt, id=match.code))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if not options:
            option_list.add_option(Option(plain(t(self._lang, "reasons.no_match")), disabled=True))
        else:
            option_list.highlighted = 0

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if not self._codes:
            return
        current = option_list.highlighted or 0
        option_list.highlighted = max(0, min(len(self._codes) - 1, current + step))

    def action_pick_number(self, number: int) -> None:
        if number <= len(self._codes):
            self.post_message(self.Selected(self, self._codes[number - 1]))

    @on(Input.Submitted, "#reason-filter")
    def _on_submit(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self._codes):
            self.post_message(self.Selected(self, self._codes[highlighted]))

    @on(OptionList.OptionSelected, "#reason-list")
    def _on_option(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Selected(self, event.option.id))
