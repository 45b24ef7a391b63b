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
    after the desk was closed): the wrap-up records this end and talk time stops here."""

    @property
    def in_call(self) -> bool:
        return self.phase == "in_call"

    def start(self, call_id: str, now: DateTime) -> CallSession:
        if self.phase == "in_call":
            raise ValueError("desk.call_in_progress")
        return CallSession(phase="in_call", call_id=call_id, started_at=now)

    def with_caller(self, caller: str) -> CallSession:
        return replace(self, caller=caller)

    def with_reason(self, code: str) -> CallSession:
        return replace(self, reason_code=code)

    def ended(self, at: DateTime) -> CallSession:
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
            after_call_since=now,
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
        """What the header's timer counts from: talk time in a call, after-call time after."""
        return self.started_at if self.phase == "in_call" else self.after_call_since

    def timer_seconds(self, now: DateTime) -> float | None:
        """The header's timer: talk time (stopped at a known end) or after-call time."""
        since = self.timer_start()
        if since is None:
            return None
        until = self.ended_at if self.phase == "in_call" and self.ended_at else now
        return max(0.0, (until - since).total_seconds())
