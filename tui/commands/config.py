"""`agentdesk config`: where the settings file lives, and a documented example of it."""

from __future__ import annotations

import textwrap

import click
from textual.theme import BUILTIN_THEMES

from tui.commands.context import database, group_options
from tui.domain.break_policy import DEFAULTS_TOML
from tui.services.settings_file import settings_path
from tui.store.paths import default_db_path

_THEMES = textwrap.fill(
    ", ".join(sorted(BUILTIN_THEMES)),
    width=86,
    initial_indent="# ",
    subsequent_indent="# ",
    break_on_hyphens=False,
)

KEYMAP_TOML = """\
# Keys of your own: a binding's id (see "The keymap" in the README) and the keys you
# want for it, in quotes; several are separated by commas. The old key stops working,
# and the footer and help show the new one. For example:
# [keymap]
# "desk.new_call" = "f12"
# "desk.wrap_up" = "f10,ctrl+w"
"""

EXAMPLE = f"""\
# agentdesk settings. Every key is optional; a missing key keeps its default.
# A mistake in this file is reported on the desk with its line, and that setting
# keeps its default; a file that is not valid TOML is not used at all until fixed.

# Language of the desk: "zh", "en" or "ko".
language = "zh"

# The name shown in the header, stored with every call, and put into phrases as {{agent}}.
# agent = "林小雨"

# The database file (default: {default_db_path()}).
# database = "/path/to/agentdesk.sqlite3"

# Colours: any of these themes. Ctrl+P, Theme tries them on the desk, and the one
# picked there is written here (the rest of this file is kept as it is).
{_THEMES}
theme = "textual-dark"

# The desk's time zone (an IANA name; default: the system's). The header clock, today's
# calls, the queue, the complaint history and every deadline told to a customer are in
# it. Deadlines are still counted on each class's own calendar and its zone.
# zone = "Asia/Shanghai"

# When your shift starts, in the desk's zone: calls and satisfaction "today" count from
# the latest such time, so a night shift is not cut at midnight. Without it they count
# from the start of your current run of calls and breaks (a gap of over 4 hours ends
# a shift), so restarting the desk mid-shift keeps them.
# shift_start = "22:00"

# The central store `agentdesk sync` pushes this workstation's records into: a SQLite
# file or PostgreSQL. Keep the password out of here: PGPASSWORD or ~/.pgpass.
# central = "postgresql://agentdesk@db.example/callcenter"
# This workstation's name in the central store (default: the host name).
# station = "floor2-07"

{DEFAULTS_TOML}
{KEYMAP_TOML}"""


_SOURCES = {
    "--db": "--db",
    "AGENTDESK_DB": "AGENTDESK_DB",
    "config": "the settings file",
    "default": "the default",
}


@click.command()
@click.option("--example", is_flag=True, help="Print a complete, commented settings file.")
def config(example: bool) -> None:
    """Show where the settings file is, or print an example of it."""
    if example:
        click.echo(EXAMPLE, nl=False)
        return
    path = settings_path(group_options().config)
    state = "exists" if path.exists() else "not created yet"
    click.echo(f"settings: {path} ({state})")
    db, source = database(warn_as="agentdesk config")
    click.echo(f"database: {db} (from {_SOURCES[source]})")
    click.echo("`agentdesk config --example` prints a commented file to start from.")
