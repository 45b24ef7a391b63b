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
    envvar="AGENTDESK_CENTRAL",
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
@click.option("--serve", is_flag=True, help="Serve the board to a browser (textual-serve).")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address.")
@click.option("--port", default=8000, show_default=True, type=int, help="With --serve: port.")
@click.option(
    "--public-url",
    metavar="URL",
    help="With --serve behind a reverse proxy: the address browsers use.",
)
def lead(
    central_url: str | None,
    refresh_s: float,
    unmask: bool,
    lead_name: str | None,
    serve: bool,
    host: str,
    port: int,
    public_url: str | None,
) -> None:
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
    name = lead_name or options.agent or settings.agent or getpass.getuser()
    url = central_url or settings.central or f"sqlite:///{default_central_path()}"
    if url.startswith("sqlite:///"):
        default_central_path().parent.mkdir(parents=True, exist_ok=True)
    try:
        central = open_central(url)
        migrate_central(central)
        central.read_only()
    except (CentralError, BadCentralUrl) as error:
        click.echo(f"agentdesk lead: {error}", err=True)
        raise SystemExit(EXIT_CENTRAL) from None
    if serve:
        # Each browser tab runs its own board, handed the store through the environment:
        # a URL may hold a password, and a command line is visible to every user.
        import os

        from tui.lead.serve import serve as serve_board

        central.close()
        os.environ["AGENTDESK_CENTRAL"] = url
        args = ["lead", "--refresh", str(refresh_s), "--lead", name]
        serve_board(
            [*args, *(["--unmask"] if unmask else [])],
            host=host,
            port=port,
            title="agentdesk lead",
            public_url=public_url,
        )
        return
    app = LeadApp(
        central,
        lead=name,
        lang=as_lang(options.lang or settings.lang),
        zone=settings.zone or system_zone(),
        unmask=unmask,
        refresh_s=refresh_s,
    )
    try:
        app.run()
    finally:
        central.close()
