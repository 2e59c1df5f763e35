"""The data files tieshai ships: the JSON Schemas and the embedded campaign's plan, and loading
the schemas once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

# scripts/tieshai/load/ -> the repository, in a checkout (an editable install reads it in place)
_CHECKOUT = Path(__file__).resolve().parents[3]


def schema_dir() -> Path:
    """The schemas/ folder: the checkout's own, or the copy inside an installed wheel."""
    checkout = _CHECKOUT / "schemas"
    return checkout if checkout.is_dir() else Path(str(files("tieshai") / "schemas"))


def plan_file() -> Path:
    """The embedded campaign's campaign.yaml (the demo's plan): the checkout's, or the wheel's copy."""
    checkout = _CHECKOUT / "campaign.yaml"
    return checkout if (_CHECKOUT / "schemas").is_dir() else Path(str(files("tieshai") / "plan" / "campaign.yaml"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    with (schema_dir() / f"{name}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)
