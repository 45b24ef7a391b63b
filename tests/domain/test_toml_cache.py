"""TOML read once, then kept as JSON in the cache folder: read back while the files are
unchanged, parsed again when one changes, never kept when JSON cannot hold it."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tui.domain import toml_cache


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    kept = tmp_path / "cache"
    toml_cache.use_folder(kept)
    yield kept
    toml_cache.use_folder(None)


def counting(parses: list[str]) -> Any:
    def parse(paths: Sequence[Path]) -> Any:
        parses.append(paths[0].name)
        with paths[0].open("rb") as fh:
            return tomllib.load(fh)

    return parse


def test_a_file_is_parsed_once_and_read_back_until_it_changes(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "fixes.toml"
    source.write_text('[[fix]]\nwas = "旧"\nnow = "新"\n', encoding="utf-8")
    parses: list[str] = []
    first = toml_cache.load("fixes", [source], counting(parses))
    again = toml_cache.load("fixes", [source], counting(parses))
    assert first == again == {"fix": [{"was": "旧", "now": "新"}]}
    assert parses == ["fixes.toml"], "the second read came from the kept copy"
    (kept,) = folder.glob("fixes-*.json")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    source.write_text('[[fix]]\nwas = "旧"\nnow = "改"\n', encoding="utf-8")
    os.utime(source, ns=(1, 1))  # the same size, and a time put back: still seen
    changed = toml_cache.load("fixes", [source], counting(parses))
    assert changed == {"fix": [{"was": "旧", "now": "改"}]}
    assert parses == ["fixes.toml", "fixes.toml"]
    assert len(list(folder.glob("fixes-*.json"))) == 1, "the old copy is gone"


def test_what_json_cannot_hold_is_parsed_every_time(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "dated.toml"
    source.write_text("day = 2026-12-02\n", encoding="utf-8")
    parses: list[str] = []
    for _ in range(2):
        assert str(toml_cache.load("dated", [source], counting(parses))["day"]) == "2026-12-02"
    assert parses == ["dated.toml", "dated.toml"]
    assert not list(folder.glob("dated-*"))


def test_without_a_folder_nothing_is_kept(tmp_path: Path) -> None:
    source = tmp_path / "plain.toml"
    source.write_text('a = "b"\n', encoding="utf-8")
    parses: list[str] = []
    toml_cache.use_folder(None)
    for _ in range(2):
        assert toml_cache.load("plain", [source], counting(parses)) == {"a": "b"}
    assert parses == ["plain.toml", "plain.toml"]


def test_a_kept_copy_that_is_not_a_table_is_parsed_around(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "fixes.toml"
    source.write_text('a = "b"\n', encoding="utf-8")
    parses: list[str] = []
    toml_cache.load("fixes", [source], counting(parses))
    (kept,) = folder.glob("fixes-*.json")
    kept.write_text("[1, 2]", encoding="utf-8")
    assert toml_cache.load("fixes", [source], counting(parses)) == {"a": "b"}
    assert parses == ["fixes.toml", "fixes.toml"]
