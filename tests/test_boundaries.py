"""The product never imports bench/ (DESIGN.md): bench builds on the product, and the wheel
does not ship it. Every import in the shipped packages, also those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("bot", "ocr", "connectors", "migrations")


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_shipped_packages_never_import_bench():
    offenders = [f"{path.relative_to(ROOT)}: {name}"
                 for package in SHIPPED for path in sorted((ROOT / package).rglob("*.py"))
                 for name in _imported(path) if name == "bench" or name.startswith("bench.")]
    assert not offenders, offenders


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from bench.municipality import generate_demo\n")
    assert "bench.municipality" in _imported(sample)
