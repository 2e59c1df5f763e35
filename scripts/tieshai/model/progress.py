"""Where each unit stands in each action, as of a date.

    未开始  the campaign has not started
    自查中  no self-inspection report yet
    已自查  reported; a key target waiting for the inspection team
    督查中  inspected; findings not yet notified in a 整改通知书
    整改中  some problem (self-found or notified) not yet closed
    已闭环  every problem closed (or none found)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tieshai.model.campaign import Campaign
from tieshai.model.ledger import LedgerEntry
from tieshai.model.records import Records, by_scope, day
from tieshai.vocabulary import LedgerStatus, ProgressState


@dataclass(frozen=True)
class Progress:
    action: str
    unit: str
    key_target: bool
    status: ProgressState
    deadline: date
    self_inspected_on: date | None
    inspected_on: date | None
    closed_on: date | None
    problems: int
    open_problems: int
    deadline_missed: bool
    days_late: int  # how late the report came, or how far past the deadline it still is missing
    date_source: str  # "git": when the report landed on the main branch; "declared": its report_date


def build_progress(campaign: Campaign, records: Records, ledger: list[LedgerEntry], as_of: date) -> list[Progress]:
    reports, inspections = by_scope(records.self_inspections), by_scope(records.inspections)
    by_scope_entries: dict[tuple[str, str], list[LedgerEntry]] = {}
    for entry in ledger:
        by_scope_entries.setdefault((entry.unit, entry.action), []).append(entry)
    rows = []
    for action in campaign.actions:
        for unit in campaign.units:
            scope = (unit.id, action.id)
            report, inspection = reports.get(scope), inspections.get(scope)
            landed = records.report_landed.get(scope)
            reported = landed or (day(report["report_date"]) if report else None)
            inspected = day(inspection["date"]) if inspection else None
            reported = reported if reported and reported <= as_of else None
            inspected = inspected if inspected and inspected <= as_of else None
            entries = by_scope_entries.get(scope, [])
            key = unit.id in action.key_targets
            status = _status(campaign, as_of, key, reported, inspected, entries)
            closed_on = (max((e.closed_on for e in entries if e.closed_on is not None), default=reported)
                         if status is ProgressState.CLOSED else None)
            late = ((reported - action.deadline).days if reported else (as_of - action.deadline).days)
            rows.append(Progress(action.id, unit.id, key, status, action.deadline, reported, inspected, closed_on,
                                 len(entries), sum(not e.closed for e in entries), late > 0, max(late, 0),
                                 "git" if landed else "declared"))
    return rows


def _status(campaign: Campaign, as_of: date, key: bool, reported: date | None, inspected: date | None,
            entries: list[LedgerEntry]) -> ProgressState:
    if as_of < campaign.period.start:
        return ProgressState.NOT_STARTED
    if reported is None:
        return ProgressState.SELF_INSPECTING
    if key and inspected is None:
        return ProgressState.SELF_INSPECTED
    if any(entry.status is LedgerStatus.AWAITING_NOTICE for entry in entries):
        return ProgressState.INSPECTING
    if any(not entry.closed for entry in entries):
        return ProgressState.RECTIFYING
    return ProgressState.CLOSED
