"""Rings the desk has not taken yet, the softphone's signals kept with a call, and what
the desk knows of a ringing number.

Pure: the desk's screen decides with these what a ring, an answer or a hangup does in
whatever state the agent is in, and the store writes the `Signal`s as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pendulum import DateTime

from tui.domain.phone_messages import PhoneEvent

SignalKind = Literal["ring", "answer", "hangup", "wrapped_up"]
LOOKUP_CALLS = 3
"""The caller's last calls shown on a ring: enough to see a repeat caller at a glance."""


@dataclass(frozen=True)
class Signal:
    """One row of `call_signals`: what the phone (or the wrap-up) said, and when."""

    id: str
    call_id: str | None
    kind: SignalKind
    at: DateTime
    call_ref: str = ""
    queue: str = ""
    number: str = ""
    ended_break: str | None = None


@dataclass(frozen=True)
class Ring:
    """A ringing call the agent has not taken yet (in a call, on a break, in a dialog)."""

    event: PhoneEvent
    rang_at: DateTime
    answered_at: DateTime | None = None
    """The softphone was picked up before the agent pressed F2: talk started then."""

    @property
    def number(self) -> str:
        return self.event.number


Target = Literal["current", "waiting", "saved"]


def find_call(
    call_ref: str,
    *,
    current_ref: str | None,
    saved_ref: str | None,
    waiting: Sequence[Ring],
) -> tuple[Target, int] | None:
    """Which call an answer or a hangup names: the call in hand (`current_ref` is None
    when there is none), a waiting ring (its index), or the call just wrapped up.

    Without a reference, the call in hand, else the oldest ring waiting. A call started
    by hand has no reference: it takes the first one the phone names."""
    if not call_ref:
        if current_ref is not None:
            return "current", 0
        return ("waiting", 0) if waiting else None
    if current_ref == call_ref:
        return "current", 0
    for index, ring in enumerate(waiting):
        if ring.event.call_ref == call_ref:
            return "waiting", index
    if saved_ref == call_ref:
        return "saved", 0
    if current_ref == "":
        return "current", 0
    return None


@dataclass(frozen=True)
class PastCall:
    started_at: DateTime
    reason_code: str


@dataclass(frozen=True)
class OpenComplaint:
    complaint_id: str
    class_code: str
    status: str
    """open, paused or replied (a closed complaint is not looked up)."""
    due: DateTime | None
    remaining_s: int | None
    """Business seconds left while paused."""


@dataclass(frozen=True)
class CallerHistory:
    number: str
    calls: tuple[PastCall, ...] = ()
    complaints: tuple[OpenComplaint, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.calls and not self.complaints
