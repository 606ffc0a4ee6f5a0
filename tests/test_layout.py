"""The codebase's shape, checked: data flows one way between the packages, each package says what it
holds, and every module has a test file named after it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("runtime", "retrieval", "assistant", "ui")
# what each package may import from the others (the arrows of the README's picture point one way)
MAY_IMPORT = {
    "runtime": set(),
    "retrieval": {"runtime"},
    "assistant": {"runtime", "retrieval"},
    "ui": {"runtime", "retrieval", "assistant"},
}
# single imports against the arrows, with the reason
EDGES = {
    (
        "assistant/cli.py",
        "eval",
    ): "the command line's `eval` subcommands hand over to the harness (imported inside those two commands only)",
    ("assistant/cli.py", "finetune"): "the command line adds the `finetune` parsers (finetune/cli.py imports nothing heavy at that point)",
}
# modules without a test file of their own, with the reason
UNTESTED = {
    "ui/style.py": "a stylesheet only; the browser test checks the cards' layout from element positions",
}


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).glob("*.py") if p.name != "__init__.py")


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
    names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and not node.level]
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_one_way(package):
    others = set(PACKAGES) | {"finetune", "eval", "app"}
    wrong = {
        f"{path.relative_to(ROOT)} imports {sorted(bad)}"
        for path in _modules(package)
        if (
            bad := {p for p in _imported_packages(path) & others if (f"{package}/{path.name}", p) not in EDGES}
            - MAY_IMPORT[package]
            - {package}
        )
    }
    assert wrong == set()


@pytest.mark.parametrize("package", [*PACKAGES, "eval", "finetune"])
def test_every_package_says_what_it_holds_and_may_import(package):
    doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()) >= 2, f"{package}/__init__.py needs a docstring: what it holds and what it may import"


def test_every_module_has_a_test_file_named_after_it():
    missing = []
    for package in (*PACKAGES, "finetune"):
        for path in _modules(package):
            relative = f"{package}/{path.name}"
            names = (f"test_{path.stem}.py", f"test_{package}_{path.stem}.py")
            if relative not in UNTESTED and not any((ROOT / "tests" / name).exists() for name in names):
                missing.append(relative)
    assert missing == []
