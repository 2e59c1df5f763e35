"""The review of a pull request as the reviewer reads it, in the job summary and the bot comment:
one heading with the verdict, who sent the change and in which role, what it changes record by
record, then the findings by what matters (errors that block, the places still to fill in per
file, warnings), the checks that wait for a broken file, and what others must still do.

Everything quoted from the pull request (file names, keys, values, logins) is data: Markdown
text that shows itself (every ASCII punctuation mark escaped) or a code span, so it cannot forge
the verdict, hide what follows in an HTML comment, link, mention or format. Links are built only
from checked addresses and percent-encoded paths (links.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tieshai.findings import Finding
from tieshai.outputs.report import FAILED, PASSED, by_importance, code_span, importance, markdown_text
from tieshai.review.describe import RecordChange
from tieshai.review.links import PREVIEW_ARTIFACT, Links
from tieshai.vocabulary import Kind

# The reviewer's guide has one section per kind of record (docs/reviewing.md); GitHub's anchor
# of a heading is its text, lower-cased, without punctuation.
GUIDE_SECTIONS = {
    Kind.SELF_INSPECTION: "审阅自查报告", Kind.INSPECTION: "审阅督查记录", Kind.NOTICE: "审阅整改通知书",
    Kind.RECTIFICATION: "审阅整改报告和验收", Kind.PLAN_FILING: "审阅专项记录", Kind.ACCIDENT_REVIEW: "审阅专项记录",
    Kind.CASE_FILE_REVIEW: "审阅专项记录", Kind.KPI_REPORT: "审阅指标报送", Kind.CASE_NOMINATION: "审阅案例推荐和评分",
    Kind.CASE_SCORES: "审阅案例推荐和评分", Kind.ACCOUNTABILITY_REFERRAL: "审阅过错责任追究",
}
PLAN_SECTION = "审阅方案和工具的改动"


@dataclass(frozen=True)
class FollowUp:
    """A warning about a file the change does not touch: what remains to be done, and by whom."""

    who: str
    finding: Finding


@dataclass(frozen=True)
class Review:
    """A change as the reviewer needs it, beside the findings of its check."""

    author: str | None
    role: str | None  # the author's role in words, by the base's campaign
    records: list[RecordChange] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (file, the checks that run once it is fixed)


def verdict(findings: list[Finding], review: Review) -> tuple[str, str]:
    """The heading's word and the verdict's sentence, in tieshai's own fixed words."""
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    records = sum(record.is_record for record in review.records)
    evidence = sum(record.evidence for record in review.records)
    others = len(review.records) - records - evidence
    size = (f"改动 {records} 份记录" + (f"、{evidence} 个佐证材料" if evidence else "")
            + (f"、{others} 个其他文件" if others else ""))
    if errors:
        return FAILED, f"{FAILED}：{errors} 个错误，{warnings} 个警告，改正错误后才能合并。{size}。"
    if warnings:
        return PASSED, f"{PASSED}，有 {warnings} 个警告需要审阅人判断。{size}。"
    return PASSED, f"{PASSED}，没有发现问题。{size}。"


def _link(text: str, url: str | None) -> str:
    return f"[{text}]({url})" if url else text


def _location(finding: Finding, links: Links) -> str:
    return _link(code_span(finding.location), links.line(finding))


def _finding_line(finding: Finding, links: Links) -> str:
    return f"- {_location(finding, links)} {finding.severity.label}：{markdown_text(finding.message)}"


def _lines_range(lines: list[int]) -> str:
    if not lines:
        return ""
    low, high = min(lines), max(lines)
    return f"，第 {low} 行" if low == high else f"，第 {low}–{high} 行"


def review_markdown(review: Review, findings: list[Finding], links: Links, limit: int | None = None) -> str:
    """The job summary (``limit`` None: every finding) or the bot comment (the first ``limit``)."""
    word, sentence = verdict(findings, review)
    text = [f"## 铁筛校验：{word}", "", f"**校验结果**：{sentence}", ""]
    text += [_header(review, findings, links), ""]
    text += _changes(review, links)
    text += _findings(findings, links, limit)
    if review.waiting:
        text += ["### 暂未进行的检查", ""]
        text += [f"- {code_span(path)}：{markdown_text(checks)}" for path, checks in review.waiting] + [""]
    if review.follow_ups:
        text += ["### 合并后仍需办理（不影响本次校验结论）", ""]
        text += [f"- {markdown_text(item.who)}：{markdown_text(item.finding.message)}（{_location(item.finding, links)}）"
                 for item in review.follow_ups] + [""]
    return "\n".join(text) + "\n"


def _header(review: Review, findings: list[Finding], links: Links) -> str:
    parts = []
    if review.author is not None:
        parts.append(f"提交人：{code_span(review.author)}（{markdown_text(review.role or '')}）")
    if links.run_page():
        parts.append(_link("本次校验的运行记录", links.run_page()))
    units = sorted({record.unit for record in review.records if record.unit})
    if links.artifacts() and not any(f.is_error for f in findings):
        pages = "、".join(code_span(f"units/{unit}/index.html") for unit in units) or code_span("index.html")
        parts.append(f"{_link('站点预览', links.artifacts())}（下载 {PREVIEW_ARTIFACT}，打开 {pages}）")
    parts.append(_link("审阅指南", links.guide()))
    return " · ".join(parts)


def _changes(review: Review, links: Links) -> list[str]:
    text = ["### 改动内容", ""]
    if not review.records:
        return [*text, "- （没有改动）", ""]
    for record in review.records:
        section = GUIDE_SECTIONS.get(record.kind) if record.kind else (None if record.unit else PLAN_SECTION)
        guide = f" {_link('审阅要点', links.guide(section))}" if section and links.guide(section) else ""
        text.append(f"- **{markdown_text(record.title)}**：{record.verb}{guide}")
        text += [f"  - {markdown_text(detail)}" for detail in record.details]
    return [*text, ""]


def _findings(findings: list[Finding], links: Links, limit: int | None) -> list[str]:
    """Errors that block, the places to fill in per file, then warnings; the comment lists the
    first ``limit`` findings (errors first), the job summary all."""
    ordered = by_importance(findings)
    blocking = [f for f in ordered if importance(f) == 0]
    warnings = [f for f in ordered if importance(f) == 2]
    room = len(ordered) if limit is None else limit
    text = _listed("需要改正的错误", blocking, links, room)
    text += _placeholders([f for f in ordered if importance(f) == 1], links)
    return text + _listed("警告", warnings, links, room - len(blocking))


def _listed(title: str, group: list[Finding], links: Links, room: int) -> list[str]:
    if not group:
        return []
    listed = group[:max(room, 0)]
    text = [f"### {title}（{len(group)}）", "", *(_finding_line(f, links) for f in listed)]
    if len(listed) < len(group):
        text.append(f"- ……另有 {len(group) - len(listed)} 条，完整列表见本次校验的作业摘要和日志。")
    return [*text, ""]


def _placeholders(findings: Iterable[Finding], links: Links) -> list[str]:
    """The places still to fill in, one line per file: how many and on which lines."""
    files: dict[str, list[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.file, []).append(finding)
    if not files:
        return []
    text = [f"### 待填写（{len(files)} 个文件）", ""]
    for group in files.values():
        lines = [f.line for f in group if f.line is not None]
        text.append(f"- {_location(group[0], links)}：{len(group)} 处待填写{_lines_range(lines)}。"
                    "请把“待填写”换成实际内容。")
    return [*text, ""]
