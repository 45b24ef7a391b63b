"""`agentdesk verify`: prove the complaint register untouched, or name where it was altered.

Exit status: 0 intact, 1 altered (the first altered event is named), 2 nothing to check
or a database newer than this agentdesk, 4 a damaged, empty or foreign file, 5 a file
that cannot be read (see `tui.fault_lines`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import click

from tui.domain.i18n import LANGS, Lang, as_lang, t
from tui.domain.register import Problem
from tui.fault_lines import (
    EXIT_CANNOT_WRITE,
    EXIT_DAMAGED,
    EXIT_TOO_NEW,
    detail_of,
    fault_line,
)
from tui.store.complaints import verify_register
from tui.store.file_check import FileProblem, Undecodable, check_file
from tui.store.paths import default_db_path

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


def problem_line(problem: FileProblem, path: Path, lang: Lang) -> tuple[int, str]:
    where = str(path)
    detail = detail_of(Exception(problem.detail))
    if problem.problem == "empty":
        return EXIT_DAMAGED, t(lang, "db.empty", path=where)
    if problem.problem == "too_new":
        return EXIT_TOO_NEW, t(
            lang, "db.too_new", path=where, found=problem.found, known=problem.known
        )
    if problem.problem == "unreadable":
        return EXIT_CANNOT_WRITE, t(lang, "db.unreadable", path=where, detail=detail)
    if problem.problem == "readonly_folder":
        return EXIT_CANNOT_WRITE, t(lang, "verify.readonly_folder", path=where, detail=detail)
    return EXIT_DAMAGED, t(lang, "db.damaged", path=where, detail=detail)


def describe_undecodable(entry: Undecodable, lang: Lang) -> str:
    return t(
        lang,
        "verify.undecodable",
        complaint=entry.complaint_id,
        event=entry.event_id or "—",
        seq=entry.seq,
    )


@click.command("verify")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: the user data folder; env AGENTDESK_DB).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Report language."
)
def verify(db: Path | None, lang: str) -> None:
    """Prove the complaint register untouched, or name the first altered event."""
    code = as_lang(lang)
    path = db if db is not None else default_db_path()
    try:
        undecodable = check_file(path)
        result = asyncio.run(verify_register(path)) if not undecodable else None
    except FileNotFoundError:
        click.echo(t(code, "verify.no_database", path=str(path)), err=True)
        raise SystemExit(EXIT_NO_DATABASE) from None
    except FileProblem as problem:
        status, line = problem_line(problem, path, code)
        click.echo(line, err=True)
        raise SystemExit(status) from None
    except (OSError, sqlite3.Error) as exc:
        found = fault_line(exc, path, code)
        if found is None:
            raise
        click.echo(found[1], err=True)
        raise SystemExit(found[0]) from None
    if result is None:
        click.echo(t(code, "verify.altered", problems=len(undecodable)))
        for entry in undecodable:
            click.echo(describe_undecodable(entry, code))
        raise SystemExit(EXIT_ALTERED)
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
