"""The board's dialogs: a complaint's whole history with its chain's verification, and
the two things a lead does to a complaint (reassign with a reason, escalate)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.domain.i18n import Lang, t
from tui.domain.phone import mask_digit_runs
from tui.domain.plain_text import shown
from tui.domain.register import Event, verify_chain


def history_text(
    lang: Lang,
    facts: Mapping[str, object] | None,
    events: Sequence[Event],
    zone: str,
    *,
    unmask: bool,
) -> tuple[Text, bool]:
    """The chain, one event a line, under its verification; and whether it verified."""
    cid = events[0].complaint_id if events else ""
    problems = verify_chain({cid: facts} if facts is not None else {}, events)
    out = Text()
    if problems or not events:
        out.append(t(lang, "lead.history.broken", count=len(problems)) + "\n", style="bold red")
        for problem in problems:
            out.append(f"  ✗ {shown(problem.reason)}\n")
    else:
        head = events[-1].hash[:16]
        out.append(
            t(lang, "lead.history.verified", count=len(events), head=head) + "\n",
            style="bold green",
        )
    for event in events:
        when = pendulum.parse(event.at).in_timezone(zone).format("MM-DD HH:mm:ss")  # type: ignore[union-attr]
        payload = event.payload if unmask else mask_digit_runs(event.payload)
        out.append(f"{event.seq:>3} {when} {shown(event.kind):<18} {shown(event.actor):<10} ")
        out.append(shown(payload)[:200] + "\n", style="dim")
    return out, not problems and bool(events)


class HistoryDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", show=False)]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Static(Text(self.title_text), id="history-title")
            with VerticalScroll():
                yield Static(self.body, id="history-body")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


@dataclass(frozen=True)
class ActionAnswer:
    agent: str
    reason: str


class ActionDialog(ModalScreen[ActionAnswer | None]):
    """Reassign (an agent and a reason) or escalate (a reason): Enter does it, Esc not."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, lang: Lang, title: str, *, ask_agent: bool) -> None:
        super().__init__()
        self.lang = lang
        self.title_text = title
        self.ask_agent = ask_agent

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="action-box"):
            yield Static(Text(self.title_text), id="action-title")
            if self.ask_agent:
                yield Input(
                    placeholder=t(lang, "lead.action.agent"), id="action-agent", max_length=64
                )
            yield Input(
                placeholder=t(lang, "lead.action.reason"), id="action-reason", max_length=400
            )
            yield Static(Text(t(lang, "lead.action.hint")), id="action-hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        agent = self.query_one("#action-agent", Input).value.strip() if self.ask_agent else ""
        reason = self.query_one("#action-reason", Input).value.strip()
        hint = self.query_one("#action-hint", Static)
        if self.ask_agent and not agent:
            hint.update(Text(t(self.lang, "lead.action.need_agent")))
            self.query_one("#action-agent", Input).focus()
            return
        if not reason:
            if event.input.id == "action-agent":
                self.query_one("#action-reason", Input).focus()
                return
            hint.update(Text(t(self.lang, "lead.action.need_reason")))
            return
        self.dismiss(ActionAnswer(agent, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
