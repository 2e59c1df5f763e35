"""Rules that compare the fields of one record with each other and with the plan, stated as data.

The check judges them here; the online form receives the same rules, resolved for its kind and
action, and judges them in the page (site/assets/record-rules.js) with the same tests and the same
sentences. A rule is written once, so the form and `tieshai check` cannot disagree about it.

A rule is shown at ``at``, a dotted path in which "*" stands for every entry of a list or every
key of a map ("items.*.status"); other paths of the rule are read with the same entries
("items.*.completion_date" of the same item). A rule is judged only where its values are there
and well formed: a missing or malformed value is the schema's to report, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from tieshai.findings import PLACEHOLDER, Severity
from tieshai.model.campaign import Action, Campaign
from tieshai.model.case_scoring import case_file_grade, case_file_total
from tieshai.vocabulary import Conclusion, Kind, RectificationStatus, ReferralOutcome

PRESENT = "（有内容）"  # a `when` value: the field holds anything
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class RecordRule:
    test: str  # one of TESTS
    at: str
    code: str
    message: str  # "{value}" and the test's own names, filled in where the rule is broken
    args: Mapping[str, Any] = field(default_factory=dict)
    when: tuple[str, Any] | None = None  # judged only where the value at this path equals this
    warning: bool = False
    at_key: bool = False

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Breach:
    path: Path
    code: str
    message: str
    severity: Severity
    at_key: bool


# -- the rules of each kind ----------------------------------------------------------------------

def _within_campaign(campaign: Campaign, at: str, what: str) -> RecordRule:
    period = campaign.period
    return RecordRule("date_within", at, "record-date-outside", what + " {value} 不在行动期间 {start} 至 {end} 之内。",
                      {"start": period.start.isoformat(), "end": period.end.isoformat()})


def _not_before(at: str, other: str, message: str, *, strict: bool = False) -> RecordRule:
    return RecordRule("not_before", at, "record-date-order", message, {"other": other, "strict": strict})


def _not_greater(at: str, other: str, message: str) -> RecordRule:
    return RecordRule("not_greater", at, "record-count-order", message, {"other": other})


def _needs_date(section: str, flag: str, date_key: str, flag_title: str, date_title: str) -> RecordRule:
    """A yes/no answer of "yes" must come with the date it happened."""
    return RecordRule("present", f"{section}.{flag}", "record-status-inconsistent",
                      f"“{flag_title}”选的是“是”，请同时填写“{date_title}”。",
                      {"field": f"{section}.{date_key}"}, when=(f"{section}.{flag}", True))


def _checklist(list_key: str, action: Action, what: str) -> list[RecordRule]:
    ids = list(action.checklist_ids)
    return [
        RecordRule("distinct", f"{list_key}.*.item", "record-duplicate-item",
                   "监督内容“{value}”已在第 {first} 项写过，每条只写一次。", {"ids": ids}),
        RecordRule("covers", list_key, "record-missing-item",
                   what + "缺少监督内容：{missing}。每条监督内容都要写结论。", {"key": "item", "ids": ids}, at_key=True),
    ]


def _self_inspection(campaign: Campaign, action: Action) -> list[RecordRule]:
    rules = [_within_campaign(campaign, "report_date", "报告日期"), *_checklist("conclusions", action, "自查报告"),
             _not_before("problems.*.deadline", "report_date", "整改期限 {value} 早于报告日期 {other}。"),
             RecordRule("listed", "conclusions.*.result", "record-unlisted-problem",
                        "监督内容“{item}”的结论是“不符合”，但“发现的问题”中没有对应的问题。请在“发现的问题”中列出，以便跟踪整改。",
                        {"field": "conclusions.*.item", "among": "problems.*.item"},
                        when=("conclusions.*.result", Conclusion.NON_COMPLIANT.value), warning=True),
             _not_greater("totals.files_self_reviewed", "totals.files_in_scope", "已自查案卷数不能多于应评查案卷数。"),
             _not_greater("totals.files_failed", "totals.files_self_reviewed", "不合格案卷数不能多于已自查案卷数。")]
    if action.record_kind == Kind.CASE_FILE_REVIEW.value:
        rules.append(RecordRule("present", "", "record-missing-totals",
                                "案卷评查行动的自查报告要填写“案卷数量”（应评查、已自查、不合格案卷数）。", {"field": "totals"}))
    return rules


def _inspection(campaign: Campaign, action: Action) -> list[RecordRule]:
    causes = campaign.results.cause_analysis.causes
    return [_within_campaign(campaign, "date", "督查日期"),
            RecordRule("one_of", "findings.*.cause", "record-unknown-cause",
                       "没有编号为“{value}”的成因。请从以下各项中选一项，写它的编号：{choices}。",
                       {"ids": [cause.id for cause in causes], "unfilled": PLACEHOLDER,
                        "choices": "、".join(f"{cause.id}（{cause.name}）" for cause in causes)})]


def _notice(campaign: Campaign, action: Action) -> list[RecordRule]:
    return [_within_campaign(campaign, "issue_date", "下达日期"),
            _not_before("deadline", "issue_date", "整改期限 {value} 应晚于下达日期 {other}。", strict=True)]


def _rectification(campaign: Campaign, action: Action) -> list[RecordRule]:
    done = ("items.*.status", RectificationStatus.DONE.value)
    return [
        RecordRule("date_within", "report_date", "record-date-outside", "报告日期 {value} 早于行动开始日期 {start}。",
                   {"start": campaign.period.start.isoformat()}),
        RecordRule("present", "items.*.status", "record-status-inconsistent",
                   "整改状态为“已完成”，但没有填写“完成日期”。", {"field": "items.*.completion_date"}, when=done),
        RecordRule("present", "items.*.status", "record-status-inconsistent",
                   "整改状态为“已完成”，但没有“佐证材料”。请至少附一份材料。", {"field": "items.*.evidence"}, when=done),
        RecordRule("equals", "items.*.acceptance", "record-status-inconsistent",
                   "整改尚未完成，不能验收。请先把整改状态改为“已完成”并附佐证材料。",
                   {"field": "items.*.status", "value": RectificationStatus.DONE.value},
                   when=("items.*.acceptance", PRESENT), at_key=True),
        _not_before("items.*.acceptance.date", "items.*.completion_date", "验收日期 {value} 早于完成日期 {other}。"),
    ]


def _plan_filing(campaign: Campaign, action: Action) -> list[RecordRule]:
    return [_needs_date("annual_plan", "approved_by_government", "approval_date", "报本级政府批准", "批准日期"),
            _needs_date("annual_plan", "filed_with_upper_level", "filing_date", "报上一级备案", "备案日期"),
            _needs_date("double_random_plan", "entered_in_platform", "entry_date", "已录入系统平台", "录入日期"),
            _not_before("annual_plan.filing_date", "annual_plan.approval_date",
                        "备案日期 {value} 早于批准日期 {other}：应先批准后备案。")]


def _accident_review(campaign: Campaign, action: Action) -> list[RecordRule]:
    rules = [*_checklist("answers", action, "事故调查评查记录"),
             _not_before("investigation.report_date", "accident.date", "调查报告日期 {value} 早于事故发生日期 {other}。"),
             _not_before("investigation.approval_date", "investigation.report_date",
                         "批复日期 {value} 早于调查报告日期 {other}。"),
             _needs_date("investigation", "published", "publication_date", "已向社会公开", "公开日期")]
    lookback = action.subjects.get("lookback_years")
    if lookback:
        start = campaign.period.start
        earliest = start.replace(year=start.year - lookback)
        rules.append(RecordRule("date_within", "accident.date", "record-date-outside",
                                f"事故发生日期 {{value}} 不在监督范围内：本行动只评查近 {lookback} 年（{{start}} 以后）的事故。",
                                {"start": earliest.isoformat(), "end": campaign.period.end.isoformat()}))
    limits = action.accident_rules
    if limits:
        rules += [
            RecordRule("days_within", "investigation.report_date", "record-overdue",
                       "调查报告在事故发生后第 {days} 天提交，超过 {allowed} 天的时限。",
                       {"since": "accident.date", "days": limits.report_days,
                        "extension_days": limits.extension_days, "extended": "investigation.extended"}, warning=True),
            RecordRule("days_within", "investigation.approval_date", "record-overdue",
                       "批复在报告提交后第 {days} 天作出，超过 {allowed} 天的时限。",
                       {"since": "investigation.report_date", "days": limits.approval_days}, warning=True),
        ]
    return rules


def _case_file_review(campaign: Campaign, action: Action) -> list[RecordRule]:
    rules = []
    window = action.subjects.get("case_window")
    if window:
        rules.append(RecordRule("date_within", "closing_date", "record-date-outside",
                                "办结日期 {value} 不在评查范围 {start} 至 {end} 之内，这份案卷不属于本次评查对象。",
                                {"start": str(window["start"]), "end": str(window["end"])}))
    scoring = action.case_scoring
    if scoring:
        points = {"points": dict(scoring.criteria_points), "deductions": "deductions"}
        rules += [
            RecordRule("case_total", "total", "record-total-mismatch",
                       f"得分应为 {{expected}}（总分 {scoring.total_points:g} 减去各项扣分，每项扣完为止），这里写的是 {{value}}。",
                       points),
            RecordRule("case_grade", "grade", "record-grade-mismatch",
                       "{reason}，等次应为“{expected}”，这里写的是“{value}”。",
                       {**points, "vetoes": "vetoes", "veto_grade": scoring.veto_grade,
                        "grades": [[grade.id, grade.name, grade.min_points] for grade in scoring.grades],
                        "vetoed": "有否决项", "scored": "得分 {total}"}),
        ]
    return rules


def _kpi_report(campaign: Campaign) -> list[RecordRule]:
    return [
        RecordRule("year", "period", "record-date-outside", "统计期间 {value} 不是本次行动的年度 {year} 年。",
                   {"year": campaign.year}),
        _not_greater("rates.*.numerator", "rates.*.denominator", "分子 {value} 大于分母 {other}。"),
        _not_greater("reconsideration.corrected", "reconsideration.cases", "纠错数 {value} 不能大于案件数 {other}。"),
        _not_greater("litigation.lost", "litigation.cases", "败诉数 {value} 不能大于案件数 {other}。"),
    ]


def _case_nomination(campaign: Campaign) -> list[RecordRule]:
    return [_not_before("closing_date", "filing_date", "办结日期 {value} 早于立案日期 {other}。")]


def _accountability_referral(campaign: Campaign) -> list[RecordRule]:
    decided = [RecordRule("present", "outcome", "record-status-inconsistent", f"处理结果为“{outcome.value}”，请同时填写“{what}”。",
                          {"field": field}, when=("outcome", outcome.value))
               for outcome in (ReferralOutcome.DEALT_WITH, ReferralOutcome.NOT_PURSUED)
               for field, what in (("outcome_date", "处理日期"), ("outcome_text", "处理情况"))]
    return [RecordRule("date_within", "decision_date", "record-date-outside",
                       "决定日期 {value} 早于行动开始日期 {start}。", {"start": campaign.period.start.isoformat()}),
            _not_before("outcome_date", "decision_date", "处理日期 {value} 早于决定日期 {other}。"), *decided]


_IN_ACTION: dict[Kind, Callable[[Campaign, Action], list[RecordRule]]] = {
    Kind.SELF_INSPECTION: _self_inspection, Kind.INSPECTION: _inspection, Kind.NOTICE: _notice,
    Kind.RECTIFICATION: _rectification, Kind.PLAN_FILING: _plan_filing, Kind.ACCIDENT_REVIEW: _accident_review,
    Kind.CASE_FILE_REVIEW: _case_file_review,
}
_OUTSIDE_ACTIONS: dict[Kind, Callable[[Campaign], list[RecordRule]]] = {
    Kind.KPI_REPORT: _kpi_report, Kind.CASE_NOMINATION: _case_nomination,
    Kind.ACCOUNTABILITY_REFERRAL: _accountability_referral,
}


def rules_for(kind: Kind, campaign: Campaign, action: Action | None) -> tuple[RecordRule, ...]:
    """The rules a record of ``kind`` in ``action`` (None outside any action) must keep."""
    if kind in _OUTSIDE_ACTIONS:
        return tuple(_OUTSIDE_ACTIONS[kind](campaign))
    if action is None or kind not in _IN_ACTION:
        return ()
    return tuple(_IN_ACTION[kind](campaign, action))


# -- judging -------------------------------------------------------------------------------------

_MISSING = object()
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def judge(rules: tuple[RecordRule, ...], data: Any) -> Iterator[Breach]:
    for rule in rules:
        for path, entries in _places(data, _parts(rule.at)):
            if rule.when is not None and not _holds(data, rule.when, entries):
                continue
            filled = _TESTS[rule.test](data, path, rule.args, entries)
            if filled is not None:
                severity = Severity.WARNING if rule.warning else Severity.ERROR
                yield Breach(path, rule.code, rule.message.format(**filled), severity, rule.at_key)


def _parts(dotted: str) -> list[str]:
    return dotted.split(".") if dotted else []


def _places(data: Any, parts: list[str], path: Path = (), entries: tuple[str | int, ...] = ()):
    """Every concrete path the pattern names, with the entries its "*" stood for."""
    if not parts:
        yield path, entries
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        keys = (range(len(data)) if isinstance(data, list) else list(data) if isinstance(data, dict) else ())
        for key in keys:
            yield from _places(data[key], rest, path + (key,), entries + (key,))
    elif isinstance(data, dict) and head in data:
        yield from _places(data[head], rest, path + (head,), entries)
    elif not rest:
        yield path + (head,), entries  # a field that is not there may still be where a rule is shown


def _resolve(dotted: str, entries: tuple[str | int, ...]) -> Path:
    chosen = iter(entries)
    return tuple(next(chosen) if part == "*" else part for part in _parts(dotted))


def _read(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return _MISSING
    return _MISSING if data is None or data == "" or data == [] else data


def _other(data: Any, dotted: str, entries: tuple[str | int, ...]) -> Any:
    return _read(data, _resolve(dotted, entries))


def _holds(data: Any, when: tuple[str, Any], entries: tuple[str | int, ...]) -> bool:
    value = _other(data, when[0], entries)
    return value is not _MISSING if when[1] == PRESENT else value == when[1]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _shown(number: float) -> str:
    """A number as the page's script writes it (JavaScript's String): 95, 92.5."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


Filled = dict[str, Any] | None  # what the message is filled with when the rule is broken, else None


def _broken_date_within(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    value = _read(data, path)
    day = _day(value)
    if day is None:
        return None
    too_early = "start" in args and day < date.fromisoformat(args["start"])
    too_late = "end" in args and day > date.fromisoformat(args["end"])
    return {"value": value, "start": args.get("start"), "end": args.get("end")} if too_early or too_late else None


def _broken_not_before(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    day, other = _day(_read(data, path)), _day(_other(data, args["other"], entries))
    if day is None or other is None:
        return None
    broken = day <= other if args.get("strict") else day < other
    return {"value": day.isoformat(), "other": other.isoformat()} if broken else None


def _broken_not_greater(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    number, other = _number(_read(data, path)), _number(_other(data, args["other"], entries))
    if number is None or other is None or number <= other:
        return None
    return {"value": _shown(number), "other": _shown(other)}


def _broken_present(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    return {} if _other(data, args["field"], entries) is _MISSING else None


def _broken_equals(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    return None if _other(data, args["field"], entries) == args["value"] else {}


def _broken_distinct(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    """An entry names the same checklist item as an earlier entry of its list
    (the pattern is "<list>.*.<key>")."""
    value, siblings, index, key = _read(data, path), _read(data, path[:-2]), path[-2], path[-1]
    if value not in args["ids"] or not isinstance(siblings, list) or not isinstance(index, int):
        return None
    for position in range(index):
        if isinstance(siblings[position], dict) and siblings[position].get(key) == value:
            return {"value": value, "first": position + 1}
    return None


def _broken_covers(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    entries_given = _read(data, path)
    given = {entry.get(args["key"]) for entry in entries_given if isinstance(entry, dict)} \
        if isinstance(entries_given, list) else set()
    missing = [item for item in args["ids"] if item not in given]
    return {"missing": "、".join(missing)} if missing else None


def _broken_listed(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    """The value of ``field`` is among the values at ``among`` (a pattern with its own "*")."""
    value = _other(data, args["field"], entries)
    if value is _MISSING:
        return None
    among = {_read(data, place) for place, _ in _places(data, _parts(args["among"]))}
    return None if value in among else {"item": value}


def _broken_one_of(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    value = _read(data, path)
    if not isinstance(value, str) or value in args["ids"] or value == args["unfilled"]:  # a placeholder has its own finding
        return None
    return {"value": value, "choices": args["choices"]}


def _broken_year(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    value = _read(data, path)
    if not isinstance(value, str) or not re.match(r"[0-9]{4}-", value):
        return None
    return None if int(value[:4]) == args["year"] else {"value": value, "year": args["year"]}


def _broken_days_within(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    day, since = _day(_read(data, path)), _day(_other(data, args["since"], entries))
    if day is None or since is None:
        return None
    extended = "extended" in args and _other(data, args["extended"], entries) is True
    allowed = args["days"] + (args["extension_days"] if extended else 0)
    days = (day - since).days
    return {"days": days, "allowed": allowed} if days > allowed else None


def _deducted_total(data: Any, args: Mapping[str, Any]) -> float | None:
    deductions = _read(data, (args["deductions"],))
    deductions = deductions if isinstance(deductions, list) else []
    if not all(isinstance(d, dict) and d.get("item") and _number(d.get("points")) is not None for d in deductions):
        return None  # a deduction still being filled in: nothing to compare yet
    return case_file_total(args["points"], deductions)


def _broken_case_total(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    value, total = _number(_read(data, path)), _deducted_total(data, args)
    if value is None or total is None or abs(total - value) <= 1e-9:
        return None
    return {"expected": _shown(total), "value": _shown(value)}


def _broken_case_grade(data: Any, path: Path, args: Mapping[str, Any], entries: tuple) -> Filled:
    value, total = _read(data, path), _deducted_total(data, args)
    names = {grade_id: name for grade_id, name, _ in args["grades"]}
    if value not in names or total is None:
        return None
    vetoed = _read(data, (args["vetoes"],)) is not _MISSING
    expected = case_file_grade(((g, least) for g, _, least in args["grades"]), args["veto_grade"], total,
                               vetoed=vetoed)
    if value == expected:
        return None
    reason = args["vetoed"] if vetoed else args["scored"].format(total=_shown(total))
    return {"reason": reason, "expected": names[expected], "value": names[value]}


_TESTS = {
    "date_within": _broken_date_within, "not_before": _broken_not_before, "not_greater": _broken_not_greater,
    "present": _broken_present, "equals": _broken_equals, "distinct": _broken_distinct, "covers": _broken_covers,
    "listed": _broken_listed, "one_of": _broken_one_of, "year": _broken_year, "days_within": _broken_days_within,
    "case_total": _broken_case_total, "case_grade": _broken_case_grade,
}
