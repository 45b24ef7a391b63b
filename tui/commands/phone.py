"""`agentdesk ring|answer|hangup`: what a softphone's hook runs on a call's events.

Each returns at once: exit 0 when the desk took the event, 1 with one line on stderr
when it did not (no desk running, or the desk refused it). It never blocks the phone.
"""

from __future__ import annotations

import getpass

import click

from tui.commands.context import configured_language, group_options, language
from tui.domain.i18n import as_lang, t
from tui.domain.phone_messages import EventKind, PhoneEvent
from tui.services.phone_client import send_phone_event

TIMEOUT_S = 1.0


def desk_agent(own: str | None) -> str:
    """The desk's agent: --agent, the group's --agent, the settings file's, the login."""
    if own:
        return own
    options = group_options()
    if options.agent:
        return options.agent
    from tui.services.settings_file import load_settings, settings_path

    settings, _ = load_settings(settings_path(options.config))
    return settings.agent or getpass.getuser()


def _send(kind: EventKind, agent: str | None, number: str, call_ref: str, queue: str) -> None:
    lang = as_lang(language(None, configured_language() or "en"))
    name = desk_agent(agent)
    reply = send_phone_event(name, PhoneEvent(kind, number, call_ref, queue), timeout_s=TIMEOUT_S)
    if reply.ok:
        return
    if reply.no_desk:
        line = t(lang, "phone.cli.no_desk", agent=name)
    else:
        line = t(lang, "phone.cli.refused", why=reply.error)
    click.echo(f"agentdesk {kind}: {line}", err=True)
    raise SystemExit(1)


_AGENT = click.option("--agent", help="Whose desk (default: as the desk picks it).")
_ID = click.option("--id", "call_ref", default="", help="The softphone's id for the call.")


@click.command()
@click.argument("number")
@_ID
@click.option("--queue", default="", help="The queue or line the call came in on.")
@_AGENT
def ring(number: str, call_ref: str, queue: str, agent: str | None) -> None:
    """The softphone is ringing: the desk starts the call with NUMBER filled."""
    _send("ring", agent, number, call_ref, queue)


@click.command()
@_ID
@_AGENT
def answer(call_ref: str, agent: str | None) -> None:
    """The softphone was picked up: the real talk start."""
    _send("answer", agent, "", call_ref, "")


@click.command()
@_ID
@_AGENT
def hangup(call_ref: str, agent: str | None) -> None:
    """The softphone was put down: the real talk end; after-call work begins."""
    _send("hangup", agent, "", call_ref, "")
