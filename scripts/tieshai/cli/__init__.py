"""The ``tieshai`` command. Exit codes: 0 all good, 1 findings, 2 usage or environment error."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from tieshai import __version__

from tieshai.cli import argparse_zh
from tieshai.model.campaign import CAMPAIGN_FILE
from tieshai.rules.check import CheckResult, check_repository, load_campaign
from tieshai.review.check import check_change
from tieshai.vocabulary import Kind
from tieshai.findings import sort_key
from tieshai.outputs.report import write_github, write_json, write_text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
COMMENT_FINDINGS = 30  # the bot comment stays short; the job summary and the log hold the rest


class UsageError(Exception):
    """A problem with how the command was called or with its environment (exit code 2)."""


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为 YYYY-MM-DD，例如 2021-06-30") from None


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

    check = commands.add_parser("check", help="校验行动数据",
                                description="校验 campaign.yaml 和各单位的填报。给出文件或目录时只报告它们的问题"
                                            "（仍按整个仓库的数据判断引用是否成立）。")
    check.add_argument("paths", nargs="*", metavar="路径", type=Path, help="只报告这些文件或目录的问题")
    check.add_argument("--base", metavar="分支或提交",
                       help="检查相对这个分支（如 origin/main）的改动：谁能改、哪些记录不能改写，并只校验改动涉及的单位")
    check.add_argument("--author", metavar="账号", help="提交改动的账号（与 --base 一起用），按 campaign.yaml 的角色判断权限")
    check.add_argument("--comment-out", metavar="文件", type=Path,
                       help="（与 --base 一起用）把改动说明和校验结果写成 Markdown，供合并请求的评论使用")

    codeowners = commands.add_parser("codeowners", help="根据 campaign.yaml 的角色生成 .github/CODEOWNERS",
                                     description="生成 .github/CODEOWNERS，让代码托管平台请相应的人审阅改动。")
    codeowners.add_argument("--check", action="store_true", help="只检查文件是否与 campaign.yaml 一致，不一致时退出码为 1")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="输出格式：text 文字（默认）、json、github（GitHub 工作流批注）")

    build = commands.add_parser("build", help="校验后生成站点",
                                description="先校验，没有错误才用 mkdocs build --strict 生成站点。")
    build.add_argument("--site-dir", metavar="目录", type=Path, help="站点输出目录，默认是仓库下的 site/")
    build.add_argument("--as-of", metavar="YYYY-MM-DD", type=_as_of, help="统计日期，默认是示例数据的日期或今天")
    build.add_argument("--audience", choices=("internal", "public"), default="internal",
                       help="读者：internal 内部（默认，供工作人员）或 public 公开（不含仅内部字段，自然人只显示姓氏）")
    build.add_argument("--offline", action="store_true",
                       help="生成可直接从磁盘打开的站点（不需要网页服务器，可打包分发），搜索同样可用")

    new = commands.add_parser("new", help="新建一份填报模板",
                              description="在规定的位置写出一份带说明、已预填的模板（已有文件时不会覆盖）。")
    new.add_argument("kind", metavar="类型", choices=[kind.value for kind in Kind],
                     help="；".join(f"{kind.value} {kind.label}" for kind in Kind))
    new.add_argument("--unit", metavar="单位编号", required=True, help="填报单位，例如 lucheng")
    new.add_argument("--action", metavar="行动编号", help="专项行动，例如 plans、enforcement、accidents、case-review")
    new.add_argument("--id", metavar="编号", help="通知书、专项记录或案例的编号")
    new.add_argument("--period", metavar="YYYY-qN", help="指标报送的统计期间，例如 2021-q2")

    export = commands.add_parser("export", help="导出统计结果（进度、整改台账、指标、扣分、案例排名）",
                                 description="校验后导出派生的统计结果：JSON 一个文件，或每张表一个 CSV"
                                             "（UTF-8 带 BOM，可直接用 Excel 打开）。已有同名文件时不会覆盖。")
    export.add_argument("--format", choices=("json", "csv"), required=True, help="json 或 csv")
    export.add_argument("--out", metavar="目录", type=Path, required=True, help="输出目录")
    export.add_argument("--as-of", metavar="YYYY-MM-DD", type=_as_of, help="统计日期；默认示例数据的日期或今天")

    demo = commands.add_parser("demo", help="生成示例行动仓库",
                               description="写出一个完整、可通过校验的示例行动仓库（方案和各单位填报，内容虚构）。"
                                           "同一个种子总是生成完全相同的文件。")
    demo.add_argument("--out", metavar="目录", type=Path, required=True, help="输出目录（必须是新目录或空目录）")
    demo.add_argument("--units", metavar="N", type=int,
                      help="生成 N 个虚构单位（用于性能测试）；不指定时生成温州 14 个单位的内置示例")
    demo.add_argument("--seed", metavar="N", type=int, default=2021, help="随机种子，默认 2021")

    serve = commands.add_parser("serve", help="本地预览站点，数据修改后自动刷新",
                                description="在本机启动预览服务；修改 campaign.yaml 或填报后页面自动更新。")
    serve.add_argument("--as-of", metavar="YYYY-MM-DD", type=_as_of, help="统计日期，默认是今天")
    serve.add_argument("--dev-addr", metavar="地址:端口", default="127.0.0.1:8000",
                       help="预览服务地址，默认 127.0.0.1:8000")
    return parser


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


def run_check(root: Path, paths: list[Path], output_format: str, base: str | None = None,
              author: str | None = None, comment_out: Path | None = None) -> int:
    if base is None:
        if author is not None or comment_out is not None:
            raise UsageError("--author 和 --comment-out 要与 --base 一起使用。")
        result = check_repository(root, _root_relative(root, paths))
    else:
        from tieshai.review.change import ChangeError

        try:
            result, description = check_change(root, base, author)
        except ChangeError as exc:
            raise UsageError(str(exc)) from None
        _write_description(description, result, comment_out)
    writer = {"text": write_text, "json": write_json, "github": write_github}[output_format]
    writer(result.findings, result.files_checked, sys.stdout)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _write_description(description: list[str], result: CheckResult, comment_out: Path | None) -> None:
    """The change in words: into the job summary on GitHub, and into the bot comment's file."""
    from tieshai.review.summary import summary_markdown

    text = summary_markdown(description, result.findings, result.files_checked)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(text)
    if comment_out is not None:
        shown = sorted(result.findings, key=sort_key)[:COMMENT_FINDINGS]
        lines = [text, *(f"- `{f.location}` {f.severity.label} [{f.code}] {f.message}" for f in shown)]
        if len(result.findings) > COMMENT_FINDINGS:
            lines.append(f"\n……另有 {len(result.findings) - COMMENT_FINDINGS} 条，完整列表见检查的作业摘要和日志。")
        try:
            with comment_out.open("x", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
        except FileExistsError:
            raise UsageError(f"{comment_out} 已存在，不会覆盖。") from None


def run_codeowners(root: Path, check_only: bool) -> int:
    from tieshai.outputs.codeowners import CODEOWNERS, CodeownersError, codeowners_current, write_codeowners

    campaign, findings = load_campaign(root)
    if campaign is None:
        write_text(findings, 1, sys.stderr)
        return EXIT_FINDINGS
    if check_only:
        if codeowners_current(root, campaign):
            print(f"{CODEOWNERS} 与 campaign.yaml 一致。")
            return EXIT_OK
        print(f"{CODEOWNERS} 与 campaign.yaml 中的角色不一致（或不存在）。请运行 tieshai codeowners 重新生成并提交。")
        return EXIT_FINDINGS
    try:
        path, changed = write_codeowners(root, campaign)
    except CodeownersError as exc:
        raise UsageError(str(exc)) from None
    print(f"{'已更新' if changed else '无需更新'}：{path}")
    return EXIT_OK


def _validate_before_site(root: Path) -> bool:
    from tieshai.site.plugin import hand_over_check

    result = check_repository(root, keep_records=True)
    if result.findings:
        write_text(result.findings, result.files_checked, sys.stderr)
    if not result.ok:
        print("行动数据有错误，站点未生成。请按上面的提示修改后重试。", file=sys.stderr)
    else:
        hand_over_check(root, result)  # the plugin uses it instead of checking the same files again
    return result.ok


def run_build(root: Path, site_dir: Path | None, as_of: date | None, audience: str, offline: bool) -> int:
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from tieshai.site.build import SiteDirNotOurs, build_site

    if not _validate_before_site(root):
        return EXIT_FINDINGS
    try:
        built = build_site(root, site_dir, as_of, audience, offline)
    except SiteDirNotOurs as exc:
        raise UsageError(f"输出目录 {exc} 中已有其他文件。为免覆盖，请指定一个空目录或新目录。") from None
    except PluginError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FINDINGS
    except ConfigurationError as exc:
        raise UsageError(f"站点配置有误：{exc}") from None
    except Abort as exc:
        print(f"站点生成时出现警告，按严格模式停止（{exc}）。请按上面的提示修改。", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"站点已生成：{built / 'index.html'}")
    print(f"版本：{'公开版（不含仅内部字段）' if audience == 'public' else '内部版'}{'，可直接从磁盘打开' if offline else ''}。")
    print("用浏览器打开上面的文件即可查看，或运行 tieshai serve 本地预览。")
    return EXIT_OK


def run_new(root: Path, args: argparse.Namespace) -> int:
    from tieshai.outputs.new_record import NewRecordError, check_request, create_record

    campaign, findings = load_campaign(root)
    if campaign is None:
        write_text(findings, 1, sys.stderr)
        return EXIT_FINDINGS
    kind = Kind(args.kind)
    try:
        name = check_request(campaign, kind, args.unit, args.action, args.id, args.period)
        relative = create_record(root, campaign, kind, args.unit, args.action, name)
    except NewRecordError as exc:
        raise UsageError(str(exc)) from None
    print(f"已创建{kind.label}模板：{relative}")
    print(f"请把其中每个“待填写”换成实际内容，然后运行 tieshai check {relative} 检查。")
    return EXIT_OK


def run_export(root: Path, output_format: str, out: Path, as_of: date | None) -> int:
    from tieshai.outputs.export import ExportError, write_export
    from tieshai.review.landed import landing_times
    from tieshai.model.state import derive_state
    from tieshai.model.records import Records

    result = check_repository(root, keep_records=True)
    if not result.ok or result.campaign is None:
        write_text(result.findings, result.files_checked, sys.stderr)
        print("行动数据有错误，未导出。请按上面的提示修改后重试。", file=sys.stderr)
        return EXIT_FINDINGS
    campaign = result.campaign
    landing = landing_times(root, campaign.period.end)
    state = derive_state(campaign, Records.from_submissions(result.submissions, landing),
                         as_of or campaign.demo_as_of or date.today())
    try:
        written = write_export(out.resolve(), output_format, campaign, state)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    print(f"已导出（截至 {state.as_of}）：")
    for path in written:
        print(f"  {path}")
    return EXIT_OK


def run_demo(out: Path, units: int | None, seed: int) -> int:
    from tieshai.demo import DemoError, write_demo

    try:
        count = write_demo(out.resolve(), units, seed)
    except DemoError as exc:
        raise UsageError(str(exc)) from None
    print(f"示例行动仓库已生成：{out.resolve()}（{count} 个文件）")
    print(f"校验：tieshai --root {out} check；生成站点：tieshai --root {out} build")
    return EXIT_OK


def run_serve(root: Path, as_of: date | None, dev_addr: str) -> int:
    from tieshai.site.build import serve_site

    if not _validate_before_site(root):
        return EXIT_FINDINGS
    print(f"预览地址：http://{dev_addr}/ （按 Ctrl+C 停止）")
    try:
        serve_site(root, as_of, dev_addr)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":  # writes a new repository: needs none to run in
            return run_demo(args.out, args.units, args.seed)
        root = resolve_root(args.root)
        if args.command == "check":
            return run_check(root, args.paths, args.format, args.base, args.author, args.comment_out)
        if args.command == "codeowners":
            return run_codeowners(root, args.check)
        if args.command == "export":
            return run_export(root, args.format, args.out, args.as_of)
        if args.command == "new":
            return run_new(root, args)
        if args.command == "build":
            return run_build(root, args.site_dir, args.as_of, args.audience, args.offline)
        return run_serve(root, args.as_of, args.dev_addr)
    except UsageError as exc:
        print(f"tieshai：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in tieshai itself: say so plainly, keep the details for maintainers
        if os.environ.get("TIESHAI_DEBUG"):
            raise
        print(f"tieshai 内部错误（{type(exc).__name__}：{exc}）。这不是数据问题；"
              "请把这条信息报告给维护人员，设置环境变量 TIESHAI_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return EXIT_USAGE
