"""Checking a proposed change: who may change what and which records can never be rewritten,
then the validation of what it touches, and the change in words for the reviewer."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tieshai.findings import Finding, Severity
from tieshai.load.layout import LayoutError, place
from tieshai.load.yamlload import YamlDocument
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.review.base import base_campaign, ids_taken_on_base
from tieshai.review.change import BaseJudge, Change, read_change, type_findings
from tieshai.review.describe import describe_change
from tieshai.review.git import GitRepository
from tieshai.review.permissions import Documents, Roles, change_findings, role_in_words, who_may_act, wholly_refused
from tieshai.review.summary import FollowUp, Review
from tieshai.rules.check import CheckResult, check_repository
from tieshai.rules.schema import schema_findings
from tieshai.vocabulary import Kind

# What reads a record's content, and so waits until it passes its schema.
WAITING_CHECKS = ("与所在目录是否一致", "编号是否重复、是否已被其他单位使用", "引用的问题、通知书和监督内容是否存在",
                  "是否含有个人信息")
WAITING_BY_KIND = {
    Kind.RECTIFICATION: ("佐证材料是否齐全、大小和校验值是否相符", "已验收的项是否被改动、验收是否由督查组填写"),
    Kind.INSPECTION: ("已记录的问题是否被删除或改写",),
    Kind.SELF_INSPECTION: ("发现的问题是否都有整改情况",),
}


def check_change(root: Path, repository: GitRepository | None, base: str,
                 author: str | None) -> tuple[CheckResult, Review]:
    """Judge a proposed change against ``base`` (as ``author``, when given) and validate what it
    touches: the units it changes, or everything when it changes anything outside submissions/.
    Who may change what is judged by the roles of the base branch's campaign, and the ids the
    change claims against every other unit's records on the base.
    Returns the result, whose findings are the change's own, and the review: the change record
    by record, the checks waiting for a broken file, and the warnings about files the change
    does not touch, as what remains for whoever may act. Raises ChangeError when git cannot tell.

    Each changed record is parsed once, by the validation, and the rules on the change read that
    same document; each earlier version is read from git and parsed once, whoever asks for it."""
    change = read_change(repository, root, base)
    paths = [PurePosixPath(f.path).parts for f in change.files]
    touched = {parts[1] for parts in paths if len(parts) > 2 and parts[0] == "submissions"}
    whole = any(parts[0] != "submissions" for parts in paths)
    result = check_repository(root, units=None if whole else touched, keep_records=True)
    if result.campaign is None:
        waiting = [(CAMPAIGN_FILE, "方案文件有错误，各单位的填报和改动权限都还没有检查；改正后将全部检查。")]
        return result, Review(author, None, waiting=waiting)
    # the rules on the change read records that passed their schema, on the base as here
    documents = {submission.path: submission.document for submission in result.submissions if submission.valid}
    change.judge = _base_judge(result.campaign)
    # The base's campaign judges the change: its roles say who the author is, whatever the change
    # does to campaign.yaml (an organiser's change to the roles takes effect once merged).
    rules = base_campaign(change, root, result.campaign)
    if rules is None:
        judged = [] if author is None else [Finding(CAMPAIGN_FILE, None, None, Severity.ERROR, "change-base-unreadable",
                                                    f"无法读取“{base}”上的方案文件 {CAMPAIGN_FILE}，不能按角色判断这次改动。"
                                                    "请确认基础分支正确，或请组织单位处理。")]
    else:
        judged = change_findings(rules, change, documents, author)
        if not whole:
            judged += ids_taken_on_base(change, rules, result.submissions, touched)
    judged = type_findings(change) + judged
    changed, refused = {file.path for file in change.files}, wholly_refused(judged)
    kept = [f for f in result.findings if f.file not in refused]
    own = [f for f in kept if f.is_error or f.file in changed]
    others = [f for f in kept if not f.is_error and f.file not in changed]
    findings = judged + change.base_findings + own
    role = role_in_words(rules, Roles.of(rules, author)) if rules is not None and author is not None else None
    review = Review(author, role, describe_change(root, result.campaign, change, documents, findings, result.submissions, refused),
                    [FollowUp(who_may_act(rules or result.campaign, f.file), f) for f in others],
                    _waiting(result.campaign, change, documents))
    return CheckResult(findings, result.files_checked, result.campaign), review


def _waiting(campaign: Campaign, change: Change, documents: Documents) -> list[tuple[str, str]]:
    """The changed records the check could not read whole: the rules that read a record's content
    wait for it to be fixed, and the reviewer is told which (no hidden second round)."""
    waiting = []
    for file in change.files:
        try:
            placement = place(PurePosixPath(file.path), campaign)
        except LayoutError:
            continue
        if file.status != "D" and placement is not None and placement.kind is not None and file.path not in documents:
            checks = [*WAITING_CHECKS, *WAITING_BY_KIND.get(placement.kind, ())]
            waiting.append((file.path, f"这个文件有格式错误，改正后还将检查：{'；'.join(checks)}。"))
    return waiting


def _base_judge(campaign: Campaign) -> BaseJudge:
    """An earlier record judged by the schema its path calls for, as the check judges the current one."""
    def judge(path: str, document: YamlDocument) -> list[Finding]:
        try:
            placement = place(PurePosixPath(path), campaign)
        except LayoutError:
            return []
        if placement is None or placement.kind is None:
            return []
        return schema_findings(document, placement.kind.schema)
    return judge
