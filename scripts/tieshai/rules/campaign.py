"""Rules over campaign.yaml that a JSON Schema cannot express: ids, references, dates, sums."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from tieshai.findings import Finding
from tieshai.load.yamlload import KeyPath, YamlDocument
from tieshai.suggest import did_you_mean


def campaign_rule_findings(document: YamlDocument) -> list[Finding]:
    data = document.data
    return [
        *_unique_ids(document, data),
        *_references(document, data),
        *_dates(document, data),
        *_scoring(document, data),
    ]


def _items(data: dict[str, Any], *path: str | int) -> Iterator[tuple[KeyPath, Any]]:
    """(path, item) for each item of the list at ``path``; nothing when it is absent."""
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    for index, item in enumerate(node or ()):
        yield (*path, index), item


def _unique_ids(document: YamlDocument, data: dict[str, Any]) -> Iterator[Finding]:
    groups: list[tuple[str, list[tuple[KeyPath, Any]]]] = [
        ("单位编号", list(_items(data, "units"))),
        ("行动编号", list(_items(data, "actions"))),
        ("指标编号", list(_items(data, "targets"))),
        ("阶段编号", list(_items(data, "phases"))),
        ("严重程度编号", list(_items(data, "severities"))),
        ("依据编号", list(_items(data, "legal_bases"))),
        ("监督内容条目编号", [entry for path, _ in _items(data, "actions")
                       for entry in _items(data, *path, "checklist")]),
        ("评分标准编号", list(_items(data, "results", "best_cases", "selection", "criteria"))),
        ("成因编号", list(_items(data, "results", "cause_analysis", "causes"))),
    ]
    for what, entries in groups:
        first_seen: dict[str, KeyPath] = {}
        for path, item in entries:
            item_id = item["id"]
            if item_id in first_seen:
                earlier = document.position(first_seen[item_id] + ("id",))
                assert earlier is not None, "a value that was read has a position"
                yield document.finding(path + ("id",), "campaign-duplicate-id",
                                       f"{what}“{item_id}”重复：第 {earlier.line} 行已经用过。每个编号只能用一次。")
            else:
                first_seen[item_id] = path
    numbers: dict[int, KeyPath] = {}
    for path, action in _items(data, "actions"):
        if action["number"] in numbers:
            yield document.finding(path + ("number",), "campaign-duplicate-id",
                                   f"行动序号 {action['number']} 重复，每项行动的序号应不同。")
        numbers.setdefault(action["number"], path)


def _unknown(document: YamlDocument, path: KeyPath, what: str, value: str,
             known: Iterable[str]) -> Finding:
    known = list(known)
    hint = did_you_mean(value, known, otherwise=f"已有的{what}：{'、'.join(known)}。")
    return document.finding(path, "campaign-unknown-reference", f"没有编号为“{value}”的{what}。{hint}")


def _references(document: YamlDocument, data: dict[str, Any]) -> Iterator[Finding]:
    unit_ids = [unit["id"] for unit in data["units"]]
    for path, action in _items(data, "actions"):
        for index, unit_id in enumerate(action["key_targets"]):
            if unit_id not in unit_ids:
                yield _unknown(document, path + ("key_targets", index), "单位", unit_id, unit_ids)
    severity_ids = [severity["id"] for severity in data["severities"]]
    quarterly = ("results", "deductions", "quarterly", "points_by_severity")
    points = data["results"]["deductions"]["quarterly"]["points_by_severity"]
    for severity_id in points:
        if severity_id not in severity_ids:
            yield _unknown(document, quarterly + (severity_id,), "严重程度", severity_id, severity_ids)
    for severity_id in severity_ids:
        if severity_id not in points:
            yield document.finding(quarterly, "campaign-missing-rule",
                                   f"季度扣分没有规定严重程度“{severity_id}”的问题扣多少分，请补上 {severity_id}: 分值。",
                                   at_key=True)
    basis = data["results"]["accountability"].get("legal_basis")
    basis_ids = [entry["id"] for entry in data["legal_bases"]]
    if basis is not None and basis not in basis_ids:
        yield _unknown(document, ("results", "accountability", "legal_basis"), "法律依据", basis, basis_ids)


def _dates(document: YamlDocument, data: dict[str, Any]) -> Iterator[Finding]:
    period = data["campaign"]["period"]
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    if end < start:
        yield document.finding(("campaign", "period", "end"), "campaign-date-order",
                               f"行动结束日期 {end} 早于开始日期 {start}。")
        return
    for path, action in _items(data, "actions"):
        deadline = date.fromisoformat(action["deadline"])
        if not start <= deadline <= end:
            yield document.finding(path + ("deadline",), "campaign-date-outside",
                                   f"“{action['short_title']}”的期限 {deadline} 不在行动期间 {start} 至 {end} 之内。")
        window = action["subjects"].get("case_window")
        if window and date.fromisoformat(window["end"]) < date.fromisoformat(window["start"]):
            yield document.finding(path + ("subjects", "case_window", "end"), "campaign-date-order",
                                   f"案卷时间范围的截止日期 {window['end']} 早于起始日期 {window['start']}。")


def _scoring(document: YamlDocument, data: dict[str, Any]) -> Iterator[Finding]:
    for path, action in _items(data, "actions"):
        scoring = action.get("case_scoring")
        if not scoring:
            continue
        here = path + ("case_scoring",)
        checklist_ids = [item["id"] for item in action["checklist"]]
        points = scoring["criteria_points"]
        for item_id in points:
            if item_id not in checklist_ids:
                yield _unknown(document, here + ("criteria_points", item_id), "监督内容条目", item_id, checklist_ids)
        for item_id in checklist_ids:
            if item_id not in points:
                yield document.finding(here + ("criteria_points",), "campaign-missing-rule",
                                       f"评分办法没有给监督内容“{item_id}”规定分值，请补上 {item_id}: 分值。",
                                       at_key=True)
        if abs(sum(points.values()) - scoring["total_points"]) > 1e-9:
            yield document.finding(here + ("criteria_points",), "campaign-sum",
                                   f"各项分值合计 {_number(sum(points.values()))}，与总分 {_number(scoring['total_points'])} 不一致。",
                                   at_key=True)
        minimums = [grade["min_points"] for grade in scoring["grades"]]
        if minimums != sorted(minimums, reverse=True):
            yield document.finding(here + ("grades",), "campaign-grade-order",
                                   "等次应从高到低排列，最低分逐级递减。", at_key=True)
        grade_ids = [grade["id"] for grade in scoring["grades"]]
        if scoring["veto_grade"] not in grade_ids:
            yield _unknown(document, here + ("veto_grade",), "等次", scoring["veto_grade"], grade_ids)
    criteria = data["results"]["best_cases"]["selection"]["criteria"]
    total = sum(criterion["weight"] for criterion in criteria)
    if abs(total - 100) > 1e-9:
        yield document.finding(("results", "best_cases", "selection", "criteria"), "campaign-sum",
                               f"最佳案例评分标准的权重合计为 {_number(total)}，应为 100。", at_key=True)


def _number(value: float) -> str:
    return f"{value:g}"
