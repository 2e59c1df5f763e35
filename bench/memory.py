"""Benchmark: time and peak memory of `tieshai check` and `tieshai build` as the corpus grows.

    python bench/memory.py [--units 14 100 300]

14 is the embedded demo; other sizes are `tieshai demo --units N`. Each command runs in its own
process, which reports its peak resident memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tieshai.demo import write_demo

MEASURE = ("import resource, sys\n"
           "from tieshai.cli import main\n"
           "code = main(sys.argv[1:])\n"
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
           "sys.exit(code)\n")


def run(arguments: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak MB of one `tieshai` command in its own process (``env``: its environment,
    e.g. a PYTHONPATH that runs another commit's code, as bench/scale.py does)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *arguments], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-1000:] + done.stderr[-1000:]
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024  # kB -> MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[14, 100, 300])
    args = parser.parse_args()
    print("单位数  文件数  check 秒  check 峰值MB  build 秒  build 峰值MB")
    for units in args.units:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "repo"
            files = write_demo(root, None if units == 14 else units, seed=2021)
            check = run(["--root", str(root), "check"])
            build = run(["--root", str(root), "build", "--site-dir", str(Path(folder) / "site")])
        print(f"{units:>6}  {files:>6}  {check[0]:>8.2f}  {check[1]:>12.0f}  {build[0]:>8.2f}  {build[1]:>12.0f}")


if __name__ == "__main__":
    main()
