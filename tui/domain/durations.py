"""Durations as an agent reads them: a clock face for timers, words for people."""

from __future__ import annotations

from tui.domain.i18n import Lang

_UNITS: dict[Lang, tuple[str, str, str, str]] = {
    # day, hour, minute, second; English plurals are handled below.
    "zh": ("天", "小时", "分钟", "秒"),
    "ko": ("일", "시간", "분", "초"),
    "en": ("day", "hour", "minute", "second"),
}


def clock_face(seconds: float) -> str:
    """`12:05` under an hour, `1:02:05` above; negative values get a leading minus."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m:02d}:{s:02d}"


def in_words(seconds: float, lang: Lang, *, parts: int = 2) -> str:
    """The `parts` largest non-zero units: "2 hours 5 minutes", "2小时5分钟", "2시간 5분"."""
    total = int(abs(seconds))
    amounts = [total // 86400, total % 86400 // 3600, total % 3600 // 60, total % 60]
    names = _UNITS[lang]
    chosen = [(n, names[i]) for i, n in enumerate(amounts) if n][:parts]
    if not chosen:
        chosen = [(0, names[3])]
    if lang == "en":
        return " ".join(f"{n} {name}{'' if n == 1 else 's'}" for n, name in chosen)
    joiner = " " if lang == "ko" else ""
    return joiner.join(f"{n}{name}" for n, name in chosen)
