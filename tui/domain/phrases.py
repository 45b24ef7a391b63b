"""Standard service phrases (规范服务用语) with placeholders, and the forbidden words.

A phrase template names what the agent must fill in braces: "{customer}先生/女士，您好".
`fill` never passes a template off as finished while a placeholder is still open, because
an agent reading out "您好, {customer}" to a caller is worse than no script at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tui.domain.i18n import Lang

if TYPE_CHECKING:
    from tui.domain.reason_search import MatchKind, SearchKeys

# The search (with its pinyin tables) is imported when a phrase is first searched or
# checked: the desk reads its phrases at start-up, while the agent may already be typing.

GROUPS: tuple[str, ...] = (
    "greeting",
    "verification",
    "hold",
    "transfer",
    "apology",
    "promise",
    "closing",
)
"""Phrase groups in the order of a call."""

BLANK_LIMIT = 200
"""Characters in one filled-in blank: a name, a number, a department, a time, said
inside one phrase. The prompt holds no more."""

# `{{` and `}}` are literal braces; `{name}` is a placeholder; anything else is text.
_TOKEN = re.compile(r"\{\{|\}\}|\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Phrase:
    code: str
    group: str
    """One of GROUPS."""
    lang: Lang
    text: str
    """The template, with {placeholders}."""
    sort: int = 0


@dataclass(frozen=True, slots=True)
class Filled:
    text: str
    """The template with every known value put in; open placeholders stay as {name}."""
    missing: tuple[str, ...]
    """Placeholders without a non-blank value, once each, in order of appearance."""

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class ForbiddenPhrase:
    """A word or phrase an agent must not say (금지어, 服务禁语)."""

    lang: Lang
    phrase: str
    rule: str
    """Why: the handbook rule it breaks."""
    instead: str = ""
    """What to say instead, when there is a standard alternative."""


def placeholders(text: str) -> list[str]:
    """Placeholder names in order of first appearance, each once: "{a}{b}{a}" -> [a, b]."""
    names = (match.group(1) for match in _TOKEN.finditer(text) if match.group(1))
    return list(dict.fromkeys(names))


def fill(text: str, values: Mapping[str, str]) -> Filled:
    """Put `values` into the template. Values go in literally (braces in a value stay
    as typed and are never expanded again); a blank value counts as missing."""
    missing: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        value = values.get(name, "").strip()
        if not value:
            missing[name] = None
            return match.group(0)
        return value

    return Filled(_TOKEN.sub(replace, text), tuple(missing))


def find_forbidden(
    text: str, lang: Lang, forbidden: Iterable[ForbiddenPhrase]
) -> list[ForbiddenPhrase]:
    """The forbidden phrases of `lang` that occur in `text` (ignoring case and width),
    in the order they first occur, each once."""
    from tui.domain.reason_search import fold

    folded = fold(text)
    found: list[tuple[int, int, ForbiddenPhrase]] = []
    for order, entry in enumerate(forbidden):
        if entry.lang != lang:
            continue
        needle = fold(entry.phrase)
        position = folded.find(needle) if needle else -1
        if position >= 0:
            found.append((position, order, entry))
    found.sort(key=lambda item: (item[0], item[1]))
    return list(dict.fromkeys(entry for _, _, entry in found))


@lru_cache(maxsize=4096)
def _keys(phrase: Phrase) -> SearchKeys:
    from tui.domain.reason_search import Field, SearchKeys

    return SearchKeys.build(
        [(Field.LABEL, phrase.text), (Field.CODE, phrase.code), (Field.GROUP, phrase.group)],
        chinese=phrase.text if phrase.lang == "zh" else "",
        korean=phrase.text if phrase.lang == "ko" else "",
        full_pinyin=False,
    )


def filter_phrases(phrases: Iterable[Phrase], query: str) -> list[Phrase]:
    """Phrases whose text, code or group matches every word of `query` (casefolded), or
    whose pinyin initials (zh) or Hangul initials (ko) do: "hgx" finds 很高兴为您服务.

    Best matches first (exact, prefix, then substring, as for reasons), otherwise in
    the given order. An empty query keeps every phrase.
    """
    from tui.domain.reason_search import MatchKind, query_words

    words = query_words(query)
    ranked: list[tuple[MatchKind, int, Phrase]] = []
    for order, phrase in enumerate(phrases):
        keys = _keys(phrase)
        kinds = [keys.kind(word) for word in words]
        if all(kind is not None for kind in kinds):
            worst = max((kind for kind in kinds if kind is not None), default=MatchKind.EXACT)
            ranked.append((worst, order, phrase))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [phrase for _, _, phrase in ranked]
