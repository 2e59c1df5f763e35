"""``tieshai check``: the validation that CI, the command line and the site build share."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Collection, Iterator, Sequence

from .campaign import CAMPAIGN_FILE, Campaign, load_campaign
from .findings import Finding
from .submission_rules import FirstUses, submission_rule_findings
from .submissions import Submission, by_folder, discover, load_submissions


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    files_checked: int
    campaign: Campaign | None  # None when campaign.yaml itself has errors
    submissions: list[Submission] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(finding.is_error for finding in self.findings)


def check_repository(root: Path, only: Sequence[str] = (), units: Collection[str] | None = None, *,
                     keep_records: bool = False) -> CheckResult:
    """Check the campaign and every submission; with ``only`` (root-relative paths of files or
    folders), report on those files alone, still judged against the whole repository. With
    ``units``, load and judge only those units' folders (a change to one unit cannot break
    another's records, except through ids, which the full check on the main branch covers).

    Units are loaded and judged one after another, and only the ids each has used are carried
    to the next, so memory stays flat however many units there are. ``keep_records`` keeps every
    record in the result instead, for the site and the exports, which need them all."""
    campaign, findings = load_campaign(root)
    files = [CAMPAIGN_FILE]
    kept: list[Submission] = []
    if campaign is not None:
        first_uses: FirstUses = {}
        with _no_cyclic_gc():
            for folder in by_folder(discover(root, units)):
                loaded = load_submissions(root, campaign, folder)
                findings += loaded.findings + submission_rule_findings(root, campaign, loaded, first_uses)
                files += loaded.files_seen
                if keep_records:
                    kept += loaded.submissions
    if only:
        files = [name for name in files if _selected(name, only)]
        findings = [finding for finding in findings if _selected(finding.file, only)]
    return CheckResult(findings, len(files), campaign, kept)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading builds many small acyclic objects; the cyclic collector's passes over them cost
    about a third of a large check and free nothing, so it pauses while records load and are
    judged (acyclic objects are freed as soon as nothing refers to them, collector or not)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _selected(name: str, only: Sequence[str]) -> bool:
    path = PurePosixPath(name)
    return any(path == PurePosixPath(chosen) or PurePosixPath(chosen) in path.parents for chosen in only)


def check_change(root: Path, base: str, author: str | None) -> tuple[CheckResult, list[str]]:
    """Judge a proposed change against ``base`` (as ``author``, when given) and validate what it
    touches: the units it changes, or everything when it changes anything outside submissions/.
    Returns the result and the change described in words. Raises ChangeError when git cannot tell."""
    from .describe import describe_change
    from .gitchange import read_change
    from .pullrequest import change_findings

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
