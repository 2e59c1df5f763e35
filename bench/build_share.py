"""Benchmark: tieshai's own share of a full site build on a large corpus.

    python bench/build_share.py [--units 100] [--runs 5]

Builds the `tieshai demo --units N` corpus --runs times, each in a new process as a real build
runs, and reports for each the total time, the time spent in tieshai's own code (every handler of
its MkDocs plugin: validation and the derived model in on_config, pages and downloads in on_files,
and its work on each page as MkDocs renders it, such as the search view) and its share of the whole. The first build also fills Jinja's bytecode cache with our page templates,
as the first build on a new machine does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tieshai.demo import write_demo

# The plugin's events, grouped as the report names them; any other event of it counts as "other".
GROUPS = {"config": "on_config", "files": "on_files", "page_markdown": "pages", "page_content": "pages",
          "page_context": "pages", "post_page": "pages", "nav": "other", "post_build": "other"}


def build_once(root: Path, site: Path) -> dict[str, float]:
    from mkdocs.plugins import CombinedEvent, PluginCollection

    from tieshai.site.build import build_site
    from tieshai.site.plugin import PLUGIN_NAME
    from tieshai.workspace import Workspace

    spent = {"on_config": 0.0, "on_files": 0.0, "pages": 0.0, "other": 0.0}
    register = PluginCollection._register_event

    def timed_register(collection, event_name, method, plugin_name=None):
        """Every handler of tieshai's plugin, timed (the search view runs in the theme's page events)."""
        if plugin_name != PLUGIN_NAME or isinstance(method, CombinedEvent):
            return register(collection, event_name, method, plugin_name)
        group = GROUPS.get(event_name, "other")

        def timed(*positional, **keywords):
            start = time.perf_counter()
            try:
                return method(*positional, **keywords)
            finally:
                spent[group] += time.perf_counter() - start

        timed.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore[attr-defined]
        return register(collection, event_name, timed, plugin_name)

    PluginCollection._register_event = timed_register  # type: ignore[method-assign]
    start = time.perf_counter()
    build_site(Workspace.at(root), site)
    return {"total": time.perf_counter() - start, **spent}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-once", nargs=2, metavar=("ROOT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_once:
        print(json.dumps(build_once(Path(args.build_once[0]), Path(args.build_once[1]))))
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        files = write_demo(root, args.units, seed=2021)
        print(f"{args.units} 个单位，{files} 个文件")
        shares = []
        for run in range(1, args.runs + 1):
            done = subprocess.run([sys.executable, __file__, "--build-once", str(root), str(Path(folder) / f"site-{run}")],
                                  capture_output=True, text=True, check=True)
            parts = json.loads(done.stdout.strip().splitlines()[-1])
            ours = parts["on_config"] + parts["on_files"] + parts["pages"] + parts["other"]
            shares.append(ours / parts["total"])
            print(f"第 {run} 次：构建 {parts['total']:.2f} 秒，其中 tieshai 自身 {ours:.2f} 秒"
                  f"（校验和统计 {parts['on_config']:.2f} 秒，生成页面和下载文件 {parts['on_files']:.2f} 秒，"
                  f"MkDocs 处理各页时 {parts['pages']:.2f} 秒，其他 {parts['other']:.2f} 秒），"
                  f"占 {100 * ours / parts['total']:.0f}%")
    print(f"tieshai 所占比例（中位数）：{100 * sorted(shares)[len(shares) // 2]:.0f}%")


if __name__ == "__main__":
    main()
