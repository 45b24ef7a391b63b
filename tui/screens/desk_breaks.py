"""The desk's half of the emotion-reset break reminder and manual breaks (F7, F8).

Kept beside the desk rather than in it: the call cycle and the break cycle meet only at
two points, a saved wrap-up (which may offer a reset) and F2 (refused on a break). The
desk composes one `DeskBreaks` and hands it what it needs of the desk, by name of
argument: its bindings' actions and the banner's messages are the desk's, passed on here.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, cast

from pendulum import DateTime
from textual.binding import Binding
from textual.screen import Screen

from tui.domain.breaks import (
    RESET_CODE,
    Break,
    BreakCode,
    BreakError,
    DismissReason,
    Reminder,
    is_visible,
)
from tui.domain.calls import Call
from tui.domain.durations import in_words
from tui.domain.i18n import t
from tui.widgets.break_banner import DISMISS_KEYS, BreakBanner
from tui.widgets.key_footer import live_labels

if TYPE_CHECKING:
    from tui.app import AgentDeskApp

BREAK_BINDINGS = [
    Binding("f8", "break", "F8", id="desk.break"),
    Binding("f7", "snooze", "F7", id="desk.snooze"),
    Binding(DISMISS_KEYS, "dismiss_reminder", "Shift+F8", id="desk.dismiss"),
    Binding("enter", "start_reset", show=False, priority=True, id="desk.start_reset"),
]


class DeskBreaks:
    """The break side of one desk screen: the reminder banner's state, and breaks taken
    and ended. Its writes run as workers of the desk, so the desk's `busy` sees them."""

    def __init__(
        self,
        desk: Screen[None],
        *,
        write_failed: Callable[[BaseException], None],
        busy: Callable[[str], bool],
        call_panel_changed: Callable[[], None],
        answer_call: Callable[[], None],
    ) -> None:
        self._desk = desk
        self._write_failed = write_failed
        self._busy = busy
        self._call_panel_changed = call_panel_changed
        self._answer_call = answer_call
        self.reminder: Reminder | None = None
        self._break_to_close: tuple[str, DateTime, int | None, int | None] | None = None
        """A break ended for a call whose end could not be written yet: tried again every
        tick."""
        self._break_end_told = False
        self.ended_for_call: str | None = None
        """The break F2 just ended to take a call, until that call starts (its ring
        names it)."""

    @property
    def app(self) -> AgentDeskApp:
        return cast("AgentDeskApp", self._desk.app)

    def _run(self, job: Coroutine[Any, Any, None], group: str, name: str) -> None:
        # Never `exclusive`: a second press would cancel a write half-way through.
        self._desk.run_worker(job, name=name, group=group, exit_on_error=False)

    @property
    def _banner(self) -> BreakBanner:
        return self._desk.query_one(BreakBanner)

    def notify(self, message: str, **options: Any) -> None:
        self._desk.notify(message, **options)

    # Which keys mean something right now ------------------------------------------

    def _banner_up(self) -> bool:
        return self._banner.reminder is not None

    def action_enabled(self, action: str) -> bool:
        """False hides a key from the footer: it is there only when it does something."""
        if action in ("snooze", "dismiss_reminder"):
            return self._banner_up()
        if action == "start_reset":
            focused = self.app.focused
            return self._banner_up() and not (focused and focused.id == "caller")
        return True

    def refusal(self, action: str) -> str | None:
        """Why a break key does nothing now (a catalog key), or None when it works."""
        app = self.app
        if action == "break" and app.session.in_call and not self._banner_up():
            return "desk.no_break_in_call"
        if action == "snooze" and self._banner_up():
            if self._banner.snoozes_left == 0:
                return "breaks.error.snoozes_used_up"
        return None

    def footer_words(self, binding: Binding) -> str | None:
        """The reminder's keys say in the footer what the banner says they do; on a
        break, F8 says that it ends it."""
        if not self._banner_up():
            if binding.id == "desk.break" and self.app.on_break is not None:
                return t(self.app.lang, "key.desk.end_break")
            return None
        words = {"desk.break": "breaks.banner.start", "desk.dismiss": "breaks.banner.dismiss"}
        key = words.get(binding.id or "")
        if key is None:
            return None
        text = t(self.app.lang, key)
        # The banner's words follow a key mid-sentence; the footer's begin with a capital.
        return text[:1].upper() + text[1:]

    # The reminder -------------------------------------------------------------------

    async def restore(self) -> None:
        """A break or an open reminder outlives a restart of the desk."""
        app = self.app
        app.on_break = await app.breaks.current()
        self.reminder = await app.breaks.open_reminder(app.clock.now())
        self.sync_banner()

    async def offer_reset_after(self, call: Call) -> None:
        """After a durable save: flag an abusive call for the lead, ask the policy."""
        app = self.app
        reminder = await app.breaks.offer_after(call, app.settings.breaks, app.clock.now())
        if reminder is None:
            return
        self.reminder = reminder
        self.sync_banner()

    def sync_banner(self) -> None:
        """Show the reminder when it may be seen: never during a call, not while snoozed."""
        app = self.app
        banner = self._banner
        reminder = self.reminder
        visible = (
            reminder is not None
            and app.on_break is None
            and is_visible(reminder, app.clock.now(), app.session.in_call)
        )
        if visible and reminder is not None:
            if banner.reminder is None or banner.reminder != reminder:
                policy = app.settings.breaks
                labels = live_labels(self._desk)
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
                self._desk.refresh_bindings()
        elif banner.reminder is not None:
            banner.hide()
            self._desk.refresh_bindings()

    def snooze_key(self) -> None:
        self._banner.request_snooze()

    def dismiss_key(self) -> None:
        self._banner.ask_dismiss()

    def start_reset_key(self) -> None:
        self._banner.request_start()

    async def snooze(self, offered: Reminder) -> None:
        app = self.app
        policy = app.settings.breaks
        try:
            reminder = offered.snooze(app.clock.now(), policy)
        except BreakError as exc:
            self.notify(t(app.lang, exc.key), severity="warning")
            return
        try:
            await app.breaks.save_reminder(reminder)
        except Exception as exc:
            self._write_failed(exc)
            return
        self.reminder = reminder
        self.notify(t(app.lang, "breaks.snoozed", length=in_words(policy.snooze_seconds, app.lang)))
        self.sync_banner()

    async def dismiss(self, offered: Reminder, reason: DismissReason) -> None:
        app = self.app
        reminder = offered.dismiss(app.clock.now(), reason)
        try:
            await app.breaks.save_reminder(reminder)
        except Exception as exc:
            self._write_failed(exc)
            return
        self.reminder = None
        self.sync_banner()

    def start(self, offered: Reminder) -> None:
        if not self._busy("reset"):
            self._run(self._run_reset(offered), "reset", "_run_reset")

    async def _run_reset(self, offered: Reminder) -> None:
        from tui.screens.reset import ResetScreen

        app = self.app
        now = app.clock.now()
        reminder = offered.take(now)
        try:
            await app.breaks.save_reminder(reminder)
            on_break = await app.breaks.start(
                RESET_CODE, now, trigger=reminder.trigger, reminder_id=reminder.id
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
            self._answer_call()
            return
        try:
            await app.breaks.end(
                on_break.id,
                result.ended_at,
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
            self._call_panel_changed()

    # Manual breaks --------------------------------------------------------------------

    def break_key(self) -> None:
        app = self.app
        if self._busy("break"):
            return  # the break being started or ended is still being written
        if self._banner_up():
            self.start_reset_key()
        elif app.on_break is not None:
            self._run(self._end_break(), "break", "_end_break")
        elif app.session.in_call:
            self.notify(t(app.lang, "desk.no_break_in_call"), severity="warning")
        else:
            self._run(self._take_break(), "break", "_take_break")

    async def _take_break(self) -> None:
        from tui.screens.break_picker import BreakPickerScreen

        app = self.app
        code = cast("BreakCode | None", await app.ask(BreakPickerScreen(app.lang)))
        if code is None:
            return
        try:
            app.on_break = await app.breaks.start(code, app.clock.now())
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
        self.ended_for_call = on_break.id
        self._break_to_close = (on_break.id, app.clock.now(), mood_before, mood_after)
        self.notify(t(app.lang, "desk.break_ended"))
        self._run(self._write_break_end(), "break-end", "_write_break_end")

    def retry_break_end(self) -> None:
        """Every tick: a break end that failed to be written is tried again."""
        if self._break_to_close is not None and not self._busy("break-end"):
            self._run(self._write_break_end(), "break-end", "_write_break_end")

    async def _write_break_end(self) -> None:
        pending = self._break_to_close
        if pending is None:
            return
        break_id, ended_at, mood_before, mood_after = pending
        try:
            await self.app.breaks.end(
                break_id, ended_at, mood_before=mood_before, mood_after=mood_after
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

    async def _end_break(self) -> None:
        app = self.app
        if app.on_break is None:
            return
        try:
            await app.breaks.end(app.on_break.id, app.clock.now())
        except Exception as exc:  # still on the break: F8 tries again
            self._write_failed(exc)
            return
        app.on_break = None
        self.notify(t(app.lang, "desk.break_ended"))
        app.tick()
