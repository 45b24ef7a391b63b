"""A gentle reset reminder: two lines above the footer, never a modal, never focused.

The banner cannot take focus (the agent may be typing), so its keys belong to the
screen that shows it. Suggested desk bindings, clear of F1-F6, F9, Ctrl+P and Ctrl+Q:

- F8 (`START_KEY`): start the reset while a reminder shows; otherwise F8 opens the break
  picker as usual. Enter may start it too, but only while no input has focus.
- F7 (`SNOOZE_KEY`): snooze; the banner says how many snoozes are left, and plainly
  when none are.
- Shift+F8 (`DISMISS_KEYS`; most terminals send it as F20): "not now", with a one-word
  reason picked in a small prompt. Shown as ⇧F8, as the footer shows it.

The screen's actions call `request_start`, `request_snooze` and `ask_dismiss`; the
banner answers with `BreakBanner.Start`, `.Snooze` and `.Dismiss` messages, which the
screen handles (state change, store, then `show_reminder` or `hide`). Clicking a key
label in the banner does the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from tui.domain.break_policy import BreakPolicy
from tui.domain.breaks import DISMISS_REASONS, DismissReason, Reminder
from tui.domain.durations import in_words
from tui.domain.i18n import Lang, t

START_KEY = "f8"
SNOOZE_KEY = "f7"
# Shift+F8 reaches Textual as f20 from xterm-like terminals; some send shift+f8 itself.
DISMISS_KEYS = "f20,shift+f8"
KEY_LABELS = {"start": "F8", "snooze": "F7", "dismiss": "⇧F8"}
"""The labels until the screen hands over its own (`show_reminder(keys=...)`), which follow
the agent's keymap."""


class BreakBanner(Widget):
    """Shows one reminder at a time; hidden until `show_reminder` is called."""

    DEFAULT_CSS = """
    BreakBanner {
        dock: bottom;
        /* Sits just above a one-line Footer, which docks to the same edge. */
        margin-bottom: 1;
        height: auto;
        padding: 0 1;
        display: none;
        background: $warning-muted;
        color: $text;
        border-top: tall $warning;
    }
    BreakBanner > .break-banner--key {
        text-style: bold;
        color: $warning;
    }
    BreakBanner > .break-banner--used-up {
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {"break-banner--key", "break-banner--used-up"}

    @dataclass
    class Start(Message):
        """The agent wants the reset now."""

        reminder: Reminder

    @dataclass
    class Snooze(Message):
        """The agent asks for the reminder later (the domain refuses when none are left)."""

        reminder: Reminder

    @dataclass
    class Dismiss(Message):
        """The agent declined the reset, with a one-word reason."""

        reminder: Reminder
        reason: DismissReason

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reminder: Reminder | None = None
        """The reminder on show, or None while hidden."""
        self.lang: Lang = "en"
        self.snoozes_left = 0
        self.reset_seconds = BreakPolicy().reset_seconds
        self.keys = dict(KEY_LABELS)

    def show_reminder(
        self,
        reminder: Reminder,
        lang: Lang,
        snoozes_left: int,
        *,
        reset_seconds: int | None = None,
        keys: dict[str, str] | None = None,
    ) -> None:
        """`keys`: what the agent presses for "start", "snooze" and "dismiss" (the
        screen's keys after the keymap; the defaults otherwise)."""
        self.reminder = reminder
        if keys is not None:
            self.keys = {**KEY_LABELS, **keys}
        self.lang = lang
        self.snoozes_left = snoozes_left
        if reset_seconds is not None:
            self.reset_seconds = reset_seconds
        self.display = True
        self.refresh(layout=True)

    def hide(self) -> None:
        self.reminder = None
        self.display = False

    def request_start(self) -> None:
        if self.reminder is not None:
            self.post_message(self.Start(self.reminder))

    def request_snooze(self) -> None:
        if self.reminder is not None:
            self.post_message(self.Snooze(self.reminder))

    def ask_dismiss(self) -> None:
        """Ask for the reason in a small prompt, then post `Dismiss`; Esc there changes
        nothing."""
        reminder = self.reminder
        if reminder is None:
            return

        def answered(answer: str | None) -> None:
            # The desk may have replaced or hidden the reminder while the prompt was open.
            current = self.reminder
            if answer in DISMISS_REASONS and current is not None and current.id == reminder.id:
                self.post_message(self.Dismiss(current, answer))

        # Imported when first asked: the prompt (and the option list under it) is not
        # needed for the desk's first frame, which is benchmarked.
        from tui.widgets.dismiss_reason import DismissReasonScreen

        self.app.push_screen(DismissReasonScreen(self.lang), answered)

    def action_start(self) -> None:
        self.request_start()

    def action_snooze(self) -> None:
        self.request_snooze()

    def action_dismiss(self) -> None:
        self.ask_dismiss()

    def render(self) -> Content:
        reminder = self.reminder
        if reminder is None:
            return Content("")
        lang = self.lang
        length = in_words(self.reset_seconds, lang)
        message = t(lang, f"breaks.trigger.{reminder.trigger}", length=length)

        key_style = self.get_visual_style("break-banner--key", partial=True)

        def key(action: str, label: str) -> Content:
            # Clicking a key label runs the banner's action of the same name.
            return Content.assemble((self.keys[action], key_style), " ", label).stylize(
                Style.from_meta({"@click": action})
            )

        parts = [key("start", t(lang, "breaks.banner.start"))]
        if self.snoozes_left > 0:
            parts.append(key("snooze", t(lang, "breaks.banner.snooze", left=self.snoozes_left)))
        parts.append(key("dismiss", t(lang, "breaks.banner.dismiss")))
        keys = Content(" · ").join(parts)
        if self.snoozes_left == 0:
            used_up = Content(t(lang, "breaks.banner.no_snoozes")).stylize(
                self.get_visual_style("break-banner--used-up", partial=True)
            )
            keys = keys + Content(" · ") + used_up
        return Content("☕ ") + Content(message) + Content("\n") + keys
