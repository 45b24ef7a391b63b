"""`agentdesk promise`: work out a promised reply deadline and say why it falls there.

Exit status: 0 done, 2 for anything the caller must fix (unknown class, a broken or
missing rules file, a bad time or zone, a local time that does not exist or happens
twice), always with a one-line message on stderr and never a traceback.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import pendulum
from pendulum import DateTime

from tui.domain.calendars import ClosedSpan
from tui.domain.clock import to_iso
from tui.domain.deadline_rules import (
    RulesError,
    RuleSet,
    RulesUnreadable,
    UnknownClassError,
    load_rules,
    parse_rules,
)
from tui.domain.deadline_words import due_words, explanation_text, warning_label
from tui.domain.deadlines import Promise, make_promise
from tui.domain.i18n import LANGS, Lang, as_lang, t
from tui.store.paths import db_dir

EXIT_USAGE = 2
_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Years a deadline is worked out for: the holiday tables and the arithmetic past a
# deadline both need room on either side, and no complaint is opened in year 1.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def default_rules_path() -> Path:
    return db_dir() / "seed" / "deadlines.toml"


@click.command("promise")
@click.option("--class", "class_code", required=True, metavar="CODE", help="Deadline class code.")
@click.option(
    "--opened",
    required=True,
    metavar="ISO-8601",
    help="When the complaint was opened; without an offset it is read in --tz.",
)
@click.option(
    "--tz",
    "zone",
    metavar="ZONE",
    help="IANA zone for reading --opened and showing the deadline (default: the calendar's).",
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rules file (default: the rules of the reference revision the database applied,"
    " else the shipped db/seed/deadlines.toml).",
)
@click.option(
    "--fold",
    type=click.IntRange(0, 1),
    help="For a local time that happens twice (clocks going back): 0 the first, 1 the second.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of the text explanation and of the messages on stderr (default: the"
    " group's --lang, else the settings file's language, else en).",
)
def promise(
    class_code: str,
    opened: str,
    zone: str | None,
    rules_path: Path | None,
    fold: int | None,
    as_json: bool,
    lang: str | None,
) -> None:
    """Print the promised deadline for a complaint of class CODE opened at a given time."""
    from tui.commands.context import configured_language, language

    chosen = as_lang(language(lang, default=configured_language() or "en"))
    try:
        rules = _rules(rules_path)
        deadline_class = rules.get(class_code)
    except RulesError as exc:
        key, values = _rules_problem(exc)
        _fail(chosen, key, **values)
    except UnknownClassError as exc:
        _fail(chosen, "promise.unknown_class", code=repr(exc.code), known=", ".join(exc.known))
    shown_zone = zone or deadline_class.calendar.zone
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            _fail(chosen, "promise.unknown_zone", zone=repr(zone))
    opened_at, fold_used = _parse_opened(opened, shown_zone, fold, chosen)
    try:
        result = make_promise(rules, class_code, opened_at)
        if as_json:
            data = _as_data(result, rules, shown_zone)
            data["fold"] = fold_used
            output = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            output = _as_text(result, rules, shown_zone, chosen)
    except (OverflowError, ValueError) as exc:
        # Past the checks above this is a deadline that runs off the calendar's end.
        _fail(chosen, "promise.no_deadline", value=repr(opened), detail=str(exc))
    if fold_used is not None:
        click.echo(_fold_note(opened, shown_zone, fold_used, chosen), err=True)
    click.echo(output)


def _rules(path: Path | None) -> RuleSet:
    """The file asked for; else the rules the workstation's database applied from a
    published revision (what its desk promises under); else the shipped file."""
    if path is not None:
        return load_rules(path)
    from tui.commands.context import group_options
    from tui.store.reference import published_rules

    db = group_options().db
    if db is None:
        from tui.commands.context import database

        db, _ = database(warn_as="agentdesk promise")
    published = published_rules(db)
    if published is None:
        return load_rules(default_rules_path())
    revision, text = published
    return parse_rules(text, source=f"deadlines.toml (published revision {revision})")


def _fail(lang: Lang, key: str, /, **values: object) -> NoReturn:
    # The prefix stays English in every language: scripts match it. What the caller typed
    # goes in as repr(), so a control character in it is shown escaped, never sent.
    click.echo(f"agentdesk promise: {t(lang, key, **values)}", err=True)
    raise SystemExit(EXIT_USAGE)


def _rules_problem(exc: RulesError) -> tuple[str, dict[str, object]]:
    """The catalog key and values for a rules file refused: the frame is translated, the
    checker's reason is given as it says it."""
    if isinstance(exc, RulesUnreadable):
        return "promise.rules_unreadable", {"file": exc.source, "detail": exc.detail}
    if exc.line is None:
        return "promise.rules_file", {"file": exc.source, "reason": exc.reason}
    return "promise.rules_line", {"file": exc.source, "line": exc.line, "reason": exc.reason}


def _parse_opened(
    text: str, zone: str, fold: int | None, lang: Lang
) -> tuple[DateTime, int | None]:
    """The instant --opened names, and which of two it took when the local time happens
    twice (None when it did not have to choose)."""
    value = repr(text)
    # A date and a time are both required: a bare time would silently mean "today".
    if not _DATE_AND_TIME.match(text.strip()):
        _fail(lang, "promise.bad_opened", value=value)
    try:
        parsed = pendulum.parse(text.strip(), tz=None)
    except ValueError:
        _fail(lang, "promise.bad_opened", value=value)
    if not isinstance(parsed, DateTime):
        _fail(lang, "promise.bad_opened", value=value)
    if parsed.tzinfo is not None:
        try:
            offset = parsed.utcoffset()
        except ValueError:
            offset = None
        if offset is None or abs(offset) >= timedelta(hours=24):
            _fail(lang, "promise.bad_offset", value=value)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        _fail(
            lang,
            "promise.bad_year",
            value=value,
            year=parsed.year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    if parsed.tzinfo is not None:
        return parsed, None
    return _in_zone(text, parsed, zone, fold, lang)


def _in_zone(
    text: str, naive: DateTime, zone: str, fold: int | None, lang: Lang
) -> tuple[DateTime, int | None]:
    """A wall-clock time read in `zone`, refusing one the clocks skip and asking which
    when they show it twice (never silently moved or picked)."""
    tz = ZoneInfo(zone)
    fields = (naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second)
    first = datetime(*fields, naive.microsecond, tzinfo=tz, fold=0)
    second = datetime(*fields, naive.microsecond, tzinfo=tz, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    chosen: datetime = first
    fold_used: int | None = None
    if before != after:
        back = first.astimezone(ZoneInfo("UTC")).astimezone(tz)
        jump = {"value": repr(text), "zone": zone}
        jump |= {"before": _offset(before), "after": _offset(after)}
        if (back.year, back.month, back.day, back.hour, back.minute, back.second) != fields:
            _fail(lang, "promise.skipped_time", **jump)
        if fold is None:
            _fail(lang, "promise.happens_twice", **jump)
        chosen, fold_used = (first, 0) if fold == 0 else (second, 1)
    return pendulum.instance(chosen.astimezone(ZoneInfo("UTC"))).in_timezone(zone), fold_used


def _offset(amount: timedelta | None) -> str:
    minutes = int((amount or timedelta(0)).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _fold_note(text: str, zone: str, fold: int, lang: Lang) -> str:
    key = "promise.fold_first" if fold == 0 else "promise.fold_second"
    return f"agentdesk promise: {t(lang, key, value=repr(text), zone=zone)}"


def _local(when: DateTime, zone: str) -> str:
    return when.in_timezone(zone).format("YYYY-MM-DD HH:mm ddd")


def _as_text(result: Promise, rules: RuleSet, zone: str, lang: str) -> str:
    code = as_lang(lang)
    labels = rules.get(result.class_code).labels
    lines = [
        f"class     {result.class_code}: {labels.zh} / {labels.en} / {labels.ko}",
        f"opened    {_local(result.opened, zone)}  ({zone})",
        f"due       {_local(result.due, zone)}  ({zone})  {to_iso(result.due)}",
        f"rules     {rules.source} revision {result.revision}",
        "",
    ]
    lines += [
        f"{lang_code}        {due_words(result.due, lang_code, now=result.opened, zone=zone)}"
        for lang_code in LANGS
    ]
    lines.append("")
    lines += [f"{warning_label(w.level, code)}: {_local(w.at, zone)}" for w in result.warnings]
    lines.append("")
    lines.append(explanation_text(result.explanation, code, zone))
    return "\n".join(lines)


def _span_data(span: ClosedSpan) -> dict[str, object]:
    return {
        "start": to_iso(span.start),
        "end": to_iso(span.end),
        "kind": span.kind,
        "days": [
            {
                "date": day.date.isoformat(),
                "kind": day.kind,
                "names": day.names._asdict() if day.names else None,
            }
            for day in span.days
        ],
    }


def _as_data(result: Promise, rules: RuleSet, zone: str) -> dict[str, object]:
    e = result.explanation
    return {
        "class": result.class_code,
        "calendar": e.calendar,
        "zone": zone,
        "rules": rules.source,
        "revision": result.revision,
        "opened": to_iso(result.opened),
        "due": to_iso(result.due),
        "due_local": result.due.in_timezone(zone).isoformat(),
        "business_seconds": result.total.total_seconds(),
        "due_soon_at": to_iso(result.due_soon_at),
        "warnings": [{"level": w.level, "at": to_iso(w.at)} for w in result.warnings],
        "words": {
            lang: due_words(result.due, lang, now=result.opened, zone=zone) for lang in LANGS
        },
        "explanation": {
            "counting": e.counting,
            "within_seconds": e.within.total_seconds() if e.within is not None else None,
            "calendar_zone": e.zone,
            "clock_start": to_iso(e.clock_start),
            "skipped": [_span_data(span) for span in e.skipped],
            "makeup_days": [day.isoformat() for day in e.makeup_days],
            "text": {lang: explanation_text(e, lang, zone) for lang in LANGS},
        },
    }
