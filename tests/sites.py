"""Helpers for tests that change the demo campaign's records and read the sites built from them."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .conftest import REPO, copy_repository


def demo_copy(target: Path) -> Path:
    """The repository's campaign, schemas and demo submissions, in ``target``."""
    return copy_repository(target, REPO / "submissions")


def rewrite_record(path: Path, change: Callable[[str, dict[str, Any]], None]) -> None:
    """Load one record, let ``change(kind, data)`` edit it, and write it back (schema line kept)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines[:2] if line.startswith("#"))
    kind = lines[0].rsplit("/", 1)[1].split(".schema.json")[0]
    data = yaml.safe_load("".join(lines))
    change(kind, data)
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


def rewrite_records(root: Path, change: Callable[[str, dict[str, Any]], None]) -> None:
    """``rewrite_record`` for every record of the repository."""
    for path in sorted((root / "submissions").rglob("*.yaml")):
        rewrite_record(path, change)


def site_text(site: Path) -> str:
    """Every text file of a built site, joined: pages, search index, scripts, downloads (the XML
    inside the Word documents and Excel workbooks too)."""
    parts = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".csv", ".xml", ".txt", ".css"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.is_file() and path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as package:
                parts += [package.read(name).decode("utf-8", errors="replace") for name in package.namelist()
                          if name.endswith((".xml", ".rels"))]
    return "\n".join(parts)
