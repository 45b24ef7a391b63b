"""How central judges one complaint's chain as a station sends it: pure rules, no store.

What a station sends must still hold what central knows it held (its head in
`station_heads`): a chain that no longer does was rewritten, cut short or deleted on the
workstation, and is refused whole. After that point, each event the station added is
taken in order:

- central holds it already, identically: skipped;
- it extends central's head (seq = head + 1, prev_hash = head hash): appended as is;
- its place was taken by an event central accepted from elsewhere first (a lead's
  reassignment while the owner was offline): re-chained after central's head, same id,
  kind, actor, time and payload, new seq, prev_hash and hash. Order is the seq central
  assigns, never `at`: a station clock hours off reorders nothing.

A station that pulled central's copies since holds its rebased events at their new
places; the rebase central recorded is what lets that chain through, never anything the
station says about itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tui.domain.register import Event, Problem, chain_hash
from tui.sync.central_register import Head

PROBLEMS: tuple[str, ...] = ("altered", "resealed", "truncated", "deleted", "forked")
"""altered: the station's chain fails its own check (detail: the verify reason);
resealed: a self-consistent chain, but an event central knows this station held
differs; truncated: events central knows it held are gone; deleted: the whole complaint
is gone; forked: an event that claims a place or an id central holds otherwise."""


@dataclass(frozen=True)
class Rebase:
    event_id: str
    complaint_id: str
    old_seq: int
    old_hash: str
    new_seq: int
    new_hash: str


@dataclass(frozen=True)
class Finding:
    complaint_id: str
    event_id: str
    seq: int
    problem: str
    detail: str


@dataclass
class Verdict:
    complaint_id: str
    findings: list[Finding] = field(default_factory=list)
    appended: list[Event] = field(default_factory=list)
    rebases: list[Rebase] = field(default_factory=list)
    # What the station holds once this push is through: its own last event.
    station_head: Head | None = None

    @property
    def refused(self) -> bool:
        return bool(self.findings)


def altered(complaint_id: str, problems: Sequence[Problem], events: Sequence[Event]) -> Verdict:
    """The station's chain failed `verify_chain`: named by its first (surest) problem."""
    first = problems[0]
    seq = next((e.seq for e in events if e.id == first.event_id), 0)
    event_id = first.event_id or (events[-1].id if events else "")
    return Verdict(complaint_id, [Finding(complaint_id, event_id, seq, "altered", first.reason)])


def deleted(complaint_id: str, held: Head) -> Verdict:
    detail = f"central knows this station held {held.seq} entries; it holds none"
    return Verdict(
        complaint_id, [Finding(complaint_id, held.event_id, held.seq, "deleted", detail)]
    )


def rebased(event: Event, head: Head) -> Event:
    seq = head.seq + 1
    digest = chain_hash(
        event_id=event.id,
        complaint_id=event.complaint_id,
        seq=seq,
        kind=event.kind,
        actor=event.actor,
        at=event.at,
        payload=event.payload,
        prev_hash=head.hash,
    )
    return Event(
        event.id,
        event.complaint_id,
        seq,
        event.kind,
        event.actor,
        event.at,
        event.payload,
        head.hash,
        digest,
    )


def _aligned(local: Sequence[Event], held: Head, rebases: Mapping[str, Rebase]) -> int | None:
    """How many of the station's events central has already judged, or None when the
    station no longer holds what central knows it held."""
    if len(local) >= held.seq and local[held.seq - 1].hash == held.hash:
        return held.seq
    moved = rebases.get(held.event_id)
    if (
        moved is not None
        and moved.old_hash == held.hash
        and len(local) >= moved.new_seq
        and local[moved.new_seq - 1].hash == moved.new_hash
    ):
        return moved.new_seq
    return None


def _diagnose(
    complaint_id: str,
    local: Sequence[Event],
    held: Head,
    central: Sequence[Event],
    rebases: Mapping[str, Rebase],
) -> list[Finding]:
    known = {e.id: e.hash for e in central}
    findings: list[Finding] = []
    for event in local:
        if event.id not in known:
            continue
        moved = rebases.get(event.id)
        if event.hash != known[event.id] and (moved is None or event.hash != moved.old_hash):
            detail = f"central holds hash {known[event.id][:16]}, the station {event.hash[:16]}"
            findings.append(Finding(complaint_id, event.id, event.seq, "resealed", detail))
            break
    if all(event.id != held.event_id for event in local):
        detail = f"central knows this station held {held.seq} entries; it holds {len(local)}"
        findings.append(Finding(complaint_id, held.event_id, held.seq, "truncated", detail))
    if not findings:
        detail = f"entry {held.seq} is no longer the one central knows this station held"
        findings.append(Finding(complaint_id, held.event_id, held.seq, "resealed", detail))
    return findings


def judge(
    local: Sequence[Event],
    held: Head | None,
    central: Sequence[Event],
    rebases: Mapping[str, Rebase],
) -> Verdict:
    """Central's verdict on a station's (self-consistent, non-empty) chain of one
    complaint. `central` is central's chain, `rebases` those made of this station's
    events of this complaint, by event id."""
    complaint_id = local[0].complaint_id
    verdict = Verdict(complaint_id)
    start = 0
    if held is not None:
        found = _aligned(local, held, rebases)
        if found is None:
            verdict.findings = _diagnose(complaint_id, local, held, central, rebases)
            return verdict
        start = found
    known = {e.id: e for e in central}
    head = Head.of(central[-1]) if central else None
    for event in local[start:]:
        there = known.get(event.id)
        if there is not None:
            moved = rebases.get(event.id)
            if (there.seq, there.hash) == (event.seq, event.hash) or (
                moved is not None and (moved.old_seq, moved.old_hash) == (event.seq, event.hash)
            ):
                continue
            detail = f"central holds this event as entry {there.seq} with other content"
            verdict.findings = [Finding(complaint_id, event.id, event.seq, "forked", detail)]
            return verdict
        if head is None or (event.seq == head.seq + 1 and event.prev_hash == head.hash):
            if (head is None) != (event.seq == 1):
                detail = "an opening for a complaint central already holds, or none"
                verdict.findings = [Finding(complaint_id, event.id, event.seq, "forked", detail)]
                return verdict
            placed = event
        elif event.seq == 1:
            detail = "another opening of a complaint central already holds"
            verdict.findings = [Finding(complaint_id, event.id, event.seq, "forked", detail)]
            return verdict
        else:
            placed = rebased(event, head)
            verdict.rebases.append(
                Rebase(event.id, complaint_id, event.seq, event.hash, placed.seq, placed.hash)
            )
        verdict.appended.append(placed)
        head = Head.of(placed)
    verdict.station_head = Head.of(local[-1])
    return verdict
