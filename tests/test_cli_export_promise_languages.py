"""`agentdesk export` and `agentdesk promise` say what went wrong in the agent's language
(the command's --lang, else the group's, else the settings file's), keeping the English
prefix scripts match and the documented exit status."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.broken_files import NOT_UTF8, NUMBER, edit, make_database
from tui.cli import main

NY = "America/New_York"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    return result


def said(result: Result, status: int, prefix: str) -> str:
    """The one line on stderr, after checking the status, that stdout is empty and that
    the prefix is there as scripts expect it."""
    assert result.exit_code == status, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{prefix}: "), line
    return line.removeprefix(f"{prefix}: ")


def no_english(text: str, *words: str) -> None:
    for word in words:
        assert word not in text, (word, text)


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    db = tmp_path / "desk.sqlite3"
    make_database(db, calls=2)
    return db


# ---------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "无法写入 {file}：文件夹 {folder} 不存在"),
        ("ko", "{file}에 쓸 수 없습니다: 폴더 {folder}이 없습니다"),
    ],
    ids=["zh", "ko"],
)
def test_an_output_into_a_missing_folder_is_said_in_the_chosen_language(
    desk: Path, tmp_path: Path, lang: str, expected: str
) -> None:
    # The folder's name ends in a consonant sound (…/no1: 일), so Korean takes 이.
    folder = tmp_path / "no1"
    target = folder / "calls.csv"
    result = run("export", "calls", "--db", str(desk), "--lang", lang, "-o", str(target))
    line = said(result, 1, "agentdesk export")
    assert line == expected.format(file=target, folder=folder)
    assert not folder.exists()


def test_bom_with_json_is_refused_in_the_groups_language(desk: Path) -> None:
    # No --lang on the command: the group's --lang says which.
    zh = run("--lang", "zh", "export", "complaints", "--db", str(desk), "--bom", "--format", "json")
    assert (
        said(zh, 2, "agentdesk export")
        == "--bom 只能与 --format csv 一起使用（JSON 不能以 BOM 开头）"
    )
    ko = run("export", "events", "--db", str(desk), "--bom", "--format", "ndjson", "--lang", "ko")
    line = said(ko, 2, "agentdesk export")
    assert line.startswith("--bom은 --format csv에만")
    no_english(line, "only", "must not")


def test_a_file_that_is_not_a_database_is_refused_in_korean(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(8192))
    line = said(run("export", "breaks", "--db", str(junk), "--lang", "ko"), 4, "agentdesk export")
    assert line.startswith(f"{junk}은 SQLite 데이터베이스가 아니거나 손상되었습니다")
    assert line.endswith("경로를 확인하거나 백업에서 파일을 복원하세요")


def test_a_missing_database_is_refused_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    line = said(run("export", "calls", "--db", str(missing), "--lang", "zh"), 2, "agentdesk export")
    assert line == f"{missing} 没有数据库；请用 --db 或 AGENTDESK_DB 指定正确的文件"
    assert not missing.exists()


def test_a_newer_database_is_refused_in_korean_and_left_alone(desk: Path) -> None:
    edit(desk, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    before = desk.read_bytes()
    line = said(run("export", "calls", "--db", str(desk), "--lang", "ko"), 2, "agentdesk export")
    assert line.startswith(f"{desk}은 더 새로운 agentdesk가 쓴 파일입니다 (스키마 999,")
    assert line.endswith("파일은 그대로 두었습니다")
    assert desk.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "有一行无法读取（其中的文字不是有效的 UTF-8）；请运行 `agentdesk verify --db"),
        ("ko", "읽을 수 없는 행이 있습니다 (행에 유효한 UTF-8이 아닌 텍스트가 있음)."),
    ],
    ids=["zh", "ko"],
)
def test_a_row_that_cannot_be_read_is_named_without_its_text(
    desk: Path, lang: str, words: str
) -> None:
    edit(desk, f"UPDATE calls SET note = CAST({NOT_UTF8} || '{NUMBER}' AS TEXT)")
    result = run("export", "calls", "--db", str(desk), "--unmask", "--lang", lang)
    assert result.exit_code == 4, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"agentdesk export: {desk}：" if lang == "zh" else f"agentdesk export: {desk}: "
    )
    assert words in line
    # What the row holds stays out of the message, in every language.
    assert NUMBER not in result.stderr and "\ufffd" not in result.stderr


def test_the_settings_files_language_is_used_and_lang_overrides_it(
    desk: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "ko"\n', encoding="utf-8")
    args = ["export", "calls", "--db", str(desk), "--bom", "--format", "json"]
    ko = run("--config", str(config), *args)
    assert said(ko, 2, "agentdesk export").startswith("--bom은 ")
    en = run("--config", str(config), *args, "--lang", "en")
    assert said(en, 2, "agentdesk export") == (
        "--bom is for --format csv only (JSON must not start with one)"
    )


def test_the_records_themselves_do_not_change_with_the_language(desk: Path) -> None:
    # Only the messages follow --lang: the complaints' JSON is the same in every language.
    outputs = {
        lang: run("export", "complaints", "--db", str(desk), "--format", "json", "--lang", lang)
        for lang in ("zh", "en", "ko")
    }
    assert all(result.exit_code == 0 and result.stderr == "" for result in outputs.values())
    assert outputs["zh"].stdout == outputs["en"].stdout == outputs["ko"].stdout


# ---------------------------------------------------------------- promise


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "无法读取 --opened '17:30'；请按此格式填写，例如2026-01-09T17:30或2026-01-09T17:30+08:00",
        ),
        (
            "ko",
            "--opened '17:30'을 읽을 수 없습니다. 2026-01-09T17:30 또는 2026-01-09T17:30+08:00처럼"
            " 쓰세요",
        ),
    ],
    ids=["zh", "ko"],
)
def test_an_opening_time_that_cannot_be_read_is_refused_in_the_chosen_language(
    lang: str, expected: str
) -> None:
    result = run("promise", "--class", "simple", "--opened", "17:30", "--lang", lang)
    assert said(result, 2, "agentdesk promise") == expected


def test_an_unknown_class_is_refused_in_the_groups_language() -> None:
    result = run("--lang", "ko", "promise", "--class", "urgent", "--opened", "2026-01-12T09:00")
    line = said(result, 2, "agentdesk promise")
    assert line.startswith("기한 유형 'urgent'가 없습니다. 있는 유형: complex, ")


def test_a_time_the_clocks_skip_is_refused_in_chinese_with_the_jump() -> None:
    result = run(
        "promise", "--class", "simple", "--opened", "2026-03-08T02:30", "--tz", NY, "--lang", "zh"
    )
    assert said(result, 2, "agentdesk promise") == (
        "--opened '2026-03-08T02:30' 在 America/New_York 不存在：时钟从-05:00拨快到-04:00，"
        "跳过了这个时间；请给出跳变之外的时间，或写明时差"
    )


def test_control_characters_typed_into_opened_stay_escaped_in_every_language() -> None:
    for lang, words in (("zh", "无法读取 --opened "), ("ko", "읽을 수 없습니다")):
        result = run("promise", "--class", "simple", "--opened", "\x1b]52;c;x\x07", "--lang", lang)
        line = said(result, 2, "agentdesk promise")
        assert "\x1b" not in line and "\x07" not in line
        assert "'\\x1b]52;c;x\\x07'" in line
        assert words in line


def test_a_missing_rules_file_is_refused_in_korean(tmp_path: Path) -> None:
    rules = tmp_path / "none.toml"
    result = run(
        "promise", "--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(rules),
        "--lang", "ko",
    )  # fmt: skip
    assert said(result, 2, "agentdesk promise").startswith(
        "규칙 파일 none.toml을 읽을 수 없습니다: "
    )


def test_a_broken_rules_file_names_its_line_in_chinese(tmp_path: Path) -> None:
    rules = tmp_path / "deadlines.toml"
    rules.write_text("[classes.simple\nwithin = 2h\n", encoding="utf-8")
    result = run(
        "promise", "--class", "simple", "--opened", "2026-01-12T09:00", "--rules", str(rules),
        "--lang", "zh",
    )  # fmt: skip
    assert said(result, 2, "agentdesk promise").startswith("规则文件 deadlines.toml 第1行：")


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "zh",
            "--opened '2026-11-01T01:30' 在 America/New_York 出现两次；已按第二次计算（--fold 1）",
        ),
        (
            "ko",
            "--opened '2026-11-01T01:30'은 America/New_York에서 두 번 있는 시각입니다."
            " 두 번째 시각으로 계산했습니다 (--fold 1)",
        ),
    ],
    ids=["zh", "ko"],
)
def test_the_fold_note_is_in_the_chosen_language_and_the_json_is_not(lang: str, note: str) -> None:
    args = ["promise", "--class", "simple", "--opened", "2026-11-01T01:30", "--tz", NY]
    args += ["--fold", "1", "--json"]
    english = run(*args)
    result = run(*args, "--lang", lang)
    assert result.exit_code == english.exit_code == 0, result.output
    assert result.stderr == f"agentdesk promise: {note}\n"
    assert json.loads(result.stdout) == json.loads(english.stdout)


def test_the_settings_files_language_also_explains_the_promise(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "zh"\n', encoding="utf-8")
    result = run("--config", str(config), "promise", "--class", "complex",
                 "--opened", "2026-09-30T15:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "节假日：10月1日（周四）00:00至10月8日（周四）00:00（国庆节" in result.stdout
    refused = run("--config", str(config), "promise", "--class", "simple", "--opened", "x")
    assert said(refused, 2, "agentdesk promise").startswith("无法读取 --opened 'x'")
