from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.durations import clock_face, in_words


def test_clock_face() -> None:
    assert clock_face(65) == "01:05"
    assert clock_face(3725) == "1:02:05"
    assert clock_face(-30) == "-00:30"


def test_words_in_each_language() -> None:
    assert in_words(7500, "en") == "2 hours 5 minutes"
    assert in_words(7500, "zh") == "2小时5分钟"
    assert in_words(7500, "ko") == "2시간 5분"
    assert in_words(60, "en") == "1 minute"
    assert in_words(0, "ko") == "0초"


@given(st.integers(min_value=0, max_value=10**7))
def test_clock_face_round_trips(seconds: int) -> None:
    parts = [int(p) for p in clock_face(seconds).split(":")]
    total = 0
    for part in parts:
        total = total * 60 + part
    assert total == seconds
