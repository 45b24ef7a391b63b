"""How the Chinese and Korean text is written: full-width punctuation and no stray spaces
in Chinese, one spelling for each Korean word.

A Chinese customer-service script is written with full-width `，。！？：；（）`; ASCII stays
only where it is a key name, a time (11:00), a code or a placeholder. Between Chinese
characters, and between Chinese and a number, there is no space (`承诺今天11:00前回复`);
a Latin word (F6, agentdesk, a path) keeps a space on each side.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.domain.i18n import PLURAL_FORMS, catalog

SEED_DIR = Path(__file__).parents[2] / "db" / "seed"

_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60\u3000-\u303f]"
_ASCII_PUNCTUATION_AFTER_CJK = re.compile(rf"{_CJK}\s*[,!?:;]|[,!?:;]\s*{_CJK}")
_ASCII_PARENTHESES_BY_CJK = re.compile(rf"{_CJK}\s*\(|\(\s*{_CJK}|{_CJK}\s*\)|\)\s*{_CJK}")
_SPACE_IN_CJK = re.compile(rf"{_CJK} +{_CJK}|{_CJK} +\d|(?<![A-Za-z\d-])\d+%? +{_CJK}")
# Placeholders whose value is a Latin word (a path, a code, an id): spaced like one.
_LATIN_VALUES = frozenset(
    {
        "path",
        "digest",
        "zone",
        "desk",
        "name",
        "code",
        "id",
        "field",
        "revision",
        "complaint",
        "event",
        "call",
        "example",
        "reference",
        "detail",
        "fault",
        "kind",
        # settings: a key, a theme, a file or a binding id, as written in config.toml
        "file",
        "key",
        "known",
        "binding",
        "other",
        "near",
        "choices",
        "value",
        "examples",
        "theme",
        # a central store's address (sqlite:///… or postgresql://…)
        "url",
    }
)


def _sample(text: str) -> str:
    """`text` with each placeholder replaced by what it holds: a number or Chinese words
    (joined without spaces), or a Latin word."""
    values = {
        name: "abc" if name in _LATIN_VALUES else 12
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }
    return text.format(**values)


def _zh_catalog() -> Iterator[tuple[str, str]]:
    for key, table in sorted(catalog().items()):
        entry = table["zh"]
        for text in [entry] if isinstance(entry, str) else [entry[f] for f in PLURAL_FORMS]:
            yield key, text


def _load(name: str) -> dict[str, Any]:
    with (SEED_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


def _labels(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every zh/ko text inside the deadline rules (labels, holiday names)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("zh", "ko") and isinstance(inner, str):
                yield f"{where}.{key}", inner
            else:
                yield from _labels(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _labels(inner, f"{where}[{i}]")


def _zh_seeds() -> Iterator[tuple[str, str]]:
    for row in _load("phrases.toml")["phrase"]:
        yield f"phrase {row['code']}", row["zh"]
    for row in _load("reasons.toml")["reason"]:
        yield f"reason {row['code']}", row["zh"]
    for row in _load("forbidden.toml")["forbidden"]:
        if row["lang"] == "zh":
            for key in ("phrase", "rule", "instead"):
                yield f"forbidden {row['phrase']} {key}", row[key]
    for where, text in _labels(_load("deadlines.toml"), "deadlines"):
        if where.endswith(".zh"):
            yield where, text


ZH_TEXTS = [*_zh_catalog(), *_zh_seeds()]


@pytest.mark.parametrize(("where", "text"), ZH_TEXTS, ids=[w for w, _ in ZH_TEXTS])
def test_chinese_uses_full_width_punctuation(where: str, text: str) -> None:
    filled = _sample(text)
    assert not _ASCII_PUNCTUATION_AFTER_CJK.search(filled), (where, filled)
    assert not _ASCII_PARENTHESES_BY_CJK.search(filled), (where, filled)


@pytest.mark.parametrize(("where", "text"), ZH_TEXTS, ids=[w for w, _ in ZH_TEXTS])
def test_chinese_has_no_space_between_words_or_before_numbers(where: str, text: str) -> None:
    filled = _sample(text)
    assert not _SPACE_IN_CJK.search(filled), (where, filled)


@pytest.mark.parametrize(
    "bad",
    [
        "您好,林小雨很高兴为您服务!",
        "承诺 今天 11:00 前 回复",
        "按 1(很差)",
        "今日 7 通",
        "剩余 {left}",
    ],
)
def test_the_checks_catch_what_the_issue_saw(bad: str) -> None:
    filled = _sample(bad)
    assert (
        _ASCII_PUNCTUATION_AFTER_CJK.search(filled)
        or _ASCII_PARENTHESES_BY_CJK.search(filled)
        or _SPACE_IN_CJK.search(filled)
    )


@pytest.mark.parametrize(
    "good", ["按 F6 查看", "承诺今天11:00前回复", "{path} 是空文件", "UTF-8 文本"]
)
def test_the_checks_leave_key_names_times_and_paths_alone(good: str) -> None:
    filled = _sample(good)
    assert not _ASCII_PUNCTUATION_AFTER_CJK.search(filled)
    assert not _SPACE_IN_CJK.search(filled)


# ---------------------------------------------------------------- Korean spelling

# Loanwords with a standard spelling (표준 외래어 표기) and the variants seen in use.
KO_STANDARD = {
    "크리스털": ("크리스탈",),
    "메시지": ("메세지",),
    "콘텐츠": ("컨텐츠",),
    "리포트": ("레포트",),
    "서비스센터": ("써비스센터",),
}


def _ko_texts() -> Iterator[tuple[str, str]]:
    for key, table in sorted(catalog().items()):
        entry = table["ko"]
        for text in [entry] if isinstance(entry, str) else list(entry.values()):
            yield key, text
    for row in _load("phrases.toml")["phrase"]:
        yield f"phrase {row['code']}", row["ko"]
    for row in _load("reasons.toml")["reason"]:
        yield f"reason {row['code']}", row["ko"]
    for row in _load("forbidden.toml")["forbidden"]:
        if row["lang"] == "ko":
            yield f"forbidden {row['phrase']}", row["instead"]
    yield from _labels(_load("deadlines.toml"), "deadlines")


def test_each_korean_word_is_spelled_one_way() -> None:
    variants = [
        (where, variant, standard)
        for where, text in _ko_texts()
        for standard, others in KO_STANDARD.items()
        for variant in others
        if variant in text
    ]
    assert variants == []


def test_a_rework_reason_and_its_deadline_class_use_the_same_korean_words() -> None:
    # cmp.rework.frame is promised under class rework-frame: the agent sees both labels.
    reasons = {row["code"]: row for row in _load("reasons.toml")["reason"]}
    classes = _load("deadlines.toml")["classes"]
    pairs = [
        (code, f"rework-{code.rsplit('.', 1)[1]}")
        for code in reasons
        if code.startswith("cmp.rework.")
    ]
    assert pairs
    for reason, klass in pairs:
        assert reasons[reason]["ko"] == classes[klass]["labels"]["ko"], (reason, klass)
