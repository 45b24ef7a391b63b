"""Type-to-filter over the whole reason tree, fast enough to run on every keystroke.

What a query is compared with (decided here, for every agent language alike):
- the reason's label in the agent's language (what the picker shows), casefolded, also
  with its spaces removed ("요금조회" finds "요금 조회");
- the code ("inq.billing.amount");
- pinyin initials of the Chinese label ("cxzx" finds 查询咨询), and full pinyin from any
  syllable start ("chaxun", "xun"), with one-character reading variants (银行: yh, yx);
- Korean initial consonants of the Korean label ("ㅈㅎ" finds 조회).
The pinyin and Hangul keys are indexed whatever the agent's language, because agents
type whichever they think in and the keys cost little; labels in the other languages
are not, so an English agent's "bill" is not matched against Korean text.

A query is split on spaces; every word must match the leaf or one of its ancestors, so
"billing" lists every billing leaf and "billing refund" narrows to the refund ones.
Ranking: exact, then prefix (start of a label or of a word in it), then substring
matches; within each, the agent's own ranking (recent, then most used); then tree order.

Speed (contract: p99 < 5 ms per keystroke over 5,000 reasons; scripts/bench_picker.py):
every searchable string is prepared once in `ReasonIndex`, joined per reason into one
haystack, so a keystroke costs one substring test per reason; prefix, exact and
full-pinyin matches are found by bisecting sorted key lists, and results are ranked on
per-leaf byte strings without sorting. A query word that extends one searched a moment
ago ("bil" after "bi") is only tested against the earlier hits when they are few.
Nothing fuzzy: a fuzzy matcher over full paths costs about 60 ms per keystroke.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from functools import partial
from itertools import compress, repeat

from tui.domain import hangul
from tui.domain.i18n import Lang
from tui.domain.pinyin import full_pinyin_span, initials_positions, pinyin_keys
from tui.domain.reasons import PATH_SEP, Reason, ReasonTree

Usage = Mapping[str, tuple[int, str]]
"""Reason code -> (times the agent used it, last use as ISO-8601 with an offset)."""

# Separators that never survive `fold`, so a query cannot match across two keys.
_KEY = "\x01"
_SYLLABLE = "\x02"
_MAX_CHAR = "\U0010ffff"
# [\W_] is exactly "not str.isalnum()", the rule `_kind_at` applies.
_WORD_START = re.compile(r"^|(?<=[\W_])")
_CONTROL = dict.fromkeys(range(0x20), " ")
# Chinese and Japanese keyboards type full-width ASCII ("ｂｉｌｌ") and the ideographic space.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


class MatchKind(IntEnum):
    """How well a query word matched; lower is better."""

    EXACT = 0
    PREFIX = 1
    """At the start of a key or of a word inside it."""
    SUBSTRING = 2


class Field(StrEnum):
    """Which key of a reason (or phrase) a query word matched."""

    LABEL = "label"
    CODE = "code"
    HANGUL = "hangul"
    PINYIN = "pinyin"
    """Pinyin initials."""
    PINYIN_FULL = "pinyin_full"
    GROUP = "group"


def fold(text: str) -> str:
    """The comparable form: NFC, full-width ASCII narrowed, casefolded, spaces collapsed.

    NFKC is avoided on purpose: it turns the consonants of a Hangul initials query
    (ㅈ, U+3148) into conjoining jamo that no initials key contains.
    """
    text = unicodedata.normalize("NFC", text).translate(_FULLWIDTH).translate(_CONTROL)
    return " ".join(text.casefold().split())


def query_words(query: str) -> list[str]:
    """The folded words of a query, fused Hangul clusters split (ㄳ -> ㄱㅅ)."""
    return [hangul.split_clusters(word) for word in fold(query).split()]


def _word_starts(text: str) -> list[str]:
    """Suffixes of `text` that start at 0 or after a character that is not alphanumeric."""
    return [text[match.start() :] for match in _WORD_START.finditer(text)]


def _without_spaces(text: str) -> str:
    return text.replace(" ", "")


@dataclass(frozen=True, slots=True)
class SearchKeys:
    """Everything a query word is compared with, prepared once per reason or phrase.

    Only strings and tuples of strings, which the garbage collector stops tracking: an
    index holds thousands of these for the whole shift, and every full collection
    would otherwise walk them all.
    """

    forms: tuple[str, ...]
    """Folded keys, in the order a highlight prefers them."""
    fields: tuple[str, ...]
    """The Field value each of `forms` comes from."""
    full_pinyin: tuple[str, ...]
    """Full-pinyin keys from every syllable start (see pinyin.full_pinyin_keys)."""
    full_pinyin_head: tuple[str, ...]
    """The full-pinyin keys from the first syllable."""
    hay: str
    """Every form, each after a separator: one `in` test finds any substring match."""
    pinyin_hay: str
    """Every full-pinyin key after a syllable mark: `mark + word in` is a key prefix."""
    prefixes: tuple[str, ...]
    """Every suffix of a form that starts a word in it, and the head pinyin keys: a word
    that begins one of these is a PREFIX match."""
    exact: tuple[str, ...]
    """Whole keys: a word equal to one is an EXACT match."""

    @classmethod
    def build(
        cls,
        labels: Iterable[tuple[Field, str]],
        *,
        chinese: str = "",
        korean: str = "",
        full_pinyin: bool = True,
    ) -> SearchKeys:
        """Keys for folded-and-compared `labels`, plus pinyin keys of `chinese` and
        Hangul initials of `korean` (either may be empty)."""
        forms: dict[tuple[Field, str], None] = {}
        for which, text in labels:
            folded = fold(text)
            if folded:
                forms[which, folded] = None
                if " " in folded:
                    forms[which, _without_spaces(folded)] = None
        if korean:
            ko = fold(korean)
            spaced = hangul.initials(ko)
            if spaced != ko:
                forms[Field.HANGUL, spaced] = None
                if " " in spaced:
                    forms[Field.HANGUL, _without_spaces(spaced)] = None
        head: tuple[str, ...] = ()
        every: tuple[str, ...] = ()
        if chinese:
            initials, head, every = pinyin_keys(fold(chinese))
            for key in initials:
                if key:
                    forms[Field.PINYIN, key] = None
            if not full_pinyin:
                head = every = ()
        texts = list(dict.fromkeys(text for _, text in forms))
        starts = [start for text in texts for start in _word_starts(text)]
        return cls(
            forms=tuple(text for _, text in forms),
            fields=tuple(which.value for which, _ in forms),
            full_pinyin=every,
            full_pinyin_head=head,
            hay=_KEY + _KEY.join(texts),
            pinyin_hay=_SYLLABLE + _SYLLABLE.join(every) if every else "",
            prefixes=tuple(dict.fromkeys(starts + list(head))),
            exact=tuple(dict.fromkeys(texts + list(head))),
        )

    def matches(self, word: str) -> bool:
        """Whether `word` (already folded) is in any key, or begins a full-pinyin key."""
        return word in self.hay or (_uses_full_pinyin(word) and _SYLLABLE + word in self.pinyin_hay)

    def kind(self, word: str) -> MatchKind | None:
        """How `word` (already folded) matches these keys; None when it does not."""
        if not self.matches(word):
            return None
        if word in self.exact:
            return MatchKind.EXACT
        if any(prefix.startswith(word) for prefix in self.prefixes):
            return MatchKind.PREFIX
        return MatchKind.SUBSTRING

    def locate(self, word: str) -> tuple[Field, MatchKind, str, int] | None:
        """The best-matching form for `word`: (field, kind, form, position in form).

        For a full-pinyin match the form is the key and the position 0."""
        best: tuple[Field, MatchKind, str, int] | None = None
        for which, text in zip(self.fields, self.forms, strict=True):
            found = _kind_at(text, word)
            if found is not None and (best is None or found[0] < best[1]):
                best = (Field(which), found[0], text, found[1])
        if (best is None or best[1] is not MatchKind.EXACT) and _uses_full_pinyin(word):
            spelled = self._locate_full_pinyin(word)
            if spelled is not None and (best is None or spelled[1] < best[1]):
                best = spelled
        return best

    def _locate_full_pinyin(self, word: str) -> tuple[Field, MatchKind, str, int] | None:
        if word in self.full_pinyin_head:
            return Field.PINYIN_FULL, MatchKind.EXACT, word, 0
        for keys, kind in (
            (self.full_pinyin_head, MatchKind.PREFIX),
            (self.full_pinyin, MatchKind.SUBSTRING),
        ):
            for key in keys:
                if key.startswith(word):
                    return Field.PINYIN_FULL, kind, key, 0
        return None


def _uses_full_pinyin(word: str) -> bool:
    # One letter is already covered by the initials; longer words may spell syllables.
    return len(word) > 1 and word.isascii() and word.isalnum()


def _kind_at(text: str, word: str) -> tuple[MatchKind, int] | None:
    if text == word:
        return MatchKind.EXACT, 0
    position = text.find(word)
    if position < 0:
        return None
    first = position
    while position >= 0:
        if position == 0 or not text[position - 1].isalnum():
            return MatchKind.PREFIX, position
        position = text.find(word, position + 1)
    return MatchKind.SUBSTRING, first


def usage_ranking(usage: Usage, *, recent: int = 3) -> tuple[str, ...]:
    """Codes in the order an agent wants them offered: the `recent` last used first
    (newest first), then the others by use count, then by last use."""

    def when(item: tuple[str, tuple[int, str]]) -> datetime:
        parsed = datetime.fromisoformat(item[1][1])
        # Stored times are UTC (clock.to_iso); a bare time is read the same way.
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    items = sorted(usage.items(), key=lambda item: item[0])
    by_time = sorted(items, key=when, reverse=True)
    first = [code for code, _ in by_time[:recent]]
    chosen = set(first)
    rest = sorted(
        (item for item in by_time if item[0] not in chosen),
        key=lambda item: -item[1][0],
    )
    return tuple(first + [code for code, _ in rest])


@dataclass(frozen=True, slots=True)
class Hit:
    """Where one query word matched, for highlighting."""

    word: str
    code: str
    """The reason whose keys matched: the leaf itself or one of its ancestors."""
    field: Field
    kind: MatchKind
    span: tuple[int, int] | None
    """Characters to highlight: in that reason's displayed label for LABEL, HANGUL and
    PINYIN*, in its code for CODE; None when the matched text is not on screen (pinyin
    keys of the Chinese label while the agent reads English)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A pickable leaf the query found."""

    reason: Reason
    path: tuple[str, ...]
    """Labels from the top level down to the leaf, in the index's language."""
    path_text: str
    kind: MatchKind | None
    """The weakest of the query words' matches; None for the empty query."""
    _explain: Callable[[], tuple[Hit, ...]] | None = field(default=None, repr=False, compare=False)

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def hits(self) -> tuple[Hit, ...]:
        """One per query word, in query order; worked out on first use, since a picker
        only highlights the rows it shows."""
        return self._explain() if self._explain is not None else ()


def _sorted_keys(per_node: Iterable[tuple[str, ...]]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Every key with the node it belongs to, sorted by key."""
    texts: list[str] = []
    owners: list[int] = []
    for node, keys in enumerate(per_node):
        texts.extend(keys)
        owners.extend(repeat(node, len(keys)))
    order = sorted(range(len(texts)), key=texts.__getitem__)
    return tuple([texts[i] for i in order]), tuple([owners[i] for i in order])


# Per-leaf match kinds are bytes in "thermometer" code, so the kind a leaf has for a
# whole query (the weakest of its words') is the bitwise OR of the words' codes, which
# Python does for thousands of leaves at once on ints. Index = MatchKind; last = no match.
_CODE_OF_KIND = (0b000, 0b001, 0b011)
_NO_MATCH_CODE = 0b111
_KIND_OF_CODE = {code: MatchKind(kind) for kind, code in enumerate(_CODE_OF_KIND)}
_SUBSTRING_OR_NOTHING = bytes.maketrans(b"\x00\x01", bytes([_NO_MATCH_CODE, _CODE_OF_KIND[2]]))


@dataclass(slots=True)
class _WordHits:
    """The reasons (index nodes) whose own keys match one query word."""

    mask: bytes
    """Per node, 1 when its keys contain the word (or it begins a full-pinyin key)."""
    prefix: Sequence[int]
    """Nodes with a PREFIX (or better) match; may repeat."""
    exact: Sequence[int]
    leaf_codes: bytes = b""
    """Per leaf, the kind code for this word (see _CODE_OF_KIND); set by the index."""
    _better: dict[int, MatchKind] | None = None

    def kind(self, node: int) -> MatchKind | None:
        """This word's match on one node's own keys (for explaining a result)."""
        if self._better is None:
            self._better = dict.fromkeys(self.prefix, MatchKind.PREFIX)
            self._better.update(dict.fromkeys(self.exact, MatchKind.EXACT))
        better = self._better.get(node)
        if better is not None:
            return better
        return MatchKind.SUBSTRING if self.mask[node] else None


class ReasonIndex:
    """The search structure for one tree and one display language; build it once.

    Only pickable leaves are returned: retired reasons and their subtrees are left out.
    Not thread-safe: it keeps recent query words' hits to narrow the next keystroke.
    """

    def __init__(self, tree: ReasonTree, lang: Lang, *, remembered_words: int = 64) -> None:
        self.tree = tree
        self.lang: Lang = lang
        self._remembered_words = remembered_words
        self._recent: OrderedDict[str, _WordHits] = OrderedDict()
        self._usage_source: tuple[str, ...] | None = None
        self._usage_ranked: list[int] = []

        kept: list[Reason] = []
        parent_of: dict[str, str] = {}
        for reason in tree.preorder():
            parent = reason.parent_code or ""
            if reason.active and (not parent or parent in parent_of):
                kept.append(reason)
                parent_of[reason.code] = parent
        # Node numbers: the leaves first, in tree order, then the categories in tree
        # order. A leaf's number is then its position in per-leaf arrays, and the leaves
        # under category n are numbers lo[n]..hi[n]-1.
        leaves = [reason for reason in kept if tree.is_leaf(reason.code)]
        nodes = leaves + [reason for reason in kept if not tree.is_leaf(reason.code)]
        number = {reason.code: index for index, reason in enumerate(nodes)}
        self._nodes = tuple(nodes)
        self._leaf_count = len(leaves)
        self._leaf_of = {reason.code: index for index, reason in enumerate(leaves)}

        lineage: dict[str, tuple[int, ...]] = {"": ()}
        paths: dict[str, tuple[str, ...]] = {"": ()}
        first_leaf = dict.fromkeys(number, len(leaves))
        last_leaf = dict.fromkeys(number, 0)
        for reason in kept:
            parent = parent_of[reason.code]
            lineage[reason.code] = lineage[parent] + (number[reason.code],)
            paths[reason.code] = paths[parent] + (reason.label(lang),)
        for index, reason in enumerate(leaves):
            for node in lineage[reason.code]:
                code = nodes[node].code
                first_leaf[code] = min(first_leaf[code], index)
                last_leaf[code] = index + 1
        # Tuples rather than lists throughout: once they hold only strings and numbers
        # the garbage collector stops tracking them (see SearchKeys).
        self._lo = tuple(first_leaf[reason.code] for reason in nodes)
        self._hi = tuple(max(last_leaf[r.code], first_leaf[r.code]) for r in nodes)
        self._leaf_lineage = tuple(lineage[reason.code] for reason in leaves)
        self._paths = tuple(paths[reason.code] for reason in leaves)
        self._path_texts = tuple(PATH_SEP.join(path) for path in self._paths)

        self._keys = tuple(self._keys_of(reason) for reason in nodes)
        self._hays = tuple(keys.hay for keys in self._keys)
        # Keys a word must begin are looked up in bulk in sorted lists, where bisect
        # finds the run of keys a word begins: word starts (PREFIX matches) and
        # full-pinyin keys (matches in their own right). Whole keys sit in a dict.
        self._start_texts, self._start_nodes = _sorted_keys(k.prefixes for k in self._keys)
        self._pinyin_texts, self._pinyin_nodes = _sorted_keys(k.full_pinyin for k in self._keys)
        exact: dict[str, list[int]] = {}
        for node, keys in enumerate(self._keys):
            for text in keys.exact:
                exact.setdefault(text, []).append(node)
        self._exact_nodes = {text: tuple(owners) for text, owners in exact.items()}
        self._fill = [memoryview(bytes([code]) * len(leaves)) for code in _CODE_OF_KIND]

    def _keys_of(self, reason: Reason) -> SearchKeys:
        return SearchKeys.build(
            [(Field.LABEL, reason.label(self.lang)), (Field.CODE, reason.code)],
            chinese=reason.labels.get("zh", ""),
            korean=reason.labels.get("ko", ""),
        )

    def __len__(self) -> int:
        """How many leaves can be picked."""
        return self._leaf_count

    def __contains__(self, code: object) -> bool:
        """Whether `code` is a pickable leaf."""
        return code in self._leaf_of

    def path(self, code: str) -> tuple[str, ...]:
        """Display path of a pickable leaf, as its search results carry it."""
        return self._paths[self._leaf_of[code]]

    def forget_recent_words(self) -> None:
        """Drop the hits kept for narrowing (memory only; results never depend on it)."""
        self._recent.clear()

    def search(
        self,
        query: str,
        *,
        usage: Usage | Sequence[str] | None = None,
        limit: int | None = 50,
    ) -> list[Match]:
        """Leaves matching every word of `query`, best first (see the module docstring).

        `usage` is the agent's history (code -> (count, last ISO time)) or a ranking of
        codes from `usage_ranking`; passing the same ranking tuple on every keystroke
        spares re-ranking it. `limit=None` returns every match.
        """
        ranked = self._ranked(usage)
        words = query_words(query)
        wanted = self._leaf_count if limit is None else max(limit, 0)
        if not words:
            everything = bytes(self._leaf_count)
            return [
                Match(self._nodes[leaf], self._paths[leaf], self._path_texts[leaf], None)
                for leaf in self._pick(ranked, everything, (0,), wanted)
            ]
        per_word = [self._word_hits(word) for word in words]
        codes = per_word[0].leaf_codes
        for hits in per_word[1:]:
            combined = int.from_bytes(codes, "little") | int.from_bytes(hits.leaf_codes, "little")
            codes = combined.to_bytes(self._leaf_count, "little")
        explained: dict[tuple[int, str], Hit] = {}
        return [
            Match(
                self._nodes[leaf],
                self._paths[leaf],
                self._path_texts[leaf],
                _KIND_OF_CODE[codes[leaf]],
                partial(self._hits_for, leaf, words, per_word, explained),
            )
            for leaf in self._pick(ranked, codes, _CODE_OF_KIND, wanted)
        ]

    def _ranked(self, usage: Usage | Sequence[str] | None) -> list[int]:
        """Leaves the agent's usage puts first, best first."""
        if usage is None:
            return []
        if isinstance(usage, tuple) and usage is self._usage_source:
            return self._usage_ranked
        ranking = usage_ranking(usage) if isinstance(usage, Mapping) else usage
        leaves = self._leaf_of
        ranked = list(dict.fromkeys(leaves[code] for code in ranking if code in leaves))
        if isinstance(usage, tuple):
            self._usage_source, self._usage_ranked = usage, ranked
        return ranked

    @staticmethod
    def _pick(ranked: list[int], codes: bytes, order: Sequence[int], wanted: int) -> list[int]:
        """Up to `wanted` leaves: by kind code in `order`, then ranked, then tree order."""
        chosen: list[int] = []
        first = set(ranked)
        for code in order:
            for leaf in ranked:
                if len(chosen) >= wanted:
                    return chosen
                if codes[leaf] == code:
                    chosen.append(leaf)
            # bytes.find scans in C: a one-letter query over thousands of leaves costs
            # a few steps per leaf shown, not per leaf matched.
            leaf = codes.find(code)
            while leaf >= 0:
                if len(chosen) >= wanted:
                    return chosen
                if leaf not in first:
                    chosen.append(leaf)
                leaf = codes.find(code, leaf + 1)
        return chosen

    def _word_hits(self, word: str) -> _WordHits:
        recent = self._recent.get(word)
        if recent is not None:
            self._recent.move_to_end(word)
            return recent
        # A word extending one searched a moment ago can only match what that one did.
        narrower: _WordHits | None = None
        for end in range(len(word) - 1, 0, -1):
            narrower = self._recent.get(word[:end])
            if narrower is not None:
                break
        hays = self._hays
        if narrower is None or narrower.mask.count(1) > len(hays) // 2:
            # A comprehension over all runs faster per item than indexed narrowing, so
            # a wide earlier word is not worth narrowing from.
            marks = bytearray([word in hay for hay in hays])
        else:
            still = [word in hay for hay in compress(hays, narrower.mask)]
            marks = bytearray(len(hays))
            for node in compress(compress(range(len(hays)), narrower.mask), still):
                marks[node] = 1
        if _uses_full_pinyin(word):
            keys = self._pinyin_texts
            begin = bisect_left(keys, word)
            for node in self._pinyin_nodes[begin : bisect_left(keys, word + _MAX_CHAR, begin)]:
                marks[node] = 1
        mask = bytes(marks)
        texts = self._start_texts
        begin = bisect_left(texts, word)
        end = bisect_left(texts, word + _MAX_CHAR, begin)
        hits = _WordHits(mask, self._start_nodes[begin:end], self._exact_nodes.get(word, ()))
        hits.leaf_codes = self._leaf_codes(hits)
        self._recent[word] = hits
        if len(self._recent) > self._remembered_words:
            self._recent.popitem(last=False)
        return hits

    def _leaf_codes(self, hits: _WordHits) -> bytes:
        """Per leaf, the code of the best kind among itself and its ancestors."""
        count = self._leaf_count
        codes = bytearray(hits.mask[:count].translate(_SUBSTRING_OR_NOTHING))
        lo, hi, fill = self._lo, self._hi, self._fill
        categories = compress(range(count, len(self._nodes)), hits.mask[count:])
        # Weaker kinds first, so a better one for the same leaf overwrites them.
        for kind, nodes in ((2, categories), (1, iter(hits.prefix)), (0, iter(hits.exact))):
            code = _CODE_OF_KIND[kind]
            for node in nodes:
                if node < count:
                    codes[node] = code
                else:
                    start, end = lo[node], hi[node]
                    codes[start:end] = fill[kind][: end - start]
        return bytes(codes)

    def _hits_for(
        self,
        leaf: int,
        words: list[str],
        per_word: list[_WordHits],
        explained: dict[tuple[int, str], Hit],
    ) -> tuple[Hit, ...]:
        out: list[Hit] = []
        for word, hits in zip(words, per_word, strict=True):
            # The best-matching reason on the path; the deepest one when tied.
            best: tuple[MatchKind, int] | None = None
            for node in reversed(self._leaf_lineage[leaf]):
                kind = hits.kind(node)
                if kind is not None and (best is None or kind < best[0]):
                    best = (kind, node)
            assert best is not None, (leaf, word)
            node = best[1]
            hit = explained.get((node, word))
            if hit is None:
                hit = explained[node, word] = self._explain(node, word)
            out.append(hit)
        return tuple(out)

    def _explain(self, node: int, word: str) -> Hit:
        reason = self._nodes[node]
        located = self._keys[node].locate(word)
        assert located is not None, (reason.code, word)
        which, kind, form, position = located
        return Hit(word, reason.code, which, kind, self._span(reason, which, form, position, word))

    def _span(
        self, reason: Reason, which: Field, form: str, position: int, word: str
    ) -> tuple[int, int] | None:
        end = position + len(word)
        if which is Field.CODE:
            return (position, end) if len(fold(reason.code)) == len(reason.code) else None
        source = {Field.LABEL: self.lang, Field.HANGUL: "ko"}.get(which, "zh")
        if source != self.lang:
            return None
        shown = reason.label(self.lang)
        folded = fold(shown)
        if len(folded) != len(shown):
            return None
        if which is Field.PINYIN:
            places = initials_positions(folded)
            return places[position], places[end - 1] + 1
        if which is Field.PINYIN_FULL:
            return full_pinyin_span(folded, word)
        if " " not in form and " " in folded:
            places = [i for i, char in enumerate(folded) if char != " "]
            return places[position], places[end - 1] + 1
        return position, end
