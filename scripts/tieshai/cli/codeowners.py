"""``tieshai codeowners``: .github/CODEOWNERS from the roles in campaign.yaml."""

from __future__ import annotations

import argparse

from tieshai.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, campaign_or_report
from tieshai.workspace import Workspace


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    codeowners = commands.add_parser("codeowners", help="根据 campaign.yaml 的角色生成 .github/CODEOWNERS",
                                     description="生成 .github/CODEOWNERS，让代码托管平台请相应的人审阅改动。")
    codeowners.add_argument("--check", action="store_true", help="只检查文件是否与 campaign.yaml 一致，不一致时退出码为 1")
    return codeowners


def run(workspace: Workspace, args: argparse.Namespace) -> int:
    from tieshai.outputs.codeowners import CODEOWNERS, CodeownersError, codeowners_current, write_codeowners

    campaign = campaign_or_report(workspace)
    if campaign is None:
        return EXIT_FINDINGS
    if args.check:
        if codeowners_current(workspace.root, campaign):
            print(f"{CODEOWNERS} 与 campaign.yaml 一致。")
            return EXIT_OK
        print(f"{CODEOWNERS} 与 campaign.yaml 中的角色不一致（或不存在）。请运行 tieshai codeowners 重新生成并提交。")
        return EXIT_FINDINGS
    try:
        path, changed = write_codeowners(workspace.root, campaign)
    except CodeownersError as exc:
        raise UsageError(str(exc)) from None
    print(f"{'已更新' if changed else '无需更新'}：{path}")
    return EXIT_OK
