"""`agentdesk config`: where the settings file lives, and a documented example of it."""

from __future__ import annotations

import click

from tui.domain.break_policy import DEFAULTS_TOML
from tui.domain.settings import THEMES
from tui.store.paths import default_config_path, default_db_path

EXAMPLE = f"""\
# agentdesk settings. Every key is optional; a missing key keeps its default.
# A mistake in this file is reported on the desk with its line, and the desk
# still starts on the defaults.

# Language of the desk: "zh", "en" or "ko".
language = "zh"

# The name shown in the header, stored with every call, and put into phrases as {{agent}}.
# agent = "林小雨"

# The database file (default: {default_db_path()}).
# database = "/path/to/agentdesk.sqlite3"

# Colours: {", ".join(THEMES)}.
theme = "textual-dark"

{DEFAULTS_TOML}"""


@click.command()
@click.option("--example", is_flag=True, help="Print a complete, commented settings file.")
def config(example: bool) -> None:
    """Show where the settings file is, or print an example of it."""
    if example:
        click.echo(EXAMPLE, nl=False)
        return
    path = default_config_path()
    state = "exists" if path.exists() else "not created yet"
    click.echo(f"settings: {path} ({state})")
    click.echo(f"database: {default_db_path()}")
    click.echo("`agentdesk config --example` prints a commented file to start from.")
