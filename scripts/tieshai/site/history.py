"""The latest changes to the submissions, from git history (who submitted what, when)."""

from __future__ import annotations

from typing import Any

from tieshai.review.git import GIT_ERRORS, GitRepository


def recent_changes(repository: GitRepository | None, limit: int = 8) -> tuple[dict[str, Any], ...]:
    """The last commits of the branch's first-parent history that touched submissions/: date,
    author, summary, units and file count, each against the commit before it on the branch. On
    the main branch these are the accepted changes (merges the platform made once the change
    passed validation), never the intermediate commits of a pull request's branch, which may
    have failed it. Empty when the repository is not under git or has no such commits."""
    if repository is None:
        return ()
    try:
        if not repository.has_commits:
            return ()
        folder = repository.git_path("submissions")
        changes = []
        for commit in repository.repo.iter_commits(paths=folder, max_count=limit, first_parent=True):
            files = [name for name in commit.stats.files if str(name).startswith(folder + "/")]
            units = sorted({str(name)[len(folder) + 1:].split("/", 1)[0] for name in files})
            changes.append({"date": commit.committed_datetime.date(), "author": commit.author.name,
                            "summary": commit.summary, "units": units, "files": len(files)})
        return tuple(changes)
    except GIT_ERRORS:
        return ()
