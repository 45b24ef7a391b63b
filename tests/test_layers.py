"""The package stays in layers: no two modules import each other, however far round.

`lint-imports` (run by scripts/test) holds the layers themselves; this holds the circles,
which a layers contract does not see inside one layer (two screens importing each other).
Only imports made when the desk runs count: a name imported for the type checker alone
(under `TYPE_CHECKING`) is not an import at run time.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def import_circles(package: str, *, type_only_too: bool = False) -> list[list[str]]:
    """Every set of modules of `package` that import each other (Tarjan's strongly
    connected components of more than one module, or a module importing itself).
    `type_only_too`: imports under `TYPE_CHECKING` count as well."""
    graph = grimp.build_graph(
        package, exclude_type_checking_imports=not type_only_too, cache_dir=None
    )
    edges = {
        module: sorted(
            found
            for found in graph.find_modules_directly_imported_by(module)
            if found == package or found.startswith(package + ".")
        )
        for module in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    # Iterative, so a long chain of imports never meets the recursion limit.
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, at = work.pop()
            if at == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if at < len(targets):
                work.append((node, at + 1))
                target = targets[at]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in edges[node]:
                    circles.append(sorted(members))
    return circles


def test_no_module_of_the_desk_imports_itself_back() -> None:
    circles = import_circles("tui")
    assert circles == [], "modules that import each other:\n" + "\n".join(
        " <-> ".join(circle) for circle in circles
    )


def test_below_the_screens_not_even_the_type_checker_goes_round() -> None:
    """The services, the store and the domain have no circle even counting the names
    imported for mypy alone (the store's database and its seeding once did)."""
    lower = ("tui.services.", "tui.store.", "tui.domain.")
    circles = [
        circle
        for circle in import_circles("tui", type_only_too=True)
        if any(module.startswith(lower) for module in circle)
    ]
    assert circles == []


def test_the_circle_finder_finds_a_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from circled import b\n")
    (package / "b.py").write_text("def later():\n    from circled import c\n")
    (package / "c.py").write_text("import circled.a\n")
    (package / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import circled.a\n"
    )
    (package / "e.py").write_text("import circled.d\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles("circled") == [["circled.a", "circled.b", "circled.c"]]


def test_the_layers_contract_covers_every_part_of_the_package() -> None:
    """A new top-level module or package must be given a layer, or it escapes the check."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    placed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    parts = {
        f"tui.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "tui").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert parts - placed == set(), "not in a layer"
