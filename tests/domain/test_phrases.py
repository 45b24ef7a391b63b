from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.phrases import (
    GROUPS,
    ForbiddenPhrase,
    Phrase,
    fill,
    filter_phrases,
    find_forbidden,
    placeholders,
)

MIGRATION = (
    Path(__file__).resolve().parents[2] / "db" / "migrations" / "0001_reference_and_calls.sql"
)

names = st.from_regex(r"[a-z_][a-z0-9_]{0,11}", fullmatch=True)
# Text with no braces at all, so it holds no placeholder and no escape.
plain = st.text(st.characters(exclude_characters="{}", exclude_categories=["Cs"]))
values = st.text(min_size=1).filter(lambda value: value.strip() != "")


def test_groups_follow_a_call_and_match_the_database() -> None:
    assert GROUPS == (
        "greeting",
        "verification",
        "hold",
        "transfer",
        "apology",
        "promise",
        "closing",
    )
    check = re.search(r"grp\s+TEXT NOT NULL CHECK \(grp IN \(([^)]*)\)", MIGRATION.read_text())
    assert check is not None
    assert set(re.findall(r"'(\w+)'", check.group(1))) == set(GROUPS)


def test_placeholders_in_order_each_once() -> None:
    assert placeholders("{customer}您好，工号{agent_id}为您服务，{customer}") == [
        "customer",
        "agent_id",
    ]
    assert placeholders("안녕하세요, {고객}님") == ["고객"]
    assert placeholders("no placeholders") == []


def test_double_braces_escape() -> None:
    assert placeholders("{{customer}} and {{ {name}") == ["name"]
    assert fill("{{customer}} {name}", {"name": "李"}).text == "{customer} 李"
    assert fill("}}{{", {}).text == "}{"


def test_malformed_braces_are_text() -> None:
    assert placeholders("{ customer } {} {a-b}") == []
    filled = fill("{ customer } {}", {"customer": "x"})
    assert filled.text == "{ customer } {}" and filled.complete


def test_fill_complete() -> None:
    filled = fill("{customer}先生您好，我是{agent}", {"customer": "王", "agent": "小李"})
    assert filled.text == "王先生您好，我是小李"
    assert filled.missing == ()
    assert filled.complete


def test_fill_reports_missing_and_never_claims_complete() -> None:
    filled = fill("{customer}您好，您的工单号是{ticket}，{customer}", {"ticket": "A-17"})
    assert filled.text == "{customer}您好，您的工单号是A-17，{customer}"
    assert filled.missing == ("customer",)
    assert not filled.complete


def test_blank_values_count_as_missing() -> None:
    filled = fill("Hello {customer}, this is {agent}", {"customer": "  ", "agent": ""})
    assert filled.missing == ("customer", "agent")
    assert not filled.complete
    assert fill("Hi {name}", {"name": "  Kim "}).text == "Hi Kim"


def test_values_with_braces_go_in_literally() -> None:
    filled = fill("Dear {customer}", {"customer": "{agent} {{x}}", "agent": "NO"})
    assert filled.text == "Dear {agent} {{x}}"
    assert filled.complete


@given(plain)
def test_text_without_placeholders_is_unchanged(text: str) -> None:
    filled = fill(text, {"customer": "x"})
    assert filled.text == text
    assert filled.complete


@given(st.lists(st.tuples(plain, names), max_size=5), plain, st.dictionaries(names, values))
def test_fill_puts_in_every_provided_value(
    parts: list[tuple[str, str]], tail: str, given_values: dict[str, str]
) -> None:
    template = "".join(f"{text}{{{name}}}" for text, name in parts) + tail
    filled = fill(template, given_values)
    expected = "".join(
        text + (given_values[name].strip() if name in given_values else f"{{{name}}}")
        for text, name in parts
    )
    assert filled.text == expected + tail
    missing = [name for _, name in parts if name not in given_values]
    assert filled.missing == tuple(dict.fromkeys(missing))
    assert filled.complete == (not missing)
    for name in given_values:
        if name not in missing:
            assert name not in filled.missing


FORBIDDEN = [
    ForbiddenPhrase("zh", "不知道", "不说推卸责任的话", "我帮您查一下"),
    ForbiddenPhrase("zh", "这不归我们管", "不说推卸责任的话", "我帮您转到负责的部门"),
    ForbiddenPhrase("ko", "모르겠습니다", "금지어", "확인해 드리겠습니다"),
    ForbiddenPhrase("en", "calm down", "no reproach", "I understand how you feel"),
]


def test_find_forbidden_in_order_of_occurrence() -> None:
    found = find_forbidden("这不归我们管，我也不知道", "zh", FORBIDDEN)
    assert [entry.phrase for entry in found] == ["这不归我们管", "不知道"]
    assert found[1].instead == "我帮您查一下"


def test_find_forbidden_ignores_case_and_other_languages() -> None:
    assert [e.phrase for e in find_forbidden("Please CALM  Down, sir", "en", FORBIDDEN)] == [
        "calm down"
    ]
    assert find_forbidden("不知道", "ko", FORBIDDEN) == []
    assert find_forbidden("잘 모르겠습니다", "ko", FORBIDDEN) == [FORBIDDEN[2]]
    assert find_forbidden("您好，很高兴为您服务", "zh", FORBIDDEN) == []


PHRASES = [
    Phrase("greet.open", "greeting", "zh", "您好，很高兴为您服务", 0),
    Phrase("hold.wait", "hold", "zh", "请您稍等，我帮您查询", 1),
    Phrase("greet.open", "greeting", "ko", "안녕하세요, 무엇을 도와드릴까요?", 0),
    Phrase("hold.wait", "hold", "ko", "잠시만 기다려 주세요", 1),
    Phrase("close.thanks", "closing", "en", "Thank you for calling, {customer}. Goodbye", 2),
    Phrase("apology.wait", "apology", "en", "Sorry to keep you waiting", 3),
]


def codes(found: list[Phrase]) -> list[tuple[str, str]]:
    return [(phrase.code, phrase.lang) for phrase in found]


def test_filter_by_text_code_and_group() -> None:
    assert codes(filter_phrases(PHRASES, "GOODBYE")) == [("close.thanks", "en")]
    assert codes(filter_phrases(PHRASES, "hold")) == [("hold.wait", "zh"), ("hold.wait", "ko")]
    assert codes(filter_phrases(PHRASES, "close.")) == [("close.thanks", "en")]
    assert codes(filter_phrases(PHRASES, "稍等")) == [("hold.wait", "zh")]
    assert filter_phrases(PHRASES, "") == PHRASES


def test_filter_by_pinyin_and_hangul_initials() -> None:
    assert codes(filter_phrases(PHRASES, "hgx")) == [("greet.open", "zh")]
    assert codes(filter_phrases(PHRASES, "ㅈㅅㅁ")) == [("hold.wait", "ko")]
    assert codes(filter_phrases(PHRASES, "기다려")) == [("hold.wait", "ko")]


def test_filter_ranks_exact_then_prefix_then_substring_then_given_order() -> None:
    given_order = [
        Phrase("a", "hold", "en", "Unbilled calls are listed", 0),
        Phrase("b", "hold", "en", "Your billing date", 1),
        Phrase("c", "hold", "en", "Billing", 2),
        Phrase("d", "hold", "en", "Billing cycle", 3),
    ]
    assert [p.code for p in filter_phrases(given_order, "billing")] == ["c", "b", "d"]
    assert [p.code for p in filter_phrases(given_order, "bill")] == ["b", "c", "d", "a"]


def test_filter_matches_group_and_code_as_words() -> None:
    assert codes(filter_phrases(PHRASES, "wait")) == [
        ("hold.wait", "zh"),
        ("hold.wait", "ko"),
        ("apology.wait", "en"),
    ]
    assert codes(filter_phrases(PHRASES, "greeting")) == [
        ("greet.open", "zh"),
        ("greet.open", "ko"),
    ]


def test_filter_ranks_by_the_weakest_word() -> None:
    phrases = [
        Phrase("a", "hold", "en", "Unbilled"),  # "hold" exact (group), "bill" inside a word
        Phrase("b", "transfer", "en", "Hold the bill"),  # both words begin words
    ]
    assert [p.code for p in filter_phrases(phrases, "hold bill")] == ["b", "a"]


def test_filter_needs_every_word() -> None:
    assert codes(filter_phrases(PHRASES, "thank goodbye")) == [("close.thanks", "en")]
    assert filter_phrases(PHRASES, "thank 稍等") == []
