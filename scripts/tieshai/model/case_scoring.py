"""案卷评查 scoring from the campaign's rules: points per criterion less deductions, and the grade."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tieshai.model.campaign import CaseScoring


def case_file_total(scoring: CaseScoring, deductions: Iterable[Mapping[str, Any]]) -> float:
    """Total points: each criterion's points less its deductions, never below zero. Deductions
    against an item the scoring does not know are left out (the validator reports them)."""
    deducted: dict[str, float] = {}
    for deduction in deductions:
        deducted[deduction["item"]] = deducted.get(deduction["item"], 0) + deduction["points"]
    return sum(max(points - deducted.get(item, 0), 0) for item, points in scoring.criteria_points.items())


def case_file_grade(scoring: CaseScoring, total: float, *, vetoed: bool) -> str:
    if vetoed:
        return scoring.veto_grade
    return next(grade.id for grade in scoring.grades if total >= grade.min_points)
