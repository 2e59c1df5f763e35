"""The ``tieshai`` command, one module per command. Exit codes: 0 all good, 1 findings, 2 usage or
environment error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tieshai import __version__
from tieshai.cli import argparse_zh, check, codeowners, demo, export, new, site
from tieshai.cli.common import EXIT_USAGE, UsageError, resolve_root
from tieshai.outputs.files import OutputError, environment_error
from tieshai.workspace import Workspace


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()
    parser = argparse.ArgumentParser(
        prog="tieshai",
        description="铁筛：行政执法监督专项行动仓库的校验与站点工具。",
        epilog="退出码：0 没有问题；1 发现问题；2 用法或环境错误。",
    )
    parser.add_argument("--version", action="version", version=f"tieshai {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--root", metavar="目录", type=Path,
                        help="行动仓库的根目录（含 campaign.yaml）；默认是当前所在的仓库")
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令")
    commands.required = True
    check.add_parser(commands)
    codeowners.add_parser(commands)
    site.add_build_parser(commands)
    new.add_parser(commands)
    export.add_parser(commands)
    demo.add_parser(commands)
    site.add_serve_parser(commands)
    argparse_zh.use_chinese_layout(parser)
    return parser


COMMANDS = {"check": check.run, "codeowners": codeowners.run, "export": export.run, "new": new.run,
            "build": site.run_build, "serve": site.run_serve}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":  # writes a new repository: needs none to run in
            return demo.run(args)
        workspace = Workspace.at(resolve_root(args.root), getattr(args, "as_of", None))
        return COMMANDS[args.command](workspace, args)
    except (UsageError, OutputError) as exc:
        print(f"tieshai：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the machine refused (disk, permissions, paths): not a bug, not the data
        if os.environ.get("TIESHAI_DEBUG"):
            raise
        print(f"tieshai：{environment_error(exc, doing='读写')}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in tieshai itself: say so plainly, keep the details for maintainers
        if os.environ.get("TIESHAI_DEBUG"):
            raise
        print(f"tieshai 内部错误（{type(exc).__name__}：{exc}）。这不是数据问题；"
              "请把这条信息报告给维护人员，设置环境变量 TIESHAI_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return EXIT_USAGE
