"""Deadlines in words for the customer, and the explanation for the agent, in zh/en/ko."""

from __future__ import annotations

import string
import tomllib
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest

from tui.domain.deadline_rules import load_rules
from tui.domain.deadline_words import (
    amount_words,
    due_words,
    explanation_text,
    state_label,
    warning_label,
    when_text,
)
from tui.domain.deadlines import make_promise
from tui.domain.i18n import LANGS, Lang, t

ROOT = Path(__file__).parents[2]
RULES = load_rules(ROOT / "db" / "seed" / "deadlines.toml")
NOW = "2026-01-12T09:00+08:00"  # a Monday in Shanghai


def at(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text)
    assert isinstance(parsed, pendulum.DateTime)
    return parsed


def words(due: str, now: str = NOW, zone: str = "Asia/Shanghai") -> tuple[str, str, str]:
    zh, en, ko = (due_words(at(due), lang, now=at(now), zone=zone) for lang in LANGS)
    return zh, en, ko


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-01-12T17:45+08:00", ("今天17:45前", "by today 17:45", "오늘 17:45까지")),
        ("2026-01-13T10:30+08:00", ("明天10:30前", "by tomorrow 10:30", "내일 10:30까지")),
        ("2026-01-14T10:30+08:00", ("后天10:30前", "by Wednesday 10:30", "모레 10:30까지")),
        ("2026-01-16T09:00+08:00", ("周五09:00前", "by Friday 09:00", "금요일 09:00까지")),
        ("2026-01-18T18:00+08:00", ("周日18:00前", "by Sunday 18:00", "일요일 18:00까지")),
        ("2026-01-19T18:00+08:00", ("1月19日18:00前", "by 19 Jan 18:00", "1월 19일 18:00까지")),
        ("2026-10-08T15:00+08:00", ("10月8日15:00前", "by 8 Oct 15:00", "10월 8일 15:00까지")),
        (
            "2027-01-04T10:00+08:00",
            ("2027年1月4日10:00前", "by 4 Jan 2027 10:00", "2027년 1월 4일 10:00까지"),
        ),
        # Midnight is the end of the day before, as a customer understands it.
        ("2026-01-13T00:00+08:00", ("今天24:00前", "by today 24:00", "오늘 24:00까지")),
        # Seconds are cut, never rounded up past the deadline.
        ("2026-01-13T10:30:59+08:00", ("明天10:30前", "by tomorrow 10:30", "내일 10:30까지")),
    ],
)
def test_due_words(due: str, expected: tuple[str, str, str]) -> None:
    assert words(due) == expected


def test_words_are_read_in_the_given_zone() -> None:
    # 23:30 in Shanghai on Monday is already Tuesday 00:30 in Seoul.
    assert words("2026-01-12T23:30+08:00")[1] == "by today 23:30"
    assert words("2026-01-12T23:30+08:00", zone="Asia/Seoul")[1] == "by tomorrow 00:30"
    # Both instants fall on 12 Jan in UTC, but in New York the first is still the 11th.
    ny = words("2026-01-12T10:00+00:00", now="2026-01-12T01:00+00:00", zone="America/New_York")
    assert ny[1] == "by tomorrow 05:00"


def test_words_for_a_promise_made_on_friday_evening() -> None:
    promise = make_promise(RULES, "simple", at("2026-01-09T17:30+08:00"))
    got = tuple(
        due_words(promise.due, lang, now=promise.opened, zone="Asia/Shanghai") for lang in LANGS
    )
    assert got == ("周一10:30前", "by Monday 10:30", "월요일 10:30까지")


def test_when_text_and_amounts() -> None:
    moment = at("2026-10-08T15:00+08:00")
    assert when_text(moment, "zh", "Asia/Shanghai") == "10月8日（周四）15:00"
    assert when_text(moment, "en", "Asia/Shanghai") == "Thu 8 Oct 15:00"
    assert when_text(moment, "ko", "Asia/Shanghai") == "10월 8일 (목) 15:00"
    assert when_text(moment, "en", "Asia/Shanghai", year=True) == "Thu 8 Oct 2026 15:00"
    assert amount_words(timedelta(hours=24), "en") == "24 hours"
    assert amount_words(timedelta(hours=1, minutes=30), "zh") == "1小时30分钟"
    assert amount_words(timedelta(minutes=1), "en") == "1 minute"
    assert amount_words(timedelta(hours=48), "ko") == "48시간"


def test_state_and_warning_labels() -> None:
    assert [state_label(s, "en") for s in ("on-track", "due-soon", "overdue")] == [
        "On track",
        "Due soon",
        "Overdue",
    ]
    assert state_label("overdue", "zh") == "已超时"
    assert state_label("due-soon", "ko") == "곧 마감"
    assert warning_label("50%", "en") == "50% of the time used"
    assert warning_label("75%", "zh") == "已用去75%的时间"
    assert warning_label("due-soon", "ko") == "곧 마감"


def test_explanation_over_national_day() -> None:
    promise = make_promise(RULES, "complex", at("2026-09-30T15:00+08:00"))
    en = explanation_text(promise.explanation, "en")
    assert en.splitlines() == [
        "Class: Complex issue (complex)",
        "Calendar: China working days (whole days) (cn-workdays, Asia/Shanghai)",
        "Time allowed: 24 hours of business time, counted in open hours only",
        "Opened: Wed 30 Sep 15:00",
        "Due: Thu 8 Oct 15:00",
        "Closed time skipped:",
        "  Holiday: Thu 1 Oct 00:00 to Thu 8 Oct 00:00 (National Day, National Day (observed),"
        " Day off (substituted from 09/20/2026), Day off (substituted from 10/10/2026))",
    ]
    zh = explanation_text(promise.explanation, "zh")
    assert "节假日：10月1日（周四）00:00至10月8日（周四）00:00（国庆节" in zh
    ko = explanation_text(promise.explanation, "ko")
    assert "공휴일: 10월 1일 (목) 00:00 ~ 10월 8일 (목) 00:00" in ko


def test_explanation_of_an_office_hours_promise() -> None:
    promise = make_promise(RULES, "rework-photo", at("2026-01-12T18:30+08:00"))
    zh = explanation_text(promise.explanation, "zh").splitlines()
    assert zh[2:] == [
        "时限：当天营业结束前",
        "受理时间：1月12日（周一）18:30",
        "开始计时：1月13日（周二）09:00",
        "承诺期限：1月13日（周二）18:00",
        "跳过的非营业时间：",
        "  下班时间：1月12日（周一）18:30至1月13日（周二）09:00",
        "  休息时段：1月13日（周二）12:00至1月13日（周二）13:30",
    ]
    makeup = make_promise(RULES, "simple", at("2026-01-03T10:00+08:00"))
    assert explanation_text(makeup.explanation, "ko").splitlines()[-1] == (
        "대체 근무일 (기한 계산에 포함): 1월 4일"
    )


def test_explanation_of_a_round_the_clock_promise() -> None:
    promise = make_promise(RULES, "source", at("2026-02-16T09:00+09:00"))
    ko = explanation_text(promise.explanation, "ko")
    assert "기한: 접수 후 48시간 (24시간 연속 계산)" in ko
    assert "휴무" not in ko  # nothing is skipped, so nothing is said about it


def test_explanation_shows_years_when_they_differ() -> None:
    promise = make_promise(RULES, "complex", at("2026-12-31T10:00+08:00"))
    assert "Due: Mon 4 Jan 2027 10:00" in explanation_text(promise.explanation, "en")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_locale_keys_have_every_language_and_the_same_placeholders() -> None:
    with (ROOT / "tui" / "locales" / "deadlines.toml").open("rb") as fh:
        table = tomllib.load(fh)
    assert table
    for key, texts in table.items():
        assert key.startswith("deadline."), key
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key
        fields = {lang: _fields(texts[lang]) for lang in LANGS}
        assert fields["zh"] == fields["en"] == fields["ko"], key


@pytest.mark.parametrize("lang", LANGS)
def test_every_closed_kind_has_words(lang: Lang) -> None:
    for kind in ("night", "break", "weekend", "holiday", "closed"):
        assert t(lang, f"deadline.closed.{kind}") != f"deadline.closed.{kind}"


def test_the_explanation_shows_times_in_the_desk_zone_and_names_the_calendars() -> None:
    # The "source" class counts 48 hours on the Seoul calendar.
    promise = make_promise(RULES, "source", at(NOW))
    en = explanation_text(promise.explanation, "en", "Asia/Shanghai").splitlines()
    assert en[1].endswith("(kr-24x7, Asia/Seoul)")
    assert en[2] == (
        "This calendar keeps Asia/Seoul time, 1 hour ahead of the desk's Asia/Shanghai;"
        " the times below are Asia/Shanghai time"
    )
    assert "Opened: Mon 12 Jan 09:00" in en and "Due: Wed 14 Jan 09:00" in en
    # Read in the calendar's own zone, nothing is said about zones.
    seoul = explanation_text(promise.explanation, "en", "Asia/Seoul")
    assert "Due: Wed 14 Jan 10:00" in seoul and "keeps" not in seoul
    assert explanation_text(promise.explanation, "en") == seoul


def test_a_desk_ahead_of_the_calendar_and_one_on_the_same_clock() -> None:
    promise = make_promise(RULES, "simple", at(NOW))  # the Shanghai office calendar
    ko = explanation_text(promise.explanation, "ko", "Asia/Seoul")
    assert "데스크의 Asia/Seoul 시간보다 1시간 느립니다" in ko
    zh = explanation_text(promise.explanation, "zh", "Asia/Taipei")
    assert "与本台的 Asia/Taipei 时钟相同" in zh
