"""What a pull request changes in the campaign, in words a reviewer reads at a glance:
"鹿城区 专项行动三 自查报告 新提交；2 个问题整改完成"."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from tieshai.findings import Finding, sort_key
from tieshai.load.layout import LayoutError, place, record_in_words
from tieshai.load.yamlload import YamlDocument
from tieshai.model.campaign import Campaign
from tieshai.outputs.report import code_span, markdown_text, summary_line
from tieshai.review.change import Change
from tieshai.vocabulary import Kind, RectificationStatus

STATUS = {"A": "新提交", "M": "修改", "D": "删除"}


def _items(document: YamlDocument | None) -> dict[Any, dict[str, Any]]:
    """A rectification report's items by problem id (none where the record is absent or broken)."""
    data = document.data if document is not None else None
    items = data.get("items") if isinstance(data, dict) else None
    return {i.get("problem"): i for i in items or [] if isinstance(i, dict)}


def describe_change(campaign: Campaign, change: Change, documents: Mapping[str, YamlDocument]) -> list[str]:
    """One line per changed file; ``documents`` are the changed records as they are now."""
    lines = []
    for file in change.files:
        try:
            placement = place(PurePosixPath(file.path), campaign)
        except LayoutError:
            placement = None
        if placement is None or placement.kind is None:
            if not file.path.startswith("submissions/"):
                lines.append(f"{file.path}：{STATUS[file.status]}（方案、工具或配置）")
            continue
        unit, record = record_in_words(placement, campaign)
        line = f"{unit} {record} {STATUS[file.status]}"
        if placement.kind is Kind.RECTIFICATION and file.status != "D":
            before = _items(change.base_document(file.path))
            after = _items(documents.get(file.path))
            done = sum(1 for pid, item in after.items() if item.get("status") == RectificationStatus.DONE
                       and before.get(pid, {}).get("status") != RectificationStatus.DONE)
            accepted = sum(1 for pid, item in after.items() if item.get("acceptance")
                           and not before.get(pid, {}).get("acceptance"))
            if done:
                line += f"；{done} 个问题整改完成"
            if accepted:
                line += f"；{accepted} 个问题验收"
        lines.append(line)
    return lines


def summary_markdown(lines: list[str], findings: list[Finding], files_checked: int) -> str:
    """The job summary and the bot comment: the verdict first, in fixed words, then what the PR
    changes. Every line about the change names files and units from the PR, so each is Markdown
    text that shows itself and nothing else: it cannot forge a verdict, hide what follows in an
    HTML comment, link, mention or format."""
    verdict = summary_line(findings, files_checked)
    text = ["## 铁筛：本合并请求的改动", "", f"**校验结果**：{verdict}", ""]
    text += [f"- {markdown_text(line)}" for line in lines] or ["- （没有改动填报）"]
    text.append("")
    return "\n".join(text) + "\n"


def comment_markdown(summary: str, findings: list[Finding], limit: int) -> str:
    """The bot comment: ``summary`` and the first ``limit`` findings, each one list item of data."""
    shown = sorted(findings, key=sort_key)[:limit]
    lines = [summary, *(f"- {code_span(f.location)} {f.severity.label} {code_span(f.code)} {markdown_text(f.message)}"
                        for f in shown)]
    if len(findings) > limit:
        lines.append(f"\n……另有 {len(findings) - limit} 条，完整列表见检查的作业摘要和日志。")
    return "\n".join(lines) + "\n"
