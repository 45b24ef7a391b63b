"""The emotion reset: a mood check, box breathing with a countdown and a line of advice,
and a second mood check; Esc ends it at any moment and the time actually taken is kept.

Time comes from the injected clock, redrawn four times a second, so a test winds a
FakeClock and calls `tick()` instead of waiting.
"""

from __future__ import annotations

import math
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from tui.domain.break_policy import TriggerKind
from tui.domain.breaks import ResetResult
from tui.domain.breathing import ADVICE_KEYS, advice_key
from tui.domain.clock import Clock
from tui.domain.durations import clock_face
from tui.domain.i18n import Lang, t
from tui.widgets.breathing import Breathing
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

__all__ = ["ResetResult", "ResetScreen"]

Stage = Literal["before", "breathing", "after"]
TICK_SECONDS = 0.25
_PROMPTS: dict[Stage, str] = {"before": "breaks.mood.before", "after": "breaks.mood.after"}
_IDLE_LINES: dict[Stage, str] = {"before": "breaks.reset.ready", "after": "breaks.reset.done"}


class ResetScreen(Screen[ResetResult]):
    """Dismisses with a `ResetResult`; `completed` is True when the countdown ran out."""

    CSS_PATH = "reset.tcss"
    BINDINGS = [
        Binding("1", "mood(1)", "Mood", key_display="1-5", id="reset.mood"),
        *(Binding(str(n), f"mood({n})", show=False, id=f"reset.mood_{n}") for n in range(2, 6)),
        Binding("enter", "skip", "Skip", key_display="Enter", id="reset.skip"),
        Binding("escape", "end", "End", key_display="Esc", id="reset.end"),
        # The desk's F2 (the same id, so a keymap moves both): a ringing phone ends the reset.
        Binding("f2", "answer_call", "F2", id="desk.new_call"),
    ]

    def __init__(
        self,
        *,
        clock: Clock,
        lang: Lang,
        length_s: float,
        trigger: TriggerKind | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self.clock = clock
        self.lang = lang
        self.length_s = length_s
        self.trigger = trigger
        self.started_at = clock.now()
        self.stage: Stage = "before"
        self.breath_started = self.started_at
        self.mood_before: int | None = None
        self.mood_after: int | None = None
        self.completed = False

    def compose(self) -> ComposeResult:
        title = t(self.lang, "breaks.reset.title")
        if self.trigger is not None:
            title += " · " + t(self.lang, f"breaks.reset.why.{self.trigger}")
        with Horizontal(id="reset-top"):
            yield Static(plain(title), id="reset-title")
            yield Static(id="reset-countdown")
        yield Breathing(self.lang, id="reset-breathing")
        yield Static(id="reset-advice")
        yield Static(id="reset-prompt")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._countdown = self.query_one("#reset-countdown", Static)
        self._advice = self.query_one("#reset-advice", Static)
        self._prompt = self.query_one("#reset-prompt", Static)
        self._breathing = self.query_one(Breathing)
        self._shown: dict[Static, str] = {}
        self._enter(self.stage)
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def elapsed(self) -> float:
        """Seconds of breathing so far, never past the reset's length."""
        if self.stage == "before":
            return 0.0
        if self.stage == "after":
            return self.length_s
        return min(self.length_s, (self.clock.now() - self.breath_started).total_seconds())

    def tick(self) -> None:
        """Read the clock and redraw; moves on to the closing mood check when time is up."""
        if self.stage == "breathing" and self.elapsed() >= self.length_s:
            self.completed = True
            self._enter("after")
        elapsed = self.elapsed()
        breathing = self.stage == "breathing"
        self._breathing.elapsed = elapsed if breathing else None
        left = clock_face(math.ceil(self.length_s - elapsed))
        self._show(self._countdown, t(self.lang, "breaks.reset.left", time=left))
        self._show(self._advice, t(self.lang, advice_key(elapsed) if breathing else ADVICE_KEYS[0]))

    def _show(self, static: Static, text: str) -> None:
        # Four ticks a second mostly repeat the same words; only a change is redrawn.
        if self._shown.get(static) != text:
            self._shown[static] = text
            static.update(plain(text))

    def _enter(self, stage: Stage) -> None:
        self.stage = stage
        prompt = _PROMPTS.get(stage)
        self._show(self._prompt, t(self.lang, prompt) if prompt else "")
        idle = _IDLE_LINES.get(stage)
        self._breathing.idle_text = t(self.lang, idle) if idle else ""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mood", "skip"):
            return self.stage != "breathing"
        return True

    def action_mood(self, mood: int) -> None:
        if self.stage == "before":
            self.mood_before = mood
            self._begin()
        elif self.stage == "after":
            self.mood_after = mood
            self._finish()

    def action_skip(self) -> None:
        if self.stage == "before":
            self._begin()
        elif self.stage == "after":
            self._finish()

    def action_end(self) -> None:
        self._finish()

    def action_answer_call(self) -> None:
        self._finish(answer_call=True)

    def _begin(self) -> None:
        self.breath_started = self.clock.now()
        self._enter("breathing")
        self.tick()

    def _finish(self, *, answer_call: bool = False) -> None:
        self.dismiss(
            ResetResult(
                started_at=self.started_at,
                ended_at=self.clock.now(),
                mood_before=self.mood_before,
                mood_after=self.mood_after,
                completed=self.completed,
                answer_call=answer_call,
            )
        )
