"""`agentdesk publish --central URL [DIR]`: the reference files, checked, as a new revision.

Reads reasons.toml, phrases.toml, forbidden.toml, deadlines.toml and breaks.toml from
DIR (default: the shipped db/seed/), checks all five, and adds them to the central store
as the next revision, which every workstation applies at its next sync. A file with a
mistake is refused whole, naming its file and line, and nothing is published; files
exactly like the newest revision publish nothing.

Exit status: 0 published (or nothing to publish), 1 the central store could not be
used, 2 a file was refused or is missing.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import NoReturn

import click

from tui.commands.context import configured_language, language
from tui.domain.i18n import LANGS, Lang, as_lang, t

EXIT_CENTRAL = 1
EXIT_REFUSED = 2


def _fail(lang: Lang, status: int, key: str, **values: object) -> NoReturn:
    click.echo(f"agentdesk publish: {t(lang, key, **values)}", err=True)
    raise SystemExit(status)


def read_files(folder: Path) -> dict[str, str]:
    """The five files' texts, exactly as written; ReferenceError for one that is not
    UTF-8, OSError for one that cannot be read."""
    from tui.domain.reference_set import FILES, decode

    return {name: decode(name, (folder / name).read_bytes()) for name in FILES}


@click.command("publish")
@click.option(
    "--central",
    "central_url",
    required=True,
    metavar="URL",
    help="The central store: sqlite:///path/central.db or postgresql://user@host/db"
    " (the password from PGPASSWORD or ~/.pgpass).",
)
@click.option(
    "--by",
    metavar="NAME",
    help="Who publishes, recorded with the revision (default: the login name).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), help="Message language (default: the group's, or en)."
)
@click.argument(
    "folder",
    required=False,
    type=click.Path(path_type=Path),
    metavar="[DIR]",
)
def publish(central_url: str, by: str | None, lang: str | None, folder: Path | None) -> None:
    """Publish the reference files in DIR (default: the shipped db/seed/) as a new revision."""
    from tui.domain.reference_set import ReferenceError, check
    from tui.store.paths import db_dir

    code = as_lang(language(lang, configured_language() or "en"))
    folder = folder if folder is not None else db_dir() / "seed"
    if not folder.is_dir():
        _fail(code, EXIT_REFUSED, "publish.no_folder", path=str(folder))
    try:
        checked = check(read_files(folder))
    except ReferenceError as exc:
        _fail(code, EXIT_REFUSED, "publish.refused", problem=str(exc))
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else str(folder)
        _fail(code, EXIT_REFUSED, "publish.unreadable", file=name, detail=exc.strerror or exc)

    from tui.central.connection import CentralError
    from tui.central.migrations import migrate_central
    from tui.central.opener import open_central
    from tui.central.reference import publish as publish_revision
    from tui.central.url import BadCentralUrl
    from tui.domain.clock import SystemClock, to_iso

    try:
        with open_central(central_url) as central:
            migrate_central(central)
            done = publish_revision(
                central, checked, at=to_iso(SystemClock().now()), by=by or _login()
            )
    except (CentralError, BadCentralUrl) as exc:
        _fail(code, EXIT_CENTRAL, "publish.refused", problem=str(exc))
    key = "publish.published" if done.new else "publish.unchanged"
    click.echo(t(code, key, revision=done.revision))


def _login() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None  # no login name in this environment: the revision says nobody
