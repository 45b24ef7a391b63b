"""A short list to choose from: ↑↓ and Enter, or the digit in front of each entry."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.widgets.plain import plain

MAX_CHOICES = 9


class ChoiceDialog(ModalScreen[str | None]):
    """Dismisses with the chosen entry's key; with None on Esc only when `can_cancel`."""

    # A full path: a relative one is read beside each subclass, wherever it is defined.
    CSS_PATH = Path(__file__).with_name("choice_dialog.tcss")
    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", show=False, id=f"choice.pick_{n}")
            for n in range(1, MAX_CHOICES + 1)
        ),
        Binding("escape", "cancel", show=False, id="choice.cancel"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        details: Sequence[str] = (),
        hint: str = "",
        can_cancel: bool = True,
    ) -> None:
        super().__init__()
        if not 0 < len(choices) <= MAX_CHOICES:
            raise ValueError(f"a choice dialog holds 1 to {MAX_CHOICES} entries")
        self._title = title
        self._choices = list(choices)
        self._details = list(details)
        self._hint = hint
        self._can_cancel = can_cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog"):
            yield Static(plain(self._title), id="choice-title")
            for line in self._details:
                yield Static(plain(line), classes="choice-detail")
            yield OptionList(
                *(
                    Option(plain(f"{n}  {label}"), id=key)
                    for n, (key, label) in enumerate(self._choices, start=1)
                ),
                id="choice-list",
                compact=True,
            )
            if self._hint:
                yield Static(plain(self._hint), id="choice-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if number <= len(self._choices):
            self.dismiss(self._choices[number - 1][0])

    def action_cancel(self) -> None:
        if self._can_cancel:
            self.dismiss(None)
