"""Where the JSON Schemas live, and loading them once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any


def schema_dir() -> Path:
    """The schemas/ folder: beside the package in a checkout, inside it in an installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    return Path(str(files("tieshai") / "schemas"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    with (schema_dir() / f"{name}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)
