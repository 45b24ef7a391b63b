"""`agentdesk softphone baresip`: follow a running baresip and drive the desk with its calls.

It runs until stopped (Ctrl-C), following baresip's `ctrl_tcp` event stream, and outlives
baresip restarts; see tui.services.baresip_follower. Exit status: 0 when stopped, 2 for a
bad --ctrl address.
"""

from __future__ import annotations

import asyncio
import sys

import click

from tui.commands.context import configured_language, language
from tui.commands.phone import desk_agent
from tui.commands.softphone_deliver import print_events, to_desk
from tui.domain.baresip_events import DEFAULT_CTRL_HOST, DEFAULT_CTRL_PORT, parse_ctrl_address
from tui.domain.i18n import as_lang
from tui.services.baresip_follower import BaresipFollower, Deliver


def _ctrl(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, int]:
    try:
        return parse_ctrl_address(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group("softphone")
def softphone() -> None:
    """Follow a softphone's calls and drive the desk with them."""


@softphone.command("baresip")
@click.option(
    "--ctrl",
    default=f"{DEFAULT_CTRL_HOST}:{DEFAULT_CTRL_PORT}",
    show_default=True,
    metavar="HOST:PORT",
    callback=_ctrl,
    help="Where baresip's ctrl_tcp module listens (its ctrl_tcp_listen setting).",
)
@click.option(
    "--print",
    "print_only",
    is_flag=True,
    help="Print each ring, answer and hangup (kind, number, call id; tab-separated) on"
    " stdout instead of driving the desk.",
)
@click.option("--agent", help="Whose desk to drive (default: as the desk picks it).")
def baresip(ctrl: tuple[str, int], print_only: bool, agent: str | None) -> None:
    """Follow baresip's ctrl_tcp events: a ring starts the desk's call with the number."""
    lang = as_lang(language(None, configured_language() or "en"))
    deliver = (
        print_events(sys.stdout)
        if print_only
        else to_desk(
            desk_agent(agent), lambda line: click.echo(f"agentdesk softphone: {line}", err=True)
        )
    )
    try:
        asyncio.run(follow(ctrl, deliver, lang))
    except KeyboardInterrupt:
        pass


async def follow(ctrl: tuple[str, int], deliver: Deliver, lang: str) -> None:
    host, port = ctrl
    await BaresipFollower(
        host, port, deliver, lang=as_lang(lang), say=lambda line: click.echo(line, err=True)
    ).run()
