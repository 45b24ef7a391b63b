"""The shift lead's board, worked out: queue rows from central's read model, the filter a
lead types, the floor's states and how long each has lasted, break limits, freshness.

Everything that does not move with the clock is computed once per complaint and kept
until its chain grows (`BoardQueue`, keyed by the head's seq), so a refresh of ten
thousand complaints mostly looks rows up, and a tick only compares timestamps.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from pendulum import DateTime

from tui.domain.complaint_queue import QueueItem, RowState, items_for
from tui.domain.complaints import ComplaintFacts, mask_name
from tui.domain.phone import mask, mask_digit_runs
from tui.domain.register import ComplaintState, FollowUp, read_instant

if TYPE_CHECKING:
    from tui.domain.deadline_rules import RuleSet

STALE_AFTER = timedelta(minutes=5)
"""A workstation (or an agent's state) not heard from for longer is shown as stale: the
desk pushes at least once a minute, so five missed pushes mean something is wrong."""

# The queue, most urgent first: what is late, then what is about to be, then by deadline.
URGENCY: dict[RowState, int] = {
    "overdue": 0,
    "followup-due": 0,
    "due-soon": 1,
    "on-track": 2,
    "followup": 2,
    "paused": 3,
    "replied": 4,
}


@dataclass(frozen=True)
class BoardRecord:
    """One `board_complaints` row as read from central."""

    complaint_id: str
    station: str
    opened_at: str
    owner: str
    status: str
    class_code: str
    department: str
    promised_at: str | None
    promise_made_at: str
    remaining_s: int | None
    escalated: bool
    followups: str
    seq: int


@dataclass(frozen=True)
class Facts:
    """What the board shows of a complaint's facts (never changed once opened)."""

    reference: str
    customer_name: str
    contact: str
    what_happened: str


@dataclass(frozen=True, slots=True)
class BoardItem:
    """A queue row on the board: the desk's row, and whose it is."""

    row: QueueItem
    owner: str
    station: str
    reference: str
    customer: str
    """As shown: masked, unless the board was opened with --unmask."""
    contact: str

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def complaint_id(self) -> str:
        return self.row.complaint_id


def _state_of(record: BoardRecord) -> ComplaintState:
    # The desk's row builder reads a derived state; the read model holds exactly the
    # parts of it a row uses, so the board's rows are the desk's rows.
    opened = read_instant(record.opened_at)
    promised = read_instant(record.promised_at) if record.promised_at else None
    followups = tuple(
        FollowUp(str(event_id), read_instant(str(due)), "", "")
        for event_id, due in json.loads(record.followups)
    )
    return ComplaintState(
        complaint_id=record.complaint_id,
        status=record.status,  # type: ignore[arg-type]
        owner=record.owner,
        opened_by=record.owner,
        opened_at=opened,
        class_code=record.class_code,
        rule_revision=0,
        escalated=record.escalated,
        department=record.department,
        original_promised_at=promised or opened,
        promised_at=promised,
        promise_made_at=read_instant(record.promise_made_at),
        remaining_s=record.remaining_s,
        extensions=0,
        replied_at=None,
        closed_at=None,
        followups_due=followups,
        last_contact=None,
        last_event_at=opened,
        events=record.seq,
    )


def _facts_of(record: BoardRecord, facts: Facts) -> ComplaintFacts:
    return ComplaintFacts(
        id=record.complaint_id,
        call_id=None,
        opened_at=record.opened_at,
        opened_by=record.owner,
        customer_name=facts.customer_name,
        contact=facts.contact,
        reference=facts.reference,
        class_code=record.class_code,
        department=record.department,
        what_happened=facts.what_happened,
        remedy_requested="",
    )


def board_items(
    record: BoardRecord, facts: Facts, rules: RuleSet | None, *, zone: str, unmask: bool
) -> list[BoardItem]:
    rows = items_for(_facts_of(record, facts), _state_of(record), rules, zone=zone)
    customer = facts.customer_name if unmask else mask_name(facts.customer_name)
    contact = facts.contact if unmask else mask(facts.contact)
    return [
        BoardItem(
            row=row,
            owner=record.owner,
            station=record.station,
            reference=facts.reference if unmask else mask_digit_runs(facts.reference),
            customer=customer,
            contact=contact,
        )
        for row in rows
    ]


def board_order(item: BoardItem, now_ts: float) -> tuple[int, float, str]:
    row = item.row
    return (URGENCY[row.state(now_ts)], row.due_ts, row.key)


@dataclass
class BoardQueue:
    """The board's rows, each complaint's worked out again only when its chain grew.

    Works as a diff: `update` says which rows went and which came since the last one,
    so the board re-places a few rows instead of taking ten thousand again."""

    rules: RuleSet | None
    zone: str
    unmask: bool
    _cache: dict[str, tuple[int, list[BoardItem]]] = field(default_factory=dict)
    _records: dict[str, BoardRecord] = field(default_factory=dict)
    heads: set[tuple[str, int]] = field(default_factory=set)
    """(complaint id, head seq) of every complaint whose rows are held."""

    def items(self) -> list[BoardItem]:
        """Every row held (in no particular order)."""
        return [item for _, rows in self._cache.values() for item in rows]

    def update(
        self,
        heads: set[tuple[str, int]],
        changed: Mapping[str, BoardRecord],
        facts: Mapping[str, Facts],
    ) -> tuple[list[str], list[BoardItem]]:
        """Hold the rows of the complaints `heads` names (id, head seq); `changed` holds
        the records of those not worked out at that seq yet. The keys of the rows that
        went (or were replaced) and the rows that came, worked out again."""
        cache = self._cache
        came = heads - self.heads
        moved = {cid for cid, _ in came}
        removed: list[str] = []
        added: list[BoardItem] = []
        for pair in self.heads - heads:
            if pair[0] not in moved:  # closed, or gone from the board
                self.heads.discard(pair)
                self._records.pop(pair[0], None)
                removed.extend(item.key for item in cache.pop(pair[0])[1])
        for cid in moved:
            held = cache.pop(cid, None)
            if held is not None:
                self.heads.discard((cid, held[0]))
                removed.extend(item.key for item in held[1])
            record = changed.get(cid)
            if record is None:
                continue  # moved on between the two reads: the next refresh has it
            before = self._records.get(cid)
            if held is not None and before is not None and same_rows(before, record):
                # A note, a contact, a reassignment: the promise and the row stand; only
                # whose it is may have changed (the deadline arithmetic is the cost).
                rows = [
                    replace(item, owner=record.owner, station=record.station) for item in held[1]
                ]
            else:
                found = facts.get(cid) or Facts("", "", "", "")
                rows = board_items(record, found, self.rules, zone=self.zone, unmask=self.unmask)
            self._records[cid] = record
            cache[cid] = (record.seq, rows)
            self.heads.add((cid, record.seq))
            added.extend(rows)
        return removed, added

    def forget(self) -> None:
        """New deadline rules: every row is worked out again at the next update."""
        self._cache = {}
        self._records = {}
        self.heads = set()


def same_rows(before: BoardRecord, after: BoardRecord) -> bool:
    """Whether `after` gives the rows `before` gave but for their owner and station."""
    return replace(before, owner=after.owner, station=after.station, seq=after.seq) == after


# ---------------------------------------------------------------- the lead's filter

FilterField = Literal["agent", "team", "class", "dept", "state"]
# What a lead may type before the colon, in each language.
FILTER_WORDS: dict[str, FilterField] = {
    "agent": "agent",
    "坐席": "agent",
    "상담원": "agent",
    "team": "team",
    "班组": "team",
    "팀": "team",
    "class": "class",
    "类别": "class",
    "유형": "class",
    "dept": "dept",
    "部门": "dept",
    "부서": "dept",
    "state": "state",
    "状态": "state",
    "상태": "state",
}


@dataclass(frozen=True)
class BoardFilter:
    """`agent:Lin state:overdue PO-1`: each field a word the row's field must contain,
    the rest words its reference must contain (case and width folded)."""

    fields: tuple[tuple[FilterField, str], ...] = ()
    reference: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    """Words before a colon that name no field: said to the lead, not silently ignored."""

    @property
    def empty(self) -> bool:
        return not self.fields and not self.reference


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def parse_filter(text: str) -> BoardFilter:
    fields: list[tuple[FilterField, str]] = []
    reference: list[str] = []
    unknown: list[str] = []
    for word in fold(text).replace("：", ":").split():
        name, colon, value = word.partition(":")
        if not colon:
            reference.append(word)
        elif name in FILTER_WORDS:
            if value:
                fields.append((FILTER_WORDS[name], value))
        else:
            unknown.append(name)
    return BoardFilter(tuple(fields), tuple(reference), tuple(unknown))


def matches(
    item: BoardItem,
    wanted: BoardFilter,
    now_ts: float,
    *,
    team: str,
    class_label: str,
    state_word: str,
) -> bool:
    row = item.row
    for name, value in wanted.fields:
        if name == "agent":
            seen = item.owner
        elif name == "team":
            seen = team
        elif name == "class":
            seen = f"{row.class_code} {class_label}"
        elif name == "dept":
            seen = row.department
        else:
            seen = f"{row.state(now_ts)} {state_word}"
        if value not in fold(seen):
            return False
    reference = fold(item.reference)
    return all(word in reference for word in wanted.reference)


# ---------------------------------------------------------------- the floor

FloorState = Literal["ready", "on_call", "after_call", "on_break", "signed_out", "not_synced"]
FLOOR_STATES: tuple[FloorState, ...] = (
    "ready",
    "on_call",
    "after_call",
    "on_break",
    "signed_out",
    "not_synced",
)
BreakLevel = Literal["ok", "amber", "red"]

# How long each break may run before the floor shows it amber. The published break
# policy sets the reset's length (`reset_minutes`); it names no limit for the other
# codes, so these are the shipped ones.
BREAK_LIMITS_MIN: dict[str, float] = {
    "rest": 15,
    "meal": 60,
    "training": 60,
    "coaching": 30,
    "technical": 15,
    "reset": 2,
}
RED_AFTER = 1.5
"""A break past this many times its limit turns red."""


def break_limits(reset_minutes: float) -> dict[str, float]:
    return {**BREAK_LIMITS_MIN, "reset": reset_minutes}


@dataclass(frozen=True)
class AgentRow:
    """One agent on the floor, as central holds it."""

    agent: str
    station: str
    state: str
    since: DateTime
    break_code: str | None
    reported_at: DateTime
    calls: int = 0
    abusive: int = 0
    upset: int = 0
    resets_offered: int = 0
    resets_taken: int = 0
    since_ts: float = field(init=False)
    reported_ts: float = field(init=False)

    def __post_init__(self) -> None:
        # The floor repaints every second: compared as plain numbers, not DateTimes.
        object.__setattr__(self, "since_ts", self.since.timestamp())
        object.__setattr__(self, "reported_ts", self.reported_at.timestamp())

    def floor_state(self, now_ts: float) -> FloorState:
        if self.state != "signed_out" and now_ts - self.reported_ts > STALE_S:
            return "not_synced"
        return self.state  # type: ignore[return-value]

    def in_state_s(self, now_ts: float) -> float:
        return max(0.0, now_ts - self.since_ts)

    def break_level(self, now_ts: float, limits: Mapping[str, float]) -> BreakLevel:
        if self.state != "on_break" or self.break_code is None:
            return "ok"
        limit = limits.get(self.break_code)
        if limit is None:
            return "ok"
        minutes = self.in_state_s(now_ts) / 60
        if minutes > limit * RED_AFTER:
            return "red"
        return "amber" if minutes > limit else "ok"


STALE_S = STALE_AFTER.total_seconds()


def is_stale(last_ts: float | None, now_ts: float) -> bool:
    return last_ts is None or now_ts - last_ts > STALE_S


def elapsed(seconds: float) -> str:
    """`4:05`, `1:02:03`: how long a state has lasted."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def counters(items: Sequence[BoardItem], now_ts: float) -> dict[RowState, int]:
    found: dict[RowState, int] = {}
    for item in items:
        state = item.row.state(now_ts)
        found[state] = found.get(state, 0) + 1
    return found
