"""A complaint's register, entry by entry: who did what and when, and the promise as it
was first given and as it stands now. Read-only: the register is only ever added to.

The number stays masked here too (the screen may be seen by others); one key copies it
for the call back without showing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pendulum import DateTime
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.domain.complaint_queue import countdown
from tui.domain.complaints import ComplaintFacts
from tui.domain.i18n import Lang, t
from tui.domain.phone import mask, mask_digit_runs
from tui.domain.register import ComplaintState, Event, RegisterCorrupt, read_instant
from tui.widgets.key_footer import KeyFooter
from tui.widgets.letter_keys import run_folded
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

When = Callable[[DateTime], str]


def _text(data: dict[str, Any], key: str) -> str:
    """What someone typed into an entry, numbers in it masked: the history is opened from
    the shared queue."""
    value = data.get(key)
    return mask_digit_runs(value.strip()) if isinstance(value, str) else ""


def event_details(event: Event, lang: Lang, when: When) -> str:
    """What one entry recorded, in words; numbers masked."""
    try:
        data = event.data
    except (ValueError, RegisterCorrupt):
        return event.payload
    kind = event.kind
    parts: list[str] = []

    def add(key: str, **values: object) -> None:
        parts.append(t(lang, key, **values))

    def instant(key: str) -> str:
        value = data.get(key)
        return when(read_instant(value)) if isinstance(value, str) else "?"

    if kind == "opened":
        add("history.d.promised", when=instant("promised_at"))
        add("history.d.revision", revision=str(data.get("rule_revision", "")))
    elif kind == "note":
        parts.append(_text(data, "text"))
    elif kind == "forwarded":
        add("history.d.department", department=_text(data, "department"))
        if _text(data, "note"):
            parts.append(_text(data, "note"))
    elif kind == "contacted":
        parts.append(_text(data, "note"))
        if _text(data, "number"):
            add("history.d.number", number=mask(_text(data, "number")))
    elif kind == "extended":
        add("history.d.promised", when=instant("promised_at"))
        add("history.d.reason", reason=_text(data, "reason"))
        contact = data.get("contact")
        if isinstance(contact, dict) and isinstance(contact.get("note"), str):
            add("history.d.contact", note=contact["note"])
    elif kind == "paused":
        add("history.d.reason", reason=_text(data, "reason"))
        remaining = data.get("remaining_s")
        if isinstance(remaining, int):
            add("history.d.left", left=countdown(remaining))
    elif kind == "resumed":
        add("history.d.promised", when=instant("promised_at"))
        if _text(data, "note"):
            parts.append(_text(data, "note"))
    elif kind == "escalated":
        add("history.d.reason", reason=_text(data, "reason"))
        if _text(data, "to"):
            add("history.d.to", to=_text(data, "to"))
    elif kind == "replied":
        parts.append(_text(data, "summary"))
    elif kind == "followup_scheduled":
        add("history.d.followup_at", when=instant("due_at"))
        if _text(data, "note"):
            parts.append(_text(data, "note"))
    elif kind == "followup_done":
        if _text(data, "note"):
            parts.append(_text(data, "note"))
        satisfied = data.get("satisfied")
        if isinstance(satisfied, bool):
            add("history.d.satisfied_yes" if satisfied else "history.d.satisfied_no")
    elif kind == "closed":
        parts.append(_text(data, "resolution"))
    elif kind == "reassigned":
        add("history.d.to", to=_text(data, "to"))
        if _text(data, "reason"):
            add("history.d.reason", reason=_text(data, "reason"))
    return " · ".join(part for part in parts if part)


class ComplaintHistoryScreen(ModalScreen[None]):
    CSS_PATH = "complaint_history.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Esc", id="history.close"),
        Binding("h", "dismiss(None)", show=False, id="history.close_h"),
        Binding("y", "copy_number", "Y", id="history.copy_number"),
    ]

    def __init__(
        self,
        lang: Lang,
        zone: str,
        facts: ComplaintFacts,
        state: ComplaintState,
        events: Sequence[Event],
        *,
        when: When,
        class_label: str,
        copy_number: Callable[[str], None],
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._zone = zone
        self._facts = facts
        self._state = state
        self._events = list(events)
        self._when = when
        self._class_label = class_label
        self._copy_number = copy_number

    async def on_key(self, event: events.Key) -> None:
        await run_folded(self, event)

    def compose(self) -> ComposeResult:
        lang = self._lang
        facts = self._facts
        with VerticalScroll(id="history-dialog"):
            yield Static(
                plain(
                    t(
                        lang,
                        "history.title",
                        customer=facts.customer_name,
                        contact=mask(facts.contact),
                    )
                ),
                id="history-title",
            )
            yield Static(self.summary(), id="history-facts")
            yield Static(self._promises(), id="history-promise")
            yield Static(self.events_table(), id="history-events")
        yield KeyFooter()

    def summary(self) -> Table:
        lang = self._lang
        facts, state = self._facts, self._state
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        rows = [
            ("history.status", t(lang, f"complaint.status.{state.status}")),
            ("history.class", f"{self._class_label} ({state.class_code})"),
            ("history.owner", state.owner),
            ("history.reference", facts.reference or "—"),
            ("history.department", state.department or "—"),
            ("history.what_happened", mask_digit_runs(facts.what_happened)),
            ("history.remedy", mask_digit_runs(facts.remedy_requested) or "—"),
        ]
        if state.escalated:
            rows.append(("history.escalated", t(lang, "history.yes")))
        for key, value in rows:
            grid.add_row(plain(t(lang, key)), plain(value))
        return grid

    def _promises(self) -> Text:
        lang = self._lang
        state = self._state
        text = Text()
        text.append_text(
            plain(t(lang, "history.original", when=self._when(state.original_promised_at)))
        )
        text.append("\n")
        if state.promised_at is not None:
            current = t(
                lang,
                "history.current_extended" if state.extensions else "history.current",
                when=self._when(state.promised_at),
                count=state.extensions,
            )
            text.append_text(plain(current, style="bold" if state.extensions else ""))
        elif state.remaining_s is not None:
            text.append_text(
                plain(t(lang, "history.paused", left=countdown(state.remaining_s)), style="bold")
            )
        return text

    def events_table(self) -> Table:
        lang = self._lang
        table = Table(expand=True, show_edge=False, pad_edge=False, box=None)
        table.add_column("#", justify="right", no_wrap=True, style="dim")
        table.add_column(plain(t(lang, "history.col.when")), no_wrap=True)
        table.add_column(plain(t(lang, "history.col.who")), no_wrap=True)
        table.add_column(plain(t(lang, "history.col.what")), no_wrap=True, style="bold")
        table.add_column(plain(t(lang, "history.col.details")), overflow="fold", ratio=1)
        for event in self._events:
            table.add_row(
                plain(str(event.seq)),
                plain(self._when(event.when)),
                plain(event.actor),
                plain(t(lang, f"complaint.kind.{event.kind}")),
                plain(event_details(event, lang, self._when)),
            )
        return table

    def action_copy_number(self) -> None:
        self._copy_number(self._facts.contact)
