"""`agentdesk figures [--central URL] [--zone ZONE] [--lang L] [--serve [--host H] [--port P]
[--public-url URL]]`: the shift lead's pictures (the shift, the month) and the monthly
scorecards, read from the central store, in the terminal or, with `--serve`, in a browser.

Exit status: 0 done, 2 a usage mistake (no central store named, a bad URL), 3 the central
store cannot be opened.
"""

from __future__ import annotations

import click

from tui.commands.context import group_options, language
from tui.domain.i18n import LANGS, as_lang, t
from tui.services.settings_file import load_settings, settings_path

EXIT_USAGE = 2
EXIT_CENTRAL = 3
# How --serve hands the store to each browser tab's app: a URL may hold a password, and
# a command line is readable by every user of the machine.
CENTRAL_ENV = "AGENTDESK_CENTRAL"


def _zone(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from tui.domain.zones import is_zone

    if value is not None and not is_zone(value):
        raise click.BadParameter(
            f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai"
        )
    return value


@click.command("figures")
@click.option(
    "--central",
    "central_url",
    metavar="URL",
    envvar=CENTRAL_ENV,
    help="The central store (env AGENTDESK_CENTRAL; default: `central` in config.toml).",
)
@click.option("--zone", callback=_zone, help="The lead's IANA time zone (default: the system's).")
@click.option("--lang", type=click.Choice(LANGS), help="Language (default: the group's, or en).")
@click.option("--serve", is_flag=True, help="Serve it to a browser instead (textual-serve).")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address.")
@click.option("--port", default=8000, show_default=True, type=int, help="With --serve: port.")
@click.option(
    "--public-url",
    metavar="URL",
    help="With --serve behind a reverse proxy: the address browsers use (https://...).",
)
def figures(
    central_url: str | None,
    zone: str | None,
    lang: str | None,
    serve: bool,
    host: str,
    port: int,
    public_url: str | None,
) -> None:
    """The shift and month as pictures, and every agent's monthly scorecard."""
    from tui.central.url import BadCentralUrl, parse_central_url

    settings, _ = load_settings(settings_path(group_options().config))
    code = as_lang(language(lang, settings.lang))
    central = central_url or settings.central
    if not central:
        click.echo("agentdesk figures: no central store named: give --central URL", err=True)
        raise SystemExit(EXIT_USAGE)
    try:
        parse_central_url(central)
    except BadCentralUrl as error:
        click.echo(f"agentdesk figures: {error}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    the_zone = zone or settings.zone or _system_zone()
    if serve:
        import os

        from tui.lead.serve import serve as serve_app

        os.environ[CENTRAL_ENV] = central
        args = ["figures", "--zone", the_zone, "--lang", code]
        serve_app(args, host=host, port=port, title="agentdesk figures", public_url=public_url)
        return
    _run(central, the_zone, code)


def _system_zone() -> str:
    from pendulum.tz import get_local_timezone

    name = str(get_local_timezone().name)
    return name if "/" in name or name == "UTC" else "UTC"


def _run(central: str, zone: str, code: str) -> None:
    import pendulum

    from tui.central.connection import CentralError
    from tui.central.opener import open_central
    from tui.lead.figures_app import FiguresApp
    from tui.lead.figures_read import FigureReads

    lang = as_lang(code)
    try:
        store = open_central(central)
    except CentralError as error:
        click.echo(t(lang, "figures_app.central_failed", reason=str(error)), err=True)
        raise SystemExit(EXIT_CENTRAL) from None
    try:
        FiguresApp(FigureReads(store, zone, lambda: pendulum.now("UTC")), lang).run()
    finally:
        store.close()
