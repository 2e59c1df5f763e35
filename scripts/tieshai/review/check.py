"""Checking a proposed change: who may change what and which records can never be rewritten,
then the validation of what it touches, and the change in words for the reviewer."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tieshai.findings import Finding, Severity
from tieshai.load.layout import LayoutError, place
from tieshai.load.yamlload import YamlDocument
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.review.base import base_campaign, ids_taken_on_base
from tieshai.review.change import BaseJudge, read_change, type_findings
from tieshai.review.git import GitRepository
from tieshai.review.permissions import change_findings
from tieshai.review.summary import describe_change
from tieshai.rules.check import CheckResult, check_repository
from tieshai.rules.schema import schema_findings


def check_change(root: Path, repository: GitRepository | None, base: str,
                 author: str | None) -> tuple[CheckResult, list[str]]:
    """Judge a proposed change against ``base`` (as ``author``, when given) and validate what it
    touches: the units it changes, or everything when it changes anything outside submissions/.
    Who may change what is judged by the roles of the base branch's campaign, and the ids the
    change claims against every other unit's records on the base.
    Returns the result and the change described in words. Raises ChangeError when git cannot tell.

    Each changed record is parsed once, by the validation, and the rules on the change read that
    same document; each earlier version is read from git and parsed once, whoever asks for it."""
    change = read_change(repository, root, base)
    paths = [PurePosixPath(f.path).parts for f in change.files]
    touched = {parts[1] for parts in paths if len(parts) > 2 and parts[0] == "submissions"}
    whole = any(parts[0] != "submissions" for parts in paths)
    result = check_repository(root, units=None if whole else touched, keep_records=True)
    if result.campaign is None:
        return result, []
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
    return (CheckResult(judged + change.base_findings + result.findings, result.files_checked, result.campaign),
            describe_change(result.campaign, change, documents))


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
