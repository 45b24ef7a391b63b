"""Business calendars: spans, days, DST edges and the business-time helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.calendars import (
    Calendar,
    Names,
    Span,
    SpanError,
    add_business_time,
    business_time_between,
    closed_spans,
    holiday_names,
    parse_clock,
    parse_span,
    parse_spans,
    same_day_close,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = (Span(540, 720), Span(810, 1080))  # 09:00-12:00, 13:30-18:00


def cn_office(**extra: object) -> Calendar:
    return Calendar(
        name="cn-office",
        zone="Asia/Shanghai",
        weekly=(OFFICE,) * 5 + ((), ()),
        country="CN",
        **extra,  # type: ignore[arg-type]
    )


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def at(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed


def test_parse_clock_and_spans() -> None:
    assert parse_clock("09:30") == 570
    assert parse_clock("24:00") == 1440
    assert parse_span("13:30-18:00") == Span(810, 1080)
    assert str(Span(0, 1440)) == "00:00-24:00"
    assert parse_spans(["13:30-18:00", "09:00-12:00"]) == OFFICE
    assert parse_spans(["09:00-12:00", "12:00-13:00"]) == (Span(540, 720), Span(720, 780))


@pytest.mark.parametrize(
    ("texts", "reason", "culprit"),
    [
        (["9h-12h"], "bad time span '9h-12h'; write it as HH:MM-HH:MM", "9h-12h"),
        (
            ["09:00-24:30"],
            "bad time '24:30'; use 00:00 to 24:00 in span '09:00-24:30'",
            "09:00-24:30",
        ),
        (["12:00-09:00"], "span '12:00-09:00' ends before it starts", "12:00-09:00"),
        (
            ["09:00-12:00", "13:00-18:00", "12:00-13:30"],
            "overlapping hours 12:00-13:30 and 13:00-18:00",
            "13:00-18:00",
        ),
    ],
)
def test_bad_spans_are_refused(texts: list[str], reason: str, culprit: str) -> None:
    with pytest.raises(SpanError) as caught:
        parse_spans(texts)
    assert caught.value.reason == reason
    assert caught.value.text == culprit


def test_calendar_refuses_unknown_zone_and_no_hours() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        Calendar(name="x", zone="Mars/Olympus", weekly=(OFFICE,) * 7)
    with pytest.raises(ValueError, match="never open"):
        Calendar(name="x", zone="UTC")


def test_china_holidays_and_makeup_days() -> None:
    calendar = cn_office()
    assert calendar.day(date(2026, 1, 1)).kind == "holiday"
    assert calendar.day(date(2026, 1, 3)).kind == "weekend"
    makeup = calendar.day(date(2026, 1, 4))  # Sunday, worked for 2026-01-02
    assert makeup.kind == "open" and makeup.makeup
    assert calendar.day(date(2026, 2, 14)).makeup  # Saturday before Spring Festival
    assert calendar.day(date(2026, 2, 15)).kind == "weekend"
    assert calendar.day(date(2026, 10, 6)).kind == "holiday"
    assert calendar.is_open(sh(2026, 1, 4, 10, 0))
    assert not calendar.is_open(sh(2026, 1, 5, 12, 30))  # lunch break
    assert not calendar.is_open(sh(2026, 1, 5, 18, 0))  # the close itself is closed


def test_makeup_day_uses_workday_hours() -> None:
    calendar = cn_office(makeup_hours=(Span(600, 900),))  # 10:00-15:00 on make-up days
    assert calendar.next_open(sh(2026, 1, 3, 12, 0)) == at("2026-01-04T10:00:00+08:00")
    assert add_business_time(sh(2026, 1, 4, 14, 0), timedelta(hours=2), calendar) == at(
        "2026-01-05T10:00:00+08:00"
    )


def test_extra_closed_and_open_days() -> None:
    calendar = cn_office(
        extra_closed={date(2026, 3, 16): Names("盘点", "Stocktaking", "재고 조사")},
        extra_open=frozenset({date(2026, 3, 21)}),
    )
    assert calendar.day(date(2026, 3, 16)).kind == "closed"
    assert calendar.day(date(2026, 3, 21)).makeup
    due = add_business_time(sh(2026, 3, 13, 17, 0), timedelta(hours=2), calendar)
    assert due == at("2026-03-17T10:00:00+08:00")  # skips the weekend and the closed Monday
    spans = closed_spans(sh(2026, 3, 13, 17, 0), due, calendar)
    assert [s.kind for s in spans] == ["closed"]
    days = spans[0].days
    assert [d.date for d in days] == [date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 16)]
    assert days[-1].names == Names("盘点", "Stocktaking", "재고 조사")
    # The extra working Saturday runs on the workday hours.
    assert add_business_time(sh(2026, 3, 20, 18, 0), timedelta(hours=1), calendar) == at(
        "2026-03-21T10:00:00+08:00"
    )


def test_business_time_is_carried_over_nights_weekends_and_holidays() -> None:
    calendar = cn_office()
    # Friday 17:30 + 2h: half an hour on Friday, ninety minutes on Monday.
    assert add_business_time(sh(2026, 1, 9, 17, 30), timedelta(hours=2), calendar) == at(
        "2026-01-12T10:30:00+08:00"
    )
    # Ending exactly at a close stays at the close, not the next morning.
    assert add_business_time(sh(2026, 1, 12, 16, 0), timedelta(hours=2), calendar) == at(
        "2026-01-12T18:00:00+08:00"
    )
    # Over National Day: Wednesday 30 Sep 17:00 + 2h -> Thursday 8 Oct 10:00.
    assert add_business_time(sh(2026, 9, 30, 17, 0), timedelta(hours=2), calendar) == at(
        "2026-10-08T10:00:00+08:00"
    )
    assert business_time_between(sh(2026, 9, 30, 17, 0), sh(2026, 10, 8, 10, 0), calendar) == (
        timedelta(hours=2)
    )


def test_business_time_helpers_edges() -> None:
    calendar = cn_office()
    start = sh(2026, 1, 10, 11, 0)  # a Saturday
    assert add_business_time(start, timedelta(0), calendar) == start
    assert business_time_between(start, start, calendar) == timedelta(0)
    assert business_time_between(sh(2026, 1, 12, 10), sh(2026, 1, 12, 9), calendar) == -timedelta(
        hours=1
    )
    with pytest.raises(ValueError, match="negative"):
        add_business_time(start, timedelta(minutes=-1), calendar)
    with pytest.raises(ValueError, match="no time zone"):
        add_business_time(datetime(2026, 1, 12, 9), timedelta(hours=1), calendar)


def test_results_are_utc_pendulum_and_any_input_zone_works() -> None:
    calendar = cn_office()
    opened = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    due = add_business_time(opened, timedelta(hours=1), calendar)
    assert isinstance(due, pendulum.DateTime)
    assert due.utcoffset() == timedelta(0)
    assert due == at("2026-01-12T10:00:00+08:00")


def test_round_the_clock_is_wall_time_across_dst() -> None:
    calendar = Calendar(name="ny-24x7", zone="America/New_York", always_open=True)
    opened = datetime(2026, 3, 7, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    due = add_business_time(opened, timedelta(hours=24), calendar)
    # 24 real hours over the spring-forward night read 13:00 on the wall clock.
    assert due.in_timezone("America/New_York").hour == 13
    assert closed_spans(opened, due, calendar) == ()
    # Same-day on a round-the-clock calendar means before local midnight (a 23-hour day).
    assert same_day_close(
        datetime(2026, 3, 8, 0, 30, tzinfo=ZoneInfo("America/New_York")), calendar
    ) == (at("2026-03-09T00:00:00-04:00"))


def test_dst_gap_and_fold_resolve_to_first_wall_clock_reading() -> None:
    night = Calendar(
        name="berlin-night", zone="Europe/Berlin", weekly=((Span(0, 150), Span(160, 170)),) * 7
    )
    spring = night.day(date(2026, 3, 29)).intervals
    # 02:30 never happens: the span closes at the transition (03:00 CEST); 02:40-02:50 vanishes.
    assert spring == ((at("2026-03-29T00:00:00+01:00"), at("2026-03-29T03:00:00+02:00")),)
    autumn = night.day(date(2026, 10, 25)).intervals
    # 02:30 happens twice: the span closes at the first one, 02:40-02:50 is the first pass.
    assert autumn == (
        (at("2026-10-25T00:00:00+02:00"), at("2026-10-25T02:30:00+02:00")),
        (at("2026-10-25T02:40:00+02:00"), at("2026-10-25T02:50:00+02:00")),
    )


def test_office_day_is_shorter_in_utc_only_by_the_clock_change() -> None:
    ny = Calendar(
        name="ny",
        zone="America/New_York",
        weekly=((Span(540, 1020),),) * 5 + ((), ()),
        country="US",
    )
    # Friday 16:00 EST + 2h -> Monday 10:00 EDT, though the weekend was an hour short.
    opened = datetime(2026, 3, 6, 16, 0, tzinfo=ZoneInfo("America/New_York"))
    due = add_business_time(opened, timedelta(hours=2), ny)
    assert due == at("2026-03-09T10:00:00-04:00")


def test_korean_holidays_are_closed() -> None:
    kr = Calendar(
        name="kr-office",
        zone="Asia/Seoul",
        weekly=((Span(540, 720), Span(780, 1080)),) * 5 + ((), ()),
        country="KR",
    )
    # Wednesday 23 Sep 17:00 + 3h: Chuseok (24-26 Sep) and the weekend are closed.
    due = add_business_time(
        datetime(2026, 9, 23, 17, 0, tzinfo=ZoneInfo("Asia/Seoul")), timedelta(hours=3), kr
    )
    assert due == at("2026-09-28T11:00:00+09:00")
    spans = closed_spans(datetime(2026, 9, 23, 17, 0, tzinfo=ZoneInfo("Asia/Seoul")), due, kr)
    assert [s.kind for s in spans] == ["holiday"]
    names = [d.names.ko for d in spans[0].days if d.names]
    assert "추석" in names
    # The library has no Chinese names for Korean holidays: English stands in.
    assert holiday_names("KR", date(2026, 9, 25)) == Names("Chuseok", "Chuseok", "추석")


def test_holiday_names_in_each_language() -> None:
    names = holiday_names("CN", date(2026, 10, 1))
    assert names is not None
    assert names.zh == "国庆节" and names.en == "National Day"
    assert holiday_names("CN", date(2026, 10, 9)) is None


def test_closed_span_kinds() -> None:
    calendar = cn_office()
    spans = closed_spans(sh(2026, 1, 12, 11, 0), sh(2026, 1, 13, 10, 0), calendar)
    assert [(s.kind, s.start, s.end) for s in spans] == [
        ("break", at("2026-01-12T12:00:00+08:00"), at("2026-01-12T13:30:00+08:00")),
        ("night", at("2026-01-12T18:00:00+08:00"), at("2026-01-13T09:00:00+08:00")),
    ]
    # Opened during the lunch break: the first stretch is a break from the opening on.
    spans = closed_spans(sh(2026, 1, 12, 12, 30), sh(2026, 1, 12, 14, 0), calendar)
    assert [(s.kind, s.start) for s in spans] == [("break", at("2026-01-12T12:30:00+08:00"))]
    # Opened on a Saturday: the Saturday itself is listed as a closed day.
    spans = closed_spans(sh(2026, 1, 10, 9, 0), sh(2026, 1, 12, 10, 0), calendar)
    assert spans[0].kind == "weekend"
    assert [d.date for d in spans[0].days] == [date(2026, 1, 10), date(2026, 1, 11)]


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2025, 12, 1),
        max_value=datetime(2027, 1, 31),
        timezones=st.just(SHANGHAI),
    ),
    st.integers(0, 40 * 3600 * 1_000_000),
)
def test_add_then_measure_round_trips_to_the_microsecond(opened: datetime, micros: int) -> None:
    calendar = cn_office()
    amount = timedelta(microseconds=micros)
    due = add_business_time(opened, amount, calendar)
    assert due >= opened
    assert business_time_between(opened, due, calendar) == amount
    if amount:
        # The due instant is the first one: a microsecond earlier the time is not yet used.
        assert business_time_between(opened, due - timedelta(microseconds=1), calendar) < amount
