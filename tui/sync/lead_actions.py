"""What a shift lead does to a complaint at central (the lead board calls these; so does
`agentdesk reassign`): a sealed event appended at central's head, checked by the same
register rules as on the desk. The owner's station gets it at its next pull; events its
agent added meanwhile are re-chained after it at their push, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from pendulum import DateTime

from tui.central.connection import Central
from tui.domain.ids import uuid7
from tui.domain.register import Event, RegisterRefused, check_event, derive, seal
from tui.sync import central_register as reg


def find_complaint(central: Central, id_or_reference: str) -> str | None:
    """A complaint id, given its id or its reference (the customer's order number and
    the like); None when none matches, or the reference names more than one."""
    row = central.fetchone("SELECT id FROM complaints WHERE id = ?", (id_or_reference,))
    if row is not None:
        return str(row[0])
    rows = central.fetchall(
        "SELECT id FROM complaints WHERE reference = ? AND reference <> ''", (id_or_reference,)
    )
    return str(rows[0][0]) if len(rows) == 1 else None


def append_at_central(
    central: Central,
    complaint_id: str,
    kind: str,
    payload: Mapping[str, object],
    by: str,
    now: DateTime,
) -> Event:
    """Seal `kind` onto the complaint's chain at central's head, in one transaction.

    The event carries central's time, even when a station's clock put earlier events
    after it: order is the seq central assigns, so the rule that an event may not come
    before the previous one is judged against the later of the two.

    Raises RegisterRefused with the i18n key of why not.
    """
    with central.transaction():
        reg.lock_register(central, [complaint_id])
        chain = reg.chains(central, [complaint_id])[complaint_id]
        if not chain:
            raise RegisterRefused("complaint.unknown")
        state = derive(chain)
        clean = check_event(state, kind, payload, by, max(now, state.last_event_at))
        last = chain[-1]
        event = seal(
            event_id=uuid7(now),
            complaint_id=complaint_id,
            seq=last.seq + 1,
            kind=kind,
            actor=by,
            at=now,
            payload=clean,
            prev_hash=last.hash,
        )
        reg.append(central, [event], reg.owners(central, [complaint_id]))
    return event


def reassign(
    central: Central, complaint_id: str, to_agent: str, by: str, reason: str, now: DateTime
) -> Event:
    """Give the complaint to `to_agent`: it goes to their station at its next pull."""
    return append_at_central(
        central, complaint_id, "reassigned", {"to": to_agent, "reason": reason}, by, now
    )


def escalate(
    central: Central, complaint_id: str, by: str, reason: str, now: DateTime, to: str = ""
) -> Event:
    return append_at_central(
        central, complaint_id, "escalated", {"reason": reason, "to": to}, by, now
    )
