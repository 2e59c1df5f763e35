"""``tieshai check``: the validation that CI, the command line and the site build share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .campaign import load_campaign
from .findings import Finding


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    files_checked: int

    @property
    def ok(self) -> bool:
        return not any(finding.is_error for finding in self.findings)


def check_repository(root: Path) -> CheckResult:
    _, findings = load_campaign(root)
    return CheckResult(findings, files_checked=1)
