from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.breathing import (
    ADVICE_KEYS,
    ADVICE_SECONDS,
    CYCLE_SECONDS,
    MIN_HEIGHT,
    MIN_WIDTH,
    advice_key,
    breath_at,
    shape_size,
)
from tui.domain.i18n import LANGS, t

seconds = st.integers(min_value=0, max_value=3600 * 1_000_000).map(lambda us: us / 1_000_000)


def test_box_breathing_goes_in_hold_out_hold_four_seconds_each() -> None:
    assert [breath_at(s).phase for s in (0, 4, 8, 12, 16)] == [
        "in",
        "hold_full",
        "out",
        "hold_empty",
        "in",
    ]
    assert [breath_at(s).count for s in (0, 1, 2, 3, 3.99)] == [4, 3, 2, 1, 1]


def test_the_shape_grows_breathing_in_and_shrinks_breathing_out() -> None:
    assert breath_at(0).fraction == 0
    assert breath_at(2).fraction == 0.5
    assert breath_at(5).fraction == 1
    assert breath_at(10).fraction == 0.5
    assert breath_at(13).fraction == 0


def test_a_clock_that_went_backwards_is_read_as_the_start() -> None:
    assert breath_at(-3) == breath_at(0)


@given(seconds)
def test_the_breath_repeats_every_cycle(elapsed: float) -> None:
    assert breath_at(elapsed) == breath_at(elapsed + CYCLE_SECONDS)


@given(seconds)
def test_count_and_fraction_stay_in_bounds(elapsed: float) -> None:
    breath = breath_at(elapsed)
    assert 1 <= breath.count <= 4
    assert 0 <= breath.fraction <= 1


@given(
    st.floats(min_value=-1, max_value=2),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=0, max_value=100),
)
def test_the_shape_fits_its_room_or_is_not_drawn(fraction: float, width: int, height: int) -> None:
    w, h = shape_size(fraction, width, height)
    if (w, h) == (0, 0):
        assert height < MIN_HEIGHT or width < MIN_WIDTH
    else:
        assert MIN_WIDTH <= w <= width
        assert MIN_HEIGHT <= h <= height


@given(
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=4, max_value=300),
    st.integers(min_value=2, max_value=100),
)
def test_a_fuller_breath_never_draws_a_smaller_shape(
    a: float, b: float, width: int, height: int
) -> None:
    low, high = sorted((a, b))
    assert shape_size(low, width, height) <= shape_size(high, width, height)


def test_empty_and_full_shapes_in_an_80_by_24_reset_screen() -> None:
    assert shape_size(0, 80, 15) == (4, 2)
    assert shape_size(1, 80, 15) == (30, 15)


def test_advice_rotates_through_every_line_and_every_line_is_translated() -> None:
    seen = [advice_key(n * ADVICE_SECONDS + 1) for n in range(len(ADVICE_KEYS) + 1)]
    assert seen[: len(ADVICE_KEYS)] == list(ADVICE_KEYS)
    assert seen[-1] == ADVICE_KEYS[0]
    for key in ADVICE_KEYS:
        for lang in LANGS:
            assert t(lang, key) != key
