"""Every chain in the central store checked, as `agentdesk verify` checks a workstation's:
each event against its hash and the one before it, each complaint's facts against its
opening. Central also keeps each complaint's head, so unlike a workstation it can see a
chain cut short at its end: a head that is not the chain's last event is a finding.

Read a slice of complaints at a time, so memory stays flat on a store of millions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tui.central.connection import Central
from tui.domain.complaints import FACT_COLUMNS
from tui.domain.register import REASONS, Event, Problem, verify_chain
from tui.sync import central_register as reg

SLICE = 1000


@dataclass(frozen=True)
class CentralVerifyResult:
    complaints: int
    events: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _slices(central: Central) -> Iterator[list[str]]:
    # Keyset pages over the union of both tables' ids: an event whose complaint row is
    # gone, or a row whose events are, is still read and reported.
    after = ""
    while True:
        rows = central.fetchall(
            "SELECT id FROM (SELECT id FROM complaints UNION"
            " SELECT complaint_id FROM complaint_events UNION"
            " SELECT complaint_id FROM complaint_heads) ids"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (after, SLICE),
        )
        if not rows:
            return
        ids = [str(row[0]) for row in rows]
        yield ids
        after = ids[-1]


def _heads(
    ids: Sequence[str], chains: dict[str, list[Event]], heads: dict[str, reg.Head]
) -> list[Problem]:
    problems = []
    for cid in ids:
        chain, head = chains.get(cid, []), heads.get(cid)
        last = chain[-1] if chain else None
        if last is None and head is None:
            continue
        if head is None or last is None or reg.Head.of(last) != head:
            named = last if last is not None else None
            problems.append(
                Problem(
                    cid,
                    head.event_id if head is not None else (named.id if named else None),
                    named.kind if named else None,
                    named.at if named else None,
                    "head_mismatch",
                )
            )
    return problems


def verify_central(central: Central) -> CentralVerifyResult:
    complaints = events = 0
    problems: list[Problem] = []
    for ids in _slices(central):
        marks = reg.marks(len(ids))
        facts = {
            str(row[0]): dict(zip(FACT_COLUMNS, row, strict=True))
            for row in central.fetchall(
                f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints WHERE id IN ({marks})", ids
            )
        }
        chains = reg.chains(central, ids)
        flat = [event for cid in ids for event in chains[cid]]
        complaints += len(facts)
        events += len(flat)
        problems.extend(verify_chain(facts, flat))
        problems.extend(_heads(ids, chains, reg.complaint_heads(central, ids)))
    rank = {reason: i for i, reason in enumerate((*REASONS, "head_mismatch"))}
    problems.sort(key=lambda p: (rank[p.reason], str(p.complaint_id), str(p.event_id)))
    return CentralVerifyResult(complaints, events, tuple(problems))
