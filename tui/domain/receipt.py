"""A register receipt: what a lead keeps so a later `verify --against` can prove nothing
it covered was removed or changed.

The chain links each event to the one before it, so a complaint's head hash vouches for
every event up to it; but nothing inside the register can vouch for its own length. A
receipt records, per complaint, how many events it had and the hash of the last one,
plus one digest over all of that (short enough to write in a ticket or read over the
phone). Later, each complaint must still be there, with at least that many events, and
the event at that count must still have that hash. Complaints and events added since
are fine: the register only grows.

The text is the receipt (stable, plain, versioned):

    agentdesk register receipt v1
    digest 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    complaints 2 events 5
    0196b1e4-...-... 4 1c0f...
    0196b1e5-...-... 1 77aa...

One line per complaint, sorted by id; ids are percent-encoded should one ever hold a
space. The digest is sha256 over the version line and the complaint lines, each ending
in a newline; the totals line is derived and checked against them. Blank lines and lines
starting with `#` are notes for people and are ignored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote

VERSION_LINE = "agentdesk register receipt v1"
_HASH = re.compile(r"[0-9a-f]{64}")
_COUNT = re.compile(r"[1-9][0-9]*")


@dataclass(frozen=True)
class Head:
    """One complaint as the receipt saw it: its event count and the hash of the last."""

    complaint_id: str
    events: int
    head: str

    def line(self) -> str:
        return f"{quote(self.complaint_id, safe='')} {self.events} {self.head}"


@dataclass(frozen=True)
class Receipt:
    heads: tuple[Head, ...]

    @property
    def complaints(self) -> int:
        return len(self.heads)

    @property
    def events(self) -> int:
        return sum(head.events for head in self.heads)

    @property
    def digest(self) -> str:
        body = "".join(f"{line}\n" for line in (VERSION_LINE, *(h.line() for h in self.heads)))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def text(self) -> str:
        lines = [
            VERSION_LINE,
            f"digest {self.digest}",
            f"complaints {self.complaints} events {self.events}",
            *(head.line() for head in self.heads),
        ]
        return "".join(f"{line}\n" for line in lines)


def receipt_of(chains: Mapping[str, Sequence[str]]) -> Receipt:
    """The receipt of a register given as complaint id → its event hashes in seq order.

    A complaint with no events has nothing to vouch for; verification already names it
    (`missing_opened`), so a receipt is only taken of a register that verifies.
    """
    heads = tuple(
        Head(complaint_id, len(hashes), hashes[-1])
        for complaint_id, hashes in sorted(chains.items())
        if hashes
    )
    return Receipt(heads)


ReceiptFault = Literal["header", "line", "digest", "totals", "duplicate", "empty"]


class ReceiptUnreadable(ValueError):
    """A receipt that is not one, or was edited: `fault` says how, `line` where (1-based)."""

    def __init__(self, fault: ReceiptFault, line: int = 0) -> None:
        super().__init__(f"{fault} (line {line})")
        self.fault: ReceiptFault = fault
        self.line = line


def read_receipt(text: str) -> Receipt:
    """The receipt in `text`, or ReceiptUnreadable. An edited line shows as a digest that
    no longer matches, unless whoever edited it also rewrote the digest: which is why the
    lead keeps the digest somewhere the register's writers cannot reach."""
    numbered = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise ReceiptUnreadable("empty")
    if numbered[0][1] != VERSION_LINE:
        raise ReceiptUnreadable("header", numbered[0][0])
    if len(numbered) < 3:
        raise ReceiptUnreadable("line", numbered[-1][0])
    digest_at, digest_line = numbered[1]
    digest = digest_line.split(" ")
    if len(digest) != 2 or digest[0] != "digest" or not _HASH.fullmatch(digest[1]):
        raise ReceiptUnreadable("line", digest_at)
    totals_at, totals_line = numbered[2]
    totals = totals_line.split(" ")
    if (
        len(totals) != 4
        or (totals[0], totals[2]) != ("complaints", "events")
        or not all(part.isdigit() for part in (totals[1], totals[3]))
    ):
        raise ReceiptUnreadable("line", totals_at)
    heads: list[Head] = []
    seen: set[str] = set()
    for number, line in numbered[3:]:
        parts = line.split(" ")
        if len(parts) != 3 or not _COUNT.fullmatch(parts[1]) or not _HASH.fullmatch(parts[2]):
            raise ReceiptUnreadable("line", number)
        complaint_id = unquote(parts[0])
        if complaint_id in seen:
            raise ReceiptUnreadable("duplicate", number)
        seen.add(complaint_id)
        heads.append(Head(complaint_id, int(parts[1]), parts[2]))
    receipt = Receipt(tuple(heads))
    if receipt.digest != digest[1]:
        raise ReceiptUnreadable("digest", digest_at)
    if (receipt.complaints, receipt.events) != (int(totals[1]), int(totals[3])):
        raise ReceiptUnreadable("totals", totals_at)
    return receipt


FindingReason = Literal["complaint_missing", "entries_missing", "head_changed"]


@dataclass(frozen=True)
class ReceiptFinding:
    """Something the receipt covered that is no longer there as it was."""

    complaint_id: str
    reason: FindingReason
    expected_events: int
    found_events: int


def compare(receipt: Receipt, chains: Mapping[str, Sequence[str]]) -> tuple[ReceiptFinding, ...]:
    """Every complaint of the receipt that was removed, shortened or changed, in the
    receipt's order. `chains` is the register now: complaint id → event hashes by seq.

    The event at the receipt's count must carry the receipt's head hash; since each hash
    covers the one before it, that proves every earlier event unchanged too (the chain's
    own consistency is what `verify` checks without a receipt).
    """
    findings: list[ReceiptFinding] = []
    for head in receipt.heads:
        hashes = chains.get(head.complaint_id)
        if hashes is None:
            findings.append(ReceiptFinding(head.complaint_id, "complaint_missing", head.events, 0))
        elif len(hashes) < head.events:
            findings.append(
                ReceiptFinding(head.complaint_id, "entries_missing", head.events, len(hashes))
            )
        elif hashes[head.events - 1] != head.head:
            findings.append(
                ReceiptFinding(head.complaint_id, "head_changed", head.events, len(hashes))
            )
    return tuple(findings)
