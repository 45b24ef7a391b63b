"""Deadlines in words: what the agent tells the customer, and why the deadline falls there.

"明天10:30前", "by tomorrow 10:30", "내일 10:30까지": today, tomorrow, the day after
(zh, ko), a weekday within the coming week, else a date (with the year when it is
not the current one), all read in one time zone: the desk's. Minutes are cut, never rounded up,
so the words never promise later than the deadline; a deadline at midnight reads as
24:00 of the day before, which is how a customer understands "by the end of Monday".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tui.domain.calendars import ClosedSpan
from tui.domain.deadlines import Explanation, State
from tui.domain.i18n import Lang, t

_UNITS: dict[Lang, tuple[str, str, str, str]] = {
    # hour, hours, minute, minutes
    "zh": ("小时", "小时", "分钟", "分钟"),
    "en": (" hour", " hours", " minute", " minutes"),
    "ko": ("시간", "시간", "분", "분"),
}


def due_words(due: datetime, lang: Lang, *, now: datetime, zone: str) -> str:
    """The deadline as said to a customer at `now`, read in `zone`."""
    tz = ZoneInfo(zone)
    local = due.astimezone(tz)
    day, clock = local.date(), f"{local.hour:02d}:{local.minute:02d}"
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        day, clock = day - timedelta(days=1), "24:00"
    today = now.astimezone(tz).date()
    return t(lang, "deadline.by", day=_day_words(day, today, lang), time=clock)


def when_text(when: datetime, lang: Lang, zone: str, *, year: bool = False) -> str:
    """An instant for the agent's eyes: "10月8日（周四）15:00", "Thu 8 Oct 15:00"."""
    local = when.astimezone(ZoneInfo(zone))
    return t(
        lang,
        "deadline.when",
        date=_date_words(local.date(), lang, year=year),
        weekday=t(lang, f"deadline.weekday_short.{local.weekday()}"),
        time=f"{local.hour:02d}:{local.minute:02d}",
    )


def state_label(state: State, lang: Lang) -> str:
    """ "On track", "Due soon", "Overdue" in `lang`."""
    return t(lang, f"deadline.state.{state}")


def warning_label(level: str, lang: Lang) -> str:
    """A warning level ("50%", "due-soon", "overdue") in words."""
    if level.endswith("%"):
        return t(lang, "deadline.warning.percent", percent=level.rstrip("%"))
    return t(lang, f"deadline.warning.{level}")


def amount_words(amount: timedelta, lang: Lang) -> str:
    """A rule's duration in hours and minutes: "24 hours", "1小时30分钟", "2시간"."""
    minutes = int(amount.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    hour, hours_word, minute, minutes_word = _UNITS[lang]
    parts = []
    if hours:
        parts.append(f"{hours}{hour if hours == 1 else hours_word}")
    if minutes or not hours:
        parts.append(f"{minutes}{minute if minutes == 1 else minutes_word}")
    return ("" if lang == "zh" else " ").join(parts)


def explanation_text(explanation: Explanation, lang: Lang, zone: str | None = None) -> str:
    """The explanation as lines of text in `lang`, times in `zone` (the desk's; by default
    the calendar's). A calendar in another zone is named, with how far its clock is off."""
    e = explanation
    zone = zone or e.zone
    tz = ZoneInfo(zone)
    with_year = e.opened.astimezone(tz).year != e.due.astimezone(tz).year

    def when(moment: datetime) -> str:
        return when_text(moment, lang, zone, year=with_year)

    lines = [
        t(lang, "deadline.explain.class", label=e.class_labels.get(lang), code=e.class_code),
        t(
            lang,
            "deadline.explain.calendar",
            label=e.calendar_labels.get(lang),
            name=e.calendar,
            zone=e.zone,
        ),
    ]
    if zone != e.zone:
        lines.append(_zone_line(e, zone, lang))
    if e.within is None:
        lines.append(t(lang, "deadline.explain.same_day"))
    else:
        key = "deadline.explain.wall" if e.counting == "wall" else "deadline.explain.business"
        lines.append(t(lang, key, amount=amount_words(e.within, lang)))
    lines.append(t(lang, "deadline.explain.opened", when=when(e.opened)))
    if e.clock_start != e.opened:
        lines.append(t(lang, "deadline.explain.clock_start", when=when(e.clock_start)))
    lines.append(t(lang, "deadline.explain.due", when=when(e.due)))
    if e.counting != "wall":
        if e.skipped:
            lines.append(t(lang, "deadline.explain.skipped"))
            lines.extend("  " + _span_text(span, lang, when) for span in e.skipped)
        else:
            lines.append(t(lang, "deadline.explain.nothing_skipped"))
    if e.makeup_days:
        # Chinese lists with the enumeration comma: 1月4日、2月28日.
        dates = ("、" if lang == "zh" else ", ").join(
            _date_words(d, lang, year=with_year) for d in e.makeup_days
        )
        lines.append(t(lang, "deadline.explain.makeup", dates=dates))
    return "\n".join(lines)


def _zone_line(e: Explanation, zone: str, lang: Lang) -> str:
    # Offsets at the deadline: that is the instant the customer is told.
    calendar_offset = e.due.astimezone(ZoneInfo(e.zone)).utcoffset() or timedelta()
    desk_offset = e.due.astimezone(ZoneInfo(zone)).utcoffset() or timedelta()
    ahead = calendar_offset - desk_offset
    if not ahead:
        return t(lang, "deadline.explain.zone_same", zone=e.zone, desk=zone)
    key = "deadline.explain.zone_ahead" if ahead > timedelta() else "deadline.explain.zone_behind"
    return t(lang, key, zone=e.zone, desk=zone, amount=amount_words(abs(ahead), lang))


def _span_text(span: ClosedSpan, lang: Lang, when: Callable[[datetime], str]) -> str:
    names: list[str] = []
    for day in span.days:
        if day.names is not None:
            name = day.names.get(lang)
            if name and name not in names:
                names.append(name)
    return t(
        lang,
        "deadline.explain.span",
        kind=t(lang, f"deadline.closed.{span.kind}"),
        start=when(span.start),
        end=when(span.end),
        names=t(lang, "deadline.explain.names", names=("、" if lang == "zh" else ", ").join(names))
        if names
        else "",
    )


def _day_words(day: date, today: date, lang: Lang) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return t(lang, "deadline.today")
    if ahead == 1:
        return t(lang, "deadline.tomorrow")
    # "the day after tomorrow" is clumsy in English; a weekday name says it better.
    if ahead == 2 and lang != "en":
        return t(lang, "deadline.day_after_tomorrow")
    if 2 <= ahead <= 6:
        return t(lang, f"deadline.weekday.{day.weekday()}")
    return _date_words(day, lang, year=day.year != today.year)


def _date_words(day: date, lang: Lang, *, year: bool) -> str:
    month = t(lang, f"deadline.month.{day.month}")
    if year:
        return t(lang, "deadline.date_year", year=day.year, month=month, day=day.day)
    return t(lang, "deadline.date", month=month, day=day.day)
