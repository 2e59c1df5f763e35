"""Benchmark: tieshai's own share of a full site build on a large corpus.

    python bench/build_share.py [--units 100] [--runs 5]

Builds the `tieshai demo --units N` corpus --runs times, each in a new process as a real build
runs, and reports for each the total time, the time spent in tieshai's own code (validation, the
derived model and page generation, which all run in the plugin's on_config and on_files) and its
share of the whole. The first build also fills Jinja's bytecode cache with our page templates,
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


def build_once(root: Path, site: Path) -> dict[str, float]:
    from tieshai.site.build import build_site
    from tieshai.site.plugin import TieshaiPlugin
    from tieshai.workspace import Workspace

    spent = {"on_config": 0.0, "on_files": 0.0}
    for name in spent:
        original = getattr(TieshaiPlugin, name)

        def timed(self, *positional, _original=original, _name=name, **keywords):
            start = time.perf_counter()
            try:
                return _original(self, *positional, **keywords)
            finally:
                spent[_name] += time.perf_counter() - start

        setattr(TieshaiPlugin, name, timed)
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
            ours = parts["on_config"] + parts["on_files"]
            shares.append(ours / parts["total"])
            print(f"第 {run} 次：构建 {parts['total']:.2f} 秒，其中 tieshai 自身 {ours:.2f} 秒"
                  f"（校验和统计 {parts['on_config']:.2f} 秒，生成页面 {parts['on_files']:.2f} 秒），占 {100 * ours / parts['total']:.0f}%")
    print(f"tieshai 所占比例（中位数）：{100 * sorted(shares)[len(shares) // 2]:.0f}%")


if __name__ == "__main__":
    main()
