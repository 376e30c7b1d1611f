"""The package's shape: every module imports, and dependencies point inward (core never imports
a Pelican adapter). Pelican only *logs* a plugin it cannot load, so a broken import would
otherwise surface as a confusing template error."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "clemency"
MODULES = sorted(
    ".".join(("clemency", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)


def _imported(path: Path) -> set[str]:
    """Absolute names of the clemency modules `path` imports."""
    package = ".".join(("clemency", *path.relative_to(PACKAGE).parent.parts))
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("clemency")}


def test_no_core_module_imports_a_plugin():
    offenders = {
        path.relative_to(PACKAGE).as_posix(): sorted(
            n for n in _imported(path) if n.startswith("clemency.plugins")
        )
        for path in PACKAGE.rglob("*.py")
        if "plugins" not in path.relative_to(PACKAGE).parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}
