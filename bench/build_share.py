"""Benchmark: tieshai's own share of a full site build on a large corpus.

    python bench/build_share.py [--units 100]

Builds the `tieshai demo --units N` corpus once and reports the total build time, the time
spent in tieshai's own code (validation, the derived model and page generation, which all run
in the plugin's on_config and on_files) and its share of the whole.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tieshai.demo import write_demo
from tieshai.site.plugin import TieshaiPlugin
from tieshai.sitebuild import build_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    args = parser.parse_args()
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
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        files = write_demo(root, args.units, seed=2021)
        start = time.perf_counter()
        build_site(root, Path(folder) / "site", None)
        total = time.perf_counter() - start
    ours = sum(spent.values())
    print(f"{args.units} 个单位，{files} 个文件")
    print(f"站点构建总耗时：{total:.2f} 秒")
    print(f"其中 tieshai 自身（校验 {spent['on_config']:.2f} 秒，生成页面 {spent['on_files']:.2f} 秒）：{ours:.2f} 秒")
    print(f"tieshai 所占比例：{100 * ours / total:.0f}%")


if __name__ == "__main__":
    main()
