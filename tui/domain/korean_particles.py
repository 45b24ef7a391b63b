"""Korean particles chosen by the sound the word before them ends in: 을/를, 이/가, 은/는,
와/과 and 으로/로.

A catalog template writes a particle as its two forms, `{name}을(를)`, the way Korean
forms write it when the word is unknown; `resolve` picks the one the word before needs,
so the agent reads `고객 성함을`, never `고객 성함을(를)`. The word before may be a
filled-in value (a path, a number, a name), so non-Hangul endings are read the way a
Korean speaker says them: digits as Sino-Korean numerals (1 일, 2 이, 10 십, 100 백),
Latin letters as letter names (an acronym: L 엘, M 엠) or as an English word ending in
l, m, n. When nothing can be told (a Chinese name, a bare symbol), both forms stay, which
is still correct Korean.
"""

from __future__ import annotations

import re
from typing import Literal

Ending = Literal["vowel", "rieul", "consonant"]
"""How a word ends for a particle: a vowel, ㄹ (which takes 로, like a vowel), or
another final consonant."""

# Each template form → (after a consonant, after a vowel, after ㄹ).
PARTICLES: dict[str, tuple[str, str, str]] = {
    "을(를)": ("을", "를", "을"),
    "를(을)": ("을", "를", "을"),
    "이(가)": ("이", "가", "이"),
    "가(이)": ("이", "가", "이"),
    "은(는)": ("은", "는", "은"),
    "는(은)": ("은", "는", "은"),
    "과(와)": ("과", "와", "과"),
    "와(과)": ("과", "와", "과"),
    "(으)로": ("으로", "로", "로"),
}
PARTICLE_RE = re.compile("|".join(re.escape(form) for form in PARTICLES))

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
_RIEUL_FINAL = 8  # ㄹ's index among the 28 finals (0 is none)
_CONSONANT_JAMO = "ㄱㄲㄳㄴㄵㄶㄷㄸㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅃㅄㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_RIEUL_JAMO = "ㄹㄺㄻㄼㄽㄾㄿㅀ"
_VOWEL_JAMO = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
# Closing marks a particle can follow without changing the word: `'{name}'을`.
_CLOSERS = "'\"’”)]}」』》〉）】"

# 영 일 이 삼 사 오 육 칠 팔 구
_DIGITS: dict[str, Ending] = {
    "0": "consonant",
    "1": "rieul",
    "2": "vowel",
    "3": "consonant",
    "4": "vowel",
    "5": "vowel",
    "6": "consonant",
    "7": "rieul",
    "8": "rieul",
    "9": "vowel",
}
# A whole number ending in zeros is said by its last unit: 십 백 천 만 (up to 천만), 억,
# 조, 경. Index: how many zeros it ends in.
_UNITS: tuple[Ending, ...] = (
    "consonant",  # (unused: no trailing zero)
    "consonant",  # 십
    "consonant",  # 백
    "consonant",  # 천
    *("consonant",) * 4,  # 만, 십만, 백만, 천만
    *("consonant",) * 4,  # 억 …
    *("vowel",) * 4,  # 조 …
)
_NUMBER_END = re.compile(r"(\d[\d,]*)(\.\d+)?$")
_LATIN_END = re.compile(r"[A-Za-z]+$")
# Letter names: 에이 비 씨 … 엘 엠 엔 … 알: only these four end in a consonant.
_LETTER_ENDINGS: dict[str, Ending] = {
    "L": "rieul",
    "R": "rieul",
    "M": "consonant",
    "N": "consonant",
}


def ending(word: str) -> Ending | None:
    """How `word` ends when read aloud in Korean, or None when that cannot be told."""
    text = word.rstrip().rstrip(_CLOSERS)
    if not text:
        return None
    last = text[-1]
    code = ord(last)
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        final = (code - _SYLLABLE_FIRST) % 28
        return "vowel" if final == 0 else "rieul" if final == _RIEUL_FINAL else "consonant"
    if last in _CONSONANT_JAMO:
        return "rieul" if last in _RIEUL_JAMO else "consonant"
    if last in _VOWEL_JAMO:
        return "vowel"
    if last.isascii() and last.isdigit():
        return _number_ending(text)
    latin = _LATIN_END.search(text)
    if latin:
        return _latin_ending(latin[0])
    return None


def _number_ending(text: str) -> Ending:
    match = _NUMBER_END.search(text)
    assert match is not None  # text ends in an ASCII digit
    whole, fraction = match[1].replace(",", ""), match[2]
    if fraction:
        return _DIGITS[fraction[-1]]  # 일 점 오: digit by digit
    stripped = whole.rstrip("0")
    if not stripped:
        return "consonant"  # 영
    zeros = len(whole) - len(stripped)
    if zeros == 0:
        return _DIGITS[whole[-1]]
    return _UNITS[zeros] if zeros < len(_UNITS) else "consonant"  # 경 and beyond


def _latin_ending(word: str) -> Ending:
    if len(word) == 1 or word.isupper():
        # Said letter by letter: SQL 에스큐엘, PDF 피디에프.
        return _LETTER_ENDINGS.get(word[-1].upper(), "vowel")
    lower = word.lower()
    # An English word: file 파일, table 테이블 and wal 왈 end in ㄹ; main 메인, item 아이템
    # and ring 링 in a consonant; desk 데스크, note 노트, db 디비 in a vowel.
    if lower.endswith(("l", "le")):
        return "rieul"
    if lower.endswith(("m", "n", "ng")):
        return "consonant"
    return "vowel"


def particle(word: str, form: str) -> str:
    """The particle `form` (one of PARTICLES, e.g. "을(를)") as it follows `word`; the form
    itself when the word's ending cannot be told."""
    after = ending(word)
    if after is None:
        return form
    consonant, vowel, rieul = PARTICLES[form]
    return {"consonant": consonant, "vowel": vowel, "rieul": rieul}[after]


def attach(word: str, form: str) -> str:
    """`word` with the right particle: attach("성함", "을(를)") == "성함을"."""
    return word + particle(word, form)


def resolve(before: str, text: str) -> str:
    """`text` with every particle form in it resolved; `before` is what precedes `text`
    (a filled-in value, earlier text), so a form at its very start follows that. A form
    after a space or at the start of everything is left as written: it follows no word."""
    if "(" not in text:
        return text
    parts: list[str] = []
    position = 0
    for match in PARTICLE_RE.finditer(text):
        head = text[position : match.start()]
        parts.append(head)
        word = (before + "".join(parts))[-40:]
        if word and not word[-1].isspace():
            parts.append(particle(word, match[0]))
        else:
            parts.append(match[0])
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)
