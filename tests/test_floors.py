"""The packages are floors of one house: a module imports only from its own floor's package or the floors below
(README, "Project layout"). Every import counts, including the ones inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. `callbacks` and `web` share a floor but not a package: neither imports the other.
FLOORS = {"core": 1, "figures": 2, "layouts": 3, "answers": 4, "callbacks": 5, "web": 5, "app": 6}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) for every import of one of our packages in a file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in FLOORS}
    return found


def wrong_way(path: Path) -> list[str]:
    """The imports in one file that climb to a higher floor or cross to another package on the same floor."""
    package = path.relative_to(ROOT).parts[0].removesuffix(".py")
    return [f"{path.relative_to(ROOT)}:{line} imports {other}" for line, other in sorted(imported_packages(path))
            if FLOORS[other] > FLOORS[package] or (FLOORS[other] == FLOORS[package] and other != package)]


def our_modules() -> list[Path]:
    return [ROOT / "app.py", *(p for name in FLOORS if name != "app" for p in sorted((ROOT / name).glob("*.py")))]


def test_no_import_climbs_to_a_higher_floor():
    climbs = [line for path in our_modules() for line in wrong_way(path)]
    assert climbs == []


def test_the_check_sees_a_climb_and_an_import_inside_a_function(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    (tmp_path / "core").mkdir()
    module = tmp_path / "core" / "sample.py"
    module.write_text("import core.text\n\ndef f():\n    from figures.map import x\n    import answers\n")
    assert wrong_way(module) == ["core/sample.py:4 imports figures", "core/sample.py:5 imports answers"]


@pytest.mark.parametrize("package", [name for name in FLOORS if name != "app"])
def test_each_package_says_what_it_holds(package):
    doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"{package}/__init__.py has no docstring saying what it holds"
