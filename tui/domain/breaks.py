"""Breaks and reset reminders: the break codes, the reminder's life, a reset's outcome.

A reminder is made when `break_policy.evaluate` names a trigger. It is shown as a
banner, never during a call, and ends taken or dismissed; in between it may be
snoozed a limited number of times. Every transition returns a new `Reminder`, so
the store can log each one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pendulum import DateTime

from tui.domain.break_policy import OPEN_REMINDER_STATES, BreakPolicy, TriggerKind
from tui.domain.i18n import Lang, t

BreakCode = Literal["rest", "meal", "training", "coaching", "technical", "reset"]
# The codes an agent picks for a manual break, in picker order (digit keys 1 to 5).
MANUAL_BREAK_CODES: tuple[BreakCode, ...] = ("rest", "meal", "training", "coaching", "technical")
# A reset taken from a reminder, or started from the reset screen.
RESET_CODE: BreakCode = "reset"
BREAK_CODES: tuple[BreakCode, ...] = (*MANUAL_BREAK_CODES, RESET_CODE)

ReminderState = Literal["pending", "shown", "snoozed", "dismissed", "taken"]
REMINDER_STATES: tuple[ReminderState, ...] = ("pending", "shown", "snoozed", "dismissed", "taken")

# The one-word answers to "why not now?", in the order the dismiss prompt offers them.
DismissReason = Literal["fine", "busy", "later"]
DISMISS_REASONS: tuple[DismissReason, ...] = ("fine", "busy", "later")

MOODS = range(1, 6)


def break_label(lang: Lang, code: BreakCode) -> str:
    return t(lang, f"breaks.code.{code}")


class BreakError(ValueError):
    """Something a break or reminder refuses; `key` is its message in tui/locales/breaks.toml."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Reminder:
    """An offer of a reset, from the moment it is due until it is taken or dismissed."""

    id: str
    trigger: TriggerKind
    created_at: DateTime
    state: ReminderState = "pending"
    snoozes_used: int = 0
    snooze_until: DateTime | None = None
    dismiss_reason: DismissReason | None = None
    shown_at: DateTime | None = None
    updated_at: DateTime | None = None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REMINDER_STATES

    def snoozes_left(self, policy: BreakPolicy) -> int:
        return max(0, policy.max_snoozes - self.snoozes_used)

    def show(self, now: DateTime) -> Reminder:
        """Put on screen; showing it again (a snooze ran out) keeps the first `shown_at`."""
        self._require_open()
        if self.state == "shown":
            return self
        return replace(
            self, state="shown", shown_at=self.shown_at or now, snooze_until=None, updated_at=now
        )

    def snooze(self, now: DateTime, policy: BreakPolicy) -> Reminder:
        self._require_open()
        if self.snoozes_left(policy) == 0:
            raise BreakError("breaks.error.snoozes_used_up")
        return replace(
            self,
            state="snoozed",
            snoozes_used=self.snoozes_used + 1,
            snooze_until=now.add(seconds=policy.snooze_seconds),
            updated_at=now,
        )

    def dismiss(self, now: DateTime, reason: str) -> Reminder:
        self._require_open()
        if reason not in DISMISS_REASONS:
            raise BreakError("breaks.error.unknown_reason")
        return replace(
            self,
            state="dismissed",
            dismiss_reason=reason,
            snooze_until=None,
            updated_at=now,
        )

    def take(self, now: DateTime) -> Reminder:
        self._require_open()
        return replace(self, state="taken", snooze_until=None, updated_at=now)

    def _require_open(self) -> None:
        if not self.is_open:
            raise BreakError("breaks.error.reminder_closed")


def is_visible(reminder: Reminder, now: DateTime, in_call: bool) -> bool:
    """Whether the banner shows it now: never during a call, and a snoozed reminder
    only once its snooze has run out (then the caller calls `show` again)."""
    if in_call or not reminder.is_open:
        return False
    if reminder.state == "snoozed":
        return reminder.snooze_until is None or now >= reminder.snooze_until
    return True


@dataclass(frozen=True)
class Break:
    """A break as stored; `ended_at` is None while the agent is on it."""

    id: str
    code: BreakCode
    started_at: DateTime
    ended_at: DateTime | None = None
    trigger: TriggerKind | None = None
    reminder_id: str | None = None
    mood_before: int | None = None
    mood_after: int | None = None

    def running_seconds(self, now: DateTime) -> float:
        """How long it has lasted: to its end, or to `now` while it is running."""
        return max(0.0, ((self.ended_at or now) - self.started_at).total_seconds())


@dataclass(frozen=True)
class ResetResult:
    """What the reset screen hands back: the time actually taken and the moods given."""

    started_at: DateTime
    ended_at: DateTime
    mood_before: int | None
    mood_after: int | None
    completed: bool
    answer_call: bool = False
    """Ended by F2: a call came in, and the desk starts it."""

    @property
    def seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()


def check_mood(value: int | None) -> int | None:
    if value is not None and value not in MOODS:
        raise BreakError("breaks.error.mood_range")
    return value
