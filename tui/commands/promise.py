"""`agentdesk promise`: work out a promised reply deadline and say why it falls there.

Exit status: 0 done, 2 for anything the caller must fix (unknown class, a broken or
missing rules file, a bad time or zone), always with a one-line message on stderr.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import pendulum
from pendulum import DateTime

from tui.domain.calendars import ClosedSpan
from tui.domain.clock import to_iso
from tui.domain.deadline_rules import RulesError, RuleSet, UnknownClassError, load_rules
from tui.domain.deadline_words import due_words, explanation_text, warning_label
from tui.domain.deadlines import Promise, make_promise
from tui.domain.i18n import LANGS, as_lang
from tui.store.paths import db_dir

EXIT_USAGE = 2
_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


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
    help="Rules file (default: the shipped db/seed/deadlines.toml).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of the text explanation.",
)
def promise(
    class_code: str,
    opened: str,
    zone: str | None,
    rules_path: Path | None,
    as_json: bool,
    lang: str,
) -> None:
    """Print the promised deadline for a complaint of class CODE opened at a given time."""
    try:
        rules = load_rules(rules_path or default_rules_path())
        deadline_class = rules.get(class_code)
    except (RulesError, UnknownClassError) as exc:
        _fail(str(exc))
    shown_zone = zone or deadline_class.calendar.zone
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            _fail(f"unknown time zone {zone!r}")
    opened_at = _parse_opened(opened, shown_zone)
    result = make_promise(rules, class_code, opened_at)
    if as_json:
        click.echo(json.dumps(_as_data(result, rules, shown_zone), ensure_ascii=False, indent=2))
    else:
        click.echo(_as_text(result, rules, shown_zone, as_lang(lang)))


def _fail(message: str) -> NoReturn:
    click.echo(f"agentdesk promise: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def _parse_opened(text: str, zone: str) -> DateTime:
    problem = (
        f"cannot read --opened {text!r}; write e.g. 2026-01-09T17:30 or 2026-01-09T17:30+08:00"
    )
    # A date and a time are both required: a bare time would silently mean "today".
    if not _DATE_AND_TIME.match(text.strip()):
        _fail(problem)
    try:
        parsed = pendulum.parse(text.strip(), tz=zone)
    except ValueError:
        _fail(problem)
    if not isinstance(parsed, DateTime):
        _fail(problem)
    return parsed


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
