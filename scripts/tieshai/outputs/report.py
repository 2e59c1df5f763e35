"""Writing findings for people and machines: plain text, JSON, and GitHub workflow commands."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tieshai.findings import Finding, one_line, sort_key

GITHUB_ANNOTATION_LIMIT = 10  # GitHub shows at most 10 error annotations per step
PLACEHOLDER_CODE = "record-placeholder"
PASSED, FAILED = "通过", "未通过"  # the check's verdict in its own words (not an acceptance result)

# What a reader sees as an annotation's title: the finding's kind in words, never its code.
CODE_TITLES = {
    "change-not-allowed": "无权修改", "change-several-units": "一次改动了多个单位", "change-deleted": "删除了已提交的记录",
    "change-immutable": "不能改写的记录", "change-file-type": "符号链接或子模块", "change-base-unreadable": "原记录无法读取",
    "record-placeholder": "待填写", "record-duplicate-id": "编号重复", "record-unknown-problem": "找不到问题编号",
    "record-unreported-problem": "问题尚无整改情况", "record-personal-data": "含有个人信息",
    "record-overdue": "已逾期", "record-date-order": "日期先后不对", "record-date-outside": "日期超出范围",
    "record-path-mismatch": "与所在目录不一致", "record-status-inconsistent": "状态与内容不一致",
    "findings-truncated": "另有问题未列出", "evidence-checksum": "佐证材料校验值不符", "evidence-size": "佐证材料大小不符",
    "evidence-missing": "找不到佐证材料", "evidence-type": "佐证材料类型不对", "evidence-path": "佐证材料路径不对",
    "evidence-too-large": "佐证材料过大", "evidence-unreadable": "佐证材料无法读取",
    "schema-required": "缺少必填内容", "schema-enum": "不是可选的值", "schema-unknown-field": "不认识的字段",
    "schema-pattern": "写法不对", "schema-format": "写法不对", "schema-type": "类型不对",
}
FAMILY_TITLES = {"change": "改动不允许", "record": "记录内容有误", "evidence": "佐证材料有误", "schema": "不符合填写要求",
                 "yaml": "文件写法有误", "layout": "文件位置或名称不对", "campaign": "方案文件有误", "file": "文件无法读取"}


def code_title(code: str) -> str:
    """The annotation title of a finding code, in words."""
    return CODE_TITLES.get(code) or FAMILY_TITLES.get(code.split("-")[0], "校验提示")


def importance(finding: Finding) -> int:
    """0: an error that blocks; 1: a place still to fill in (an error too, but the template's own
    gaps, which a person fills in one go); 2: a warning."""
    if not finding.is_error:
        return 2
    return 1 if finding.code == PLACEHOLDER_CODE else 0


def by_importance(findings: Iterable[Finding]) -> list[Finding]:
    """Errors that block first, then the places to fill in, then warnings; each in file order,
    so that a long list never hides a substantive error behind placeholders."""
    return sorted(findings, key=lambda finding: (importance(finding), sort_key(finding)))


def summary_line(findings: list[Finding], files_checked: int) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {files_checked} 个文件，没有发现问题。"
    verdict = FAILED if errors else PASSED
    return f"检查了 {files_checked} 个文件：{errors} 个错误，{warnings} 个警告。{verdict}。"


def write_text(findings: Iterable[Finding], files_checked: int, out: TextIO) -> None:
    ordered = sorted(findings, key=sort_key)
    for finding in ordered:
        print(finding.as_text(), file=out)
    print(summary_line(ordered, files_checked), file=out)


def write_json(findings: Iterable[Finding], files_checked: int, out: TextIO) -> None:
    ordered = sorted(findings, key=sort_key)
    document = {
        "ok": not any(f.is_error for f in ordered),
        "files_checked": files_checked,
        "findings": [f.as_dict() for f in ordered],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Iterable[Finding], files_checked: int, out: TextIO, summary: str | None = None) -> None:
    """Annotations for the first findings, most important first, plain lines for all, and the job
    summary: ``summary`` when given (a change's review), else a table of the findings.

    Every value is data: escaped in the annotations, one line each in the plain lines, which GitHub
    is told not to read for commands at all (``stop-commands`` with a token no one can guess)."""
    ordered = by_importance(findings)
    shown = {"error": 0, "warning": 0}
    for finding in ordered:
        kind = finding.severity.value
        if shown[kind] < GITHUB_ANNOTATION_LIMIT:
            shown[kind] += 1
            properties = [f"file={_escape_property(finding.file)}"]
            if finding.line is not None:
                properties.append(f"line={finding.line}")
            if finding.column is not None:
                properties.append(f"col={finding.column}")
            properties.append(f"title={_escape_property(code_title(finding.code))}")
            print(f"::{kind} {','.join(properties)}::{_escape_data(finding.message)}", file=out)
    resume = secrets.token_hex(16)
    print(f"::stop-commands::{resume}", file=out)
    for finding in ordered:
        print(finding.as_text(), file=out)
    print(f"::{resume}::", file=out)
    print(summary_line(ordered, files_checked), file=out)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(summary if summary is not None else step_summary(ordered, files_checked))


def step_summary(findings: list[Finding], files_checked: int) -> str:
    lines = ["## 铁筛校验结果", "", summary_line(findings, files_checked), ""]
    if findings:
        lines += ["| 位置 | 级别 | 类别 | 说明 |", "| --- | --- | --- | --- |"]
        for finding in by_importance(findings):
            # in a table, a '|' ends the cell even in a code span unless escaped (GitHub shows it as '|')
            cells = [code_span(finding.location).replace("|", "\\|"), finding.severity.label,
                     code_title(finding.code), markdown_text(finding.message)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def markdown_text(text: str) -> str:
    """``text`` as itself in GitHub Markdown, on one line: every ASCII punctuation mark, the ones
    that make emphasis, links, headings, tables, HTML and comments (``<!--``), mentions and
    references, is backslash-escaped, so it can only ever be shown, never take effect."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, on one line, whatever backticks it holds: the fence is
    one backtick longer than its longest run of them, and inside it nothing is markup."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"
