"""The agentdesk application: opens the store, loads reference data, shows the desk."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import time
from pathlib import Path, PurePath
from time import monotonic
from typing import TYPE_CHECKING, Any

import pendulum
from pendulum import DateTime
from pendulum.tz import get_local_timezone
from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen, ScreenResultType
from textual.signal import Signal
from textual.timer import Timer
from textual.worker import Worker, WorkerFailed, get_current_worker

from tui.clipboard import Clipboard, MemoryClipboard
from tui.domain.agent_state import desk_state
from tui.domain.breaks import Break
from tui.domain.call_in_hand import HeldCall, held_from
from tui.domain.call_session import CallSession
from tui.domain.calls import Call, DayStats
from tui.domain.clock import Clock, SystemClock
from tui.domain.i18n import Lang, t
from tui.domain.plain_text import shown
from tui.domain.reasons import Reason, ReasonTree
from tui.domain.settings import Settings, SettingsProblem
from tui.domain.shift import LOOKBACK, set_shift_start, worked_shift_start
from tui.domain.zones import is_zone
from tui.services import heap
from tui.services.background_sync import BackgroundSync, PushOnce
from tui.services.breaks import BreakService
from tui.services.call_keeper import CallKeeper
from tui.services.calls import CallService
from tui.services.fault_lines import fault_line
from tui.store import reference
from tui.store.db import Store
from tui.store.faults import fault_of
from tui.widgets.bounded import Capped
from tui.widgets.exit_line import OneLine
from tui.widgets.notices import Notice, Notices
from tui.widgets.plain import TerminalGuard
from tui.widgets.status_header import HeaderState, StatusHeader
from tui.widgets.translated_bindings import key_display, translate_bindings

if TYPE_CHECKING:
    # Not needed for the first paint, which is benchmarked: imported when first used.
    from tui.domain.complaint_queue import QueueItem
    from tui.domain.phrases import ForbiddenPhrase, Phrase
    from tui.domain.reason_search import ReasonIndex
    from tui.services.complaints import ComplaintService
    from tui.services.complaints import Notice as ComplaintNotice
    from tui.services.phone_link import LinkRefused, PhoneLink


def _desk_commands() -> type[Provider]:
    # Loaded with the palette, not at start: its matcher brings the pinyin tables.
    from tui.palette import DeskCommands

    return DeskCommands


_PACKAGE = Path(__file__).parent

# Every stylesheet of the desk's screens and dialogs is read by the app, not by the screen
# that opens first: Textual re-parses the whole sheet, its widgets' defaults included, the
# first time a screen brings a file it has not read (tens of milliseconds). Each screen
# still names its own file, where it lives; pushing it then reads nothing new. The desk
# and its choice dialogs (F8's) are read at start; the rest, which the first frame does
# not need, a moment after it (`_read_rest_of_sheet`), parsed on their own.
_FIRST_CSS: list[str | PurePath] = [
    _PACKAGE / "screens" / "desk.tcss",
    _PACKAGE / "widgets" / "choice_dialog.tcss",
]
_REST_CSS: list[PurePath] = sorted(
    path
    for room in ("screens", "widgets")
    for path in (_PACKAGE / room).glob("*.tcss")
    if path not in _FIRST_CSS
)


def _login_name() -> str:
    import getpass  # and termios: only for a desk started with no agent name

    return getpass.getuser()


WIND_DOWN_S = 2.0
"""How long a closing desk waits for its workers before it closes the database."""


class AgentDeskApp(App[int]):
    TITLE = "agentdesk"
    CSS_PATH = _FIRST_CSS
    COMMANDS = {_desk_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "^Q", priority=True, id="app.quit"),
        Binding("ctrl+p", "command_palette", "^P", show=False, priority=True, id="app.palette"),
    ]

    session: var[CallSession] = var(CallSession)
    """The call cycle; the desk replaces it on every transition."""
    on_break: var[Break | None] = var(None)
    """The break the agent is on, if any."""

    def __init__(
        self,
        *,
        db_path: Path,
        settings: Settings | None = None,
        problems: Iterable[SettingsProblem] = (),
        clock: Clock | None = None,
        clipboard: Clipboard | MemoryClipboard | None = None,
        lang: Lang | None = None,
        agent: str | None = None,
        zone: str | None = None,
        shift_start: time | None = None,
        config_path: Path | None = None,
        sync_push: PushOnce | None = None,
        phone_link: bool = False,
    ) -> None:
        super().__init__()
        settings = settings or Settings()
        self.settings = settings
        self.problems = list(problems)
        self.config_path = config_path
        """The settings file: where a theme picked in the palette is saved."""
        self.db_path = db_path
        self.clock: Clock = clock or SystemClock()
        self.phrase_clipboard = clipboard or Clipboard(self.copy_to_clipboard)
        self.lang: Lang = lang or settings.lang
        self.agent: str = agent or settings.agent or _login_name()
        self.zone: str = zone or settings.zone or system_zone()
        """The desk's zone: every time shown, and every time told to a customer, is in it."""
        self.desk_tz = pendulum.timezone(self.zone)
        self.shift_start_at: time | None = shift_start or settings.shift_start
        """The shift start the agent set; None: worked out from the agent's records."""
        self.store: Store
        self.reason_tree: ReasonTree
        self.reference_applied: reference.AppliedReference | None = None
        """The reference revision the sync applied, read at start; None: the shipped set."""
        self._reason_index: ReasonIndex | None = None
        self.phrases: list[Phrase] = []
        self.forbidden: list[ForbiddenPhrase] = []
        self.call_values: dict[str, str] = {}
        self.call_note = ""
        self.asking: set[Worker[Any]] = set()
        self.notices = Notices()
        """Every notification, as shown, while the toast is up and after."""
        self.day_stats = DayStats(0, 0, 0)
        self.desk_started: DateTime = self.clock.now()
        self.shift_started: DateTime = self._shift_start(self.desk_started)
        self.complaints: ComplaintService | None = None
        self.calls: CallService
        self.breaks: BreakService
        self.queue_changed: Signal[Sequence[QueueItem]] = Signal(self, "queue-changed")
        """The complaint queue's rows, after every load and every write to the register."""
        self.clock_ticked: Signal[DateTime] = Signal(self, "clock-ticked")
        """Every second: screens in sight move their clocks and countdowns."""
        self.store_ready = False
        self.keeper: CallKeeper | None = None
        self.held: HeldCall | None = None
        """A call a previous desk left in hand, until the agent resumes, wraps up or
        discards it."""
        self.keep_fault: str | None = None
        self._early_keys: list[events.Key] | None = []
        self._complaints_timer: Timer | None = None
        self._complaints_due = 0.0
        self._desk_up = asyncio.Event()
        """Set once the desk screen is mounted: an open store waits for it."""
        self._quit_armed_at: DateTime | None = None
        self._told_terminal_clipboard = False
        self._bad_rows_told: set[str] = set()
        self._journal_restoring = False
        self._journal_fault_told = False
        self._crashed = False
        # The line we leave on the terminal at exit is one line however long its path:
        # the terminal wraps it, rich does not cut it.
        self.error_console.soft_wrap = True
        self._terminal_guard = TerminalGuard()
        self.sync_push = sync_push
        """How this desk pushes to central; None: from `central` in the settings, if set."""
        self.background_sync: BackgroundSync | None = None
        self._phone_link_wanted = phone_link
        self.phone_link: PhoneLink | None = None
        """The softphone's control socket, once listening (see tui.screens.desk_phone)."""
        self.phone_link_refused: LinkRefused | None = None
        self.ready_since: DateTime = self.desk_started
        """When the agent last became free for a call, for the lead's board."""
        if settings.theme:
            self.theme = settings.theme
        if settings.keymap:
            self.set_keymap(settings.keymap)
        translate_bindings(self, self.lang)

    async def on_mount(self) -> None:
        # The database opens while the desk is built and painted: start-up never waits
        # on disk (start-up time is benchmarked against a bare Textual app), and most of
        # the opening happens in SQLite's thread, beside the first frame.
        from tui.screens.desk import DeskScreen

        self.run_worker(self._open_store(), group="store", name="open-store")
        await self.push_screen(DeskScreen(self.lang))
        self._desk_up.set()
        if self.problems:
            from tui.services.settings_file import problems_notice

            where = self.config_path or Path("config.toml")
            self.notify(
                problems_notice(where, self.problems, self.lang), severity="warning", timeout=30
            )
        self.tick()
        self.set_interval(1.0, self.tick)
        self.set_timer(heap.START_HOLD_S, heap.resume)  # a desk that is slow to come up

    # Hostile text -------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification here is plain text, whatever `markup` says: nearly all of
        them carry something an agent typed or a file holds (a settings key, a reason, a
        customer's name), and none is written as markup."""
        options: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        text, heading = shown(message), shown(title)
        self.notices.add(Notice(text, heading, severity))
        super().notify(text, title=heading, severity=severity, markup=False, **options)

    def clear_notifications(self) -> None:
        self.notices.clear()
        super().clear_notifications()

    def _start_background_sync(self) -> None:
        push = self.sync_push
        if push is None and self.settings.central:
            from tui.sync.live import desk_pusher

            push = desk_pusher(self.settings, self.db_path, self.agent)
        if push is not None:
            self.background_sync = BackgroundSync(
                push, lambda marker: self.tick(), self._complaints_arrived
            )

    def _complaints_arrived(self, count: int) -> None:
        """The background sync brought complaints for this desk (a lead reassigned one,
        or the agent's own from another workstation): the queue shows them now."""
        if self.complaints is not None:
            self.run_worker(self.complaints.reload_all(), group="complaints", name="arrived")

    def record_saved(self) -> None:
        """Something went into the records: the background sync pushes it soon."""
        if self.background_sync is not None:
            self.background_sync.saved(self.clock.now())

    def watch_on_break(self, was: Break | None, now_on: Break | None) -> None:
        if was is not None and now_on is None:
            self.ready_since = self.clock.now()
        self.record_saved()
        for screen in self.screen_stack:
            screen.refresh_bindings()  # F8 says "End break" on one, "Break" off it

    def watch_session(self, was: CallSession, session: CallSession) -> None:
        if session.phase == "idle" and was.phase != "idle":
            self.ready_since = self.clock.now()
        if session.phase != was.phase:
            self.record_saved()  # the lead's board sees the agent's new state soon
        # Which keys work follows the call (F9 only in one, F8 only outside one): every
        # footer and legend asks again.
        for screen in self.screen_stack:
            screen.refresh_bindings()

    def get_key_display(self, binding: Binding) -> str:
        # One name per key everywhere Textual shows one too: ⇧F8, never its f20.
        return key_display(binding)

    def action_help_quit(self) -> None:
        # Textual's own hint is markup; Ctrl+C is the reflex of an agent who wants out.
        self.notify(t(self.lang, "app.quit_hint"))

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._terminal_guard]

    def on_capped(self, event: Capped) -> None:
        """A field cut a paste (or refused a key) and its screen has no line to say so."""
        self.notify(event.text(self.lang), severity="warning")

    # Keys typed before the store is open wait for it, in order, instead of being lost.
    _NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})

    async def on_event(self, event: events.Event) -> None:
        if (
            self._early_keys is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key not in self._NEVER_HELD
        ):
            self._early_keys.append(events.Key(event.key, event.character))
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._key_pressed()
        await super().on_event(event)

    def _replay_early_keys(self) -> None:
        keys, self._early_keys = self._early_keys or [], None
        for key in keys:
            self.post_message(key)
        self.call_after_refresh(self._after_first_paint)

    async def _open_store(self) -> None:
        try:
            self.store = await Store.open(self.db_path)
        except Exception as exc:
            # Leave from a whole desk: an exit while the desk is still mounting makes
            # the mount fail too, and the agent would read two lines where one belongs.
            await self._desk_up.wait()
            if self._stop_on_store_fault(exc):
                return
            raise
        self.store.on_wait = self._waiting_for_db
        self.store.on_bad_row = self._bad_row
        self.calls = CallService(self.store, self.agent)
        self.breaks = BreakService(self.store, self.agent)
        await self._load_reference()
        await self.refresh_shift()
        self.held = await self.calls.held()
        self.keeper = CallKeeper(
            self.store,
            self.agent,
            self.clock,
            lambda job: self.run_worker(job, group="keep-call", exit_on_error=False),
            self._keep_fault,
        )
        await self._desk_up.wait()
        self.store_ready = True
        self._start_background_sync()
        self.tick()
        from tui.screens.desk import DeskScreen

        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                screen.store_ready()
        self._replay_early_keys()

    async def on_unmount(self) -> None:
        if self.phone_link is not None:
            await self.phone_link.close()
        heap.release()
        store = getattr(self, "store", None)
        if store is not None:
            await self._wind_down_workers()
            await store.close()

    async def _wind_down_workers(self) -> None:
        """Let every worker end before the database closes under it: one still reading
        (the phrases the first frame asked for, the queue) would otherwise fail on the
        closed connection and file a crash report for an agent who only quit."""
        for worker in self.workers:
            if not worker.is_cancelled:  # a second cancel would cut its cleanup short
                worker.cancel()
        endings = [asyncio.ensure_future(worker.wait()) for worker in self.workers]
        if endings:
            await asyncio.wait(endings, timeout=WIND_DOWN_S)
        for ending in endings:
            if ending.done() and not ending.cancelled():
                ending.exception()  # cancelled or failed: this exit has nothing to tell
            else:
                ending.cancel()

    async def _load_reference(self) -> None:
        # The revision is read first and again after the phrases (`_load_phrases`): a
        # sync applying a new one in between makes the desk read the whole set again.
        self.reference_applied = await reference.applied_reference(self.store)
        if self.reference_applied is not None:
            self._use_published_breaks(self.reference_applied.breaks_toml)
        rows = await reference.load_reason_rows(self.store)
        self.reason_tree = ReasonTree.from_reasons(
            Reason(
                code=str(r["code"]),
                parent_code=str(r["parent_code"]) if r["parent_code"] else None,
                labels={
                    "zh": str(r["label_zh"]),
                    "en": str(r["label_en"]),
                    "ko": str(r["label_ko"]),
                },
                sort=int(str(r["sort"])),
                active=bool(r["active"]),
            )
            for r in rows
        )

    # The complaint side reads its deadline rules in a thread that holds the GIL for a
    # good part of a second (the `holidays` tables), after importing its modules on this
    # one: keys typed at start-up would crawl behind it. It starts once the agent's keys
    # pause for COMPLAINTS_AFTER_S (at the latest COMPLAINTS_AT_LATEST_S after the
    # first frame), or at once when F5 or F6 asks for it.
    COMPLAINTS_AFTER_S = 0.3
    COMPLAINTS_AT_LATEST_S = 5.0

    def _after_first_paint(self) -> None:
        """What the desk needs soon but not for its first frame."""
        self.run_worker(self._load_phrases(), group="reference", name="phrases")
        # Scheduling, like Textual's timers, runs on the machine's clock, not the desk's.
        self._complaints_due = monotonic() + self.COMPLAINTS_AT_LATEST_S
        self._complaints_timer = self.set_timer(self.COMPLAINTS_AFTER_S, self.complaint_service)
        self.set_timer(self.SECOND_STEP_AFTER_S, self._second_step)

    SECOND_STEP_AFTER_S = 0.3
    """After the desk's first frame, by when a key sent with it has had its effect."""

    def _second_step(self) -> None:
        """What the first frame and the first key do without: the softphone's link (a
        ring that comes sooner finds no desk listening, and `agentdesk ring` says so), the
        stylesheets of the other screens."""
        if self._phone_link_wanted:
            from tui.screens.desk_phone import start_phone_link

            self.run_worker(start_phone_link(self), group="phone-link", exit_on_error=False)
        self._read_rest_of_sheet()

    def _read_rest_of_sheet(self) -> None:
        """Only these stylesheets are parsed (the sheet keeps what it parsed); no node on
        screen matches them yet. A screen opened before this reads its own file the way
        Textual does."""
        sheet = self.stylesheet
        unread = [path for path in _REST_CSS if not sheet.has_source(str(path))]
        if unread:
            sheet.read_all(unread)
            sheet.parse()

    def _key_pressed(self) -> None:
        """A key came: the complaint side, not started yet, waits for the next pause."""
        timer = self._complaints_timer
        if timer is not None and self.complaints is None:
            if monotonic() < self._complaints_due:
                timer.reset()

    def complaint_service(self) -> ComplaintService:
        """The complaint side, started on first use. What it reports reaches the agent
        whatever screen is showing: its queue by `queue_changed`, its warnings as
        notifications."""
        if self.complaints is None:
            heap.resume()  # the agent's first keys are handled (see tui.services.heap)
            from tui.services.complaints import ComplaintService

            keeper = self.keeper
            service = ComplaintService(
                self.store,
                agent=self.agent,
                lang=self.lang,
                zone=self.zone,
                clock=self.clock,
                reasons=lambda: self.reason_tree,
                spawn=lambda job: self.run_worker(job, group="complaints", name="complaints-load"),
                flush_calls=keeper.flush if keeper is not None else None,
                published_rules=self._published_rules,
            )
            service.on_change = self._queue_changed
            service.on_notice = self._complaint_notice
            service.on_bell = self.bell
            self.complaints = service
            service.start()
            self.run_worker(self._settle_heap(service), group="heap", name="settle-heap")
        return self.complaints

    def _queue_changed(self, items: Sequence[QueueItem]) -> None:
        self.queue_changed.publish(items)
        self.record_saved()

    def _published_rules(self) -> str | None:
        applied = self.reference_applied
        return applied.deadlines_toml if applied is not None else None

    async def _settle_heap(self, service: ComplaintService) -> None:
        # The whole queue is the last of what the desk holds for the shift: once it is
        # read, the collector's full passes stop walking it (see tui.services.heap).
        await service.wait_ready()
        if self.is_running:
            heap.settle()

    def _complaint_notice(self, notice: ComplaintNotice) -> None:
        self.notify(notice.text, severity=notice.severity, timeout=notice.timeout)

    def _use_published_breaks(self, text: str) -> None:
        """The published break policy, instead of config.toml's `[breaks]`: the floor's
        policy is the back office's once a revision has been applied."""
        from dataclasses import replace

        from tui.domain.reference_set import ReferenceError, parse_break_policy

        try:
            policy = parse_break_policy(text)
        except ReferenceError:
            return  # checked before it was applied; a damaged row keeps the settings' policy
        self.settings = replace(self.settings, breaks=policy)

    async def _load_phrases(self) -> None:
        seen = self.reference_applied.revision if self.reference_applied is not None else 0
        await self._read_phrases()
        if await reference.applied_revision(self.store) != seen:
            await self._load_reference()
            await self._read_phrases()

    async def _read_phrases(self) -> None:
        from tui.domain.phrases import ForbiddenPhrase, Phrase

        self.phrases = [
            Phrase(str(r["code"]), str(r["grp"]), self.lang, str(r["text"]), int(str(r["sort"])))
            for r in await reference.load_phrase_rows(self.store, self.lang)
        ]
        self.forbidden = [
            ForbiddenPhrase(self.lang, str(r["phrase"]), str(r["rule"]), str(r["instead"]))
            for r in await reference.load_forbidden_rows(self.store, self.lang)
        ]

    @property
    def reason_index(self) -> ReasonIndex:
        """Built on the first F3: a few milliseconds the first paint need not wait for."""
        if self._reason_index is None:
            from tui.domain.reason_search import ReasonIndex

            self._reason_index = ReasonIndex(self.reason_tree, self.lang)
        return self._reason_index

    # The call in hand --------------------------------------------------------------

    def keep_call(self) -> None:
        """Write the call in hand as it stands now (after every change the agent makes)."""
        if self.keeper is not None and self.session.in_call:
            self.keeper.keep(held_from(self.session, self.call_values, self.call_note))

    def _keep_fault(self, exc: BaseException | None) -> None:
        if exc is None:
            self.keep_fault = None
        else:
            fault = t(self.lang, f"store.fault.{fault_of(exc)}")
            if self.keep_fault is None:
                self.notify(
                    t(self.lang, "call.keep_failed", fault=fault),
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            self.keep_fault = fault
        self.tick()

    QUIT_CONFIRM_S = 8
    """How long a first Ctrl+Q during a call waits for the second."""

    async def action_quit(self) -> None:
        """Quit; with a call in hand, only on a second Ctrl+Q, keeping the call for later."""
        if self.session.in_call:
            now = self.clock.now()
            armed = self._quit_armed_at
            if armed is None or (now - armed).total_seconds() > self.QUIT_CONFIRM_S:
                self._quit_armed_at = now
                self.notify(
                    t(self.lang, "call.quit_confirm"),
                    severity="warning",
                    timeout=self.QUIT_CONFIRM_S,
                )
                self.bell()
                return
            if self.keeper is not None:
                try:
                    await self.keeper.leave()
                except Exception as exc:  # what is on disk already stays offered back
                    self.log.error(f"call in hand not noted at quit: {fault_of(exc)}")
        self.exit()

    # Broken storage and crashes --------------------------------------------------

    def _stop_on_store_fault(self, exc: BaseException) -> bool:
        """Leave with the one line that names the file and what to do, and its exit
        code, when the database file caused `exc`; False for anything else."""
        found = fault_line(exc, self.db_path, self.lang)
        if found is None:
            return False
        code, line = found
        self.exit(code, return_code=code, message=OneLine(line))
        return True

    def _bad_row(self, ident: str, fields: tuple[str, ...]) -> None:
        if ident in self._bad_rows_told:
            return
        self._bad_rows_told.add(ident)
        self.notify(
            t(self.lang, "db.bad_row", path=str(self.db_path), id=ident, field=", ".join(fields)),
            severity="error",
            timeout=30,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own report prints every frame's local variables (the caller's number,
        # the note) on the terminal. A crash goes to a private file instead and the
        # terminal gets one line with its path; a broken database file gets its own line
        # and exit code, as at start. `_handle_exception` is where every unhandled error
        # in the app (handlers, timers, workers) arrives.
        cause: BaseException = error.error if isinstance(error, WorkerFailed) else error
        if not self._crashed and self._stop_on_store_fault(cause):
            self._crashed = True
            return
        if self._crashed:
            return  # the first error's line is the one the agent needs
        self._crashed = True
        if self._exception is None:
            self._exception = error  # run_test re-raises what really happened
        super()._handle_exception(_Crash(self._crash_line(cause)))

    def panic(self, *renderables: RenderableType) -> None:
        # Textual's input thread panics with a rendered traceback: file it the same way.
        from rich.traceback import Traceback

        tracebacks = [r for r in renderables if isinstance(r, Traceback)]
        if tracebacks:
            self._crashed = True
            renderables = (OneLine(self._crash_line(_plain_text(tracebacks[0]))),)
        super().panic(*renderables)

    def _crash_line(self, error: BaseException | str) -> str:
        from tui.services.crash_report import write_crash_report
        from tui.store.paths import crash_dir

        try:
            path = write_crash_report(error)
        except OSError as exc:
            return t(self.lang, "crash.unwritten", path=str(crash_dir()), reason=exc.strerror or "")
        return t(self.lang, "crash.report", path=str(path))

    def _watch_journal(self) -> None:
        if self._journal_restoring or not self.store_ready or not self.store.journal_lost():
            return
        self._journal_restoring = True
        self.run_worker(self._restore_journal(), group="journal", exit_on_error=False)

    async def _restore_journal(self) -> None:
        try:
            await self.store.restore_journal()
        except Exception as exc:  # tried again on the next tick
            if not self._journal_fault_told:
                self._journal_fault_told = True
                fault = t(self.lang, f"store.fault.{fault_of(exc)}")
                self.notify(
                    t(self.lang, "db.wal_restore_failed", path=str(self.db_path), fault=fault),
                    severity="error",
                    timeout=60,
                    markup=False,
                )
                self.bell()
            return
        finally:
            self._journal_restoring = False
        self._journal_fault_told = False
        self.notify(
            t(self.lang, "db.wal_restored", path=str(self.db_path)),
            severity="warning",
            timeout=20,
            markup=False,
        )

    def _waiting_for_db(self, waited: float) -> None:
        if waited > 0.5:
            self.notify(t(self.lang, "app.db_waiting"), severity="warning", timeout=2)

    # Shared helpers for the screens ---------------------------------------------

    async def ask(self, screen: Screen[ScreenResultType]) -> ScreenResultType:
        """Push a dialog from a worker and wait for its answer.

        The waiting worker is remembered in `asking` meanwhile, so tests can tell a
        worker that waits for the agent from one that waits for the database.
        """
        worker = get_current_worker()
        self.asking.add(worker)
        try:
            return await self.push_screen_wait(screen)
        finally:
            self.asking.discard(worker)

    def start_of_today(self) -> DateTime:
        """What "today" on the desk counts from: the start of the agent's shift, which for
        a night shift is the evening before, not midnight."""
        return self.shift_started

    def _shift_start(self, now: DateTime, activity: Iterable[DateTime] = ()) -> DateTime:
        if self.shift_start_at is not None:
            return set_shift_start(now, self.shift_start_at, self.zone)
        return worked_shift_start([self.desk_started, *activity], now)

    async def refresh_shift(self) -> None:
        """Work out the shift's start again, and the figures counted from it.

        Without a set start it comes from the agent's calls and breaks, so a restart in
        the middle of a shift keeps counting from where the shift began."""
        now = self.clock.now()
        activity: list[DateTime] = []
        if self.shift_start_at is None:
            since = now - LOOKBACK
            for call in await self.calls.recent(since):
                activity += [call.started_at, call.ended_at]
            for taken in await self.breaks.recent(since):
                activity += [taken.started_at, taken.ended_at or now]
        start = self._shift_start(now, activity)
        moved = start != self.shift_started
        self.shift_started = start
        await self._recount(list_too=moved)

    async def _recount(self, *, list_too: bool) -> None:
        """The day's figures (and, when the shift moved, today's list) from its start."""
        self.day_stats = await self.calls.day_stats(self.shift_started)
        if list_too and self.store_ready:
            from tui.screens.desk import DeskScreen

            for screen in self.screen_stack:
                if isinstance(screen, DeskScreen):
                    screen.load_today()
        self.tick()

    def reason_path(self, code: str) -> str:
        return self.reason_tree.path_text(code, self.lang)

    def reason_label(self, code: str) -> str:
        reason = self.reason_tree.get(code)
        return reason.label(self.lang) if reason else code

    def phrase_values(self) -> dict[str, str]:
        values = {"agent": self.agent}
        if self.session.caller:
            values["callback_number"] = self.session.caller
        values.update(self.call_values)
        return values

    def copy_phrase(self, text: str) -> None:
        route = self.phrase_clipboard.copy(text)
        if route == "terminal" and not self._told_terminal_clipboard:
            self._told_terminal_clipboard = True
            self.notify(t(self.lang, "clipboard.terminal_fallback"), severity="warning", timeout=8)
        self.notify(t(self.lang, "clipboard.copied", text=text), markup=False)

    async def call_saved(self, call: Call) -> None:
        """After a durable save: refresh the day's figures (a call after a long gap starts
        a new shift)."""
        self.record_saved()
        await self.refresh_shift()

    # The one-second tick ----------------------------------------------------------

    def tick(self) -> None:
        """Redraw what moves with time. Cheap: no I/O but two stats (is the database's
        journal still there?), only the visible screens' clocks."""
        if not self.screen_stack:
            return  # a tick that lands while the app is closing: nothing left to redraw
        now = self.clock.now()
        if self.shift_start_at is not None and self.store_ready:
            # A set start comes round every day: at 22:00 a new shift's figures begin.
            start = self._shift_start(now)
            if start != self.shift_started:
                self.shift_started = start
                self.run_worker(self._recount(list_too=True), group="shift")
        seconds = self.session.timer_seconds(now)
        if self.on_break is not None:
            label = "header.break"
            seconds = self.on_break.running_seconds(now)
        elif self.session.ringing:
            label = "header.ringing"
        elif self.session.phase == "in_call" and not self.session.wrapping_up:
            label = "header.talk"
        elif self.session.phase == "after_call" or self.session.wrapping_up:
            label = "header.after_call"
        else:
            label = ""
        state = HeaderState(
            lang=self.lang,
            agent=self.agent,
            now_local=now.in_timezone(self.desk_tz),
            shift_started=self.shift_started.in_timezone(self.desk_tz),
            stats=self.day_stats,
            timer_label=label,
            timer_seconds=seconds or 0,
            on_break=self.on_break is not None,
            sync=self.background_sync.marker if self.background_sync is not None else None,
        )
        # Every screen the agent can see moves, not only the one on top: the desk's timers
        # keep running behind a dialog, as the call does.
        for screen in self.screen_stack:
            if not screen.is_current:
                continue
            for header in screen.query(StatusHeader):
                header.state = state
        self.clock_ticked.publish(now)
        if self.complaints is not None:
            self.complaints.tick(now)
        if self.keeper is not None:
            self.keeper.tick(now)
        if self.background_sync is not None:
            self.background_sync.tick(
                now, desk_state(self.session, self.on_break, self.ready_since)
            )
        self._watch_journal()

    # Command palette ---------------------------------------------------------------

    def action_command_palette(self) -> None:
        from tui.palette import open_palette

        open_palette(self)

    def search_themes(self) -> None:
        from tui.palette import open_theme_palette

        open_theme_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """What the whole desk can do, in the agent's language (the palette itself lists
        these after the screen's own actions; see tui.palette)."""
        from tui.palette import app_commands

        for command in app_commands(self):
            yield SystemCommand(
                t(self.lang, f"command.{command.ident}"),
                t(self.lang, f"command.{command.ident}.help"),
                command.run,
            )


class _Crash(Exception):
    """What Textual is handed to show for a crash: only the line naming the report."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line

    def __rich__(self) -> OneLine:
        return OneLine(self.line)


def _plain_text(renderable: RenderableType) -> str:
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    Console(file=out, width=100, color_system=None, soft_wrap=True).print(renderable)
    return out.getvalue()


def system_zone() -> str:
    """The machine's IANA zone; UTC when it has only an offset, which no calendar can name."""
    name = str(get_local_timezone().name)
    return name if is_zone(name) else "UTC"
