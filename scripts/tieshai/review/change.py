"""What a proposed change does to the repository, read from git: the files it adds, modifies or
deletes against the base it will merge into, and each file's record as it was on that base.

Everything git says is untrusted data: a path may be any bytes, a file may turn into a symbolic
link or a submodule, an earlier version may be huge or broken. Each earlier record is measured
before it is read and goes through the strict loader and its schema, like any file of the check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import git

from tieshai.findings import Finding, Severity
from tieshai.load.submissions import shown_path
from tieshai.load.yamlload import MAX_FILE_BYTES, YamlDocument, load_yaml_bytes
from tieshai.review.git import GitRepository, RefError, check_ref_text

REGULAR_MODES = ("100644", "100755")
ABSENT = "000000"
_MODE_NAMES = {"120000": "符号链接（快捷方式）", "160000": "子模块（submodule，指向另一个仓库）"}

# Judges an earlier record against the schema its path calls for (None: not a record the
# rules read); handed in by the change check, which knows the campaign.
BaseJudge = Callable[[str, YamlDocument], list[Finding]]


class ChangeError(Exception):
    """git could not tell what changed (no repository, unknown base): an environment problem."""


def _pass_over(stream: Any) -> None:  # GitPython's stream of a cat-file object
    """Read what is left of an object a megabyte at a time, never holding it, so that git's
    cat-file process is ready for the next name."""
    while stream.read(1 << 20):
        pass


class FileTooLarge(Exception):
    """A file in git over the loader's size limit; its message says so in Chinese."""


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified (its content or its type), D deleted
    path: str  # relative to the campaign root; for a deletion, the deleted path
    mode: str = "100644"  # git's mode after the change: 120000 a symbolic link, 160000 a submodule
    old_mode: str = ABSENT


@dataclass
class Change:
    base_ref: str  # what the change merges into; it is compared with their merge-base
    files: tuple[FileChange, ...]
    repository: GitRepository
    judge: BaseJudge | None = None
    base_findings: list[Finding] = field(default_factory=list)  # earlier versions that could not be read
    _base_documents: dict[str, YamlDocument | None] = field(default_factory=dict, repr=False)

    @cached_property
    def base(self) -> str:
        """The merge-base commit, asked of git only when a file's earlier text is needed."""
        return str(self.repository.repo.git.merge_base("--end-of-options", self.base_ref, "HEAD"))

    def base_document(self, path: str) -> YamlDocument | None:
        """The record as it is on the base, read from git and parsed by the strict loader once
        however many rules ask; None when it did not exist there or cannot be read (a finding
        in ``base_findings`` then says why)."""
        if path not in self._base_documents:
            self._base_documents[path] = self._load_base(path)
        return self._base_documents[path]

    def read_at(self, ref: str, path: str) -> bytes | None:
        """The bytes of a regular file at ``ref``, measured before it is held: None when it is
        not there (or is a link or a submodule, never a record); FileTooLarge over the loader's limit.
        Read through git's long-running cat-file process: one process however many files."""
        git_path = self.repository.git_path(path)
        if "\n" in git_path or "\n" in ref:
            return None  # cat-file reads one name a line: such a name is never a record's
        earlier = next((file for file in self.files if file.path == path), None)
        if ref == self.base and earlier is not None and earlier.old_mode not in REGULAR_MODES:
            return None  # a link or a submodule before the change
        handle = self.repository.repo.git
        try:
            _, kind, size, stream = handle.stream_object_data(f"{ref}:{git_path}")
        except (ValueError, git.GitCommandError):
            return None  # not there
        if kind != b"blob":
            _pass_over(stream)
            return None
        if size > MAX_FILE_BYTES:  # measured before it is held in memory
            _pass_over(stream)
            raise FileTooLarge(f"文件有 {size // 1024 // 1024} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。")
        return bytes(stream.read())

    def _load_base(self, path: str) -> YamlDocument | None:
        def unreadable(reason: str) -> None:
            self.base_findings.append(Finding(path, None, None, Severity.ERROR, "change-base-unreadable",
                                              f"主分支上这份记录原来的版本无法读取：{reason}"
                                              "无法据此判断这次改动是否允许，请联系组织单位处理。"))

        try:
            raw = self.read_at(self.base, path)
        except FileTooLarge as large:
            unreadable(str(large))
            return None
        if raw is None:
            return None
        document, findings = load_yaml_bytes(raw, path)
        errors = [finding for finding in findings if finding.is_error]
        if document is None or errors:
            unreadable(errors[0].message if errors else "")
            return None
        judged = [finding for finding in (self.judge(path, document) if self.judge else []) if finding.is_error]
        if judged:
            unreadable(f"不符合记录的格式（{judged[0].location} {judged[0].message}）")
            return None
        return document


def type_findings(change: Change) -> list[Finding]:
    """A file that the change makes a symbolic link or a submodule: neither is ever a record or
    evidence, and either could make a check read something other than what was reviewed."""
    found = []
    for file in change.files:
        name = _MODE_NAMES.get(file.mode)
        if file.status == "D" or name is None:
            continue
        before = "新加入的" if file.old_mode == ABSENT else "原来的普通文件被改成了"
        found.append(Finding(file.path, None, None, Severity.ERROR, "change-file-type",
                             f"这是{before}{name}。仓库中不能加入符号链接或子模块，请提交文件本身。"))
    return found


def read_change(repository: GitRepository | None, root: Path, base_ref: str) -> Change:
    """Compare the work tree (commits and uncommitted edits) with its merge-base with ``base_ref``.
    Renames count as a deletion and an addition: a record's identity is its path."""
    if repository is None:
        raise ChangeError(f"{root} 不是 git 仓库，无法比较改动。")
    try:
        check_ref_text(base_ref)
    except RefError as exc:
        raise ChangeError(f"无法与“{shown_path(base_ref)}”比较：{exc}") from None
    git_command = repository.repo.git
    try:
        # Both git commands run at once: together they are most of a one-file change's check.
        # --merge-base: the work tree against the merge-base with the base, in one call (git 2.30+)
        diff = git_command.diff("--merge-base", "--raw", "--no-abbrev", "--no-renames", "-z", "--end-of-options",
                                base_ref, "--", repository.pathspec, as_process=True)
        untracked = _output(git_command.ls_files("--others", "--exclude-standard", "-z", "--",
                                                 repository.pathspec, as_process=True))
        output = _output(diff)
    except git.GitCommandError as exc:
        raise ChangeError(f"无法与“{base_ref}”比较：{_git_message(exc)}。请确认该分支或提交存在"
                          "（CI 中需要 fetch-depth: 0 或先 git fetch）。") from exc
    parts = output.split("\0")
    files = [_file_change(meta, repository.campaign_path(path)) for meta, path in zip(parts[0::2], parts[1::2], strict=False)
             if meta.startswith(":")]
    files += [FileChange("A", shown_path(repository.campaign_path(path))) for path in untracked.split("\0") if path]
    return Change(base_ref, tuple(sorted(set(files), key=lambda change: change.path)), repository)


def _file_change(meta: str, path: str) -> FileChange:
    """One entry of `git diff --raw`: ":old-mode new-mode old-sha new-sha status"."""
    old_mode, mode, _, _, status = meta[1:].split(" ")
    status = status[:1] if status[:1] in ("A", "D") else "M"  # T (a type change) is a modification too
    return FileChange(status, shown_path(path), old_mode if status == "D" else mode, old_mode)


def _output(process: Any) -> str:
    """All a git process started with as_process=True wrote (names that are not UTF-8 keep their
    bytes as lone surrogates, for shown_path to show); GitCommandError if it failed."""
    stdout: IO[bytes] = process.stdout
    text = stdout.read().decode("utf-8", "surrogateescape")
    process.wait()  # raises GitCommandError, with git's message, on a non-zero exit
    return text


def _git_message(error: git.GitCommandError) -> str:
    """git's own words (GitPython wraps them as "stderr: '…'")."""
    text = str(error.stderr or "").strip()
    if text.startswith("stderr: '"):
        text = text[len("stderr: '"):].rstrip("'").strip()
    return text or str(error)
