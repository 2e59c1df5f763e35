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


def summary_line(findings: list[Finding], files_checked: int) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {files_checked} 个文件，没有发现问题。"
    verdict = "未通过" if errors else "通过"
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


def write_github(findings: Iterable[Finding], files_checked: int, out: TextIO) -> None:
    """Annotations for the first findings, plain lines for all, and a table in the job summary.

    Every value is data: escaped in the annotations, one line each in the plain lines, which GitHub
    is told not to read for commands at all (``stop-commands`` with a token no one can guess)."""
    ordered = sorted(findings, key=sort_key)
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
            properties.append(f"title={_escape_property(finding.code)}")
            print(f"::{kind} {','.join(properties)}::{_escape_data(finding.message)}", file=out)
    resume = secrets.token_hex(16)
    print(f"::stop-commands::{resume}", file=out)
    for finding in ordered:
        print(finding.as_text(), file=out)
    print(f"::{resume}::", file=out)
    print(summary_line(ordered, files_checked), file=out)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as summary:
            summary.write(step_summary(ordered, files_checked))


def step_summary(findings: list[Finding], files_checked: int) -> str:
    lines = ["## 铁筛校验结果", "", summary_line(findings, files_checked), ""]
    if findings:
        lines += ["| 位置 | 级别 | 代码 | 说明 |", "| --- | --- | --- | --- |"]
        for finding in findings:
            # in a table, a '|' ends the cell even in a code span unless escaped (GitHub shows it as '|')
            cells = [code_span(finding.location).replace("|", "\\|"), finding.severity.label,
                     markdown_text(finding.code), markdown_text(finding.message)]
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
