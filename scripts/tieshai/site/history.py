"""The latest changes to the submissions, from git history (who submitted what, when)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import git


def recent_changes(root: Path, limit: int = 8) -> tuple[dict[str, Any], ...]:
    """The last commits that touched submissions/: date, author, summary, units and file count.
    Empty when the repository is not under git or has no such commits."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        if not repo.head.is_valid():
            return ()
        folder = os.path.relpath(root / "submissions", repo.working_tree_dir).replace(os.sep, "/")
        changes = []
        for commit in repo.iter_commits(paths=folder, max_count=limit):
            files = [name for name in commit.stats.files if str(name).startswith(folder + "/")]
            units = sorted({str(name)[len(folder) + 1:].split("/", 1)[0] for name in files})
            changes.append({"date": commit.committed_datetime.date(), "author": commit.author.name,
                            "summary": commit.summary, "units": units, "files": len(files)})
        return tuple(changes)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return ()
