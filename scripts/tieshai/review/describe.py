"""What a pull request changes, record by record, in the words of the domain: the findings an
inspection records, a notice's number and deadline, each rectification item's status before and
after with the evidence added, each acceptance's result, the figures of a report, the plan fields
of campaign.yaml and whom they affect. Everything here is plain text; summary.py escapes it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from tieshai.chinese import chinese_number, chinese_period
from tieshai.findings import Finding
from tieshai.load.layout import SUBMISSIONS, LayoutError, Placement, place, record_in_words
from tieshai.load.schemas import load_schema
from tieshai.load.submissions import Submission
from tieshai.load.yamlload import YamlDocument, load_yaml_file
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.review.change import Change, FileChange
from tieshai.review.fields import EntryNamer, field_changes, shown
from tieshai.vocabulary import Kind

STATUS = {"A": "新提交", "M": "修改", "D": "删除"}
MAX_DETAILS = 20  # per record; the diff holds the rest


@dataclass(frozen=True)
class RecordChange:
    path: str
    status: str  # A, M or D
    title: str  # "鹿城区 专项行动三 整改报告", "方案（campaign.yaml）"
    kind: Kind | None  # None: evidence, or a file that is not a record
    unit: str | None  # the unit's id, for a file under submissions/
    details: tuple[str, ...] = ()
    evidence: bool = False  # an evidence file of a report

    @property
    def is_record(self) -> bool:
        return self.kind is not None or self.path == CAMPAIGN_FILE

    @property
    def verb(self) -> str:
        return STATUS[self.status]


@dataclass(frozen=True)
class _Context:
    campaign: Campaign
    change: Change
    documents: Mapping[str, YamlDocument]
    findings: list[Finding]
    problems: Mapping[tuple[str, str | None], Mapping[str, str]]  # (unit, action) -> id -> description


def describe_change(root: Path, campaign: Campaign, change: Change, documents: Mapping[str, YamlDocument],
                    findings: list[Finding], submissions: Iterable[Submission], refused: set[str]) -> list[RecordChange]:
    """One entry per changed file; ``documents`` are the changed records as they are now (those
    that passed their schema), ``submissions`` every record the check loaded, ``refused`` the
    files the author may not change at all, whose content is not worth describing."""
    context = _Context(campaign, change, documents, findings, _problems(submissions))
    described = []
    for file in change.files:
        record = _describe(root, context, file)
        if file.path in refused:
            record = replace(record, details=("提交人无权修改这个文件，请按下方错误中的命令撤销。",))
        described.append(record)
    return described


def _problems(submissions: Iterable[Submission]) -> dict[tuple[str, str | None], dict[str, str]]:
    found: dict[tuple[str, str | None], dict[str, str]] = {}
    for submission in submissions:
        key = "problems" if submission.placement.kind is Kind.SELF_INSPECTION else "findings"
        if submission.valid and submission.placement.kind in (Kind.SELF_INSPECTION, Kind.INSPECTION):
            scope = found.setdefault((submission.placement.unit, submission.placement.action), {})
            for problem in submission.data.get(key) or []:
                scope[problem["id"]] = problem.get("description", "")
    return found


def _describe(root: Path, context: _Context, file: FileChange) -> RecordChange:
    campaign = context.campaign
    if file.path == CAMPAIGN_FILE:
        return RecordChange(file.path, file.status, "方案（campaign.yaml）", None, None, _plan_changes(root, context, file))
    try:
        placement = place(PurePosixPath(file.path), campaign)
    except LayoutError:
        placement = None
    parts = PurePosixPath(file.path).parts
    unit = parts[1] if len(parts) > 2 and parts[0] == SUBMISSIONS else None
    if placement is None:
        where = "填报目录中的其他文件" if unit else "工具或配置"
        return RecordChange(file.path, file.status, f"{file.path}（{where}）", None, unit)
    unit_name, record = record_in_words(placement, campaign)
    if placement.kind is None:
        return RecordChange(file.path, file.status, f"{unit_name} {record}佐证材料 {file.path}", None, unit, evidence=True)
    title = f"{unit_name} {record}{_name(placement)}"
    after = context.documents.get(file.path)
    if file.status == "D":
        return RecordChange(file.path, file.status, title, placement.kind, unit)
    if after is None:
        return RecordChange(file.path, file.status, title, placement.kind, unit,
                            ("这份记录有格式错误，内容的改动要在改正后才能列出。",))
    before = context.change.base_document(file.path)
    old = before.data if before is not None and isinstance(before.data, dict) else {}
    describer = {Kind.INSPECTION: _inspection, Kind.NOTICE: _notice, Kind.RECTIFICATION: _rectification}.get(
        placement.kind, _fields)
    details = describer(context, placement, old, after)
    if len(details) > MAX_DETAILS:
        details = [*details[:MAX_DETAILS], f"另有 {len(details) - MAX_DETAILS} 处改动，请看改动的文件。"]
    return RecordChange(file.path, file.status, title, placement.kind, unit, tuple(details))


def _name(placement: Placement) -> str:
    if placement.name is None:
        return ""
    if placement.kind is Kind.KPI_REPORT:
        return f"（{chinese_period(placement.name)}）"
    return f"“{placement.name}”"


def _fields(context: _Context, placement: Placement, old: dict[str, Any], after: YamlDocument) -> list[str]:
    assert placement.kind is not None
    namer = _namer(context.campaign)
    return [change.sentence for change in field_changes(old, after.data, load_schema(placement.kind.schema), namer)]


def _namer(campaign: Campaign) -> EntryNamer:
    targets = {target.id: target.name for target in campaign.targets}
    actions = {action.id: f"专项行动{chinese_number(action.number)}" for action in campaign.actions}
    units = {unit.id: unit.name for unit in campaign.units}

    def name(context: str, entry: Any) -> str | None:
        if isinstance(entry, str):  # a key that is a campaign id
            return targets.get(entry) or actions.get(entry) or units.get(entry)
        if context == "actions":
            return actions.get(entry.get("id"))
        if context == "units":
            return units.get(entry.get("id"))
        return None
    return name


def _item(campaign: Campaign, action: str | None, item: Any) -> str:
    found = next((entry for a in campaign.actions if a.id == action for entry in a.checklist if entry.id == item), None)
    return f"监督内容第 {found.number} 条" if found is not None else f"监督内容“{item}”"


def _inspection(context: _Context, placement: Placement, old: dict[str, Any], after: YamlDocument) -> list[str]:
    data = after.data
    earlier = {finding.get("id") for finding in old.get("findings") or [] if isinstance(finding, dict)}
    new = [finding for finding in data.get("findings") or [] if finding.get("id") not in earlier]
    lines = [f"督查日期 {data.get('date')}" + (f"，新记录问题 {len(new)} 个" if new else "，没有新记录的问题")] if not old else []
    for finding in new:
        lines.append(f"新问题“{finding['id']}”：{context.campaign.severity_name(str(finding.get('severity')))}，"
                     f"{_item(context.campaign, placement.action, finding.get('item'))}，{shown(finding.get('description'))}")
    if old:
        kept = {**data, "findings": [f for f in data.get("findings") or [] if f.get("id") in earlier]}
        lines += [change.sentence for change in field_changes(old, kept, load_schema("inspection"), _namer(context.campaign))]
    return lines


def _notice(context: _Context, placement: Placement, old: dict[str, Any], after: YamlDocument) -> list[str]:
    if old:
        return _fields(context, placement, old, after)
    data = after.data
    unit = next((u.bureau for u in context.campaign.units if u.id == data.get("unit")), data.get("unit"))
    problems = context.problems.get((placement.unit, placement.action), {})
    lines = [f"文号 {data.get('number')}，下达给{unit}，下达日期 {data.get('issue_date')}，整改期限 {data.get('deadline')}"]
    lines += [f"整改问题“{problem}”" + (f"：{shown(problems[problem])}" if problems.get(problem) else "")
              for problem in data.get("problems") or []]
    if data.get("corrects"):
        lines.append(f"更正通知书“{data['corrects']}”")
    return lines


def _rectification(context: _Context, placement: Placement, old: dict[str, Any], after: YamlDocument) -> list[str]:
    problems = context.problems.get((placement.unit, placement.action), {})
    earlier = {item.get("problem"): item for item in old.get("items") or [] if isinstance(item, dict)}
    lines = []
    for index, item in enumerate(after.data.get("items") or []):
        problem = item.get("problem")
        before = earlier.get(problem, {})
        described = f"问题“{problem}”" + (f"（{shown(problems[problem])}）" if problems.get(problem) else "")
        status = item.get("status")
        was = before.get("status")
        words = [f"{was or '新增'} → {status}" if was != status else f"{status}（未变）"]
        if item.get("completion_date") and item.get("completion_date") != before.get("completion_date"):
            words.append(f"完成日期 {item['completion_date']}")
        if before and item.get("measures") != before.get("measures"):
            words.append("整改措施已修改")
        seen = list(before.get("evidence") or [])
        for number, evidence in enumerate(item.get("evidence") or []):
            if evidence not in seen:
                words.append(_evidence(context, after, ("items", index, "evidence", number), evidence))
        acceptance = item.get("acceptance")
        if acceptance and acceptance != before.get("acceptance"):
            remarks = f"，意见：{shown(acceptance['remarks'])}" if acceptance.get("remarks") else ""
            words.append(f"验收{acceptance.get('result')}（{acceptance.get('date')}{remarks}）")
        lines.append(f"{described}：{'；'.join(words)}")
    kept = {item.get("problem") for item in after.data.get("items") or []}
    lines += [f"问题“{problem}”的整改情况被删除" for problem in earlier if problem not in kept]
    rest_before = {key: value for key, value in old.items() if key != "items"}
    rest_after = {key: value for key, value in after.data.items() if key != "items"}
    if old:
        lines += [change.sentence for change in field_changes(rest_before, rest_after, load_schema("rectification"))]
    return lines


def _evidence(context: _Context, document: YamlDocument, path: tuple[str | int, ...], evidence: dict[str, Any]) -> str:
    """An evidence entry added, and whether the check found the file and its checksum as written."""
    title = shown(evidence.get("title"))
    if "file" not in evidence:
        return f"新增佐证材料“{title}”（仓库外：{shown(evidence.get('external'))}，只登记校验值）"
    places = {document.finding((*path, key), "", "").line for key in ("file", "size", "sha256")}
    broken = any(f.file == document.file and f.code.startswith("evidence-") and f.line in places
                 for f in context.findings)
    verdict = "未通过核对，见下方错误" if broken else "大小和 SHA-256 校验值已核对相符"
    return f"新增佐证材料“{title}”（{shown(evidence['file'])}，{_size(evidence.get('size'))}，{verdict}）"


def _size(size: Any) -> str:
    if not isinstance(size, int):
        return "大小未填写"
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _plan_changes(root: Path, context: _Context, file: FileChange) -> tuple[str, ...]:
    """The plan fields a change to campaign.yaml moves, each with whom it affects."""
    if file.status != "M":
        return ()
    before = context.change.base_document(CAMPAIGN_FILE)
    after, _ = load_yaml_file(root / CAMPAIGN_FILE, CAMPAIGN_FILE)
    if before is None or after is None:
        return ("方案文件有错误，改动的内容要在改正后才能列出。",)
    campaign = context.campaign
    changes = field_changes(before.data, after.data, load_schema("campaign"), _namer(campaign))
    return tuple(f"{change.sentence}（{_affected(campaign, change.path)}）" for change in changes)


def _affected(campaign: Campaign, path: tuple[str | int, ...]) -> str:
    top = path[0] if path else ""
    if top == "actions" and len(path) > 1:
        action = next((a for a in campaign.actions if a.id == path[1]), None)
        units = action.subjects.get("units") if action is not None else None
        if units == "all" or action is None:
            return f"涉及该行动的全部 {len(campaign.units)} 个单位"
        return "涉及" + "、".join(u.name for u in campaign.units if u.id in (units or ()))
    if top == "units" and len(path) > 1:
        name = next((u.name for u in campaign.units if u.id == path[1]), None)
        return f"涉及{name}" if name else f"涉及单位“{path[1]}”"
    if top == "roles":
        return "涉及有关账号能修改的记录，合并后生效"
    return f"涉及全部 {len(campaign.units)} 个单位"
