"""Finding, placing and loading every submission: files -> strict loader -> schema -> Submission."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from tieshai.findings import Finding, Severity
from tieshai.load.layout import SUBMISSIONS, LayoutError, Placement, place
from tieshai.load.yamlload import YamlDocument, load_yaml_file, os_error_reason, special_file_kind
from tieshai.model.campaign import Campaign
from tieshai.vocabulary import Kind


@dataclass(frozen=True)
class Submission:
    """One loaded record: where it is, what the path says it is, and its data with positions."""

    path: str  # relative to the root, with forward slashes
    placement: Placement
    document: YamlDocument
    valid: bool  # passed its schema; cross-file rules only read valid records

    @property
    def kind(self) -> Kind:
        assert self.placement.kind is not None
        return self.placement.kind

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def folder(self) -> PurePosixPath:
        return PurePosixPath(self.path).parent


@dataclass
class LoadedSubmissions:
    submissions: list[Submission]
    findings: list[Finding]
    files_seen: list[str]  # every file under submissions/, records or not
    unreadable: list[Placement] = field(default_factory=list)  # records that could not be read as records


class Found(NamedTuple):
    path: str  # relative to the root, with forward slashes
    is_symlink: bool
    unusable: str | None = None  # why it cannot be read, in Chinese: a FIFO, a device, a folder that cannot be listed


def discover(root: Path, units: Collection[str] | None = None) -> list[Found]:
    """Every file under submissions/ (or under the given units' folders), sorted by root-relative
    POSIX path. Symlinks are listed, never followed, folders included, so that they are refused."""
    starts = [SUBMISSIONS] if units is None else [f"{SUBMISSIONS}/{unit}" for unit in units]
    found: list[Found] = []
    pending = list(starts)
    while pending:  # a loop, not recursion: a hostile tree may be nested thousands deep
        folder = pending.pop()
        try:
            with os.scandir(root / folder) as entries:
                for entry in entries:
                    path = f"{folder}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(path)
                    elif entry.is_symlink() or entry.is_file(follow_symlinks=False):
                        found.append(Found(path, entry.is_symlink()))
                    else:  # never opened: a FIFO would block the check, a device read forever
                        found.append(Found(path, False, special_file_kind(entry.stat(follow_symlinks=False).st_mode)))
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:  # a folder without read permission, a path longer than the system allows
            found.append(Found(folder, False, f"无法读取的目录（{os_error_reason(exc)}）"))
    return sorted(found)


_HIDDEN = ("Cc", "Cf", "Cs")  # controls, format characters, and bytes that were not UTF-8


def _odd_character(path: str) -> str | None:
    """A control or format character (zero-width, bidirectional override) in a path, if any:
    such names look like another file's, or hide what they are. A name that is not UTF-8 comes
    from the file system with each of its bytes as a lone surrogate, which this finds too."""
    if path.isprintable():  # quick test: control and format characters are never printable
        return None
    return next((char for char in path if unicodedata.category(char) in _HIDDEN), None)


def shown_path(path: str) -> str:
    """A path as a finding may print it: hidden characters as \\uXXXX, bytes that are not UTF-8 as \\xNN."""
    shown = []
    for char in path:
        if "\udc80" <= char <= "\udcff":
            shown.append(f"\\x{ord(char) - 0xdc00:02x}")
        elif unicodedata.category(char) in _HIDDEN:
            shown.append(f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    return "".join(shown)


def name_findings(relative: str, others: Collection[str]) -> list[Finding]:
    """A file or folder name that is not plain UTF-8 text in its composed (NFC) form: hidden
    characters, bytes of another encoding, or letters written so as to look like another name."""
    odd = _odd_character(relative)
    if odd is not None and "\udc80" <= odd <= "\udcff":
        return [Finding(shown_path(relative), None, None, Severity.ERROR, "layout-filename-encoding",
                        "文件名或目录名不是 UTF-8 编码（常见于从 Windows 压缩包解压出的中文文件名），"
                        "请用正常的中文或英文重新命名。")]
    if odd is not None:
        return [Finding(shown_path(relative), None, None, Severity.ERROR, "layout-filename",
                        f"文件名或目录名中有看不见的控制字符 U+{ord(odd):04X}，请重命名（只用文字、数字、“-”和“_”）。")]
    if relative.isascii() or unicodedata.is_normalized("NFC", relative):
        return []
    composed = unicodedata.normalize("NFC", relative)
    twin = f"与“{composed}”看起来完全相同，却是另一个名字。" if composed in others else "看起来与正常写法相同，编码却不同。"
    return [Finding(relative, None, None, Severity.ERROR, "layout-filename-lookalike",
                    f"文件名或目录名中的字母是分解写法（Unicode 未规范化，多见于从苹果电脑复制的文件），{twin}"
                    "请删除后用键盘重新输入文件名。")]


def by_folder(found: list[Found]) -> Iterator[list[Found]]:
    """The discovered files, one unit's folder at a time (any other entry of submissions/ alone):
    a unit's rules need only its own records, so a large repository can be checked a unit at a time."""
    for _, group in groupby(found, key=lambda file: file.path.split("/", 2)[1:2]):
        yield list(group)


# Judges a loaded document against the schema of its place (rules.schema.schema_findings, with the
# campaign's codes for that kind and action): handed in by the check, so that loading needs
# nothing from the rules above it.
SchemaJudge = Callable[[YamlDocument, Placement], list[Finding]]


def load_submissions(root: Path, campaign: Campaign, files: list[Found], judge: SchemaJudge) -> LoadedSubmissions:
    findings: list[Finding] = []
    submissions: list[Submission] = []
    unreadable: list[Placement] = []
    paths = {file.path for file in files}
    for relative, is_symlink, unusable in files:
        absolute = root / relative
        named = name_findings(relative, paths)
        if named:
            findings += named
            continue
        if unusable is not None:
            findings.append(Finding(relative, None, None, Severity.ERROR, "layout-unreadable",
                                    f"这是{unusable}，不能作为填报内容读取。填报目录中只能有普通文件和目录；"
                                    "如是权限问题，请让所有人都能读取它。"))
            continue
        if is_symlink:
            findings.append(Finding(relative, None, None, Severity.ERROR, "layout-symlink",
                                    "填报目录中不能有符号链接（快捷方式），请放入文件本身。"))
            continue
        try:
            placement = place(PurePosixPath(relative), campaign)
        except LayoutError as exc:
            findings.append(Finding(relative, None, None, Severity.ERROR, "layout-unknown-path", str(exc)))
            continue
        if placement is None or placement.kind is None:
            continue
        document, load_findings = load_yaml_file(absolute, relative)
        findings += load_findings
        if document is None:
            unreadable.append(placement)
            continue
        if not isinstance(document.data, dict):
            findings.append(document.finding((), "schema-type",
                                             f"{placement.kind.label}的顶层应为若干“字段名: 值”。"))
            unreadable.append(placement)
            continue
        own = judge(document, placement)
        findings += own
        submissions.append(Submission(relative, placement, document, not any(f.is_error for f in own)))
    return LoadedSubmissions(submissions, findings, [file.path for file in files], unreadable)
