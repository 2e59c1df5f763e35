"""``tieshai check``: the whole repository, chosen paths, or a proposed change against a base."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tieshai.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, ref_argument
from tieshai.outputs.files import write_files
from tieshai.outputs.report import write_github, write_json, write_text
from tieshai.rules.check import CheckResult
from tieshai.workspace import Workspace

if TYPE_CHECKING:
    from tieshai.review.summary import Review

COMMENT_FINDINGS = 30  # the bot comment stays short; the job summary and the log hold the rest


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    check = commands.add_parser("check", help="校验行动数据",
                                description="校验 campaign.yaml 和各单位的填报。给出文件或目录时只报告它们的问题"
                                            "（仍按整个仓库的数据判断引用是否成立）。")
    check.add_argument("paths", nargs="*", metavar="路径", type=Path, help="只报告这些文件或目录的问题")
    check.add_argument("--base", metavar="分支或提交", type=ref_argument,
                       help="检查相对这个分支（如 origin/main）的改动：谁能改、哪些记录不能改写，并只校验改动涉及的单位")
    check.add_argument("--author", metavar="账号", help="提交改动的账号（与 --base 一起用），按 campaign.yaml 的角色判断权限")
    check.add_argument("--comment-out", metavar="文件", type=Path,
                       help="（与 --base 一起用）把改动说明和校验结果写成 Markdown，供合并请求的评论使用")
    check.add_argument("--head", metavar="提交",
                       help="（与 --base 一起用）合并请求的头提交，作业摘要和评论中的位置链接到它的相应行")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="输出格式：text 文字（默认）、json、github（GitHub 工作流批注）")
    return check


def run(workspace: Workspace, args: argparse.Namespace) -> int:
    summary = None  # the job summary: the findings' table, unless a change's review replaces it
    if args.base is None:
        if args.author is not None or args.comment_out is not None or args.head is not None:
            raise UsageError("--author、--comment-out 和 --head 要与 --base 一起使用。")
        result = workspace.check(_root_relative(workspace.root, args.paths))
    else:
        if args.author is not None and not args.author.strip():
            raise UsageError("--author 不能为空：请写提交改动的账号。账号为空时无法按角色判断权限。")
        from tieshai.review.change import ChangeError

        try:
            result, review = workspace.check_change(args.base, args.author)
        except ChangeError as exc:
            raise UsageError(str(exc)) from None
        summary = _write_review(review, result, args.comment_out, args.head)
    if args.format == "github":
        write_github(result.findings, result.files_checked, sys.stdout, summary)
    else:
        {"text": write_text, "json": write_json}[args.format](result.findings, result.files_checked, sys.stdout)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _root_relative(root: Path, paths: list[Path]) -> list[str]:
    chosen = []
    for path in paths:
        absolute = path.resolve()
        if not absolute.exists():
            raise UsageError(f"路径不存在：{path}")
        if not absolute.is_relative_to(root):
            raise UsageError(f"{path} 不在行动仓库 {root} 之内。")
        chosen.append(absolute.relative_to(root).as_posix())
    return chosen


def _write_review(review: Review, result: CheckResult, comment_out: Path | None, head: str | None) -> str:
    """The change for the reviewer, written into the bot comment's file and returned for the job
    summary, which the github format writes in place of the findings' table."""
    from tieshai.review.links import Links
    from tieshai.review.summary import review_markdown

    links = Links.from_environment(os.environ, head)
    text = review_markdown(review, result.findings, links)
    if comment_out is not None:
        comment = review_markdown(review, result.findings, links, COMMENT_FINDINGS).encode("utf-8")
        try:
            write_files(comment_out.parent, {comment_out.name: comment})
        except FileExistsError:
            raise UsageError(f"{comment_out} 已存在，不会覆盖。") from None
    return text
