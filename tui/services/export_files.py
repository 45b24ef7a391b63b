"""Export files as both `agentdesk export` and the desk's own export (Ctrl+P) write them:
CSV a chunk at a time, and a file that is owner-only and in place only once complete."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeAlias

from tui.domain.csv_columns import plain_csv
from tui.domain.export_cells import csv_cell, plain_record
from tui.services.whole_files import written_whole

if TYPE_CHECKING:
    from tui.store.exports import Columns

Record = tuple[Any, ...]
# A chunk is a list of records, or (calls, a million at a time) records held as columns.
Chunk: TypeAlias = "list[Record] | Columns"


class _Lines:
    """What csv.writer writes into: its lines kept in a list, so that a whole chunk is
    joined and encoded in one call rather than a row at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.write = self.lines.append


def write_csv(fields: tuple[str, ...], chunks: Iterator[Chunk], out: TextIO) -> None:
    from tui.store.exports import Columns

    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\n")
    writer.writerow(fields)
    for chunk in chunks:
        # Nearly every chunk holds nothing to change: its lines are made a column at a
        # time. Otherwise only a record with a suspect value is converted cell by cell.
        columns = chunk.columns if isinstance(chunk, Columns) else tuple(zip(*chunk, strict=True))
        text = plain_csv(columns)
        if text is None:
            writer.writerows([r if plain_record(r) else [csv_cell(v) for v in r] for r in chunk])
        else:
            lines.write(text)
        out.write("".join(lines.lines))
        lines.lines.clear()
    out.write("".join(lines.lines))


@contextmanager
def private_target(output: Path | None) -> Iterator[BinaryIO]:
    """stdout, or FILE written owner-only (0600) and put in place only once complete, so a
    failed export never leaves half a file under the name asked for."""
    if output is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        return
    if output.exists() and not output.is_file():
        # A device or a pipe (/dev/null, a FIFO): write to it as it is.
        with output.open("wb") as stream:
            yield stream
        return
    with written_whole(output) as stream:
        yield stream
