"""`agentdesk export …`: records as CSV or JSON on stdout, caller numbers masked by default."""

from __future__ import annotations

import asyncio
import csv
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from tui.store.db import Store
from tui.store.paths import default_db_path

Records = list[dict[str, Any]]


def write_records(records: Sequence[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not records:
        return
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


def run_export(db: Path | None, fmt: str, fetch: Callable[[Store], Awaitable[Records]]) -> None:
    path = db or default_db_path()
    if not path.exists():
        raise click.ClickException(f"no database at {path}")

    async def go() -> Records:
        store = await Store.open(path, seed=False)
        try:
            return await fetch(store)
        finally:
            await store.close()

    write_records(asyncio.run(go()), fmt, sys.stdout)


db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), help="Database file."
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
unmask_option = click.option(
    "--unmask", is_flag=True, help="Show full phone numbers (only where you are allowed to)."
)


@click.group()
def export() -> None:
    """Write records to stdout as CSV or JSON."""


@export.command("calls")
@db_option
@format_option
@unmask_option
def export_calls(db: Path | None, fmt: str, unmask: bool) -> None:
    """One record per call."""
    from tui.store.calls import export_calls as fetch_calls
    from tui.store.reference import reason_paths

    async def fetch(store: Store) -> Records:
        return await fetch_calls(store, await reason_paths(store), unmask=unmask)

    run_export(db, fmt, fetch)


@export.command("complaints")
@db_option
@format_option
@unmask_option
def export_complaints(db: Path | None, fmt: str, unmask: bool) -> None:
    """One record per complaint, its state derived from the register; names and numbers
    masked unless --unmask."""
    from tui.store.complaints import export_complaints as fetch_complaints

    async def fetch(store: Store) -> Records:
        return await fetch_complaints(store, unmask=unmask)

    run_export(db, fmt, fetch)


@export.command("events")
@db_option
@format_option
@unmask_option
def export_events(db: Path | None, fmt: str, unmask: bool) -> None:
    """Every entry of the complaint register, oldest first per complaint; numbers inside
    the entries masked unless --unmask. In CSV the payload is one JSON cell."""
    from tui.store.complaints import export_events as fetch_events

    async def fetch(store: Store) -> Records:
        records = await fetch_events(store, unmask=unmask)
        if fmt == "csv":
            for record in records:
                record["payload"] = json.dumps(
                    record["payload"], ensure_ascii=False, sort_keys=True
                )
        return records

    run_export(db, fmt, fetch)


@export.command("breaks")
@db_option
@format_option
def export_breaks(db: Path | None, fmt: str) -> None:
    """One record per break and per reset reminder, for the shift lead."""
    from tui.store.breaks import export_breaks as fetch_breaks

    run_export(db, fmt, fetch_breaks)
