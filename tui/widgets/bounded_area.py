"""A TextArea that never holds more than its field's limit (see `tui.widgets.bounded`)."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location, Selection

from tui.domain.graphemes import is_joiner, snap
from tui.domain.plain_text import shown, take_paste
from tui.widgets.bounded import Capped


class BoundedTextArea(TextArea):
    """A TextArea holding at most `max_length` characters, line breaks counted."""

    def __init__(self, text: str = "", *, max_length: int, **options: object) -> None:
        super().__init__(shown(text), **options)  # type: ignore[arg-type]
        self.max_length = max_length

    def _validate_selection(self, selection: Selection) -> Selection:
        start, end = super()._validate_selection(selection)
        old_start, old_end = self.selection
        return Selection(self._snap(start, old_start), self._snap(end, old_end))

    def _snap(self, location: Location, old: Location) -> Location:
        row, column = location
        line = self.document[row]
        return row, snap(line, column, forward=location > old)

    async def _on_key(self, event: events.Key) -> None:
        if event.character and is_joiner(event.character) and not event.is_printable:
            event.stop()
            event.prevent_default()
            if not self.read_only:
                self._replace_via_keyboard(event.character, *self.selection)
            return
        await super()._on_key(event)

    def _room(self, start: Location, end: Location) -> int:
        first, last = sorted((start, end))
        return self.max_length - len(self.text) + len(self.get_text_range(first, last))

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        self.paste(event.text)

    def action_paste(self) -> None:
        self.paste(self.app.clipboard)

    def paste(self, text: str) -> None:
        """Take in what of `text` fits; say how much did not."""
        if self.read_only:
            return
        start, end = self.selection
        kept, left_out = take_paste(text, self._room(start, end), one_line=False)
        if kept:
            result = super()._replace_via_keyboard(kept, start, end)
            if result is not None:
                self.move_cursor(result.end_location)
        self.focus()
        if left_out:
            self.post_message(Capped(self, self.max_length, left_out, pasted=True))

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        # Typing: one key's text goes in whole or not at all.
        if len(insert) > self._room(start, end):
            self.app.bell()
            self.post_message(Capped(self, self.max_length, len(insert), pasted=False))
            return None
        return super()._replace_via_keyboard(insert, start, end)
