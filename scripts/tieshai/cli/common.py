"""What every command shares: exit codes, usage errors, finding the campaign repository."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.outputs.report import write_text
from tieshai.workspace import Workspace

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called or with its environment (exit code 2)."""


def as_of_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为 YYYY-MM-DD，例如 2021-06-30") from None


def ref_argument(text: str) -> str:
    """A branch or commit named on the command line: never something git would read as an option."""
    from tieshai.review.git import RefError, check_ref_text

    try:
        check_ref_text(text)
    except RefError as exc:
        raise argparse.ArgumentTypeError(f"“{text.encode('unicode_escape').decode('ascii')}”不能用作分支名或提交：{exc}") from None
    return text


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds campaign.yaml; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / CAMPAIGN_FILE).is_file():
            return folder
    return start


def resolve_root(given: Path | None) -> Path:
    root = given.resolve() if given else find_root(Path.cwd().resolve())
    if not root.is_dir():
        raise UsageError(f"行动仓库目录不存在：{root}")
    if not (root / CAMPAIGN_FILE).is_file():
        raise UsageError(f"{root} 中没有 {CAMPAIGN_FILE}。请在行动仓库中运行，或用 tieshai --root 目录 指定行动仓库。")
    return root


def campaign_or_report(workspace: Workspace) -> Campaign | None:
    """campaign.yaml alone, for commands that need no submissions; with errors, None and the
    findings written to the error stream."""
    campaign, findings = workspace.campaign_check
    if campaign is None:
        write_text(findings, 1, sys.stderr)
    return campaign
