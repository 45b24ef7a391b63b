"""The desk's half of the emotion-reset break reminder and manual breaks (F7, F8).

Kept beside the desk rather than in it: the call cycle and the break cycle meet only at
two points, a saved wrap-up (which may offer a reset) and F2 (refused on a break).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pendulum import DateTime
from textual import work
from textual.binding import Binding

from tui.domain.break_policy import evaluate
from tui.domain.breaks import RESET_CODE, Break, BreakCode, BreakError, Reminder, is_visible
from tui.domain.calls import Call
from tui.domain.durations import in_words
from tui.domain.i18n import t
from tui.domain.ids import uuid7
from tui.store import breaks as break_store
from tui.widgets.break_banner import DISMISS_KEYS, BreakBanner
from tui.widgets.key_footer import live_labels

if TYPE_CHECKING:
    from tui.app import AgentDeskApp

# How far back the policy looks: its longest window is the talk stretch without a break.
LOOKBACK_HOURS = 12

BREAK_BINDINGS = [
    Binding("f8", "break", "F8", id="desk.break"),
    Binding("f7", "snooze", "F7", id="desk.snooze"),
    Binding(DISMISS_KEYS, "dismiss_reminder", "Shift+F8", id="desk.dismiss"),
    Binding("enter", "start_reset", show=False, priority=True, id="desk.start_reset"),
]


class DeskBreaks:
    """Mixed into DeskScreen; `self` is the desk."""

    reminder: Reminder | None = None
    _break_to_close: tuple[str, DateTime, int | None, int | None] | None = None
    """A break ended for a call whose end could not be written yet: tried again every tick."""
    if TYPE_CHECKING:
        app: AgentDeskApp

        def query_one(self, *args: Any) -> Any: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def refresh_bindings(self) -> None: ...
        def _write_failed(self, exc: BaseException) -> None: ...
        def busy(self, group: str) -> bool: ...
        def refresh_call_panel(self) -> None: ...
        def action_new_call(self) -> None: ...

    # Which keys mean something right now ------------------------------------------

    def _banner_up(self) -> bool:
        return self.query_one(BreakBanner).reminder is not None

    def break_action_enabled(self, action: str) -> bool:
        """False hides a key from the footer: it is there only when it does something."""
        if action in ("snooze", "dismiss_reminder"):
            return self._banner_up()
        if action == "start_reset":
            focused = self.app.focused
            return self._banner_up() and not (focused and focused.id == "caller")
        return True

    def break_refusal(self, action: str) -> str | None:
        """Why a break key does nothing now (a catalog key), or None when it works."""
        app = self.app
        if action == "break" and app.session.in_call and not self._banner_up():
            return "desk.no_break_in_call"
        if action == "snooze" and self._banner_up():
            if self.query_one(BreakBanner).snoozes_left == 0:
                return "breaks.error.snoozes_used_up"
        return None

    def footer_words(self, binding: Binding) -> str | None:
        """The reminder's keys say in the footer what the banner says they do."""
        if not self._banner_up():
            return None
        words = {"desk.break": "breaks.banner.start", "desk.dismiss": "breaks.banner.dismiss"}
        key = words.get(binding.id or "")
        if key is None:
            return None
        text = t(self.app.lang, key)
        # The banner's words follow a key mid-sentence; the footer's begin with a capital.
        return text[:1].upper() + text[1:]

    # The reminder -------------------------------------------------------------------

    async def restore_breaks(self) -> None:
        """A break or an open reminder outlives a restart of the desk."""
        app = self.app
        now = app.clock.now()
        app.on_break = await break_store.current_break(app.store, app.agent)
        since = now.subtract(hours=LOOKBACK_HOURS)
        open_ones = [
            r for r in await break_store.recent_reminders(app.store, app.agent, since) if r.is_open
        ]
        self.reminder = open_ones[-1] if open_ones else None
        self.sync_banner()

    async def offer_reset_after(self, call: Call) -> None:
        """After a durable save: flag an abusive call for the lead, ask the policy."""
        app = self.app
        store = app.store
        now = app.clock.now()
        if call.mood == "abusive":
            await break_store.flag_for_lead(
                store, agent=app.agent, kind="abusive_call", call_id=call.id, now=now
            )
        since = now.subtract(hours=LOOKBACK_HOURS)
        trigger = evaluate(
            app.settings.breaks,
            await break_store.recent_call_moods(store, app.agent, since),
            await break_store.recent_breaks(store, app.agent, since),
            now,
            reminders=await break_store.recent_reminders(store, app.agent, since),
        )
        if trigger is None:
            return
        reminder = Reminder(id=uuid7(now), trigger=trigger.kind, created_at=now).show(now)
        await break_store.save_reminder(store, reminder, agent=app.agent)
        self.reminder = reminder
        self.sync_banner()

    def sync_banner(self) -> None:
        """Show the reminder when it may be seen: never during a call, not while snoozed."""
        app = self.app
        banner = self.query_one(BreakBanner)
        reminder = self.reminder
        visible = (
            reminder is not None
            and app.on_break is None
            and is_visible(reminder, app.clock.now(), app.session.in_call)
        )
        if visible and reminder is not None:
            if banner.reminder is None or banner.reminder != reminder:
                policy = app.settings.breaks
                labels = live_labels(self)  # type: ignore[arg-type]
                banner.show_reminder(
                    reminder,
                    app.lang,
                    reminder.snoozes_left(policy),
                    reset_seconds=policy.reset_seconds,
                    keys={
                        "start": labels.get("desk.break", "F8"),
                        "snooze": labels.get("desk.snooze", "F7"),
                        "dismiss": labels.get("desk.dismiss", "⇧F8"),
                    },
                )
                self.refresh_bindings()
        elif banner.reminder is not None:
            banner.hide()
            self.refresh_bindings()

    def action_snooze(self) -> None:
        self.query_one(BreakBanner).request_snooze()

    def action_dismiss_reminder(self) -> None:
        self.query_one(BreakBanner).ask_dismiss()

    def action_start_reset(self) -> None:
        self.query_one(BreakBanner).request_start()

    # Handlers by name, not @on: a mixin's decorated handlers are not collected.
    async def on_break_banner_snooze(self, event: BreakBanner.Snooze) -> None:
        app = self.app
        policy = app.settings.breaks
        try:
            reminder = event.reminder.snooze(app.clock.now(), policy)
        except BreakError as exc:
            self.notify(t(app.lang, exc.key), severity="warning")
            return
        try:
            await break_store.save_reminder(app.store, reminder, agent=app.agent)
        except Exception as exc:
            self._write_failed(exc)
            return
        self.reminder = reminder
        self.notify(t(app.lang, "breaks.snoozed", length=in_words(policy.snooze_seconds, app.lang)))
        self.sync_banner()

    async def on_break_banner_dismiss(self, event: BreakBanner.Dismiss) -> None:
        app = self.app
        reminder = event.reminder.dismiss(app.clock.now(), event.reason)
        try:
            await break_store.save_reminder(app.store, reminder, agent=app.agent)
        except Exception as exc:
            self._write_failed(exc)
            return
        self.reminder = None
        self.sync_banner()

    def on_break_banner_start(self, event: BreakBanner.Start) -> None:
        if not self.busy("reset"):
            self._run_reset(event.reminder)

    @work(group="reset", exit_on_error=False)
    async def _run_reset(self, offered: Reminder) -> None:
        from tui.screens.reset import ResetScreen

        app = self.app
        now = app.clock.now()
        reminder = offered.take(now)
        try:
            await break_store.save_reminder(app.store, reminder, agent=app.agent)
            on_break = await break_store.start_break(
                app.store,
                agent=app.agent,
                code=RESET_CODE,
                now=now,
                trigger=reminder.trigger,
                reminder_id=reminder.id,
            )
        except Exception as exc:  # the reminder stays offered; F8 tries again
            self._write_failed(exc)
            return
        self.reminder = None
        self.sync_banner()
        app.on_break = on_break
        self._end_after_call_work()
        result = await app.ask(
            ResetScreen(
                clock=app.clock,
                lang=app.lang,
                length_s=app.settings.breaks.reset_seconds,
                trigger=reminder.trigger,
            )
        )
        if result.answer_call:
            # F2 during the reset: it ends where it is, recorded as any reset is, and the
            # call starts at once.
            self.close_break_for_call(on_break, result.mood_before, result.mood_after)
            self.action_new_call()
            return
        try:
            await break_store.end_break(
                app.store,
                on_break.id,
                now=result.ended_at,
                mood_before=result.mood_before,
                mood_after=result.mood_after,
            )
        except Exception as exc:  # still on the reset's break: F8 ends it again
            self._write_failed(exc)
            app.tick()
            return
        app.on_break = None
        app.tick()

    def _end_after_call_work(self) -> None:
        # After-call work is the wrap-up of one call; a break is not part of it, and
        # whoever comes back from a break is ready for the next call.
        app = self.app
        if app.session.phase == "after_call":
            app.session = app.session.ready()
            self.refresh_call_panel()

    # Manual breaks --------------------------------------------------------------------

    def action_break(self) -> None:
        app = self.app
        if self.busy("break"):
            return  # the break being started or ended is still being written
        if self._banner_up():
            self.action_start_reset()
        elif app.on_break is not None:
            self._end_break()
        elif app.session.in_call:
            self.notify(t(app.lang, "desk.no_break_in_call"), severity="warning")
        else:
            self._take_break()

    @work(group="break", exit_on_error=False)
    async def _take_break(self) -> None:
        from tui.screens.break_picker import BreakPickerScreen

        app = self.app
        code = cast("BreakCode | None", await app.ask(BreakPickerScreen(app.lang)))
        if code is None:
            return
        try:
            app.on_break = await break_store.start_break(
                app.store, agent=app.agent, code=code, now=app.clock.now()
            )
        except BreakError as exc:
            self.notify(t(app.lang, exc.key), severity="warning")
            return
        except Exception as exc:
            self._write_failed(exc)
            return
        self._end_after_call_work()
        self.sync_banner()
        app.tick()

    def close_break_for_call(
        self, on_break: Break, mood_before: int | None = None, mood_after: int | None = None
    ) -> None:
        """End the break now because a call came in: the desk is off the break at once
        (the call must start while the phone rings) and the end is written behind it."""
        app = self.app
        app.on_break = None
        self._break_to_close = (on_break.id, app.clock.now(), mood_before, mood_after)
        self.notify(t(app.lang, "desk.break_ended"))
        self._write_break_end()

    def retry_break_end(self) -> None:
        """Every tick: a break end that failed to be written is tried again."""
        if self._break_to_close is not None and not self.busy("break-end"):
            self._write_break_end()

    @work(group="break-end", exit_on_error=False)
    async def _write_break_end(self) -> None:
        pending = self._break_to_close
        if pending is None:
            return
        break_id, ended_at, mood_before, mood_after = pending
        app = self.app
        try:
            await break_store.end_break(
                app.store,
                break_id,
                now=ended_at,
                mood_before=mood_before,
                mood_after=mood_after,
            )
        except BreakError:
            pass  # already ended (by another desk): nothing left to write
        except Exception as exc:
            if not self._break_end_told:
                self._break_end_told = True
                self._write_failed(exc)
            return
        self._break_to_close = None
        self._break_end_told = False

    _break_end_told = False

    @work(group="break", exit_on_error=False)
    async def _end_break(self) -> None:
        app = self.app
        if app.on_break is None:
            return
        try:
            await break_store.end_break(app.store, app.on_break.id, now=app.clock.now())
        except Exception as exc:  # still on the break: F8 tries again
            self._write_failed(exc)
            return
        app.on_break = None
        self.notify(t(app.lang, "desk.break_ended"))
        app.tick()
