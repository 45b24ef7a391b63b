"""Korean initial-consonant (초성) search keys: `ㅈㅎ` finds 조회.

Korean agents search lists by typing only the first consonant of each syllable. The
keys use compatibility jamo (U+3131..U+314E), the characters a Korean keyboard types
when no vowel follows, so a query can be compared with a label's initials directly.
"""

from __future__ import annotations

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
# A precomposed syllable is FIRST + (initial * 21 + medial) * 28 + final.
_SYLLABLES_PER_INITIAL = 21 * 28

INITIAL_CONSONANTS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
"""The 19 initial consonants in syllable-table order, as compatibility jamo."""

# Some keyboards fuse two consonants typed in a row into a cluster (ㄱ then ㅅ becomes ㄳ)
# because clusters exist as final consonants; an initials query means the two letters.
_CLUSTERS = {
    "ㄳ": "ㄱㅅ",
    "ㄵ": "ㄴㅈ",
    "ㄶ": "ㄴㅎ",
    "ㄺ": "ㄹㄱ",
    "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ",
    "ㄽ": "ㄹㅅ",
    "ㄾ": "ㄹㅌ",
    "ㄿ": "ㄹㅍ",
    "ㅀ": "ㄹㅎ",
    "ㅄ": "ㅂㅅ",
}
_SPLIT_CLUSTERS = str.maketrans(_CLUSTERS)
_CONSONANTS = frozenset(INITIAL_CONSONANTS) | frozenset(_CLUSTERS)


def initial_of(char: str) -> str:
    """The initial consonant of one precomposed syllable; any other character unchanged."""
    code = ord(char)
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return INITIAL_CONSONANTS[(code - _SYLLABLE_FIRST) // _SYLLABLES_PER_INITIAL]
    return char


def initials(text: str) -> str:
    """Each Hangul syllable replaced by its initial consonant: "요금 조회" -> "ㅇㄱ ㅈㅎ".

    Other characters stay as they are, so the result has the same length as `text` and
    position i of the result belongs to character i of `text`.
    """
    return "".join([initial_of(char) for char in text])


def split_clusters(text: str) -> str:
    """Consonant clusters a keyboard fused (ㄳ) written as the letters typed (ㄱㅅ)."""
    return text.translate(_SPLIT_CLUSTERS)


def is_initials_query(query: str) -> bool:
    """True when every character is a consonant jamo (spaces aside) and there is one."""
    letters = query.replace(" ", "")
    return bool(letters) and all(char in _CONSONANTS for char in letters)
