"""`agentdesk export …`: records as CSV, a JSON array or NDJSON, streamed.

The database is opened read-only (it is never migrated, its mode and journal are left
alone) and read a chunk at a time: memory stays flat however many calls it holds.
Numbers, and digit runs in free text, are masked unless --unmask. CSV cells are made
safe for spreadsheets and terminals (tui.domain.export_cells).

Exit status (README, "Exports and checks"):
  0  written
  1  the output could not be written (a full disk, a folder that is not there)
  2  a usage mistake, or no database at the path
  3  the file is not a readable agentdesk database (not SQLite, damaged, unreadable,
     another program's, a row that cannot be read)
  4  the database is from another agentdesk version (older: open it with the desk once;
     newer: update agentdesk)
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeAlias

import click

from tui.commands.context import configured_language, database, language
from tui.domain.export_cells import json_line
from tui.domain.i18n import LANGS, Lang, as_lang, t
from tui.services.export_files import private_target as _target
from tui.services.export_files import write_csv as _write_csv
from tui.services.fault_lines import EXIT_CANNOT_WRITE, EXIT_DAMAGED, EXIT_TOO_NEW

if TYPE_CHECKING:
    from tui.store.exports import Columns
    from tui.store.readonly import CannotRead

# The same codes as the desk and `verify` (tui.services.fault_lines), so one table in the README
# serves every command; 1 here is an output that could not be written.
EXIT_OUTPUT = 1
EXIT_USAGE = 2
EXIT_VERSION = EXIT_TOO_NEW  # 2: written by another agentdesk version
EXIT_NOT_READABLE = EXIT_DAMAGED  # 4
EXIT_CANNOT_READ = EXIT_CANNOT_WRITE  # 5: the file is there but not readable by you

Record = tuple[Any, ...]
# A chunk is a list of records, or (calls, a million at a time) records held as columns.
Chunk: TypeAlias = "list[Record] | Columns"
Chunks = Iterator[Chunk]
Source = Callable[[sqlite3.Connection], Chunks]


def _fail(lang: Lang, code: int, key: str, /, **values: object) -> NoReturn:
    # The prefix stays English in every language: scripts match it.
    click.echo(f"agentdesk export: {t(lang, key, **values)}", err=True)
    raise SystemExit(code)


_REFUSAL_CODES: dict[str, int] = {
    "missing": EXIT_USAGE,
    "folder": EXIT_USAGE,
    "unreadable": EXIT_CANNOT_READ,
    "not_sqlite": EXIT_NOT_READABLE,
    "not_agentdesk": EXIT_NOT_READABLE,
    "too_old": EXIT_VERSION,
    "too_new": EXIT_VERSION,
}
# The refusals that can carry SQLite's or the system's own words in brackets.
_WITH_DETAIL = frozenset({"unreadable", "not_sqlite"})


def _refusal(lang: Lang, exc: CannotRead) -> NoReturn:
    key = f"export.refused.{exc.reason}"
    if exc.detail and exc.reason in _WITH_DETAIL:
        key += ".detail"
    _fail(
        lang,
        _REFUSAL_CODES[exc.reason],
        key,
        path=str(exc.path),
        detail=exc.detail,
        found=exc.found,
        known=exc.known,
    )


# ---------------------------------------------------------------- writers


def _dumps(fields: tuple[str, ...], record: Record) -> str:
    data = dict(zip(fields, record, strict=True))
    # A value SQLite hands back that JSON has no form for (a BLOB in a tampered file)
    # is written as its repr, which escapes every byte.
    return json_line(json.dumps(data, ensure_ascii=False, allow_nan=False, default=repr))


def _write_ndjson(fields: tuple[str, ...], chunks: Iterator[Chunk], out: TextIO) -> None:
    for chunk in chunks:
        out.write("".join(_dumps(fields, record) + "\n" for record in chunk))


def _write_json_array(fields: tuple[str, ...], chunks: Iterator[Chunk], out: TextIO) -> None:
    # One record per line inside the array: streamable, and still one valid JSON value.
    out.write("[")
    first = True
    for chunk in chunks:
        for record in chunk:
            out.write("\n" if first else ",\n")
            out.write(_dumps(fields, record))
            first = False
    out.write("\n]\n" if not first else "]\n")


def _run(
    own_db: Path | None,
    fmt: str,
    fields: tuple[str, ...],
    source: Source,
    *,
    bom: bool,
    output: Path | None,
    lang: Lang,
) -> None:
    from tui.domain.register import RegisterCorrupt
    from tui.store.readonly import CannotRead, open_read_only

    if bom and fmt != "csv":
        _fail(lang, EXIT_USAGE, "export.bom_not_csv")
    path, _ = database(own_db, warn_as="agentdesk export")
    if output is not None and not output.parent.is_dir():
        _fail(lang, EXIT_OUTPUT, "export.no_folder", file=str(output), path=str(output.parent))

    try:
        conn = open_read_only(path)
    except CannotRead as exc:
        _refusal(lang, exc)
    try:
        with _target(output) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
            try:
                if bom:
                    text.write("\ufeff")
                if fmt == "csv":
                    _write_csv(fields, source(conn), text)
                elif fmt == "ndjson":
                    _write_ndjson(fields, source(conn), text)
                else:
                    _write_json_array(fields, source(conn), text)
                text.flush()
            finally:
                text.detach()
    except (sqlite3.DatabaseError, RegisterCorrupt, ValueError) as exc:
        detail = str(exc) if isinstance(exc, sqlite3.DatabaseError) else ""
        if "decode" in detail.lower():
            # SQLite's decode error quotes the row's bytes: customer text stays out.
            detail = t(lang, "export.row_not_utf8")
        _fail(
            lang,
            EXIT_NOT_READABLE,
            "export.row_unreadable",
            path=str(path),
            detail=detail or t(lang, "export.register_damaged"),
        )
    except BrokenPipeError:
        # The reader went away (`| head`): that is their choice, not an error to print.
        _quiet_stdout()
        raise SystemExit(EXIT_OUTPUT) from None
    except OSError as exc:
        detail = exc.strerror or str(exc)
        if output is None:
            _fail(lang, EXIT_OUTPUT, "export.cannot_write_stdout", detail=detail)
        _fail(lang, EXIT_OUTPUT, "export.cannot_write", file=str(output), detail=detail)
    finally:
        conn.close()


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
    except OSError:
        pass
    finally:
        os.close(devnull)


# ---------------------------------------------------------------- commands

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: the group's --db, AGENTDESK_DB, the settings file, the"
    " user data folder). Opened read-only.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "ndjson"]),
    default="csv",
    show_default=True,
    help="json is one array, a record per line; ndjson a record per line, no array.",
)
unmask_option = click.option(
    "--unmask",
    is_flag=True,
    help="Show full phone numbers, names and numbers in notes (only where you are allowed to).",
)
bom_option = click.option(
    "--bom", is_flag=True, help="Start the CSV with a UTF-8 BOM, so Excel reads zh and ko text."
)
output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (created readable by you only, 0600) instead of stdout.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of the messages on stderr (default: the group's --lang, else the"
    " settings file's language, else en).",
)


def _language(own: str | None) -> Lang:
    """The command's --lang, else the group's, else the settings file's, else English:
    the order every command follows."""
    return as_lang(language(own, default=configured_language() or "en"))


@click.group()
def export() -> None:
    """Write records as CSV or JSON, to stdout or --output FILE. The database is only read."""


@export.command("calls")
@db_option
@format_option
@unmask_option
@bom_option
@output_option
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of reason_path and of the messages on stderr (default: the group's"
    " --lang, else the settings file's language, else en).",
)
def export_calls(
    db: Path | None, fmt: str, unmask: bool, bom: bool, output: Path | None, lang: str | None
) -> None:
    """One record per call; numbers in notes masked unless --unmask."""
    from tui.store.exports import CALL_FIELDS, reason_paths, stream_calls

    chosen = _language(lang)

    def calls(conn: sqlite3.Connection) -> Chunks:
        return stream_calls(conn, reason_paths(conn, chosen), unmask=unmask)

    _run(db, fmt, CALL_FIELDS, calls, bom=bom, output=output, lang=chosen)


@export.command("complaints")
@db_option
@format_option
@unmask_option
@bom_option
@output_option
@lang_option
def export_complaints(
    db: Path | None, fmt: str, unmask: bool, bom: bool, output: Path | None, lang: str | None
) -> None:
    """One record per complaint, its state derived from the register; names, numbers and
    numbers in the description masked unless --unmask."""
    from tui.store.exports import COMPLAINT_FIELDS, stream_complaints

    _run(
        db,
        fmt,
        COMPLAINT_FIELDS,
        lambda conn: stream_complaints(conn, unmask=unmask),
        bom=bom,
        output=output,
        lang=_language(lang),
    )


@export.command("events")
@db_option
@format_option
@unmask_option
@bom_option
@output_option
@lang_option
def export_events(
    db: Path | None, fmt: str, unmask: bool, bom: bool, output: Path | None, lang: str | None
) -> None:
    """Every entry of the complaint register, oldest first per complaint; numbers inside
    the entries masked unless --unmask. In CSV the payload is one JSON cell."""
    from tui.store.exports import EVENT_FIELDS, stream_events

    def events(conn: sqlite3.Connection) -> Chunks:
        payload = EVENT_FIELDS.index("payload")
        for chunk in stream_events(conn, unmask=unmask):
            if fmt == "csv":
                chunk = [
                    (
                        *record[:payload],
                        json.dumps(record[payload], ensure_ascii=False, sort_keys=True),
                        *record[payload + 1 :],
                    )
                    for record in chunk
                ]
            yield chunk

    _run(db, fmt, EVENT_FIELDS, events, bom=bom, output=output, lang=_language(lang))


@export.command("breaks")
@db_option
@format_option
@bom_option
@output_option
@lang_option
def export_breaks(
    db: Path | None, fmt: str, bom: bool, output: Path | None, lang: str | None
) -> None:
    """One record per break and per reset reminder, for the shift lead."""
    from tui.store.exports import BREAK_FIELDS, stream_breaks

    _run(db, fmt, BREAK_FIELDS, stream_breaks, bom=bom, output=output, lang=_language(lang))
