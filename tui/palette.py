"""The command palette (Ctrl+P) in the agent's language.

It offers every action of the screen it was opened on (the desk's F-keys, the queue's
letters, the complaint form's keys, the reset's...) with the keys they have now (a
`[keymap]` included), then what the whole desk can do: export today's calls, verify the
complaint register, change the theme (saved in config.toml), quit. Commands are matched
as the reason picker matches reasons (tui.domain.command_search: pinyin initials,
Hangul initials). Textual's own system commands are left out: the desk has its own help
(F1), and a screenshot file would leave customers' data lying in the working folder.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

from tui.domain.i18n import LANGS, Lang, catalog, t
from tui.widgets.translated_bindings import key_display

if TYPE_CHECKING:
    from tui.app import AgentDeskApp

_SCORES = (1.0, 0.9, 0.7)
"""Hit scores by MatchKind (exact, prefix, substring): the palette sorts on them."""
_KEY_WIDTH = 5


@dataclass(frozen=True)
class PaletteCommand:
    ident: str
    """The catalog names its title `command.<ident>` and its help `command.<ident>.help`."""
    run: Callable[[], Awaitable[Any] | Any]
    key: str = ""
    """The key that runs it now, as Textual names it (`f2`)."""
    shown_key: str = ""
    """That key as the footer shows it (`F2`)."""
    title: str = ""
    """A title of its own (a theme's name) instead of the catalog's."""
    help: str = ""


class DeskPalette(CommandPalette):
    """Textual's palette, with its placeholder and its "No matches found" translated."""

    def __init__(
        self,
        lang: Lang,
        providers: Iterable[type[Provider]] | None = None,
        *,
        placeholder: str = "palette.placeholder",
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=t(lang, placeholder), id=id)
        self.lang: Lang = lang

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version writes "No matches found" in English; this is the same
        # countdown with the agent's words.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t(self.lang, "palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def open_palette(app: AgentDeskApp) -> None:
    # CommandPalette.is_open asks the same of an App[object], which an App[int] is not.
    if not app.screen.has_class("--textual-command-palette"):
        app.push_screen(DeskPalette(app.lang, id="--command-palette"))


def open_theme_palette(app: AgentDeskApp) -> None:
    app.push_screen(DeskPalette(app.lang, [ThemeCommands], placeholder="palette.theme_placeholder"))


# What the palette offers ---------------------------------------------------------


def screen_commands(app: AgentDeskApp, screen: Screen[Any]) -> list[PaletteCommand]:
    """Every action of `screen` (and its focused widget) that does something now and
    has a command title, with the key it has now."""
    strings = catalog()
    chain = [node for node, _ in screen._modal_binding_chain]
    found: dict[str, tuple[int, int, PaletteCommand]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        ident = binding.id
        if not ident or not active.enabled or f"command.{ident}" not in strings:
            continue
        if ident in found:
            continue
        declared = [b.id for bs in active.node._bindings.key_to_bindings.values() for b in bs]
        order = (chain.index(active.node), declared.index(ident) if ident in declared else 0)

        async def run(action: str = binding.action, node: Any = active.node) -> None:
            await app.run_action(action, node)

        shown = key_display(binding) or app.get_key_display(binding)
        found[ident] = (*order, PaletteCommand(ident, run, key, shown))
    return [command for *_, command in sorted(found.values(), key=lambda item: item[:2])]


def app_commands(app: AgentDeskApp) -> list[PaletteCommand]:
    """What the whole desk can do from any screen."""
    return [
        PaletteCommand("palette.export", partial(start_export, app)),
        PaletteCommand("palette.verify", partial(start_verify, app)),
        PaletteCommand("palette.theme", partial(open_theme_palette, app)),
        PaletteCommand("palette.quit", app.action_quit, "ctrl+q", "^Q"),
    ]


class _Commands(Provider):
    """Matches its commands with the reason picker's rules and shows them with their key."""

    commands: list[PaletteCommand]

    @property
    def lang(self) -> Lang:
        lang: Lang = getattr(self.app, "lang", "en")
        return lang

    def _title(self, command: PaletteCommand, lang: Lang) -> str:
        return command.title or t(lang, f"command.{command.ident}")

    def _help(self, command: PaletteCommand) -> str | None:
        key = f"command.{command.ident}.help"
        text = command.help or (t(self.lang, key) if key in catalog() else "")
        return escape(text) if text else None

    def _prompt(self, command: PaletteCommand, spans: Iterable[tuple[int, int]]) -> Content:
        title = self._title(command, self.lang)
        # Titles line up whether or not a command has a key of its own; a theme's has none.
        prefix = command.shown_key.ljust(_KEY_WIDTH) if not command.title else ""
        content = Content(prefix + title)
        if prefix:
            content = content.stylize("bold", 0, len(command.shown_key))
        style = self.match_style or "reverse"
        for start, end in spans:
            content = content.stylize(style, len(prefix) + start, len(prefix) + end)
        return content

    async def discover(self) -> Hits:
        for command in self.commands:
            yield DiscoveryHit(
                self._prompt(command, ()),
                command.run,
                text=self._title(command, self.lang),
                help=self._help(command),
            )

    async def search(self, query: str) -> Hits:
        from tui.domain.command_search import Searchable, search_commands

        searchable = [
            Searchable(
                command.ident,
                {lang: self._title(command, lang) for lang in LANGS},
                self.lang,
                command.key,
            )
            for command in self.commands
        ]
        for found in search_commands(searchable, query):
            command = self.commands[found.index]
            yield Hit(
                _SCORES[found.kind],
                self._prompt(command, found.spans),
                command.run,
                text=self._title(command, self.lang),
                help=self._help(command),
            )


class DeskCommands(_Commands):
    """The screen's actions, then the desk's."""

    async def startup(self) -> None:
        app: AgentDeskApp = self.app  # type: ignore[assignment]
        self.commands = [*screen_commands(app, self.screen), *app_commands(app)]


class ThemeCommands(_Commands):
    """Every theme the desk has; the one picked is used at once and saved."""

    async def startup(self) -> None:
        app: AgentDeskApp = self.app  # type: ignore[assignment]
        current = t(app.lang, "palette.theme_current")
        self.commands = [
            PaletteCommand(
                f"theme.{name}",
                partial(choose_theme, app, name),
                title=name,
                help=current if name == app.theme else "",
            )
            for name in sorted(app.available_themes)
        ]


# Theme -------------------------------------------------------------------------------

_SAVING = threading.Lock()


def choose_theme(app: AgentDeskApp, name: str) -> None:
    app.theme = name
    if app.config_path is not None:
        app.run_worker(
            partial(_save_theme, app), thread=True, group="theme-save", exit_on_error=False
        )


def _save_theme(app: AgentDeskApp) -> None:
    from tui.services.settings_file import save_setting

    path = app.config_path
    assert path is not None
    with _SAVING:
        # The theme in use when the lock is had: of two quick picks, the last one wins.
        theme = app.theme
        try:
            save_setting(path, "theme", theme)
        except ValueError as exc:  # tomlkit's ParseError: the file has a mistake
            line = getattr(exc, "line", "?")
            message = t(
                app.lang, "palette.theme_not_saved_broken", theme=theme, path=path, line=line
            )
            app.call_from_thread(app.notify, message, severity="warning", timeout=15)
            return
        except OSError as exc:
            reason = t(app.lang, f"file.fault.{file_fault(exc)}")
            message = t(app.lang, "palette.theme_not_saved", theme=theme, path=path, reason=reason)
            app.call_from_thread(app.notify, message, severity="warning", timeout=15)
            return
    app.call_from_thread(app.notify, t(app.lang, "palette.theme_saved", theme=theme, path=path))


def file_fault(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return "denied"
    return "io"


# Export ------------------------------------------------------------------------------


def start_export(app: AgentDeskApp) -> None:
    app.run_worker(export_shift_calls(app), group="palette-export", exit_on_error=False)


async def export_shift_calls(app: AgentDeskApp) -> None:
    """Write this shift's calls to a CSV file in the agent's documents, and say where."""
    import sqlite3

    from tui.domain.clock import to_iso
    from tui.services.calls_export import export_folder, write_shift_calls
    from tui.store.readonly import CannotRead

    lang = app.lang
    since = app.start_of_today()
    day = since.in_timezone(app.desk_tz).format("YYYY-MM-DD")
    target = export_folder() / f"agentdesk-calls-{day}.csv"
    try:
        count = await asyncio.to_thread(
            write_shift_calls,
            app.db_path,
            target,
            agent=app.agent,
            since_iso=to_iso(since),
            lang=lang,
        )
    except (CannotRead, sqlite3.DatabaseError) as exc:
        from tui.store.faults import fault_of

        reason = t(lang, f"store.fault.{fault_of(exc)}")
        app.notify(t(lang, "palette.export_unreadable", reason=reason), severity="error")
        return
    except OSError as exc:
        reason = t(lang, f"file.fault.{file_fault(exc)}")
        app.notify(
            t(lang, "palette.export_failed", path=target, reason=reason),
            severity="error",
            timeout=15,
        )
        return
    if count == 0:
        app.notify(t(lang, "palette.export_none"))
    else:
        app.notify(t(lang, "palette.export_done", count=count, path=target), timeout=15)


# Verify ------------------------------------------------------------------------------


def start_verify(app: AgentDeskApp) -> None:
    app.notify(t(app.lang, "palette.verify_running"), timeout=3)
    app.run_worker(verify_register_now(app), group="palette-verify", exit_on_error=False)


async def verify_register_now(app: AgentDeskApp) -> None:
    """`agentdesk verify` on the desk's database, its answer in a notification: the
    register proven untouched, or where it was altered."""
    import sqlite3

    from tui.services.fault_lines import fault_line
    from tui.services.verify_words import (
        describe,
        describe_undecodable,
        problem_line,
        verify_totals,
    )
    from tui.store.complaints import NothingToVerify, verify_register
    from tui.store.file_check import FileProblem, check_file
    from tui.store.migrations import DatabaseTooNew

    lang, path = app.lang, app.db_path
    try:
        undecodable = await asyncio.to_thread(check_file, path)
        result = None if undecodable else await verify_register(path)
    except FileNotFoundError:
        return _verify_said(app, t(lang, "verify.no_database", path=str(path)), "error")
    except FileProblem as problem:
        return _verify_said(app, problem_line(problem, path, lang)[1], "error")
    except NothingToVerify as error:
        line = t(
            lang, f"verify.{error.why}", path=error.path, detail=error.detail, version=error.version
        )
        return _verify_said(app, line, "warning")
    except DatabaseTooNew as error:
        line = t(lang, "verify.too_new", path=str(path), found=error.found, known=error.known)
        return _verify_said(app, line, "error")
    except (OSError, sqlite3.Error) as exc:
        found = fault_line(exc, path, lang)
        if found is None:
            raise
        return _verify_said(app, found[1], "error")
    if result is None:
        lines = [t(lang, "verify.altered", count=len(undecodable))]
        lines += [describe_undecodable(entry, lang) for entry in undecodable[:3]]
        return _verify_said(app, "\n".join(lines), "error")
    if result.ok:
        line = t(lang, "verify.ok", **verify_totals(result.complaints, result.events, lang))
        return _verify_said(app, line, "information")
    lines = []
    if result.first is not None:
        lines += [
            t(lang, "verify.altered", count=len(result.problems)),
            describe(result.first, lang),
        ]
    lines += [t(lang, "verify.guard_missing", name=name) for name in result.missing_guards]
    lines += [t(lang, "verify.guard_altered", name=name) for name in result.altered_guards]
    _verify_said(app, "\n".join(lines), "error")


def _verify_said(app: AgentDeskApp, text: str, severity: Any) -> None:
    app.notify(text, severity=severity, timeout=30 if severity != "information" else 10)
    if severity == "error":
        app.bell()
