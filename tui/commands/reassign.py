"""`agentdesk reassign --central URL COMPLAINT AGENT --by LEAD --reason TEXT`: a shift lead
gives a complaint to another agent at central; the agent's workstation gets it, with its
whole register, at its next sync. Exit status: 0 done, 1 refused by the register's rules
or no such complaint, 2 the central store cannot be used."""

from __future__ import annotations

import click
import pendulum

from tui.central.connection import CentralError
from tui.central.migrations import migrate_central
from tui.central.opener import open_central
from tui.central.url import BadCentralUrl
from tui.commands.context import language
from tui.domain.i18n import LANGS, as_lang, t
from tui.domain.register import RegisterRefused
from tui.sync.lead_actions import find_complaint
from tui.sync.lead_actions import reassign as reassign_at_central

EXIT_REFUSED = 1
EXIT_CENTRAL = 2


@click.command("reassign")
@click.option("--central", "central_url", required=True, metavar="URL", help="The central store.")
@click.option("--by", "lead", required=True, help="The shift lead doing it (recorded as actor).")
@click.option("--reason", default="", help="Why, for the register.")
@click.option("--lang", type=click.Choice(LANGS), help="Message language (default: en).")
@click.argument("complaint")
@click.argument("agent")
def reassign(
    central_url: str, lead: str, reason: str, lang: str | None, complaint: str, agent: str
) -> None:
    """Give COMPLAINT (its id or reference) to AGENT, recorded in its register at central."""
    code = as_lang(language(lang))
    try:
        with open_central(central_url) as central:
            migrate_central(central)
            found = find_complaint(central, complaint)
            if found is None:
                click.echo(t(code, "reassign.unknown", complaint=complaint), err=True)
                raise SystemExit(EXIT_REFUSED)
            event = reassign_at_central(central, found, agent, lead, reason, pendulum.now("UTC"))
    except RegisterRefused as refused:
        why = t(code, refused.key)
        click.echo(t(code, "reassign.refused", complaint=complaint, reason=why), err=True)
        raise SystemExit(EXIT_REFUSED) from None
    except (CentralError, BadCentralUrl) as error:
        click.echo(t(code, "reassign.central_unavailable", reason=str(error)), err=True)
        raise SystemExit(EXIT_CENTRAL) from None
    click.echo(t(code, "reassign.done", complaint=found, agent=agent, seq=event.seq))
