"""``tieshai build`` and ``tieshai serve``: the site, strictly, after the same check as ``check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tieshai.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, as_of_argument
from tieshai.outputs.report import write_text
from tieshai.workspace import Workspace


def add_build_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    build = commands.add_parser("build", help="校验后生成站点",
                                description="先校验，没有错误才用 mkdocs build --strict 生成站点。")
    build.add_argument("--site-dir", metavar="目录", type=Path, help="站点输出目录，默认是仓库下的 site/")
    build.add_argument("--as-of", metavar="YYYY-MM-DD", type=as_of_argument, help="统计日期，默认是示例数据的日期或今天")
    build.add_argument("--audience", choices=("internal", "public"), default="internal",
                       help="读者：internal 内部（默认，供工作人员）或 public 公开（不含仅内部字段，自然人只显示姓氏）")
    build.add_argument("--offline", action="store_true",
                       help="生成可直接从磁盘打开的站点（不需要网页服务器，可打包分发），搜索同样可用")
    return build


def add_serve_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    serve = commands.add_parser("serve", help="本地预览站点，数据修改后自动刷新",
                                description="在本机启动预览服务；修改 campaign.yaml 或填报后页面自动更新。")
    serve.add_argument("--as-of", metavar="YYYY-MM-DD", type=as_of_argument, help="统计日期，默认是今天")
    serve.add_argument("--dev-addr", metavar="地址:端口", default="127.0.0.1:8000",
                       help="预览服务地址，默认 127.0.0.1:8000")
    return serve


def _valid(workspace: Workspace) -> bool:
    """The check the site is built from (the plugin reuses it instead of checking again)."""
    result = workspace.checked
    if result.findings:
        write_text(result.findings, result.files_checked, sys.stderr)
    if not result.ok:
        print("行动数据有错误，站点未生成。请按上面的提示修改后重试。", file=sys.stderr)
    return result.ok


def run_build(workspace: Workspace, args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from tieshai.site.build import SiteDirNotOurs, build_site

    if not _valid(workspace):
        return EXIT_FINDINGS
    try:
        built = build_site(workspace, args.site_dir, args.audience, args.offline)
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
    print(f"版本：{'公开版（不含仅内部字段）' if args.audience == 'public' else '内部版'}"
          f"{'，可直接从磁盘打开' if args.offline else ''}。")
    if args.offline:
        print("用浏览器打开上面的文件即可查看。")
    else:
        # pages link to folders (…/plans/), which only a web server turns into their index.html
        print("这个站点要放在网站服务器上浏览：运行 tieshai serve 在本机预览，或把整个目录发布到网站服务器。"
              "要直接从磁盘打开，请加 --offline 重新生成。")
    campaign = workspace.checked.campaign
    if campaign is not None and campaign.forge is None:
        print("提示：campaign.yaml 没有填写“代码托管平台”（forge），在线填报页面不能直接打开上传页面，"
              "只能请填报人员向组织单位索取仓库地址。")
    return EXIT_OK


def run_serve(workspace: Workspace, args: argparse.Namespace) -> int:
    from tieshai.site.build import serve_site

    if not _valid(workspace):
        return EXIT_FINDINGS
    print(f"预览地址：http://{args.dev_addr}/ （按 Ctrl+C 停止）")
    try:
        serve_site(workspace, args.dev_addr)
    except KeyboardInterrupt:
        pass
    return EXIT_OK
