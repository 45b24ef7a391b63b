"""The `agentdesk` command: the desk by default, plus export, promise and verify.

Imports stay inside the commands: `agentdesk export` must not pay for Textual, and the
desk must not pay for the exporters.
"""

from __future__ import annotations

from pathlib import Path

import click

from tui.commands.export import export


@click.group(invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="AGENTDESK_DB",
    help="Database file (default: the user data folder; env AGENTDESK_DB).",
)
@click.option("--agent", help="Agent name shown on the desk and stored with each call.")
@click.option("--lang", type=click.Choice(["zh", "en", "ko"]), help="Language of the desk.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="AGENTDESK_CONFIG",
    help="Settings file (default: the user config folder; env AGENTDESK_CONFIG).",
)
@click.pass_context
def main(
    ctx: click.Context,
    db: Path | None,
    agent: str | None,
    lang: str | None,
    config: Path | None,
) -> None:
    """agentdesk: the agent desk. Without a command, starts the desk."""
    if ctx.invoked_subcommand is not None:
        return
    from tui.app_factory import make_app

    app = make_app(db=db, agent=agent, lang=lang, config=config)
    code = app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
    if code:
        raise SystemExit(code)


main.add_command(export)
