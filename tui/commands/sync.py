"""`agentdesk sync`: this workstation's records into the central store, and what belongs
to it back. Made for cron and systemd: no prompts, one summary line (or `--json`), a
progress line only when stderr is a terminal, and every problem one line on stderr with
no traceback and never a password.

Exit status (README, "Back office"):
  0  done: everything is in the central store
  1  stopped part-way (what central acknowledged is kept; the next run goes on)
  2  a usage mistake: no central store named, a URL that names none, no database file
  3  the central store cannot be reached, or refused the login
  4  the workstation database is damaged or not agentdesk's: refused, nothing sent
  5  the workstation database or the central store is newer than this agentdesk
  6  the station ID is already used by another workstation
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from tui.commands.context import database, group_options
from tui.domain.settings import STATION_NAME
from tui.services.settings_file import load_settings, settings_path

EXIT_STOPPED = 1
EXIT_USAGE = 2
EXIT_CENTRAL = 3
EXIT_LOCAL_DAMAGED = 4
EXIT_TOO_NEW = 5
EXIT_STATION_TAKEN = 6

PREFIX = "agentdesk sync"


def _fail(message: str, code: int, as_json: bool) -> NoReturn:
    click.echo(f"{PREFIX}: {message}", err=True)
    if as_json:
        click.echo(json.dumps({"ok": False, "exit": code, "error": message}, ensure_ascii=False))
    raise SystemExit(code)


class _Progress:
    """A line on the terminal naming the step the sync is at and how many it has passed;
    nothing at all when stderr is a log file or a pipe."""

    def __init__(self) -> None:
        self.steps = 0
        self.shown = False

    def __call__(self, name: str) -> None:
        self.steps += 1
        sys.stderr.write(f"\r\x1b[K{PREFIX}: {name} ({self.steps})")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {stream}" for stream, n in counts.items())


def summary_line(report: Any) -> str:
    counts = report.counts
    parts = []
    if counts.pushed:
        parts.append(f"pushed {_counted(counts.pushed)}")
    if counts.pulled:
        parts.append(f"pulled {_counted(counts.pulled)}")
    if counts.quarantined:
        parts.append(f"{counts.quarantined} complaint(s) quarantined")
    if report.central_migrations:
        parts.append(f"central store schema brought up to date ({report.central_migrations})")
    if report.local_migrated:
        parts.append("workstation database brought up to date")
    what = "; ".join(parts) if parts else "nothing new"
    first = " (first sync of this station)" if report.first_sync else ""
    return (
        f"{PREFIX}: station {report.station}{first} with {report.central}: {what}"
        f" in {report.seconds:.1f} s"
    )


def json_report(report: Any) -> str:
    counts = report.counts
    return json.dumps(
        {
            "ok": True,
            "exit": 0,
            "station": report.station,
            "central": report.central,
            "first_sync": report.first_sync,
            "pushed": counts.pushed,
            "pulled": counts.pulled,
            "quarantined": counts.quarantined,
            "reference_revision": counts.reference_revision,
            "central_migrations": report.central_migrations,
            "local_migrated": report.local_migrated,
            "seconds": round(report.seconds, 3),
        },
        ensure_ascii=False,
    )


@click.command("sync")
@click.option(
    "--central",
    "central",
    metavar="URL",
    help="The central store: sqlite:///path/central.db or postgresql://user@host/db"
    " (default: `central` in config.toml). The password comes from PGPASSWORD or"
    " ~/.pgpass; it is never shown.",
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Workstation database (default: the group's --db, AGENTDESK_DB, the settings"
    " file, the user data folder).",
)
@click.option(
    "--station",
    metavar="ID",
    help="This workstation's name in the central store (default: `station` in"
    " config.toml, else the host name).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def sync(central: str | None, db: Path | None, station: str | None, as_json: bool) -> None:
    """Push this workstation's records to the central store (cron-ready: exit 0 only on
    full success)."""
    from tui.central.connection import CentralError, CentralRefused, CentralUnreachable
    from tui.central.migrations import CentralTooNew
    from tui.central.url import BadCentralUrl, parse_central_url
    from tui.sync.local import LocalDamaged, LocalMissing, LocalTooNew, SyncRefused
    from tui.sync.push import StationTaken
    from tui.sync.reference import ReferenceRefused
    from tui.sync.run import run_sync

    settings, _ = load_settings(settings_path(group_options().config))
    central = central or settings.central
    if not central:
        _fail(
            "no central store named: give --central URL, or set `central` in config.toml",
            EXIT_USAGE,
            as_json,
        )
    station = (station or settings.station or socket.gethostname()).strip()
    if not STATION_NAME.fullmatch(station):
        _fail(
            f"station ID {station!r} is not a name: 1 to 64 letters, digits, dots,"
            " underscores or hyphens, starting with a letter or digit",
            EXIT_USAGE,
            as_json,
        )
    try:
        url = parse_central_url(central)
    except BadCentralUrl as exc:
        _fail(str(exc), EXIT_USAGE, as_json)
    path, _ = database(db, warn_as=PREFIX)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = run_sync(path, url, station, step=progress or (lambda name: None))
    except LocalMissing as exc:
        _fail(str(exc), EXIT_USAGE, as_json)
    except LocalDamaged as exc:
        _fail(str(exc), EXIT_LOCAL_DAMAGED, as_json)
    except (LocalTooNew, CentralTooNew) as exc:
        _fail(str(exc), EXIT_TOO_NEW, as_json)
    except StationTaken as exc:
        _fail(str(exc), EXIT_STATION_TAKEN, as_json)
    except (CentralUnreachable, CentralRefused) as exc:
        _fail(str(exc), EXIT_CENTRAL, as_json)
    except (CentralError, SyncRefused, ReferenceRefused) as exc:
        _fail(str(exc), EXIT_STOPPED, as_json)
    finally:
        if progress is not None:
            progress.clear()
    click.echo(json_report(report) if as_json else summary_line(report))
