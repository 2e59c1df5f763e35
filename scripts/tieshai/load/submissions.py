"""Finding, placing and loading every submission: files -> strict loader -> schema -> Submission."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from tieshai.findings import Finding, Severity
from tieshai.load.layout import SUBMISSIONS, LayoutError, Placement, place
from tieshai.load.yamlload import YamlDocument, load_yaml_file
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


class Found(NamedTuple):
    path: str  # relative to the root, with forward slashes
    is_symlink: bool


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
                    else:
                        found.append(Found(path, entry.is_symlink()))
        except (FileNotFoundError, NotADirectoryError):
            continue
    return sorted(found)


def _odd_character(path: str) -> str | None:
    """A control or format character (zero-width, bidirectional override) in a path, if any:
    such names look like another file's, or hide what they are."""
    if path.isprintable():  # quick test: control and format characters are never printable
        return None
    return next((char for char in path if unicodedata.category(char) in ("Cc", "Cf")), None)


def by_folder(found: list[Found]) -> Iterator[list[Found]]:
    """The discovered files, one unit's folder at a time (any other entry of submissions/ alone):
    a unit's rules need only its own records, so a large repository can be checked a unit at a time."""
    for _, group in groupby(found, key=lambda file: file.path.split("/", 2)[1]):
        yield list(group)


# Judges a loaded document against the named schema (rules.schema.schema_findings): handed in by
# the check, so that loading needs nothing from the rules above it.
SchemaJudge = Callable[[YamlDocument, str], list[Finding]]


def load_submissions(root: Path, campaign: Campaign, files: list[Found], judge: SchemaJudge) -> LoadedSubmissions:
    findings: list[Finding] = []
    submissions: list[Submission] = []
    for relative, is_symlink in files:
        absolute = root / relative
        odd = _odd_character(relative)
        if odd:
            shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in relative)
            findings.append(Finding(shown, None, None, Severity.ERROR, "layout-filename",
                                    f"文件名或目录名中有看不见的控制字符 U+{ord(odd):04X}，请重命名（只用文字、数字、“-”和“_”）。"))
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
            continue
        if not isinstance(document.data, dict):
            findings.append(document.finding((), "schema-type",
                                             f"{placement.kind.label}的顶层应为若干“字段名: 值”。"))
            continue
        own = judge(document, placement.kind.schema)
        findings += own
        submissions.append(Submission(relative, placement, document, not any(f.is_error for f in own)))
    return LoadedSubmissions(submissions, findings, [file.path for file in files])
