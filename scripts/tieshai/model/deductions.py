"""Deductions for the 安全生产目标责任制考核, each traceable to the problem that caused it.

Quarterly: every problem found in a quarter costs its unit the points set for its severity, up
to the quarter's cap. Annual: at year end, each problem still open and each closed after its
deadline costs the points set for it, up to the annual cap. Before year end the annual figures
are provisional: what the year end would bring if nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tieshai.model.campaign import Campaign
from tieshai.model.ledger import LedgerEntry
from tieshai.model.quarters import quarter_of


@dataclass(frozen=True)
class DeductionLine:
    problem_id: str
    reason: str
    points: float


@dataclass(frozen=True)
class Deduction:
    unit: str
    period: str  # "2021-q2" or "2021"
    lines: tuple[DeductionLine, ...]
    cap: float | None
    provisional: bool

    @property
    def raw_points(self) -> float:
        return sum(line.points for line in self.lines)

    @property
    def points(self) -> float:
        return min(self.raw_points, self.cap) if self.cap is not None else self.raw_points

    @property
    def capped(self) -> bool:
        return self.points < self.raw_points


def build_deductions(campaign: Campaign, ledger: list[LedgerEntry], as_of: date) -> list[Deduction]:
    rules = campaign.results.deductions
    quarterly, annual = rules.quarterly, rules.annual
    places = campaign.places  # units in the plan's order
    lines: dict[tuple[str, str], list[DeductionLine]] = {}
    for entry in ledger:
        points = quarterly.points_by_severity.get(entry.severity, 0)
        if points:
            reason = f"{entry.source}发现{campaign.severity_name(entry.severity)}问题"
            lines.setdefault((entry.unit, quarter_of(entry.found)), []).append(
                DeductionLine(entry.problem_id, reason, points))
    deductions = [Deduction(unit, period, tuple(found), quarterly.cap_per_quarter, provisional=False)
                  for (unit, period), found in sorted(lines.items(), key=lambda item: (places.get(item[0][0], 0), item[0]))]
    year_end = date(campaign.year, 12, 31)
    yearly: dict[str, list[DeductionLine]] = {}
    for entry in ledger:
        if not entry.closed:
            line = DeductionLine(entry.problem_id, "年底仍未整改" if as_of >= year_end else "尚未整改（年底前闭环则不扣）",
                                 annual.points_per_open_problem)
        elif entry.late:
            line = DeductionLine(entry.problem_id, f"逾期 {entry.days_overdue} 天整改完成",
                                 annual.points_per_late_rectification)
        else:
            continue
        if line.points:
            yearly.setdefault(entry.unit, []).append(line)
    deductions += [Deduction(unit, str(campaign.year), tuple(found), annual.cap, provisional=as_of < year_end)
                   for unit, found in sorted(yearly.items(), key=lambda item: (places.get(item[0], 0), item[0]))]
    return deductions
