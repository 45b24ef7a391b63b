"""The call in hand as it is kept on disk from F2 until it is wrapped up or discarded.

The desk writes it on every change, so a crash, a kill or a closed terminal gives the
call back on the next start with everything the agent had chosen: the caller, the
reason and the phrase blanks filled in. Complaints opened on it need no keeping here:
they reference the call's start in the database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pendulum import DateTime

from tui.domain.call_session import CallSession

DiscardReason = Literal["no_customer", "duplicate", "test", "other"]
DISCARD_REASONS: tuple[DiscardReason, ...] = ("no_customer", "duplicate", "test", "other")


def as_discard_reason(value: str) -> DiscardReason:
    for reason in DISCARD_REASONS:
        if reason == value:
            return reason
    raise ValueError(f"unknown discard reason {value!r}")


SEEN_EVERY_S = 30
"""How often the desk notes that it still holds the call: a call the desk died holding
ended at most this long after its last note."""


class HeldCallUnreadable(ValueError):
    """The kept state is not what this program writes; the call's start still stands."""


@dataclass(frozen=True)
class HeldCall:
    call_id: str
    started_at: DateTime
    caller: str = ""
    reason_code: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    """Phrase blanks the agent filled in on this call ({customer}, {order}, ...)."""
    note: str = ""
    """The wrap-up note as far as the agent has typed it."""
    seen_at: DateTime | None = None
    """The last moment the desk was known to hold it; None while it still does."""
    call_ref: str = ""
    """What the softphone said of it (kept as signals beside the call, read back with it)."""
    queue: str = ""
    rang_at: DateTime | None = None
    answered_at: DateTime | None = None
    hung_up_at: DateTime | None = None

    def session(self) -> CallSession:
        """The call back in hand, talk timer running from its real start."""
        session = CallSession().start(self.call_id, self.started_at)
        session = session.with_caller(self.caller)
        if self.rang_at is not None or self.call_ref:
            session = session.from_ring(
                self.call_ref, self.queue, self.rang_at or self.started_at, self.answered_at
            )
        elif self.answered_at is not None:
            session = session.answered(self.answered_at)
        if self.hung_up_at is not None:
            session = session.hung_up(self.hung_up_at)
        if self.reason_code:
            session = session.with_reason(self.reason_code)
        return session


def held_from(session: CallSession, values: Mapping[str, str], note: str = "") -> HeldCall:
    if not session.in_call or session.call_id is None or session.started_at is None:
        raise ValueError("only a call in progress is held")
    return HeldCall(
        call_id=session.call_id,
        started_at=session.started_at,
        caller=session.caller,
        reason_code=session.reason_code,
        values=dict(values),
        note=note,
    )


def state_text(held: HeldCall) -> str:
    """What is stored: the choices, not the start (that is its own immutable row)."""
    state = {
        "caller": held.caller,
        "reason_code": held.reason_code,
        "values": dict(held.values),
        "note": held.note,
    }
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def read_state(
    call_id: str, started_at: DateTime, text: str, seen_at: DateTime | None = None
) -> HeldCall:
    """The stored state back; HeldCallUnreadable names what is wrong with it."""
    try:
        state = json.loads(text)
    except ValueError as exc:
        raise HeldCallUnreadable(f"not JSON: {exc}") from None
    if not isinstance(state, dict):
        raise HeldCallUnreadable("not an object")
    caller = state.get("caller", "")
    reason = state.get("reason_code")
    values = state.get("values", {})
    note = state.get("note", "")  # a state written before notes were kept has none
    if not isinstance(caller, str) or not (reason is None or isinstance(reason, str)):
        raise HeldCallUnreadable("caller or reason is not text")
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in values.items()
    ):
        raise HeldCallUnreadable("phrase values are not text")
    if not isinstance(note, str):
        raise HeldCallUnreadable("note is not text")
    return HeldCall(
        call_id=call_id,
        started_at=started_at,
        caller=caller,
        reason_code=reason or None,
        values=values,
        note=note,
        seen_at=seen_at,
    )
