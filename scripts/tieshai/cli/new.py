"""``tieshai new``: a commented template for one record, at its proper path."""

from __future__ import annotations

import argparse

from tieshai.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, campaign_or_report
from tieshai.findings import PLACEHOLDER
from tieshai.vocabulary import Kind
from tieshai.workspace import Workspace


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    new = commands.add_parser("new", help="新建一份填报模板",
                              description="在规定的位置写出一份带说明、已预填的模板（已有文件时不会覆盖）。")
    new.add_argument("kind", metavar="类型", type=kind_argument,
                     help="记录的类型，写编号或名称：\n" + "\n".join(f"{kind.value}（{kind.label}）" for kind in Kind))
    new.add_argument("--unit", metavar="单位", required=True, help="填报单位，写编号或名称，例如 lucheng 或 鹿城区")
    new.add_argument("--action", metavar="行动", help="专项行动，写编号或简称，例如 plans 或 监督检查计划编制")
    new.add_argument("--id", metavar="编号", help="通知书、专项记录或案例的编号（小写英文字母、数字和连字符）")
    new.add_argument("--period", metavar="年份-q季度", help="指标报送的统计期间，例如 2021-q2（Q 大写也可以）")
    return new


def kind_argument(text: str) -> Kind:
    """A kind of record by its code or its Chinese name."""
    for kind in Kind:
        if text.strip() in (kind.value, kind.label):
            return kind
    listed = "、".join(f"{kind.value}（{kind.label}）" for kind in Kind)
    raise argparse.ArgumentTypeError(f"无效的选项“{text}”，没有这种记录。可选的类型：{listed}。")


def run(workspace: Workspace, args: argparse.Namespace) -> int:
    from tieshai.outputs.new_record import NewRecordError, check_request, create_record

    campaign = campaign_or_report(workspace)
    if campaign is None:
        return EXIT_FINDINGS
    kind: Kind = args.kind
    try:
        unit, action, name = check_request(campaign, kind, args.unit, args.action, args.id, args.period)
        relative = create_record(workspace.root, campaign, kind, unit, action, name)
    except NewRecordError as exc:
        raise UsageError(str(exc)) from None
    print(f"已创建{kind.label}模板：{relative}")
    print(f"请把其中每个“{PLACEHOLDER}”换成实际内容，然后运行 tieshai check {relative} 检查。")
    return EXIT_OK
