"""案卷评查 scoring from the campaign's rules: points per criterion less deductions, and the grade.

Both take the plain pieces of the campaign's `CaseScoring`, so that the rules a form receives as
data (rules/record_rules.py) are judged by these same functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def case_file_total(criteria_points: Mapping[str, float], deductions: Iterable[Mapping[str, Any]]) -> float:
    """Total points: each criterion's points less its deductions, never below zero. Deductions
    against an item the scoring does not know are left out (the validator reports them)."""
    deducted: dict[str, float] = {}
    for deduction in deductions:
        deducted[deduction["item"]] = deducted.get(deduction["item"], 0) + deduction["points"]
    return sum(max(points - deducted.get(item, 0), 0) for item, points in criteria_points.items())


def case_file_grade(grades: Iterable[tuple[str, float]], veto_grade: str, total: float, *, vetoed: bool) -> str:
    """The grade of ``total``: ``grades`` are (grade id, least points) from the highest down."""
    if vetoed:
        return veto_grade
    return next(grade for grade, least in grades if total >= least)
