"""F9: wrap the call up. A reason is required; saving is one durable transaction."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from tui.domain.calls import MOODS, NOTE_LIMIT, OUTCOMES, wrapup_problems
from tui.domain.i18n import Lang, t
from tui.widgets.choice_row import ChoiceRow
from tui.widgets.translated_bindings import translate_bindings


@dataclass(frozen=True)
class WrapUp:
    outcome: str
    mood: str
    satisfaction: int | None
    note: str


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
    CSS_PATH = "wrapup.tcss"
    BINDINGS = [
        Binding("f9", "save", "F9", priority=True, id="wrapup.save"),
        Binding("ctrl+s", "save", show=False, priority=True, id="wrapup.save_alt"),
        Binding("escape", "dismiss(None)", "Esc", id="wrapup.cancel"),
    ]

    def __init__(
        self,
        lang: Lang,
        reason_path: str,
        reason_code: str,
        *,
        default_outcome: str = OUTCOMES[0],
    ) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang
        self._reason_path = reason_path
        self._reason_code = reason_code
        self._default_outcome = default_outcome

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical(id="wrapup-dialog"):
            yield Static(t(lang, "wrapup.title"), id="wrapup-title")
            yield Label(
                t(lang, "wrapup.reason", path=self._reason_path), id="wrapup-reason", markup=False
            )
            yield Label(t(lang, "wrapup.outcome"), classes="field")
            yield ChoiceRow(
                [(o, t(lang, f"outcome.{o}")) for o in OUTCOMES],
                self._default_outcome,
                id="wrapup-outcome",
            )
            yield Label(t(lang, "wrapup.mood"), classes="field")
            yield ChoiceRow([(m, t(lang, f"mood.{m}")) for m in MOODS], MOODS[0], id="wrapup-mood")
            with Horizontal(id="wrapup-satisfaction-row"):
                yield Label(t(lang, "wrapup.satisfaction"), classes="field")
                yield Input(
                    restrict=r"[1-5]?", max_length=1, id="wrapup-satisfaction", compact=True
                )
            yield Label(t(lang, "wrapup.note", limit=NOTE_LIMIT), classes="field")
            yield Input(id="wrapup-note")
            yield Label("", id="wrapup-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Footer).compact = True
        self.query_one("#wrapup-outcome", ChoiceRow).focus()

    def _choice(self, selector: str) -> str | None:
        return self.query_one(selector, ChoiceRow).value

    @on(Input.Changed, "#wrapup-note")
    def _count(self, event: Input.Changed) -> None:
        length = len(event.value)
        error = self.query_one("#wrapup-error", Label)
        if length > NOTE_LIMIT:
            error.update(t(self._lang, "wrapup.note_too_long", length=length, limit=NOTE_LIMIT))
        else:
            error.update("")

    @on(Input.Submitted, "#wrapup-note")
    def _submit(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        outcome = self._choice("#wrapup-outcome")
        mood = self._choice("#wrapup-mood")
        note = self.query_one("#wrapup-note", Input).value
        problems = wrapup_problems(
            reason_code=self._reason_code, outcome=outcome, mood=mood, note=note
        )
        if problems:
            key = next(iter(problems.values()))
            self.query_one("#wrapup-error", Label).update(
                t(self._lang, key, length=len(note), limit=NOTE_LIMIT)
            )
            return
        raw = self.query_one("#wrapup-satisfaction", Input).value
        assert outcome is not None and mood is not None
        self.dismiss(WrapUp(outcome, mood, int(raw) if raw else None, note))
