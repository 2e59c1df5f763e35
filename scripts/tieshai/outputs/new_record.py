"""``tieshai new``: a commented, prefilled template for one record, written at its proper path.

The template is drawn from the kind's JSON Schema, so it always matches what the validator
expects: every required field with its Chinese title and description as a comment, the
campaign's own lists filled in (every checklist item of the action, every KPI and criterion),
and "待填写" wherever a person still has to write something, which `tieshai check` reports
until it is replaced.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from tieshai.findings import PLACEHOLDER
from tieshai.load.layout import path_for
from tieshai.load.schema_walk import Field, Schema, fields, item_schema, keyed_schema, shown
from tieshai.load.schemas import load_schema
from tieshai.model.campaign import Action, Campaign
from tieshai.outputs.files import existing, no_symlink_between, write_files
from tieshai.suggest import did_you_mean
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


def render_template(kind: Kind, values: dict[str, Any], depth: int) -> str:
    schema = load_schema(kind.schema)
    lines = [
        f"# yaml-language-server: $schema={'../' * depth}schemas/{kind.schema}.schema.json",
        f"# {kind.label}：{_comment(schema['description'])}",
        f"# 把每个“{PLACEHOLDER}”换成实际内容；“#”开头的是说明，可以保留。写完后运行 tieshai check 检查。",
    ]
    lines += _object(schema, values, 0)
    return "\n".join(lines) + "\n"


def _object(schema: Schema, values: dict[str, Any], level: int) -> list[str]:
    """The required fields and those with a prefilled value, then a comment naming the optional
    ones, so the template stays short but shows what else may be written."""
    lines: list[str] = []
    optional: list[str] = []
    for field in fields(schema):
        if field.required or field.name in values:
            lines += _field(field, values.get(field.name), level)
        else:
            optional.append(f"{field.name}（{field.title}）")
    if optional:
        lines.append(f"{INDENT * level}# 可选字段：{'、'.join(optional)}")
    return lines


def _field(field: Field, value: Any, level: int) -> list[str]:
    """One field under its commented title, in the first shape it may take."""
    pad = INDENT * level
    key, spec = field.name, field.shown
    lines = [f"{pad}# {field.title}：{_comment(field.description)}"]
    kind = spec.get("type")
    if kind == "object" and "properties" in spec:
        lines.append(f"{pad}{key}:")
        lines += _object(spec, value or {}, level + 1)
    elif kind == "object":  # keyed by campaign ids (rates, criteria)
        lines.append(f"{pad}{key}:")
        inner = keyed_schema(spec)
        for name, inner_value in (value or {PLACEHOLDER: None}).items():
            if inner is not None and inner.get("type") == "object":
                lines.append(f"{pad}{INDENT}{name}:")
                lines += _object(inner, inner_value or {}, level + 2)
            else:
                lines.append(f"{pad}{INDENT}{name}: {PLACEHOLDER}")
    elif kind == "array":
        item = shown(item_schema(spec))
        entries = value if value is not None else [{}]
        if not entries:
            lines.append(f"{pad}{key}: []")
        elif item.get("type") == "object":
            lines.append(f"{pad}{key}:")
            for entry in entries:
                note = entry.get("#") if isinstance(entry, dict) else None
                if note:
                    lines.append(f"{pad}{INDENT}# {_comment(note)}")
                body = _object(item, {k: v for k, v in entry.items() if k != "#"}, level + 2)
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


NEEDS_ACTION = {Kind.SELF_INSPECTION, Kind.INSPECTION, Kind.NOTICE, Kind.RECTIFICATION,
                Kind.PLAN_FILING, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW}
NEEDS_ID = {Kind.NOTICE, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW, Kind.CASE_NOMINATION, Kind.CASE_SCORES,
            Kind.ACCOUNTABILITY_REFERRAL}
# matched whole (fullmatch): "$" alone also matches before a final line break
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_PERIOD = re.compile(r"\d{4}-q[1-4]")


def serves(action: Action, kind: Kind) -> bool:
    """Whether ``action`` has records of ``kind``: every action has the common kinds; plan
    filings and the two kinds of review belong to the actions whose record kind they are."""
    specific = (Kind.PLAN_FILING, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW)
    return kind in NEEDS_ACTION and (kind not in specific or action.record_kind == kind.value)


def _suggest(value: str, known: tuple[str, ...]) -> str:
    """The closest id, else every id: a command line has room for the whole list."""
    return did_you_mean(value, known, otherwise=f"可用的：{'、'.join(known)}。")


def check_request(campaign: Campaign, kind: Kind, unit: str, action: str | None,
                  name: str | None, period: str | None) -> str | None:
    """Validate what `tieshai new` was asked for; returns the name part of the path."""
    if unit not in campaign.unit_ids:
        raise NewRecordError(f"没有编号为“{unit}”的单位。{_suggest(unit, campaign.unit_ids)}")
    if kind in NEEDS_ACTION:
        if action is None:
            raise NewRecordError(f"{kind.label}属于某项专项行动，请用 --action 指定：{'、'.join(campaign.action_ids)}。")
        if action not in campaign.action_ids:
            raise NewRecordError(f"没有编号为“{action}”的专项行动。{_suggest(action, campaign.action_ids)}")
        if not serves(campaign.action(action), kind):
            owners = [a.id for a in campaign.actions if serves(a, kind)]
            raise NewRecordError(f"{kind.label}只属于专项行动 {'、'.join(owners) or '（无）'}，不属于 {action}。")
    elif action is not None:
        raise NewRecordError(f"{kind.label}不属于某项专项行动，请去掉 --action。")
    if kind is Kind.KPI_REPORT:
        if period is None or not _PERIOD.fullmatch(period):
            raise NewRecordError("指标报送请用 --period 指定年份和季度，例如 --period 2021-q2。")
        return period
    if kind in NEEDS_ID:
        if name is None or not _ID.fullmatch(name):
            raise NewRecordError(f"{kind.label}需要用 --id 指定编号（小写英文字母、数字和连字符），"
                                 f"例如 --id {unit}-{action or '2021'}-1。")
        return name
    return None


def create_record(root: Path, campaign: Campaign, kind: Kind, unit: str, action: str | None,
                  name: str | None) -> PurePosixPath:
    """Write a new template and return its root-relative path; never overwrites a file."""
    relative = path_for(kind, unit, action, name)
    target = root / relative
    no_symlink_between(root, target)
    exists = NewRecordError(f"{relative} 已经存在，不会覆盖。请直接编辑它，或换一个编号。")
    if existing(target.parent, [target.name]):  # a dangling symlink too
        raise exists
    text = render_template(kind, prefill(kind, campaign, unit, action, name), len(relative.parts) - 1)
    try:
        write_files(target.parent, {target.name: text.encode("utf-8")})
    except FileExistsError:  # appeared while writing
        raise exists from None
    return relative
