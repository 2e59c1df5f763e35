"""The folders show the architecture, and imports run one way: from the front ends (commands,
site, demo, forms) through the workspace to review and outputs, rules, loading, the model, and
the shared vocabulary at the bottom. No module imports one from a layer above its own (ruff
forbids relative imports, so every import names its module in full)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "scripts" / "tieshai"
LAYERS = [
    {"findings", "vocabulary", "chinese", "suggest"},
    {"model"},
    {"load"},
    {"rules"},
    {"review", "outputs"},
    {"workspace"},
    {"site", "cli", "demo", "forms", "__main__"},
]


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("tieshai", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def layer_of(module: str) -> int:
    top = module.split(".")[1]
    return next(index for index, names in enumerate(LAYERS) if top in names)


def imported(path: Path) -> set[str]:
    """Every tieshai module the file imports, ``from tieshai import x`` counted as tieshai.x."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "tieshai":
            found |= {f"tieshai.{alias.name}" for alias in node.names if alias.name != "__version__"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {name for name in found if name.startswith("tieshai.")}


def modules() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if path != PACKAGE / "__init__.py"]


def test_every_module_belongs_to_a_layer() -> None:
    for path in modules():
        layer_of(module_of(path))


def test_imports_never_run_upward() -> None:
    upward = [(module_of(path), name) for path in modules() for name in imported(path)
              if layer_of(name) > layer_of(module_of(path))]
    assert upward == []


def test_a_plain_check_starts_without_git_mkdocs_or_the_review() -> None:
    """`tieshai check` is what every clerk and every commit runs: it loads no more than it needs."""
    script = ("import sys, io, contextlib\nfrom tieshai.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()): main(['--root', sys.argv[1], 'check'])\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('git', 'mkdocs', 'jinja2')"
              " or m.startswith(('tieshai.review', 'tieshai.site', 'tieshai.model.state'))))")
    result = subprocess.run([sys.executable, "-c", script, str(REPO)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
