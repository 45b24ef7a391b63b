"""The append-only guards as text: what the migrations define against what a database holds.

A guard is only as good as its definition. A trigger dropped and re-created under the
same name with `WHEN 0`, or on another table, still answers to its name and stops
nothing, so the check compares the SQL itself. SQLite keeps each trigger's CREATE
statement as it was written and compiles exactly that text, so equal text (after the
normalising below) means an equal guard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Whitespace and comments never change meaning, and keywords and names are not case
# sensitive; string literals are, so they are kept exactly as written.
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<line_comment>--[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<quoted>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?)
    | (?P<word>[A-Za-z0-9_$]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def normalise_sql(text: str) -> str:
    """One spelling of a statement: tokens separated by one space, comments dropped,
    everything outside string literals in lower case, a trailing `;` ignored."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "line_comment", "block_comment"):
            continue
        token = match.group()
        tokens.append(token if kind == "string" else token.lower())
    while tokens and tokens[-1] == ";":
        tokens.pop()
    return " ".join(tokens)


def check_guards(
    expected: Mapping[str, str], actual: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(missing, altered): the expected triggers that are absent, and those present under
    their name with a different definition. Both sorted by name."""
    missing = sorted(name for name in expected if name not in actual)
    altered = sorted(
        name
        for name, sql in expected.items()
        if name in actual and normalise_sql(actual[name]) != normalise_sql(sql)
    )
    return tuple(missing), tuple(altered)
