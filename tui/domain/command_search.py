"""Type-to-filter over the command palette's commands, as the reason picker filters
reasons (tui.domain.reason_search): every query word must match the command's title
in the agent's language, its id (`desk.new_call`), its key (`f2`), the pinyin initials
or full pinyin of its Chinese title (`xld` finds 新来电) or the Hangul initials of its
Korean title (`ㅌㅎ` finds 통화) — the pinyin and Hangul keys whatever the language,
as for reasons. Exact matches first, then prefix, then substring; otherwise in the
order given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from tui.domain.i18n import Lang
from tui.domain.pinyin import full_pinyin_span, initials_positions
from tui.domain.reason_search import Field, MatchKind, SearchKeys, fold, query_words


@dataclass(frozen=True)
class Searchable:
    """A command as the palette offers it."""

    ident: str
    titles: Mapping[str, str]
    """The title in zh, en and ko (a name such as a theme's may be the same in all)."""
    lang: Lang
    """The agent's language: only the title in it is compared as text."""
    key: str = ""
    """The key that runs it, as Textual names it (`f2`), or ""."""

    @property
    def title(self) -> str:
        return self.titles.get(self.lang, "")

    @cached_property
    def keys(self) -> SearchKeys:
        return SearchKeys.build(
            [(Field.LABEL, self.title), (Field.CODE, self.ident), (Field.CODE, self.key)],
            chinese=self.titles.get("zh", ""),
            korean=self.titles.get("ko", ""),
        )


@dataclass(frozen=True)
class Found:
    index: int
    """Position of the command in the list searched."""
    kind: MatchKind
    spans: tuple[tuple[int, int], ...]
    """Characters of the title in the agent's language to highlight."""


def search_commands(commands: Sequence[Searchable], query: str) -> list[Found]:
    """The commands matching every word of `query`, best first; all, in order, for an
    empty query."""
    words = query_words(query)
    found: list[Found] = []
    for index, command in enumerate(commands):
        keys = command.keys
        kinds = [keys.kind(word) for word in words]
        if any(kind is None for kind in kinds):
            continue
        worst = max((kind for kind in kinds if kind is not None), default=MatchKind.EXACT)
        spans = tuple(
            span
            for word in words
            if (span := _span(keys, command.title, command.lang, word)) is not None
        )
        found.append(Found(index, worst, spans))
    found.sort(key=lambda hit: (hit.kind, hit.index))
    return found


def _span(keys: SearchKeys, title: str, lang: Lang, word: str) -> tuple[int, int] | None:
    """Where `word` matched in the shown title, when what it matched is on screen."""
    located = keys.locate(word)
    if located is None:
        return None
    which, _, form, position = located
    folded = fold(title)
    if len(folded) != len(title):
        return None
    end = position + len(word)
    if which is Field.LABEL:
        if form == folded:
            return position, end
        if form == folded.replace(" ", ""):
            places = [i for i, char in enumerate(folded) if char != " "]
            return places[position], places[end - 1] + 1
        return None
    if which is Field.PINYIN and lang == "zh":
        places = initials_positions(folded)
        if end <= len(places):
            return places[position], places[end - 1] + 1
        return None
    if which is Field.PINYIN_FULL and lang == "zh":
        return full_pinyin_span(folded, word)
    if which is Field.HANGUL and lang == "ko":
        if len(form) == len(folded):
            return position, end
        places = [i for i, char in enumerate(folded) if char != " "]
        return places[position], places[end - 1] + 1
    return None
