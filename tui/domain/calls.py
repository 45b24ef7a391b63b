"""A call as the agent wraps it up, and the rules a wrap-up must satisfy."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime

OUTCOMES = ("answered", "forwarded", "handled", "complaint")
MOODS = ("calm", "upset", "abusive")
NOTE_LIMIT = 2000
"""Characters in a wrap-up note. The note field holds no more (a paste past it is cut
there, saying how much was left out); a longer note is refused with a message, never cut."""

SATISFIED = (4, 5)
"""Customers press 5 or 4 when satisfied; the monthly line is 94% of rated calls."""
SATISFACTION_LINE = 0.94


@dataclass(frozen=True)
class Call:
    id: str
    agent: str
    started_at: DateTime
    ended_at: DateTime
    caller: str
    reason_code: str
    outcome: str
    mood: str
    satisfaction: int | None
    note: str


def wrapup_problems(
    *, reason_code: str | None, outcome: str | None, mood: str | None, note: str
) -> dict[str, str]:
    """Field → i18n key of what is wrong; empty when the call may be saved."""
    problems: dict[str, str] = {}
    if not reason_code:
        problems["reason"] = "wrapup.reason_required"
    if outcome not in OUTCOMES:
        problems["outcome"] = "wrapup.outcome_required"
    if mood not in MOODS:
        problems["mood"] = "wrapup.mood_required"
    if len(note) > NOTE_LIMIT:
        problems["note"] = "wrapup.note_too_long"
    return problems


@dataclass(frozen=True)
class DayStats:
    calls: int
    rated: int
    satisfied: int

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def below_line(self) -> bool:
        rate = self.satisfaction
        return rate is not None and rate < SATISFACTION_LINE
