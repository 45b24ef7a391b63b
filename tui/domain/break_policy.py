"""When to offer an agent an emotion reset, and the settings that decide it.

The settings live under `[breaks]` in config.toml (`DEFAULTS_TOML` is the documented
default). `evaluate` looks at the recent wrapped-up calls, breaks and reminders and
says whether a new reminder is due, and why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Literal, Protocol

from pendulum import DateTime

from tui.domain.i18n import t

Mood = Literal["calm", "upset", "abusive"]
TriggerKind = Literal["abusive_call", "upset_streak", "long_talk"]
TRIGGER_KINDS: tuple[TriggerKind, ...] = ("abusive_call", "upset_streak", "long_talk")

# Reminder states in which the offer is still open; while one is open no other is made.
OPEN_REMINDER_STATES = frozenset({"pending", "shown", "snoozed"})

DEFAULTS_TOML = """\
[breaks]
# Emotion-reset reminders. A reminder never appears during a call: one that comes
# due mid-call waits until the wrap-up is saved, and it never blocks the next call.

# Offer a reset right after wrapping up a call marked abusive (true or false).
after_abusive_call = true

# Offer a reset after this many upset or abusive calls within `upset_window_minutes`.
# 0 turns this off; 1 to 20.
upset_calls = 2

# The window for `upset_calls`, in minutes (1 to 480).
upset_window_minutes = 30

# Offer a reset after this many minutes of talk time without a break.
# Any break, a reset included, starts the count again. 0 turns this off; 10 to 720.
talk_minutes = 90

# How long a reset lasts, in minutes (0.5 to 30; 1.5 means 90 seconds).
reset_minutes = 2

# How many times a reminder may be snoozed before it can only be started or dismissed
# (0 to 10).
max_snoozes = 2

# How long a snoozed reminder stays away, in minutes (1 to 60).
snooze_minutes = 5
"""


class PolicyError(ValueError):
    """A `[breaks]` setting is missing its type or range; `line` is where it was written.

    `code` and `values` name the mistake for the catalog (`config.breaks.<code>`), so it
    can be said in the agent's language; `reason` is the English wording."""

    def __init__(
        self, key: str, code: str, values: Mapping[str, str] | None = None, line: int | None = None
    ) -> None:
        self.key = key
        self.code = code
        self.values = dict(values or {})
        self.reason = t("en", f"config.breaks.{code}", **self.values)
        self.line = line
        where = f"breaks.{key}" + (f" (line {line})" if line is not None else "")
        super().__init__(f"{where}: {self.reason}")


@dataclass(frozen=True)
class BreakPolicy:
    """The `[breaks]` settings; field names are the TOML keys, documented in DEFAULTS_TOML."""

    after_abusive_call: bool = True
    upset_calls: int = 2
    upset_window_minutes: int = 30
    talk_minutes: int = 90
    reset_minutes: float = 2
    max_snoozes: int = 2
    snooze_minutes: float = 5

    @property
    def reset_seconds(self) -> int:
        return round(self.reset_minutes * 60)

    @property
    def snooze_seconds(self) -> int:
        return round(self.snooze_minutes * 60)

    @classmethod
    def from_table(
        cls,
        table: Mapping[str, object],
        *,
        line_of: Callable[[str], int | None] | None = None,
    ) -> BreakPolicy:
        """Read a parsed `[breaks]` table; absent keys keep their defaults. Raises the
        first mistake as a PolicyError."""
        policy, errors = cls.read_table(table, line_of=line_of)
        if errors:
            raise errors[0]
        return policy

    @classmethod
    def read_table(
        cls,
        table: Mapping[str, object],
        *,
        line_of: Callable[[str], int | None] | None = None,
    ) -> tuple[BreakPolicy, list[PolicyError]]:
        """Read a parsed `[breaks]` table, every mistake found: a key with a mistake
        keeps its default, the others are used."""
        errors: list[PolicyError] = []
        known = {f.name for f in fields(cls)}
        values: dict[str, object] = {}
        for key, value in table.items():
            if key not in known:
                problem: RuleProblem | None = ("unknown", {"known": ", ".join(sorted(known))})
            else:
                problem = _RULES[key].check(value)
            if problem:
                code, details = problem
                errors.append(PolicyError(key, code, details, line_of(key) if line_of else None))
            else:
                values[key] = value
        return cls(**values), errors  # type: ignore[arg-type]


RuleProblem = tuple[str, dict[str, str]]
"""A rule's mistake: its code (`config.breaks.<code>` in the catalog) and values."""


@dataclass(frozen=True)
class _Rule:
    kind: Literal["bool", "int", "number"]
    low: float = 0
    high: float = 0
    # A value that switches the feature off, allowed below `low`.
    off: int | None = None

    def check(self, value: object) -> RuleProblem | None:
        if self.kind == "bool":
            return None if isinstance(value, bool) else ("bool", {})
        # TOML booleans are ints to Python; a `true` here is a mistake, not a 1.
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ("whole", {}) if self.kind == "int" else ("number", {})
        if self.kind == "int" and not isinstance(value, int):
            return "whole", {}
        if not math.isfinite(value):
            return "finite", {}
        if self.off is not None and value == self.off:
            return None
        if not self.low <= value <= self.high:
            bounds = {"low": f"{self.low:g}", "high": f"{self.high:g}"}
            if self.off is not None:
                return "between_or_off", {**bounds, "off": str(self.off)}
            return "between", bounds
        return None


_RULES: dict[str, _Rule] = {
    "after_abusive_call": _Rule("bool"),
    "upset_calls": _Rule("int", 1, 20, off=0),
    "upset_window_minutes": _Rule("int", 1, 480),
    "talk_minutes": _Rule("int", 10, 720, off=0),
    "reset_minutes": _Rule("number", 0.5, 30),
    "max_snoozes": _Rule("int", 0, 10),
    "snooze_minutes": _Rule("number", 1, 60),
}


@dataclass(frozen=True)
class CallSummary:
    """A wrapped-up call as the break policy sees it."""

    id: str
    started_at: DateTime
    ended_at: DateTime
    mood: Mood


class BreakSpan(Protocol):
    """A break: `ended_at` is None while the agent is still on it."""

    @property
    def started_at(self) -> DateTime: ...

    @property
    def ended_at(self) -> DateTime | None: ...


class Offer(Protocol):
    """A reminder already made (tui.domain.breaks.Reminder fits)."""

    @property
    def created_at(self) -> DateTime: ...

    @property
    def state(self) -> str: ...


@dataclass(frozen=True)
class Trigger:
    """Why a reset is offered, and the calls that led to it (oldest first)."""

    kind: TriggerKind
    call_ids: tuple[str, ...]


def counting_from(breaks: Iterable[BreakSpan], reminders: Iterable[Offer]) -> DateTime | None:
    """The moment the counts start again: the end of the last break or the last offer.

    After an offer the agent has answered (taken, snoozed or dismissed it), so the calls
    before it are never counted again, and a taken reset is itself a break.
    """
    marks = [b.ended_at for b in breaks if b.ended_at is not None]
    marks += [r.created_at for r in reminders]
    return max(marks) if marks else None


def evaluate(
    policy: BreakPolicy,
    calls: Sequence[CallSummary],
    breaks: Sequence[BreakSpan],
    now: DateTime,
    *,
    reminders: Sequence[Offer] = (),
) -> Trigger | None:
    """The reminder due at `now`, if any.

    `calls` are the agent's recent wrapped-up calls, `breaks` and `reminders` the recent
    ones (the last few hours are plenty). Nothing is due while a break is running or
    while an earlier reminder is still open. When several causes hold at once the
    strongest is named: an abusive call, then an upset streak, then long talk.
    """
    if any(b.ended_at is None for b in breaks):
        return None
    if any(r.state in OPEN_REMINDER_STATES for r in reminders):
        return None
    since = counting_from(breaks, reminders)
    fresh = sorted(
        (c for c in calls if (since is None or c.ended_at > since) and c.ended_at <= now),
        key=lambda c: c.ended_at,
    )

    if policy.after_abusive_call:
        abusive = [c.id for c in fresh if c.mood == "abusive"]
        if abusive:
            return Trigger("abusive_call", tuple(abusive))

    if policy.upset_calls:
        window_start = now.subtract(minutes=policy.upset_window_minutes)
        upset = [c.id for c in fresh if c.mood != "calm" and c.ended_at >= window_start]
        if len(upset) >= policy.upset_calls:
            return Trigger("upset_streak", tuple(upset))

    if policy.talk_minutes:
        talked = sum(_talk_seconds(c, since) for c in fresh)
        if talked >= policy.talk_minutes * 60:
            return Trigger("long_talk", tuple(c.id for c in fresh))
    return None


def _talk_seconds(call: CallSummary, since: DateTime | None) -> float:
    # A call that straddles the last break or offer counts only from that moment.
    start = call.started_at if since is None else max(call.started_at, since)
    return max(0.0, (call.ended_at - start).total_seconds())
