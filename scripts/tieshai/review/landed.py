"""When each record first landed on the main branch, read from git history in one pass.

A deadline is judged by when a report really landed, not by the date typed in it. That holds only
where the history covers the campaign: for records imported later (or the embedded 2021 demo,
committed years afterwards) the declared dates are used, and the site says which applies.

"Landed" means on the main branch itself: the first-parent history, where each commit is a merge
(or squash) the hosting platform made when the change was accepted, dated by its committer date.
The commits of a pull request's branch carry whatever dates their author's clock or
GIT_COMMITTER_DATE gave them, so a backdated commit never decides lateness; and along the main
branch a date never goes back (a commit pushed with an earlier date counts as landing no earlier
than the commit before it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tieshai.review.git import GIT_ERRORS, GitRepository


@dataclass(frozen=True)
class LandingTimes:
    dates: dict[str, date] = field(default_factory=dict)  # root-relative path -> first commit date
    covers_campaign: bool = False  # the history starts before the campaign ends

    def landed(self, path: str) -> date | None:
        return self.dates.get(path) if self.covers_campaign else None


def landing_times(repository: GitRepository | None, campaign_end: date) -> LandingTimes:
    """One `git log` over the current branch's first-parent history: the first commit that added
    each submission file, dated no earlier than the commits before it."""
    if repository is None:
        return LandingTimes()
    try:
        if not repository.has_commits:
            return LandingTimes()
        log = repository.repo.git.log("--first-parent", "--diff-merges=first-parent", "--reverse", "--diff-filter=A",
                                      "--name-only", "--format=%x00%cI", "--", repository.git_path("submissions"))
        first = repository.repo.git.log("--first-parent", "--reverse", "--format=%cI", "--max-parents=0").splitlines()
    except GIT_ERRORS:
        return LandingTimes()
    dates: dict[str, date] = {}
    latest = date.min
    for block in log.split("\0")[1:]:
        lines = [line for line in block.splitlines() if line]
        if not lines:
            continue
        when = latest = max(latest, datetime.fromisoformat(lines[0]).date())
        for path in lines[1:]:
            dates.setdefault(repository.campaign_path(path), when)
    start = datetime.fromisoformat(first[0]).date() if first else None
    return LandingTimes(dates, covers_campaign=start is not None and start <= campaign_end)
