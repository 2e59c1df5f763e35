"""The words of a 行政执法监督整改通知书: one text, which the Word document prints and the site shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tieshai.chinese import chinese_date, clause
from tieshai.model.campaign import Campaign
from tieshai.model.records import Record, day


@dataclass(frozen=True)
class NoticeText:
    recipient: str  # the unit's bureau, to which the notice is addressed
    paragraphs: tuple[str, ...]  # the body, each paragraph as printed
    issuer: str
    issued: date
    copies_to: tuple[str, ...]  # the 版记: 抄送, and who prints it (on the day of issue)
    printed_by: str


def plan_basis(campaign: Campaign) -> str:
    """What the campaign's documents act under: 根据《…行动方案》（温应急〔2021〕11号）安排."""
    return f"根据《{campaign.notice['plan_title']}》（{campaign.notice['doc_number']}）安排"


def notice_text(campaign: Campaign, notice: Record, findings: Mapping[str, Record]) -> NoticeText:
    """The notice's words: the problems it lists (each from its inspection finding in ``findings``,
    by id), its requirements, its deadline and what it corrects."""
    action = campaign.action(notice["action"])
    paragraphs = [f"{plan_basis(campaign)}，督查组对你单位“{action.title}”开展了行政执法监督，发现以下问题："]
    for number, problem_id in enumerate(notice["problems"], start=1):
        finding = findings.get(problem_id)
        if finding is None:
            paragraphs.append(f"{number}. 问题 {problem_id}。")
            continue
        paragraphs.append(f"{number}. {clause(finding['description'])}（严重程度：{campaign.severity_name(finding['severity'])}；"
                          f"监督内容：{clause(campaign.item_in_words(finding['item']))}；依据：{clause(finding['basis'])}）。")
    paragraphs.append(f"整改要求及依据：{notice['requirements']}")
    paragraphs.append(f"请于{chinese_date(notice['deadline'])}前完成整改，并将整改情况书面报告{campaign.notice['issuer']}。")
    corrected = notice.get("corrects")
    if corrected:
        paragraphs.append(f"本通知书更正此前下达的通知书（{corrected}），以本通知书为准。")
    return NoticeText(campaign.unit(notice["unit"]).bureau, tuple(paragraphs), campaign.notice["issuer"],
                      day(notice["issue_date"]), tuple(campaign.notice.get("cc", ())), campaign.notice["printed_by"])
