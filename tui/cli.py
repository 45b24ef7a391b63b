"""The `agentdesk` command: the desk by default, plus export, promise, verify, sync and publish.

Imports stay inside the commands: `agentdesk export` must not pay for Textual, and the
desk must not pay for the exporters.
"""

from __future__ import annotations

import importlib
from datetime import time
from pathlib import Path
from typing import Any

import click

from tui import __version__
from tui.commands.config import config
from tui.commands.context import GroupOptions


def _zone(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from tui.domain.zones import is_zone

    if value is not None and not is_zone(value):
        raise click.BadParameter(
            f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai"
        )
    return value


def _clock_time(ctx: click.Context, param: click.Parameter, value: str | None) -> time | None:
    from tui.domain.shift import parse_clock_time

    if value is None:
        return None
    start = parse_clock_time(value)
    if start is None:
        raise click.BadParameter(f"{value!r} is not a time of day; write it as HH:MM, e.g. 22:00")
    return start


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="agentdesk")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file, for the desk and every command. Without it: AGENTDESK_DB, then"
    " `database` in the settings file, then the user data folder.",
)
@click.option("--agent", help="Agent name shown on the desk and stored with each call.")
@click.option("--lang", type=click.Choice(["zh", "en", "ko"]), help="Language of the desk.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="AGENTDESK_CONFIG",
    help="Settings file (default: the user config folder; env AGENTDESK_CONFIG).",
)
@click.option(
    "--zone",
    callback=_zone,
    help="IANA time zone every time on the desk is shown in (default: the system's).",
)
@click.option(
    "--shift-start",
    metavar="HH:MM",
    callback=_clock_time,
    help="When the shift starts, in the desk's zone: today's figures count from it.",
)
@click.pass_context
def main(
    ctx: click.Context,
    db: Path | None,
    agent: str | None,
    lang: str | None,
    config: Path | None,
    zone: str | None,
    shift_start: time | None,
) -> None:
    """agentdesk: the agent desk. Without a command, starts the desk."""
    from tui.domain import i18n
    from tui.store.paths import cache_dir

    i18n.use_cache_dir(cache_dir())
    ctx.obj = GroupOptions(db=db, config=config, lang=lang, agent=agent)
    if ctx.invoked_subcommand is not None:
        return
    from tui.app_factory import make_app
    from tui.services import heap

    heap.hold_for_start()  # resumed by the desk once it acts on keys
    app = make_app(
        db=db,
        agent=agent,
        lang=lang,
        config=config,
        zone=zone,
        shift_start=shift_start,
        phone_link=True,
    )
    code = app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
    if code:
        raise SystemExit(code)


class LazyCommand(click.Command):
    """A subcommand whose module is imported only when it is run (or asked for --help).

    `promise` pulls in the deadline arithmetic and the `holidays` tables, `verify` the
    register's hashing and the receipts, `export` the writers; registering them this way
    keeps them off the start-up path of the desk (benchmarked) and of the other commands.
    """

    def __init__(self, name: str, target: str, short_help: str) -> None:
        super().__init__(name, short_help=short_help, help=short_help)
        self._target = target

    def load(self) -> click.Command:
        module, _, attribute = self._target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        return self.load().make_context(info_name, args, parent=parent, **extra)


main.add_command(
    LazyCommand(
        "export",
        "tui.commands.export:export",
        "Write records as CSV or JSON, to stdout or --output FILE. The database is only read.",
    )
)
main.add_command(
    LazyCommand(
        "verify",
        "tui.commands.verify:verify",
        "Prove the complaint register untouched, or name the first altered event.",
    )
)
main.add_command(
    LazyCommand(
        "reassign",
        "tui.commands.reassign:reassign",
        "Give a complaint to another agent at the central store (a shift lead's action).",
    )
)
main.add_command(
    LazyCommand(
        "lead",
        "tui.commands.lead:lead",
        "The shift lead's board: the team's open complaints and the floor, from central.",
    )
)
main.add_command(
    LazyCommand(
        "promise",
        "tui.commands.promise:promise",
        "Print the promised reply deadline for a complaint class and opening time.",
    )
)
main.add_command(config)
main.add_command(
    LazyCommand(
        "publish",
        "tui.commands.publish:publish",
        "Publish the reference files (reasons, phrases, rules, break policy) to the central store.",
    )
)
main.add_command(
    LazyCommand(
        "sync",
        "tui.commands.sync:sync",
        "Push this workstation's records to the central store, and take what is new there.",
    )
)
main.add_command(
    LazyCommand(
        "figures",
        "tui.commands.figures:figures",
        "A shift lead's pictures of the shift and month, and the monthly scorecards.",
    )
)
main.add_command(
    LazyCommand(
        "softphone",
        "tui.commands.softphone:softphone",
        "Follow a softphone's calls (baresip) and drive the desk with them.",
    )
)
for _name, _help in (
    ("ring", "The softphone is ringing: the desk starts the call with the number filled."),
    ("answer", "The softphone was picked up: the real talk start."),
    ("hangup", "The softphone was put down: the real talk end; after-call work begins."),
):
    main.add_command(LazyCommand(_name, f"tui.commands.phone:{_name}", _help))
