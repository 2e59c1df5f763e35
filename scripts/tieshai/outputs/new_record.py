"""``tieshai new``: a commented, prefilled template for one record, written at its proper path.

The template is drawn from the kind's JSON Schema, so it always matches what the validator
expects: every required field with its Chinese title and description as a comment, the
campaign's own lists filled in (every checklist item of the action, every KPI and criterion),
and "待填写" wherever a person still has to write something, which `tieshai check` reports
until it is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from tieshai.chinese import chinese_number
from tieshai.findings import PLACEHOLDER
from tieshai.load.layout import path_for
from tieshai.load.schema_walk import Field, Schema, fields, item_schema, keyed_schema, shown
from tieshai.load.schemas import load_schema
from tieshai.load.yamlload import KeyPath
from tieshai.model.campaign import Action, Campaign
from tieshai.outputs.files import existing, no_symlink_between, write_files
from tieshai.rules.codes import Codes, codes_for, pattern_of
from tieshai.suggest import meant
from tieshai.vocabulary import Kind, ReferralOutcome

INDENT = "  "


class NewRecordError(Exception):
    """The record cannot be created as asked; the message says why."""


def _comment(text: str) -> str:
    return " ".join(str(text).split())  # one line: a newline would end the comment


def prefill(kind: Kind, campaign: Campaign, unit: str, action: str | None, name: str | None) -> dict[str, Any]:
    """Values known before anyone writes: ids from the path and the campaign's own lists."""
    values: dict[str, Any] = {"unit": unit}
    if action is not None:
        values["action"] = action
    if kind in (Kind.NOTICE, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW, Kind.CASE_NOMINATION,
                Kind.ACCOUNTABILITY_REFERRAL):
        values["id"] = name
    if kind is Kind.KPI_REPORT:
        values["period"] = name
        values["rates"] = {t.id: {} for t in campaign.targets if t.reported_rate}
        values["baseline"] = {"year": min((t.baseline_year for t in campaign.targets if t.baseline_year),
                                          default=campaign.year - 1)}
    if kind is Kind.ACCOUNTABILITY_REFERRAL:
        basis = next(b for b in campaign.legal_bases if b["id"] == campaign.results.accountability["legal_basis"])
        values["basis"] = f"{basis['title']}（{basis['doc_number']}）"
        values["outcome"] = ReferralOutcome.PENDING.value
    if kind is Kind.CASE_SCORES:
        values["case"] = name
        criteria = campaign.results.best_cases.selection.criteria
        values["scores"] = [{"criteria": {c.id: None for c in criteria}}]
    if action is not None:
        checklist = campaign.action(action).checklist
        items = [{"item": item.id, "#": item.text} for item in checklist]
        if kind is Kind.SELF_INSPECTION:
            values["conclusions"] = items
            values["problems"] = [{"id": f"{unit}-{action}-s1"}]
        if kind is Kind.ACCIDENT_REVIEW:
            values["answers"] = items
        if kind is Kind.INSPECTION:
            values["findings"] = [{"id": f"{unit}-{action}-i1"}]
        if kind is Kind.CASE_FILE_REVIEW:
            values["vetoes"] = []
            values["deductions"] = []
    return values


@dataclass(frozen=True)
class _Notes:
    """What the template says beside each field beyond its schema: the campaign's codes for code
    fields, and the campaign's own words for the entries of maps keyed by its ids (each KPI's name
    and definition, each criterion's name), by dotted pattern ("rates.*.numerator" style)."""

    codes: Codes
    said: Mapping[str, str]

    def about(self, path: KeyPath, title: str, description: str, prefilled: bool) -> str:
        said = self.said.get(pattern_of(path))
        if said is not None:
            return f"{title}：{said}"
        code_list = self.codes.at(path)
        if code_list is not None and not prefilled:
            return f"{title}：写{code_list.what}的编号，可写 {code_list.listed()}"
        return f"{title}：{_comment(description)}"


def template_notes(kind: Kind, campaign: Campaign, action: str | None) -> _Notes:
    said: dict[str, str] = {}
    if kind is Kind.KPI_REPORT:
        for target in campaign.targets:
            if not target.reported_rate:
                continue
            said[f"rates.{target.id}"] = f"{target.name}（方案要求：{target.plan_text}）"
            for part, meaning in target.definition.items():
                said[f"rates.{target.id}.{part}"] = meaning
    if kind is Kind.CASE_SCORES:
        for criterion in campaign.results.best_cases.selection.criteria:
            said[f"scores.*.criteria.{criterion.id}"] = (f"{criterion.name}（权重 {criterion.weight:g}%），"
                                                        "0 至 100 分")
    return _Notes(codes_for(campaign, kind, action), said)


def render_template(kind: Kind, values: dict[str, Any], depth: int, notes: _Notes) -> str:
    schema = load_schema(kind.schema)
    lines = [
        f"# yaml-language-server: $schema={'../' * depth}schemas/{kind.schema}.schema.json",
        f"# {kind.label}：{_comment(schema['description'])}",
        f"# 把每个“{PLACEHOLDER}”换成实际内容；“#”开头的是说明，可以保留。写完后运行 tieshai check 检查。",
    ]
    lines += _object(schema, values, 0, (), notes)
    return "\n".join(lines) + "\n"


def _object(schema: Schema, values: dict[str, Any], level: int, path: KeyPath, notes: _Notes) -> list[str]:
    """The required fields and those with a prefilled value, then a comment naming the optional
    ones and showing how an optional list of entries is written, so the template stays short
    but shows what else may be written."""
    lines: list[str] = []
    optional: list[str] = []
    examples: list[str] = []
    for field in fields(schema):
        if field.required or field.name in values:
            lines += _field(field, values.get(field.name), level, path + (field.name,), notes)
        else:
            optional.append(f"{field.name}（{field.title}）")
            examples += _example(field, level, path + (field.name,), notes, optional=True)
    if optional:
        lines.append(f"{INDENT * level}# 可选字段：{'、'.join(optional)}")
    return lines + examples


def _field(field: Field, value: Any, level: int, path: KeyPath, notes: _Notes) -> list[str]:
    """One field under its commented title, in the first shape it may take."""
    pad = INDENT * level
    key, spec = field.name, field.shown
    kind = spec.get("type")
    about = path + (0,) if kind == "array" else path  # a list of codes: what each entry takes
    lines = [f"{pad}# {notes.about(about, field.title, field.description, value not in (None, []))}"]
    if kind == "object" and "properties" in spec:
        lines.append(f"{pad}{key}:")
        lines += _object(spec, value or {}, level + 1, path, notes)
    elif kind == "object":  # keyed by campaign ids (rates, criteria)
        lines.append(f"{pad}{key}:")
        inner = keyed_schema(spec)
        for name, inner_value in (value or {PLACEHOLDER: None}).items():
            said = notes.said.get(pattern_of(path + (name,)))
            if said is not None:
                lines.append(f"{pad}{INDENT}# {said}")
            if inner is not None and inner.get("type") == "object":
                lines.append(f"{pad}{INDENT}{name}:")
                lines += _object(inner, inner_value or {}, level + 2, path + (name,), notes)
            else:
                lines.append(f"{pad}{INDENT}{name}: {PLACEHOLDER}")
    elif kind == "array":
        item = shown(item_schema(spec))
        entries = value if value is not None else [{}]
        if not entries:
            lines.append(f"{pad}{key}: []")
            lines += _example(field, level, path, notes, optional=False)
        elif item.get("type") == "object":
            lines.append(f"{pad}{key}:")
            for index, entry in enumerate(entries):
                note = entry.get("#") if isinstance(entry, dict) else None
                if note:
                    lines.append(f"{pad}{INDENT}# {_comment(note)}")
                body = _object(item, {k: v for k, v in entry.items() if k != "#"}, level + 2, path + (index,), notes)
                first = next(index for index, line in enumerate(body) if not line.lstrip().startswith("#"))
                for index in range(first):  # comments above the dash line up with it
                    body[index] = f"{pad}{INDENT}" + body[index].lstrip()
                body[first] = f"{pad}{INDENT}- " + body[first].lstrip()
                lines += body
        else:
            lines.append(f"{pad}{key}:")
            lines.append(f"{pad}{INDENT}- {PLACEHOLDER}")
    else:
        lines.append(f"{pad}{key}: {value if value is not None else PLACEHOLDER}")
    return lines


def _example(field: Field, level: int, path: KeyPath, notes: _Notes, *, optional: bool) -> list[str]:
    """How a list of entries is written, as comments: one example entry with every field it
    needs, each with a value of its kind (a code of the campaign's, a date, a number)."""
    item = shown(item_schema(field.shown))
    if field.shown.get("type") != "array" or item.get("type") != "object":
        return []
    pad = INDENT * level
    how = ("需要时，照下面的写法添加（去掉各行开头的“# ”）" if optional else
           f"有内容时，把上一行的“{field.name}: []”换成下面的写法（去掉各行开头的“# ”），每项一段")
    lines = [f"{pad}# {field.title}的写法：{how}：", f"{pad}# {field.name}:"]
    for number, entry in enumerate(fields(item)):
        if entry.required:
            start = "- " if number == 0 else "  "
            lines.append(f"{pad}#   {start}{entry.name}: {_example_value(entry, path + (0, entry.name), notes)}")
    return lines


def _example_value(field: Field, path: KeyPath, notes: _Notes) -> str:
    code_list = notes.codes.at(path)
    spec = field.shown
    if code_list is not None:
        return next(iter(code_list.choices))
    if "enum" in spec:
        return str(spec["enum"][0])
    if spec.get("format") == "date":
        return "2021-06-30"
    if spec.get("type") in ("integer", "number"):
        return "1"
    if spec.get("type") == "boolean":
        return "true"
    example = _EXAMPLE.search(field.description)
    return example.group(1) if example else f"（{field.title}）"


_EXAMPLE = re.compile(r"例如 ([^\s。；，、（]+)")  # the example a field's description gives


NEEDS_ACTION = {Kind.SELF_INSPECTION, Kind.INSPECTION, Kind.NOTICE, Kind.RECTIFICATION,
                Kind.PLAN_FILING, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW}
NEEDS_ID = {Kind.NOTICE, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW, Kind.CASE_NOMINATION, Kind.CASE_SCORES,
            Kind.ACCOUNTABILITY_REFERRAL}
# matched whole (fullmatch): "$" alone also matches before a final line break
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_PERIOD = re.compile(r"([0-9]{4})-?q([1-4])")  # 2021-q2; 2021-Q2 and 2021Q2 are read the same


def serves(action: Action, kind: Kind) -> bool:
    """Whether ``action`` has records of ``kind``: every action has the common kinds; plan
    filings and the two kinds of review belong to the actions whose record kind they are."""
    specific = (Kind.PLAN_FILING, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW)
    return kind in NEEDS_ACTION and (kind not in specific or action.record_kind == kind.value)


def _named(value: str, names: Mapping[str, tuple[str, ...]], what: str, option: str) -> str:
    """The code of a unit or an action written by its code or by one of its Chinese names; else
    why not, listing every code with its name (a command line has room for the whole list)."""
    text = "".join(value.split())
    for code, known in names.items():
        if text == code or text in known:
            return code
    guess = meant(text, {code: known[0] for code, known in names.items()})
    said = f"是否想写 {option} {guess}（{names[guess][0]}）？" if guess is not None else ""
    listed = "、".join(f"{code}（{known[0]}）" for code, known in names.items())
    raise NewRecordError(f"没有编号或名称为“{value}”的{what}。{said}可写编号或名称：{listed}。")


def check_request(campaign: Campaign, kind: Kind, unit: str, action: str | None,
                  name: str | None, period: str | None) -> tuple[str, str | None, str | None]:
    """Validate what `tieshai new` was asked for. A unit or an action may be named by its code
    or its Chinese name, a period in either case: returns the unit's and the action's codes and
    the name part of the path."""
    unit = _named(unit, {u.id: (u.name, u.bureau) for u in campaign.units}, "单位", "--unit")
    if kind in NEEDS_ACTION:
        actions = {a.id: (a.short_title, a.title, f"专项行动{chinese_number(a.number)}") for a in campaign.actions}
        if action is None:
            listed = "、".join(f"{code}（{names[0]}）" for code, names in actions.items())
            raise NewRecordError(f"{kind.label}属于某项专项行动，请用 --action 指定：{listed}。")
        action = _named(action, actions, "专项行动", "--action")
        if not serves(campaign.action(action), kind):
            owners = [f"{a.id}（{a.short_title}）" for a in campaign.actions if serves(a, kind)]
            raise NewRecordError(f"{kind.label}只属于专项行动 {'、'.join(owners) or '（无）'}，不属于 {action}。")
    elif action is not None:
        raise NewRecordError(f"{kind.label}不属于某项专项行动，请去掉 --action。")
    if kind is Kind.KPI_REPORT:
        if period is None:
            raise NewRecordError("指标报送请用 --period 指定年份和季度，例如 --period 2021-q2。")
        period = period.lower()  # 2021-Q2 is read as 2021-q2
        if not _PERIOD.fullmatch(period):  # whole: a final line break is not read past
            raise NewRecordError(f"统计期间“{period}”的格式不对：应为 年份-q季度，例如 --period 2021-q2（第二季度）。")
        return unit, action, _PERIOD.sub(r"\1-q\2", period)  # 2021Q2 is written 2021-q2
    if kind in NEEDS_ID:
        if name is None or not _ID.fullmatch(name):
            given = f"编号“{name}”不能用：" if name is not None else ""
            raise NewRecordError(f"{given}{kind.label}需要用 --id 指定编号（小写英文字母、数字和连字符），"
                                 f"例如 --id {unit}-{action or '2021'}-1。")
        return unit, action, name
    return unit, action, None


def create_record(root: Path, campaign: Campaign, kind: Kind, unit: str, action: str | None,
                  name: str | None) -> PurePosixPath:
    """Write a new template and return its root-relative path; never overwrites a file."""
    relative = path_for(kind, unit, action, name)
    target = root / relative
    no_symlink_between(root, target)
    exists = NewRecordError(f"{relative} 已经存在，不会覆盖。请直接编辑它，或换一个编号。")
    if existing(target.parent, [target.name]):  # a dangling symlink too
        raise exists
    text = render_template(kind, prefill(kind, campaign, unit, action, name), len(relative.parts) - 1,
                           template_notes(kind, campaign, action))
    try:
        write_files(target.parent, {target.name: text.encode("utf-8")})
    except FileExistsError:  # appeared while writing
        raise exists from None
    return relative
