"""One git handle on a campaign repository: the repository and where the campaign sits in its
work tree (a campaign may live in a sub-folder of a larger repository)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git

# What GitPython raises when a folder is not (or no longer) a readable git repository, or when a
# command fails; callers that can do without history treat all of them as "no history".
GIT_ERRORS = (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError)


@dataclass(frozen=True)
class GitRepository:
    repo: git.Repo
    prefix: str  # the campaign root inside the work tree, "" or ending in "/"

    @classmethod
    def open(cls, root: Path) -> GitRepository | None:
        """The repository whose work tree holds ``root``; None when there is none."""
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return None
        if repo.working_tree_dir is None:  # a bare repository has no files to check
            return None
        prefix = root.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        return cls(repo, "" if prefix == "." else prefix + "/")

    @property
    def has_commits(self) -> bool:
        return self.repo.head.is_valid()

    def git_path(self, relative: str) -> str:
        """A campaign-relative path as git names it (relative to the top of the work tree)."""
        return self.prefix + relative

    def campaign_path(self, git_path: str) -> str:
        """A path as git names it, relative to the campaign root again."""
        return git_path[len(self.prefix):]

    @property
    def pathspec(self) -> str:
        """The campaign's own folder, to limit a git command to it."""
        return self.prefix or "."
