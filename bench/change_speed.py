"""Benchmark: checking a one-file pull request against a full check, on a large corpus.

    python bench/change_speed.py [--units 100]

Builds the `tieshai demo --units N` corpus as a git repository, changes one unit's report on a
branch, and times `tieshai check --base main --author <that unit>` against `tieshai check`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import git

from tieshai.demo import write_demo
from tieshai.workspace import Workspace


def best_of(runs: int, command: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    return min(times)


def in_process(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        files = write_demo(root, args.units, seed=2021)
        repo = git.Repo.init(root, initial_branch="main")
        with repo.config_writer() as config:  # the bench must not depend on the machine's git identity
            config.set_value("user", "name", "bench")
            config.set_value("user", "email", "bench@example.invalid")
        # the git command line, as a clone would: its index keeps each file's stat data, so that
        # comparing with the work tree need not read every file again
        repo.git.add("-A")
        repo.git.commit("-q", "-m", "demo")
        repo.git.checkout("-b", "change")
        report = root / "submissions" / "unit001" / "plans" / "self-inspection.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("report_date:", "# 修改\nreport_date:", 1),
                          encoding="utf-8")
        repo.git.add("-A")
        repo.git.commit("-q", "-m", "one file")
        tieshai = [sys.executable, "-m", "tieshai"]
        full = best_of(args.runs, tieshai + ["check"], root)
        change = best_of(args.runs, tieshai + ["check", "--base", "main", "--author", "unit001-bureau"], root)
        full_work = min(in_process(lambda: Workspace.at(root).check()) for _ in range(args.runs))
        change_work = min(in_process(lambda: Workspace.at(root).check_change("main", "unit001-bureau")) for _ in range(args.runs))
    print(f"{args.units} 个单位，{files} 个文件")
    print(f"命令耗时（含 Python 启动和导入）：完整校验 {full:.2f} 秒，一个文件的合并请求 {change:.2f} 秒，比例 {change / full:.2f}")
    print(f"校验本身（进程内）：完整校验 {full_work:.3f} 秒，一个文件的合并请求 {change_work:.3f} 秒，"
          f"比例 {change_work / full_work:.3f}")


if __name__ == "__main__":
    main()
