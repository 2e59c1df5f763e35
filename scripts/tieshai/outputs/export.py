"""``tieshai export``: the derived model as JSON, or as one CSV table each that opens correctly
in Excel on Chinese Windows (UTF-8 with a byte-order mark, Chinese headers)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tieshai.model.campaign import Campaign
from tieshai.model.kpis import CITY
from tieshai.outputs.files import check_folder, existing, write_files

if TYPE_CHECKING:  # the command line imports this module for its formats; the model comes later
    from tieshai.model.records import Records
    from tieshai.model.state import CampaignState

# Each table's file name and the title the site's downloads page gives it.
TABLES = {"progress": "进度", "ledger": "整改台账", "kpis": "指标", "deductions": "考核扣分", "ranking": "案例排名"}
JSON_FILE, JSON_TITLE = "campaign-state.json", "全部统计数据"
FORMATS = ("json", "csv", "xlsx", "docx")


class ExportError(Exception):
    """The export cannot be written as asked; the message says why."""


# A table cell: text, a count, a figure (rounded as the table shows it), a date, or nothing.
Value = str | int | float | date | None
Table = tuple[list[str], list[list[Value]]]


def _yes(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _number(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def tables(campaign: Campaign, state: CampaignState) -> dict[str, Table]:
    """Each table's Chinese header and rows, as a person reads them, each value of its own type
    (the CSV writes them as text, the workbook as numbers and dates)."""
    cause = campaign.results.cause_analysis
    unit_name = {unit.id: unit.name for unit in campaign.units}
    action_name = {action.id: action.short_title for action in campaign.actions}
    target_name = {target.id: target.name for target in campaign.targets}
    criteria = campaign.results.best_cases.selection.criteria
    return {
        "progress": (["专项行动", "单位编号", "单位", "重点监督对象", "状态", "期限", "自查报告日期", "督查日期",
                      "闭环日期", "问题数", "未闭环问题数", "逾期", "逾期天数", "日期依据"],
                     [[action_name[p.action], p.unit, unit_name[p.unit], _yes(p.key_target), p.status, p.deadline,
                       p.self_inspected_on, p.inspected_on, p.closed_on, p.problems, p.open_problems,
                       _yes(p.deadline_missed), p.days_late,
                       "git 提交时间" if p.date_source == "git" else "填报日期"] for p in state.progress]),
        "ledger": (["问题编号", "单位编号", "单位", "专项行动", "来源", "监督内容", "严重程度", "问题描述", "发现日期",
                    "通知书文号", "整改期限", "状态", "闭环日期", "逾期天数", "成因", "成因分析"],
                   [[e.problem_id, e.unit, unit_name[e.unit], action_name[e.action], e.source, e.item,
                     campaign.severity_name(e.severity), e.description, e.found, e.notice_number or "",
                     e.deadline, e.status, e.closed_on, e.days_overdue, cause.name(e.cause) if e.cause else "",
                     e.cause_analysis or ""] for e in state.ledger]),
        "kpis": (["指标", "范围", "数值", "分子", "分母", "基准年", "达标"],
                 [[target_name[k.target], "全市" if k.scope == CITY else unit_name[k.scope], _number(k.value),
                   k.numerator, k.denominator,
                   _number(k.baseline), _yes(k.met)] for k in state.kpis]),
        "deductions": (["单位编号", "单位", "期间", "问题编号", "扣分原因", "扣分", "本期合计（封顶后）", "暂计"],
                       [[d.unit, unit_name[d.unit], d.period, line.problem_id, line.reason, _number(line.points, 2),
                         _number(d.points, 2), _yes(d.provisional)] for d in state.deductions for line in d.lines]),
        "ranking": (["名次", "案例编号", "单位", "案例标题", "案件编号", "评审人数",
                     *[f"{c.name}（均分）" for c in criteria], "加权总分", "状态", "入选", "说明"],
                    [[r.rank, r.case_id, unit_name[r.unit], r.title, r.case_number,
                      r.reviewers, *[_number(r.criteria.get(c.id), 2) for c in criteria], _number(r.score, 2),
                      r.status, _yes(r.top), " ".join(r.reasons)] for r in state.ranking]),
    }


def _json_value(value: Any) -> Any:
    """What json cannot write by itself: a date as YYYY-MM-DD, a row of the model as its fields."""
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in fields(value)}
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def json_text(campaign: Campaign, state: CampaignState) -> str:
    document = {"campaign": campaign.id, "as_of": state.as_of.isoformat(),
                **{name: getattr(state, name) for name in TABLES},
                "closed_loop": {scope: [dict(_json_value(rate), rate=rate.rate) for rate in rates]
                                for scope, rates in state.closed_loop.items()}}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_value) + "\n"


# Excel and other spreadsheets read a cell starting with one of these as a formula (OWASP "CSV
# injection"); a figure the tables write as text, such as -0.5, is a number and stays one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value: Any) -> Any:
    """A value as data in a spreadsheet: text that would start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def text(value: Value) -> str | int:
    """A value as the CSV writes it: a date as YYYY-MM-DD, a figure without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def csv_bytes(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a BOM, which tells Excel on Chinese Windows the encoding;
    every cell is data, never a formula (the site's downloads are these same files)."""
    header, rows = table
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(text(value)) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class ExportFile:
    name: str
    title: str  # as the site's downloads page lists it
    content: bytes


def export_files(campaign: Campaign, state: CampaignState, records: Records, output_format: str) -> list[ExportFile]:
    """The files of one format; ``records`` (the Word documents quote them) as the reader may see
    them: the public build hands them over without their internal fields."""
    if output_format == "json":
        return [ExportFile(JSON_FILE, f"{JSON_TITLE}（JSON）", json_text(campaign, state).encode("utf-8"))]
    if output_format == "xlsx":  # the libraries load only when asked for
        from tieshai.outputs.workbook import WORKBOOK_FILE, WORKBOOK_TITLE, workbook_bytes

        return [ExportFile(WORKBOOK_FILE, WORKBOOK_TITLE, workbook_bytes(campaign, state))]
    if output_format == "docx":
        from tieshai.outputs.documents import document_files

        return [ExportFile(name, title, content) for name, title, content in document_files(campaign, state, records)]
    every_table = tables(campaign, state)
    return [ExportFile(f"{name}.csv", f"{title}（CSV）", csv_bytes(every_table[name])) for name, title in TABLES.items()]


def write_export(out: Path, output_format: str, campaign: Campaign, state: CampaignState,
                 records: Records) -> list[Path]:
    """Every file of the export into ``out``, all or none (outputs/files.py); never over a file."""
    files = export_files(campaign, state, records, output_format)
    check_folder(out)
    taken = existing(out, [file.name for file in files])
    if not taken:
        try:
            return write_files(out, {file.name: file.content for file in files})
        except FileExistsError:  # appeared while writing
            taken = existing(out, [file.name for file in files])
    raise ExportError(f"{out} 中已有 {'、'.join(taken)}。为免覆盖，请换一个目录或先移走这些文件。")
