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

from tieshai.findings import PLACEHOLDER, Finding, Severity
from tieshai.load.layout import NAME_FIELDS
from tieshai.load.schemas import load_schema
from tieshai.load.submissions import LoadedSubmissions, Submission
from tieshai.load.yamlload import KeyPath
from tieshai.model.campaign import Action, Campaign
from tieshai.model.case_scoring import case_file_grade, case_file_total
from tieshai.rules.evidence import evidence_findings
from tieshai.rules.personal_data import personal_data_kind, public_texts
from tieshai.rules.schema import key_path_text
from tieshai.suggest import did_you_mean
from tieshai.vocabulary import Conclusion, Kind, RectificationStatus

FirstUses = dict[tuple[str, str], str]  # (what the id names, the id) -> file that used it first


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
    broken_scopes: set[tuple[str, str | None]]
    first_uses: FirstUses
    findings: list[Finding] = field(default_factory=list)
    problems_by_scope: dict[tuple[str, str | None], dict[str, ProblemSource]] = field(default_factory=dict)

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
        broken_scopes={(s.placement.unit, s.placement.action) for s in loaded.submissions if not s.valid},
        first_uses={} if first_uses is None else first_uses,
    )
    for submission in context.valid:
        _placeholders(context, submission)
        _personal_data(context, submission)
        _agrees_with_path(context, submission)
    _index_problems(context)
    _unique(context, Kind.NOTICE, "id", "通知书编号")
    _unique(context, Kind.NOTICE, "number", "通知书文号")
    _unique(context, (Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW), "id", "记录编号")
    _unique(context, Kind.CASE_NOMINATION, "id", "案例编号")
    for check in (_self_inspections, _inspections, _notices, _rectifications, _plan_filings,
                  _accident_reviews, _case_file_reviews, _kpi_reports, _nominations, _case_scores):
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
        context.report(submission, path, "record-placeholder",
                       f"“{key_path_text(path)}”还没有填写：请把“{PLACEHOLDER}”换成实际内容。")


def _personal_data(context: _Context, submission: Submission) -> None:
    if not submission.document.long_numbers:
        return  # no run of eleven digits anywhere in the file: nothing to look for
    for path, text in public_texts(submission.data, load_schema(submission.kind.schema)):
        found = personal_data_kind(text)
        if found:
            context.report(submission, path, "record-personal-data",
                           f"“{key_path_text(path)}”中有{found}。这里的内容会在公开站点显示，个人信息不能公开："
                           "请删除或改用“某某”等方式表述；联系电话请写在仅内部可见的 contact 中。")


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
                           f"“{key}”写的是“{data[key]}”，但文件所在的{where}表明应为“{wanted}”。"
                           f"请改成“{wanted}”，或把文件移到正确的位置。")


def _check_item(context: _Context, submission: Submission, path: KeyPath, action: Action) -> bool:
    item = submission.document.data
    for part in path:
        item = item[part]
    if item in action.checklist_ids:
        return True
    context.report(submission, path, "record-unknown-item",
                   f"“{action.short_title}”没有编号为“{item}”的监督内容。{_suggest(item, action.checklist_ids)}")
    return False


def _check_severity(context: _Context, submission: Submission, path: KeyPath, value: str) -> None:
    known = [severity.id for severity in context.campaign.severities]
    if value not in known:
        names = "、".join(f"{s.id}（{s.name}）" for s in context.campaign.severities)
        context.report(submission, path, "record-unknown-severity",
                       f"没有严重程度“{value}”。{did_you_mean(value, known)}"
                       f"可选：{names}。")


def _within_campaign(context: _Context, submission: Submission, path: KeyPath, value: str, what: str) -> None:
    period = context.campaign.period
    if not period.start <= _day(value) <= period.end:
        context.report(submission, path, "record-date-outside",
                       f"{what} {value} 不在行动期间 {period.start} 至 {period.end} 之内。")


def _covers_checklist(context: _Context, submission: Submission, list_key: str, action: Action, what: str) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(submission.data[list_key]):
        if not _check_item(context, submission, (list_key, index, "item"), action):
            continue
        if entry["item"] in seen:
            context.report(submission, (list_key, index, "item"), "record-duplicate-item",
                           f"监督内容“{entry['item']}”已在第 {seen[entry['item']] + 1} 项写过，每条只写一次。")
        seen.setdefault(entry["item"], index)
    missing = [item for item in action.checklist_ids if item not in seen]
    if missing:
        context.report(submission, (list_key,), "record-missing-item",
                       f"{what}缺少监督内容：{'、'.join(missing)}。每条监督内容都要写结论。", at_key=True)


def _unique(context: _Context, kinds: Kind | tuple[Kind, ...], key: str, what: str) -> None:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    for submission in context.valid:
        if submission.kind in kinds:
            value = submission.data[key]
            first = context.first_uses.setdefault((what, value), submission.path)
            if first != submission.path:
                context.report(submission, (key,), "record-duplicate-id",
                               f"{what}“{value}”已在 {first} 中使用，每个编号在全仓库只能用一次。")


def _index_problems(context: _Context) -> None:
    sources = [(Kind.SELF_INSPECTION, "problems", "report_date"), (Kind.INSPECTION, "findings", "date")]
    for kind, list_key, date_key in sources:
        for submission in context.of_kind(kind):
            for index, problem in enumerate(submission.data[list_key]):
                first = context.first_uses.get(("问题编号", problem["id"]))  # this file's own ids included
                if first is not None:
                    context.report(submission, (list_key, index, "id"), "record-duplicate-id",
                                   f"问题编号“{problem['id']}”已在 {first} 中使用，每个编号在全仓库只能用一次。")
                    continue
                context.first_uses[("问题编号", problem["id"])] = submission.path
                source = ProblemSource(submission, (list_key, index), _day(submission.data[date_key]))
                scope = (submission.placement.unit, submission.placement.action)
                context.problems_by_scope.setdefault(scope, {})[problem["id"]] = source


def _action(context: _Context, submission: Submission) -> Action:
    action_id = submission.placement.action
    assert action_id is not None, "an action's record lives in that action's folder"
    return context.campaign.action(action_id)


# -- one function per kind ---------------------------------------------------------------------

def _self_inspections(context: _Context) -> None:
    for submission in context.of_kind(Kind.SELF_INSPECTION):
        data, action = submission.data, _action(context, submission)
        _within_campaign(context, submission, ("report_date",), data["report_date"], "报告日期")
        _covers_checklist(context, submission, "conclusions", action, "自查报告")
        problem_items = set()
        for index, problem in enumerate(data["problems"]):
            if _check_item(context, submission, ("problems", index, "item"), action):
                problem_items.add(problem["item"])
            _check_severity(context, submission, ("problems", index, "severity"), problem["severity"])
            if _day(problem["deadline"]) < _day(data["report_date"]):
                context.report(submission, ("problems", index, "deadline"), "record-date-order",
                               f"整改期限 {problem['deadline']} 早于报告日期 {data['report_date']}。")
        for index, conclusion in enumerate(data["conclusions"]):
            if conclusion["result"] == Conclusion.NON_COMPLIANT and conclusion["item"] not in problem_items:
                context.report(submission, ("conclusions", index, "result"), "record-unlisted-problem",
                               f"监督内容“{conclusion['item']}”的结论是“不符合”，但“发现的问题”中没有对应的问题。"
                               "请在 problems 中列出，以便跟踪整改。", severity=Severity.WARNING)
        totals = data.get("totals")
        if action.record_kind == Kind.CASE_FILE_REVIEW.value and totals is None:
            context.report(submission, (), "record-missing-totals",
                           "案卷评查行动的自查报告要填写案卷数量（totals：应评查、已自查、不合格案卷数）。")
        if totals is not None:
            if totals["files_self_reviewed"] > totals["files_in_scope"]:
                context.report(submission, ("totals", "files_self_reviewed"), "record-count-order",
                               "已自查案卷数不能多于应评查案卷数。")
            if totals["files_failed"] > totals["files_self_reviewed"]:
                context.report(submission, ("totals", "files_failed"), "record-count-order",
                               "不合格案卷数不能多于已自查案卷数。")


def _inspections(context: _Context) -> None:
    methods = context.campaign.phase_methods()
    for submission in context.of_kind(Kind.INSPECTION):
        data, action = submission.data, _action(context, submission)
        _within_campaign(context, submission, ("date",), data["date"], "督查日期")
        for index, method in enumerate(data["methods"]):
            if method not in methods:
                context.report(submission, ("methods", index), "record-unknown-method",
                               f"没有督查方式“{method}”。{_suggest(method, methods)}")
        for index, finding in enumerate(data["findings"]):
            _check_item(context, submission, ("findings", index, "item"), action)
            _check_severity(context, submission, ("findings", index, "severity"), finding["severity"])


def _notices(context: _Context) -> None:
    notice_ids = {s.data["id"] for s in context.of_kind(Kind.NOTICE)}
    inspections = {(s.placement.unit, s.placement.action): s for s in context.of_kind(Kind.INSPECTION)}
    for submission in context.of_kind(Kind.NOTICE):
        data, unit, action = submission.data, submission.placement.unit, submission.placement.action
        _within_campaign(context, submission, ("issue_date",), data["issue_date"], "下达日期")
        if _day(data["deadline"]) <= _day(data["issue_date"]):
            context.report(submission, ("deadline",), "record-date-order",
                           f"整改期限 {data['deadline']} 应晚于下达日期 {data['issue_date']}。")
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
        if _day(data["report_date"]) < context.campaign.period.start:
            context.report(submission, ("report_date",), "record-date-outside",
                           f"报告日期 {data['report_date']} 早于行动开始日期 {context.campaign.period.start}。")
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
            _rectification_item(context, submission, here, item, source)
        for problem_id, source in own.items():
            # a finding of the inspection is the unit's to rectify once a notice lists it
            awaiting_notice = source.submission.kind is Kind.INSPECTION and problem_id not in notified
            if problem_id not in listed and not awaiting_notice:
                context.report(submission, ("items",), "record-unreported-problem",
                               f"问题“{problem_id}”还没有整改情况，请在 items 中补上。",
                               at_key=True, severity=Severity.WARNING)
        for index, item in enumerate(data["items"]):
            for evidence_index, evidence in enumerate(item.get("evidence", ())):
                context.findings += evidence_findings(
                    context.root, submission, ("items", index, "evidence", evidence_index), evidence)


def _rectification_item(context: _Context, submission: Submission, here: KeyPath,
                        item: dict[str, Any], source: ProblemSource | None) -> None:
    completed = item.get("completion_date")
    if item["status"] == RectificationStatus.DONE:
        if completed is None:
            context.report(submission, here + ("status",), "record-status-inconsistent",
                           "整改状态为“已完成”，但没有填写完成日期 completion_date。")
        if not item.get("evidence"):
            context.report(submission, here + ("status",), "record-status-inconsistent",
                           "整改状态为“已完成”，但没有佐证材料 evidence。请至少附一份材料。")
    if completed is not None and source is not None and _day(completed) < source.found:
        context.report(submission, here + ("completion_date",), "record-date-order",
                       f"完成日期 {completed} 早于发现问题的日期 {source.found}。")
    acceptance = item.get("acceptance")
    if acceptance is not None:
        if item["status"] != RectificationStatus.DONE:
            context.report(submission, here + ("acceptance",), "record-status-inconsistent",
                           "整改尚未完成，不能验收。请先把整改状态改为“已完成”并附佐证材料。", at_key=True)
        elif completed is not None and _day(acceptance["date"]) < _day(completed):
            context.report(submission, here + ("acceptance", "date"), "record-date-order",
                           f"验收日期 {acceptance['date']} 早于完成日期 {completed}。")


def _flag_needs_date(context: _Context, submission: Submission, section: str, flag: str,
                     date_key: str, what: str) -> None:
    """A yes/no answer of "yes" must come with the date it happened."""
    values = submission.data[section]
    if values[flag] and date_key not in values:
        context.report(submission, (section, flag), "record-status-inconsistent",
                       f"这里是 true（是），请同时填写{what} {date_key}。")


def _plan_filings(context: _Context) -> None:
    for submission in context.of_kind(Kind.PLAN_FILING):
        _flag_needs_date(context, submission, "annual_plan", "approved_by_government", "approval_date", "批准日期")
        _flag_needs_date(context, submission, "annual_plan", "filed_with_upper_level", "filing_date", "备案日期")
        _flag_needs_date(context, submission, "double_random_plan", "entered_in_platform", "entry_date", "录入日期")
        plan = submission.data["annual_plan"]
        if "approval_date" in plan and "filing_date" in plan and plan["filing_date"] < plan["approval_date"]:
            context.report(submission, ("annual_plan", "filing_date"), "record-date-order",
                           f"备案日期 {plan['filing_date']} 早于批准日期 {plan['approval_date']}：应先批准后备案。")


def _accident_reviews(context: _Context) -> None:
    for submission in context.of_kind(Kind.ACCIDENT_REVIEW):
        data, action = submission.data, _action(context, submission)
        _covers_checklist(context, submission, "answers", action, "事故调查评查记录")
        accident, investigation = data["accident"], data["investigation"]
        occurred = _day(accident["date"])
        lookback = action.subjects.get("lookback_years")
        if lookback:
            start = context.campaign.period.start
            earliest = start.replace(year=start.year - lookback)
            if not earliest <= occurred <= context.campaign.period.end:
                context.report(submission, ("accident", "date"), "record-date-outside",
                               f"事故发生日期 {occurred} 不在监督范围内：本行动只评查近 {lookback} 年"
                               f"（{earliest} 以后）的事故。")
        report, approval = _day(investigation["report_date"]), _day(investigation["approval_date"])
        if report < occurred:
            context.report(submission, ("investigation", "report_date"), "record-date-order",
                           f"调查报告日期 {report} 早于事故发生日期 {occurred}。")
        if approval < report:
            context.report(submission, ("investigation", "approval_date"), "record-date-order",
                           f"批复日期 {approval} 早于调查报告日期 {report}。")
        rules = action.accident_rules
        if rules:
            allowed = rules.report_days + (rules.extension_days if investigation.get("extended") else 0)
            if (report - occurred).days > allowed:
                context.report(submission, ("investigation", "report_date"), "record-overdue",
                               f"调查报告在事故发生后第 {(report - occurred).days} 天提交，超过 {allowed} 天的时限。",
                               severity=Severity.WARNING)
            if (approval - report).days > rules.approval_days:
                context.report(submission, ("investigation", "approval_date"), "record-overdue",
                               f"批复在报告提交后第 {(approval - report).days} 天作出，超过 {rules.approval_days} 天的时限。",
                               severity=Severity.WARNING)
        _flag_needs_date(context, submission, "investigation", "published", "publication_date", "公开日期")


def _case_file_reviews(context: _Context) -> None:
    for submission in context.of_kind(Kind.CASE_FILE_REVIEW):
        data, action = submission.data, _action(context, submission)
        scoring, subjects = action.case_scoring, action.subjects
        _case_type(context, submission, action)
        window = subjects.get("case_window")
        if window and not _day(window["start"]) <= _day(data["closing_date"]) <= _day(window["end"]):
            context.report(submission, ("closing_date",), "record-date-outside",
                           f"办结日期 {data['closing_date']} 不在评查范围 {window['start']} 至 {window['end']} 之内，"
                           "这份案卷不属于本次评查对象。")
        if not scoring:
            continue
        veto_ids = [veto.id for veto in scoring.vetoes]
        for index, veto in enumerate(data["vetoes"]):
            if veto not in veto_ids:
                context.report(submission, ("vetoes", index), "record-unknown-veto",
                               f"没有否决项“{veto}”。{_suggest(veto, veto_ids)}")
        for index in range(len(data["deductions"])):
            _check_item(context, submission, ("deductions", index, "item"), action)
        total = case_file_total(scoring, data["deductions"])
        if abs(total - data["total"]) > 1e-9:
            context.report(submission, ("total",), "record-total-mismatch",
                           f"得分应为 {total:g}（总分 {scoring.total_points:g} 减去各项扣分，每项扣完为止），"
                           f"这里写的是 {data['total']:g}。")
        grade = case_file_grade(scoring, total, vetoed=bool(data["vetoes"]))
        grade_ids = [g.id for g in scoring.grades]
        if data["grade"] not in grade_ids:
            context.report(submission, ("grade",), "record-unknown-grade",
                           f"没有等次“{data['grade']}”。{_suggest(data['grade'], grade_ids)}")
        elif data["grade"] != grade:
            reason = "有否决项" if data["vetoes"] else f"得分 {total:g}"
            context.report(submission, ("grade",), "record-grade-mismatch",
                           f"{reason}，等次应为“{grade}”，这里写的是“{data['grade']}”。")


def _case_types(context: _Context) -> list[str]:
    return [case_type["id"] for action in context.campaign.actions
            for case_type in action.subjects.get("case_types", ())]


def _case_type(context: _Context, submission: Submission, action: Action | None) -> None:
    known = ([t["id"] for t in action.subjects.get("case_types", ())] if action else _case_types(context))
    value = submission.data["case_type"]
    if known and value not in known:
        context.report(submission, ("case_type",), "record-unknown-case-type",
                       f"没有案卷类型“{value}”。{_suggest(value, known)}")


def _kpi_reports(context: _Context) -> None:
    rate_targets = [t.id for t in context.campaign.targets if t.reported_rate]
    for submission in context.of_kind(Kind.KPI_REPORT):
        data = submission.data
        if int(data["period"][:4]) != context.campaign.year:
            context.report(submission, ("period",), "record-date-outside",
                           f"统计期间 {data['period']} 不是本次行动的年度 {context.campaign.year} 年。")
        for target_id, pair in data["rates"].items():
            if target_id not in rate_targets:
                context.report(submission, ("rates", target_id), "record-unknown-target",
                               f"没有需要报送的比率指标“{target_id}”。{_suggest(target_id, rate_targets)}", at_key=True)
            elif pair["numerator"] > pair["denominator"]:
                context.report(submission, ("rates", target_id, "numerator"), "record-count-order",
                               f"分子 {pair['numerator']} 大于分母 {pair['denominator']}。")
        missing = [t for t in rate_targets if t not in data["rates"]]
        if missing:
            context.report(submission, ("rates",), "record-missing-target",
                           f"缺少指标：{'、'.join(missing)}。", at_key=True)
        for key, part, whole in (("reconsideration", "corrected", "cases"), ("litigation", "lost", "cases")):
            if data[key][part] > data[key][whole]:
                context.report(submission, (key, part), "record-count-order",
                               f"{part} 不能大于案件数 {data[key][whole]}。")


def _nominations(context: _Context) -> None:
    for submission in context.of_kind(Kind.CASE_NOMINATION):
        data = submission.data
        _case_type(context, submission, None)
        if data["closing_date"] < data["filing_date"]:
            context.report(submission, ("closing_date",), "record-date-order",
                           f"办结日期 {data['closing_date']} 早于立案日期 {data['filing_date']}。")


def _case_scores(context: _Context) -> None:
    criteria = [c.id for c in context.campaign.results.best_cases.selection.criteria]
    nominations = {(s.placement.unit, s.placement.name) for s in context.of_kind(Kind.CASE_NOMINATION)}
    for submission in context.of_kind(Kind.CASE_SCORES):
        key = (submission.placement.unit, submission.placement.name)
        if key not in nominations and not context.scope_broken(submission.placement.unit, None):
            context.report(submission, ("case",), "record-unknown-case",
                           "同一目录下没有推荐材料 nomination.yaml，无法评分。")
        for index, score in enumerate(submission.data["scores"]):
            given = score["criteria"]
            for criterion in given:
                if criterion not in criteria:
                    context.report(submission, ("scores", index, "criteria", criterion), "record-unknown-criterion",
                                   f"没有评分标准“{criterion}”。{_suggest(criterion, criteria)}", at_key=True)
            missing = [c for c in criteria if c not in given]
            if missing:
                context.report(submission, ("scores", index, "criteria"), "record-missing-criterion",
                               f"缺少评分标准：{'、'.join(missing)}。", at_key=True)
