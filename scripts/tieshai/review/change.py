"""What a proposed change does to the repository, read from git: the files it adds, modifies,
deletes or renames against the base it will merge into, and their content on that base."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import git


class ChangeError(Exception):
    """git could not tell what changed (no repository, unknown base): an environment problem."""


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified, D deleted
    path: str  # the path after the change (for a deletion, the deleted path)


@dataclass
class Change:
    base_ref: str  # what the change merges into; it is compared with their merge-base
    files: tuple[FileChange, ...]
    repo: git.Repo
    prefix: str  # the campaign root inside the git work tree ("" when it is the top)

    @cached_property
    def base(self) -> str:
        """The merge-base commit, asked of git only when a file's earlier text is needed."""
        return self.repo.git.merge_base(self.base_ref, "HEAD")

    def base_text(self, path: str) -> str | None:
        """The file's text on the base, or None when it did not exist there."""
        try:
            return self.repo.git.show(f"{self.base}:{self.prefix}{path}")
        except git.GitCommandError:
            return None


def read_change(root: Path, base_ref: str) -> Change:
    """Compare the work tree (commits and uncommitted edits) with its merge-base with ``base_ref``.
    Renames count as a deletion and an addition: a record's identity is its path."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir).resolve()
        prefix = root.resolve().relative_to(top).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        # Both git commands run at once: together they are most of a one-file change's check.
        # --merge-base: the work tree against the merge-base with base_ref, in one call (git 2.30+)
        diff = repo.git.diff("--merge-base", "--name-status", "--no-renames", "-z", base_ref, "--", prefix or ".",
                             as_process=True)
        untracked = _output(repo.git.ls_files("--others", "--exclude-standard", "-z", "--", prefix or ".",
                                              as_process=True))
        output = _output(diff)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise ChangeError(f"{root} 不是 git 仓库，无法比较改动。") from exc
    except git.GitCommandError as exc:
        raise ChangeError(f"无法与“{base_ref}”比较：{_git_message(exc)}。请确认该分支或提交存在"
                          "（CI 中需要 fetch-depth: 0 或先 git fetch）。") from exc
    parts = [part for part in output.split("\0") if part]
    files = [FileChange(status[0], path[len(prefix):]) for status, path in zip(parts[0::2], parts[1::2])]
    files += [FileChange("A", path[len(prefix):]) for path in untracked.split("\0") if path]
    return Change(base_ref, tuple(sorted(set(files), key=lambda change: change.path)), repo, prefix)


def _output(process) -> str:
    """All a git process started with as_process=True wrote; GitCommandError if it failed."""
    text = process.stdout.read().decode("utf-8")
    process.wait()  # raises GitCommandError, with git's message, on a non-zero exit
    return text


def _git_message(error: git.GitCommandError) -> str:
    """git's own words (GitPython wraps them as "stderr: '…'")."""
    text = (error.stderr or "").strip()
    if text.startswith("stderr: '"):
        text = text[len("stderr: '"):].rstrip("'").strip()
    return text or str(error)
