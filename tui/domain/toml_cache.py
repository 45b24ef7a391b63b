"""TOML files read once, then as JSON: what a start reads from the shipped TOML (the
string catalog, the seed's corrections) is kept in the user's cache folder.

Python's TOML parser costs about 1 ms per kilobyte; JSON of the same data a tenth of
that, and the desk's start-up is benchmarked. A kept copy is keyed by the files' place,
names, sizes and times, so an edited or updated file is read again; two installs (a
checkout and a wheel) sharing the cache folder each keep their own. Without a folder
(tests, a cache that cannot be written) every read parses, which is only slower.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_folder: Path | None = None


def use_folder(folder: Path | None) -> None:
    """Keep parsed files in `folder` (the app passes the user cache folder), or nowhere
    with None. Never beside the TOML: an installed package is not ours to write."""
    global _folder
    _folder = folder


def load(kind: str, paths: Sequence[Path], parse: Callable[[Sequence[Path]], Any]) -> Any:
    """`parse(paths)`, or the copy kept from the last time these very files were parsed.
    Only what JSON holds is kept (tables, arrays, strings, numbers, booleans)."""
    kept = _kept_file(kind, paths) if _folder is not None else None
    if kept is not None:
        try:
            loaded = json.loads(kept.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        else:
            if isinstance(loaded, dict):  # what TOML parses to: anything else is spoiled
                return loaded
    parsed = parse(paths)
    if kept is not None:
        try:
            _write(kept, json.dumps(parsed, ensure_ascii=False))
        except (OSError, TypeError):
            pass  # an unwritable folder, or a date JSON cannot hold: parsed every time
    return parsed


def _kept_file(kind: str, paths: Sequence[Path]) -> Path:
    assert _folder is not None
    place = hashlib.sha1(str(paths[0].parent if paths else "").encode()).hexdigest()[:8]
    stamp = hashlib.sha1(
        "".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns};" for p in paths).encode()
    ).hexdigest()[:16]
    return _folder / f"{kind}-{place}-{stamp}.json"


def _write(kept: Path, text: str) -> None:
    """Whole or not at all (a reader never sees half a file), readable by its owner only."""
    import tempfile  # only when a file changed

    folder = kept.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    kind, place = kept.name.split("-")[:2]
    for old in folder.glob(f"{kind}-{place}-*.json"):
        old.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, kept)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
