"""What a proposed change does to the repository, read from git: the files it adds, modifies or
deletes against the base it will merge into, and each file's record as it was on that base."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import git

from tieshai.load.yamlload import YamlDocument, load_yaml_bytes
from tieshai.review.git import GitRepository


class ChangeError(Exception):
    """git could not tell what changed (no repository, unknown base): an environment problem."""


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified, D deleted
    path: str  # relative to the campaign root; for a deletion, the deleted path


@dataclass
class Change:
    base_ref: str  # what the change merges into; it is compared with their merge-base
    files: tuple[FileChange, ...]
    repository: GitRepository
    _base_documents: dict[str, YamlDocument | None] = field(default_factory=dict, repr=False)

    @cached_property
    def base(self) -> str:
        """The merge-base commit, asked of git only when a file's earlier text is needed."""
        return str(self.repository.repo.git.merge_base(self.base_ref, "HEAD"))

    def base_document(self, path: str) -> YamlDocument | None:
        """The record as it is on the base, read from git and parsed by the strict loader once
        however many rules ask; None when it did not exist there or cannot be read."""
        if path not in self._base_documents:
            raw = self._base_bytes(path)
            self._base_documents[path] = load_yaml_bytes(raw, path)[0] if raw is not None else None
        return self._base_documents[path]

    def _base_bytes(self, path: str) -> bytes | None:
        try:
            raw = self.repository.repo.git.show(f"{self.base}:{self.repository.git_path(path)}",
                                                stdout_as_string=False)
        except git.GitCommandError:
            return None
        return bytes(raw)


def read_change(repository: GitRepository | None, root: Path, base_ref: str) -> Change:
    """Compare the work tree (commits and uncommitted edits) with its merge-base with ``base_ref``.
    Renames count as a deletion and an addition: a record's identity is its path."""
    if repository is None:
        raise ChangeError(f"{root} 不是 git 仓库，无法比较改动。")
    git_command = repository.repo.git
    try:
        # Both git commands run at once: together they are most of a one-file change's check.
        # --merge-base: the work tree against the merge-base with base_ref, in one call (git 2.30+)
        diff = git_command.diff("--merge-base", "--name-status", "--no-renames", "-z", base_ref, "--",
                                repository.pathspec, as_process=True)
        untracked = _output(git_command.ls_files("--others", "--exclude-standard", "-z", "--",
                                                 repository.pathspec, as_process=True))
        output = _output(diff)
    except git.GitCommandError as exc:
        raise ChangeError(f"无法与“{base_ref}”比较：{_git_message(exc)}。请确认该分支或提交存在"
                          "（CI 中需要 fetch-depth: 0 或先 git fetch）。") from exc
    parts = [part for part in output.split("\0") if part]
    files = [FileChange(status[0], repository.campaign_path(path)) for status, path in zip(parts[0::2], parts[1::2], strict=False)]
    files += [FileChange("A", repository.campaign_path(path)) for path in untracked.split("\0") if path]
    return Change(base_ref, tuple(sorted(set(files), key=lambda change: change.path)), repository)


def _output(process: Any) -> str:
    """All a git process started with as_process=True wrote; GitCommandError if it failed."""
    stdout: IO[bytes] = process.stdout
    text = stdout.read().decode("utf-8")
    process.wait()  # raises GitCommandError, with git's message, on a non-zero exit
    return text


def _git_message(error: git.GitCommandError) -> str:
    """git's own words (GitPython wraps them as "stderr: '…'")."""
    text = str(error.stderr or "").strip()
    if text.startswith("stderr: '"):
        text = text[len("stderr: '"):].rstrip("'").strip()
    return text or str(error)
