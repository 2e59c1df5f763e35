"""A large, valid campaign repository for benchmarks: the example submissions, copied to many
invented units. (The full demo generator, `tieshai demo --units N`, is a later addition.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("lucheng", "dongtou", "ouhai")


def make_corpus(out: Path, units: int) -> int:
    """Write a campaign with ``units`` invented units into ``out``; returns the number of records."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schemas", out / "schemas", dirs_exist_ok=True)
    campaign = (REPO / "campaign.yaml").read_text(encoding="utf-8")
    ids = [f"unit{number:03d}" for number in range(1, units + 1)]
    unit_block = "".join(
        f"  - id: {unit_id}\n    name: 示例单位{number}\n    bureau: 示例单位{number}应急管理局\n    kind: county\n"
        for number, unit_id in enumerate(ids, start=1))
    head, _, tail = campaign.partition("\nunits:\n")
    tail = tail[tail.index("\n# "):]  # what follows the unit list (the notice text)
    head = re.sub(r"key_targets: \[[^\]]*\]", f"key_targets: [{ids[0]}]", head, count=3)
    (out / "campaign.yaml").write_text(head + "\nunits:\n" + unit_block + tail, encoding="utf-8")
    records = 0
    for number, unit_id in enumerate(ids, start=1):
        source = SOURCES[number % len(SOURCES)]
        for path in (REPO / "submissions" / source).rglob("*"):
            if path.is_dir():
                continue
            target = out / "submissions" / unit_id / path.relative_to(REPO / "submissions" / source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target = Path(str(target).replace(source, unit_id))
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".yaml":
                text = path.read_text(encoding="utf-8").replace(source, unit_id)
                text = re.sub(r"〔2021〕\d+号", f"〔2021〕{number}号", text)
                target.write_text(text, encoding="utf-8")
                records += 1
            else:
                shutil.copy(path, target)
    yaml.safe_load((out / "campaign.yaml").read_text(encoding="utf-8"))
    return records
