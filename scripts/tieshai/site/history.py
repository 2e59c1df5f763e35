"""The latest accepted submissions, from git history, in the words of the campaign:
"鹿城区 提交 专项行动三 自查报告"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePosixPath

from tieshai.load.layout import LayoutError, place, record_in_words
from tieshai.model.campaign import Campaign
from tieshai.review.git import GIT_ERRORS, GitRepository

VERBS = {"A": "提交", "M": "更新", "D": "删除"}
MAX_RECORDS = 6  # per change shown in full; the rest are counted


@dataclass(frozen=True)
class Submitted:
    unit: str  # the unit's id
    unit_name: str
    verb: str  # 提交, 更新 or 删除
    record: str  # "专项行动三 自查报告"


@dataclass(frozen=True)
class Change:
    day: date
    records: tuple[Submitted, ...]
    more: int  # records beyond those listed


def recent_changes(repository: GitRepository | None, campaign: Campaign, as_of: date,
                   limit: int = 8) -> tuple[Change, ...]:
    """The last changes to the records on the branch's first-parent history up to ``as_of``, each
    described record by record against the commit before it on the branch. On the main branch
    these are the accepted changes (merges the platform made once the change passed validation),
    never the intermediate commits of a pull request's branch. Commit messages, authors and file
    names are not shown: they are the platform's, not the campaign's. Empty without git history."""
    if repository is None:
        return ()
    try:
        if not repository.has_commits:
            return ()
        folder = repository.git_path("submissions")
        until = datetime.combine(as_of, time.max).isoformat()
        changes = []
        for commit in repository.repo.iter_commits(paths=folder, first_parent=True, until=until):
            parent = commit.parents[0] if commit.parents else None
            diffs = parent.diff(commit, paths=folder) if parent else commit.diff(None, paths=folder, R=True)
            records = []
            for diff in diffs:
                status = diff.change_type or "M"
                path = diff.a_path if status == "D" else diff.b_path
                if path is None:
                    continue
                found = _record(campaign, repository.campaign_path(path), status)
                if found is not None and found not in records:
                    records.append(found)
            if records:
                changes.append(Change(commit.committed_datetime.date(), tuple(records[:MAX_RECORDS]),
                                      max(len(records) - MAX_RECORDS, 0)))
            if len(changes) == limit:
                break
        return tuple(changes)
    except GIT_ERRORS:
        return ()


def _record(campaign: Campaign, path: str, status: str) -> Submitted | None:
    """A changed file as a record in words; None for what is not a record (evidence, notes)."""
    try:
        placement = place(PurePosixPath(path), campaign)
    except LayoutError:
        return None
    if placement is None or placement.kind is None:
        return None
    unit_name, record = record_in_words(placement, campaign)
    return Submitted(placement.unit, unit_name, VERBS.get(status, VERBS["M"]), record)
