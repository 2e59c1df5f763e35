"""Checking a proposed change: who may change what and which records can never be rewritten,
then the validation of what it touches, and the change in words for the reviewer."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tieshai.review.change import read_change
from tieshai.review.git import GitRepository
from tieshai.review.permissions import change_findings
from tieshai.review.summary import describe_change
from tieshai.rules.check import CheckResult, check_repository


def check_change(root: Path, repository: GitRepository | None, base: str,
                 author: str | None) -> tuple[CheckResult, list[str]]:
    """Judge a proposed change against ``base`` (as ``author``, when given) and validate what it
    touches: the units it changes, or everything when it changes anything outside submissions/.
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
    documents = {submission.path: submission.document for submission in result.submissions}
    judged = change_findings(result.campaign, change, documents, author)
    return (CheckResult(judged + result.findings, result.files_checked, result.campaign),
            describe_change(result.campaign, change, documents))
