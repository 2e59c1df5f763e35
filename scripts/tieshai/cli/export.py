"""``tieshai export``: the derived state as JSON, one CSV per table or an Excel workbook; or the
campaign's official documents in Word."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tieshai.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, as_of_argument
from tieshai.outputs.export import FORMATS
from tieshai.outputs.report import write_text
from tieshai.workspace import Workspace


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    export = commands.add_parser("export", help="导出统计结果和公文（进度、整改台账、指标、扣分、案例排名，Word 公文）",
                                 description="校验后导出：派生的统计结果为 JSON 一个文件，或每张表一个 CSV"
                                             "（UTF-8 带 BOM，可直接用 Excel 打开），或一个 Excel 工作簿（每张表一个工作表）；"
                                             "公文为 Word 文件（整改通知书、督查通报、进展简报、年度结果），按公文格式排版。"
                                             "已有同名文件时不会覆盖。")
    export.add_argument("--format", choices=FORMATS, required=True,
                        help="json、csv、xlsx（Excel 工作簿）或 docx（Word 公文）")
    export.add_argument("--out", metavar="目录", type=Path, required=True, help="输出目录")
    export.add_argument("--as-of", metavar="YYYY-MM-DD", type=as_of_argument, help="统计日期；默认示例数据的日期或今天")
    return export


def run(workspace: Workspace, args: argparse.Namespace) -> int:
    from tieshai.outputs.export import ExportError, write_export

    result = workspace.checked
    if not result.ok or result.campaign is None:
        write_text(result.findings, result.files_checked, sys.stderr)
        print("行动数据有错误，未导出。请按上面的提示修改后重试。", file=sys.stderr)
        return EXIT_FINDINGS
    state = workspace.state
    try:
        written = write_export(Path(os.path.abspath(args.out)), args.format, result.campaign, state, workspace.records)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    print(f"已导出（截至 {state.as_of}）：")
    for path in written:
        print(f"  {path}")
    return EXIT_OK
