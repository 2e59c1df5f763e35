"""The long fuzz run: the test suite's properties with many more examples.

    python -m bench.fuzz_long [--examples 5000]

Run from the repository root. Any failure prints the smallest input hypothesis found.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fuzz import (  # noqa: E402
    check_with_field,
    checks_any_file_name,
    file_names,
    loads_without_crashing,
    number_like,
    renders_escaped,
    texts,
    yaml_like,
)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "base"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    args = parser.parse_args()
    many = settings(max_examples=args.examples, deadline=None)
    start = time.perf_counter()
    given(st.binary(max_size=20000))(many(loads_without_crashing))()
    given(yaml_like)(many(lambda value: loads_without_crashing(
        yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))))()
    given(number_like)(many(lambda value: loads_without_crashing(f"n: {value}\nm: [{value}]\n".encode("ascii"))))()
    given(texts)(many(renders_escaped))()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(REPO / "campaign.yaml", root / "campaign.yaml")
        shutil.copytree(CORPUS / "submissions", root / "submissions")
        fields = st.sampled_from(["unit", "report_date", "conclusions", "problems", "contact", "totals", "extra"])
        given(fields, yaml_like)(settings(max_examples=max(args.examples // 20, 50), deadline=None)(
            lambda key, value: check_with_field(root, CORPUS, "submissions/lucheng/plans/self-inspection.yaml",
                                                key, value)))()
        given(file_names)(settings(max_examples=max(args.examples // 20, 50), deadline=None)(
            lambda name: checks_any_file_name(root, "submissions/lucheng/accidents/evidence", name)))()
    print(f"模糊测试通过：每项 {args.examples} 个样例，用时 {time.perf_counter() - start:.0f} 秒")


if __name__ == "__main__":
    main()
