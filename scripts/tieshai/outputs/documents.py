"""``tieshai export --format docx``: the campaign's paper as Word documents in the official layout
(outputs/official.py), made from the records and the derived state as of a date:

- 行政执法监督整改通知书, one per notice issued;
- 督查通报, one per action whose inspections are recorded: a draft the organiser finishes in Word
  (its number and the paragraphs marked 【待完善】);
- 进展简报 for leaders: the headline, the overdue list and every unit's standing;
- 年度结果: the Top 10 best cases with their reasons, the quarterly and annual deductions.

The records come as the reader may see them: the public build hands them over without their
internal fields, and nothing here adds any back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tieshai.chinese import chinese_date, chinese_number, chinese_period, clause
from tieshai.model.campaign import Action, Campaign
from tieshai.model.causes import CauseRow, tally_causes
from tieshai.model.ledger import LedgerEntry
from tieshai.model.overview import headline, overdue_items, standings
from tieshai.model.records import Record, Records, day
from tieshai.model.state import CampaignState
from tieshai.outputs.notice_text import notice_text, plan_basis
from tieshai.outputs.official import OfficialDocument
from tieshai.vocabulary import LedgerSource

DocumentFile = tuple[str, str, bytes]  # file name, title on the downloads page, content


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _points(value: float) -> str:
    return f"{value:g}"


class _Writer:
    """What every document of one campaign shares: its issuer, numbering and 版记."""

    def __init__(self, campaign: Campaign, state: CampaignState) -> None:
        self.campaign, self.state = campaign, state
        self.notice = campaign.notice
        prefix = str(self.notice["doc_number"]).split("〔")[0]
        self.blank_number = f"{prefix}〔{state.as_of.year}〕　　号"  # the organiser numbers the draft

    def start(self, title: str, number: str | None = None, when: date | None = None,
              draft: bool = False) -> OfficialDocument:
        return OfficialDocument(self.notice["issuer"], number or self.blank_number, title, when or self.state.as_of,
                                marker="草稿" if draft else "")

    def finish(self, document: OfficialDocument, when: date | None = None) -> bytes:
        document.record(list(self.notice.get("cc", [])), self.notice["printed_by"], when or self.state.as_of)
        return document.to_bytes()

    def unit_name(self, unit_id: str) -> str:
        return self.campaign.unit(unit_id).name

    def action_words(self, action: Action) -> str:
        return f"专项行动{chinese_number(action.number)}（{action.short_title}）"

    def item_words(self, item_id: str) -> str:
        return self.campaign.item_in_words(item_id)

    def severity(self, severity_id: str) -> str:
        return self.campaign.severity_name(severity_id)

    def cause(self, cause_id: str) -> str:
        return self.campaign.results.cause_analysis.name(cause_id)

    def basis(self) -> str:
        return plan_basis(self.campaign)


def notice_document(writer: _Writer, notice: Record, findings: dict[str, Record]) -> bytes:
    """行政执法监督整改通知书: the problems the notice lists, its requirements and deadline."""
    words = notice_text(writer.campaign, notice, findings)
    document = writer.start("行政执法监督整改通知书", notice["number"], words.issued)
    document.recipient(words.recipient)
    for paragraph in words.paragraphs:
        document.text(paragraph)
    document.signature(words.issued)
    return writer.finish(document, words.issued)


def _cause_counts(writer: _Writer, row: CauseRow) -> str:
    """成因 and how many problems it explains, the commonest first: 执法能力不足2个、审核把关不严1个."""
    return "、".join(f"{writer.cause(cause)}{count}个"
                    for cause, count in sorted(row.counts.items(), key=lambda pair: (-pair[1], pair[0])))


def circular_document(writer: _Writer, action: Action, inspections: list[Record], notices: list[Record]) -> bytes:
    """督查通报 for one action: overview, each unit's findings, typical problems by checklist item,
    causes, rates, and the requirements and deadlines (a draft)."""
    campaign, state = writer.campaign, writer.state
    entries = [e for e in state.ledger if e.action == action.id]
    found = [e for e in entries if e.source is LedgerSource.INSPECTION]
    inspected = sorted(inspections, key=lambda r: (r["date"], campaign.unit_ids.index(r["unit"])))
    document = writer.start(f"关于{action.title}督查情况的通报", draft=True)
    document.recipient(str(writer.notice["addressees"]))
    first, last = chinese_date(inspected[0]["date"]), chinese_date(inspected[-1]["date"])
    when = first if first == last else f"{first}至{last}"
    document.text(f"{writer.basis()}，{when}，市局督查组对{len(inspected)}个单位{writer.action_words(action)}"
                  "开展了督查。现将有关情况通报如下：")
    progress = [p for p in state.progress if p.action == action.id]
    method_names = {m["id"]: m["name"] for phase in campaign.phases for m in phase.methods}
    methods = sorted({m for r in inspected for m in r["methods"]}, key=lambda m: list(method_names).index(m)
                     if m in method_names else len(method_names))
    closed = sum(e.closed for e in entries)
    document.heading("一、基本情况")
    document.text(f"本项行动共{len(progress)}个单位参加，已提交自查报告{sum(p.self_inspected_on is not None for p in progress)}个"
                  f"（{_percent(sum(p.self_inspected_on is not None for p in progress), len(progress))}）；督查组采取"
                  f"{'、'.join(method_names.get(m, m) for m in methods)}等方式，督查了"
                  f"{'、'.join(writer.unit_name(r['unit']) for r in inspected)}，共发现问题{len(found)}个。"
                  f"截至{chinese_date(state.as_of)}，本项行动各单位自查和督查发现的问题共{len(entries)}个，已闭环{closed}个，"
                  f"闭环率{_percent(closed, len(entries))}。")
    document.heading("二、各单位督查发现的问题")
    for number, inspection in enumerate(inspected, start=1):
        document.subheading(f"（{chinese_number(number)}）{writer.unit_name(inspection['unit'])}")
        document.text(f"{chinese_date(inspection['date'])}督查。{inspection['summary']}")
        if "members" in inspection:  # internal only: the public build hands the record over without them
            document.text(f"督查组成员：{'、'.join(inspection['members'])}。")
        for problem_number, finding in enumerate(inspection["findings"], start=1):
            document.text(f"{problem_number}. {clause(finding['description'])}（{writer.severity(finding['severity'])}；"
                          f"依据：{clause(finding['basis'])}）。")
        if not inspection["findings"]:
            document.text("未发现问题。")
    document.heading("三、典型问题")
    by_item: dict[str, list[tuple[str, Record]]] = {}
    for inspection in inspected:
        for finding in inspection["findings"]:
            by_item.setdefault(finding["item"], []).append((inspection["unit"], finding))
    order = list(action.checklist_ids)
    for number, (item, found_here) in enumerate(sorted(by_item.items(), key=lambda pair: (
            -len(pair[1]), order.index(pair[0]) if pair[0] in order else len(order))), start=1):
        units = "、".join(dict.fromkeys(writer.unit_name(unit) for unit, _ in found_here))
        document.subheading(f"（{chinese_number(number)}）{writer.item_words(item)}")
        document.text(f"{units}共{len(found_here)}个问题。如：{found_here[0][1]['description']}")
    if not by_item:
        document.text("督查未发现问题。")
    _causes_section(document, writer, [e for e in entries if e.cause is not None])
    _rates_section(document, writer, entries, notices)
    document.heading("六、工作要求")
    document.text("各单位要对照本通报指出的问题，举一反三，逐项整改，于整改通知书规定的期限内完成整改并书面报告；"
                  "市局将对整改情况开展验收，逾期未完成的按方案扣分。", draft=True)
    for notice in notices:
        document.text(f"{writer.unit_name(notice['unit'])}：按{notice['number']}整改通知书，"
                      f"于{chinese_date(notice['deadline'])}前完成整改。")
    document.attachment_note(["督查发现问题清单"])
    document.signature()
    document.attachment(None, "督查发现问题清单")
    document.table(["单位", "问题", "严重程度", "成因", "整改期限", "状态"],
                   [[writer.unit_name(e.unit), e.description, writer.severity(e.severity),
                     writer.cause(e.cause) if e.cause else "", chinese_date(e.deadline) if e.deadline else "—",
                     e.status.value] for e in found], [2.2, 6, 1.6, 2.6, 2.6, 2.4])
    return writer.finish(document)


def _causes_section(document: OfficialDocument, writer: _Writer, entries: list[LedgerEntry]) -> None:
    analysis = writer.campaign.results.cause_analysis
    document.heading("四、成因分析")
    if not entries:
        document.text("督查发现的问题尚未分析成因。")
        return
    note = "（成因分类为示例默认值）" if analysis.illustrative else ""
    document.text(f"督查发现的{len(entries)}个问题，按主要成因分：{_cause_counts(writer, tally_causes(entries)[0])}。{note}")
    by_unit = tally_causes(entries, lambda entry: entry.unit)
    document.text("按单位分：" + "；".join(f"{writer.unit_name(row.scope)}{_cause_counts(writer, row)}"
                                        for row in by_unit) + "。")
    by_item = tally_causes(entries, lambda entry: entry.item)
    document.text("按监督内容分：" + "；".join(f"{clause(writer.item_words(row.scope))}，{_cause_counts(writer, row)}"
                                          for row in by_item) + "。")
    for entry in entries:
        if entry.cause_analysis:
            document.text(f"{writer.unit_name(entry.unit)}“{clause(entry.description)}”：{entry.cause_analysis}")


def _rates_section(document: OfficialDocument, writer: _Writer, entries: list[LedgerEntry],
                   notices: list[Record]) -> None:
    document.heading("五、整改情况")
    rows = []
    for unit in writer.campaign.units:
        mine = [e for e in entries if e.unit == unit.id]
        if mine:
            closed = sum(e.closed for e in mine)
            late = sum(e.overdue_now for e in mine)
            rows.append([unit.name, str(len(mine)), str(closed), _percent(closed, len(mine)), str(late)])
    document.text(f"截至{chinese_date(writer.state.as_of)}，已下达整改通知书{len(notices)}份。各单位问题整改情况如下：")
    document.table(["单位", "问题数", "闭环数", "闭环率", "逾期未整改"], rows, [3, 2, 2, 2, 2.5])


def briefing_document(writer: _Writer) -> bytes:
    """进展简报 as of the date: the headline figures, the overdue list, every unit's standing."""
    campaign, state = writer.campaign, writer.state
    overdue = overdue_items(campaign, state)
    figures = headline(state, overdue)
    document = writer.start(f"{campaign.short_name}进展简报（截至{chinese_date(state.as_of)}）")
    document.recipient("局领导")
    document.heading("一、总体进展")
    reported = sum(p.self_inspected_on is not None for p in state.progress)
    document.text(f"截至{chinese_date(state.as_of)}，应提交自查报告{len(state.progress)}份，已提交{reported}份；"
                  f"自查和督查共发现问题{figures['problems']}个，已闭环{figures['closed']}个"
                  f"（闭环率{_percent(figures['closed'], figures['problems'])}），逾期未整改{figures['overdue_problems']}个，"
                  f"逾期未提交自查报告{figures['missing_reports']}份，涉及{figures['units_behind']}个单位。")
    for action in campaign.actions:
        rows = [p for p in state.progress if p.action == action.id]
        entries = [e for e in state.ledger if e.action == action.id]
        document.text(f"{writer.action_words(action)}：自查报告{sum(p.self_inspected_on is not None for p in rows)}/"
                      f"{len(rows)}份，督查{sum(p.inspected_on is not None for p in rows)}个单位，问题{len(entries)}个、"
                      f"已闭环{sum(e.closed for e in entries)}个。")
    document.heading("二、逾期事项")
    if overdue:
        document.table(["单位", "事项", "期限", "逾期天数"],
                       [[writer.unit_name(item.unit), item.what, chinese_date(item.deadline), str(item.days)]
                        for item in overdue], [2, 7, 3, 2])
    else:
        document.text("目前没有逾期事项。")
    document.heading("三、各单位情况")
    document.table(["单位", "问题数", "闭环率", "逾期事项", "扣分", "指标达标"],
                   [[writer.unit_name(row.unit), str(row.problems),
                     _percent(row.closed, row.problems), str(row.overdue), _points(row.deductions),
                     f"{row.targets_met}/{row.targets_judged}" if row.targets_judged else "待评估"]
                    for row in standings(campaign, state, overdue)], [3, 2, 2, 2, 2, 2])
    document.signature()
    return writer.finish(document)


def results_document(writer: _Writer, nominations: dict[str, Record]) -> bytes:
    """年度结果: the Top 10 best cases with their reasons; the quarterly and annual deductions."""
    campaign, state = writer.campaign, writer.state
    best = campaign.results.best_cases
    document = writer.start(f"关于{campaign.year}年度{campaign.short_name}结果的通报", draft=True)
    document.recipient(str(writer.notice["addressees"]))
    document.text(f"{writer.basis()}，现将截至{chinese_date(state.as_of)}的{best.title}评选结果和考核扣分情况通报如下：")
    document.heading(f"一、{best.title}")
    top = [case for case in state.ranking if case.top]
    if not top:
        document.text("尚无案例进入排名。")
    for case in top:
        document.subheading(f"（{chinese_number(case.rank or 0)}）{case.title}（{writer.unit_name(case.unit)}）")
        nomination = nominations.get(case.case_id, {})
        merits = f"评析：{nomination['analysis']}" if nomination.get("analysis") else ""
        document.text(f"案件编号{case.case_number}。{''.join(case.reasons)}{merits}")
    document.heading("二、季度考核扣分")
    quarterly = [d for d in state.deductions if len(d.period) != 4]
    _deduction_table(document, writer, quarterly, "本季度未发现应扣分的问题。")
    document.heading("三、年度考核扣分")
    annual = [d for d in state.deductions if len(d.period) == 4]
    if any(d.provisional for d in annual):
        document.text("年度扣分为暂计：按目前情况，如至年底不变将扣的分数。")
    _deduction_table(document, writer, annual, "没有应扣分的问题。")
    document.heading("四、有关要求")
    document.text("请各单位对照扣分事项，抓紧整改，举一反三，巩固“铁筛”行动成果。", draft=True)
    document.signature()
    return writer.finish(document)


def _deduction_table(document: OfficialDocument, writer: _Writer, deductions: Iterable, empty: str) -> None:
    rows = [[writer.unit_name(d.unit), chinese_period(d.period), str(len(d.lines)), _points(d.points)]
            for d in deductions if d.lines]
    if rows:
        document.table(["单位", "期间", "扣分事项", "扣分（封顶后）"], rows, [3, 4, 2, 3])
    else:
        document.text(empty)


def document_files(campaign: Campaign, state: CampaignState, records: Records) -> list[DocumentFile]:
    """Every document as of the state's date: the briefing, the results, a circular per action
    with inspections, a notice per notice issued."""
    writer = _Writer(campaign, state)
    as_of = state.as_of
    inspections = [r for r in records.inspections if day(r["date"]) <= as_of]
    notices = sorted((n for n in records.notices if day(n["issue_date"]) <= as_of),
                     key=lambda n: (n["issue_date"], n["id"]))
    files = [("briefing.docx", "进展简报（Word）", briefing_document(writer)),
             ("results.docx", "年度结果通报（草稿，Word）",
              results_document(writer, {n["id"]: n for n in records.nominations}))]
    for action in campaign.actions:
        inspected = [r for r in inspections if r["action"] == action.id]
        if inspected:
            files.append((f"circular-{action.id}.docx",
                          f"专项行动{chinese_number(action.number)}督查通报（草稿，Word）",
                          circular_document(writer, action, inspected, [n for n in notices if n["action"] == action.id])))
    findings = {finding["id"]: finding for r in records.inspections for finding in r["findings"]}
    for notice in notices:
        files.append((f"notice-{notice['id']}.docx", f"整改通知书 {notice['number']}（{writer.unit_name(notice['unit'])}，Word）",
                      notice_document(writer, notice, findings)))
    return files
