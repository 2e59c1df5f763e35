"""Benchmark: `tieshai check` against check-jsonschema on the same files and schemas.

    python bench/check_speed.py [--units 200]

check-jsonschema only validates each file against its schema; tieshai does that and everything
else (strict loading, layout, cross-file rules, evidence checksums). Prints both times and the
ratio, plus the floor: parsing the same files with PyYAML's C loader and nothing else, both as a
command (Python start-up, importing yaml, parsing) against `tieshai check`, and inside one
process against check_repository().
Needs check-jsonschema: pip install -c constraints.txt -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path, PurePosixPath

import yaml

from tieshai.demo import write_demo
from tieshai.load.layout import place
from tieshai.rules.check import check_repository, load_campaign

FLOOR_SCRIPT = """
import sys, yaml
for name in sys.stdin.read().split():
    with open(name, 'rb') as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def best_of(runs: int, command: list[str], cwd: Path, stdin: str = "") -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=False, capture_output=True, input=stdin, text=True)
        times.append(time.perf_counter() - start)
    return min(times)


def best_in_process(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    check_jsonschema = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if not check_jsonschema:
        sys.exit("check-jsonschema 未安装：pip install -c constraints.txt -e '.[bench]'")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        records = write_demo(root / "repo", args.units, seed=2021)
        root = root / "repo"
        campaign, _ = load_campaign(root)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for path in sorted((root / "submissions").rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            placement = place(PurePosixPath(relative), campaign)
            by_kind[placement.kind.schema].append(relative)
        verdict = subprocess.run([sys.executable, "-m", "tieshai", "check"], cwd=root, capture_output=True, text=True)
        assert verdict.returncode == 0, verdict.stdout[-2000:]

        ours = best_of(args.runs, [sys.executable, "-m", "tieshai", "check"], root)
        theirs = 0.0
        for kind, files in by_kind.items():
            theirs += best_of(args.runs, [check_jsonschema, "--schemafile", f"schemas/{kind}.schema.json", *files], root)
        every_file = [name for files in by_kind.values() for name in files]
        floor_command = best_of(args.runs, [sys.executable, "-c", FLOOR_SCRIPT], root, stdin="\n".join(every_file))
        floor = best_in_process(args.runs, lambda: [yaml.load((root / name).read_bytes(), Loader=yaml.CSafeLoader)
                                                    for name in every_file])
        ours_in_process = best_in_process(args.runs, lambda: check_repository(root))

    print(f"文件 {records} 个（记录 {len(every_file)} 个），{args.units} 个单位")
    print(f"tieshai check（全部校验，命令）：{ours:.2f} 秒")
    print(f"check-jsonschema（仅按 schema 校验，命令）：{theirs:.2f} 秒")
    print(f"倍数：tieshai 比 check-jsonschema 快 {theirs / ours:.1f} 倍")
    print(f"下限（只用 PyYAML C 解析，命令）：{floor_command:.2f} 秒；tieshai check 是它的 {ours / floor_command:.2f} 倍")
    print(f"下限（进程内）：{floor:.2f} 秒；check_repository() {ours_in_process:.2f} 秒，是它的 {ours_in_process / floor:.2f} 倍")


if __name__ == "__main__":
    main()
