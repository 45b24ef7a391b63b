"""A small form for one entry in a complaint's register: a note, a contact, an extension.

The caller passes the fields and a `submit` coroutine that writes the entry and returns
the refusal to show (in the agent's language), or None. A refused entry keeps the form
open with everything typed, so the agent fixes the reason and tries again.

A field with `choices` starts with none chosen and must be answered before `submit` is
called: a yes/no that defaults to "no" records "no" for an agent who never looked.

A field may carry a `preview`: a line under it, redrawn as the agent types, that says
what the typed text will mean (a new deadline in words) or why it will be refused, so
the agent sees it before saving rather than after.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.domain.register import TEXT_LIMIT
from tui.widgets.bounded import BoundedInput, Capped
from tui.widgets.choice_row import ChoiceRow
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings


@dataclass(frozen=True)
class EventField:
    """One input of the form."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) options picked with a ChoiceRow; its value is "" until chosen."""
    preview: Preview | None = dataclasses.field(default=None, compare=False)
    """Text → (the line shown under the field, whether that line is a problem)."""
    limit: int = TEXT_LIMIT
    """Characters the field holds: the register's limit for free text unless smaller."""


Preview = Callable[[str], tuple[str, bool]]
Submit = Callable[[dict[str, str]], Awaitable[str | None]]


class EventFormScreen(ModalScreen[bool]):
    """Returns True once `submit` accepted the entry, False when closed without it."""

    CSS_PATH = "event_form.tcss"
    BINDINGS = [
        Binding("f9", "save", "F9", priority=True, id="event.save"),
        Binding("ctrl+s", "save", show=False, priority=True, id="event.save_alt"),
        Binding("escape", "cancel", "Esc", id="event.cancel"),
        # Reached only from a choice row: inputs take Enter themselves.
        Binding("enter", "next_field", show=False, id="event.next_field"),
    ]

    def __init__(
        self,
        lang: Lang,
        title: str,
        fields: Sequence[EventField],
        submit: Submit,
        *,
        intro: str = "",
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._title = title
        self._fields = list(fields)
        self._submit = submit
        self._intro = intro
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="event-dialog"):
            yield Static(plain(self._title), id="event-title")
            if self._intro:
                yield Static(plain(self._intro), id="event-intro")
            for field in self._fields:
                yield Label(plain(field.label), classes="event-label")
                if field.choices:
                    yield ChoiceRow(field.choices, field.value or None, id=f"ev-{field.name}")
                    continue
                yield BoundedInput(
                    value=field.value,
                    max_length=field.limit,
                    placeholder=shown(field.placeholder),
                    id=f"ev-{field.name}",
                    compact=True,
                )
                if field.preview is not None:
                    yield Static(id=f"ev-{field.name}-preview", classes="event-preview")
            yield Label("", id="event-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        for field in self._fields:
            self._show_preview(field, field.value)
        if self._fields:
            first = next((f for f in self._fields if not f.value), self._fields[0])
            self.query_one(f"#ev-{first.name}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for field in self._fields:
            widget = self.query_one(f"#ev-{field.name}")
            if isinstance(widget, ChoiceRow):
                out[field.name] = widget.value or ""
            elif isinstance(widget, Input):
                out[field.name] = widget.value
        return out

    def show_error(self, text: str) -> None:
        self.query_one("#event-error", Label).update(plain(text))

    def _show_preview(self, field: EventField, value: str) -> None:
        if field.preview is None:
            return
        text, problem = field.preview(value)
        line = self.query_one(f"#ev-{field.name}-preview", Static)
        line.update(plain(text))
        line.set_class(problem, "-problem")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        for field in self._fields:
            if event.input.id == f"ev-{field.name}":
                self._show_preview(field, event.value)

    @on(Capped)
    def _capped(self, event: Capped) -> None:
        event.stop()
        self.show_error(event.text(self._lang))

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        await self.action_next_field()

    @on(ChoiceRow.Changed)
    def _chosen(self) -> None:
        self.show_error("")

    async def action_next_field(self) -> None:
        """Enter: on to the next field, and from the last one, save."""
        names = [f"ev-{f.name}" for f in self._fields]
        focused = self.focused.id if self.focused is not None else None
        if focused in names and names.index(focused) < len(names) - 1:
            self.focus_next()
            return
        await self.action_save()

    def _unanswered(self) -> EventField | None:
        values = self.values()
        return next((f for f in self._fields if f.choices and not values[f.name]), None)

    async def action_save(self) -> None:
        if self._busy:
            return
        missing = self._unanswered()
        if missing is not None:
            self.show_error("⚠ " + t(self._lang, "event.choose", label=missing.label))
            self.query_one(f"#ev-{missing.name}").focus()
            return
        self._busy = True
        try:
            problem = await self._submit(self.values())
        except Exception as exc:  # a failed write keeps the form and says why
            problem = str(exc)
        finally:
            self._busy = False
        if problem:
            self.show_error("⚠ " + problem)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
