"""`agentdesk verify`: prove the complaint register untouched, or name where it was altered.

What it proves, exactly: every event matches its own hash and links to the one before
it, each complaint's facts match its opening event, and every append-only guard is
defined as the migrations define it. Alone it cannot see whole complaints or their
latest events removed (nothing inside a register vouches for its own length); with
`--against RECEIPT` it also proves that nothing the receipt covered was removed or
changed. `--receipt` prints a new receipt (to stdout, the report going to stderr).

Exit status: 0 intact, 1 altered (the first altered event is named), 2 nothing to check
(no file, no register in it, a database of another agentdesk version, or a receipt that
cannot be read), 4 a damaged, empty or foreign file, 5 a file that cannot be read (see
`tui.services.fault_lines`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import click

from tui.commands.context import database, language
from tui.domain.i18n import LANGS, Lang, as_lang, t
from tui.domain.receipt import Receipt, ReceiptFinding, ReceiptUnreadable, compare, read_receipt
from tui.domain.receipt import receipt_of as make_receipt
from tui.domain.register import VerifyResult
from tui.services.fault_lines import (
    fault_line,
)
from tui.services.verify_words import (
    describe,
    describe_undecodable,
    problem_line,
    verify_totals,
)
from tui.store.complaints import NothingToVerify, verify_register
from tui.store.file_check import FileProblem, check_file
from tui.store.migrations import DatabaseTooNew

EXIT_ALTERED = 1
EXIT_NO_DATABASE = 2
EXIT_CANNOT_CHECK = EXIT_NO_DATABASE
# Beyond the first finding, list this many more; a mass edit should not flood the terminal.
SHOW_MORE = 20


def describe_finding(finding: ReceiptFinding, code: Lang) -> str:
    return t(
        code,
        f"verify.receipt.{finding.reason}",
        complaint=finding.complaint_id,
        expected=finding.expected_events,
        # The counted noun: the receipt's entries when the complaint is gone, else the
        # entries still there.
        count=finding.expected_events
        if finding.reason == "complaint_missing"
        else finding.found_events,
    )


def _nothing_to_verify(error: NothingToVerify, code: Lang) -> str:
    return t(
        code,
        f"verify.{error.why}",
        path=error.path,
        detail=error.detail,
        version=error.version,
    )


def _read_receipt(path: Path, code: Lang) -> Receipt:
    try:
        return read_receipt(path.read_text(encoding="utf-8", errors="replace"))
    except ReceiptUnreadable as error:
        why = t(code, f"verify.receipt_fault.{error.fault}")
        if error.line:
            line = t(code, "verify.receipt_unreadable", path=str(path), line=error.line, why=why)
        else:
            line = t(code, "verify.receipt_unreadable_file", path=str(path), why=why)
        click.echo(line, err=True)
        raise SystemExit(EXIT_CANNOT_CHECK) from None


def _report_altered(
    result: VerifyResult, findings: tuple[ReceiptFinding, ...], against: Receipt | None,
    code: Lang, err: bool,
) -> None:  # fmt: skip
    def say(text: str) -> None:
        click.echo(text, err=err)

    if result.first is not None:
        say(t(code, "verify.altered", count=len(result.problems)))
        say(describe(result.first, code))
        for problem in result.problems[1 : 1 + SHOW_MORE]:
            say("  " + describe(problem, code))
        hidden = len(result.problems) - 1 - SHOW_MORE
        if hidden > 0:
            say("  " + t(code, "verify.more", count=hidden))
    for guard in result.missing_guards:
        say(t(code, "verify.guard_missing", name=guard))
    for guard in result.altered_guards:
        say(t(code, "verify.guard_altered", name=guard))
    if against is not None and findings:
        say(
            t(
                code,
                "verify.receipt_altered",
                digest=against.digest,
                **verify_totals(against.complaints, against.events, code),
                count=len(findings),
            )
        )
        for finding in findings[: 1 + SHOW_MORE]:
            say("  " + describe_finding(finding, code))
        hidden = len(findings) - 1 - SHOW_MORE
        if hidden > 0:
            say("  " + t(code, "verify.more", count=hidden))


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
@click.option(
    "--receipt",
    "give_receipt",
    is_flag=True,
    help="Print a receipt of the register (per complaint its entry count and head hash, "
    "and one digest) for a lead to keep; the report goes to stderr.",
)
@click.option(
    "--central",
    "central_url",
    metavar="URL",
    help="Check every chain in the central store instead (sqlite:///path or"
    " postgresql://user@host/db; the password from PGPASSWORD or ~/.pgpass).",
)
@click.option(
    "--against",
    "against_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="RECEIPT",
    help="Also prove that nothing this kept receipt covered was removed or changed.",
)
def verify(
    db: Path | None,
    lang: str | None,
    give_receipt: bool,
    against_path: Path | None,
    central_url: str | None,
) -> None:
    """Prove the complaint register untouched, or name the first altered event."""
    lang = language(lang)
    code = as_lang(lang)
    if central_url is not None:
        from tui.commands.verify_central import verify_central_store

        raise SystemExit(verify_central_store(central_url, code))
    path, _ = database(db, warn_as="agentdesk verify")
    # A receipt is read first: a bad one should not wait for a long verification.
    against = _read_receipt(against_path, code) if against_path is not None else None
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
    except NothingToVerify as error:
        click.echo(_nothing_to_verify(error, code), err=True)
        raise SystemExit(EXIT_CANNOT_CHECK) from None
    except DatabaseTooNew as error:
        click.echo(
            t(code, "verify.too_new", path=str(path), found=error.found, known=error.known),
            err=True,
        )
        raise SystemExit(EXIT_CANNOT_CHECK) from None
    except (OSError, sqlite3.Error) as exc:
        found = fault_line(exc, path, code)
        if found is None:
            raise
        click.echo(found[1], err=True)
        raise SystemExit(found[0]) from None
    # With --receipt, stdout carries the receipt alone, so it can be redirected to a file.
    report_err = give_receipt
    if result is None:
        click.echo(t(code, "verify.altered", count=len(undecodable)), err=report_err)
        for entry in undecodable:
            click.echo(describe_undecodable(entry, code), err=report_err)
        if give_receipt:
            click.echo(t(code, "verify.receipt_refused"), err=True)
        raise SystemExit(EXIT_ALTERED)
    findings = compare(against, result.chains) if against is not None else ()
    if result.ok and not findings:
        click.echo(
            t(code, "verify.ok", **verify_totals(result.complaints, result.events, code)),
            err=report_err,
        )
        if against is not None:
            click.echo(
                t(
                    code,
                    "verify.receipt_ok",
                    digest=against.digest,
                    **verify_totals(against.complaints, against.events, code),
                ),
                err=report_err,
            )
        else:
            click.echo(t(code, "verify.scope"), err=report_err)
        if give_receipt:
            click.echo(make_receipt(result.chains).text(), nl=False)
        return
    _report_altered(result, findings, against, code, report_err)
    if give_receipt:
        click.echo(t(code, "verify.receipt_refused"), err=True)
    raise SystemExit(EXIT_ALTERED)
