"""The folders show the architecture, and imports run one way: from the front ends (commands,
site, demo) through the workspace to review and outputs, rules, loading, the model, and the
shared vocabulary at the bottom. No module imports one from a layer above its own."""

from __future__ import annotations

import ast

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


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else ""
    return next(index for index, names in enumerate(LAYERS) if top in names)


def imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    found |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return {name for name in found if name.startswith("tieshai.")}


def test_every_module_belongs_to_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py" or path.parent != PACKAGE:
            module = "tieshai." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
            layer_of(module)


def test_imports_never_run_upward() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue
        module = "tieshai." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        upward += [(module, name) for name in imports(path) if layer_of(name) > layer_of(module)]
    assert upward == []
