"""`agentdesk verify`: prove the complaint register untouched, or name where it was altered.

Exit status: 0 intact, 1 altered (the first altered event is named), 2 nothing to check.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from tui.commands.context import database, language
from tui.domain.i18n import LANGS, as_lang, t
from tui.domain.register import Problem
from tui.store.complaints import verify_register

EXIT_ALTERED = 1
EXIT_NO_DATABASE = 2
# Beyond the first finding, list this many more; a mass edit should not flood the terminal.
SHOW_MORE = 20


def describe(problem: Problem, lang: str) -> str:
    code = as_lang(lang)
    reason = t(code, f"verify.reason.{problem.reason}")
    if problem.event_id is None:
        return t(code, "verify.complaint_problem", complaint=problem.complaint_id, reason=reason)
    return t(
        code,
        "verify.event_problem",
        complaint=problem.complaint_id,
        event=problem.event_id,
        kind=problem.kind or "?",
        at=problem.at or "?",
        reason=reason,
    )


@click.command("verify")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: the group's --db, AGENTDESK_DB, the settings file, the"
    " user data folder).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), help="Report language (default: the group's, or en)."
)
def verify(db: Path | None, lang: str | None) -> None:
    """Prove the complaint register untouched, or name the first altered event."""
    lang = language(lang)
    code = as_lang(lang)
    path, _ = database(db, warn_as="agentdesk verify")
    try:
        result = asyncio.run(verify_register(path))
    except FileNotFoundError:
        click.echo(t(code, "verify.no_database", path=str(path)), err=True)
        raise SystemExit(EXIT_NO_DATABASE) from None
    if result.ok:
        click.echo(t(code, "verify.ok", complaints=result.complaints, events=result.events))
        return
    if result.first is not None:
        click.echo(t(code, "verify.altered", problems=len(result.problems)))
        click.echo(describe(result.first, lang))
        for problem in result.problems[1 : 1 + SHOW_MORE]:
            click.echo("  " + describe(problem, lang))
        hidden = len(result.problems) - 1 - SHOW_MORE
        if hidden > 0:
            click.echo("  " + t(code, "verify.more", count=hidden))
    for guard in result.missing_guards:
        click.echo(t(code, "verify.guard_missing", name=guard))
    raise SystemExit(EXIT_ALTERED)
