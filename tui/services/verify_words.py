"""What the register check found, in the agent's words: `agentdesk verify` prints these
and the desk's own check (Ctrl+P) shows them in a notification."""

from __future__ import annotations

from pathlib import Path

from tui.domain.i18n import Lang, as_lang, t
from tui.domain.register import Problem
from tui.services.fault_lines import EXIT_CANNOT_WRITE, EXIT_DAMAGED, EXIT_TOO_NEW, detail_of
from tui.store.file_check import FileProblem, Undecodable


def describe(problem: Problem, lang: str) -> str:
    code = as_lang(lang)
    reason = t(code, f"verify.reason.{problem.reason}")
    if problem.event_id is None:
        return t(code, "verify.complaint_problem", complaint=problem.complaint_id, reason=reason)
    return t(
        code,
        "verify.event_problem",
        complaint=problem.complaint_id,
        event=problem.event_id,
        kind=problem.kind or "?",
        at=problem.at or "?",
        reason=reason,
    )


def problem_line(problem: FileProblem, path: Path, lang: Lang) -> tuple[int, str]:
    where = str(path)
    detail = detail_of(Exception(problem.detail))
    if problem.problem == "empty":
        return EXIT_DAMAGED, t(lang, "db.empty", path=where)
    if problem.problem == "too_new":
        return EXIT_TOO_NEW, t(
            lang, "db.too_new", path=where, found=problem.found, known=problem.known
        )
    if problem.problem == "unreadable":
        return EXIT_CANNOT_WRITE, t(lang, "db.unreadable", path=where, detail=detail)
    if problem.problem == "readonly_folder":
        return EXIT_CANNOT_WRITE, t(lang, "verify.readonly_folder", path=where, detail=detail)
    return EXIT_DAMAGED, t(lang, "db.damaged", path=where, detail=detail)


def describe_undecodable(entry: Undecodable, lang: Lang) -> str:
    return t(
        lang,
        "verify.undecodable",
        complaint=entry.complaint_id,
        event=entry.event_id or "—",
        seq=entry.seq,
    )


def verify_totals(complaints: int, events: int, code: Lang) -> dict[str, str]:
    """ "3 complaints", "1 entry": each number with its noun, in the plural it needs."""
    return {
        "complaints": t(code, "verify.count.complaints", count=complaints),
        "events": t(code, "verify.count.entries", count=events),
    }
