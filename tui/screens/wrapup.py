"""F9: wrap the call up. A reason is required; saving is one durable transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from tui.domain.calls import MOODS, NOTE_LIMIT, OUTCOMES, wrapup_problems
from tui.domain.i18n import Lang, t
from tui.widgets.bounded import Capped
from tui.widgets.bounded_area import BoundedTextArea
from tui.widgets.choice_row import ChoiceRow
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings


@dataclass(frozen=True)
class WrapUp:
    outcome: str
    mood: str
    satisfaction: int | None
    note: str


SaveCall = Callable[[WrapUp], Awaitable[str | None]]
"""Saves the call as wrapped up; returns None when saved, else what to tell the agent."""

KeepNote = Callable[[str], None]
"""Told the note on every change, so the call in hand keeps it through a crash."""


def note_count(note: str) -> str:
    """`123/2000`: digits read the same in every language."""
    return f"{len(note)}/{NOTE_LIMIT}"


def saved_notice(lang: Lang, reason_path: str, wrap_up: WrapUp) -> str:
    """What was saved, in words, so a wrong outcome or mood is seen at once, not at payday."""
    parts = [
        reason_path,
        t(lang, f"outcome.{wrap_up.outcome}"),
        t(lang, f"mood.{wrap_up.mood}"),
    ]
    if wrap_up.satisfaction is not None:
        parts.append(t(lang, "wrapup.saved_satisfaction", score=wrap_up.satisfaction))
    return t(lang, "wrapup.saved", summary=" · ".join(parts))


class WrapUpScreen(ModalScreen[WrapUp | None]):
    """Stays open until the call is saved: a failed save is said here, with everything
    the agent chose still in place, and F9 tries again. Esc keeps the call in hand."""

    CSS_PATH = "wrapup.tcss"
    BINDINGS = [
        Binding("f9", "save", "F9", priority=True, id="wrapup.save"),
        Binding("ctrl+s", "save", show=False, priority=True, id="wrapup.save_alt"),
        Binding("escape", "cancel", "Esc", id="wrapup.cancel"),
    ]

    def __init__(
        self,
        lang: Lang,
        reason_path: str,
        reason_code: str,
        *,
        default_outcome: str = OUTCOMES[0],
        save: SaveCall | None = None,
        note: str = "",
        keep_note: KeepNote | None = None,
    ) -> None:
        super().__init__()
        self._save = save
        self._note = note
        self._keep_note = keep_note
        self._saving = False
        translate_bindings(self, lang)
        self._lang = lang
        self._reason_path = reason_path
        self._reason_code = reason_code
        self._default_outcome = default_outcome

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical(id="wrapup-dialog"):
            yield Static(plain(t(lang, "wrapup.title")), id="wrapup-title")
            yield Label(plain(t(lang, "wrapup.reason", path=self._reason_path)), id="wrapup-reason")
            yield Label(plain(t(lang, "wrapup.outcome")), classes="field")
            yield ChoiceRow(
                [(o, t(lang, f"outcome.{o}")) for o in OUTCOMES],
                self._default_outcome,
                id="wrapup-outcome",
            )
            yield Label(plain(t(lang, "wrapup.mood")), classes="field")
            yield ChoiceRow([(m, t(lang, f"mood.{m}")) for m in MOODS], MOODS[0], id="wrapup-mood")
            with Horizontal(id="wrapup-satisfaction-row"):
                yield Label(plain(t(lang, "wrapup.satisfaction")), classes="field")
                yield Input(
                    restrict=r"[1-5]?", max_length=1, id="wrapup-satisfaction", compact=True
                )
            with Horizontal(id="wrapup-note-head"):
                yield Label(plain(t(lang, "wrapup.note", limit=NOTE_LIMIT)), classes="field")
                yield Label(note_count(self._note), id="wrapup-note-count")
            # Lines, not one line: a note of up to 2,000 characters is read back whole.
            # Enter starts a line; Tab moves on; F9 saves from here as from anywhere.
            yield BoundedTextArea(
                self._note, max_length=NOTE_LIMIT, id="wrapup-note", tab_behavior="focus"
            )
            yield Label("", id="wrapup-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#wrapup-outcome", ChoiceRow).focus()

    def _choice(self, selector: str) -> str | None:
        return self.query_one(selector, ChoiceRow).value

    @on(TextArea.Changed, "#wrapup-note")
    def _count(self, event: TextArea.Changed) -> None:
        note = event.text_area.text
        length = len(note)
        count = self.query_one("#wrapup-note-count", Label)
        count.update(note_count(note))
        count.set_class(length >= NOTE_LIMIT, "-full")
        if self._keep_note is not None and note != self._note:
            self._note = note
            self._keep_note(note)
        error = self.query_one("#wrapup-error", Label)
        if length > NOTE_LIMIT:
            error.update(
                plain(t(self._lang, "wrapup.note_too_long", length=length, limit=NOTE_LIMIT))
            )
        else:
            error.update("")

    @on(Capped, "#wrapup-note")
    def _capped(self, event: Capped) -> None:
        event.stop()
        self.query_one("#wrapup-error", Label).update(plain(event.text(self._lang)))

    def action_cancel(self) -> None:
        if not self._saving:  # closing mid-save would cut its transaction short
            self.dismiss(None)

    async def action_save(self) -> None:
        if self._saving:
            return  # the save under way is never cancelled or doubled
        outcome = self._choice("#wrapup-outcome")
        mood = self._choice("#wrapup-mood")
        note = self.query_one("#wrapup-note", TextArea).text
        problems = wrapup_problems(
            reason_code=self._reason_code, outcome=outcome, mood=mood, note=note
        )
        if problems:
            key = next(iter(problems.values()))
            self.query_one("#wrapup-error", Label).update(
                plain(t(self._lang, key, length=len(note), limit=NOTE_LIMIT))
            )
            return
        raw = self.query_one("#wrapup-satisfaction", Input).value
        assert outcome is not None and mood is not None
        result = WrapUp(outcome, mood, int(raw) if raw else None, note)
        if self._save is None:
            self.dismiss(result)
            return
        self._saving = True
        self.query_one("#wrapup-error", Label).update(plain(t(self._lang, "call.saving")))
        self._run_save(result)

    # A worker, so the dialog keeps answering keys while the disk is slow or locked.
    @work(group="wrapup-save", exit_on_error=False)
    async def _run_save(self, result: WrapUp) -> None:
        assert self._save is not None
        try:
            problem = await self._save(result)
        finally:
            self._saving = False
        if problem is not None:
            self.query_one("#wrapup-error", Label).update(plain(problem))
            return
        self.dismiss(result)
