"""Imports go one way (STYLE.md): model/errors at the bottom, plugin and cli on top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"

# A module may import only modules of a lower layer or its own.
LAYERS = [
    {"model", "errors"},
    {"config", "cache", "progress", "_fs", "_text", "units"},
    {"clean", "golden", "nlp", "speakers", "match", "report", "review", "lexicon"},
    {"ingest", "labelstudio"},
    {"engine"},
    {"plugin", "cli"},
]
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}


def factcheck_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("factcheck."):
                found.add(node.module.split(".")[1])
            elif node.module == "factcheck":
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.split(".")[1] for a in node.names if a.name.startswith("factcheck.")
            )
    return found


def _owner(path: Path) -> str:
    """The top-level module or subpackage a file belongs to (``engine/claims.py`` -> engine)."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts != ("__init__.py",)
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way(path):
    me = _owner(path)
    assert me in LAYER, f"add factcheck/{path.name} to a layer in tests/test_imports.py"
    for other in factcheck_imports(path):
        if other == "__version__":
            continue
        assert other in LAYER, f"{me} imports unknown module {other}"
        assert other not in {"plugin", "cli"} or me == other, f"{me} must not import {other}"
        assert LAYER[other] <= LAYER[me], (
            f"{me} (layer {LAYER[me]}) imports {other} (layer {LAYER[other]})"
        )


def test_importing_the_package_and_plugin_stays_light():
    code = (
        "import sys, factcheck, factcheck.plugin, factcheck.cli; "
        "print(','.join(m for m in ('spacy', 'label_studio_sdk', 'trafilatura', 'jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


BELOW_CLI = [p for p in MODULES if p.relative_to(PACKAGE).parts[0] != "cli"]


@pytest.mark.parametrize("path", BELOW_CLI, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_command_code_below_cli(path):
    """Every command lives in cli/: no argparse, no ``main()``, no ``__main__`` block below."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name != "argparse" for a in node.names), f"{path.name} imports argparse"
        elif isinstance(node, ast.ImportFrom):
            assert node.module != "argparse", f"{path.name} imports argparse"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.name != "main", f"{path.name} defines main(): move the command to cli/"
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Name):
            assert node.left.id != "__name__", f"{path.name} has a __main__ block"
    assert path.name != "__main__.py"
