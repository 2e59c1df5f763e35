"""Rules across submissions: fields agree with paths, ids are unique, references resolve, dates
and statuses are consistent, typed-in totals match what the campaign's rules compute.

Rules read only records that passed their schema. A reference into a record that failed its
schema is not reported again: the schema finding is the root cause (one cause, one message).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tieshai.findings import Finding, Severity
from tieshai.load.layout import NAME_FIELDS
from tieshai.load.schemas import load_schema
from tieshai.load.submissions import LoadedSubmissions, Submission
from tieshai.load.yamlload import KeyPath
from tieshai.model.campaign import Campaign
from tieshai.rules.codes import Codes, coded_values, codes_for
from tieshai.rules.evidence import evidence_findings
from tieshai.rules.personal_data import (
    full_name_in,
    names_parties,
    natural_person_names,
    personal_data_kind,
    public_text_at,
    public_texts,
)
from tieshai.rules.record_rules import RecordRule, judge, rules_for
from tieshai.rules.schema import FieldNamer, placeholder_finding
from tieshai.suggest import did_you_mean
from tieshai.vocabulary import Kind

FirstUses = dict[tuple[str, str], str]  # (what the id names, the id) -> file that used it first

# The ids that must be unique across the repository: (kinds, key, what it names) of a record's
# own id, and (kind, list, date key) of the lists whose entries carry a 问题编号.
UNIQUE_IDS: tuple[tuple[tuple[Kind, ...], str, str], ...] = (
    ((Kind.NOTICE,), "id", "通知书编号"), ((Kind.NOTICE,), "number", "通知书文号"),
    ((Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW), "id", "记录编号"), ((Kind.CASE_NOMINATION,), "id", "案例编号"),
    ((Kind.ACCOUNTABILITY_REFERRAL,), "id", "追究记录编号"))
PROBLEM_LISTS = ((Kind.SELF_INSPECTION, "problems", "report_date"), (Kind.INSPECTION, "findings", "date"))
PROBLEM_ID = "问题编号"


def record_ids(kind: Kind, data: dict[str, Any]) -> Iterator[tuple[str, str, KeyPath]]:
    """Every repository-unique id a schema-valid record claims: what it names, the id, and where."""
    for kinds, key, what in UNIQUE_IDS:
        if kind in kinds:
            yield what, data[key], (key,)
    for problem_kind, list_key, _ in PROBLEM_LISTS:
        if kind is problem_kind:
            for index, problem in enumerate(data[list_key]):
                yield PROBLEM_ID, problem["id"], (list_key, index, "id")


@dataclass(frozen=True)
class ProblemSource:
    submission: Submission
    path: KeyPath
    found: date  # the date of the report or inspection that found it


@dataclass
class _Context:
    root: Path
    campaign: Campaign
    valid: list[Submission]
    loaded: list[Submission]  # valid or not: code fields are judged wherever they can be read
    broken_scopes: set[tuple[str, str | None]]
    first_uses: FirstUses
    findings: list[Finding] = field(default_factory=list)
    record_rules: dict[tuple[Kind, str | None], tuple[RecordRule, ...]] = field(default_factory=dict)
    problems_by_scope: dict[tuple[str, str | None], dict[str, ProblemSource]] = field(default_factory=dict)
    namers: dict[tuple[Kind, str | None], FieldNamer] = field(default_factory=dict)
    unknown_in_lists: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> list -> unknown codes

    def namer(self, submission: Submission) -> FieldNamer:
        """Names the fields of ``submission`` by their titles and says what a code field takes."""
        scope = (submission.kind, submission.placement.action)
        if scope not in self.namers:
            codes = codes_for(self.campaign, submission.kind, submission.placement.action)
            self.namers[scope] = FieldNamer(load_schema(submission.kind.schema), codes)
        return self.namers[scope]

    def codes(self, submission: Submission) -> Codes:
        return self.namer(submission).codes

    def report(self, submission: Submission, path: KeyPath, code: str, message: str, *,
               at_key: bool = False, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(submission.document.finding(path, code, message, at_key=at_key, severity=severity))

    def of_kind(self, kind: Kind) -> Iterator[Submission]:
        return (submission for submission in self.valid if submission.kind is kind)

    def scope_broken(self, unit: str, action: str | None) -> bool:
        return (unit, action) in self.broken_scopes


def submission_rule_findings(root: Path, campaign: Campaign, loaded: LoadedSubmissions,
                             first_uses: FirstUses | None = None) -> list[Finding]:
    """Findings of every rule over ``loaded``. Ids must be unique across the repository: pass the
    same ``first_uses`` when the repository is judged in parts."""
    context = _Context(
        root, campaign,
        valid=[s for s in loaded.submissions if s.valid],
        loaded=loaded.submissions,
        broken_scopes={(s.placement.unit, s.placement.action) for s in loaded.submissions if not s.valid}
        | {(placement.unit, placement.action) for placement in loaded.unreadable},
        first_uses={} if first_uses is None else first_uses,
    )
    for submission in context.loaded:
        _codes(context, submission)
        # the record's own rules read only what they find, of any shape: judged in the same run
        # as the schema's findings, not in a second round once those are fixed
        if isinstance(submission.data, dict):
            _within_record(context, submission)
    for submission in context.valid:
        _placeholders(context, submission)
        _personal_data(context, submission)
        _agrees_with_path(context, submission)
    _index_problems(context)
    for kinds, key, what in UNIQUE_IDS:
        _unique(context, kinds, key, what)
    for check in (_notices, _rectifications, _kpi_reports, _case_scores, _referrals):
        check(context)
    return context.findings


# -- helpers -----------------------------------------------------------------------------------

def _day(text: str) -> date:
    return date.fromisoformat(text)


def _suggest(value: str, known: Iterable[str]) -> str:
    """The closest id, else every id when there are few enough to read in one message."""
    known = list(known)
    listed = f"可用的编号：{'、'.join(known)}。" if known and len(known) <= 12 else ""
    return did_you_mean(value, known, otherwise=listed)


def _placeholders(context: _Context, submission: Submission) -> None:
    for path in submission.document.placeholders:
        context.findings.append(placeholder_finding(submission.document, path, context.namer(submission)))


def _codes(context: _Context, submission: Submission) -> None:
    """Every code written in a code field is one of the campaign's for it. A code that is not,
    in a list where each code comes once, is most likely meant for a code the list lacks: the
    message suggests only those, and the list is not said to lack it as well."""
    unknown_in: dict[str, int] = {}
    for path, value, code_list, taken in coded_values(submission.data, context.codes(submission)):
        if value not in code_list.choices:
            context.report(submission, path, code_list.code, code_list.unknown(value, taken),
                           at_key=isinstance(path[-1], str) and path[-1] == value)
            if code_list.distinct:
                unknown_in[str(path[0])] = unknown_in.get(str(path[0]), 0) + 1
    context.unknown_in_lists[submission.path] = unknown_in


def _personal_data(context: _Context, submission: Submission) -> None:
    schema_name = submission.kind.schema
    names = list(natural_person_names(submission.data)) if names_parties(schema_name) else []
    schema = load_schema(schema_name)
    # every public text when a person may be named in it; else only where the loader saw a text
    # that may read as a long number (nearly every file has none)
    texts = (public_texts(submission.data, schema) if names else
             ((path, text) for path in submission.document.long_numbers
              if (text := public_text_at(submission.data, schema, path)) is not None))
    label = context.namer(submission).label
    for path, text in texts:
        found = personal_data_kind(text)
        if found:
            context.report(submission, path, "record-personal-data",
                           f"{label(path)}中有{found}。这里的内容会在公开站点显示，个人信息不能公开："
                           "请删除或改用“某某”等方式表述；联系电话请写在仅内部可见的“联系人”（contact）中。")
        for name_path, name in names:
            if path != name_path and full_name_in(text, name):
                context.report(submission, path, "record-personal-data",
                               f"{label(path)}中有当事人（自然人）的姓名“{name}”。这里的内容会在公开站点显示，"
                               f"公开站点只显示姓氏加“某”：请改写为“{name.strip()[:1]}某”。")


def _within_record(context: _Context, submission: Submission) -> None:
    """The rules that compare the record's own fields, which the online form judges too."""
    action_id = submission.placement.action
    scope = (submission.kind, action_id)
    if scope not in context.record_rules:
        action = context.campaign.action(action_id) if action_id is not None else None
        context.record_rules[scope] = rules_for(submission.kind, context.campaign, action)
    unknown_in = context.unknown_in_lists.get(submission.path, {})
    for breach in judge(context.record_rules[scope], submission.data):
        if breach.code == "record-missing-item" and _explained(context, submission, breach.path, unknown_in):
            continue  # the unknown codes written in the list are the missing ones, misspelt
        context.report(submission, breach.path, breach.code, breach.message,
                       at_key=breach.at_key, severity=breach.severity)


def _explained(context: _Context, submission: Submission, path: KeyPath, unknown_in: dict[str, int]) -> bool:
    """Whether a list said to lack checklist items holds at least as many unknown codes as it
    lacks items: then each unknown code's message names what it stands for, once."""
    key = str(path[0]) if len(path) == 1 else ""
    code_list = context.codes(submission).lists.get(f"{key}.*.item")
    if not unknown_in.get(key) or code_list is None:
        return False
    given = {entry.get("item") for entry in submission.data[key] if isinstance(entry, dict)}
    return unknown_in[key] >= sum(1 for code in code_list.choices if code not in given)


def _agrees_with_path(context: _Context, submission: Submission) -> None:
    placement, data = submission.placement, submission.data
    expected: dict[str, str | None] = {"unit": placement.unit}
    if placement.action is not None:
        expected["action"] = placement.action
    if submission.kind in NAME_FIELDS:
        expected[NAME_FIELDS[submission.kind]] = placement.name
    for key, wanted in expected.items():
        if key in data and data[key] != wanted:
            where = "文件名" if key in ("id", "period") else "目录"
            context.report(submission, (key,), "record-path-mismatch",
                           f"{context.namer(submission).label((key,))}写的是“{data[key]}”，但文件所在的{where}表明应为“{wanted}”。"
                           f"请改成“{wanted}”，或把文件移到正确的位置。")


def _unique(context: _Context, kinds: tuple[Kind, ...], key: str, what: str) -> None:
    for submission in context.valid:
        if submission.kind in kinds:
            value = submission.data[key]
            first = context.first_uses.setdefault((what, value), submission.path)
            if first != submission.path:
                context.report(submission, (key,), "record-duplicate-id",
                               f"{what}“{value}”已在 {first} 中使用，每个编号在全仓库只能用一次。")


def _index_problems(context: _Context) -> None:
    for kind, list_key, date_key in PROBLEM_LISTS:
        for submission in context.of_kind(kind):
            for index, problem in enumerate(submission.data[list_key]):
                first = context.first_uses.get((PROBLEM_ID, problem["id"]))  # this file's own ids included
                if first is not None:
                    context.report(submission, (list_key, index, "id"), "record-duplicate-id",
                                   f"问题编号“{problem['id']}”已在 {first} 中使用，每个编号在全仓库只能用一次。")
                    continue
                context.first_uses[(PROBLEM_ID, problem["id"])] = submission.path
                source = ProblemSource(submission, (list_key, index), _day(submission.data[date_key]))
                scope = (submission.placement.unit, submission.placement.action)
                context.problems_by_scope.setdefault(scope, {})[problem["id"]] = source


# -- one function per kind ---------------------------------------------------------------------

def _notices(context: _Context) -> None:
    notice_ids = {s.data["id"] for s in context.of_kind(Kind.NOTICE)}
    inspections = {(s.placement.unit, s.placement.action): s for s in context.of_kind(Kind.INSPECTION)}
    for submission in context.of_kind(Kind.NOTICE):
        data, unit, action = submission.data, submission.placement.unit, submission.placement.action
        inspection = inspections.get((unit, action))
        if inspection is None:
            if not context.scope_broken(unit, action):
                context.report(submission, (), "record-missing-inspection",
                               "同一目录下没有督查记录 inspection.yaml：整改通知书所列问题应来自督查记录。")
        else:
            if _day(data["issue_date"]) < _day(inspection.data["date"]):
                context.report(submission, ("issue_date",), "record-date-order",
                               f"下达日期 {data['issue_date']} 早于督查日期 {inspection.data['date']}。")
            finding_ids = [finding["id"] for finding in inspection.data["findings"]]
            for index, problem in enumerate(data["problems"]):
                if problem not in finding_ids:
                    context.report(submission, ("problems", index), "record-unknown-problem",
                                   f"督查记录 {inspection.path} 中没有问题“{problem}”。{_suggest(problem, finding_ids)}")
        corrects = data.get("corrects")
        if corrects is not None and corrects not in notice_ids:
            context.report(submission, ("corrects",), "record-unknown-notice",
                           f"没有编号为“{corrects}”的通知书。{_suggest(corrects, notice_ids)}")


def _rectifications(context: _Context) -> None:
    notified = {problem for notice in context.of_kind(Kind.NOTICE) for problem in notice.data["problems"]}
    for submission in context.of_kind(Kind.RECTIFICATION):
        data, unit, action = submission.data, submission.placement.unit, submission.placement.action
        own = context.problems_by_scope.get((unit, action), {})
        listed = set()
        for index, item in enumerate(data["items"]):
            here = ("items", index)
            source = own.get(item["problem"])
            if source is None:
                if not context.scope_broken(unit, action):
                    context.report(submission, here + ("problem",), "record-unknown-problem",
                                   f"本单位本行动的自查报告和督查记录中没有问题“{item['problem']}”。"
                                   f"{_suggest(item['problem'], own)}")
            elif item["problem"] in listed:
                context.report(submission, here + ("problem",), "record-duplicate-item",
                               f"问题“{item['problem']}”已经写过一次，每个问题只写一项。")
            listed.add(item["problem"])
            _completed_after_found(context, submission, here, item, source)
        for problem_id, source in own.items():
            # a finding of the inspection is the unit's to rectify once a notice lists it
            awaiting_notice = source.submission.kind is Kind.INSPECTION and problem_id not in notified
            if problem_id not in listed and not awaiting_notice:
                context.report(submission, ("items",), "record-unreported-problem",
                               f"问题“{problem_id}”还没有整改情况，请在“整改情况”中为它补上一项。",
                               at_key=True, severity=Severity.WARNING)
        for index, item in enumerate(data["items"]):
            for evidence_index, evidence in enumerate(item.get("evidence", ())):
                context.findings += evidence_findings(
                    context.root, submission, ("items", index, "evidence", evidence_index), evidence)


def _completed_after_found(context: _Context, submission: Submission, here: KeyPath,
                           item: dict[str, Any], source: ProblemSource | None) -> None:
    completed = item.get("completion_date")
    if completed is not None and source is not None and _day(completed) < source.found:
        context.report(submission, here + ("completion_date",), "record-date-order",
                       f"完成日期 {completed} 早于发现问题的日期 {source.found}。")


def _kpi_reports(context: _Context) -> None:
    rate_targets = [t for t in context.campaign.targets if t.reported_rate]
    for submission in context.of_kind(Kind.KPI_REPORT):
        missing = [f"{t.id}（{t.name}）" for t in rate_targets if t.id not in submission.data["rates"]]
        if missing:
            context.report(submission, ("rates",), "record-missing-target",
                           f"缺少指标：{'、'.join(missing)}。请在“比率指标”（rates）中补上，每项写分子和分母。", at_key=True)


def _case_scores(context: _Context) -> None:
    criteria = context.campaign.results.best_cases.selection.criteria
    nominations = {(s.placement.unit, s.placement.name) for s in context.of_kind(Kind.CASE_NOMINATION)}
    for submission in context.of_kind(Kind.CASE_SCORES):
        key = (submission.placement.unit, submission.placement.name)
        if key not in nominations and not context.scope_broken(submission.placement.unit, None):
            context.report(submission, ("case",), "record-unknown-case",
                           "同一目录下没有推荐材料 nomination.yaml，无法评分。")
        for index, score in enumerate(submission.data["scores"]):
            missing = [f"{c.id}（{c.name}）" for c in criteria if c.id not in score["criteria"]]
            if missing:
                context.report(submission, ("scores", index, "criteria"), "record-missing-criterion",
                               f"缺少评分标准：{'、'.join(missing)}。", at_key=True)


def _referrals(context: _Context) -> None:
    """An accountability referral names problems of its own unit's ledger."""
    for submission in context.of_kind(Kind.ACCOUNTABILITY_REFERRAL):
        unit = submission.placement.unit
        known = [problem for (owner, _), problems in context.problems_by_scope.items() if owner == unit
                 for problem in problems]
        for index, problem in enumerate(submission.data["problems"]):
            if problem not in known:
                context.report(submission, ("problems", index), "record-unknown-problem",
                               f"本单位的自查报告和督查记录中没有问题“{problem}”。{_suggest(problem, known)}")
