"""The campaign at a glance as of a date: everything overdue, the one-line headline and every
unit's standing. The site's home page and the leaders' briefing (a Word document) show the same
figures, so they are worked out here, once."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from tieshai.chinese import chinese_number
from tieshai.model.campaign import Campaign
from tieshai.model.state import CampaignState


@dataclass(frozen=True)
class Overdue:
    """Something past its deadline as of the date: a report still missing or a problem still open."""
    unit: str
    what: str
    deadline: date
    days: int
    action: str
    problem_id: str | None  # a problem's id; None for a missing report


@dataclass(frozen=True)
class Standing:
    """One unit's row of the league table."""
    unit: str
    problems: int
    closed: int
    overdue: int  # overdue items: missing reports and open problems past their deadline
    deductions: float
    targets_met: int
    targets_judged: int

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.problems if self.problems else None


def overdue_items(campaign: Campaign, state: CampaignState) -> list[Overdue]:
    """Everything overdue, the latest first: self-inspection reports still missing after their
    deadline, and problems still open after theirs (the ledger's 逾期)."""
    items = [Overdue(row.unit, f"专项行动{chinese_number(campaign.action(row.action).number)}自查报告未提交",
                     row.deadline, row.days_late, row.action, None)
             for row in state.progress if row.deadline_missed and row.self_inspected_on is None]
    items += [Overdue(entry.unit, entry.description, entry.deadline, entry.days_overdue, entry.action,
                      entry.problem_id)
              for entry in state.ledger if entry.overdue_now and entry.deadline is not None]
    return sorted(items, key=lambda item: (-item.days, item.unit, item.what))


def headline(state: CampaignState, overdue: list[Overdue]) -> dict[str, int]:
    """One line: problems found, closed and overdue, reports missing and units behind."""
    return {"problems": len(state.ledger), "closed": sum(e.closed for e in state.ledger),
            "overdue_problems": sum(item.problem_id is not None for item in overdue),
            "missing_reports": sum(item.problem_id is None for item in overdue),
            "units_behind": len({item.unit for item in overdue})}


def standings(campaign: Campaign, state: CampaignState, overdue: list[Overdue]) -> list[Standing]:
    """Every unit's closure rate, overdue items, deductions and targets met, in the plan's order."""
    late = Counter(item.unit for item in overdue)
    # grouped once: scanning every row for every unit is quadratic, seconds at 1,000 units
    problems: dict[str, list] = defaultdict(list)
    for entry in state.ledger:
        problems[entry.unit].append(entry)
    judged: dict[str, list] = defaultdict(list)
    for figure in state.kpis:
        if figure.met is not None:
            judged[figure.scope].append(figure)
    points: dict[str, float] = defaultdict(float)
    for deduction in state.deductions:
        points[deduction.unit] += deduction.points
    rows = []
    for unit in campaign.units:
        entries, figures = problems[unit.id], judged[unit.id]
        rows.append(Standing(unit.id, len(entries), sum(e.closed for e in entries), late[unit.id], points[unit.id],
                             sum(bool(k.met) for k in figures), len(figures)))
    return rows
