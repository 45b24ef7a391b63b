"""`agentdesk lead`: the shift lead's board over the central store. Exit status: 0 closed,
2 the central store cannot be used or named."""

from __future__ import annotations

import getpass

import click

EXIT_CENTRAL = 2


@click.command("lead")
@click.option(
    "--central",
    "central_url",
    metavar="URL",
    help="The central store: sqlite:///path/central.db or postgresql://user@host/db."
    " Default: `central` in config.toml, else the embedded store central.db in the user"
    " data folder.",
)
@click.option(
    "--refresh",
    "refresh_s",
    type=click.FloatRange(1, 3600),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="How often the board reads central again (F5 reads it at once).",
)
@click.option(
    "--unmask",
    is_flag=True,
    help="Show customers' names and numbers. Every view is then logged at central, with"
    " who and when.",
)
@click.option(
    "--lead",
    "lead_name",
    help="Who is looking (default: `agent` in config.toml, else the login name).",
)
def lead(central_url: str | None, refresh_s: float, unmask: bool, lead_name: str | None) -> None:
    """The shift lead's board: the team's open complaints and the floor, live."""
    from tui.app import system_zone
    from tui.central.connection import CentralError
    from tui.central.migrations import migrate_central
    from tui.central.opener import open_central
    from tui.central.url import BadCentralUrl
    from tui.commands.context import group_options
    from tui.domain.i18n import as_lang
    from tui.lead.app import LeadApp
    from tui.lead.read import default_central_path
    from tui.services.settings_file import load_settings, settings_path

    options = group_options()
    settings, _ = load_settings(settings_path(options.config))
    url = central_url or settings.central or f"sqlite:///{default_central_path()}"
    if url.startswith("sqlite:///"):
        default_central_path().parent.mkdir(parents=True, exist_ok=True)
    try:
        central = open_central(url)
        migrate_central(central)
    except (CentralError, BadCentralUrl) as error:
        click.echo(f"agentdesk lead: {error}", err=True)
        raise SystemExit(EXIT_CENTRAL) from None
    app = LeadApp(
        central,
        lead=lead_name or options.agent or settings.agent or getpass.getuser(),
        lang=as_lang(options.lang or settings.lang),
        zone=settings.zone or system_zone(),
        unmask=unmask,
        refresh_s=refresh_s,
    )
    try:
        app.run()
    finally:
        central.close()
