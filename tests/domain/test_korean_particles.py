"""Korean particles chosen from the word before them, and resolved as the catalog fills in
a string: `고객 성함을`, never `고객 성함을(를)`."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.i18n import catalog, fill, pick, t
from tui.domain.korean_particles import PARTICLES, attach, ending, particle, resolve

syllables = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("성함", "성함을"),  # ㅁ
        ("번호", "번호를"),  # no final
        ("파일", "파일을"),  # ㄹ is a consonant for 을
        ("고객 이름", "고객 이름을"),
    ],
)
def test_object_particle(word: str, expected: str) -> None:
    assert attach(word, "을(를)") == expected


@pytest.mark.parametrize(
    ("word", "form", "expected"),
    [
        ("장치", "이(가)", "가"),
        ("기록", "이(가)", "이"),
        ("파일", "은(는)", "은"),
        ("메모", "은(는)", "는"),
        ("민원", "과(와)", "과"),
        ("전화", "와(과)", "와"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("부산", "(으)로", "으로"),
        ("대구", "(으)로", "로"),
        ("나", "를(을)", "를"),
    ],
)
def test_each_pair(word: str, form: str, expected: str) -> None:
    assert particle(word, form) == expected


@pytest.mark.parametrize(
    ("word", "object_particle", "direction"),
    [
        ("1", "을", "로"),  # 일
        ("2", "를", "로"),  # 이
        ("3", "을", "으로"),  # 삼
        ("4", "를", "로"),  # 사
        ("5", "를", "로"),  # 오
        ("6", "을", "으로"),  # 육
        ("7", "을", "로"),  # 칠
        ("8", "을", "로"),  # 팔
        ("9", "를", "로"),  # 구
        ("0", "을", "으로"),  # 영
        ("10", "을", "으로"),  # 십
        ("20", "을", "으로"),  # 이십
        ("100", "을", "으로"),  # 백
        ("2,000", "을", "으로"),  # 이천
        ("10000", "을", "으로"),  # 만
        ("1000000000000", "를", "로"),  # 일조
        ("1.5", "를", "로"),  # 일 점 오
        ("v3", "을", "으로"),
        ("agentdesk.sqlite3", "을", "으로"),
    ],
)
def test_numbers_are_read_as_sino_korean(word: str, object_particle: str, direction: str) -> None:
    assert particle(word, "을(를)") == object_particle
    assert particle(word, "(으)로") == direction


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("SQL", "rieul"),  # 에스큐엘
        ("PDF", "vowel"),  # 피디에프
        ("M", "consonant"),  # 엠
        ("R", "rieul"),  # 알
        ("file", "rieul"),  # 파일
        ("table", "rieul"),  # 테이블
        ("desk.db-wal", "rieul"),  # 왈
        ("main", "consonant"),  # 메인
        ("ring", "consonant"),  # 링
        ("agentdesk", "vowel"),  # 에이전트데스크
        ("/tmp/x.db", "vowel"),  # 디비
        ("'성함'", "consonant"),  # a closing quote is looked through
        ("ㄹ", "rieul"),
        ("ㅏ", "vowel"),
    ],
)
def test_endings_of_words_not_in_hangul(word: str, expected: str) -> None:
    assert ending(word) == expected


@pytest.mark.parametrize("word", ["", " ", "林小雨", "…", "😀"])
def test_an_ending_that_cannot_be_told_keeps_both_forms(word: str) -> None:
    assert ending(word) is None
    assert particle(word, "을(를)") == "을(를)"


@given(syllables)
def test_every_syllable_picks_by_its_final(char: str) -> None:
    final = (ord(char) - 0xAC00) % 28
    assert attach(char, "을(를)") == char + ("를" if final == 0 else "을")
    assert attach(char, "이(가)") == char + ("가" if final == 0 else "이")
    assert attach(char, "은(는)") == char + ("는" if final == 0 else "은")
    assert attach(char, "와(과)") == char + ("와" if final == 0 else "과")
    assert attach(char, "(으)로") == char + ("로" if final in (0, 8) else "으로")


@given(st.text(syllables, min_size=1, max_size=6), st.sampled_from(sorted(PARTICLES)))
def test_resolve_leaves_no_template_after_hangul(word: str, form: str) -> None:
    resolved = resolve(word, form + " 입력하세요")
    assert "(" not in resolved
    assert resolved.endswith(" 입력하세요")


def test_a_form_after_a_space_follows_no_word_and_stays() -> None:
    assert resolve("", "을(를) 입력") == "을(를) 입력"
    assert resolve("성함 ", "을(를)") == "을(를)"


def test_catalog_fills_particles_after_the_value() -> None:
    assert t("ko", "fill.ask", name="고객 성함") == "고객 성함을 입력하세요:"
    assert t("ko", "fill.ask", name="부서") == "부서를 입력하세요:"
    assert fill("ko", "{path}-wal을(를) 지웠습니다", {"path": "/x/desk.db"}) == (
        "/x/desk.db-wal을 지웠습니다"
    )


def test_a_value_that_holds_a_form_is_never_rewritten() -> None:
    # What someone typed is shown as typed: only the template's own text is resolved.
    assert fill("ko", "{name}을(를)", {"name": "책을(를)"}) == "책을(를)을"


_FORM = re.compile(r"[을를이가은는와과]\([을를이가은는와과]\)|\(으\)로")


@pytest.mark.parametrize("key", sorted(catalog()))
def test_no_korean_string_shows_a_particle_template(key: str) -> None:
    text = pick(catalog()[key]["ko"], 2)
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    for sample in ("성함", "번호", "2", "file"):
        filled = fill("ko", text, dict.fromkeys(names, sample) | {"count": 2})
        assert not _FORM.search(filled), (key, filled)
