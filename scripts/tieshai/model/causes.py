"""成因分析: the causes of the problems the inspection team found, counted by unit, action or
checklist item. Self-found problems carry no cause (the plan asks the bureau to analyse what its
supervision finds), so only inspection findings are counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tieshai.model.ledger import LedgerEntry


@dataclass(frozen=True)
class CauseRow:
    scope: str  # what the row counts: a unit id, an action id, a checklist item id, or "" for all
    counts: dict[str, int]  # cause id -> problems
    total: int


def tally_causes(ledger: list[LedgerEntry], by: Callable[[LedgerEntry], str] = lambda entry: "") -> list[CauseRow]:
    """One row per scope (in first-seen order) counting each cause of the problems it holds."""
    counts: dict[str, Counter[str]] = {}
    for entry in ledger:
        if entry.cause is not None:
            counts.setdefault(by(entry), Counter())[entry.cause] += 1
    return [CauseRow(scope, dict(counted), sum(counted.values())) for scope, counted in counts.items()]
