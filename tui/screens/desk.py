"""The agent desk: the screen an agent lives in for a whole shift.

F2 starts a call, F3 tags it, F4 copies a phrase, F9 wraps it up. The desk owns the call
session; the modal screens only choose things and hand them back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulum import DateTime
from rich.table import Table
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from tui.domain.breaks import break_label
from tui.domain.call_in_hand import DISCARD_REASONS, HeldCall, as_discard_reason
from tui.domain.call_session import CallSession
from tui.domain.calls import Call
from tui.domain.clock import wall_time
from tui.domain.durations import clock_face
from tui.domain.i18n import Lang, t
from tui.domain.ids import uuid7
from tui.domain.phone import INPUT_LIMIT, mask, normalise, validate
from tui.screens.desk_breaks import BREAK_BINDINGS, DeskBreaks
from tui.services.faults import fault_of
from tui.widgets.bounded import BoundedInput, Capped
from tui.widgets.break_banner import BreakBanner
from tui.widgets.key_footer import KeyFooter, live_bindings
from tui.widgets.plain import plain
from tui.widgets.status_header import StatusHeader
from tui.widgets.translated_bindings import translate_bindings

if TYPE_CHECKING:
    from tui.app import AgentDeskApp
    from tui.domain.ringing import Ring
    from tui.screens.desk_phone import DeskPhone

TODAY_ROWS = 50
FOOTER_KEEP_FIRST = (
    # What a narrow footer keeps longest: the call cycle, then the reminder's keys (shown
    # only while one is offered), then the rest. ^P, always shown, finds any key left out.
    "desk.new_call",
    "desk.wrap_up",
    "desk.reasons",
    "desk.break",
    "desk.dismiss",
    "desk.snooze",
    "desk.phrases",
    "desk.complaint",
    "desk.queue",
    "desk.help",
    "app.quit",
)


class DeskScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(AgentDeskApp)

    CSS_PATH = "desk.tcss"
    BINDINGS = [
        Binding("f1", "help", "F1", id="desk.help"),
        # Priority: handled as the key arrives, so the number typed straight after it
        # finds the caller field already focused.
        Binding("f2", "new_call", "F2", priority=True, id="desk.new_call"),
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
        self.break_side = DeskBreaks(
            self,
            write_failed=self._write_failed,
            busy=self.busy,
            call_panel_changed=self.refresh_call_panel,
            answer_call=self.action_new_call,
        )
        self._phone: DeskPhone | None = None

    @property
    def phone(self) -> DeskPhone:
        """The softphone's side of the desk, made when the link starts or a call needs it:
        its modules (rings, the link's messages) are not needed for the first frame."""
        if self._phone is None:
            from tui.screens.desk_phone import DeskPhone

            self._phone = DeskPhone(
                self, start_call=self._start_call, panel_changed=self.refresh_call_panel
            )
        return self._phone

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield StatusHeader()
        with Vertical(id="call-panel"):
            yield Static(id="call-status")
            with Horizontal(id="caller-row"):
                yield Label(plain(t(lang, "desk.caller")), id="caller-label")
                yield BoundedInput(
                    max_length=INPUT_LIMIT,
                    placeholder=t(lang, "desk.caller_hint"),
                    id="caller",
                    compact=True,
                    disabled=True,
                )
            yield Label("", id="caller-error")
            yield Static(id="ring-line")
            yield Static(id="caller-lookup")
            yield Static(id="reason-line")
            yield Static(id="call-fault")
        yield Static(plain(t(lang, "desk.today")), id="today-title")
        # A plain table, not a DataTable: the agent reads it and never navigates it.
        yield Static(id="today")
        yield BreakBanner()
        yield KeyFooter(keep_first=FOOTER_KEEP_FIRST, words=self.break_side.footer_words)

    def on_mount(self) -> None:
        self.query_one("#caller-error").display = False
        self.refresh_call_panel()
        self.app.clock_ticked.subscribe(self, self.clock_tick, immediate=True)

    def store_ready(self) -> None:
        """The app opened the database after the first frame: fill in what it holds."""
        self.load_today()
        self.run_worker(self.break_side.restore(), group="breaks")
        self.refresh_bindings()
        if self.app.held is not None:
            self.offer_held_call()

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
        if self.refusal(action) is not None:
            return False
        if action in self._NEEDS_STORE and not self.app.store_ready:
            return None
        return self.break_side.action_enabled(action)

    def refusal(self, action: str) -> str | None:
        """Why `action` does nothing right now (a catalog key), or None when it works.

        A key that does nothing is not in the footer; pressed anyway, it says why."""
        session = self.session
        if action == "new_call" and session.in_call:
            return "desk.call_in_progress"
        if action == "wrap_up" and not session.in_call:
            return "desk.no_call"
        if action == "reasons" and not (
            session.in_call or (session.phase == "after_call" and session.saved_call_id)
        ):
            return "desk.no_call"
        return self.break_side.refusal(action)

    def on_key(self, event: events.Key) -> None:
        # Hidden keys never reach their action (Textual skips a disabled binding), so the
        # key arrives here: say why it does nothing instead of ignoring the agent.
        for binding in live_bindings(self).key_to_bindings.get(event.key, ()):
            reason = self.refusal(binding.action)
            if reason is not None:
                event.stop()
                self.notify(t(self.app.lang, reason), severity="warning")
                return

    def clock_tick(self, now: DateTime) -> None:
        """Every second, while the desk is in sight (the app's `clock_ticked`)."""
        if not self.is_current:
            return
        try:
            self.refresh_call_panel()
            self.break_side.sync_banner()
            self.break_side.retry_break_end()
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
        seconds = session.timer_seconds(now)
        elapsed = clock_face(seconds) if seconds is not None else ""
        on_break = self.app.on_break
        if on_break is not None:
            status = t(
                lang,
                "desk.status_break",
                label=break_label(lang, on_break.code),
                time=clock_face(on_break.running_seconds(now)),
            )
        elif session.ringing:
            status = t(lang, "phone.status_ringing", time=elapsed)
        elif session.wrapping_up:
            status = t(lang, "phone.status_hung_up", time=elapsed)
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
        fault = self.app.keep_fault if session.in_call else None
        fault_line = self.query_one("#call-fault", Static)
        self._show("#call-fault", t(lang, "call.keep_failed", fault=fault) if fault else "")
        fault_line.display = fault is not None
        phone = self._phone  # none yet: no ring has come
        ring_line = phone.ring_line() if phone is not None else ""
        self._show("#ring-line", ring_line)
        self.query_one("#ring-line").display = bool(ring_line)
        lookup = "\n".join(phone.lookup_lines(now)) if phone is not None else ""
        self._show("#caller-lookup", lookup)
        self.query_one("#caller-lookup").display = bool(lookup)

    def _show(self, selector: str, text: str) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(plain(text))

    def busy(self, group: str) -> bool:
        """Whether a worker of `group` is still running. Workers that write are never
        `exclusive`: a second press would cancel the first half-way through its
        transaction. The key is turned away while the first is at work instead."""
        return any(
            w.group == group and w.node is self and not w.is_finished for w in self.app.workers
        )

    def _write_failed(self, exc: BaseException) -> None:
        """A write that failed: the agent's choices stay as they are; say what to do."""
        lang = self.app.lang
        fault = t(lang, f"store.fault.{fault_of(exc)}")
        self.notify(t(lang, "store.write_failed", fault=fault), severity="error", timeout=10)

    @work(exclusive=True, group="today")
    async def load_today(self) -> None:
        calls = await self.app.calls.recent(self.app.start_of_today())
        lang = self.app.lang
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        for key in ("today.time", "today.reason", "today.outcome", "today.caller"):
            table.add_column(
                plain(t(lang, key)), style="dim" if key == "today.time" else None, no_wrap=True
            )
        for call in reversed(calls[-TODAY_ROWS:]):
            table.add_row(
                plain(wall_time(call.started_at.in_timezone(self.app.desk_tz))),
                plain(self.app.reason_label(call.reason_code)),
                plain(t(lang, f"outcome.{call.outcome}")),
                plain(mask(call.caller) if call.caller else "—"),
            )
        self.query_one("#today", Static).update(table)

    # The call cycle --------------------------------------------------------------

    def action_new_call(self) -> None:
        lang = self.app.lang
        if self.app.on_break is not None:
            # A ringing phone wins: the break ends now and the call starts.
            if self.busy("break"):
                return  # the break is still being started: its row must exist to end it
            self.break_side.close_break_for_call(self.app.on_break)
        if self.session.in_call:
            self.notify(t(lang, "desk.call_in_progress"), severity="warning")
            return
        if self.app.held is not None:
            self.offer_held_call()
            return
        self._start_call(self.phone.next_waiting())

    def _start_call(self, ring: Ring | None) -> None:
        """Start a call: by hand (F2), or for a ring, with its number filled and the
        softphone's id kept (a ring F2 took from a break names the break it ended)."""
        ended_break, self.break_side.ended_for_call = self.break_side.ended_for_call, None
        now = self.app.clock.now()
        session = self.session.start(uuid7(now), now)
        if ring is not None:
            event = ring.event
            session = session.from_ring(
                event.call_ref, event.queue, ring.rang_at, ring.answered_at
            ).with_caller(event.number)
        self.app.session = session
        self.app.call_values = {}
        self.app.call_note = ""
        self.app.keep_call()
        if ring is not None and session.call_id is not None:
            self.phone.record_ring(ring, session.call_id, ended_break)
        caller = self.query_one("#caller", Input)
        caller.disabled = False
        caller.value = ring.number if ring is not None else ""
        self.query_one("#caller-error", Label).update(plain(""))
        # Focused now, not after the queued keys: a number typed straight after F2 (or
        # given back after a restart) must land in the field.
        self.set_focus(caller)
        self.refresh_call_panel()
        self.app.tick()

    @on(Input.Changed, "#caller")
    def _caller_changed(self, event: Input.Changed) -> None:
        problem = validate(event.value)
        error = self.query_one("#caller-error", Label)
        error.update(plain(t(self.app.lang, problem) if problem else ""))
        error.display = problem is not None
        if problem is None and self.session.in_call:
            number = normalise(event.value)
            if number != self.session.caller:
                self.app.session = self.session.with_caller(number)
                self.app.keep_call()

    @on(Capped, "#caller")
    def _caller_capped(self, event: Capped) -> None:
        event.stop()
        error = self.query_one("#caller-error", Label)
        error.update(plain(event.text(self.app.lang)))
        error.display = True

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
        if not self.busy("reason-picker"):
            self._pick_reason(title)

    @work(group="reason-picker", exit_on_error=False)
    async def _pick_reason(self, title: str) -> None:
        from tui.screens.reason_picker import ReasonPickerScreen

        app = self.app
        usage = await app.calls.reason_usage()
        code = await app.ask(ReasonPickerScreen(app.reason_index, app.lang, usage, title=title))
        if code is None:
            return
        session = self.session
        if session.in_call:
            app.session = session.with_reason(code)
            app.keep_call()
        elif session.phase == "after_call" and session.saved_call_id:
            if code != session.saved_reason_code:
                try:
                    await app.calls.correct_reason(session.saved_call_id, code, app.clock.now())
                except Exception as exc:
                    self._write_failed(exc)
                    return
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
            app.keep_call()
            values = app.phrase_values()
            filled = fill(phrase.text, values)
        app.copy_phrase(filled.text)

    def action_wrap_up(self) -> None:
        lang = self.app.lang
        session = self.session
        if not session.in_call:
            self.notify(t(lang, "desk.no_call"), severity="warning")
            return
        if self.busy("wrap-up"):
            self.notify(t(lang, "call.saving"))
            return
        if validate(self.query_one("#caller", Input).value) is not None:
            self.notify(t(lang, "desk.fix_caller"), severity="error")
            self.query_one("#caller", Input).focus()
            return
        if not session.reason_code:
            self.notify(t(lang, "wrapup.reason_required"), severity="error")
            self.action_reasons()
            return
        self._wrap_up(session.reason_code)

    @work(group="wrap-up", exit_on_error=False)
    async def _wrap_up(self, reason_code: str) -> None:
        from tui.screens.wrapup import WrapUp, WrapUpScreen, saved_notice

        app = self.app
        lang = app.lang
        path = app.reason_path(reason_code)
        session = self.session
        assert session.call_id is not None and session.started_at is not None
        saved: list[tuple[Call, WrapUp]] = []

        async def save(result: WrapUp) -> str | None:
            """The durable save, run by the wrap-up dialog: it stays open, with what the
            agent chose, until this succeeds; a failure is said there and F9 retries."""
            assert session.call_id is not None and session.started_at is not None
            call = Call(
                id=session.call_id,
                agent=app.agent,
                started_at=session.started_at,
                ended_at=session.ended_at or app.clock.now(),
                caller=session.caller,
                reason_code=reason_code,
                outcome=result.outcome,
                mood=result.mood,
                satisfaction=result.satisfaction,
                note=result.note,
            )
            try:
                if app.keeper is not None:
                    await app.keeper.flush()
                await app.calls.save(call)
            except Exception as exc:
                fault = t(lang, f"store.fault.{fault_of(exc)}")
                return t(lang, "call.save_failed", fault=fault)
            saved.append((call, result))
            return None

        def keep_note(note: str) -> None:
            app.call_note = note
            app.keep_call()

        await app.ask(
            WrapUpScreen(
                lang,
                path,
                reason_code,
                default_outcome=session.default_outcome,
                save=save,
                note=app.call_note,
                keep_note=keep_note,
            )
        )
        if not saved:
            return
        call, result = saved[0]
        if app.keeper is not None:
            app.keeper.forget(call.id)
        if session.rang_at or session.answered_at or session.hung_up_at:
            self.phone.record("wrapped_up", call.id, app.clock.now(), session.call_ref)
        app.session = session.saved(app.clock.now())
        caller = self.query_one("#caller", Input)
        caller.value = ""
        caller.disabled = True
        self.notify(saved_notice(lang, path, result), markup=False)
        self.refresh_call_panel()
        self.load_today()
        try:
            await app.call_saved(call)
            await self.break_side.offer_reset_after(call)
        except Exception as exc:  # the call is saved; only the figures or the offer failed
            self._write_failed(exc)

    # A call a previous desk left in hand -------------------------------------------------

    def offer_held_call(self) -> None:
        if not self.busy("held-call"):
            self._offer_held_call()

    @work(group="held-call", exit_on_error=False)
    async def _offer_held_call(self) -> None:
        """Give back the call the last desk died (or quit) holding: resume it, wrap it up
        with the moment it was last held as its end, or discard it with a reason."""
        from tui.widgets.choice_dialog import ChoiceDialog

        app = self.app
        lang = app.lang
        held = app.held
        if held is None or self.session.in_call:
            return
        seen = held.seen_at or held.started_at
        details = self._held_details(held, seen)
        try:
            complaints = await app.calls.complaints_on(held.call_id)
        except Exception as exc:
            self._write_failed(exc)
            complaints = []
        if complaints:
            details.append(t(lang, "held.complaints", count=len(complaints)))
        while app.held is not None:
            choice = await app.ask(
                ChoiceDialog(
                    t(lang, "held.title"),
                    [
                        ("resume", t(lang, "held.resume")),
                        ("wrap_up", t(lang, "held.wrap_up", seen=self._hhmm(seen, seconds=True))),
                        ("discard", t(lang, "held.discard")),
                    ],
                    details=details,
                    hint=t(lang, "held.choose_hint", last=3),
                    can_cancel=False,
                )
            )
            if choice == "discard":
                reason = await app.ask(
                    ChoiceDialog(
                        t(lang, "held.discard_title"),
                        [(r, t(lang, f"held.discard.{r}")) for r in DISCARD_REASONS],
                        hint=t(lang, "held.choose_hint", last=len(DISCARD_REASONS)),
                    )
                )
                if reason is None:
                    continue
                try:
                    await app.calls.discard_held(
                        held.call_id, as_discard_reason(reason), app.clock.now()
                    )
                except Exception as exc:
                    self._write_failed(exc)
                    continue
                app.held = None
                self.notify(t(lang, "held.discarded"))
                return
            self._take_back(held, complaints, ended=seen if choice == "wrap_up" else None)
            if choice == "wrap_up":
                self.action_wrap_up()
            else:
                self.notify(t(lang, "held.resumed", start=self._hhmm(held.started_at)))
            return

    def _held_details(self, held: HeldCall, seen: DateTime) -> list[str]:
        lang = self.app.lang
        return [
            t(
                lang,
                "held.details",
                start=self._hhmm(held.started_at),
                caller=mask(held.caller) if held.caller else "—",
                reason=self.app.reason_path(held.reason_code) if held.reason_code else "—",
            ),
            t(
                lang,
                "held.last_seen",
                seen=self._hhmm(seen, seconds=True),
                talk=clock_face((seen - held.started_at).total_seconds()),
            ),
        ]

    def _hhmm(self, when: DateTime, *, seconds: bool = False) -> str:
        local = when.in_timezone(self.app.desk_tz)
        other_day = local.date() != self.app.clock.now().in_timezone(self.app.desk_tz).date()
        return wall_time(local, seconds=seconds, day=other_day)

    def _take_back(
        self, held: HeldCall, complaints: list[str], *, ended: DateTime | None = None
    ) -> None:
        app = self.app
        session = held.session()
        for complaint_id in complaints:
            session = session.with_complaint(complaint_id)
        if ended is not None:
            session = session.ended(ended)
        app.session = session
        app.call_values = dict(held.values)
        app.call_note = held.note
        app.held = None
        if app.keeper is not None:
            app.keeper.adopt(held)
        caller = self.query_one("#caller", Input)
        caller.disabled = False
        caller.value = held.caller
        # Focused now, not after the queued keys: a number typed straight after F2 (or
        # given back after a restart) must land in the field.
        self.set_focus(caller)
        self.refresh_call_panel()
        app.tick()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.lang))

    # Complaints (the rules, the queue and the alerts live in tui.services.complaints) --

    def action_complaint(self) -> None:
        self._complaint_form()

    @work(exclusive=True, group="complaint-form")
    async def _complaint_form(self) -> None:
        # Imported here, not at the top: the form and the queue are not on the first paint.
        from tui.screens.complaint_flow import run_form

        await run_form(self.app, self.app.complaint_service())

    def action_queue(self) -> None:
        from tui.screens.complaint_flow import toggle_queue

        toggle_queue(self.app, self.app.complaint_service())

    # The break side (tui.screens.desk_breaks): the keys and the banner are the desk's --

    def action_break(self) -> None:
        self.break_side.break_key()

    def action_snooze(self) -> None:
        self.break_side.snooze_key()

    def action_dismiss_reminder(self) -> None:
        self.break_side.dismiss_key()

    def action_start_reset(self) -> None:
        self.break_side.start_reset_key()

    @on(BreakBanner.Snooze)
    async def _banner_snooze(self, event: BreakBanner.Snooze) -> None:
        await self.break_side.snooze(event.reminder)

    @on(BreakBanner.Dismiss)
    async def _banner_dismiss(self, event: BreakBanner.Dismiss) -> None:
        await self.break_side.dismiss(event.reminder, event.reason)

    @on(BreakBanner.Start)
    def _banner_start(self, event: BreakBanner.Start) -> None:
        self.break_side.start(event.reminder)
