"""What the pages show, arranged from the derived state: lookups and groupings the templates
use, so that templates only lay things out."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from tieshai.chinese import chinese_number, chinese_period, chinese_quarter
from tieshai.findings import Severity
from tieshai.forms.config import form_kinds
from tieshai.load.layout import NAME_FIELDS, record_in_words
from tieshai.load.submissions import Submission
from tieshai.model.campaign import Campaign, Target
from tieshai.model.causes import CauseRow, tally_causes
from tieshai.model.kpis import KpiFigure
from tieshai.model.overview import Overdue, Standing, headline, overdue_items, standings
from tieshai.model.state import CampaignState
from tieshai.outputs.notice_text import NoticeText, notice_text
from tieshai.rules.record_rules import judge, rules_for
from tieshai.site import charts
from tieshai.site.audience import PUBLIC, public_record
from tieshai.site.history import Change
from tieshai.vocabulary import Comparison, Kind, Measure, TargetScope

# A chart of one bar per unit is drawn for at most this many units; beyond, the table alone.
MOST_BARS = 40


@dataclass(frozen=True)
class FormLink:
    kind: Kind
    verb: str  # 填报 (a new record) or 修改 (an existing one)
    query: str  # the form's address after its path: ?unit=…&action=…
    name: str | None  # the record's id or period, for kinds with many records


@dataclass(frozen=True)
class Todo:
    """Something a unit must do next, with where to do it."""
    what: str
    deadline: date
    days_left: int  # negative: days overdue
    target: str  # the page to go to: a form ("form:<kind>") or a notice ("notice:<id>")
    query: str  # the form's address after its path, or ""


@dataclass(frozen=True)
class AccidentReview:
    """One accident's investigation as the action page shows it, against the time limits."""
    unit: str
    name: str
    happened: date
    report_days: int  # days from the accident to the investigation report
    extended: bool
    approval_days: int  # days from the report to its approval
    published: bool
    beyond_limits: tuple[str, ...]  # the check's own warnings where a time limit was passed


@dataclass(frozen=True)
class CaseFileReview:
    """One reviewed case file as the action page shows it: its score, grade and vetoes in words."""
    unit: str
    case_number: str
    case_type: str
    total: float
    grade: str
    vetoes: tuple[str, ...]


@dataclass(frozen=True)
class SiteData:
    """Everything the generated pages draw on, for one audience."""

    campaign: Campaign
    state: CampaignState
    audience: str
    submissions: tuple[Submission, ...]
    changes: tuple[Change, ...]  # the latest accepted submissions (site.history)
    source_url: str | None = None  # where the repository's files can be read, e.g. on GitHub

    def source_link(self, path: str) -> str | None:
        """A link to the file in the repository, for staff only: the raw file holds internal fields."""
        if self.public or not self.source_url:
            return None
        return f"{self.source_url.rstrip('/')}/{quote(path)}"

    @property
    def public(self) -> bool:
        return self.audience == PUBLIC

    def record(self, submission: Submission) -> dict[str, Any]:
        return public_record(submission.kind, submission.data) if self.public else submission.data

    # Each page asks for one unit's, action's or kind's share: grouped once per build, so that a
    # page costs the same at 1,000 units as at 14 (a scan per question made the build quadratic).
    @cached_property
    def _grouped(self) -> _Groups:
        return _Groups(self.submissions, self.state)

    def of_kind(self, kind: Kind) -> list[Submission]:
        return self._grouped.valid_by_kind.get(kind, [])

    def unit_submissions(self, unit_id: str) -> list[Submission]:
        return self._grouped.by_unit.get(unit_id, [])

    def unit_records(self, unit_id: str) -> list[Submission]:
        """A unit's records in the plan's order: by action, then by kind as a unit files them."""
        numbers = {action.id: action.number for action in self.campaign.actions}
        kinds = list(Kind)
        return sorted(self.unit_submissions(unit_id), key=lambda s: (
            numbers.get(s.placement.action or "", len(numbers) + 1),
            kinds.index(s.kind), s.placement.name or "", s.path))

    def record_words(self, submission: Submission) -> str:
        """A record as a clerk names it: 专项行动三 自查报告, 指标报送（2021年第一季度）."""
        _, words = record_in_words(submission.placement, self.campaign)
        name = submission.placement.name
        return f"{words}（{chinese_period(name)}）" if name and NAME_FIELDS.get(submission.kind) else words

    def contacts(self, unit_id: str) -> list[tuple[Submission, dict[str, Any]]]:
        """Report contacts and inspection members, as the audience may see them (internal only)."""
        found = []
        for submission in self.unit_submissions(unit_id):
            if not submission.valid:
                continue
            record = self.record(submission)
            if "contact" in record:
                found.append((submission, {"name": record["contact"]["name"], "phone": record["contact"].get("phone", "")}))
            if "members" in record:
                found.append((submission, {"name": "、".join(record["members"]), "phone": ""}))
        return found

    def form_kinds(self, action_id: str | None) -> list[Kind]:
        """The record kinds a unit can fill in online for an action (None: outside any action)."""
        return form_kinds(self.campaign.action(action_id) if action_id else None)

    def form_links(self, unit_id: str, action_id: str | None, kinds: tuple[Kind, ...] = ()) -> list[FormLink]:
        """Links to a unit's forms: “修改” for each record it has (in the internal build the form
        opens it), “填报” for a record it has not, and for one more of a kind with many."""
        links = []
        for kind in kinds or self.form_kinds(action_id):
            query = f"?unit={unit_id}" + (f"&action={action_id}" if action_id else "")
            existing = [s for s in self.unit_submissions(unit_id)
                        if s.valid and s.kind is kind and s.placement.action == action_id]
            name_field = NAME_FIELDS.get(kind)
            for submission in existing:
                named = f"&{'period' if name_field == 'period' else 'id'}={submission.placement.name}" if name_field else ""
                links.append(FormLink(kind, "修改", query + named + ("" if self.public else "&edit=1"),
                                      submission.placement.name))
            if name_field or not existing:
                links.append(FormLink(kind, "填报", query, None))
        return links

    def progress(self, action_id: str | None = None, unit_id: str | None = None) -> list:
        rows = self.state.progress if unit_id is None else self._grouped.progress.get(unit_id, [])
        return [p for p in rows if action_id is None or p.action == action_id]

    def ledger(self, action_id: str | None = None, unit_id: str | None = None) -> list:
        entries = self.state.ledger if unit_id is None else self._grouped.ledger.get(unit_id, [])
        return [e for e in entries if action_id is None or e.action == action_id]

    @cached_property
    def overdue(self) -> list[Overdue]:
        """Everything overdue as of the build, the latest first (model/overview.py)."""
        return overdue_items(self.campaign, self.state)

    def headline(self) -> dict[str, int]:
        """The home page's one line: problems found, closed and overdue, and units behind."""
        return headline(self.state, self.overdue)

    def todo(self, unit_id: str) -> list[Todo]:
        """What the unit must do next, the most urgent first: self-inspection reports not yet
        submitted, problems still open, and notices whose problems are not all closed."""
        as_of = self.state.as_of
        items = []
        for row in self.progress(unit_id=unit_id):
            if row.self_inspected_on is None:
                number = chinese_number(self.campaign.action(row.action).number)
                items.append(Todo(f"提交专项行动{number}自查报告", row.deadline, (row.deadline - as_of).days,
                                  f"form:{Kind.SELF_INSPECTION.value}", f"?unit={unit_id}&action={row.action}"))
        for entry in self.ledger(unit_id=unit_id):
            if not entry.closed and entry.deadline is not None:
                report = self.form_links(unit_id, entry.action, (Kind.RECTIFICATION,))[0]
                items.append(Todo(f"整改问题 {entry.problem_id}：{entry.description}", entry.deadline,
                                  (entry.deadline - as_of).days, f"form:{Kind.RECTIFICATION.value}", report.query))
        open_problems = {e.problem_id for e in self.ledger(unit_id=unit_id) if not e.closed}
        for notice in self.notices():
            if notice["unit"] == unit_id and open_problems.intersection(notice["problems"]):
                deadline = date.fromisoformat(notice["deadline"])
                items.append(Todo(f"按整改通知书 {notice['number']} 整改并书面报告", deadline,
                                  (deadline - as_of).days, f"notice:{notice['id']}", ""))
        return sorted(items, key=lambda item: (item.days_left, item.what))

    def standings(self) -> list[Standing]:
        """Every unit's closure rate, overdue items, deductions and targets met, in the plan's order."""
        return standings(self.campaign, self.state, self.overdue)

    def closure_chart(self) -> Markup:
        """Problems found and closed in each quarter, and still open at its end: the home page's trend."""
        trends = self.state.trends
        closures = trends.closures
        series = [charts.Series(name, values, [str(value) for value in values], css)
                  for name, values, css in (("发现", [c.found for c in closures], "found"),
                                            ("闭环", [c.closed for c in closures], "closed"),
                                            ("季末未闭环", [c.open_at_end for c in closures], "open"),
                                            ("其中逾期", [c.overdue_at_end for c in closures], "late"))]
        title = f"{self.campaign.year}年各季度问题发现与闭环"
        return charts.grouped_bars(title, [chinese_quarter(q) for q in trends.quarters], series)

    def baseline_years(self) -> list[int]:
        """The years the targets compare with: each target's baseline year, or the year before."""
        return sorted({target.baseline_year or self.campaign.year - 1 for target in self.campaign.targets
                       if target.comparison is not Comparison.AT_LEAST})

    def kpi_trend_targets(self) -> list[Target]:
        """The targets the units report, whose city figure can be followed quarter by quarter."""
        return [target for target in self.campaign.targets
                if target.scope is TargetScope.CITY and any(f.value is not None for f in self.state.trends.kpis[target.id])]

    def kpi_trend(self, target_id: str) -> list[KpiFigure]:
        return list(self.state.trends.kpis[target_id])

    def kpi_chart(self, target: Target) -> Markup:
        """The city's figure for one target, quarter by quarter, against its goal or its baseline."""
        figures = self.state.trends.kpis[target.id]
        rate = target.measure is Measure.RATE
        values = [f.value for f in figures]
        series = [charts.Series("本季度", values, [figure_text(v, rate) for v in values], "value")]
        if target.comparison is not Comparison.AT_LEAST:
            baselines = [f.baseline if f.value is not None else None for f in figures]
            year = target.baseline_year or self.campaign.year - 1
            series.append(charts.Series(f"{year}年同期", baselines, [figure_text(v, rate) for v in baselines], "base"))
        known = [v for one in series for v in one.values if v is not None]
        goal = target.value / 100 if target.comparison is Comparison.AT_LEAST and target.value is not None else None
        if rate:  # a tenth beyond the points and the goal, so that close figures do not lie on one line
            lowest = max(math.floor(10 * min([*known, goal or 1])) - 1, 0) / 10
            highest = min(math.ceil(10 * max([*known, goal or 0])) + 1, 10) / 10
        else:
            lowest, highest = 0, max([*known, 1]) * 1.2
        return charts.lines(f"{target.name}：{self.campaign.year}年各季度全市数值",
                            [chinese_quarter(q) for q in self.state.trends.quarters], series, lowest, highest, goal,
                            f"目标 {target.value:g}%" if goal is not None else "",
                            f"纵轴自 {100 * lowest:g}% 起" if lowest else "")

    def unit_chart(self, target: Target) -> Markup | None:
        """Each unit's figure for a rate target against its goal; None where the units are too many
        for a picture to be read (the table beneath lists them all)."""
        figures = self.kpis_for(target.id)
        if len(figures) > MOST_BARS or target.value is None:
            return None
        rows = [charts.Bar(self.campaign.unit(f.scope).name, f.value, figure_text(f.value, True) if f.value is not None
                           else "无数据", not f.met) for f in figures]
        return charts.bars(f"{target.name}：各单位数值与目标 {target.value:g}%", rows, target.value / 100,
                           f"目标 {target.value:g}%")

    def accident_reviews(self, action_id: str) -> list[AccidentReview]:
        """The action's accident reviews, the slowest investigation first."""
        action = self.campaign.action(action_id)
        rules = rules_for(Kind.ACCIDENT_REVIEW, self.campaign, action)
        rows = []
        for submission in self.of_kind(Kind.ACCIDENT_REVIEW):
            if submission.placement.action != action_id:
                continue
            record = self.record(submission)
            accident, investigation = record["accident"], record["investigation"]
            happened, reported = date.fromisoformat(accident["date"]), date.fromisoformat(investigation["report_date"])
            warnings = tuple(breach.message for breach in judge(rules, submission.data)
                             if breach.severity is Severity.WARNING and breach.code == "record-overdue")
            rows.append(AccidentReview(record["unit"], accident["name"], happened, (reported - happened).days,
                                       investigation.get("extended") is True,
                                       (date.fromisoformat(investigation["approval_date"]) - reported).days,
                                       investigation["published"], warnings))
        return sorted(rows, key=lambda row: (-row.report_days, row.unit, row.name))

    def case_file_reviews(self, action_id: str) -> list[CaseFileReview]:
        """The action's reviewed case files, the lowest score first."""
        action = self.campaign.action(action_id)
        scoring = action.case_scoring
        types = {case_type["id"]: case_type["name"] for case_type in action.subjects.get("case_types", [])}
        vetoes = {veto.id: veto.text for veto in scoring.vetoes} if scoring else {}
        grades = {grade.id: grade.name for grade in scoring.grades} if scoring else {}
        rows = [CaseFileReview(record["unit"], record["case_number"], types.get(record["case_type"], record["case_type"]),
                               record["total"], grades.get(record["grade"], record["grade"]),
                               tuple(vetoes.get(veto, veto) for veto in record["vetoes"]))
                for record in (self.record(s) for s in self.of_kind(Kind.CASE_FILE_REVIEW) if s.placement.action == action_id)]
        return sorted(rows, key=lambda row: (row.total, row.unit, row.case_number))

    def causes(self, by: str = "") -> list[CauseRow]:
        """Inspection findings counted by cause: all together (""), or by "unit", "action" or "item",
        in the plan's order."""
        if not by:
            return tally_causes(self.state.ledger)
        rows = {row.scope: row for row in tally_causes(self.state.ledger, lambda entry: getattr(entry, by))}
        order = {"unit": [u.id for u in self.campaign.units], "action": [a.id for a in self.campaign.actions],
                 "item": [i.id for a in self.campaign.actions for i in a.checklist]}[by]
        return [rows[scope] for scope in order if scope in rows]

    def analysed(self) -> list:
        """The inspection findings whose team wrote an analysis of the cause."""
        return [entry for entry in self.state.ledger if entry.cause_analysis]

    def referrals(self) -> list[dict[str, Any]]:
        """The accountability referrals, the latest decision first (none in the public build)."""
        return sorted((s.data for s in self.of_kind(Kind.ACCOUNTABILITY_REFERRAL)),
                      key=lambda r: (r["decision_date"], r["id"]), reverse=True)

    @staticmethod
    def saved_as(name: str, title: str) -> str:
        """The name a download is saved under: its title in words, without the format the page
        names, and the file's own extension (整改通知书 温应急督〔2021〕1号（鹿城区）.docx)."""
        words = re.sub(r"（([^（）]+?)，(?:Word|Excel|CSV|JSON)）", r"（\1）", title)
        return re.sub(r"（(?:Word|Excel|CSV|JSON)）", "", words) + name[name.rfind("."):]

    def action_summary(self, action_id: str) -> dict[str, int]:
        rows = self.progress(action_id)
        entries = self.ledger(action_id)
        return {"units": len(rows), "self_inspected": sum(r.self_inspected_on is not None for r in rows),
                "key_targets": sum(r.key_target for r in rows),
                "key_inspected": sum(r.key_target and r.inspected_on is not None for r in rows),
                "problems": len(entries), "closed": sum(e.closed for e in entries),
                "missed": sum(r.deadline_missed for r in rows)}

    def conclusions(self, action_id: str) -> dict[str, Counter]:
        """How the units concluded on each checklist item."""
        counts: dict[str, Counter] = defaultdict(Counter)
        for submission in self.of_kind(Kind.SELF_INSPECTION):
            if submission.placement.action == action_id:
                for conclusion in submission.data["conclusions"]:
                    counts[conclusion["item"]][conclusion["result"]] += 1
        return counts

    def problems_by_item(self, action_id: str) -> dict[str, list]:
        grouped: dict[str, list] = defaultdict(list)
        for entry in self.ledger(action_id):
            grouped[entry.item].append(entry)
        return grouped

    def kpis_for(self, target_id: str) -> list:
        return [k for k in self.state.kpis if k.target == target_id and k.scope != "city"]

    def notice_text(self, notice: dict[str, Any]) -> NoticeText:
        """The notice's words, as its Word document prints them (outputs/notice_text.py)."""
        return notice_text(self.campaign, notice, self._findings)

    @cached_property
    def _findings(self) -> dict[str, dict[str, Any]]:
        return {finding["id"]: finding for s in self.of_kind(Kind.INSPECTION) for finding in self.record(s)["findings"]}

    def deduction_periods(self) -> list[str]:
        return sorted({d.period for d in self.state.deductions}, key=lambda p: (len(p) == 4, p))

    def kpi(self, target_id: str, scope: str):
        return next(k for k in self._grouped.kpis_by_scope.get(scope, []) if k.target == target_id)

    def deductions(self, unit_id: str | None = None) -> list:
        return list(self.state.deductions) if unit_id is None else self._grouped.deductions.get(unit_id, [])

    def cases(self, unit_id: str | None = None) -> list:
        return list(self.state.ranking) if unit_id is None else self._grouped.cases.get(unit_id, [])

    def nomination(self, case_id: str) -> dict[str, Any] | None:
        found = self._grouped.nominations.get(case_id)
        return None if found is None else self.record(found)

    def notices(self) -> list[dict[str, Any]]:
        return self._notices

    @cached_property
    def _notices(self) -> list[dict[str, Any]]:
        return sorted((self.record(s) for s in self.of_kind(Kind.NOTICE)), key=lambda n: (n["issue_date"], n["id"]))

    def problem(self, problem_id: str):
        return self._grouped.problems.get(problem_id)


def figure_text(value: float | None, rate: bool) -> str:
    """A figure as the tables show it: a rate in per cent to one decimal, a count as it is."""
    if value is None:
        return "—"
    return f"{100 * value:.1f}%" if rate else f"{value:g}"


class _Groups:
    """The submissions and the derived state grouped by what the pages look them up by."""

    def __init__(self, submissions: tuple[Submission, ...], state: CampaignState) -> None:
        self.by_unit: dict[str, list[Submission]] = defaultdict(list)
        self.valid_by_kind: dict[Kind, list[Submission]] = defaultdict(list)
        for submission in submissions:
            self.by_unit[submission.placement.unit].append(submission)
            if submission.valid:
                self.valid_by_kind[submission.kind].append(submission)
        self.nominations = {s.data["id"]: s for s in reversed(self.valid_by_kind.get(Kind.CASE_NOMINATION, []))}
        self.progress = _by_unit(state.progress)
        self.ledger = _by_unit(state.ledger)
        self.deductions = _by_unit(state.deductions)
        self.cases = _by_unit(state.ranking)
        self.kpis_by_scope: dict[str, list] = defaultdict(list)
        for kpi in state.kpis:
            self.kpis_by_scope[kpi.scope].append(kpi)
        self.problems = {e.problem_id: e for e in reversed(state.ledger)}


def _by_unit(rows) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[row.unit].append(row)
    return grouped
