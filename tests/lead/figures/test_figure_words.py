"""The figures' and scorecards' Chinese is punctuated as the rest of the desk's: full-width
，；：（） between Chinese words, which also take the two cells the text around them does.
Half-width ones there read as a slip and sit crammed against the wide characters."""

from __future__ import annotations

import re
import tomllib

from tui.domain.i18n import LOCALES_DIR

CJK = "[\u3000-\u9fff\uff00-\uffef]"
HALF_WIDTH_BESIDE_CHINESE = re.compile(rf"{CJK}\s*[,;:()]|[,;:()]\s*{CJK}")


def zh_strings() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(table: dict[str, object], at: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{at}{key}.")
            elif key == "zh" and isinstance(value, str):
                found[at.rstrip(".")] = value

    walk(tomllib.loads((LOCALES_DIR / "lead_figures.toml").read_text("utf-8")), "")
    return found


def test_the_figures_chinese_has_full_width_punctuation() -> None:
    strings = zh_strings()
    assert "scorecard.hint" in strings  # the walk found the file's strings
    slips = {key: text for key, text in strings.items() if HALF_WIDTH_BESIDE_CHINESE.search(text)}
    assert slips == {}
