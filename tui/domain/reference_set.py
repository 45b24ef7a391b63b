"""A reference revision: the five files the back office publishes, checked as one.

Reasons, phrases, forbidden phrases, the deadline rules and the break policy go out to
every workstation together, so they are refused together: the first mistake in any of
them names its file and line (`ReferenceError`), and nothing is published. A file is
kept exactly as written (its bytes decide the digest, and the deadline rules' own
revision, which every promise records, is the sha256 of their text).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.domain.break_policy import BreakPolicy, PolicyError
from tui.domain.deadline_rules import RulesError, RuleSet, parse_rules
from tui.domain.i18n import LANGS

REASONS = "reasons.toml"
PHRASES = "phrases.toml"
FORBIDDEN = "forbidden.toml"
DEADLINES = "deadlines.toml"
BREAKS = "breaks.toml"
FILES: tuple[str, ...] = (REASONS, PHRASES, FORBIDDEN, DEADLINES, BREAKS)
"""Every published file, in the order they are checked and hashed."""

PHRASE_GROUPS = ("greeting", "verification", "hold", "transfer", "apology", "promise", "closing")
_CODE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


class ReferenceError(ValueError):
    """A published file that cannot be used: `str()` reads "phrases.toml:12: reason"."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.source = source
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class ReasonRow:
    code: str
    parent_code: str | None
    labels: Mapping[str, str]
    sort: int


@dataclass(frozen=True)
class PhraseRow:
    code: str
    group: str
    texts: Mapping[str, str]
    sort: int


@dataclass(frozen=True)
class ForbiddenRow:
    lang: str
    phrase: str
    rule: str
    instead: str


@dataclass(frozen=True)
class ReferenceSet:
    """Five files, checked; what a workstation applies."""

    texts: Mapping[str, str]
    reasons: tuple[ReasonRow, ...]
    phrases: tuple[PhraseRow, ...]
    forbidden: tuple[ForbiddenRow, ...]
    rules: RuleSet
    breaks: BreakPolicy

    @property
    def digest(self) -> str:
        return digest_of(self.texts)

    @property
    def rules_revision(self) -> str:
        """The deadline rules' own revision: what each promise made under them records."""
        return self.rules.revision


def digest_of(texts: Mapping[str, str]) -> str:
    """sha256 over every file, each framed by its name and length, so moving text from
    one file to another is a different revision."""
    h = hashlib.sha256()
    for name in FILES:
        data = texts[name].encode("utf-8")
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def decode(name: str, data: bytes) -> str:
    """A file's bytes as text, exactly; refused (with its line) unless UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReferenceError(name, line, "not UTF-8 text") from None


def check(texts: Mapping[str, str]) -> ReferenceSet:
    """Check all five files; the first mistake raises ReferenceError."""
    for name in FILES:
        if name not in texts:
            raise ReferenceError(name, None, "file missing")
    try:
        rules = parse_rules(texts[DEADLINES], source=DEADLINES)
    except RulesError as exc:
        raise ReferenceError(exc.source, exc.line, exc.reason) from None
    return ReferenceSet(
        texts=dict(texts),
        reasons=_reasons(texts[REASONS]),
        phrases=_phrases(texts[PHRASES]),
        forbidden=_forbidden(texts[FORBIDDEN]),
        rules=rules,
        breaks=_breaks(texts[BREAKS]),
    )


def _load(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            raise ReferenceError(
                name, int(match[1]), f"TOML syntax error: {message[: match.start()]}"
            ) from None
        line = max(len(text.splitlines()), 1)
        reason = message.replace(" (at end of document)", "")
        raise ReferenceError(name, line, f"TOML syntax error: {reason}") from None


def _entry_lines(text: str, table: str) -> list[int]:
    """The line of each `[[table]]` header, in order: where the n-th entry starts."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]\s*(?:#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


class _Entries:
    """The entries of one array of tables, each with the line it starts on."""

    def __init__(self, name: str, text: str, table: str, *, required: bool = True) -> None:
        self.name = name
        data = _load(name, text)
        for key in data:
            if key != table:
                raise ReferenceError(name, _key_line(text, key), f"unknown top-level key {key!r}")
        entries = data.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ReferenceError(
                name, _key_line(text, table), f"{table} must be [[{table}]] tables"
            )
        if required and not entries:
            raise ReferenceError(name, None, f"no [[{table}]] entries")
        lines = _entry_lines(text, table)
        self.items: list[tuple[int | None, dict[str, Any]]] = [
            (lines[i] if i < len(lines) else None, entry) for i, entry in enumerate(entries)
        ]

    def fail(self, line: int | None, reason: str) -> ReferenceError:
        return ReferenceError(self.name, line, reason)

    def text(
        self,
        line: int | None,
        entry: Mapping[str, Any],
        key: str,
        what: str,
        *,
        empty: bool = False,
    ) -> str:
        value = entry.get(key)
        if value is None:
            raise self.fail(line, f"{what} has no {key!r}")
        if not isinstance(value, str):
            raise self.fail(line, f"{what}: {key!r} must be text")
        if not empty and not value.strip():
            raise self.fail(line, f"{what}: {key!r} is empty")
        return value

    def keys(
        self, line: int | None, entry: Mapping[str, Any], allowed: Sequence[str], what: str
    ) -> None:
        for key in entry:
            if key not in allowed:
                raise self.fail(line, f"{what}: unknown key {key!r}")


def _key_line(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().lstrip("[").strip()
        if stripped.startswith(key):
            return n
    return None


def _code(entries: _Entries, line: int | None, entry: Mapping[str, Any], what: str) -> str:
    code = entries.text(line, entry, "code", what)
    if not _CODE.match(code):
        raise entries.fail(line, f"{what}: code {code!r} is not lower-case words joined by dots")
    return code


def _reasons(text: str) -> tuple[ReasonRow, ...]:
    entries = _Entries(REASONS, text, "reason")
    rows: list[ReasonRow] = []
    seen: set[str] = set()
    for sort, (line, entry) in enumerate(entries.items):
        code = _code(entries, line, entry, "reason")
        what = f"reason {code!r}"
        entries.keys(line, entry, ("code", *LANGS), what)
        labels: dict[str, str] = {lang: entries.text(line, entry, lang, what) for lang in LANGS}
        if code in seen:
            raise entries.fail(line, f"{what} is listed twice")
        parent = code.rpartition(".")[0] or None
        if parent is not None and parent not in seen:
            raise entries.fail(line, f"{what} comes before its parent {parent!r} (or it has none)")
        seen.add(code)
        rows.append(ReasonRow(code, parent, labels, sort))
    return tuple(rows)


def _phrases(text: str) -> tuple[PhraseRow, ...]:
    entries = _Entries(PHRASES, text, "phrase")
    rows: list[PhraseRow] = []
    seen: set[str] = set()
    for sort, (line, entry) in enumerate(entries.items):
        code = _code(entries, line, entry, "phrase")
        what = f"phrase {code!r}"
        entries.keys(line, entry, ("code", "group", *LANGS), what)
        group = entries.text(line, entry, "group", what)
        if group not in PHRASE_GROUPS:
            raise entries.fail(
                line, f"{what}: group {group!r} is not one of {', '.join(PHRASE_GROUPS)}"
            )
        texts: dict[str, str] = {lang: entries.text(line, entry, lang, what) for lang in LANGS}
        if code in seen:
            raise entries.fail(line, f"{what} is listed twice")
        seen.add(code)
        rows.append(PhraseRow(code, group, texts, sort))
    return tuple(rows)


def _forbidden(text: str) -> tuple[ForbiddenRow, ...]:
    # An empty list is a choice (no phrase forbidden), not a mistake.
    entries = _Entries(FORBIDDEN, text, "forbidden", required=False)
    rows: list[ForbiddenRow] = []
    seen: set[tuple[str, str]] = set()
    for line, entry in entries.items:
        entries.keys(line, entry, ("lang", "phrase", "rule", "instead"), "forbidden phrase")
        lang = entries.text(line, entry, "lang", "forbidden phrase")
        if lang not in LANGS:
            raise entries.fail(line, f"forbidden phrase: lang {lang!r} is not zh, en or ko")
        phrase = entries.text(line, entry, "phrase", "forbidden phrase")
        what = f"forbidden phrase {phrase!r}"
        rule = entries.text(line, entry, "rule", what)
        instead = (
            entries.text(line, entry, "instead", what, empty=True) if "instead" in entry else ""
        )
        if (lang, phrase) in seen:
            raise entries.fail(line, f"{what} ({lang}) is listed twice")
        seen.add((lang, phrase))
        rows.append(ForbiddenRow(lang, phrase, rule, instead))
    return tuple(rows)


def _breaks(text: str) -> BreakPolicy:
    return parse_break_policy(text)


def parse_break_policy(text: str) -> BreakPolicy:
    """The published `[breaks]` table; a key left out keeps its shipped default."""
    from tui.domain.settings import line_of

    data = _load(BREAKS, text)
    for key in data:
        if key != "breaks":
            raise ReferenceError(BREAKS, _key_line(text, key), f"unknown top-level key {key!r}")
    table = data.get("breaks")
    if not isinstance(table, dict):
        raise ReferenceError(BREAKS, _key_line(text, "breaks"), "missing table [breaks]")
    try:
        return BreakPolicy.from_table(table, line_of=lambda key: line_of(text, key, "breaks"))
    except PolicyError as exc:
        raise ReferenceError(BREAKS, exc.line, f"breaks.{exc.key}: {exc.reason}") from None
