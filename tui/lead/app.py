"""`agentdesk lead`: the shift lead's board over the central store.

Reads central on a worker thread every few seconds (and on F5), keeps the countdowns
moving every second from the last read with the injectable clock, and says at all
times how fresh its data is. Names and numbers are masked unless the board was opened
with --unmask, and then every view is logged at central with who and when.
"""

from __future__ import annotations

import csv
import socket
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import Worker, WorkerState

from tui.central.connection import Central, CentralError
from tui.central.opener import open_central
from tui.domain.board import (
    BoardFilter,
    BoardItem,
    BoardQueue,
    counters,
    is_stale,
    matches,
    parse_filter,
)
from tui.domain.board_rows import BoardRows
from tui.domain.clock import Clock, SystemClock
from tui.domain.complaint_alerts import AlertWatcher, Crossing, loudest
from tui.domain.complaint_queue import RowState
from tui.domain.export_cells import csv_cell
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.domain.register import RegisterRefused
from tui.lead.dialogs import ActionAnswer, ActionDialog, HistoryDialog, history_text
from tui.lead.figures_read import FigureReads
from tui.lead.lines import FloorLines, QueueLines
from tui.lead.read import BoardReader, Reference, Snapshot
from tui.services import heap
from tui.widgets.key_footer import KeyFooter
from tui.widgets.translated_bindings import translate_bindings

DEFAULT_REFRESH_S = 5.0
SETTLE_SHARE = 4
SETTLE_MIN = 500
"""The heap is settled again once a quarter of the rows (and at least this many) were
worked out again since it last was."""
GIL_SWITCH_S = 0.001
"""How long the reader thread may keep the interpreter before the event loop gets it.
Python's default, 5 ms, is paid at every turn of the loop a keystroke takes while a read
works out rows; the board runs in a process of its own, so it asks for 1 ms."""


@dataclass
class BoardRead:
    """One read as the board takes it: what central said, and the queue's rows that
    went (by key) and came since the read before, or every row when `full`."""

    snapshot: Snapshot
    reference: Reference
    removed: list[str]
    added: list[BoardItem]
    full: bool
    base: int
    """The read this one follows on from: its rows are a change to that read's."""
    generation: int


class LeadApp(App[int]):
    CSS_PATH = "lead.tcss"
    TITLE = "agentdesk lead"
    BINDINGS = [
        Binding("f2", "view('queue')", "queue", id="lead.queue"),
        Binding("f3", "view('floor')", "floor", id="lead.floor"),
        Binding("f5", "refresh_board", "refresh", id="lead.refresh"),
        Binding("r", "refresh_board", "refresh", show=False, id="lead.refresh_r"),
        Binding("slash", "filter", "filter", key_display="/", id="lead.filter"),
        Binding("enter", "history", "history", id="lead.history"),
        Binding("a", "reassign", "reassign", id="lead.reassign"),
        Binding("e", "escalate", "escalate", id="lead.escalate"),
        Binding("x", "export", "export", id="lead.export"),
        Binding("f6", "figures", "figures", id="lead.figures"),
        Binding("f7", "scorecards", "scorecards", id="lead.scorecards"),
        Binding("q", "quit", "quit", id="lead.quit"),
        Binding("ctrl+p", "command_palette", "^P", show=False, priority=True, id="app.palette"),
    ]

    def __init__(
        self,
        central: Central,
        *,
        lead: str,
        lang: Lang = "zh",
        zone: str = "UTC",
        unmask: bool = False,
        refresh_s: float = DEFAULT_REFRESH_S,
        clock: Clock | None = None,
        export_dir: Path | None = None,
        host: str | None = None,
    ) -> None:
        super().__init__()
        self.reader = BoardReader(central)
        self.lead = lead
        self.lang: Lang = lang
        self.zone = zone
        self.unmask = unmask
        self.refresh_s = refresh_s
        self.clock: Clock = clock or SystemClock()
        self.export_dir = export_dir or Path.cwd()
        self.host = host or socket.gethostname()
        self.reference: Reference | None = None
        self.queue_model: BoardQueue | None = None
        self.snapshot: Snapshot | None = None
        self.rows = BoardRows()
        self.watcher = AlertWatcher()
        self.filter = BoardFilter()
        self.filter_text = ""
        self.view_name = "queue"
        self.figure_reads: FigureReads | None = None
        self.bells = 0
        self.last_crossing: Crossing | None = None
        self.read_failed = ""
        self.reads = 0
        self.station_cells: list[tuple[str, str, float | None]] = []
        self._stations_key: tuple[bool, ...] | None = None
        self._build_lock = threading.Lock()
        # Reads are numbered; the rows of read n+1 are a change to read n's, so the board
        # takes a read only on top of the one before it, else asks for every row again.
        self._generation = 0
        self._applied = 0
        self._want_full = False
        self._reading = False
        self._read_again = False
        self._shown_version = -1
        self._floor_shown: object = None
        self._stations_shown: object = None
        self._settled = False
        self._unsettled = 0
        self._switch_interval = sys.getswitchinterval()
        translate_bindings(self, lang)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="top"):
            yield Static(id="title")
            yield Static(id="stations")
        with ContentSwitcher(initial="queue-view", id="views"):
            with Vertical(id="queue-view"):
                yield Static(id="counters")
                yield Input(placeholder=t(lang, "lead.filter.placeholder"), id="filter")
                yield Static(id="alert")
                yield QueueLines(lang, id="queue")
            with Vertical(id="floor-view"):
                yield Static(id="floor-summary")
                yield FloorLines(lang, id="floor")
        yield KeyFooter(keep_first=("lead.queue", "lead.floor", "lead.refresh", "lead.reassign"))

    @property
    def queue(self) -> QueueLines:
        return self.query_one("#queue", QueueLines)

    @property
    def floor(self) -> FloorLines:
        return self.query_one("#floor", FloorLines)

    def on_mount(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(GIL_SWITCH_S, self._switch_interval))
        self.queue.focus()
        self.queue.tick(self.clock.now().timestamp())
        self.floor.tick(self.clock.now().timestamp())
        self.show_title()
        self.log_unmasked("queue")
        self.action_refresh_board()
        self.set_interval(1.0, self.tick)
        self.set_interval(self.refresh_s, self.action_refresh_board)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        lang = self.lang
        for action, key in (
            ("view('queue')", "lead.queue"),
            ("view('floor')", "lead.floor"),
            ("refresh_board", "lead.refresh"),
            ("filter", "lead.filter"),
            ("history", "lead.history"),
            ("reassign", "lead.reassign"),
            ("escalate", "lead.escalate"),
            ("export", "lead.export"),
            ("figures", "lead.figures"),
            ("scorecards", "lead.scorecards"),
        ):
            yield SystemCommand(
                t(lang, f"key.{key}"),
                t(lang, f"lead.palette.{key}"),
                lambda action=action: self.run_action(action),
            )
        yield SystemCommand(t(lang, "key.lead.quit"), t(lang, "lead.palette.lead.quit"), self.exit)

    # The board's keys that act on the row or view under the cursor: behind the figures,
    # the scorecards or a dialog they would act on a row the lead cannot see.
    ON_THE_BOARD = frozenset({"history", "reassign", "escalate", "filter", "export"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ON_THE_BOARD and len(self.screen_stack) > 1:
            return False
        if action in ("history", "reassign", "escalate") and self.queue.current is None:
            return False  # an empty queue: nothing for these keys to act on
        if action in ("history", "reassign", "escalate", "filter"):
            return self.view_name == "queue"
        return True

    # ------------------------------------------------------------------ reading

    @property
    def items(self) -> Sequence[BoardItem]:
        """Every row of the queue, most urgent first."""
        return self.rows.rows

    def action_refresh_board(self) -> None:
        # One read at a time: a read asked for meanwhile runs when it is done, so no
        # read is ever cancelled and lost.
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self.read_central(self._want_full)

    @work(thread=True, group="read", exit_on_error=False)
    def read_central(self, full: bool) -> BoardRead:
        return self.read_once(full)

    def read_once(self, full: bool = False) -> BoardRead:
        """One read of central and the rows that changed since the read before (off the
        event loop). Python work here is the changed rows' and a comparison of sets."""
        now = self.clock.now()
        day = now.in_timezone(self.zone).start_of("day")
        with self._build_lock:
            model = self.queue_model
            seen = model.heads if model is not None else set()
            snapshot = self.reader.read(now, day, seen)
            if self.reference is None or self.reference.revision != snapshot.revision:
                self.reference = self.reader.reference(snapshot.revision)
                model = self.queue_model = BoardQueue(self.reference.rules, self.zone, self.unmask)
                if seen:  # new rules: every row again
                    snapshot = self.reader.read(now, day, set())
                full = True
            assert model is not None
            removed, added = model.update(snapshot.heads, snapshot.changed, snapshot.facts)
            if full:
                removed, added = [], model.items()
            base = self._generation
            self._generation += 1
            return BoardRead(snapshot, self.reference, removed, added, full, base, self._generation)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "read" or not worker.is_finished:
            return
        self._reading = False
        if worker.state == WorkerState.ERROR:
            self.read_failed = shown(str(worker.error))
            self.show_title()
        elif worker.state == WorkerState.SUCCESS and worker.result is not None:
            self.read_failed = ""
            self.take(worker.result)
        if self._read_again and self.is_running:
            self._read_again = False
            self.action_refresh_board()

    def take(self, read: BoardRead) -> None:
        """Show a read. Only what changed is touched: the rows that went and came are
        re-placed in the queue and their warning levels tracked (a known promise is not
        tracked again, so a refresh never repeats a bell); the floor and the stations
        line only when their rows differ. A read that changed nothing costs nothing."""
        snapshot = read.snapshot
        self.snapshot = snapshot
        self.reads += 1
        now = self.clock.now()
        now_ts = now.timestamp()
        watcher = self.watcher
        taken = read.full or read.base == self._applied
        if read.full:
            self._want_full = False
            self.rows.reset(read.added, now_ts)
            watcher.retain(item.key for item in read.added)
        elif read.base == self._applied:
            self.rows.apply(read.removed, read.added, now_ts)
            for key in set(read.removed).difference(item.key for item in read.added):
                watcher.forget(key)
        else:
            # A read before this one never arrived: take every row again, next.
            self._want_full = self._read_again = True
        if taken:
            self._applied = read.generation
            self._unsettled += len(read.added)
            for item in read.added:
                watcher.track(item.key, item.row.marks, signature=item.row.signature, since=now)
        self.floor.limits = read.reference.limits
        if snapshot.agents is not self._floor_shown:
            self._floor_shown = snapshot.agents
            self.floor.set_rows(snapshot.agents)
        if snapshot.stations is not self._stations_shown:
            self._stations_shown = snapshot.stations
            self.station_cells = [
                (shown(station), last.in_timezone(self.zone).format("HH:mm") if last else "—",
                 last.timestamp() if last else None)
                for station, last in snapshot.stations
            ]  # fmt: skip
            self._stations_key = None
        if self.rows.version != self._shown_version:
            was_empty = self.queue.current is None
            self.show_queue()
            if was_empty != (self.queue.current is None):
                self.refresh_bindings()
        self.show_title()
        if read.full or self._unsettled > max(len(self.rows) // SETTLE_SHARE, SETTLE_MIN):
            # The rows are the board's long-lived data: keep the collector's full passes
            # off them (see tui.services.heap), else every full pass walks ten thousand
            # rows, a stall in a keystroke. Again after new rules, and once a share of the
            # rows were worked out again; released when the board closes.
            self._settled = True
            self._unsettled = 0
            heap.settle()

    def on_unmount(self) -> None:
        if self.figure_reads is not None:
            self.figure_reads.central.close()
        sys.setswitchinterval(self._switch_interval)
        if self._settled:
            heap.release()

    # ------------------------------------------------------------------ the clock

    def tick(self) -> None:
        """Every second: countdowns move; a level crossed marks its row, says which level,
        rings once, and moves the row to its new place. No read of central."""
        now = self.clock.now()
        now_ts = now.timestamp()
        crossings = loudest(self.watcher.check(now))
        if crossings:
            for crossing in crossings:
                self.queue.crossed[crossing.key] = crossing.level
                self.bells += 1
                self.bell()
            self.last_crossing = crossings[-1]
        self.rows.advance(now_ts)  # only the rows whose state changed move
        if self.rows.version != self._shown_version:
            self.show_queue()
        elif crossings:
            self.show_counters()
        self.queue.tick(now_ts)
        self.floor.tick(now_ts)
        self.show_title()

    # ------------------------------------------------------------------ showing

    def visible_items(self) -> list[BoardItem]:
        if self.filter.empty:
            return list(self.rows.rows)
        now_ts = self.clock.now().timestamp()
        teams = self.teams()
        lang = self.lang
        return [
            item
            for item in self.rows.rows
            if matches(
                item,
                self.filter,
                now_ts,
                team=teams.get(item.owner, item.station),
                class_label=item.row.label(lang),
                state_word=t(lang, f"queue.state.{item.row.state(now_ts)}"),
            )
        ]

    def teams(self) -> dict[str, str]:
        """There is no team data at central: an agent's team is the station they work at
        now (else the station the complaint was opened on)."""
        if self.snapshot is None:
            return {}
        return {a.agent: a.station for a in self.snapshot.agents}

    def apply_filter(self) -> None:
        self.show_queue()

    def show_queue(self) -> None:
        """The list and the counters after the rows or their order changed. Unfiltered,
        the list is the kept rows themselves and the counters are kept counts."""
        self._shown_version = self.rows.version
        if self.filter.empty:
            self.queue.set_rows(self.rows.rows, index_of=self.rows.index)
        else:
            self.queue.set_rows(self.visible_items())
        self.show_counters()

    def show_counters(self) -> None:
        lang = self.lang
        if self.filter.empty:
            found = self.rows.counts
            complaints = self.rows.complaints
        else:
            found = counters(self.queue.rows, self.rows.now_ts)
            complaints = sum(1 for i in self.queue.rows if i.row.kind == "complaint")
        line = t(
            lang,
            "lead.counters",
            open=complaints,
            soon=found.get("due-soon", 0),
            overdue=found.get("overdue", 0),
            followups=found.get("followup-due", 0),
        )
        if not self.filter.empty:
            line += "  " + t(
                lang, "lead.filter.shown", count=len(self.queue.rows), total=len(self.rows)
            )
        self.query_one("#counters", Static).update(Text(line))
        alert = ""
        if self.filter.unknown:
            alert = t(lang, "lead.filter.unknown", words=", ".join(self.filter.unknown))
        elif self.last_crossing is not None:
            crossing = self.last_crossing
            item = self.rows.get(crossing.key)
            if item is not None:
                alert = t(
                    lang,
                    "lead.crossed",
                    reference=shown(item.reference or item.complaint_id[-8:]),
                    agent=shown(item.owner),
                    level=t(lang, f"lead.level.{crossing.level}")
                    if crossing.level in ("due-soon", "overdue", "followup-due")
                    else crossing.level,
                )
        self.query_one("#alert", Static).update(Text(alert))

    def show_title(self) -> None:
        lang = self.lang
        now = self.clock.now()
        mode = t(lang, "lead.unmasked") if self.unmask else t(lang, "lead.masked")
        if self.snapshot is None:
            fresh = t(lang, "lead.reading")
        else:
            age = int((now - self.snapshot.read_at).total_seconds())
            at = self.snapshot.read_at.in_timezone(self.zone).format("HH:mm:ss")
            fresh = t(lang, "lead.read_at", time=at, age=max(age, 0))
        if self.read_failed:
            fresh = t(lang, "lead.read_failed", reason=self.read_failed) + " · " + fresh
        title = t(lang, "lead.title", lead=shown(self.lead)) + f" · {mode} · {fresh}"
        self.query_one("#title", Static).update(Text(title))
        now_ts = now.timestamp()
        stale = tuple(is_stale(last, now_ts) for _, _, last in self.station_cells)
        if stale != self._stations_key:
            # Written again only when a station turns stale or fresh: 200 stations, once.
            self._stations_key = stale
            parts = [
                t(lang, "lead.station.stale" if old else "lead.station.fresh", station=name,
                  time=when)
                for (name, when, _), old in zip(self.station_cells, stale, strict=True)
            ]  # fmt: skip
            line = t(lang, "lead.stations") + " " + ("  ".join(parts) if parts else "—")
            self.query_one("#stations", Static).update(Text(line))
        if self.snapshot is not None:
            agents = self.snapshot.agents
            limits = self.floor.limits
            summary = t(
                lang,
                "lead.floor.summary",
                agents=len(agents),
                stale=sum(1 for a in agents if a.floor_state(now_ts) == "not_synced"),
                long=sum(1 for a in agents if a.break_level(now_ts, limits) != "ok"),
            )
            self.query_one("#floor-summary", Static).update(Text(summary))

    # ------------------------------------------------------------------ keys

    def action_view(self, name: str) -> None:
        # F2 and F3 from the figures or the scorecards go back to the board itself.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.view_name = name
        self.query_one("#views", ContentSwitcher).current = f"{name}-view"
        (self.queue if name == "queue" else self.floor).focus()
        self.log_unmasked(name)
        self.refresh_bindings()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.filter = parse_filter(event.value)
        self.apply_filter()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.queue.focus()

    def on_key(self, event: object) -> None:
        from textual.events import Key

        if isinstance(event, Key) and event.key == "escape" and self.focused is not None:
            if self.focused.id == "filter":
                self.queue.focus()
                event.stop()

    def current(self) -> BoardItem | None:
        item = self.queue.current
        if item is None:
            self.notify(t(self.lang, "lead.none_selected"), severity="warning")
        return item

    def action_history(self) -> None:
        item = self.current()
        if item is not None:
            self.open_history(item)

    @work(thread=True, group="history", exit_on_error=False)
    def open_history(self, item: BoardItem) -> None:
        facts, events = self.reader.history(item.complaint_id)
        body, _ = history_text(self.lang, facts, events, self.zone, unmask=self.unmask)
        title = t(
            self.lang,
            "lead.history.title",
            reference=shown(item.reference),
            agent=shown(item.owner),
        )
        self.call_from_thread(self.push_screen, HistoryDialog(title, body))
        self.call_from_thread(self.log_unmasked, f"history:{item.complaint_id}")

    def action_reassign(self) -> None:
        item = self.current()
        if item is None:
            return
        title = t(
            self.lang,
            "lead.reassign.title",
            reference=shown(item.reference),
            agent=shown(item.owner),
        )

        def answered(answer: ActionAnswer | None) -> None:
            if answer is not None:
                self.act(item, "reassign", answer)

        self.push_screen(ActionDialog(self.lang, title, ask_agent=True), answered)

    def action_escalate(self) -> None:
        item = self.current()
        if item is None:
            return
        title = t(
            self.lang,
            "lead.escalate.title",
            reference=shown(item.reference),
            agent=shown(item.owner),
        )

        def answered(answer: ActionAnswer | None) -> None:
            if answer is not None:
                self.act(item, "escalate", answer)

        self.push_screen(ActionDialog(self.lang, title, ask_agent=False), answered)

    @work(thread=True, group="act", exit_on_error=False)
    def act(self, item: BoardItem, what: str, answer: ActionAnswer) -> None:
        from tui.sync.lead_actions import escalate, reassign

        lang = self.lang
        now = self.clock.now()
        try:
            with self.reader.writing() as central:
                if what == "reassign":
                    reassign(
                        central,
                        item.complaint_id,
                        answer.agent,
                        self.lead,
                        answer.reason,
                        now,
                    )
                    done = t(
                        lang,
                        "lead.reassign.done",
                        reference=shown(item.reference),
                        agent=shown(answer.agent),
                    )
                else:
                    escalate(central, item.complaint_id, self.lead, answer.reason, now)
                    done = t(lang, "lead.escalate.done", reference=shown(item.reference))
        except RegisterRefused as refused:
            self.call_from_thread(self.notify, t(lang, refused.key), severity="error")
            return
        except CentralError as error:
            self.call_from_thread(self.notify, shown(str(error)), severity="error")
            return
        self.call_from_thread(self.notify, done)
        self.call_from_thread(self.action_refresh_board)

    def action_export(self) -> None:
        now = self.clock.now()
        stamp = now.in_timezone(self.zone).format("YYYYMMDD-HHmmss")
        path = self.export_dir / f"agentdesk-lead-{self.view_name}-{stamp}.csv"
        if self.view_name == "queue":
            header = ["reference", "agent", "team", "state", "due_at", "class", "department",
                      "customer", "contact", "escalated", "kind"]  # fmt: skip
            now_ts = now.timestamp()
            teams = self.teams()
            rows: list[list[object]] = [
                [
                    i.reference,
                    i.owner,
                    teams.get(i.owner, i.station),
                    i.row.state(now_ts),
                    i.row.due.isoformat() if i.row.due else None,
                    i.row.class_code,
                    i.row.department,
                    i.customer,
                    i.contact,
                    i.row.escalated,
                    i.row.kind,
                ]  # fmt: skip
                for i in self.queue.rows
            ]
        else:
            header = ["agent", "station", "state", "since", "break_code", "break_level",
                      "calls", "abusive", "upset", "resets_offered", "resets_taken"]  # fmt: skip
            limits = self.floor.limits
            now_ts = now.timestamp()
            rows = [
                [
                    a.agent,
                    a.station,
                    a.floor_state(now_ts),
                    a.since.isoformat(),
                    a.break_code,
                    a.break_level(now_ts, limits),
                    a.calls,
                    a.abusive,
                    a.upset,
                    a.resets_offered,
                    a.resets_taken,
                ]  # fmt: skip
                for a in self.floor.rows
            ]
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(header)
                writer.writerows([csv_cell(v) for v in row] for row in rows)
        except OSError as error:
            self.notify(
                t(self.lang, "lead.export.failed", reason=shown(str(error))), severity="error"
            )
            return
        self.log_unmasked(f"export:{self.view_name}")
        self.notify(t(self.lang, "lead.export.done", count=len(rows), path=shown(str(path))))

    def _figure_reads(self) -> FigureReads:
        # The pictures read on workers of their own: a connection of their own, so they
        # never wait on the board's refresh, and read-only like it.
        if self.figure_reads is None:
            central = open_central(self.reader.central.url)
            central.read_only()
            self.figure_reads = FigureReads(central, self.zone, self.clock.now)
        return self.figure_reads

    def action_figures(self) -> None:
        """The shift (and, with m, the month) as pictures."""
        from tui.lead.shift_screen import ShiftScreen

        self.push_screen(ShiftScreen(self._figure_reads().figures, self.lang, kind="shift"))

    def action_scorecards(self) -> None:
        """Every agent's monthly scorecard; Enter on a point opens its records."""
        from tui.lead.scorecard_screen import ScorecardScreen

        self.push_screen(ScorecardScreen(self._figure_reads().scorecards, self.lang))

    def log_unmasked(self, view: str) -> None:
        if not self.unmask:
            return
        try:
            self.reader.log_unmasked(self.lead, self.host, view, self.clock.now())
        except CentralError as error:
            self.notify(shown(str(error)), severity="error")


STATE_KEYS: tuple[RowState, ...] = ("due-soon", "overdue", "followup-due")
