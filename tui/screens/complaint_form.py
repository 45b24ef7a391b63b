"""F5: the complaint form, filled while the customer is still on the line.

The class sets the promise: as soon as it is chosen the form shows the deadline in the
words the agent will say, F3 explains why it falls there and F4 copies the promise
phrase with the deadline filled in. What the agent types is saved as a draft at most
`DRAFT_DELAY` seconds after each change, so a crash, a closed terminal or a power cut
gives the form back word for word on the next start. Saving records the complaint and
its promise in one transaction; a save that fails leaves the form as it was.

The promise is counted from the moment the form was opened (kept in the draft), since
that is when the customer is told it; see `ComplaintService.open_complaint`.

The call's reason is a read-only line of its own (kept in the draft, recorded in the
`opened` event), not text in the description: the description starts empty, so the
cursor lands where the agent's words go, and a description that is only the reason is
refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pendulum import DateTime
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from tui.domain.clock import from_iso, to_iso
from tui.domain.complaints import FORM_FIELDS, LIMITS, REQUIRED, FormInvalid, validate_form
from tui.domain.i18n import Lang, t
from tui.domain.phone import INPUT_LIMIT as NUMBER_LIMIT
from tui.domain.phrases import fill
from tui.domain.plain_text import shown
from tui.domain.register import RegisterRefused
from tui.widgets.bounded import BoundedInput, Capped
from tui.widgets.bounded_area import BoundedTextArea
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

if TYPE_CHECKING:
    from tui.app import AgentDeskApp
    from tui.domain.deadlines import Promise
    from tui.services.complaints import ComplaintService

BASIS_KEY = "_opened_basis"
"""Draft key holding when the form was first opened: the instant the promise counts from."""
REASON_KEY = "reason_code"
"""Draft key holding the reason of the call the form was opened on ("" for none). A draft
without it was saved before the reason had its own line."""


class ComplaintFormScreen(ModalScreen[str | None]):
    """Returns the new complaint's id, or None when closed (the draft is kept)."""

    if TYPE_CHECKING:
        app = getters.app(AgentDeskApp)

    CSS_PATH = "complaint_form.tcss"
    DRAFT_DELAY = 0.5
    """Seconds from a change to its draft save; typing on never delays a save further.
    Zero saves on every change."""

    BINDINGS = [
        Binding("f9", "save", "F9", priority=True, id="cform.save"),
        Binding("ctrl+s", "save", show=False, priority=True, id="cform.save_alt"),
        Binding("f3", "explain", "F3", priority=True, id="cform.explain"),
        Binding("f4", "copy_promise", "F4", priority=True, id="cform.copy_promise"),
        Binding("escape", "close", "Esc", id="cform.close"),
        Binding("ctrl+d", "discard", "^D", priority=True, id="cform.discard"),
    ]

    def __init__(
        self,
        desk: ComplaintService,
        lang: Lang,
        fields: Mapping[str, str],
        *,
        basis: DateTime,
        call_id: str | None = None,
        context: str = "",
        restored: bool = False,
        reason_code: str | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._desk = desk
        self._lang = lang
        self._initial = {name: fields.get(name, "") for name in FORM_FIELDS}
        self._basis = basis
        self._call_id = call_id
        self._context_line = context
        self._restored = restored
        self._reason_code = reason_code or None
        self._reason_paths = desk.reason_paths(self._reason_code)
        self._touched: set[str] = set()
        self._tried = False
        self._promise: Promise | None = None
        self._draft_timer: Timer | None = None
        self._draft_lock = asyncio.Lock()
        self._last_saved = self._snapshot_of(self._initial)
        self._finished = False
        self._saving = False
        self._discard_armed = False

    # Layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self._lang
        values = self._initial
        title_key = "cform.title_restored" if self._restored else "cform.title"
        with Vertical(id="cform-dialog"):
            yield Static(plain(t(lang, title_key)), id="cform-title")
            if self._context_line:
                yield Static(
                    plain(self._context_line, no_wrap=True, overflow="ellipsis"), id="cform-context"
                )
            with VerticalScroll(id="cform-fields"):
                yield from self._row("customer_name", self._input("customer_name"))
                yield from self._row("contact", self._input("contact"))
                yield from self._row("reference", self._input("reference"))
                yield from self._row("class_code", self._class_select(values["class_code"]))
                yield Static(id="cform-deadline")
                yield from self._row("department", self._input("department"))
                if self._reason_code:
                    with Horizontal(classes="cform-row", id="cform-reason-row"):
                        yield Label(plain(t(lang, "cform.field.reason")), classes="cform-label")
                        yield Static(
                            plain(
                                self._desk.reason_text(self._reason_code),
                                no_wrap=True,
                                overflow="ellipsis",
                            ),
                            id="cf-reason",
                        )
                yield from self._row(
                    "what_happened",
                    BoundedTextArea(
                        values["what_happened"],
                        max_length=LIMITS["what_happened"],
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                    ),
                )
                yield from self._row("remedy_requested", self._input("remedy_requested"))
            yield Label("", id="cform-status")
        yield KeyFooter()

    def _input(self, name: str) -> BoundedInput:
        limit = NUMBER_LIMIT if name == "contact" else LIMITS[name]
        return BoundedInput(self._initial[name], max_length=limit)

    def _row(self, name: str, widget: Widget) -> ComposeResult:
        widget.id = f"cf-{name}"
        if isinstance(widget, Input):
            widget.compact = True
            widget.placeholder = t(self._lang, f"cform.hint.{name}")
        with Horizontal(classes="cform-row -tall" if isinstance(widget, TextArea) else "cform-row"):
            yield Label(plain(t(self._lang, f"cform.field.{name}")), classes="cform-label")
            yield widget
        yield Label("", id=f"cf-{name}-error", classes="cform-error")

    def _class_select(self, value: str) -> Select[str]:
        rules = self._desk.rules
        options: list[tuple[Text, str]] = []
        if rules is not None:
            for number, (code, deadline_class) in enumerate(rules.classes.items(), start=1):
                label = deadline_class.labels.get(self._lang)
                options.append((plain(f"{number} {label}"), code))
        known = {code for _, code in options}
        return Select(
            options,
            prompt=t(self._lang, "cform.class_prompt"),
            value=value if value in known else Select.NULL,
            compact=True,
        )

    def on_mount(self) -> None:
        self._show_deadline()
        self._show_errors()
        # Text already in the description (a restored draft) is added to, not typed before.
        area = self.query_one("#cf-what_happened", TextArea)
        area.move_cursor(area.document.end)
        first_empty = next(
            (n for n in FORM_FIELDS if n in REQUIRED and not self._initial[n].strip()), None
        )
        self.query_one(f"#cf-{first_empty or 'customer_name'}").focus()

    # Reading the form ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form as typed, field by field."""
        out: dict[str, str] = {}
        for name in FORM_FIELDS:
            widget = self.query_one(f"#cf-{name}")
            if isinstance(widget, Input):
                out[name] = widget.value
            elif isinstance(widget, TextArea):
                out[name] = widget.text
            elif isinstance(widget, Select):
                value = widget.value
                out[name] = value if isinstance(value, str) else ""
        return out

    def _snapshot_of(self, values: Mapping[str, str]) -> dict[str, str]:
        snapshot = {name: values.get(name, "") for name in FORM_FIELDS}
        snapshot[BASIS_KEY] = to_iso(self._basis)
        snapshot[REASON_KEY] = self._reason_code or ""
        return snapshot

    @property
    def promise(self) -> Promise | None:
        return self._promise

    @property
    def reason_code(self) -> str | None:
        """The reason of the call the form was opened on, if it had one."""
        return self._reason_code

    def _problems(self, values: Mapping[str, str]) -> dict[str, str]:
        return validate_form(values, reason_paths=self._reason_paths)

    # Changes ------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        widget_id = event.control.id if event.control is not None else None
        if not widget_id or not widget_id.startswith("cf-"):
            return
        name = widget_id[3:]
        values = self.values()
        if values.get(name, "") != self._initial.get(name, ""):
            self._touched.add(name)
        if name == "class_code":
            self._show_deadline()
        self._discard_armed = False
        self._show_errors(values)
        if self._tried:
            left = len(self._problems(values))
            self._status(t(self._lang, "cform.fix_fields", count=left) if left else "", error=True)
        self._schedule_draft(values)

    @on(Capped)
    def _capped(self, event: Capped) -> None:
        """Said under the field, until its next change redraws the line."""
        event.stop()
        field_id = event.field.id
        if field_id and field_id.startswith("cf-"):
            label = self.query_one(f"#{field_id}-error", Label)
            label.update(plain("⚠ " + event.text(self._lang)))
            label.display = True

    def _show_errors(self, values: Mapping[str, str] | None = None) -> None:
        values = values if values is not None else self.values()
        errors = self._problems(values)
        for name in FORM_FIELDS:
            key = errors.get(name)
            shown = key is not None and (
                self._tried or name in self._touched or bool(values[name].strip())
            )
            label = self.query_one(f"#cf-{name}-error", Label)
            text = ""
            if shown and key is not None:
                text = "⚠ " + t(self._lang, key)
                if name in LIMITS and len(values[name].strip()) > LIMITS[name]:
                    text += " " + t(
                        self._lang,
                        "cform.length",
                        length=len(values[name].strip()),
                        limit=LIMITS[name],
                    )
            label.update(plain(text))
            label.display = bool(text)

    def _show_deadline(self) -> None:
        line = self.query_one("#cform-deadline", Static)
        code = self.values().get("class_code", "")
        desk = self._desk
        self._promise = None
        if not code or desk.rules is None or code not in desk.rules.classes:
            line.update(plain(t(self._lang, "cform.deadline_none"), style="dim"))
            line.remove_class("-set")
            return
        promise = desk.promise_for(code, self._basis)
        self._promise = promise
        now = desk.clock.now()
        text = Text(no_wrap=False)
        label = t(self._lang, "cform.deadline_label")
        # A full-width colon (承诺回复：) carries its own space.
        text.append(shown(label) + ("" if label.endswith("：") else " "), style="bold")
        text.append(shown(desk.words(promise.due, now)), style="bold")
        text.append(shown(t(self._lang, "cform.deadline_when", when=desk.when(promise.due))))
        line.update(text)
        line.add_class("-set")

    # Drafts -------------------------------------------------------------------------

    def _schedule_draft(self, values: Mapping[str, str]) -> None:
        if self._finished or self._snapshot_of(values) == self._last_saved:
            return
        if self.DRAFT_DELAY <= 0:
            self._save_draft()
        elif self._draft_timer is None:
            self._draft_timer = self.set_timer(self.DRAFT_DELAY, self._draft_due)

    def _draft_due(self) -> None:
        self._draft_timer = None
        self._save_draft()

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    @work(group="complaint-draft", exit_on_error=False)
    async def _save_draft(self) -> None:
        await self.write_draft()

    async def write_draft(self) -> None:
        """Save the form as it stands now, unless it was saved as a complaint."""
        async with self._draft_lock:
            if self._finished:
                return
            snapshot = self._snapshot_of(self.values())
            if snapshot == self._last_saved:
                return
            try:
                await self._desk.save_draft(snapshot, self._call_id)
            except Exception as exc:  # the form stays on screen; the next change retries
                self._status(t(self._lang, "cform.draft_failed", error=str(exc)), error=True)
                return
            self._last_saved = snapshot

    # Actions ------------------------------------------------------------------------

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#cform-status", Label)
        status.update(plain(text))
        status.set_class(error, "-error")

    async def action_save(self) -> None:
        if self._saving or self._finished:
            return
        values = self.values()
        self._tried = True
        self._show_errors(values)
        errors = self._problems(values)
        if errors:
            first = next(name for name in FORM_FIELDS if name in errors)
            self.query_one(f"#cf-{first}").focus()
            self._status(t(self._lang, "cform.fix_fields", count=len(errors)), error=True)
            return
        if self._desk.rules is None:
            self._status(t(self._lang, "cform.no_rules"), error=True)
            return
        self._saving = True
        self._cancel_draft_timer()
        self._status(t(self._lang, "cform.saving"))
        opened: tuple[str, Promise] | None = None
        try:
            async with self._draft_lock:
                opened = await self._desk.open_complaint(
                    values, self._basis, self._call_id, reason_code=self._reason_code
                )
                self._finished = True
        except FormInvalid as exc:
            self._show_errors(values)
            key = next(iter(exc.errors.values()))
            self._status(t(self._lang, key), error=True)
        except RegisterRefused as exc:
            self._status(t(self._lang, exc.key), error=True)
        except Exception as exc:  # never lose the form: say why and keep it
            self._status(t(self._lang, "cform.save_failed", error=str(exc)), error=True)
        finally:
            self._saving = False
        if opened is None:
            self._schedule_draft(self.values())
            return
        complaint_id, promise = opened
        words = self._desk.words(promise.due, self._desk.clock.now())
        self.app.notify(t(self._lang, "cform.saved", deadline=words), markup=False)
        self.dismiss(complaint_id)

    async def action_close(self) -> None:
        self._cancel_draft_timer()
        await self.write_draft()
        self.dismiss(None)

    async def action_discard(self) -> None:
        if not self._discard_armed:
            self._discard_armed = True
            self._status(t(self._lang, "cform.discard_confirm"), error=True)
            return
        self._cancel_draft_timer()
        async with self._draft_lock:
            self._finished = True
            await self._desk.discard_draft()
        self.app.notify(t(self._lang, "cform.discarded"))
        self.dismiss(None)

    def action_explain(self) -> None:
        if self._promise is None:
            self._status(t(self._lang, "cform.choose_class_first"), error=True)
            return
        text = self._desk.explain(self._promise)
        self.app.push_screen(ExplanationScreen(self._lang, text))

    def action_copy_promise(self) -> None:
        promise = self._promise
        if promise is None:
            self._status(t(self._lang, "cform.choose_class_first"), error=True)
            return
        text = self.promise_phrase()
        if text is None:
            self._status(t(self._lang, "cform.no_promise_phrase"), error=True)
            return
        self.app.copy_phrase(text)

    def promise_phrase(self) -> str | None:
        """The promise phrase with {deadline} (and what else the form knows) filled in."""
        promise = self._promise
        if promise is None:
            return None
        app = self.app
        values = self.values()
        known = dict(app.phrase_values())
        known["deadline"] = self._desk.words(promise.due, self._desk.clock.now())
        for key, field in (
            ("customer", "customer_name"),
            ("department", "department"),
            ("reference", "reference"),
        ):
            if values[field].strip():
                known[key] = values[field].strip()
        phrases = {p.code: p for p in app.phrases if p.group == "promise"}
        wanted = ["promise.department"] if known.get("department") else []
        wanted += ["promise.reply", "promise.owner"]
        for code in wanted:
            phrase = phrases.get(code)
            if phrase is not None:
                filled = fill(phrase.text, known)
                if filled.complete:
                    return filled.text
        for phrase in phrases.values():
            filled = fill(phrase.text, known)
            if "{deadline}" in phrase.text and filled.complete:
                return filled.text
        return None


def basis_of(fields: Mapping[str, str], fallback: DateTime) -> DateTime:
    """When a restored draft's form was first opened; `fallback` if it does not say."""
    text = fields.get(BASIS_KEY, "")
    try:
        return from_iso(text) if text else fallback
    except (ValueError, AssertionError):
        return fallback


class ExplanationScreen(ModalScreen[None]):
    """Why the deadline falls where it does: the rule, the calendar, what was skipped."""

    CSS_PATH = "complaint_form.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Esc", id="explain.close"),
        Binding("f3", "dismiss(None)", show=False, id="explain.close_f3"),
    ]

    def __init__(self, lang: Lang, text: str) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="explain-dialog"):
            yield Static(plain(t(self._lang, "cform.explain_title")), id="explain-title")
            yield Static(plain(self._text), id="explain-text")
        yield KeyFooter()
