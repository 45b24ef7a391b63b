"""Inputs that never hold more than their field's limit, however the text arrives.

A 10 MB paste into the wrap-up note froze the desk for two minutes: Textual took it in
whole and then every keystroke, redraw and check went over it. Here a field's limit is
applied as the text arrives:

- typing at the limit is refused (a bell), and the field says it is full;
- a paste goes in up to the limit and the rest is left out, and the field says how much.

Only as much of a paste as fits is ever looked at. Control characters, pasted or in a
value given to the field, come in as visible stand-ins (␛, ␀): a field shows exactly
what it will save.

`BoundedTextArea` (in `bounded_area`, kept apart: a TextArea costs start-up time the desk's
first paint does not need) does the same for text with lines. The field says so by posting
`Capped`; the screen shows it on its line under the field.
A `Capped` nobody shows reaches the app, which shows it as a notification.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

from tui.domain.graphemes import is_joiner, snap
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown, take_paste


class Capped(Message):
    """Text did not fit the field: `left_out` characters of it were not taken."""

    def __init__(self, field: Widget, limit: int, left_out: int, *, pasted: bool) -> None:
        super().__init__()
        self.field = field
        self.limit = limit
        self.left_out = left_out
        self.pasted = pasted

    @property
    def control(self) -> Widget:
        return self.field

    def text(self, lang: Lang) -> str:
        """What to tell the agent, in their language."""
        if self.pasted:
            return t(lang, "input.paste_cut", limit=f"{self.limit:,}", count=self.left_out)
        return t(lang, "input.full", limit=f"{self.limit:,}")


class BoundedInput(Input):
    """A one-line Input holding at most `max_length` characters."""

    def __init__(self, value: str | None = None, *, max_length: int, **options: object) -> None:
        if max_length <= 0:
            raise ValueError("a bounded input needs a limit")
        super().__init__(value, max_length=max_length, **options)  # type: ignore[arg-type]
        self.limit = max_length

    def validate_value(self, value: str) -> str:
        return shown(value)

    def validate_selection(self, selection: Selection) -> Selection:
        start, end = super().validate_selection(selection)
        old_start, old_end = self.selection
        value = self.value
        return Selection(
            snap(value, start, forward=start > old_start), snap(value, end, forward=end > old_end)
        )

    async def _on_key(self, event: events.Key) -> None:
        if event.character and is_joiner(event.character) and not event.is_printable:
            event.stop()
            event.prevent_default()
            start, end = sorted(self.selection)
            self.replace(event.character, start, end)
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own paste would refuse the whole of a long one
        event.stop()
        self.paste(event.text)

    def action_paste(self) -> None:
        self.paste(self.app.clipboard)

    def paste(self, text: str) -> None:
        """Take in what of `text` fits; say how much did not."""
        start, end = sorted(self.selection)
        room = self.limit - len(self.value) + (end - start)
        kept, left_out = take_paste(text, room, one_line=True)
        if kept:
            self.replace(kept, start, end)
        if left_out:
            self.post_message(Capped(self, self.limit, left_out, pasted=True))

    def restricted(self) -> None:
        super().restricted()
        if len(self.value) >= self.limit:
            self.post_message(Capped(self, self.limit, 1, pasted=False))
