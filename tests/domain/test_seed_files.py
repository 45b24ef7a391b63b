"""The shipped reference data: call reasons, service phrases, forbidden phrases.

tui/store/seed.py loads these files as they are, so every shape the loader and the
screens rely on is held here: codes, parents before children, three languages,
labels that fit a narrow terminal, placeholders the app knows how to fill, and no
standard phrase that the forbidden-phrase check would flag.
"""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypinyin import Style, lazy_pinyin

SEED_DIR = Path(__file__).parents[2] / "db" / "seed"
LANGS = ("zh", "en", "ko")
LABEL_LIMITS = {"zh": 10, "en": 28, "ko": 14}
GROUPS = ("greeting", "verification", "hold", "transfer", "apology", "promise", "closing")
PLACEHOLDERS = frozenset(
    {"agent", "customer", "deadline", "department", "reference", "callback_number", "wait"}
)
CODE_RE = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")

# The Korean handbook's 19 standard courtesy phrases (문명 서비스 일상 용어), in natural
# Korean; each must be sayable from some seeded phrase.
KOREAN_COURTESY = (
    "안녕하세요",
    "무엇을 도와드릴까요",
    "잠시만 기다려 주세요",
    "잠시만 기다려 주시겠습니까",
    "기다려 주셔서 감사합니다",
    "오래 기다리셨습니다",
    "실례지만",
    "다시 한 번 말씀해 주시겠습니까",
    "확인해 드리겠습니다",
    "연결해 드리겠습니다",
    "다시 연락드리겠습니다",
    "죄송합니다",
    "불편을 드려",
    "진심으로 사과드립니다",
    "양해 부탁드립니다",
    "소중한 의견",
    "더 궁금하신 점",
    "전화 주셔서 감사합니다",
    "안녕히 계세요",
)


def _load(name: str) -> dict[str, Any]:
    with (SEED_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def reasons() -> list[dict[str, str]]:
    return list(_load("reasons.toml")["reason"])


@pytest.fixture(scope="module")
def phrases() -> list[dict[str, str]]:
    return list(_load("phrases.toml")["phrase"])


@pytest.fixture(scope="module")
def forbidden() -> list[dict[str, str]]:
    return list(_load("forbidden.toml")["forbidden"])


def _parent(code: str) -> str | None:
    head, dot, _ = code.rpartition(".")
    return head if dot else None


def _fold(text: str) -> str:
    # Full-width and half-width punctuation compare equal, as do letter cases.
    return unicodedata.normalize("NFKC", text).casefold()


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _hangul_initials(text: str) -> str:
    leads = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
    return "".join(leads[(ord(ch) - 0xAC00) // 588] for ch in text if 0xAC00 <= ord(ch) <= 0xD7A3)


# ---------------------------------------------------------------- reasons


def test_reason_rows_have_exactly_the_loader_keys(reasons: list[dict[str, str]]) -> None:
    for row in reasons:
        assert set(row) == {"code", *LANGS}, row


def test_reason_codes_are_well_formed_and_unique(reasons: list[dict[str, str]]) -> None:
    codes = [row["code"] for row in reasons]
    assert all(CODE_RE.fullmatch(code) for code in codes), codes
    duplicates = [code for code, n in Counter(codes).items() if n > 1]
    assert duplicates == []


def test_every_parent_exists_and_comes_first(reasons: list[dict[str, str]]) -> None:
    position = {row["code"]: i for i, row in enumerate(reasons)}
    for i, row in enumerate(reasons):
        parent = _parent(row["code"])
        if parent is not None:
            assert parent in position, f"{row['code']} has no parent {parent}"
            assert position[parent] < i, f"{row['code']} comes before its parent"


def test_siblings_stay_together_under_their_parent(reasons: list[dict[str, str]]) -> None:
    # File order is display order, so a parent's subtree must be one unbroken run.
    codes = [row["code"] for row in reasons]
    for i, code in enumerate(codes):
        subtree = [j for j, other in enumerate(codes) if other.startswith(code + ".")]
        if subtree:
            assert subtree == list(range(i + 1, i + 1 + len(subtree))), code


def test_tree_is_deep_and_long(reasons: list[dict[str, str]]) -> None:
    codes = {row["code"] for row in reasons}
    parents = {_parent(code) for code in codes}
    leaves = codes - parents
    assert max(code.count(".") for code in codes) >= 2  # three levels
    assert len(leaves) >= 60


def test_top_levels_follow_the_call_mix(reasons: list[dict[str, str]]) -> None:
    tops = [row["code"] for row in reasons if _parent(row["code"]) is None]
    assert tops == ["inq", "fwd", "hdl", "cmp", "oth"]
    for top in tops:
        assert any(_parent(row["code"]) == top for row in reasons), top


def test_labels_present_and_fit_a_narrow_terminal(reasons: list[dict[str, str]]) -> None:
    for row in reasons:
        for lang in LANGS:
            label = row[lang]
            assert label.strip() == label and label, (row["code"], lang)
            assert len(label) <= LABEL_LIMITS[lang], (row["code"], lang, label)


def test_sibling_labels_are_distinct(reasons: list[dict[str, str]]) -> None:
    # Two siblings with one label would make the picker ambiguous.
    for lang in LANGS:
        seen: dict[tuple[str | None, str], str] = {}
        for row in reasons:
            key = (_parent(row["code"]), _fold(row[lang]))
            assert key not in seen, (lang, row["code"], seen.get(key))
            seen[key] = row["code"]


def test_inquiry_is_found_by_typed_initials(reasons: list[dict[str, str]]) -> None:
    inquiry = next(row for row in reasons if row["code"] == "inq")
    assert inquiry["zh"] == "查询咨询"
    assert "".join(lazy_pinyin(inquiry["zh"], style=Style.FIRST_LETTER)) == "cxzx"
    assert "조회" in inquiry["ko"]
    assert _hangul_initials(inquiry["ko"]).startswith("ㅈㅎ")


def test_handbook_call_kinds_are_taggable(reasons: list[dict[str, str]]) -> None:
    codes = {row["code"] for row in reasons}
    leaves = codes - {_parent(code) for code in codes}
    for needed in (
        "inq.billing.amount",
        "cmp.attitude.agent",
        "cmp.delay.reply",
        "cmp.billing.overcharge",
        "cmp.rework.photo",
        "cmp.rework.album",
        "cmp.rework.frame",
        "oth.wrong-number",
        "oth.nuisance.silent",
        "oth.nuisance.prank",
        "oth.nuisance.abusive",
        "oth.followup.satisfied",
    ):
        assert needed in leaves, needed
    for branch in ("inq", "fwd", "hdl", "cmp"):
        assert sum(code.startswith(branch + ".") for code in leaves) >= 10, branch


# ---------------------------------------------------------------- phrases


def test_phrase_rows_have_exactly_the_loader_keys(phrases: list[dict[str, str]]) -> None:
    for row in phrases:
        assert set(row) == {"code", "group", *LANGS}, row


def test_enough_phrases_with_unique_codes(phrases: list[dict[str, str]]) -> None:
    codes = [row["code"] for row in phrases]
    assert len(codes) >= 45
    assert len(set(codes)) == len(codes)
    assert all(CODE_RE.fullmatch(code) for code in codes), codes


def test_phrase_groups_are_valid_and_full(phrases: list[dict[str, str]]) -> None:
    counts = Counter(row["group"] for row in phrases)
    assert set(counts) == set(GROUPS)
    assert min(counts.values()) >= 4, counts
    for row in phrases:
        assert row["code"].startswith(row["group"] + "."), row["code"]


def test_groups_are_contiguous_in_call_order(phrases: list[dict[str, str]]) -> None:
    order = [row["group"] for row in phrases]
    runs = [group for i, group in enumerate(order) if i == 0 or order[i - 1] != group]
    assert runs == list(GROUPS)


def test_every_phrase_in_three_languages(phrases: list[dict[str, str]]) -> None:
    for row in phrases:
        for lang in LANGS:
            assert row[lang].strip() == row[lang] and row[lang], (row["code"], lang)


def test_only_known_placeholders_and_the_same_in_every_language(
    phrases: list[dict[str, str]],
) -> None:
    sample = dict.fromkeys(PLACEHOLDERS, "X")
    for row in phrases:
        sets = {lang: _placeholders(row[lang]) for lang in LANGS}
        assert sets["zh"] <= PLACEHOLDERS, (row["code"], sets["zh"])
        assert sets["zh"] == sets["en"] == sets["ko"], (row["code"], sets)
        for lang in LANGS:
            # No format spec, no conversion, no stray brace: str.format must fill it.
            filled = row[lang].format(**sample)
            assert "{" not in filled and "}" not in filled, (row["code"], lang)


def test_placeholders_are_used_where_agents_need_them(phrases: list[dict[str, str]]) -> None:
    def used(group: str, name: str) -> int:
        return sum(name in _placeholders(row["en"]) for row in phrases if row["group"] == group)

    assert used("greeting", "agent") >= 3
    assert used("verification", "customer") >= 2
    assert used("promise", "deadline") >= 4
    assert used("transfer", "department") >= 3
    assert used("transfer", "callback_number") >= 2
    assert used("closing", "customer") >= 2
    assert used("hold", "wait") >= 2
    assert sum(len(_placeholders(row["en"])) > 0 for row in phrases) >= len(phrases) // 2


def test_deadline_reads_naturally_when_filled(phrases: list[dict[str, str]]) -> None:
    reply = next(row for row in phrases if row["code"] == "promise.reply")
    words = {"zh": "明天 10:30 前", "en": "by tomorrow 10:30", "ko": "내일 10:30까지"}
    assert reply["zh"].format(deadline=words["zh"]) == "我们会在明天 10:30 前给您回复。"
    assert reply["en"].format(deadline=words["en"]) == "We will get back to you by tomorrow 10:30."
    assert reply["ko"].format(deadline=words["ko"]) == "내일 10:30까지 다시 연락드리겠습니다."


def test_handbook_greeting_and_closing_are_seeded(phrases: list[dict[str, str]]) -> None:
    def texts(group: str, lang: str) -> list[str]:
        return [_fold(row[lang].replace("{agent}", "")) for row in phrases if row["group"] == group]

    assert any(_fold("您好,很高兴为您服务") in text for text in texts("greeting", "zh"))
    assert any(_fold("感谢您的来电,很高兴为您服务") in text for text in texts("closing", "zh"))
    assert any("안녕하세요" in text for text in texts("greeting", "ko"))
    assert any("잠시만 기다려 주세요" in text for text in texts("hold", "ko"))


def test_chinese_follows_the_three_musts(phrases: list[dict[str, str]]) -> None:
    zh = [row["zh"] for row in phrases]
    assert all("你" not in text for text in zh), "您字不离口: always the polite 您"
    assert sum("您" in text for text in zh) >= len(zh) * 3 // 4
    assert sum(text.startswith("请") for text in zh) >= 3, "请字当头"
    closings = [row["zh"] for row in phrases if row["group"] == "closing"]
    assert sum(_fold(text).rstrip("!。").endswith("再见") for text in closings) >= 3, "再见结尾"


def test_korean_courtesy_phrases_are_all_sayable(phrases: list[dict[str, str]]) -> None:
    assert len(KOREAN_COURTESY) == 19
    korean = [row["ko"] for row in phrases]
    missing = [courtesy for courtesy in KOREAN_COURTESY if not any(courtesy in k for k in korean)]
    assert missing == []


# ---------------------------------------------------------------- forbidden phrases


def test_forbidden_rows_have_exactly_the_loader_keys(forbidden: list[dict[str, str]]) -> None:
    for row in forbidden:
        assert set(row) == {"lang", "phrase", "rule", "instead"}, row
        assert row["lang"] in LANGS
        for key in ("phrase", "rule", "instead"):
            assert row[key].strip() == row[key] and row[key], (row["phrase"], key)


def test_forbidden_list_per_language(forbidden: list[dict[str, str]]) -> None:
    counts = Counter(row["lang"] for row in forbidden)
    assert all(counts[lang] >= 15 for lang in LANGS), counts
    keys = [(row["lang"], _fold(row["phrase"])) for row in forbidden]
    assert len(set(keys)) == len(keys)


def test_chinese_rules_cover_the_three_nevers(forbidden: list[dict[str, str]]) -> None:
    rules = {row["rule"] for row in forbidden if row["lang"] == "zh"}
    for never in ("不使用生硬语言", "不说推卸责任的话", "不责备、埋怨客户"):
        assert sum(never in rule for rule in rules) == 1, never
    assert all(rule.startswith("三不") for rule in rules)


def test_no_seeded_phrase_contains_a_forbidden_phrase(
    phrases: list[dict[str, str]], forbidden: list[dict[str, str]]
) -> None:
    clashes = [
        (row["code"], bad["phrase"])
        for bad in forbidden
        for row in phrases
        if _fold(bad["phrase"]) in _fold(row[bad["lang"]])
    ]
    assert clashes == []


def test_suggested_wording_is_not_itself_forbidden(forbidden: list[dict[str, str]]) -> None:
    for row in forbidden:
        for bad in forbidden:
            if bad["lang"] == row["lang"]:
                assert _fold(bad["phrase"]) not in _fold(row["instead"]), (row, bad["phrase"])
        if row["lang"] == "zh":
            assert "你" not in row["instead"]


def test_forbidden_matching_is_case_insensitive_in_practice(
    forbidden: list[dict[str, str]],
) -> None:
    # The check the app runs: a sentence an agent might type is caught whatever its case.
    english = [_fold(row["phrase"]) for row in forbidden if row["lang"] == "en"]
    assert any(phrase in _fold("Sorry, I DON'T KNOW who handles that.") for phrase in english)
    assert not any(phrase in _fold("Let me find that out for you.") for phrase in english)
