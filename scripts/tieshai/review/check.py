"""Checking a proposed change: its permissions and immutability rules, then the validation of
what it touches."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tieshai.rules.check import CheckResult, check_repository
from tieshai.review.change import read_change
from tieshai.review.permissions import change_findings
from tieshai.review.summary import describe_change


def check_change(root: Path, base: str, author: str | None) -> tuple[CheckResult, list[str]]:
    """Judge a proposed change against ``base`` (as ``author``, when given) and validate what it
    touches: the units it changes, or everything when it changes anything outside submissions/.
    Returns the result and the change described in words. Raises ChangeError when git cannot tell."""
    change = read_change(root, base)
    paths = [PurePosixPath(f.path).parts for f in change.files]
    touched = {parts[1] for parts in paths if len(parts) > 2 and parts[0] == "submissions"}
    whole = any(parts[0] != "submissions" for parts in paths)
    result = check_repository(root, units=None if whole else touched)
    if result.campaign is None:
        return result, []
    judged = change_findings(root, result.campaign, change, author)
    return (CheckResult(judged + result.findings, result.files_checked, result.campaign),
            describe_change(root, result.campaign, change))
