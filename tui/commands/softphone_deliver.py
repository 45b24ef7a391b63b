"""Where the events `agentdesk softphone` follows go: the one place the desk link plugs in.

Every deliver function has the follower's shape, `deliver(kind, number, call_ref)`
(tui.services.baresip_follower.Deliver).

`print_events` writes one line per event, `kind<TAB>number<TAB>call_ref`, for a person
watching or a script reading: `--print` uses it. `to_desk` sends each event to the
agent's running desk through its socket, as `agentdesk ring|answer|hangup` do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO, cast

from tui.domain.phone_messages import EventKind, PhoneEvent
from tui.services.baresip_follower import Deliver
from tui.services.phone_client import send_phone_event


def print_events(out: TextIO) -> Deliver:
    def deliver(kind: str, number: str, call_ref: str) -> None:
        # Numbers hold no control characters (tui.domain.baresip_events refuses them), so
        # a tab cannot shift the columns.
        out.write(f"{kind}\t{number}\t{call_ref}\n")
        out.flush()

    return deliver


def to_desk(agent: str, say: Callable[[str], None]) -> Deliver:
    """Each event to the desk at once (the client gives up within a second, so a desk
    that is not there never holds up the next event); what the desk did not take is said,
    one line."""

    def deliver(kind: str, number: str, call_ref: str) -> None:
        if kind not in ("ring", "answer", "hangup"):
            return
        # The wire carries the number on the ring alone: the call reference names the
        # call for its answer and hangup.
        sent = number if kind == "ring" else ""
        reply = send_phone_event(agent, PhoneEvent(cast(EventKind, kind), sent, call_ref))
        if reply.ok:
            return
        why = f"no desk of {agent} is running" if reply.no_desk else reply.error
        say(f"{kind} {number} ({call_ref}): not taken: {why}")

    return deliver
