"""Quarter by quarter: the city's KPIs and the ledger's closures, for the home page's trends.

Each quarter stands alone: a KPI's point is the city's figure from that quarter's reports only, and
the ledger's counts are the problems found and closed within the quarter, with those still open and
overdue at its end (at the build date, for the quarter under way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tieshai.model.campaign import Campaign
from tieshai.model.kpis import CITY, KpiFigure, figure
from tieshai.model.ledger import LedgerEntry
from tieshai.model.quarters import quarter_end, quarter_of, quarters_between
from tieshai.model.records import Records
from tieshai.vocabulary import TargetScope


@dataclass(frozen=True)
class QuarterClosures:
    period: str
    found: int  # problems found in the quarter
    closed: int  # problems closed in the quarter
    open_at_end: int  # problems found by the quarter's end and not closed by then
    overdue_at_end: int  # of those, past their deadline at the quarter's end


@dataclass(frozen=True)
class Trends:
    quarters: tuple[str, ...]
    closures: tuple[QuarterClosures, ...]
    kpis: dict[str, tuple[KpiFigure, ...]]  # target id -> the city's figure for each quarter


def build_trends(campaign: Campaign, records: Records, ledger: list[LedgerEntry], as_of: date) -> Trends:
    """The campaign's quarters up to ``as_of``, each with its closures and the city's KPIs."""
    quarters = tuple(quarters_between(campaign.period.start, min(as_of, campaign.period.end)))
    closures = tuple(_closures(period, ledger, min(quarter_end(period), as_of)) for period in quarters)
    reports: dict[str, list] = {period: [] for period in quarters}
    for report in records.kpi_reports:
        if report["period"] in reports:
            reports[report["period"]].append(report)
    kpis = {target.id: tuple(figure(target, CITY, reports[period]) for period in quarters)
            for target in campaign.targets if target.scope is TargetScope.CITY}
    return Trends(quarters, closures, kpis)


def _closures(period: str, ledger: list[LedgerEntry], end: date) -> QuarterClosures:
    found = [entry for entry in ledger if entry.found <= end]
    still_open = [entry for entry in found if entry.closed_on is None or entry.closed_on > end]
    return QuarterClosures(
        period,
        found=sum(quarter_of(entry.found) == period for entry in found),
        closed=sum(entry.closed_on is not None and quarter_of(entry.closed_on) == period for entry in found),
        open_at_end=len(still_open),
        overdue_at_end=sum(entry.deadline is not None and entry.deadline < end for entry in still_open))
