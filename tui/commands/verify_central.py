"""`agentdesk verify --central URL`: every chain in the central store, one line per
problem. Nothing is written, not even a migration: a proof must not change what it
proves. Exit status: 0 intact, 1 altered, 2 nothing to check (unreachable, refused, a
store of another version or none at all)."""

from __future__ import annotations

import click

from tui.central.connection import CentralError
from tui.central.migrations import central_version, check_version
from tui.central.opener import open_central
from tui.central.url import BadCentralUrl, parse_central_url
from tui.domain.i18n import Lang, t
from tui.services.verify_words import describe, verify_totals
from tui.sync.central_verify import verify_central

EXIT_ALTERED = 1
EXIT_CANNOT_CHECK = 2


def verify_central_store(url: str, code: Lang) -> int:
    try:
        parsed = parse_central_url(url)
    except BadCentralUrl as error:
        click.echo(t(code, "verify.central_unavailable", reason=str(error)), err=True)
        return EXIT_CANNOT_CHECK
    if parsed.path is not None and not parsed.path.is_file():
        # Opening a SQLite store creates it: there is nothing here to prove.
        click.echo(t(code, "verify.central_empty", url=parsed.shown), err=True)
        return EXIT_CANNOT_CHECK
    try:
        with open_central(parsed) as central:
            check_version(central)
            if central_version(central) < 2:
                click.echo(t(code, "verify.central_empty", url=parsed.shown), err=True)
                return EXIT_CANNOT_CHECK
            result = verify_central(central)
    except CentralError as error:
        click.echo(t(code, "verify.central_unavailable", reason=str(error)), err=True)
        return EXIT_CANNOT_CHECK
    if result.ok:
        totals = verify_totals(result.complaints, result.events, code)
        click.echo(t(code, "verify.central_ok", url=parsed.shown, **totals))
        return 0
    click.echo(t(code, "verify.central_altered", url=parsed.shown, count=len(result.problems)))
    for problem in result.problems:
        click.echo(describe(problem, code))
    return EXIT_ALTERED
