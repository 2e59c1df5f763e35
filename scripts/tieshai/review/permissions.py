"""Judging a proposed change, not just its result: who may change what, and which records can
never be rewritten once they are on the main branch.

Ownership (from campaign.yaml): a unit's maintainers change their own unit's submissions, but not
the inspection team's documents inside it; the team changes its own documents and the 验收 of
rectifications, never a unit's items or fields; the organiser changes anything; a change touches
one unit unless the organiser sends it; an empty or unknown login has no role. Immutability: a
notice or an issued finding is never deleted or rewritten (corrections are new records that
point at the old one); a rectification item the team has verified cannot be rewritten or
deleted by the unit; records already on the main branch cannot be deleted.

The campaign handed in is the base branch's (review/base.py): a change cannot grant its author
a role.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from tieshai.findings import Finding, Severity
from tieshai.load.layout import SUBMISSIONS, LayoutError, place
from tieshai.load.yamlload import YamlDocument
from tieshai.model.campaign import Campaign
from tieshai.review.change import Change, FileChange
from tieshai.vocabulary import Kind

TEAM_KINDS = {Kind.INSPECTION, Kind.NOTICE}
ORGANISER_KINDS = {Kind.CASE_SCORES, Kind.ACCOUNTABILITY_REFERRAL}


@dataclass(frozen=True)
class Roles:
    login: str
    organiser: bool
    team: bool
    units: frozenset[str]

    @classmethod
    def of(cls, campaign: Campaign, login: str) -> Roles:
        return cls(login, login in campaign.roles.get("organiser", ()), login in campaign.roles.get("inspection_team", ()),
                   frozenset(unit.id for unit in campaign.units if login in unit.maintainers))


def _names(logins) -> str:
    return "、".join(logins) or "（未设置）"


def role_in_words(campaign: Campaign, roles: Roles) -> str:
    """The author's role by the base's campaign, as the reviewer reads it."""
    if roles.organiser:
        return "组织单位"
    if roles.team:
        return "督查组"
    if roles.units:
        return "、".join(_unit_name(campaign, unit) for unit in sorted(roles.units)) + "的维护人"
    return "没有任何角色（不在方案的账号名单中）"


def who_may_act(campaign: Campaign, path: str) -> str:
    """Whoever may change the file at ``path``, by role and login: the one a finding there is for."""
    organiser = f"组织单位（{_names(campaign.roles.get('organiser', ()))}）"
    parts = PurePosixPath(path).parts
    if len(parts) < 3 or parts[0] != SUBMISSIONS:
        return organiser
    try:
        placement = place(PurePosixPath(path), campaign)
    except LayoutError:
        placement = None
    kind = placement.kind if placement else None
    if kind in TEAM_KINDS:
        return f"督查组（{_names(campaign.roles.get('inspection_team', ()))}）"
    if kind in ORGANISER_KINDS:
        return organiser
    maintainers = next((u.maintainers for u in campaign.units if u.id == parts[1]), ())
    return f"{_unit_name(campaign, parts[1])}的维护人（{_names(maintainers)}）"


def restore_command(change: Change, file: FileChange) -> str:
    """The one command that undoes the change to ``file``: the base's version back, or the new
    file gone. The path is quoted for the shell, whatever it holds, so the command does only that."""
    path = shlex.quote(change.repository.git_path(file.path))
    return f"git rm -- {path}" if file.status == "A" else f"git checkout {change.base} -- {path}"


Documents = Mapping[str, YamlDocument]  # the work tree's records, as the check loaded them, by path


def change_findings(campaign: Campaign, change: Change, documents: Documents, author: str | None) -> list[Finding]:
    """What ``author`` may not do in ``change``; ``documents`` are the changed records as they are now."""
    roles = Roles.of(campaign, author) if author is not None else None  # "" is no one: no role at all
    findings: list[Finding] = []
    units_touched: set[str] = set()
    for file in change.files:
        parts = PurePosixPath(file.path).parts
        judged = _judge(campaign, change, documents, file, roles)
        findings += judged
        # a unit's file the author may not touch at all is one mistake with its own finding and
        # undo; it does not also make the change one of several units
        if len(parts) >= 3 and parts[0] == SUBMISSIONS and not wholly_refused(judged):
            units_touched.add(parts[1])
    if roles and not roles.organiser and len(units_touched) > 1:
        findings.append(Finding(SUBMISSIONS, None, None, Severity.ERROR, "change-several-units",
                                f"一次合并请求只能修改一个单位的填报，这次涉及 {'、'.join(sorted(units_touched))}。"
                                f"请按单位分开提交；只有组织单位（{_names(campaign.roles.get('organiser', ()))}）可以一次修改多个单位。"))
    return findings


def _refuse(file: FileChange, code: str, message: str, line: int | None = None, column: int | None = None) -> Finding:
    return Finding(file.path, line, column, Severity.ERROR, code, message)


UNDO_CODE = "change-not-allowed"
_UNDO = "请撤销对这个文件的改动："


def _undo(change: Change, file: FileChange, message: str) -> Finding:
    """A file the author may not change at all: the refusal and the command that undoes it."""
    return _refuse(file, UNDO_CODE, f"{message}{_UNDO}{restore_command(change, file)}")


def wholly_refused(findings: list[Finding]) -> set[str]:
    """The files the author may not change at all: undoing the change is the one thing to do
    there, so no other finding on them is worth reading (one mistake, one finding)."""
    return {finding.file for finding in findings if finding.code == UNDO_CODE and _UNDO in finding.message}


def _judge(campaign: Campaign, change: Change, documents: Documents, file: FileChange,
           roles: Roles | None) -> list[Finding]:
    organiser = _names(campaign.roles.get("organiser", ()))
    team = _names(campaign.roles.get("inspection_team", ()))
    parts = PurePosixPath(file.path).parts
    if parts[0] != SUBMISSIONS or len(parts) < 3:
        if roles and not roles.organiser:
            return [_undo(change, file, f"{file.path} 不是填报文件（方案、工具或配置），只有组织单位（{organiser}）可以修改。")]
        return []
    unit_id = parts[1]
    try:
        placement = place(PurePosixPath(file.path), campaign)
    except LayoutError:
        placement = None  # the validator reports the path itself
    kind = placement.kind if placement else None
    maintainers = _names(next((u.maintainers for u in campaign.units if u.id == unit_id), ()))
    found: list[Finding] = []
    if roles and not roles.organiser:
        if kind in ORGANISER_KINDS:
            found.append(_undo(change, file, f"{kind.label}由组织单位提交，只有 {organiser} 可以修改。"))
        elif kind in TEAM_KINDS and not roles.team:
            found.append(_undo(change, file, f"{kind.label}是督查组的文书，只有督查组（{team}）可以提交或修改；"
                                             f"你（{roles.login}）不能修改。"))
        elif (kind not in TEAM_KINDS | ORGANISER_KINDS and unit_id not in roles.units
              and (kind is not Kind.RECTIFICATION or not roles.team)):
            found.append(_undo(change, file, f"这是{_unit_name(campaign, unit_id)}的填报，只有该单位的维护人（{maintainers}）"
                                             f"或组织单位（{organiser}）可以修改；你（{roles.login}）不能修改。"))
    if found:
        return found
    if file.status == "D":
        if roles is None or not roles.organiser:
            return [_refuse(file, "change-deleted", f"已在主分支上的记录不能删除。需要更正时请修改或新增记录；"
                                                    f"确需删除的，由组织单位（{organiser}）处理。")]
        if kind is Kind.NOTICE:
            return [_refuse(file, "change-immutable", "已下达的整改通知书不能删除。需要更正时，新建一份通知书并在 corrects 中写明本通知书编号。")]
        return []
    if kind is Kind.NOTICE and file.status == "M":
        return [_refuse(file, "change-immutable", "已下达的整改通知书不能改写。需要更正时，新建一份通知书，"
                                                  "在 corrects 中写明本通知书编号。", 1, 1)]
    if kind is Kind.INSPECTION and file.status == "M":
        return _findings_kept(change, documents, file)
    if kind is Kind.RECTIFICATION and roles and not roles.organiser:
        return _rectification(change, documents, file, roles, team, maintainers, unit_id, campaign)
    return []


def _unit_name(campaign: Campaign, unit_id: str) -> str:
    return next((unit.bureau for unit in campaign.units if unit.id == unit_id), unit_id)


def _load_both(change: Change, documents: Documents, file: FileChange) -> tuple[YamlDocument | None, YamlDocument | None]:
    """The record as it is on the base and as the change leaves it (None where absent or unreadable)."""
    return change.base_document(file.path), documents.get(file.path)


def _findings_kept(change: Change, documents: Documents, file: FileChange) -> list[Finding]:
    before, after = _load_both(change, documents, file)
    if before is None or after is None or not isinstance(before.data, dict) or not isinstance(after.data, dict):
        return []
    new = {f.get("id"): (index, f) for index, f in enumerate(after.data.get("findings") or []) if isinstance(f, dict)}
    refused = []
    for finding in before.data.get("findings") or []:
        if not isinstance(finding, dict):
            continue
        current = new.get(finding.get("id"))
        if current is None:
            refused.append(Finding(file.path, None, None, Severity.ERROR, "change-immutable",
                                   f"已发现的问题“{finding.get('id')}”被删除了。督查发现的问题一经记录不能删除；"
                                   "需要更正时，新增一条问题记录并在说明中写明更正的是哪一条。"))
        elif current[1] != finding:
            position = after.position(("findings", current[0]))
            refused.append(Finding(file.path, position.line if position else None, position.column if position else None,
                                   Severity.ERROR, "change-immutable",
                                   f"已发现的问题“{finding.get('id')}”被改写了。督查发现的问题一经记录不能改写；"
                                   "需要更正时，新增一条问题记录并在说明中写明更正的是哪一条。"))
    return refused


def _items(data: dict) -> dict:
    """A rectification's items by the problem they answer, with their place in the list."""
    return {item.get("problem"): (index, item) for index, item in enumerate(data.get("items") or [])
            if isinstance(item, dict)}


def _without_acceptance(item: dict) -> dict:
    return {key: value for key, value in item.items() if key != "acceptance"}


def _rectification(change: Change, documents: Documents, file: FileChange, roles: Roles, team: str,
                   maintainers: str, unit_id: str, campaign: Campaign) -> list[Finding]:
    before, after = _load_both(change, documents, file)
    if after is None or not isinstance(after.data, dict):
        return []
    old = before.data if before is not None and isinstance(before.data, dict) else {}
    unit = _unit_name(campaign, unit_id)
    if unit_id in roles.units:
        return _unit_rectification(after, old, roles, team)
    return _team_rectification(after, old, unit, maintainers)  # anyone else was refused the whole file


def _team_rectification(after: YamlDocument, old: dict, unit: str, maintainers: str) -> list[Finding]:
    """The team writes the acceptance of each item and nothing else: it neither deletes nor adds
    items, nor changes the unit's own words, in the items or in the rest of the report."""
    refused = [after.finding((key,) if key in after.data else (), "change-not-allowed",
                             f"整改报告的内容由{unit}填写，督查组只填写各问题的验收（acceptance），不能修改、增加或删除"
                             f"报告的其他内容；需要改动的，请{unit}的维护人（{maintainers}）修改。")
               for key in sorted(set(old) | set(after.data), key=str)
               if key != "items" and old.get(key) != after.data.get(key)]
    new_items, old_items = _items(after.data), _items(old)
    for problem in sorted(old_items.keys() - new_items.keys(), key=str):
        refused.append(after.finding(("items",), "change-not-allowed",
                                     f"问题“{problem}”的整改情况被删除了。整改情况由{unit}填写，督查组只填写验收（acceptance），"
                                     "不能删除。"))
    for problem, (index, item) in new_items.items():
        if _without_acceptance(item) != _without_acceptance(old_items.get(problem, (0, {}))[1]):
            refused.append(after.finding(("items", index), "change-not-allowed",
                                         f"整改情况由单位填写，督查组只填写验收（acceptance）。问题“{problem}”的整改内容"
                                         f"只有{unit}的维护人（{maintainers}）可以修改。"))
    return refused


def _unit_rectification(after: YamlDocument, old: dict, roles: Roles, team: str) -> list[Finding]:
    """The unit writes its items but never their acceptance, and once an item is accepted it
    neither rewrites nor deletes it."""
    new_items, old_items = _items(after.data), _items(old)
    refused: list[Finding] = []
    for problem, (index, item) in new_items.items():
        earlier = old_items.get(problem, (0, {}))[1]
        if item.get("acceptance") != earlier.get("acceptance"):
            refused.append(after.finding(("items", index), "change-not-allowed",
                                         f"验收（acceptance）由督查组填写，只有 {team} 可以修改；你（{roles.login}）不能修改。"))
        elif earlier.get("acceptance") and item != earlier:
            refused.append(after.finding(("items", index), "change-immutable",
                                         f"问题“{problem}”已经验收，整改情况不能再改动；需要重新整改时请联系督查组（{team}）。"))
    for problem in sorted(old_items.keys() - new_items.keys(), key=str):
        if old_items[problem][1].get("acceptance"):
            refused.append(after.finding(("items",), "change-immutable",
                                         f"问题“{problem}”已经验收，其整改情况不能删除；需要重新整改时请联系督查组（{team}）。"))
    return refused
