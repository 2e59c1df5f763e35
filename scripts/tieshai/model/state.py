"""The campaign's state derived from its records, as of a date: progress, the rectification
ledger, KPIs, deductions, the Top 10 and the quarter-by-quarter trends. Pure functions over loaded records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tieshai.model.campaign import Campaign
from tieshai.model.deductions import Deduction, build_deductions
from tieshai.model.kpis import KpiFigure, build_kpis
from tieshai.model.ledger import ClosedLoopRate, LedgerEntry, build_ledger, closed_loop_rates
from tieshai.model.progress import Progress, build_progress
from tieshai.model.ranking import RankedCase, build_ranking
from tieshai.model.records import Records
from tieshai.model.trends import Trends, build_trends


@dataclass(frozen=True)
class CampaignState:
    as_of: date
    progress: list[Progress]
    ledger: list[LedgerEntry]
    closed_loop: dict[str, list[ClosedLoopRate]]
    kpis: list[KpiFigure]
    deductions: list[Deduction]
    ranking: list[RankedCase]
    trends: Trends


def derive_state(campaign: Campaign, records: Records, as_of: date) -> CampaignState:
    ledger = build_ledger(records, as_of, campaign.places)
    return CampaignState(
        as_of=as_of,
        progress=build_progress(campaign, records, ledger, as_of),
        ledger=ledger,
        closed_loop=closed_loop_rates(ledger, campaign.places),
        kpis=build_kpis(campaign, records, as_of),
        deductions=build_deductions(campaign, ledger, as_of),
        ranking=build_ranking(campaign, records),
        trends=build_trends(campaign, records, ledger, as_of),
    )
