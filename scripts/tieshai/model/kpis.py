"""KPIs against their targets: rates from numerators and denominators, never from typed-in rates.

A unit's figure sums its quarterly reports; the city's is Σ numerators / Σ denominators over all
units, never an average of rates. A zero denominator gives no rate ("无数据"), not zero.

Like with like: a target compared with its baseline year sums, on both sides, only the quarters
whose report gives that year's same-period figures, so a figure and its baseline always cover the
same quarters; each figure names its quarters, and a figure that cannot be judged says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tieshai.model.campaign import Campaign, Target
from tieshai.model.quarters import quarter_start
from tieshai.model.records import Record, Records
from tieshai.vocabulary import Comparison, Measure, TargetScope, Unjudged

CITY = "city"


@dataclass(frozen=True)
class KpiFigure:
    target: str
    scope: str  # a unit id or "city"
    value: float | None  # a rate (0..1) or a count; None: no data
    numerator: int | None
    denominator: int | None
    baseline: float | None  # the baseline year's rate or count, where the target compares with one
    met: bool | None  # None: cannot be judged yet, for the reason in `unjudged`
    periods: tuple[str, ...] = ()  # the quarters summed, e.g. ("2021-q1", "2021-q2")
    left_out: int = 0  # reports left out of a comparison: their baseline is of another year
    unjudged: Unjudged | None = None


def _field(report: Record, path: str) -> Any:
    value: Any = report
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _sum(reports: Iterable[Record], path: str | None) -> int | None:
    values = [_field(report, path) for report in reports] if path else []
    values = [value for value in values if isinstance(value, int)]
    return sum(values) if values else None


def _fields(target: Target) -> dict[str, str]:
    if target.kpi:
        return dict(target.kpi)
    if target.measure is Measure.RATE and target.comparison is Comparison.AT_LEAST:
        return {"numerator": f"rates.{target.id}.numerator", "denominator": f"rates.{target.id}.denominator"}
    return {}


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def figure(target: Target, scope: str, reports: list[Record]) -> KpiFigure:
    fields = _fields(target)
    if not fields:
        return KpiFigure(target.id, scope, None, None, None, None, None, unjudged=Unjudged.NO_SOURCE)
    compared = [r for r in reports if _baseline_year_fits(target, r)] if _compares_with_baseline(fields) else reports
    if not compared:
        reason = Unjudged.NO_BASELINE if reports else Unjudged.NO_REPORTS
        return KpiFigure(target.id, scope, None, None, None, None, None, left_out=len(reports), unjudged=reason)
    value: float | None
    numerator: int | None
    denominator: int | None
    base: float | None
    if "count" in fields:
        value, numerator, denominator = _sum(compared, fields["count"]), None, None
        base = _sum(compared, fields.get("baseline_count"))
    else:
        numerator, denominator = _sum(compared, fields["numerator"]), _sum(compared, fields["denominator"])
        value = _ratio(numerator, denominator)
        base = _ratio(_sum(compared, fields.get("baseline_numerator")),
                      _sum(compared, fields.get("baseline_denominator")))
    met: bool | None
    unjudged: Unjudged | None
    if value is None:  # nothing reported for this target, or a rate over nothing
        met, unjudged = None, Unjudged.ZERO_DENOMINATOR if denominator == 0 else Unjudged.NO_REPORTS
    else:
        met, unjudged = _met(target, value, base)
    periods = tuple(sorted({report["period"] for report in compared}))
    return KpiFigure(target.id, scope, value, numerator, denominator, base, met, periods,
                     len(reports) - len(compared), unjudged)


def _compares_with_baseline(fields: dict[str, str]) -> bool:
    return any(name.startswith("baseline_") for name in fields)


def _baseline_year_fits(target: Target, report: Record) -> bool:
    """Whether the report's same-period figures are of the year the target compares with: the
    target's baseline year, or else the year before the report's."""
    expected = target.baseline_year or int(report["period"][:4]) - 1
    baseline = report.get("baseline")
    return isinstance(baseline, dict) and baseline.get("year") == expected


def _met(target: Target, value: float, baseline: float | None) -> tuple[bool | None, Unjudged | None]:
    # the schema requires a target value for the two comparisons that use one
    if target.comparison is Comparison.AT_LEAST and target.value is not None:
        return value * 100 >= target.value - 1e-9, None
    if baseline is None:
        return None, Unjudged.NO_BASELINE
    if target.comparison is Comparison.DECREASE_YEAR_ON_YEAR:
        if value == baseline == 0:
            return None, Unjudged.NOTHING_TO_DECREASE
        return value < baseline, None
    if target.comparison is Comparison.AT_MOST_SHARE_OF_BASELINE and target.value is not None:
        return value <= baseline * target.value / 100 + 1e-9, None
    return None, Unjudged.NO_BASELINE


def build_kpis(campaign: Campaign, records: Records, as_of: date) -> list[KpiFigure]:
    """Every target for every unit and city-wide, from the quarters begun by ``as_of``."""
    reports = [report for report in records.kpi_reports if quarter_start(report["period"]) <= as_of]
    by_unit: dict[str, list[Record]] = {}
    for report in reports:
        by_unit.setdefault(report["unit"], []).append(report)
    figures = []
    for target in campaign.targets:
        if target.scope is TargetScope.CITY:
            figures += [figure(target, unit.id, by_unit.get(unit.id, [])) for unit in campaign.units]
        if target.scope is TargetScope.CITY:
            figures.append(figure(target, CITY, reports))
        else:  # the city level's own figures are not among the units' reports
            figures.append(KpiFigure(target.id, CITY, None, None, None, None, None, unjudged=Unjudged.NO_SOURCE))
    return figures
