"""What the board reads from central, on a worker thread: the read model's open
complaints, the facts of those it has not seen yet, the floor, the stations' last
pushes, and the reference revision in force. Plain data out; no Textual here."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pendulum import DateTime

from tui.central.connection import Central
from tui.central.opener import open_central
from tui.domain.board import AgentRow, BoardRecord, Facts, break_limits
from tui.domain.clock import to_iso
from tui.domain.ids import uuid7
from tui.domain.register import Event, read_instant
from tui.store.paths import db_dir

if TYPE_CHECKING:
    from tui.domain.deadline_rules import RuleSet

_RECORD_COLUMNS = (
    "complaint_id, station, opened_at, owner, status, class_code, department, promised_at,"
    " promise_made_at, remaining_s, escalated, followups, seq"
)
CHUNK = 500


@dataclass
class Snapshot:
    """One read of central."""

    heads: set[tuple[str, int]]
    """Every open complaint: (id, head seq)."""
    changed: dict[str, BoardRecord]
    """The records of those whose seq the caller had not seen."""
    facts: dict[str, Facts]
    agents: list[AgentRow]
    """The same list as the previous read's when nothing about the floor changed."""
    stations: list[tuple[str, DateTime | None]]
    """Likewise."""
    revision: int
    read_at: DateTime
    took_s: float = 0.0


@dataclass
class Reference:
    """The deadline rules and break limits in force: the newest published revision's,
    else the shipped files'."""

    revision: int
    rules: RuleSet | None
    limits: dict[str, float]


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


@dataclass
class BoardReader:
    """Reads for one board. One connection, used by one thread at a time (`lock`)."""

    central: Central
    lock: threading.Lock = field(default_factory=threading.Lock)
    facts: dict[str, Facts] = field(default_factory=dict)
    """Facts never change once a complaint is opened: read once per complaint."""
    # The floor's and the stations' rows as last read, and what was made of them: a read
    # that finds the same rows hands on the same lists (the board then leaves them be).
    _floor: tuple[object, list[AgentRow]] = field(default_factory=lambda: (None, []))
    _stations: tuple[object, list[tuple[str, DateTime | None]]] = field(
        default_factory=lambda: (None, [])
    )

    def read(self, now: DateTime, day_start: DateTime, seen: Set[tuple[str, int]]) -> Snapshot:
        """A read of central; whole records only for complaints whose head is not in
        `seen` (id, seq), so a refresh of ten thousand mostly reads two columns and
        compares them as sets."""
        started = time.perf_counter()
        with self.lock:
            heads: set[tuple[str, int]] = set(
                self.central.fetchall(
                    "SELECT complaint_id, seq FROM board_complaints WHERE status <> 'closed'"
                )
            )
            moved = [cid for cid, _ in heads - seen]
            changed: dict[str, BoardRecord] = {}
            for start in range(0, len(moved), CHUNK):
                part = moved[start : start + CHUNK]
                for r in self.central.fetchall(
                    f"SELECT {_RECORD_COLUMNS} FROM board_complaints"
                    f" WHERE complaint_id IN ({_marks(len(part))})",
                    part,
                ):
                    changed[r[0]] = BoardRecord(
                        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                        None if r[9] is None else int(r[9]), bool(r[10]), r[11], int(r[12]),
                    )  # fmt: skip
            missing = [cid for cid in moved if cid not in self.facts]
            for start in range(0, len(missing), CHUNK):
                part = missing[start : start + CHUNK]
                for cid, reference, name, contact, what in self.central.fetchall(
                    "SELECT id, reference, customer_name, contact, what_happened FROM complaints"
                    f" WHERE id IN ({_marks(len(part))})",
                    part,
                ):
                    self.facts[cid] = Facts(reference, name, contact, what)
            agents = self._agents(day_start)
            found = self.central.fetchall(
                "SELECT station, last_push_at FROM stations ORDER BY station"
            )
            if found != self._stations[0]:
                self._stations = (
                    found,
                    [(str(s), read_instant(p) if p else None) for s, p in found],
                )
            stations = self._stations[1]
            row = self.central.fetchone(
                "SELECT COALESCE(MAX(revision), 0) FROM reference_revisions"
            )
        return Snapshot(
            heads,
            changed,
            self.facts,
            agents,
            stations,
            int(row[0]) if row else 0,
            now,
            time.perf_counter() - started,
        )

    def _agents(self, day_start: DateTime) -> list[AgentRow]:
        since = to_iso(day_start)
        calls = {
            str(a): (int(n), int(ab or 0), int(up or 0))
            for a, n, ab, up in self.central.fetchall(
                "SELECT agent, COUNT(*),"
                " SUM(CASE WHEN mood = 'abusive' THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN mood = 'upset' THEN 1 ELSE 0 END)"
                " FROM calls WHERE started_at >= ? GROUP BY agent",
                (since,),
            )
        }
        resets = {
            str(a): (int(n), int(taken or 0))
            for a, n, taken in self.central.fetchall(
                "SELECT agent, COUNT(*), SUM(CASE WHEN state = 'taken' THEN 1 ELSE 0 END)"
                " FROM reminders WHERE created_at >= ? GROUP BY agent",
                (since,),
            )
        }
        states = self.central.fetchall(
            "SELECT agent, station, state, since, break_code, reported_at FROM agent_states"
            " ORDER BY agent"
        )
        key = (calls, resets, states)
        if key == self._floor[0]:
            return self._floor[1]
        rows = []
        for agent, station, state, at, code, reported in states:
            n, abusive, upset = calls.get(agent, (0, 0, 0))
            offered, taken = resets.get(agent, (0, 0))
            rows.append(
                AgentRow(
                    agent,
                    station,
                    state,
                    read_instant(at),
                    code,
                    read_instant(reported),
                    n,
                    abusive,
                    upset,
                    offered,
                    taken,
                )  # fmt: skip
            )
        self._floor = (key, rows)
        return rows

    def reference(self, revision: int) -> Reference:
        """The rules and break limits of `revision` (0: the shipped files)."""
        from tui.domain.deadline_rules import RulesError, parse_rules
        from tui.domain.reference_set import ReferenceError, parse_break_policy

        seed = db_dir() / "seed"
        deadlines = (seed / "deadlines.toml").read_text(encoding="utf-8")
        breaks = (seed / "breaks.toml").read_text(encoding="utf-8")
        if revision:
            with self.lock:
                row = self.central.fetchone(
                    "SELECT deadlines_toml, breaks_toml FROM reference_revisions"
                    " WHERE revision = ?",
                    (revision,),
                )
            if row is not None:
                deadlines, breaks = str(row[0]), str(row[1])
        try:
            rules: RuleSet | None = parse_rules(deadlines)
        except RulesError:
            rules = None
        try:
            reset = parse_break_policy(breaks).reset_minutes
        except ReferenceError:
            reset = 2
        return Reference(revision, rules, break_limits(reset))

    def history(self, complaint_id: str) -> tuple[dict[str, object] | None, list[Event]]:
        """The complaint's row and whole chain at central, for `verify_chain`."""
        from tui.domain.complaints import FACT_COLUMNS

        with self.lock:
            row = self.central.fetchone(
                f"SELECT {', '.join(FACT_COLUMNS)} FROM complaints WHERE id = ?", (complaint_id,)
            )
            events = [
                Event(r[0], r[1], int(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])
                for r in self.central.fetchall(
                    "SELECT id, complaint_id, seq, kind, actor, at, payload, prev_hash, hash"
                    " FROM complaint_events WHERE complaint_id = ? ORDER BY seq",
                    (complaint_id,),
                )
            ]
        facts = dict(zip(FACT_COLUMNS, row, strict=True)) if row is not None else None
        return facts, events

    @contextmanager
    def writing(self) -> Iterator[Central]:
        """A connection for one of the board's few writes (a reassignment, an escalation,
        the unmask log): the board's own connection only reads."""
        with open_central(self.central.url) as central:
            yield central

    def log_unmasked(self, lead: str, host: str, view: str, at: DateTime) -> None:
        with self.writing() as central, central.transaction():
            central.execute(
                "INSERT INTO board_unmask_log (id, lead, host, view, at) VALUES (?, ?, ?, ?, ?)",
                (uuid7(at), lead, host, view, to_iso(at)),
            )


def unmask_log(central: Central) -> Sequence[tuple[str, str, str, str]]:
    """Who looked unmasked, at what, when: (lead, host, view, at), oldest first."""
    return [
        (str(a), str(b), str(c), str(d))
        for a, b, c, d in central.fetchall(
            "SELECT lead, host, view, at FROM board_unmask_log ORDER BY at, id"
        )
    ]


def default_central_path() -> Path:
    """The embedded central store: `central.db` in the user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("agentdesk")) / "central.db"
