"""``tieshai demo``: a complete example campaign repository (needs no repository to run in)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tieshai.cli.common import EXIT_OK, UsageError


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    demo = commands.add_parser("demo", help="生成示例行动仓库",
                               description="写出一个完整、可通过校验的示例行动仓库（方案和各单位填报，内容虚构）。"
                                           "同一个种子总是生成完全相同的文件。")
    demo.add_argument("--out", metavar="目录", type=Path, required=True, help="输出目录（必须是新目录或空目录）")
    demo.add_argument("--units", metavar="N", type=int,
                      help="生成 N 个虚构单位（用于性能测试）；不指定时生成温州 14 个单位的内置示例")
    demo.add_argument("--seed", metavar="N", type=int, default=2021, help="随机种子，默认 2021")
    return demo


def run(args: argparse.Namespace) -> int:
    from tieshai.demo import DemoError, write_demo

    out = args.out.resolve()
    try:
        count = write_demo(out, args.units, args.seed)
    except DemoError as exc:
        raise UsageError(str(exc)) from None
    print(f"示例行动仓库已生成：{out}（{count} 个文件）")
    print(f"校验：tieshai --root {args.out} check；生成站点：tieshai --root {args.out} build")
    return EXIT_OK
