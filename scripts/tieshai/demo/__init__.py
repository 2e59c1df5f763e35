"""``tieshai demo``: a complete, valid campaign repository from a deterministic generator.

Without ``--units`` it writes the embedded demo: the 2021 Wenzhou plan with its 14 real units and
invented content (marked 示例数据), stopped mid-course on 2021-09-15 so that every state appears:
finished actions, an action in 督查, rectifications on time, late and overdue, a provisional
Top 10. With ``--units N`` the same generator writes N invented units, for benchmarks. The same
seed always gives the same bytes: every choice comes from a random.Random seeded by text.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from tieshai.load.layout import path_for
from tieshai.load.schemas import plan_file, schema_dir
from tieshai.load.yamlload import load_yaml_file
from tieshai.model.campaign import CAMPAIGN_FILE, Action, Campaign, campaign_from_data
from tieshai.model.case_scoring import case_file_grade, case_file_total
from tieshai.vocabulary import (
    AcceptanceResult,
    AccidentLevel,
    Conclusion,
    Kind,
    LaterOutcome,
    PartyKind,
    ProblemStatus,
    RectificationStatus,
    ReferralOutcome,
    ResponsibilityCategory,
)

DEMO_AS_OF = date(2021, 9, 15)
MARK = "# 示例数据：内容为虚构，由 tieshai demo 生成，仅用于演示。"
DEMO_BLOCK = re.compile(r"\n# 示例数据：本仓库由 tieshai demo 生成[^\n]*\ndemo:\n(?:  [^\n]*\n)+")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = ["建国", "晓东", "海燕", "志强", "丽华", "国平", "春燕", "永明", "秀英", "文斌", "雪梅", "立新"]
COMPANIES = ["东海机械", "瓯江化工", "鹿苑鞋业", "南塘阀门", "江滨物流", "海港船舶", "山城建材", "新桥五金",
             "温瑞电器", "雁荡包装", "龙湖印刷", "滨海食品"]
DEPARTMENTS = ["政策法规科", "执法大队", "安全生产基础科", "危化品监管科", "调查评估科", "办公室"]
PRACTICES = ["建立执法案卷“一案一审”制度，案卷质量明显提升。", "执法检查全部使用移动执法终端，数据实时上传。",
             "与公安、法院建立行刑衔接联席会议机制。", "对委托执法的乡镇（街道）开展集中培训和案卷抽查。",
             "推行“说理式”处罚决定书，裁量理由写明写透。", "建立重大执法决定法制审核清单。"]
PROBLEMS = {
    "plans": ["年度监督检查计划未区分企业风险等级安排检查频次。", "年度监督检查计划报上一级备案晚于规定时间。",
              "“双随机”抽查事项清单未及时录入系统平台。"],
    "enforcement": ["行政执法公示信息更新不及时。", "部分现场检查未全程音视频记录。", "重大执法决定法制审核意见过于简单。",
                    "执法辅助人员参与执法未明确职责边界。", "涉嫌犯罪案件移送后未跟踪办理情况。"],
    "accidents": ["事故调查报告对间接原因分析不充分。", "事故责任单位整改措施落实情况评估不及时。",
                  "事故调查报告批复后未按规定公开。", "事故相关处罚裁量理由未写明。"],
    "case-review": ["个别案卷送达回证缺少签收日期。", "个别案卷裁量说理不充分。", "个别案卷证据目录不完整。"],
}
CASE_TITLES = ["未按规定开展安全生产教育培训案", "未按规定设置安全警示标志案", "特种作业人员未持证上岗案",
               "未按规定进行隐患排查治理案", "危险化学品未按规定储存案", "未按规定配备劳动防护用品案",
               "安全设备未经常性维护保养案", "有限空间作业未审批案", "未按规定制定应急预案案", "拒不执行停产整顿指令案"]


class DemoError(Exception):
    """The demo cannot be written as asked; the message says why."""


@dataclass
class _Writer:
    root: Path
    rng_seed: int
    files: int = 0
    notices: list[dict[str, Any]] = field(default_factory=list)  # numbered once all are known (write_notices)
    referred: bool = False  # the demo's one accountability referral is written
    nominations: list[dict[str, Any]] = field(default_factory=list)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(map(str, (self.rng_seed, *parts))))

    def record(self, relative: PurePosixPath, kind: Kind, data: dict[str, Any]) -> None:
        depth = len(relative.parts) - 1
        header = f"# yaml-language-server: $schema={'../' * depth}schemas/{kind.schema}.schema.json\n{MARK}\n"
        body = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=4096,
                         default_flow_style=False)
        self._write(relative, (header + body).encode("utf-8"))

    def evidence(self, folder: PurePosixPath, name: str, title: str) -> dict[str, Any]:
        content = _pdf(f"tieshai demo evidence: {name}")
        self._write(folder / "evidence" / name, content)
        return {"title": title, "file": f"evidence/{name}", "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content)}

    def _write(self, relative: PurePosixPath, content: bytes) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.files += 1


def _pdf(text: str) -> bytes:
    """A small, valid, deterministic one-page PDF."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _day(value: date) -> str:
    return value.isoformat()


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


# -- the campaign file -------------------------------------------------------------------------

def _campaign_text(units: int | None, seed: int) -> str:
    text = plan_file().read_text(encoding="utf-8")
    text = DEMO_BLOCK.sub("", text)  # the repository's own campaign.yaml is itself the demo
    marker = "schema_version: 1\n"
    text = text.replace(marker, f"{marker}\n# 示例数据：本仓库由 tieshai demo 生成，单位填报内容均为虚构。\n"
                                f"demo:\n  as_of: \"{DEMO_AS_OF}\"\n  seed: {seed}\n", 1)
    if units is None:
        return text
    ids = [f"unit{number:03d}" for number in range(1, units + 1)]
    block = "".join(f"  - id: {unit_id}\n    name: 示例单位{number}\n    bureau: 示例单位{number}应急管理局\n"
                    f"    kind: county\n    maintainers: [{unit_id}-bureau]\n"
                    for number, unit_id in enumerate(ids, start=1))
    head, _, rest = text.partition("\nunits:\n")
    tail = rest[rest.index("\n# "):]
    targets = iter([ids[index::3][: max(1, units // 8)] for index in range(3)] + [[]])
    head = re.sub(r"key_targets: \[[^\]]*\]", lambda _: f"key_targets: [{', '.join(next(targets))}]", head)
    return head + "\nunits:\n" + block + tail


# -- records -----------------------------------------------------------------------------------

def _self_inspection(writer: _Writer, unit: str, action: Action, report: date) -> list[dict[str, Any]]:
    rng = writer.rng(unit, action.id, "self")
    problem_count = rng.choice((0, 1, 1, 2))
    problems, problem_items = [], set()
    for number in range(1, problem_count + 1):
        item = rng.choice(action.checklist)
        problem_items.add(item.id)
        problems.append({
            "id": f"{unit}-{action.id}-s{number}", "item": item.id,
            "description": rng.choice(PROBLEMS[action.id]), "severity": rng.choice(("minor", "minor", "major")),
            "measures": "制定整改方案，明确责任人和完成时限。", "department": rng.choice(DEPARTMENTS),
            "deadline": _day(report + timedelta(days=rng.randint(20, 40))), "status": ProblemStatus.IN_PROGRESS.value,
        })
    conclusions = [{"item": item.id,
                    "result": _conclusion(rng, item.id in problem_items).value,
                    "findings": f"对照“{item.text[:18]}”逐项自查，已核查相关台账和案卷。"}
                   for item in action.checklist]
    data: dict[str, Any] = {"unit": unit, "action": action.id, "report_date": _day(report),
                            "conclusions": conclusions, "problems": problems,
                            "good_practices": [rng.choice(PRACTICES)], "highlights": [rng.choice(PRACTICES)]}
    if action.record_kind == Kind.CASE_FILE_REVIEW.value:
        scope = rng.randint(20, 60)
        data["totals"] = {"files_in_scope": scope, "files_self_reviewed": scope, "files_failed": rng.randint(0, 2)}
    data["contact"] = {"name": _person(rng), "phone": f"0577-8{rng.randint(1000000, 9999999)}"}
    writer.record(path_for(Kind.SELF_INSPECTION, unit, action.id, None), Kind.SELF_INSPECTION, data)
    return [dict(problem, found=report) for problem in problems]


def _conclusion(rng: random.Random, has_problem: bool) -> Conclusion:
    if has_problem:
        return Conclusion.NON_COMPLIANT if rng.random() < 0.5 else Conclusion.MOSTLY_COMPLIANT
    return rng.choice((Conclusion.COMPLIANT, Conclusion.COMPLIANT, Conclusion.COMPLIANT, Conclusion.NOT_APPLICABLE))


# The demo's causes (campaign.yaml's results.cause_analysis), with an analysis a team might write.
CAUSES = (
    ("awareness", "执法人员认为问题已经整改到位，忽视了程序要求，重结果轻程序。"),
    ("competence", "新进执法人员较多，对相关条款和裁量基准掌握不准，业务培训不够。"),
    ("competence", "执法人员对文书制作规范不熟悉，制作后无人复核。"),
    ("rules", "局内缺少相应的工作制度，具体做法因人而异。"),
    ("review", "法制审核只看文书是否齐全，未审查事实和依据。"),
    ("resources", "执法人员少、检查任务重，难以按规定时限完成。"),
)


def _inspection(writer: _Writer, unit: str, action: Action, when: date, findings: int) -> list[dict[str, Any]]:
    rng = writer.rng(unit, action.id, "inspection")
    problems = [{"id": f"{unit}-{action.id}-i{number}", "item": rng.choice(action.checklist).id,
                 "description": rng.choice(PROBLEMS[action.id]), "severity": rng.choice(("minor", "major", "serious")),
                 "basis": "《安全生产监管执法监督办法》（安监总政法〔2018〕34号）"} for number in range(1, findings + 1)]
    causes = writer.rng(unit, action.id, "causes")  # its own stream: the findings above stay as they were
    for problem in problems:
        problem["cause"], analysis = causes.choice(CAUSES)
        if causes.random() < 0.6:
            problem["cause_analysis"] = analysis
    writer.record(path_for(Kind.INSPECTION, unit, action.id, None), Kind.INSPECTION, {
        "unit": unit, "action": action.id, "date": _day(when), "members": [_person(rng), _person(rng)],
        "methods": ["symposium", "ledger-review", "case-file-review"],
        "summary": "督查组听取汇报，查阅台账，抽查案卷，并与执法人员座谈交流。", "findings": problems})
    return [dict(problem, found=when) for problem in problems]


def _notice(writer: _Writer, unit: str, action: Action, problems: list[dict[str, Any]], issued: date) -> date:
    deadline = issued + timedelta(days=35)
    writer.notices.append({
        "id": f"{unit}-{action.id}-n1", "unit": unit, "action": action.id, "number": None,
        "issue_date": _day(issued), "deadline": _day(deadline), "problems": [p["id"] for p in problems],
        "requirements": "请对照所列问题逐项整改，于期限内书面报告整改情况并附佐证材料。依据《安全生产监管执法监督办法》。"})
    return deadline


def _write_notices(writer: _Writer) -> None:
    """Every notice, numbered in the order of issue as an office numbers its documents."""
    for number, notice in enumerate(sorted(writer.notices, key=lambda n: (n["issue_date"], n["id"])), start=1):
        notice["number"] = f"温应急督〔2021〕{number}号"
        writer.record(path_for(Kind.NOTICE, notice["unit"], notice["action"], notice["id"]), Kind.NOTICE, notice)


def _referral(writer: _Writer, unit: str, found: list[dict[str, Any]], issued: date) -> None:
    """The demo's one accountability referral: the first serious finding of a notified inspection."""
    serious = [problem for problem in found if problem["severity"] == "serious"]
    if writer.referred or not serious:
        return
    writer.referred = True
    rng = writer.rng(unit, "referral")
    record_id = f"{unit}-accountability-1"
    decided = issued + timedelta(days=20)
    dealt = decided + timedelta(days=25)
    record: dict[str, Any] = {
        "id": record_id, "unit": unit, "problems": [serious[0]["id"]],
        "facts": "该问题经督查发现后核实，执法人员在办案中未按规定履行法定程序，造成执法决定被撤销，情节较重。",
        "basis": "《浙江省行政执法过错责任追究办法》（省政府令307号）第八条",
        "responsible": [{"position": "执法大队副大队长", "name": _person(rng), "category": ResponsibilityCategory.DIRECT.value},
                        {"position": "分管副局长", "name": _person(rng), "category": ResponsibilityCategory.LEADER.value}],
        "decided_by": "温州市应急管理局", "decision_date": _day(decided)}
    if dealt <= DEMO_AS_OF:
        record.update(outcome=ReferralOutcome.DEALT_WITH.value, outcome_date=_day(dealt), outcome_text="对直接责任人员诫勉谈话，对负有责任的领导人员通报批评。")
    else:
        record["outcome"] = ReferralOutcome.PENDING.value
    writer.record(path_for(Kind.ACCOUNTABILITY_REFERRAL, unit, None, record_id), Kind.ACCOUNTABILITY_REFERRAL, record)


def _rectification(writer: _Writer, unit: str, action: Action, problems: list[dict[str, Any]],
                   outcome: dict[str, str], report: date) -> None:
    """``outcome`` maps problem ids to on-time / late / open; notified problems get 验收 when done."""
    rng = writer.rng(unit, action.id, "rectification")
    folder = path_for(Kind.RECTIFICATION, unit, action.id, None).parent
    items = []
    for problem in problems:
        state = outcome[problem["id"]]
        item: dict[str, Any] = {"problem": problem["id"], "measures": "已按整改方案落实，完善制度并组织复查。"}
        if state == "open":
            item["status"] = RectificationStatus.IN_PROGRESS.value
        else:
            deadline = date.fromisoformat(problem["deadline"])
            done = (deadline - timedelta(days=rng.randint(2, 12)) if state == "on-time"
                    else deadline + timedelta(days=rng.randint(3, 15)))
            done = max(done, problem["found"] + timedelta(days=1))
            item.update(status=RectificationStatus.DONE.value, completion_date=_day(done), evidence=[
                writer.evidence(folder, f"{problem['id']}.pdf", "整改情况说明") if rng.random() < 0.6 else
                {"title": "整改现场执法记录仪视频", "external": f"执法记录仪管理平台 编号 {problem['id'].upper()}",
                 "sha256": hashlib.sha256(problem["id"].encode()).hexdigest()}])
            if problem["id"].rsplit("-", 1)[1].startswith("i"):
                item["acceptance"] = {"date": _day(done + timedelta(days=rng.randint(3, 8))),
                                      "result": AcceptanceResult.PASSED.value,
                                      "remarks": "整改到位，予以销号。"}
        items.append(item)
    writer.record(path_for(Kind.RECTIFICATION, unit, action.id, None), Kind.RECTIFICATION, {
        "unit": unit, "action": action.id, "report_date": _day(report), "items": items,
        "contact": {"name": _person(rng)}})


def _plan_filing(writer: _Writer, unit: str, name: str, action: Action) -> None:
    rng = writer.rng(unit, "plan-filing")
    approved = date(2021, 2, rng.randint(1, 20))
    writer.record(path_for(Kind.PLAN_FILING, unit, action.id, None), Kind.PLAN_FILING, {
        "unit": unit, "action": action.id,
        "annual_plan": {"title": f"{name}2021年度安全生产监督检查计划", "graded_enforcement": True,
                        "approved_by_government": True, "approval_date": _day(approved),
                        "filed_with_upper_level": True, "filing_date": _day(approved + timedelta(days=rng.randint(3, 20)))},
        "double_random_plan": {"title": f"{name}2021年度“双随机、一公开”抽查计划", "entered_in_platform": True,
                               "entry_date": _day(date(2021, 3, rng.randint(1, 20))), "matters": rng.randint(6, 20)}})


def _accident_reviews(writer: _Writer, unit: str, bureau: str, action: Action) -> None:
    rng = writer.rng(unit, "accidents")
    for number in range(1, rng.randint(1, 2) + 1):
        occurred = date(2018, 6, 1) + timedelta(days=rng.randint(0, 1000))
        report = occurred + timedelta(days=rng.randint(30, 58))
        approval = report + timedelta(days=rng.randint(5, 14))
        record_id = f"{unit}-acc-{number}"
        writer.record(path_for(Kind.ACCIDENT_REVIEW, unit, action.id, record_id), Kind.ACCIDENT_REVIEW, {
            "id": record_id, "unit": unit, "action": action.id,
            "accident": {"name": f"示例{rng.choice(COMPANIES)}有限公司“{occurred.month}·{occurred.day}”一般"
                                 f"{rng.choice(('物体打击', '机械伤害', '高处坠落', '触电'))}事故",
                         "date": _day(occurred), "level": AccidentLevel.GENERAL.value, "deaths": rng.randint(0, 1),
                         "injuries": rng.randint(0, 2)},
            "investigation": {"lead_body": bureau, "report_date": _day(report), "extended": False,
                              "approval_date": _day(approval), "published": True,
                              "publication_date": _day(approval + timedelta(days=rng.randint(3, 20)))},
            "answers": [{"item": item.id,
                         "result": rng.choice((Conclusion.COMPLIANT, Conclusion.COMPLIANT,
                                               Conclusion.MOSTLY_COMPLIANT)).value,
                         "note": "查阅调查报告、批复和公开材料。"} for item in action.checklist]})


def _case_file_reviews(writer: _Writer, unit: str, index: int, action: Action) -> list[dict[str, Any]]:
    rng = writer.rng(unit, "case-files")
    scoring = action.case_scoring
    assert scoring is not None, "the case-file review action scores its case files"
    window = action.subjects["case_window"]
    start, end = date.fromisoformat(window["start"]), date.fromisoformat(window["end"])
    reviews = []
    for number in range(1, rng.randint(2, 3) + 1):
        deductions = [{"item": item.id, "points": rng.choice((1, 2, 3, 5)), "reason": "文书制作不够规范。"}
                      for item in action.checklist if rng.random() < 0.35]
        vetoes = [scoring.vetoes[rng.randrange(len(scoring.vetoes))].id] if rng.random() < 0.12 else []
        total = case_file_total(scoring.criteria_points, deductions)
        grade = case_file_grade(((g.id, g.min_points) for g in scoring.grades), scoring.veto_grade, total,
                                vetoed=bool(vetoes))
        record_id = f"{unit}-case-{number}"
        case_number = f"示例应急罚〔2021〕{1000 + 10 * index + number}号"  # unique, and apart from nominations' 100-199
        writer.record(path_for(Kind.CASE_FILE_REVIEW, unit, action.id, record_id), Kind.CASE_FILE_REVIEW, {
            "id": record_id, "unit": unit, "action": action.id, "case_number": case_number,
            "case_type": rng.choice(("penalty", "penalty", "coercion", "license")),
            "closing_date": _day(start + timedelta(days=rng.randint(0, (end - start).days))),
            "reviewers": [_person(rng), _person(rng)], "vetoes": vetoes, "deductions": deductions,
            "total": total, "grade": grade})
        reviews.append({"case_number": case_number, "vetoed": bool(vetoes)})
    return reviews


def _kpi(writer: _Writer, unit: str, campaign: Campaign) -> None:
    rng = writer.rng(unit, "kpi")
    rates = [t.id for t in campaign.targets if t.reported_rate]
    base = {"year": 2020, "reconsideration_cases": rng.randint(1, 6), "reconsideration_corrected": rng.randint(0, 1),
            "litigation_cases": rng.randint(1, 5), "litigation_lost": rng.randint(0, 1)}
    for quarter in (1, 2):
        period = f"2021-q{quarter}"
        pairs = {}
        for target_id in rates:
            denominator = rng.randint(10, 60)
            share = {"spot-check-completion": (0.9, 1), "double-random-coverage": (0.85, 1),
                     "credit-supervision": (0.3, 0.8), "cross-department": (0.15, 0.5)}.get(target_id, (0.5, 1))
            pairs[target_id] = {"numerator": min(denominator, round(denominator * rng.uniform(*share))),
                                "denominator": denominator}
        cases = rng.randint(0, 3)
        writer.record(path_for(Kind.KPI_REPORT, unit, None, period), Kind.KPI_REPORT, {
            "unit": unit, "period": period, "rates": pairs,
            "reconsideration": {"cases": cases, "corrected": min(cases, rng.randint(0, 1))},
            "litigation": {"cases": (lit := rng.randint(0, 2)), "lost": min(lit, rng.randint(0, 1))},
            "baseline": {**base, "reconsideration_cases": base["reconsideration_cases"] + quarter - 1},
            "contact": {"name": _person(rng)}})


def _nominations(writer: _Writer, unit: str, name: str, campaign: Campaign, vetoed_cases: list[str],
                 index: int) -> None:
    """One or two cases per unit. Unit 5 has a case later lost in court (excluded); units 1 and 2
    have first cases scored identically, so the ranking's tie-break shows."""
    rng = writer.rng(unit, "cases")
    criteria = campaign.results.best_cases.selection.criteria
    for number in range(1, rng.randint(1, 2) + 1):
        case_id = f"{unit}-2021-{number:02d}"
        natural = rng.random() < 0.3
        closing = date(2021, rng.randint(3, 7), rng.randint(1, 28))
        case_number = vetoed_cases.pop() if vetoed_cases and number == 1 else f"示例应急罚〔2021〕{rng.randint(100, 199)}号"
        outcome = (LaterOutcome.LITIGATION_LOST if index == 5 and number == 1 else LaterOutcome.NONE).value
        writer.record(path_for(Kind.CASE_NOMINATION, unit, None, case_id), Kind.CASE_NOMINATION, {
            "id": case_id, "unit": unit, "case_number": case_number,
            "title": f"{'示例' + rng.choice(COMPANIES) + '有限公司' if not natural else '示例个体经营户'}"
                     f"{rng.choice(CASE_TITLES)}",
            "case_type": "penalty", "filing_date": _day(closing - timedelta(days=rng.randint(20, 60))),
            "closing_date": _day(closing),
            "party": {"kind": PartyKind.NATURAL_PERSON.value, "name": _person(rng)} if natural else
                     {"kind": PartyKind.ORGANIZATION.value, "name": f"示例{rng.choice(COMPANIES)}有限公司"},
            "summary": f"{name}执法人员在检查中发现当事人存在违法行为，经立案调查，事实清楚、证据确凿。",
            "legal_basis": "《中华人民共和国安全生产法》相关条款。",
            "decision": f"责令限期改正，处罚款人民币{rng.randint(1, 9)}万元。",
            "analysis": "全过程记录完整，法制审核到位，说理充分，裁量适当，具有示范意义。",
            "later_outcome": outcome})
        scoring = writer.rng("tie") if index in (1, 2) and number == 1 else rng
        reviewers = 3 if scoring.random() < 0.85 else 2
        base_score = scoring.randint(70, 92)
        writer.record(path_for(Kind.CASE_SCORES, unit, None, case_id), Kind.CASE_SCORES, {
            "case": case_id, "unit": unit,
            "scores": [{"reviewer": f"评审人{'甲乙丙丁'[reviewer]}", "date": "2021-09-10",
                        "criteria": {c.id: min(100, base_score + scoring.randint(-6, 8)) for c in criteria}}
                       for reviewer in range(reviewers)]})


# -- the whole repository ----------------------------------------------------------------------

def _unit_records(writer: _Writer, campaign: Campaign, unit_id: str, index: int) -> None:
    unit = campaign.unit(unit_id)
    rng = writer.rng(unit_id, "plan")
    vetoed: list[str] = []
    for action in campaign.actions:
        key = unit_id in action.key_targets
        key_rank = action.key_targets.index(unit_id) if key else -1
        deadline = action.deadline
        if action.record_kind == Kind.PLAN_FILING.value:
            _plan_filing(writer, unit_id, unit.bureau, action)
        if deadline < DEMO_AS_OF - timedelta(days=45):  # finished actions: the whole loop is closed
            late = rng.random() < 0.12
            report = deadline + timedelta(days=rng.randint(2, 9)) if late else deadline - timedelta(days=rng.randint(12, 30))
            problems = _self_inspection(writer, unit_id, action, report)
            outcome = {p["id"]: "late" if rng.random() < 0.2 else "on-time" for p in problems}
            if key:
                found = _inspection(writer, unit_id, action, report + timedelta(days=rng.randint(3, 8)), rng.randint(1, 2))
                issued = found[0]["found"] + timedelta(days=4)
                notice_deadline = _notice(writer, unit_id, action, found, issued)
                _referral(writer, unit_id, found, issued)
                for problem in found:
                    problem["deadline"] = _day(notice_deadline)
                    # one key target of each finished action has a notified problem still open
                    outcome[problem["id"]] = "open" if key_rank == 0 and problem is found[0] else "on-time"
                problems += found
            if problems:
                _rectification(writer, unit_id, action, problems, outcome, DEMO_AS_OF - timedelta(days=rng.randint(5, 30)))
        elif deadline < DEMO_AS_OF:  # the action in 督查 and 整改
            if index % 7 == 3 and not key:
                continue  # one unit in seven has not reported: its deadline is missed
            report = deadline - timedelta(days=rng.randint(5, 25))
            problems = _self_inspection(writer, unit_id, action, report)
            if action.record_kind == Kind.ACCIDENT_REVIEW.value:
                _accident_reviews(writer, unit_id, unit.bureau, action)
            outcome = {p["id"]: "on-time" if rng.random() < 0.5 else "open" for p in problems}
            if key and key_rank < len(action.key_targets) * 2 // 3:
                found = _inspection(writer, unit_id, action, deadline + timedelta(days=rng.randint(1, 6)), rng.randint(1, 2))
                if key_rank % 2 == 0:  # half the inspected have their notice; the rest are still in 督查
                    _notice(writer, unit_id, action, found, found[0]["found"] + timedelta(days=3))
                    outcome.update({p["id"]: "open" for p in found})
                    problems += found
            if problems:
                _rectification(writer, unit_id, action, problems, outcome, DEMO_AS_OF - timedelta(days=1))
        elif index % 2 == 0:  # the running action: half the units have already self-inspected
            report = DEMO_AS_OF - timedelta(days=rng.randint(1, 14))
            _self_inspection(writer, unit_id, action, report)
            if action.record_kind == Kind.CASE_FILE_REVIEW.value:
                vetoed = [review["case_number"] for review in _case_file_reviews(writer, unit_id, index, action)
                          if review["vetoed"]]
    _kpi(writer, unit_id, campaign)
    _nominations(writer, unit_id, unit.bureau, campaign, vetoed, index)


def write_demo(out: Path, units: int | None, seed: int) -> int:
    """Write the demo repository into ``out`` (which must be new or empty); returns the file count."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DemoError(f"{out} 已存在且不是空目录。为免覆盖，请指定一个新目录。")
    if units is not None and not 1 <= units <= 2000:
        raise DemoError("--units 应在 1 到 2000 之间。")
    text = _campaign_text(units, seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / CAMPAIGN_FILE).write_text(text, encoding="utf-8")
    shutil.copytree(schema_dir(), out / "schemas", ignore=shutil.ignore_patterns("__pycache__"))
    document, findings = load_yaml_file(out / CAMPAIGN_FILE, CAMPAIGN_FILE)
    assert document is not None and not findings, findings
    campaign = campaign_from_data(document.data)
    writer = _Writer(out, seed, files=1)
    for index, unit in enumerate(campaign.units):
        _unit_records(writer, campaign, unit.id, index)
    _write_notices(writer)
    return writer.files
