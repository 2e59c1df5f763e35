"""One git handle on a campaign repository: the repository and where the campaign sits in its
work tree (a campaign may live in a sub-folder of a larger repository)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git

# What GitPython raises when a folder is not (or no longer) a readable git repository, or when a
# command fails; callers that can do without history treat all of them as "no history".
GIT_ERRORS = (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError)
MAX_REF_CHARS = 255


class RefError(ValueError):
    """A branch or commit name that cannot be used; the message says why, in Chinese."""


def check_ref_text(ref: str) -> None:
    """Refuse a name git would read as an option (``--output=FILE`` writes a file) or that no
    branch can have (spaces, controls): the one rule for every ref from outside, CLI or not.
    A ref that passes still reaches git only after --end-of-options."""
    if not ref or ref.startswith("-"):
        raise RefError("分支名或提交不能为空，也不能以“-”开头。")
    if len(ref) > MAX_REF_CHARS or not ref.isprintable() or any(char.isspace() for char in ref):
        raise RefError(f"分支名或提交不能含有空格或控制字符，也不能超过 {MAX_REF_CHARS} 个字符。")


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
