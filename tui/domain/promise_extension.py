"""The new deadline an agent types to extend a promise, read before anything is recorded.

A relative entry (`+1d`, `+2h`, `+1d4h`) counts from the promise in force, never from
now: on a complaint due Thursday 05:13, `+1d` means Friday 05:13, whatever the hour the
agent types it. Counting from now once turned "one more day" into one more minute. An
absolute entry (`16:30`, `11-25 10:00`, `2026-11-25 10:00`) is taken as given.

Either way the result must be later than the current promise (otherwise it is no
extension) and still ahead of now (a promise that has already passed when it is given is
broken before the customer hangs up). A refusal names the i18n key to show and the
instants it is about, so the form can say it in the agent's language and zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pendulum import DateTime

from tui.domain.complaint_queue import parse_when

UNREADABLE = "event.bad_time"
NOT_LATER = "event.extend.not_later"
ALREADY_PAST = "event.extend.already_past"
PROBLEMS: frozenset[str] = frozenset({UNREADABLE, NOT_LATER, ALREADY_PAST})

EXAMPLE = "+1d · +2h · 16:30 · 2026-11-25 10:00"
"""How the form shows what it reads: the same in every language."""


@dataclass(frozen=True)
class NewDeadline:
    """What the typed text gives: `due` always when it could be read, `problem` (an i18n
    key from PROBLEMS) when it cannot be the new promise."""

    due: DateTime | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.due is not None


def read_extension(text: str, *, current: datetime, now: datetime, zone: str) -> NewDeadline:
    """The new promise typed as `text`, for a complaint whose promise in force is
    `current`, read in `zone` (the class's calendar zone). Never raises on any text."""
    due = parse_when(text, now, zone, relative_to=current)
    if due is None:
        return NewDeadline(None, UNREADABLE)
    if due <= current:
        return NewDeadline(due, NOT_LATER)
    if due <= now:
        return NewDeadline(due, ALREADY_PAST)
    return NewDeadline(due)
