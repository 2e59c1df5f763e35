"""KPIs against their targets: rates from numerators and denominators, never from typed-in rates.

A unit's figure sums its quarterly reports; the city's is Σ numerators / Σ denominators over all
units, never an average of rates. A zero denominator gives no rate ("无数据"), not zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tieshai.model.campaign import Campaign, Target
from tieshai.model.records import Record, Records
from tieshai.vocabulary import Comparison, Measure, TargetScope

CITY = "city"


@dataclass(frozen=True)
class KpiFigure:
    target: str
    scope: str  # a unit id or "city"
    value: float | None  # a rate (0..1) or a count; None: no data
    numerator: int | None
    denominator: int | None
    baseline: float | None  # the baseline year's rate or count, where the target compares with one
    met: bool | None  # None: cannot be judged yet


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
    if not fields or not reports:
        return KpiFigure(target.id, scope, None, None, None, None, None)
    value: float | None
    numerator: int | None
    denominator: int | None
    base: float | None
    if "count" in fields:
        value, numerator, denominator = _sum(reports, fields["count"]), None, None
        base = _sum(reports, fields.get("baseline_count"))
    else:
        numerator, denominator = _sum(reports, fields["numerator"]), _sum(reports, fields["denominator"])
        value = _ratio(numerator, denominator)
        base = _ratio(_sum(reports, fields.get("baseline_numerator")), _sum(reports, fields.get("baseline_denominator")))
    return KpiFigure(target.id, scope, value, numerator, denominator, base, _met(target, value, base))


def _met(target: Target, value: float | None, baseline: float | None) -> bool | None:
    if value is None:
        return None
    # the schema requires a target value for the two comparisons that use one
    if target.comparison is Comparison.AT_LEAST and target.value is not None:
        return value * 100 >= target.value - 1e-9
    if baseline is None:
        return None
    if target.comparison is Comparison.DECREASE_YEAR_ON_YEAR:
        if value == baseline == 0:
            return None  # nothing to decrease from: 0 against 0 can be judged neither met nor missed
        return value < baseline
    if target.comparison is Comparison.AT_MOST_SHARE_OF_BASELINE and target.value is not None:
        return value <= baseline * target.value / 100 + 1e-9
    return None


def build_kpis(campaign: Campaign, records: Records, as_of: date) -> list[KpiFigure]:
    """Every target for every unit and city-wide, from the quarters begun by ``as_of``."""
    reports = [report for report in records.kpi_reports if _quarter_start(report["period"]) <= as_of]
    by_unit: dict[str, list[Record]] = {}
    for report in reports:
        by_unit.setdefault(report["unit"], []).append(report)
    figures = []
    for target in campaign.targets:
        if target.scope is TargetScope.CITY:
            figures += [figure(target, unit.id, by_unit.get(unit.id, [])) for unit in campaign.units]
        figures.append(figure(target, CITY, reports if target.scope is TargetScope.CITY else []))
    return figures


def _quarter_start(period: str) -> date:
    year, quarter = int(period[:4]), int(period[-1])
    return date(year, 3 * quarter - 2, 1)
