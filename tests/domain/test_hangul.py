from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.hangul import (
    INITIAL_CONSONANTS,
    initial_of,
    initials,
    is_initials_query,
    split_clusters,
)

syllables = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
mixed = st.text(
    alphabet=st.one_of(
        syllables,
        st.sampled_from(INITIAL_CONSONANTS),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    )
)


def test_initials_of_words() -> None:
    assert initials("조회") == "ㅈㅎ"
    assert initials("요금 조회") == "ㅇㄱ ㅈㅎ"
    assert initials("까치") == "ㄲㅊ"
    assert initials("VIP 요금제!") == "VIP ㅇㄱㅈ!"
    assert initials("") == ""


def test_first_and_last_syllables() -> None:
    assert initial_of("가") == "ㄱ"
    assert initial_of("\ud7a3") == "ㅎ"  # 힣, the last precomposed syllable
    assert initial_of("a") == "a"
    assert initial_of("ㄱ") == "ㄱ"


def test_is_initials_query() -> None:
    assert is_initials_query("ㅈㅎ")
    assert is_initials_query("ㅇㄱ ㅈㅎ")
    assert is_initials_query("ㄳ")
    assert not is_initials_query("조ㅎ")
    assert not is_initials_query("ab")
    assert not is_initials_query("")
    assert not is_initials_query("  ")
    assert not is_initials_query("ㅏ"), "a vowel is not an initial"


def test_fused_clusters_are_split_into_the_letters_typed() -> None:
    assert split_clusters("ㄳㅄ") == "ㄱㅅㅂㅅ"
    assert split_clusters("ㅈㅎ 조회") == "ㅈㅎ 조회"


@given(mixed)
def test_initials_preserve_length(text: str) -> None:
    assert len(initials(text)) == len(text)


@given(mixed)
def test_initials_are_idempotent(text: str) -> None:
    once = initials(text)
    assert initials(once) == once


@given(mixed)
def test_only_syllables_change(text: str) -> None:
    for before, after in zip(text, initials(text), strict=True):
        if 0xAC00 <= ord(before) <= 0xD7A3:
            assert after in INITIAL_CONSONANTS
        else:
            assert after == before


@given(st.text(alphabet=syllables, min_size=1))
def test_initials_of_syllables_form_an_initials_query(text: str) -> None:
    assert is_initials_query(initials(text))
