"""The rectification ledger: every problem, where it came from, its deadline and whether the
loop is closed, as of a date.

Closing rules: a problem the unit found itself is closed when its rectification is 已完成 (and a
验收, if any, passed), or when the self-inspection report already marked it 已整改. A problem the
inspection team found is closed only when the team's 验收 passed: the team closes its own loop.
Its deadline is that of the first 整改通知书 listing it; until one is issued it has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tieshai.model.records import Record, Records, day
from tieshai.vocabulary import AcceptanceResult, LedgerSource, LedgerStatus, ProblemStatus, RectificationStatus


@dataclass(frozen=True)
class LedgerEntry:
    problem_id: str
    unit: str
    action: str
    source: LedgerSource
    item: str
    severity: str
    description: str
    found: date
    notice_number: str | None
    deadline: date | None
    status: LedgerStatus
    closed_on: date | None
    days_overdue: int  # open past its deadline: days so far; closed late: days late; else 0
    cause: str | None = None  # an inspection finding's cause (a campaign cause id); None for self-found
    cause_analysis: str | None = None

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def late(self) -> bool:
        return self.days_overdue > 0

    @property
    def overdue_now(self) -> bool:
        """Still open, past its deadline: what the home page lists in red and the ledger filters as 逾期."""
        return not self.closed and self.days_overdue > 0


def build_ledger(records: Records, as_of: date, places: Mapping[str, int] | None = None) -> list[LedgerEntry]:
    """Every problem found by ``as_of``, by unit and action in the plan's order (``places``:
    Campaign.places, else by id), then by the day it was found."""
    items = {(r["unit"], r["action"], item["problem"]): item
             for r in records.rectifications for item in r["items"]}
    notices: dict[str, Record] = {}
    for issued in sorted(records.notices, key=lambda n: n["issue_date"]):
        if day(issued["issue_date"]) <= as_of:
            for problem_id in issued["problems"]:
                notices.setdefault(problem_id, issued)
    entries: list[LedgerEntry] = []
    for report in records.self_inspections:
        found = day(report["report_date"])
        if found > as_of:
            continue
        for problem in report["problems"]:
            item = items.get((report["unit"], report["action"], problem["id"]))
            status, closed_on = _self_status(problem, item, found, as_of)
            entries.append(_entry(report, problem, LedgerSource.SELF_INSPECTION, found, None, day(problem["deadline"]),
                                  status, closed_on, as_of))
    for inspection in records.inspections:
        found = day(inspection["date"])
        if found > as_of:
            continue
        for problem in inspection["findings"]:
            notice = notices.get(problem["id"])
            item = items.get((inspection["unit"], inspection["action"], problem["id"]))
            status, closed_on = _inspection_status(notice, item, as_of)
            entries.append(_entry(inspection, problem, LedgerSource.INSPECTION, found, notice,
                                  day(notice["deadline"]) if notice else None, status, closed_on, as_of))
    place = (places or {}).get
    return sorted(entries, key=lambda entry: (place(entry.unit, 0), entry.unit, place(entry.action, 0), entry.action,
                                              entry.found, entry.problem_id))


def _done(item: Record | None, as_of: date) -> date | None:
    if (item and item["status"] == RectificationStatus.DONE and item.get("completion_date")
            and day(item["completion_date"]) <= as_of):
        return day(item["completion_date"])
    return None


def _acceptance(item: Record | None, as_of: date) -> Record | None:
    acceptance = item.get("acceptance") if item else None
    return acceptance if acceptance and day(acceptance["date"]) <= as_of else None


def _self_status(problem: Record, item: Record | None, found: date, as_of: date) -> tuple[LedgerStatus, date | None]:
    acceptance = _acceptance(item, as_of)
    if acceptance and acceptance["result"] == AcceptanceResult.FAILED:
        return LedgerStatus.ACCEPTANCE_FAILED, None
    done = _done(item, as_of)
    if done:
        return (LedgerStatus.ACCEPTED if acceptance else LedgerStatus.DONE), done
    if item is None and problem["status"] == ProblemStatus.RECTIFIED:
        return LedgerStatus.DONE, found
    if item is not None or problem["status"] == ProblemStatus.IN_PROGRESS:
        return LedgerStatus.IN_PROGRESS, None
    return LedgerStatus.OPEN, None


def _inspection_status(notice: Record | None, item: Record | None, as_of: date) -> tuple[LedgerStatus, date | None]:
    if notice is None:
        return LedgerStatus.AWAITING_NOTICE, None
    acceptance = _acceptance(item, as_of)
    if acceptance:
        if acceptance["result"] == AcceptanceResult.PASSED:
            return LedgerStatus.ACCEPTED, day(acceptance["date"])
        return LedgerStatus.ACCEPTANCE_FAILED, None
    if _done(item, as_of):
        return LedgerStatus.DONE, None  # done, awaiting the team's 验收: the loop is not yet closed
    return (LedgerStatus.IN_PROGRESS if item else LedgerStatus.OPEN), None


def _entry(record: Record, problem: Record, source: LedgerSource, found: date, notice: Record | None,
           deadline: date | None, status: LedgerStatus, closed_on: date | None, as_of: date) -> LedgerEntry:
    if deadline is None:
        overdue = 0
    elif closed_on is not None:
        overdue = max((closed_on - deadline).days, 0)
    else:
        overdue = max((as_of - deadline).days, 0)
    return LedgerEntry(problem["id"], record["unit"], record["action"], source, problem["item"], problem["severity"],
                       problem["description"], found, notice["number"] if notice else None, deadline, status,
                       closed_on, overdue, problem.get("cause"), problem.get("cause_analysis"))


@dataclass(frozen=True)
class ClosedLoopRate:
    scope: str  # a unit id, an action id, or "city"
    total: int
    closed: int

    @property
    def rate(self) -> float | None:
        return self.closed / self.total if self.total else None


def closed_loop_rates(entries: list[LedgerEntry], places: Mapping[str, int] | None = None) -> dict[str, list[ClosedLoopRate]]:
    """Closed-loop rates per unit, per action and city-wide (problems closed / problems found), each
    list in the plan's order (``places``: Campaign.places), else by id."""
    def rates(key) -> list[ClosedLoopRate]:
        groups: dict[str, list[LedgerEntry]] = {}
        for entry in entries:
            groups.setdefault(key(entry), []).append(entry)
        ordered = sorted(groups.items(), key=lambda group: ((places or {}).get(group[0], 0), group[0]))
        return [ClosedLoopRate(scope, len(group), sum(e.closed for e in group)) for scope, group in ordered]

    return {"unit": rates(lambda e: e.unit), "action": rates(lambda e: e.action), "city": rates(lambda e: "city")}
