"""The complaint register: an append-only, hash-chained history of events per complaint,
the rules for what may be appended, and the state derived from what was recorded.

Nothing here keeps a mutable counter: the current promise, the owner and the status are
always recomputed from the events by `derive`, so what the register shows is exactly what
was written into it.

Promises are data. The caller computes every instant (with the deadline rules in force
at the time) and records it in the event that made the promise: `opened` (promised_at,
rule_revision, class_code), `extended` (the new promised_at), `resumed` (promised_at
recomputed from the business time left when the clock was paused). A later change of
rules therefore never moves a promise already given.

Extension rule: a promise may be extended only with a reason and a recorded contact with
the customer after the current promise was made, that is after the `opened` or latest
`extended` event (resuming continues the same promise, it does not make a new one). The
contact may be an earlier `contacted` event or a `contact` object ({"note", "number"?})
inside the extension itself, which then counts as the contact.

Roles are not the register's business: `reassigned` is meant for shift leads, and the
caller checks who may do it before appending.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, cast, get_args

import pendulum
from pendulum import DateTime

from tui.domain import phone
from tui.domain.clock import from_iso, to_iso
from tui.domain.complaints import FACT_COLUMNS, ComplaintFacts

EventKind = Literal[
    "opened",
    "note",
    "forwarded",
    "contacted",
    "extended",
    "paused",
    "resumed",
    "escalated",
    "replied",
    "followup_scheduled",
    "followup_done",
    "closed",
    "reassigned",
]
KINDS: tuple[EventKind, ...] = get_args(EventKind)
Status = Literal["open", "paused", "replied", "closed"]

GENESIS = "0" * 64
# Free text in an event (notes, reasons, summaries): same ceiling as what_happened.
TEXT_LIMIT = 4000
# A reason code is a dotted identifier from the reference data, never free text.
REASON_CODE_LIMIT = 64

# Which payload keys each kind accepts; anything else is refused so the register holds
# only what its readers understand.
PAYLOAD_KEYS: dict[str, frozenset[str]] = {
    "note": frozenset({"text"}),
    "forwarded": frozenset({"department", "note"}),
    "contacted": frozenset({"note", "number"}),
    "extended": frozenset({"reason", "promised_at", "contact", "rule_revision"}),
    "paused": frozenset({"reason", "remaining_s"}),
    "resumed": frozenset({"promised_at", "note"}),
    "escalated": frozenset({"reason", "to"}),
    "replied": frozenset({"summary"}),
    "followup_scheduled": frozenset({"due_at", "note"}),
    "followup_done": frozenset({"followup", "note", "satisfied"}),
    "closed": frozenset({"resolution"}),
    "reassigned": frozenset({"to", "reason"}),
}


class RegisterRefused(ValueError):
    """An event the register will not take; `key` is the i18n key saying why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class RegisterCorrupt(ValueError):
    """Recorded events that cannot be read as a complaint's history (see `verify_chain`)."""


def read_instant(text: str) -> DateTime:
    """A stored UTC ISO time as a DateTime, like `clock.from_iso` but several times faster
    for the stored form, which matters when the lead's queue derives 10,000 complaints."""
    parsed = datetime.fromisoformat(text)
    offset = parsed.utcoffset()
    if offset is None:
        raise ValueError(f"{text!r} has no UTC offset")
    if offset:
        return from_iso(text)
    return DateTime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        tzinfo=pendulum.UTC,
    )


def canonical_json(value: object) -> str:
    """The one serialisation hashed and stored: sorted keys, compact, UTF-8 kept as is."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def chain_hash(
    *,
    event_id: str,
    complaint_id: str,
    seq: int,
    kind: str,
    actor: str,
    at: str,
    payload: str,
    prev_hash: str,
) -> str:
    """sha256 over every stored field of the event but the hash itself.

    The payload enters as its stored text, so even a change that keeps the JSON's meaning
    is caught; the event id is included so a row cannot be renamed unnoticed either.
    """
    body = canonical_json(
        {
            "actor": actor,
            "at": at,
            "complaint_id": complaint_id,
            "id": event_id,
            "kind": kind,
            "payload": payload,
            "prev_hash": prev_hash,
            "seq": seq,
        }
    )
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Event:
    """One row of the register, exactly as stored (times and payload as text)."""

    id: str
    complaint_id: str
    seq: int
    kind: str
    actor: str
    at: str
    payload: str
    prev_hash: str
    hash: str

    @property
    def data(self) -> dict[str, Any]:
        value = json.loads(self.payload)
        if not isinstance(value, dict):
            raise RegisterCorrupt(f"event {self.id}: payload is not an object")
        return value

    @property
    def when(self) -> DateTime:
        return read_instant(self.at)

    def expected_hash(self) -> str:
        return chain_hash(
            event_id=self.id,
            complaint_id=self.complaint_id,
            seq=self.seq,
            kind=self.kind,
            actor=self.actor,
            at=self.at,
            payload=self.payload,
            prev_hash=self.prev_hash,
        )


def seal(
    *,
    event_id: str,
    complaint_id: str,
    seq: int,
    kind: str,
    actor: str,
    at: DateTime,
    payload: Mapping[str, object],
    prev_hash: str,
) -> Event:
    """A new event chained onto `prev_hash`, its payload in canonical form."""
    text = canonical_json(dict(payload))
    at_text = to_iso(at)
    digest = chain_hash(
        event_id=event_id,
        complaint_id=complaint_id,
        seq=seq,
        kind=kind,
        actor=actor,
        at=at_text,
        payload=text,
        prev_hash=prev_hash,
    )
    return Event(event_id, complaint_id, seq, kind, actor, at_text, text, prev_hash, digest)


# ---------------------------------------------------------------- derived state


@dataclass(frozen=True)
class Contact:
    """The latest recorded conversation with the customer."""

    at: DateTime
    actor: str
    note: str
    event_id: str


@dataclass(frozen=True)
class FollowUp:
    """A follow-up call (回访) scheduled and not yet done."""

    event_id: str
    due_at: DateTime
    note: str
    scheduled_by: str


@dataclass(frozen=True)
class ComplaintState:
    """Where a complaint stands, computed from its events alone."""

    complaint_id: str
    status: Status
    owner: str
    opened_by: str
    opened_at: DateTime
    class_code: str
    rule_revision: int | str
    escalated: bool
    department: str
    original_promised_at: DateTime
    # None while paused: the clock is stopped, and `remaining_s` holds what is left.
    promised_at: DateTime | None
    # When the current promise was given to the customer (opened or last extended).
    promise_made_at: DateTime
    remaining_s: int | None
    extensions: int
    replied_at: DateTime | None
    closed_at: DateTime | None
    followups_due: tuple[FollowUp, ...]
    last_contact: Contact | None
    last_event_at: DateTime
    events: int
    # The promise in force when the customer was replied to, so `promise_kept` stays true
    # to what happened even if nothing else changes later.
    promise_at_reply: DateTime | None = field(default=None)

    def overdue(self, now: DateTime) -> bool:
        """Open, and the promised reply time has passed."""
        return self.status == "open" and self.promised_at is not None and now > self.promised_at

    @property
    def promise_kept(self) -> bool | None:
        """None until replied; then whether the reply came within the promise."""
        if self.replied_at is None or self.promise_at_reply is None:
            return None
        return self.replied_at <= self.promise_at_reply


def _opened_state(event: Event) -> ComplaintState:
    data = event.data
    facts = data["facts"]
    promised = read_instant(data["promised_at"])
    at = event.when
    return ComplaintState(
        complaint_id=event.complaint_id,
        status="open",
        owner=event.actor,
        opened_by=event.actor,
        opened_at=at,
        class_code=str(data["class_code"]),
        rule_revision=data["rule_revision"],
        escalated=False,
        department=str(facts.get("department") or ""),
        original_promised_at=promised,
        promised_at=promised,
        promise_made_at=at,
        remaining_s=None,
        extensions=0,
        replied_at=None,
        closed_at=None,
        followups_due=(),
        last_contact=None,
        last_event_at=at,
        events=1,
    )


def apply(state: ComplaintState, event: Event) -> ComplaintState:
    """The state after one more (already validated) event."""
    data = event.data
    at = event.when
    s = replace(state, last_event_at=at, events=state.events + 1)
    kind = event.kind
    if kind == "note":
        return s
    if kind == "forwarded":
        return replace(s, department=str(data["department"]))
    if kind == "contacted":
        return replace(s, last_contact=Contact(at, event.actor, str(data["note"]), event.id))
    if kind == "extended":
        contact = data.get("contact")
        last = s.last_contact
        if isinstance(contact, dict):
            last = Contact(at, event.actor, str(contact["note"]), event.id)
        return replace(
            s,
            promised_at=read_instant(data["promised_at"]),
            promise_made_at=at,
            extensions=s.extensions + 1,
            last_contact=last,
        )
    if kind == "paused":
        return replace(s, status="paused", promised_at=None, remaining_s=int(data["remaining_s"]))
    if kind == "resumed":
        return replace(
            s, status="open", promised_at=read_instant(data["promised_at"]), remaining_s=None
        )
    if kind == "escalated":
        return replace(s, escalated=True)
    if kind == "replied":
        return replace(s, status="replied", replied_at=at, promise_at_reply=s.promised_at)
    if kind == "followup_scheduled":
        due = FollowUp(
            event.id, read_instant(data["due_at"]), str(data.get("note", "")), event.actor
        )
        return replace(s, followups_due=tuple(sorted((*s.followups_due, due), key=_due_key)))
    if kind == "followup_done":
        done = data["followup"]
        return replace(s, followups_due=tuple(f for f in s.followups_due if f.event_id != done))
    if kind == "closed":
        return replace(s, status="closed", closed_at=at)
    if kind == "reassigned":
        return replace(s, owner=str(data["to"]))
    raise RegisterCorrupt(f"event {event.id}: unknown kind {kind!r}")


def _due_key(followup: FollowUp) -> DateTime:
    return followup.due_at


def derive(events: Sequence[Event]) -> ComplaintState:
    """The complaint's state from its events, oldest first (by seq)."""
    if not events:
        raise RegisterCorrupt("a complaint has at least its `opened` event")
    first = events[0]
    if first.kind != "opened":
        raise RegisterCorrupt(f"event {first.id}: the first event is {first.kind!r}, not opened")
    try:
        state = _opened_state(first)
        for event in events[1:]:
            state = apply(state, event)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, RegisterCorrupt):
            raise
        raise RegisterCorrupt(f"complaint {first.complaint_id}: unreadable event: {exc}") from exc
    return state


# ---------------------------------------------------------------- what may be appended


def _text(payload: Mapping[str, object], key: str, *, required: str | None = None) -> str:
    value = payload.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RegisterRefused("complaint.bad_payload")
    value = value.strip()
    if not value and required is not None:
        raise RegisterRefused(required)
    if len(value) > TEXT_LIMIT:
        raise RegisterRefused("complaint.text_too_long")
    return value


def instant_text(value: object) -> str:
    """An aware datetime or an ISO-8601 string with an offset, as stored (UTC ISO).

    A time without an offset is refused rather than guessed: a promise read in the wrong
    zone is a promise broken by hours.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise RegisterRefused("complaint.bad_time") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise RegisterRefused("complaint.bad_time")
    return to_iso(pendulum.instance(value))


def _number(payload: Mapping[str, object], key: str) -> str | None:
    value = payload.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RegisterRefused("complaint.bad_payload")
    problem = phone.validate(value)
    if problem is not None:
        raise RegisterRefused(problem)
    return phone.normalise(value)


def opening_payload(
    facts: ComplaintFacts,
    *,
    promised_at: DateTime,
    rule_revision: int | str,
    reason_code: str | None = None,
) -> dict[str, object]:
    """The `opened` event's payload: the facts, the promise given at opening and, for a
    complaint taken on a call with a reason, that reason's code.

    `reason_code` is in the payload only when there is one, so a complaint taken off a
    call reads as every complaint did before the key existed.
    """
    if not facts.opened_by.strip():
        raise RegisterRefused("complaint.actor_required")
    if isinstance(rule_revision, bool) or not isinstance(rule_revision, int | str):
        raise RegisterRefused("complaint.bad_payload")
    promised = instant_text(promised_at)
    if from_iso(promised) < from_iso(facts.opened_at):
        raise RegisterRefused("complaint.promise_in_past")
    payload: dict[str, object] = {
        "facts": facts.as_record(),
        "promised_at": promised,
        "rule_revision": rule_revision,
        "class_code": facts.class_code,
    }
    if reason_code is not None:
        if not isinstance(reason_code, str) or not reason_code.strip():
            raise RegisterRefused("complaint.bad_payload")
        if len(reason_code) > REASON_CODE_LIMIT:
            raise RegisterRefused("complaint.bad_payload")
        payload["reason_code"] = reason_code
    return payload


def check_event(
    state: ComplaintState,
    kind: str,
    payload: Mapping[str, object],
    actor: str,
    at: DateTime,
) -> dict[str, object]:
    """The payload as it will be recorded, or RegisterRefused with the i18n key of why not."""
    if kind == "opened":
        raise RegisterRefused("complaint.already_opened")
    if kind not in PAYLOAD_KEYS:
        raise RegisterRefused("complaint.unknown_kind")
    if state.status == "closed":
        raise RegisterRefused("complaint.closed")
    if not actor.strip():
        raise RegisterRefused("complaint.actor_required")
    if at < state.last_event_at:
        raise RegisterRefused("complaint.event_before_previous")
    if set(payload) - PAYLOAD_KEYS[kind]:
        raise RegisterRefused("complaint.bad_payload")
    return _CHECKS[kind](state, payload, at)


Check = Callable[[ComplaintState, Mapping[str, object], DateTime], dict[str, object]]


def _note(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    return {"text": _text(p, "text", required="complaint.note_required")}


def _forwarded(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    department = _text(p, "department", required="complaint.forward_needs_department")
    return {"department": department, "note": _text(p, "note")}


def _contact_record(p: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {"note": _text(p, "note", required="complaint.contact_needs_note")}
    number = _number(p, "number")
    if number is not None:
        out["number"] = number
    return out


def _contacted(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    return _contact_record(p)


def _extended(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    if state.status != "open" or state.promised_at is None:
        raise RegisterRefused("complaint.extend_not_open")
    reason = _text(p, "reason", required="complaint.extend_needs_reason")
    if "promised_at" not in p:
        raise RegisterRefused("complaint.bad_time")
    promised = instant_text(p["promised_at"])
    if from_iso(promised) <= state.promised_at:
        raise RegisterRefused("complaint.extend_not_later")
    out: dict[str, object] = {"reason": reason, "promised_at": promised}
    contact = p.get("contact")
    if contact is not None:
        if not isinstance(contact, Mapping) or set(contact) - {"note", "number"}:
            raise RegisterRefused("complaint.bad_payload")
        note = contact.get("note")
        if not isinstance(note, str) or not note.strip():
            raise RegisterRefused("complaint.extend_needs_contact")
        out["contact"] = _contact_record(cast(Mapping[str, object], contact))
    else:
        last = state.last_contact
        if last is None or last.at < state.promise_made_at:
            raise RegisterRefused("complaint.extend_needs_contact")
    revision = p.get("rule_revision")
    if revision is not None:
        if isinstance(revision, bool) or not isinstance(revision, int | str):
            raise RegisterRefused("complaint.bad_payload")
        out["rule_revision"] = revision
    return out


def _paused(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    if state.status != "open":
        raise RegisterRefused("complaint.pause_not_open")
    reason = _text(p, "reason", required="complaint.pause_needs_reason")
    remaining = p.get("remaining_s")
    if isinstance(remaining, bool) or not isinstance(remaining, int) or remaining < 0:
        raise RegisterRefused("complaint.pause_bad_remaining")
    return {"reason": reason, "remaining_s": remaining}


def _resumed(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    if state.status != "paused":
        raise RegisterRefused("complaint.resume_not_paused")
    if "promised_at" not in p:
        raise RegisterRefused("complaint.bad_time")
    promised = instant_text(p["promised_at"])
    if from_iso(promised) < at:
        raise RegisterRefused("complaint.resume_bad_promise")
    return {"promised_at": promised, "note": _text(p, "note")}


def _escalated(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    reason = _text(p, "reason", required="complaint.escalate_needs_reason")
    return {"reason": reason, "to": _text(p, "to")}


def _replied(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    if state.status != "open":
        raise RegisterRefused("complaint.reply_not_open")
    return {"summary": _text(p, "summary", required="complaint.reply_needs_summary")}


def _followup_scheduled(
    state: ComplaintState, p: Mapping[str, object], at: DateTime
) -> dict[str, object]:
    if "due_at" not in p:
        raise RegisterRefused("complaint.bad_time")
    due = instant_text(p["due_at"])
    if from_iso(due) < at:
        raise RegisterRefused("complaint.followup_bad_due")
    return {"due_at": due, "note": _text(p, "note")}


def _followup_done(
    state: ComplaintState, p: Mapping[str, object], at: DateTime
) -> dict[str, object]:
    followup = p.get("followup")
    if not any(f.event_id == followup for f in state.followups_due):
        raise RegisterRefused("complaint.followup_unknown")
    satisfied = p.get("satisfied")
    if satisfied is not None and not isinstance(satisfied, bool):
        raise RegisterRefused("complaint.bad_payload")
    return {"followup": followup, "note": _text(p, "note"), "satisfied": satisfied}


def _closed(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    resolution = _text(p, "resolution", required="complaint.close_needs_resolution")
    # A closed complaint takes no more events, so a pending follow-up would be stranded.
    if state.followups_due:
        raise RegisterRefused("complaint.close_followup_pending")
    return {"resolution": resolution}


def _reassigned(state: ComplaintState, p: Mapping[str, object], at: DateTime) -> dict[str, object]:
    to = _text(p, "to", required="complaint.reassign_needs_owner")
    if to == state.owner:
        raise RegisterRefused("complaint.reassign_same_owner")
    return {"to": to, "reason": _text(p, "reason")}


_CHECKS: dict[str, Check] = {
    "note": _note,
    "forwarded": _forwarded,
    "contacted": _contacted,
    "extended": _extended,
    "paused": _paused,
    "resumed": _resumed,
    "escalated": _escalated,
    "replied": _replied,
    "followup_scheduled": _followup_scheduled,
    "followup_done": _followup_done,
    "closed": _closed,
    "reassigned": _reassigned,
}


# ---------------------------------------------------------------- verification

# How sure a finding is that *this* row was altered, most sure first: a hash that no
# longer matches its own row is certain; a broken link may be the mark of a neighbour.
REASONS: tuple[str, ...] = (
    "hash_mismatch",
    "facts_mismatch",
    "orphan_event",
    "missing_opened",
    "seq_gap",
    "broken_link",
)


@dataclass(frozen=True)
class Problem:
    """One place where the register is not what was written."""

    complaint_id: str
    event_id: str | None
    kind: str | None
    at: str | None
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    complaints: int
    events: int
    problems: tuple[Problem, ...]
    # Append-only triggers that should exist and do not: the door tampering came through.
    missing_guards: tuple[str, ...] = ()
    # Triggers present under a guard's name but not defined as the migrations define them
    # (a `WHEN 0`, another table): they answer to the name and stop nothing.
    altered_guards: tuple[str, ...] = ()
    # complaint id → its event hashes in seq order: what a receipt records and is
    # compared with.
    chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.missing_guards and not self.altered_guards

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def _problem(event: Event, reason: str) -> Problem:
    return Problem(event.complaint_id, event.id, event.kind, event.at, reason)


def _facts_differ(event: Event, row: Mapping[str, object]) -> bool:
    try:
        facts = event.data.get("facts")
    except (ValueError, RegisterCorrupt):
        return True
    if not isinstance(facts, dict):
        return True
    return facts != {name: row.get(name) for name in FACT_COLUMNS}


def verify_chain(
    complaints: Mapping[str, Mapping[str, object]], events: Iterable[Event]
) -> tuple[Problem, ...]:
    """Every problem found, the most certain and earliest first.

    `complaints` maps id → the stored complaints row; `events` come in stored order
    (complaint_id, seq). Checks: each event's hash against its own fields, the chain of
    prev_hash and seq per complaint, the first event being `opened`, and the complaints
    row matching the facts copied into that `opened` event.
    """
    problems: list[Problem] = []
    chains: dict[str, list[Event]] = {}
    for event in events:
        chains.setdefault(event.complaint_id, []).append(event)
        if event.hash != event.expected_hash():
            problems.append(_problem(event, "hash_mismatch"))
    for complaint_id, chain in chains.items():
        row = complaints.get(complaint_id)
        if row is None:
            problems.extend(_problem(event, "orphan_event") for event in chain)
            continue
        prev, expected_seq = GENESIS, 1
        for event in chain:
            if event.seq != expected_seq:
                problems.append(_problem(event, "seq_gap"))
            elif event.prev_hash != prev:
                problems.append(_problem(event, "broken_link"))
            prev = event.hash
            expected_seq = event.seq + 1 if isinstance(event.seq, int) else expected_seq + 1
        opened = chain[0]
        if opened.kind != "opened":
            problems.append(_problem(opened, "missing_opened"))
        elif _facts_differ(opened, row):
            problems.append(_problem(opened, "facts_mismatch"))
    for complaint_id in complaints:
        if complaint_id not in chains:
            problems.append(Problem(complaint_id, None, None, None, "missing_opened"))
    rank = {reason: i for i, reason in enumerate(REASONS)}
    problems.sort(
        key=lambda p: (rank[p.reason], str(p.at or ""), str(p.complaint_id), str(p.event_id))
    )
    return tuple(problems)
