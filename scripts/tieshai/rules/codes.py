"""The fields whose value is one of the campaign's own codes, and the codes each field allows.

A checklist item, a severity, a case type, a grade, a veto, an inspection method, a KPI target or
a scoring criterion is written as its code (``minor``), which a clerk knows by its Chinese name
(一般). Every message and template about such a field lists the codes with their names, says
which code to write when the name was written in its place, and suggests by meaning as well as
by spelling. A check never rewrites a value: the record keeps the code the schema allows.

Fields are named by dotted patterns as in ``record_rules`` ("problems.*.severity"); a pattern
ending in ".<key>" names the keys of a map (rates by target, scores by criterion).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from tieshai.findings import PLACEHOLDER
from tieshai.load.yamlload import KeyPath
from tieshai.model.campaign import Action, Campaign
from tieshai.suggest import meant
from tieshai.vocabulary import Kind

KEYS = "<key>"
_NAME_LENGTH = 18  # a checklist item is named by the start of its text


@dataclass(frozen=True)
class CodeList:
    """The codes one field allows, each with its Chinese name, in the campaign's order."""

    what: str  # the field's kind of code in a sentence: 严重程度
    code: str  # the finding code of a well-formed code that is not in the list
    choices: Mapping[str, str]
    checked: bool = True  # False: another rule judges the value (unit and action agree with the path)
    distinct: bool = False  # each code once in its list (a conclusion per checklist item)

    def listed(self) -> str:
        """minor（一般）、major（较重）、serious（严重）"""
        return "、".join(f"{code}（{_short(name)}）" for code, name in self.choices.items())

    def named(self, code: str) -> str:
        """minor（一般）"""
        return f"{code}（{_short(self.choices[code])}）"

    def write_instead(self, value: object, taken: frozenset[str] = frozenset()) -> str:
        """What to write in place of ``value``: the code it names or most likely means (never one
        its list already uses), then every code with its name."""
        guess = meant(value, {code: name for code, name in self.choices.items() if code not in taken})
        said = f"“{value}”请写 {self.named(guess)}。" if guess is not None else ""
        return f"{said}这里要写{self.what}的编号：{self.listed()}。"

    def unknown(self, value: str, taken: frozenset[str] = frozenset()) -> str:
        return f"没有编号为“{value}”的{self.what}。{self.write_instead(value, taken)}"


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= _NAME_LENGTH else name[:_NAME_LENGTH] + "…"


@dataclass(frozen=True)
class Codes:
    """The code fields of one kind of record in one action, by dotted pattern."""

    lists: Mapping[str, CodeList] = field(default_factory=dict)

    def at(self, path: KeyPath) -> CodeList | None:
        """The list the value at ``path`` is drawn from, if any."""
        return self.lists.get(pattern_of(path))

    def key_names(self, path: KeyPath) -> Mapping[str, str]:
        """The names of the keys of the map at ``path`` (a target's, a criterion's), if coded."""
        keyed = self.lists.get(pattern_of(path) + "." + KEYS) if path else None
        return keyed.choices if keyed is not None else {}


def pattern_of(path: KeyPath) -> str:
    return ".".join("*" if isinstance(part, int) else part for part in path)


def _checklist(action: Action | None) -> CodeList | None:
    if action is None:
        return None
    return CodeList("监督内容条目", "record-unknown-item", {item.id: item.text for item in action.checklist})


def codes_for(campaign: Campaign, kind: Kind, action_id: str | None) -> Codes:
    """The code fields of a record of ``kind`` in the action ``action_id`` (None: outside any)."""
    action = campaign.action(action_id) if action_id in campaign.action_ids else None
    lists: dict[str, CodeList | None] = {
        "unit": CodeList("单位", "record-path-mismatch", campaign.unit_names, checked=False),
        "action": CodeList("专项行动", "record-path-mismatch",
                           {a.id: a.short_title for a in campaign.actions}, checked=False),
    }
    severity = CodeList("严重程度", "record-unknown-severity", {s.id: s.name for s in campaign.severities})
    checklist = _checklist(action)
    distinct = (CodeList(checklist.what, checklist.code, checklist.choices, distinct=True)
                if checklist is not None else None)
    case_types = (action.subjects.get("case_types", ()) if action is not None else
                  [t for a in campaign.actions for t in a.subjects.get("case_types", ())])
    case_type = CodeList("案卷类型", "record-unknown-case-type", {t["id"]: t["name"] for t in case_types})
    if kind is Kind.SELF_INSPECTION:
        lists |= {"conclusions.*.item": distinct, "problems.*.item": checklist, "problems.*.severity": severity}
    elif kind is Kind.INSPECTION:
        methods = {m["id"]: m["name"] for phase in campaign.phases for m in phase.methods}
        lists |= {"findings.*.item": checklist, "findings.*.severity": severity,
                  "methods.*": CodeList("督查方式", "record-unknown-method", methods)}
    elif kind is Kind.ACCIDENT_REVIEW:
        lists |= {"answers.*.item": distinct}
    elif kind is Kind.CASE_FILE_REVIEW:
        lists |= {"case_type": case_type, "deductions.*.item": checklist}
        scoring = action.case_scoring if action is not None else None
        if scoring is not None:
            lists |= {"vetoes.*": CodeList("否决项", "record-unknown-veto", {v.id: v.text for v in scoring.vetoes}),
                      "grade": CodeList("等次", "record-unknown-grade", {g.id: g.name for g in scoring.grades})}
    elif kind is Kind.CASE_NOMINATION:
        lists |= {"case_type": case_type}
    elif kind is Kind.KPI_REPORT:
        targets = {t.id: t.name for t in campaign.targets if t.reported_rate}
        lists |= {f"rates.{KEYS}": CodeList("需要报送的比率指标", "record-unknown-target", targets)}
    elif kind is Kind.CASE_SCORES:
        criteria = {c.id: c.name for c in campaign.results.best_cases.selection.criteria}
        lists |= {f"scores.*.criteria.{KEYS}": CodeList("评分标准", "record-unknown-criterion", criteria)}
    return Codes({pattern: found for pattern, found in lists.items() if found is not None and found.choices})


def coded_values(data: Any, codes: Codes) -> Iterator[tuple[KeyPath, str, CodeList, frozenset[str]]]:
    """Each well-formed code written in a checked code field: its path (a key's, for a map), the
    code, its list, and the codes its list already uses elsewhere (for lists of distinct codes).
    Any shape of data is walked: a record that failed its schema is judged where it can be."""
    for pattern, code_list in codes.lists.items():
        if not code_list.checked:
            continue
        for path, value in _at(data, pattern.split("."), ()):
            if isinstance(value, str) and _is_code(value):
                yield path, value, code_list, _taken(data, path, code_list)


def _at(data: Any, parts: list[str], path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if not parts:
        yield path, data
        return
    head, rest = parts[0], parts[1:]
    if head == KEYS and isinstance(data, dict):
        for key in data:
            yield path + (key,), key
    elif head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _at(item, rest, path + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], rest, path + (head,))


def _taken(data: Any, path: KeyPath, code_list: CodeList) -> frozenset[str]:
    if not code_list.distinct:
        return frozenset()
    entries, index, key = data[path[0]], path[1], path[2]
    return frozenset(entry[key] for position, entry in enumerate(entries)
                     if position != index and isinstance(entry, dict) and isinstance(entry.get(key), str))


def _is_code(value: str) -> bool:
    """Written as a code: what the schemas' id pattern allows (anything else is the schema's to report)."""
    parts = value.split("-")
    return PLACEHOLDER not in value and all(part and part.isascii() and part.isalnum() and part == part.lower()
                                            for part in parts)
