"""F1: what every key does, in the agent's language, read from the live bindings.

Each section lists the bindings of the screens and widgets it names, with the keys they
have now (after the agent's keymap): the help cannot name a key the desk does not answer
to, nor leave one out. Bindings for one action (F9 and Ctrl+S both save, ↑ and ↓ both
move, 1 to 9 all pick) share a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.domain.i18n import Lang, catalog, t
from tui.domain.keyboard import keys_label
from tui.widgets.key_footer import KeyFooter, keymapped, live_labels
from tui.widgets.plain import plain
from tui.widgets.translated_bindings import translate_bindings

HELP_TEXT = {
    # Written before the help was built from the bindings; kept as they are.
    "desk.help": "help.f1",
    "desk.new_call": "help.f2",
    "desk.reasons": "help.f3",
    "desk.phrases": "help.f4",
    "desk.complaint": "help.f5",
    "desk.queue": "help.f6",
    "desk.snooze": "help.f7",
    "desk.break": "help.f8",
    "desk.dismiss": "help.shift_f8",
    "desk.wrap_up": "help.f9",
    "app.palette": "help.palette",
    "app.quit": "help.quit",
    "reasons.1": "help.digits",
    "phrases.1": "help.digits",
    "choices.pick_1": "help.digits",
}


@dataclass(frozen=True)
class Section:
    title: str
    """Catalog key; `{key}` in it is the desk key that opens what it describes."""
    sources: Sequence[str]
    """Import paths (`module:Class`) of the screens and widgets whose keys it lists."""
    opened_by: str | None = None
    enter: str | None = None
    """Catalog key for Enter, where a text field takes Enter rather than a binding."""
    overrides: dict[str, str] = field(default_factory=dict)
    """Binding id to catalog key, for a binding that means something else here."""


SECTIONS = (
    Section("help.section.desk", ("tui.screens.desk:DeskScreen", "tui.app:AgentDeskApp")),
    Section(
        "help.section.reasons",
        ("tui.widgets.reason_picker:ReasonPicker", "tui.screens.reason_picker:ReasonPickerScreen"),
        opened_by="desk.reasons",
        enter="help.list.enter",
    ),
    Section(
        "help.section.phrases",
        ("tui.screens.phrases:PhrasesScreen",),
        opened_by="desk.phrases",
        enter="help.phrases.enter",
    ),
    Section("help.section.fill", ("tui.screens.fill_prompt:FillPromptScreen",)),
    Section(
        "help.section.wrapup",
        ("tui.screens.wrapup:WrapUpScreen", "tui.widgets.choice_row:ChoiceRow"),
        opened_by="desk.wrap_up",
    ),
    Section(
        "help.section.cform",
        ("tui.screens.complaint_form:ComplaintFormScreen",),
        opened_by="desk.complaint",
    ),
    Section(
        "help.section.queue",
        ("tui.screens.queue:QueueScreen", "tui.widgets.queue_list:QueueList"),
        opened_by="desk.queue",
    ),
    Section("help.section.event", ("tui.screens.event_form:EventFormScreen",)),
    Section("help.section.history", ("tui.screens.complaint_history:ComplaintHistoryScreen",)),
    Section(
        "help.section.reset",
        ("tui.screens.reset:ResetScreen",),
        overrides={"desk.new_call": "help.reset.new_call"},
    ),
)


@dataclass(frozen=True)
class HelpRow:
    keys: str
    text: str


def help_key(ident: str, overrides: dict[str, str] | None = None) -> str:
    """The catalog key explaining the binding `ident`."""
    if overrides and ident in overrides:
        return overrides[ident]
    return HELP_TEXT.get(ident, f"help.{ident}")


def node_class(path: str) -> type[DOMNode]:
    """The screen or widget class a section names, "module:Class"."""
    from importlib import import_module

    module, name = path.split(":")
    found: type[DOMNode] = getattr(import_module(module), name)
    return found


def _bindings(app: App[object], cls: type[DOMNode]) -> BindingsMap:
    """`cls`'s bindings as they are now: the live node's when one is on screen (it may have
    bindings of its own), the class's otherwise; the keymap applied either way."""
    for screen in app.screen_stack:
        for node in (screen, *screen.query("*")):
            if type(node) is cls:
                return keymapped(node._bindings, app)
    return keymapped(declared_bindings(cls), app)


def declared_bindings(cls: type[DOMNode]) -> BindingsMap:
    """`cls`'s bindings as its class and bases declare them, before any keymap."""
    merged = cls._merged_bindings
    return merged if merged is not None else BindingsMap()


def _action_name(action: str) -> str:
    return re.sub(r"\(.*\)$", "", action)


def section_rows(app: App[object], lang: Lang, section: Section) -> list[HelpRow]:
    """One row per action of the section's bindings, with every key that runs it now."""
    strings = catalog()
    groups: dict[tuple[int, str], list[Binding]] = {}
    for n, path in enumerate(section.sources):
        for key_bindings in _bindings(app, node_class(path)).key_to_bindings.values():
            for binding in key_bindings:
                if binding.id:
                    groups.setdefault((n, _action_name(binding.action)), []).append(binding)
    # Insertion order: the sections' sources in turn, each in the order it declares keys.
    # A line is explained by the first of its bindings with a help string; a group with
    # none (Textual's own unnamed keys) is not the desk's. A test holds every desk binding
    # to a line.
    rows = []
    for bindings in groups.values():
        texts = [help_key(b.id or "", section.overrides) for b in bindings]
        text = next((key for key in texts if key in strings), None)
        if text is not None:
            rows.append(HelpRow(keys_label([b.key for b in bindings]), t(lang, text)))
    if section.enter:
        rows.insert(0, HelpRow(keys_label(["enter"]), t(lang, section.enter)))
    return rows


def help_rows(app: App[object], lang: Lang) -> list[tuple[str, list[HelpRow]]]:
    """Every section's title (in `lang`, with the key that opens it) and rows."""
    # The sections' keys are the desk's: its screen is the one that opens this help.
    # Found by that binding, not by its class, which would make the desk and its help
    # import each other.
    found = (live_labels(screen) for screen in app.screen_stack)
    labels = next((each for each in found if "desk.help" in each), {})
    result = []
    for section in SECTIONS:
        opener = labels.get(section.opened_by or "", "")
        result.append((t(lang, section.title, key=opener), section_rows(app, lang, section)))
    return result


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Esc", id="help.close"),
        Binding("f1", "dismiss(None)", show=False, id="help.close_f1"),
    ]

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        translate_bindings(self, lang)
        self._lang = lang

    def compose(self) -> ComposeResult:
        sections = help_rows(self.app, self._lang)
        # One key column for every section, so the explanations line up down the page.
        width = max(cell_len(row.keys) for _, rows in sections for row in rows)
        with VerticalScroll(id="help-dialog"):
            yield Static(plain(t(self._lang, "help.title")), id="help-title")
            for title, rows in sections:
                yield Static(plain(title), classes="help-section")
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True, width=width)
                table.add_column(ratio=1)
                for row in rows:
                    table.add_row(plain(row.keys), plain(row.text))
                yield Static(table, classes="help-keys")
        yield KeyFooter()
