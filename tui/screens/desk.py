"""The agent desk: the screen an agent lives in for a whole shift.

F2 starts a call, F3 tags it, F4 copies a phrase, F9 wraps it up. The desk owns the call
session; the modal screens only choose things and hand them back.
"""

from __future__ import annotations

from rich.table import Table
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from tui.domain.breaks import break_label
from tui.domain.call_session import CallSession
from tui.domain.calls import Call
from tui.domain.durations import clock_face
from tui.domain.i18n import Lang, t
from tui.domain.ids import uuid7
from tui.domain.phone import mask, normalise, validate
from tui.screens.desk_breaks import BREAK_BINDINGS, DeskBreaks
from tui.store import calls as call_store
from tui.widgets.break_banner import BreakBanner
from tui.widgets.status_header import StatusHeader
from tui.widgets.translated_bindings import translate_bindings

TODAY_ROWS = 50


class DeskScreen(DeskBreaks, Screen[None]):
    CSS_PATH = "desk.tcss"
    BINDINGS = [
        Binding("f1", "help", "F1", id="desk.help"),
        Binding("f2", "new_call", "F2", id="desk.new_call"),
        Binding("f3", "reasons", "F3", id="desk.reasons"),
        Binding("f4", "phrases", "F4", id="desk.phrases"),
        Binding("f5", "complaint", "F5", id="desk.complaint"),
        Binding("f6", "queue", "F6", id="desk.queue"),
        *BREAK_BINDINGS,
        Binding("f9", "wrap_up", "F9", id="desk.wrap_up"),
    ]

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield StatusHeader()
        with Vertical(id="call-panel"):
            yield Static(id="call-status")
            with Horizontal(id="caller-row"):
                yield Label(t(lang, "desk.caller"), id="caller-label")
                yield Input(
                    placeholder=t(lang, "desk.caller_hint"),
                    id="caller",
                    compact=True,
                    disabled=True,
                )
            yield Label("", id="caller-error")
            yield Static(id="reason-line")
        yield Static(t(lang, "desk.today"), id="today-title")
        # A plain table, not a DataTable: the agent reads it and never navigates it.
        yield Static(id="today")
        yield BreakBanner()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#caller-error").display = False
        self.refresh_call_panel()

    def store_ready(self) -> None:
        """The app opened the database after the first frame: fill in what it holds."""
        self.load_today()
        self.run_worker(self.restore_breaks(), group="breaks")
        self.refresh_bindings()

    # Keys that need the database wait (dimmed) for the few milliseconds it takes to open.
    _NEEDS_STORE = frozenset(
        {
            "reasons",
            "phrases",
            "complaint",
            "queue",
            "wrap_up",
            "break",
            "snooze",
            "dismiss_reminder",
            "start_reset",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._NEEDS_STORE and not self.app.store_ready:
            return None
        return self.break_action_enabled(action)

    def clock_tick(self) -> None:
        """Called by the app every second."""
        try:
            self.refresh_call_panel()
            self.sync_banner()
        except NoMatches:
            pass  # a tick that lands while the app is closing finds the desk taken apart

    # What the agent sees ---------------------------------------------------------

    @property
    def session(self) -> CallSession:
        session: CallSession = self.app.session
        return session

    def refresh_call_panel(self) -> None:
        """Runs every second: recomputes the texts, redraws only those that changed."""
        lang = self.app.lang
        session = self.session
        now = self.app.clock.now()
        since = session.timer_start()
        elapsed = clock_face((now - since).total_seconds()) if since else ""
        on_break = self.app.on_break
        if on_break is not None:
            status = t(
                lang,
                "desk.status_break",
                label=break_label(lang, on_break.code),
                time=clock_face(on_break.running_seconds(now)),
            )
        elif session.phase == "in_call":
            status = t(lang, "desk.status_in_call", time=elapsed)
        elif session.phase == "after_call":
            status = t(lang, "desk.status_after_call", time=elapsed)
        else:
            status = t(lang, "desk.status_idle")
        self._show("#call-status", status)
        self.query_one("#call-status").set_class(session.phase == "in_call", "-in-call")

        code = session.reason_code if session.in_call else session.saved_reason_code
        if code:
            key = "desk.reason" if session.in_call else "desk.reason_saved"
            reason = t(lang, key, path=self.app.reason_path(code))
        else:
            reason = t(lang, "desk.reason_missing") if session.in_call else ""
        reason_line = self.query_one("#reason-line", Static)
        self._show("#reason-line", reason)
        reason_line.set_class(not code and session.in_call, "-missing")
        reason_line.display = bool(reason)

    def _show(self, selector: str, text: str) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(text)

    @work(exclusive=True, group="today")
    async def load_today(self) -> None:
        calls = await call_store.recent_calls(
            self.app.store, self.app.agent, self.app.start_of_today()
        )
        lang = self.app.lang
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        for key in ("today.time", "today.reason", "today.outcome", "today.caller"):
            table.add_column(
                t(lang, key), style="dim" if key == "today.time" else None, no_wrap=True
            )
        for call in reversed(calls[-TODAY_ROWS:]):
            table.add_row(
                call.started_at.in_timezone(self.app.desk_tz).format("HH:mm"),
                self.app.reason_label(call.reason_code),
                t(lang, f"outcome.{call.outcome}"),
                mask(call.caller) if call.caller else "—",
            )
        self.query_one("#today", Static).update(table)

    # The call cycle --------------------------------------------------------------

    def action_new_call(self) -> None:
        lang = self.app.lang
        if self.app.on_break is not None:
            self.notify(t(lang, "desk.refused_on_break"), severity="warning")
            return
        if self.session.in_call:
            self.notify(t(lang, "desk.call_in_progress"), severity="warning")
            return
        now = self.app.clock.now()
        self.app.session = self.session.start(uuid7(now), now)
        caller = self.query_one("#caller", Input)
        caller.disabled = False
        caller.value = ""
        self.query_one("#caller-error", Label).update("")
        caller.focus()
        self.app.call_values = {}
        self.refresh_call_panel()
        self.app.tick()

    @on(Input.Changed, "#caller")
    def _caller_changed(self, event: Input.Changed) -> None:
        problem = validate(event.value)
        error = self.query_one("#caller-error", Label)
        error.update(t(self.app.lang, problem) if problem else "")
        error.display = problem is not None
        if problem is None and self.session.in_call:
            self.app.session = self.session.with_caller(normalise(event.value))

    def action_reasons(self) -> None:
        lang = self.app.lang
        session = self.session
        if session.in_call:
            title = t(lang, "reasons.title")
        elif session.phase == "after_call" and session.saved_call_id:
            title = t(lang, "reasons.correct_title")
        else:
            self.notify(t(lang, "desk.no_call"), severity="warning")
            return
        self._pick_reason(title)

    @work(exclusive=True, group="reason-picker")
    async def _pick_reason(self, title: str) -> None:
        from tui.screens.reason_picker import ReasonPickerScreen

        app = self.app
        usage = await call_store.reason_usage(app.store, app.agent)
        code = await app.ask(ReasonPickerScreen(app.reason_index, app.lang, usage, title=title))
        if code is None:
            return
        session = self.session
        if session.in_call:
            app.session = session.with_reason(code)
        elif session.phase == "after_call" and session.saved_call_id:
            if code != session.saved_reason_code:
                await call_store.correct_reason(
                    app.store, session.saved_call_id, code, app.agent, app.clock.now()
                )
                app.session = session.corrected(code)
                self.notify(t(app.lang, "reasons.corrected", path=app.reason_path(code)))
                self.load_today()
        self.refresh_call_panel()

    def action_phrases(self) -> None:
        self._copy_phrase()

    @work(exclusive=True, group="phrases")
    async def _copy_phrase(self) -> None:
        from tui.domain.phrases import fill
        from tui.screens.fill_prompt import FillPromptScreen
        from tui.screens.phrases import PhrasesScreen

        app = self.app
        values = app.phrase_values()
        phrase = await app.ask(PhrasesScreen(app.phrases, app.forbidden, app.lang, values))
        if phrase is None:
            return
        filled = fill(phrase.text, values)
        while filled.missing:
            name = filled.missing[0]
            value = await app.ask(FillPromptScreen(app.lang, name, filled.text))
            if value is None:
                self.notify(t(app.lang, "phrases.not_copied"), severity="warning")
                return
            app.call_values[name] = value
            values = app.phrase_values()
            filled = fill(phrase.text, values)
        app.copy_phrase(filled.text)

    def action_wrap_up(self) -> None:
        lang = self.app.lang
        session = self.session
        if not session.in_call:
            self.notify(t(lang, "desk.no_call"), severity="warning")
            return
        if self.query_one("#caller-error", Label).render().plain:
            self.notify(t(lang, "desk.fix_caller"), severity="error")
            self.query_one("#caller", Input).focus()
            return
        if not session.reason_code:
            self.notify(t(lang, "wrapup.reason_required"), severity="error")
            self.action_reasons()
            return
        self._wrap_up(session.reason_code)

    @work(exclusive=True, group="wrap-up")
    async def _wrap_up(self, reason_code: str) -> None:
        from tui.screens.wrapup import WrapUpScreen

        app = self.app
        result = await app.ask(WrapUpScreen(app.lang, app.reason_path(reason_code), reason_code))
        if result is None:
            return
        session = self.session
        assert session.call_id is not None and session.started_at is not None
        now = app.clock.now()
        call = Call(
            id=session.call_id,
            agent=app.agent,
            started_at=session.started_at,
            ended_at=now,
            caller=session.caller,
            reason_code=reason_code,
            outcome=result.outcome,
            mood=result.mood,
            satisfaction=result.satisfaction,
            note=result.note,
        )
        await call_store.save_call(app.store, call)
        app.session = session.saved(now)
        caller = self.query_one("#caller", Input)
        caller.value = ""
        caller.disabled = True
        self.notify(t(app.lang, "wrapup.saved"))
        self.refresh_call_panel()
        self.load_today()
        await app.call_saved(call)
        await self.offer_reset_after(call)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.lang))

    # Complaints (the form, the queue and the alerts live in tui.complaint_desk) ------

    def action_complaint(self) -> None:
        self._complaint_form()

    @work(exclusive=True, group="complaint-form")
    async def _complaint_form(self) -> None:
        if self.app.complaints is not None:
            await self.app.complaints.run_form()

    def action_queue(self) -> None:
        if self.app.complaints is not None:
            self.app.complaints.show_queue()
