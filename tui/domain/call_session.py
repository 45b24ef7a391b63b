"""Where the agent is in the call cycle: idle, talking, or in after-call work.

The desk holds one `CallSession`; every transition returns a new one, so the screen can
never be half-way between two states.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pendulum import DateTime

Phase = Literal["idle", "in_call", "after_call"]


@dataclass(frozen=True)
class CallSession:
    phase: Phase = "idle"
    call_id: str | None = None
    started_at: DateTime | None = None
    caller: str = ""
    reason_code: str | None = None
    complaint_ids: tuple[str, ...] = ()
    """Complaints filed on this call; the wrap-up then defaults to the outcome "complaint"."""
    saved_call_id: str | None = None
    """The last saved call, whose reason may still be corrected during after-call time."""
    saved_reason_code: str | None = None
    after_call_since: DateTime | None = None
    ended_at: DateTime | None = None
    """When a call in hand is known to have ended before its wrap-up (one given back
    after the desk was closed, or put down on the softphone): the wrap-up records this
    end and talk time stops here."""
    call_ref: str = ""
    """The softphone's id for the call (a call started by a ring); later answers and
    hangups name it."""
    queue: str = ""
    rang_at: DateTime | None = None
    """When the softphone rang for this call; None for a call started by hand."""
    answered_at: DateTime | None = None
    """The real talk start, when the softphone said so."""
    hung_up_at: DateTime | None = None
    """The real talk end, when the softphone said so: after-call work runs from here."""
    saved_call_ref: str = ""
    """The wrapped-up call's softphone id, so a hangup that comes after F9 finds it."""

    @property
    def in_call(self) -> bool:
        return self.phase == "in_call"

    def start(self, call_id: str, now: DateTime) -> CallSession:
        if self.phase == "in_call":
            raise ValueError("desk.call_in_progress")
        return CallSession(phase="in_call", call_id=call_id, started_at=now)

    def from_ring(
        self, call_ref: str, queue: str, rang_at: DateTime, answered_at: DateTime | None = None
    ) -> CallSession:
        return replace(
            self, call_ref=call_ref, queue=queue, rang_at=rang_at, answered_at=answered_at
        )

    def answered(self, at: DateTime) -> CallSession:
        """The softphone was picked up: talk time counts from here (the first answer)."""
        return self if self.answered_at is not None else replace(self, answered_at=at)

    def hung_up(self, at: DateTime) -> CallSession:
        """The softphone was put down: talk ends and after-call work begins, before F9."""
        return replace(self, ended_at=at, hung_up_at=at)

    def with_call_ref(self, call_ref: str) -> CallSession:
        return replace(self, call_ref=call_ref)

    @property
    def ringing(self) -> bool:
        """Started by a ring and neither picked up nor put down yet."""
        return (
            self.in_call
            and self.rang_at is not None
            and self.answered_at is None
            and self.hung_up_at is None
        )

    @property
    def wrapping_up(self) -> bool:
        """In hand, but the softphone has hung up: the agent is in after-call work."""
        return self.in_call and self.hung_up_at is not None

    def with_caller(self, caller: str) -> CallSession:
        return replace(self, caller=caller)

    def with_reason(self, code: str) -> CallSession:
        return replace(self, reason_code=code)

    def ended(self, at: DateTime) -> CallSession:
        if self.hung_up_at is not None:
            return self  # the softphone's own hangup is the truer end
        return replace(self, ended_at=at)

    def with_complaint(self, complaint_id: str) -> CallSession:
        if complaint_id in self.complaint_ids:
            return self
        return replace(self, complaint_ids=(*self.complaint_ids, complaint_id))

    @property
    def default_outcome(self) -> str:
        """The outcome the wrap-up starts on; the agent can still choose another."""
        return "complaint" if self.complaint_ids else "answered"

    def saved(self, now: DateTime) -> CallSession:
        return CallSession(
            phase="after_call",
            saved_call_id=self.call_id,
            saved_reason_code=self.reason_code,
            after_call_since=self.hung_up_at or now,
            saved_call_ref=self.call_ref,
        )

    def ready(self) -> CallSession:
        """A break or a reset begins: after-call work ends there, and after the break the
        agent is ready for the next call. A call in progress is never ended this way."""
        if self.phase == "in_call":
            raise ValueError("desk.no_break_in_call")
        return CallSession()

    def corrected(self, code: str) -> CallSession:
        return replace(self, saved_reason_code=code)

    def timer_start(self) -> DateTime | None:
        """What the header's timer counts from: ring time, then talk time (from the real
        answer when the softphone said so), then after-call time (from the real hangup)."""
        if self.phase != "in_call":
            return self.after_call_since
        if self.hung_up_at is not None:
            return self.hung_up_at
        return self.answered_at or self.started_at

    def timer_seconds(self, now: DateTime) -> float | None:
        """The header's timer: talk time (stopped at a known end) or after-call time."""
        since = self.timer_start()
        if since is None:
            return None
        stops = self.phase == "in_call" and self.ended_at and self.hung_up_at is None
        until = self.ended_at if stops and self.ended_at else now
        return max(0.0, (until - since).total_seconds())
