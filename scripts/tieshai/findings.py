"""Findings: what the validator tells a person, with where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# What `tieshai new` writes where a person still has to fill something in.
PLACEHOLDER = "待填写"
# Every character that ends a line somewhere (str.splitlines), shown escaped in a one-line text.
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"} | {
    ord("\n"): "\\n", ord("\r"): "\\r"}


def one_line(text: str) -> str:
    """``text`` on one line: a line break in a key or a file name is shown as \\n, never starts a
    line of its own in a log (where a line such as ``::error`` would be read as a command)."""
    return text.translate(_LINE_BREAKS)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Finding:
    """One problem in one file. ``line`` and ``column`` are 1-based; None when not applicable."""

    file: str
    line: int | None
    column: int | None
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_text(self) -> str:
        """``file:line:col: 错误 [code] message`` — stands on its own in any log: the command
        line, CI's plain lines and the site build's refusal all write a finding this way."""
        return one_line(f"{self.location}: {self.severity.label} [{self.code}] {self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line or 0, finding.column or 0, finding.code)
