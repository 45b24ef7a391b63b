"""F6: the agent's open complaints and follow-up calls, soonest deadline first.

Every row counts down to the second. The keys act on the highlighted complaint and
each adds one entry to its register: a note, a customer contact, an extension (with a
reason, and only after the customer was contacted), a pause or a resume, an escalation,
the reply, a follow-up call, the close. The register decides what it accepts; when it
refuses, the form stays open and says why in the agent's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from tui.domain.clock import to_iso
from tui.domain.complaint_queue import (
    WHEN_LIMIT,
    QueueItem,
    countdown,
    extension_default,
    parse_when,
    remaining_business,
    resumed_due,
    when_input,
)
from tui.domain.i18n import Lang, t
from tui.domain.phone import INPUT_LIMIT as NUMBER_LIMIT
from tui.domain.plain_text import shown
from tui.domain.promise_extension import EXAMPLE as EXTEND_EXAMPLE
from tui.domain.promise_extension import UNREADABLE, NewDeadline, read_extension
from tui.domain.register import ComplaintState, RegisterRefused
from tui.screens.complaint_history import ComplaintHistoryScreen
from tui.screens.event_form import EventField, EventFormScreen
from tui.services.faults import fault_of
from tui.widgets.key_footer import ShownKey, shown_keys
from tui.widgets.letter_keys import run_folded
from tui.widgets.plain import plain
from tui.widgets.queue_list import QueueList
from tui.widgets.status_header import StatusHeader
from tui.widgets.translated_bindings import translate_bindings

if TYPE_CHECKING:
    from pendulum import DateTime

    from tui.app import AgentDeskApp
    from tui.services.complaints import ComplaintService

WHEN_HINT = "+2h · 16:30 · 2026-11-25 10:00"
# The keys that act on the highlighted complaint: shown only while there is one.
ITEM_ACTIONS = frozenset(
    {
        "history",
        "note",
        "contact",
        "extend",
        "pause",
        "escalate",
        "reply",
        "followup",
        "close_complaint",
    }
)


class QueueScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(AgentDeskApp)

    CSS_PATH = "queue.tcss"
    BINDINGS = [
        Binding("escape,f6", "back", "Esc", id="queue.back"),
        Binding("enter", "history", "Enter", id="queue.history"),
        Binding("n", "note", "N", id="queue.note"),
        Binding("c", "contact", "C", id="queue.contact"),
        Binding("x", "extend", "X", id="queue.extend"),
        Binding("p", "pause", "P", id="queue.pause"),
        Binding("e", "escalate", "E", id="queue.escalate"),
        Binding("r", "reply", "R", id="queue.reply"),
        Binding("f", "followup", "F", id="queue.followup"),
        Binding("k", "close_complaint", "K", id="queue.close_complaint"),
    ]

    def __init__(self, desk: ComplaintService, lang: Lang) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._desk = desk
        self._lang = lang

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        yield Static(id="queue-title")
        yield QueueList(self._lang, id="queue-list")
        yield Static(id="queue-detail")
        # The keys wrap onto two lines here: ten of them do not fit one footer line at 80
        # columns, and an agent should not have to guess a hidden one.
        yield Static(id="queue-keys")

    def legend_keys(self) -> list[ShownKey]:
        """The keys that work now, from the live bindings (the agent's keymap applied, the
        item keys gone while nothing is highlighted): the legend is the queue's footer."""
        return [k for k in shown_keys(self) if k.binding_id and k.binding_id.startswith("queue.")]

    def _legend(self, width: int) -> Text:
        """The keys packed into lines of `width` cells, never splitting a key from its label."""
        text = Text()
        used = 0
        for item in self.legend_keys():
            size = item.width
            if used and used + 2 + size > width:
                text.append("\n")
                used = 0
            elif used:
                text.append("  ")
                used += 2
            text.append(item.label, style="bold reverse")
            text.append(" " + shown(item.description))
            used += size
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ITEM_ACTIONS:
            try:
                return self.queue.current is not None
            except NoMatches:
                return False
        return True

    def _bindings_changed(self, screen: Screen[None]) -> None:
        self.on_resize()

    def on_resize(self) -> None:
        try:
            keys = self.query_one("#queue-keys", Static)
        except NoMatches:
            return
        keys.update(self._legend(max(self.size.width - 2, 20)))

    def on_mount(self) -> None:
        self.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.queue_changed.subscribe(self, self.show_queue, immediate=True)
        self.app.clock_ticked.subscribe(self, self.clock_tick, immediate=True)
        self.on_resize()
        queue = self.queue
        queue.tick(self._desk.clock.now().timestamp())
        self.show_queue(self._desk.items)
        queue.focus()

    async def on_key(self, event: events.Key) -> None:
        await run_folded(self, event)

    @property
    def queue(self) -> QueueList:
        return self.query_one(QueueList)

    # The app's signals: the queue changed, a second passed ------------------------

    def show_queue(self, items: Sequence[QueueItem]) -> None:
        """The queue changed (loaded, or a complaint got a new entry)."""
        complaints = sum(1 for item in items if item.kind == "complaint")
        calls = len(items) - complaints
        if self._desk.counts is not None:  # only the first screenful is read yet
            complaints, calls = self._desk.counts
        self.query_one("#queue-title", Static).update(
            plain(t(self._lang, "queue.title", complaints=complaints, calls=calls))
        )
        self.queue.set_items(items)
        self._show_detail(self.queue.current)
        self.refresh_bindings()

    def clock_tick(self, now: DateTime) -> None:
        """Every second: move the countdowns. Only the visible rows repaint."""
        if not self.is_current:
            return
        try:
            queue = self.queue
        except NoMatches:
            return  # a tick that lands while the app is closing finds the queue taken apart
        queue.tick(now.timestamp())

    # The highlighted row -----------------------------------------------------------

    @on(QueueList.Highlighted)
    def _highlighted(self, event: QueueList.Highlighted) -> None:
        self._show_detail(event.item)

    def _show_detail(self, item: QueueItem | None) -> None:
        detail = self.query_one("#queue-detail", Static)
        if item is None:
            detail.update("")
            return
        lang = self._lang
        desk = self._desk
        now = self._desk.clock.now()
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(shown(item.label(lang)), style="bold")
        parts: list[tuple[str, str]] = []
        if item.kind == "followup" and item.due is not None:
            parts.append((t(lang, "queue.detail.followup", when=desk.when(item.due)), ""))
        elif item.due is not None:
            words, when = desk.words(item.due, now), desk.when(item.due)
            parts.append((t(lang, "queue.detail.due", words=words, when=when), ""))
        elif item.status == "paused" and item.remaining_s is not None:
            parts.append((t(lang, "queue.detail.paused", left=countdown(item.remaining_s)), ""))
        else:
            parts.append((t(lang, f"complaint.status.{item.status}"), ""))
        if item.department:
            parts.append((t(lang, "queue.detail.department", department=item.department), ""))
        if item.extensions:
            parts.append((t(lang, "queue.detail.extended", count=item.extensions), ""))
        if item.escalated:
            parts.append((t(lang, "queue.detail.escalated"), "bold"))
        for part, style in parts:
            text.append(" · " + shown(part), style=style)
        second = plain(
            item.note or item.summary if item.kind == "followup" else item.summary,
            no_wrap=True,
            overflow="ellipsis",
            style="dim",
        )
        detail.update(Text("\n").join([text, second]))

    def _current(self) -> QueueItem | None:
        item = self.queue.current
        if item is None:
            self.notify(t(self._lang, "queue.nothing_selected"), severity="warning")
        return item

    # Keys ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        item = self._current()
        if item is not None:
            self._open_history(item.complaint_id)

    @work(exclusive=True, group="queue-history")
    async def _open_history(self, complaint_id: str) -> None:
        desk = self._desk
        loaded = await desk.load(complaint_id)
        if loaded is None:
            return
        facts, state = loaded
        events = await desk.events(complaint_id)
        rules = desk.rules
        deadline_class = rules.classes.get(state.class_code) if rules is not None else None
        label = deadline_class.labels.get(self._lang) if deadline_class else state.class_code
        await self.app.push_screen(
            ComplaintHistoryScreen(
                self._lang,
                desk.zone,
                facts,
                state,
                events,
                when=desk.when,
                class_label=label,
                copy_number=self._copy_number,
            )
        )

    def _copy_number(self, number: str) -> None:
        self.app.phrase_clipboard.copy(number)
        self.notify(t(self._lang, "history.number_copied"))

    def _form(
        self,
        kind: str,
        fields: Sequence[EventField],
        build: Callable[[dict[str, str]], Mapping[str, object] | str],
        *,
        complaint_id: str,
        intro: str = "",
    ) -> None:
        """Ask for one entry; `build(values)` gives the payload, or a message to show."""
        lang = self._lang

        async def submit(values: dict[str, str]) -> str | None:
            payload = build(values)
            if isinstance(payload, str):
                return payload
            try:
                await self._desk.append(complaint_id, kind, payload)
            except RegisterRefused as exc:
                return t(lang, exc.key)
            except Exception as exc:  # the form stays open with what was typed
                return t(lang, "store.write_failed", fault=t(lang, f"store.fault.{fault_of(exc)}"))
            self.notify(t(lang, "queue.recorded", what=t(lang, f"complaint.kind.{kind}")))
            return None

        self.app.push_screen(
            EventFormScreen(lang, t(lang, f"event.{kind}.title"), fields, submit, intro=intro)
        )

    def _field(self, name: str, key: str, **options: Any) -> EventField:
        return EventField(name, t(self._lang, key), **options)

    def action_note(self) -> None:
        item = self._current()
        if item is None:
            return
        self._form(
            "note",
            [self._field("text", "event.field.note")],
            lambda v: {"text": v["text"]},
            complaint_id=item.complaint_id,
        )

    def action_contact(self) -> None:
        item = self._current()
        if item is None:
            return
        self._form(
            "contacted",
            [
                self._field("note", "event.field.contact_note"),
                self._field(
                    "number", "event.field.number", placeholder=item.contact, limit=NUMBER_LIMIT
                ),
            ],
            lambda v: {"note": v["note"], "number": v["number"].strip()},
            complaint_id=item.complaint_id,
        )

    def action_escalate(self) -> None:
        item = self._current()
        if item is None:
            return
        self._form(
            "escalated",
            [
                self._field("reason", "event.field.reason"),
                self._field("to", "event.field.escalate_to"),
            ],
            lambda v: {"reason": v["reason"], "to": v["to"]},
            complaint_id=item.complaint_id,
        )

    def action_reply(self) -> None:
        item = self._current()
        if item is None:
            return
        self._form(
            "replied",
            [self._field("summary", "event.field.summary")],
            lambda v: {"summary": v["summary"]},
            complaint_id=item.complaint_id,
        )

    def action_close_complaint(self) -> None:
        item = self._current()
        if item is None:
            return
        self._form(
            "closed",
            [self._field("resolution", "event.field.resolution")],
            lambda v: {"resolution": v["resolution"]},
            complaint_id=item.complaint_id,
        )

    def action_followup(self) -> None:
        item = self._current()
        if item is None:
            return
        if item.kind == "followup":
            self._form(
                "followup_done",
                [
                    # The answer first: it is what the follow-up call was for.
                    self._field(
                        "satisfied",
                        "event.field.satisfied",
                        choices=tuple(
                            (answer, t(self._lang, f"event.satisfied.{answer}"))
                            for answer in ("yes", "no")
                        ),
                    ),
                    self._field("note", "event.field.followup_note"),
                ],
                lambda v: {
                    "followup": item.key,
                    "note": v["note"],
                    "satisfied": v["satisfied"] == "yes",
                },
                complaint_id=item.complaint_id,
                intro=item.note,
            )
            return
        zone = self._desk.zone

        def build(values: Mapping[str, str]) -> dict[str, object] | str:
            due = parse_when(values["when"], self._desk.clock.now(), zone)
            if due is None:
                return t(self._lang, "event.bad_time", example=WHEN_HINT)
            return {"due_at": to_iso(due), "note": values["note"]}

        self._form(
            "followup_scheduled",
            [
                self._field(
                    "when",
                    "event.field.followup_when",
                    value="+1d",
                    placeholder=WHEN_HINT,
                    limit=WHEN_LIMIT,
                ),
                self._field("note", "event.field.followup_note"),
            ],
            build,
            complaint_id=item.complaint_id,
        )

    def action_extend(self) -> None:
        item = self._current()
        if item is not None:
            self._extend(item)

    @work(exclusive=True, group="queue-form")
    async def _extend(self, item: QueueItem) -> None:
        state = await self._state(item)
        if state is None:
            return
        desk = self._desk
        lang = self._lang
        now = self._desk.clock.now()
        suggested = extension_default(state, desk.rules, now)
        # The agent types the new deadline as the desk shows times: in the desk's zone.
        zone = desk.zone
        current = state.promised_at

        def read(text: str) -> NewDeadline | str:
            """The new deadline, or the refusal to show in the agent's words."""
            if current is None:
                return t(lang, "complaint.extend_not_open")
            found = read_extension(text, current=current, now=desk.clock.now(), zone=zone)
            if found.ok:
                return found
            if found.due is None:
                return t(lang, UNREADABLE, example=EXTEND_EXAMPLE)
            return t(
                lang,
                str(found.problem),
                new=desk.when(found.due),
                current=desk.when(current),
            )

        def preview(text: str) -> tuple[str, bool]:
            found = read(text)
            if isinstance(found, str):
                return ("⚠ " + found, True) if text.strip() else ("", False)
            assert found.due is not None
            words = desk.words(found.due, desk.clock.now())
            return t(lang, "event.extend.preview", words=words, when=desk.when(found.due)), False

        def build(values: Mapping[str, str]) -> dict[str, object] | str:
            found = read(values["when"])
            if isinstance(found, str):
                return found
            assert found.due is not None
            payload: dict[str, object] = {
                "reason": values["reason"],
                "promised_at": to_iso(found.due),
            }
            if values["contact"].strip():
                payload["contact"] = {"note": values["contact"]}
            if desk.rules is not None:
                payload["rule_revision"] = desk.rules.revision
            return payload

        intro = ""
        if current is not None:
            intro = t(
                lang,
                "event.extended.intro",
                current=desk.when(current),
                original=desk.when(state.original_promised_at),
            )
        self._form(
            "extended",
            [
                self._field(
                    "when",
                    "event.field.new_deadline",
                    value=when_input(suggested, zone) if suggested is not None else "",
                    placeholder=EXTEND_EXAMPLE,
                    preview=preview,
                    limit=WHEN_LIMIT,
                ),
                self._field("reason", "event.field.extend_reason"),
                self._field("contact", "event.field.extend_contact"),
            ],
            build,
            complaint_id=item.complaint_id,
            intro=intro,
        )

    def action_pause(self) -> None:
        item = self._current()
        if item is not None:
            self._pause(item)

    @work(exclusive=True, group="queue-form")
    async def _pause(self, item: QueueItem) -> None:
        state = await self._state(item)
        if state is None:
            return
        desk = self._desk
        if state.status == "paused":

            def resume(values: Mapping[str, str]) -> dict[str, object]:
                due = resumed_due(state, desk.rules, self._desk.clock.now())
                return {"promised_at": to_iso(due), "note": values["note"]}

            self._form(
                "resumed",
                [self._field("note", "event.field.resume_note")],
                resume,
                complaint_id=item.complaint_id,
                intro=t(self._lang, "queue.detail.paused", left=countdown(state.remaining_s or 0)),
            )
            return

        def pause(values: Mapping[str, str]) -> dict[str, object]:
            left = remaining_business(state, desk.rules, self._desk.clock.now())
            return {"reason": values["reason"], "remaining_s": left}

        self._form(
            "paused",
            [self._field("reason", "event.field.pause_reason")],
            pause,
            complaint_id=item.complaint_id,
        )

    async def _state(self, item: QueueItem) -> ComplaintState | None:
        loaded = await self._desk.load(item.complaint_id)
        if loaded is None:
            self.notify(t(self._lang, "complaint.unknown"), severity="error")
            return None
        return loaded[1]
