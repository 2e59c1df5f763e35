"""`tieshai new`: a template at the proper path, complete, commented, never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import check_json, run_tieshai
from .disks import read_only_folder

CASES = [
    (["self-inspection", "--action", "accidents"], "submissions/ruian/accidents/self-inspection.yaml"),
    (["inspection", "--action", "accidents"], "submissions/ruian/accidents/inspection.yaml"),
    (["notice", "--action", "accidents", "--id", "ruian-accidents-n1"], "submissions/ruian/accidents/notices/ruian-accidents-n1.yaml"),
    (["rectification", "--action", "accidents"], "submissions/ruian/accidents/rectification.yaml"),
    (["plan-filing", "--action", "plans"], "submissions/ruian/plans/plan-filing.yaml"),
    (["accident-review", "--action", "accidents", "--id", "ruian-acc-1"], "submissions/ruian/accidents/records/ruian-acc-1.yaml"),
    (["case-file-review", "--action", "case-review", "--id", "ruian-case-1"], "submissions/ruian/case-review/records/ruian-case-1.yaml"),
    (["kpi-report", "--period", "2021-q3"], "submissions/ruian/kpi/2021-q3.yaml"),
    (["case-nomination", "--id", "ruian-2021-01"], "submissions/ruian/cases/ruian-2021-01/nomination.yaml"),
    (["case-scores", "--id", "ruian-2021-01"], "submissions/ruian/cases/ruian-2021-01/scores.yaml"),
]


@pytest.mark.parametrize(("arguments", "relative"), CASES, ids=[case[0][0] for case in CASES])
def test_template_is_complete_and_only_asks_to_be_filled_in(example_repo: Path, arguments: list[str], relative: str) -> None:
    result = run_tieshai("--root", str(example_repo), "new", arguments[0], "--unit", "ruian", *arguments[1:])
    assert result.code == 0, result.stderr
    assert relative in result.stdout
    text = (example_repo / relative).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={'../' * (relative.count('/'))}schemas/")
    findings = check_json(example_repo, str(example_repo / relative))["findings"]
    assert findings and {f["code"] for f in findings} == {"record-placeholder"}
    assert all(f["line"] and "还没有填写" in f["message"] for f in findings)


def test_self_inspection_template_lists_every_checklist_item(example_repo: Path) -> None:
    run_tieshai("--root", str(example_repo), "new", "self-inspection", "--unit", "ruian", "--action", "enforcement")
    text = (example_repo / "submissions/ruian/enforcement/self-inspection.yaml").read_text(encoding="utf-8")
    for number in range(1, 6):
        assert f"- item: enforcement-{number}" in text
    assert "# 行政执法与刑事司法衔接情况。" in text


def test_new_never_overwrites(example_repo: Path) -> None:
    existing = example_repo / "submissions/lucheng/plans/self-inspection.yaml"
    before = existing.read_bytes()
    result = run_tieshai("--root", str(example_repo), "new", "self-inspection", "--unit", "lucheng", "--action", "plans")
    assert result.code == 2 and "不会覆盖" in result.stderr
    assert existing.read_bytes() == before


def test_new_refuses_a_dangling_symlink_where_the_record_goes(example_repo: Path, tmp_path: Path) -> None:
    """A symlink to nowhere is something there all the same: refused, not followed, not a crash."""
    record = example_repo / "submissions/ruian/kpi/2021-q3.yaml"
    record.parent.mkdir(parents=True)
    record.symlink_to(tmp_path / "elsewhere.yaml")
    result = run_tieshai("--root", str(example_repo), "new", "kpi-report", "--unit", "ruian", "--period", "2021-q3")
    assert result.code == 2 and "不会覆盖" in result.stderr, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert record.is_symlink() and not (tmp_path / "elsewhere.yaml").exists()


def test_new_never_writes_through_a_symlinked_folder(example_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (example_repo / "submissions/ruian").symlink_to(outside, target_is_directory=True)
    result = run_tieshai("--root", str(example_repo), "new", "kpi-report", "--unit", "ruian", "--period", "2021-q3")
    assert result.code == 2 and "符号链接" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert list(outside.iterdir()) == []


def test_new_in_a_read_only_folder_is_an_environment_error(example_repo: Path) -> None:
    with read_only_folder(example_repo / "submissions/ruian") as locked:
        result = run_tieshai("--root", str(example_repo), "new", "kpi-report", "--unit", "ruian", "--period", "2021-q3")
        assert result.code == 2 and "这是运行环境" in result.stderr and "内部错误" not in result.stderr, result.stderr
        assert list(locked.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["self-inspection", "--unit", "lucheg", "--action", "plans"], "是否想写 --unit lucheng（鹿城区）"),
        (["self-inspection", "--unit", "鹿城", "--action", "plans"], "lucheng（鹿城区）"),
        (["self-inspection", "--unit", "lucheng", "--action", "计划"], "plans（监督检查计划编制）"),
        (["self-inspection", "--unit", "lucheng"], "--action"),
        (["accident-review", "--unit", "lucheng", "--action", "plans", "--id", "x"], "只属于专项行动 accidents"),
        (["notice", "--unit", "lucheng", "--action", "plans"], "--id"),
        (["kpi-report", "--unit", "lucheng", "--period", "2021-q5"], "统计期间“2021-q5”的格式不对"),
        (["kpi-report", "--unit", "lucheng"], "请用 --period 指定"),
        (["kpi-report", "--unit", "lucheng", "--action", "plans", "--period", "2021-q3"], "去掉 --action"),
        (["report", "--unit", "lucheng"], "可选的类型：self-inspection（自查报告）"),
    ],
)
def test_new_refuses_requests_it_cannot_place(example_repo: Path, arguments: list[str], message: str) -> None:
    result = run_tieshai("--root", str(example_repo), "new", *arguments)
    assert result.code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("arguments", "relative"), [
    (["self-inspection", "--unit", "鹿城区", "--action", "监督检查计划编制"], "submissions/lucheng/plans/self-inspection.yaml"),
    (["自查报告", "--unit", "鹿城区应急管理局", "--action", "专项行动二"], "submissions/lucheng/enforcement/self-inspection.yaml"),
    (["kpi-report", "--unit", "lucheng", "--period", "2021-Q4"], "submissions/lucheng/kpi/2021-q4.yaml"),
    (["kpi-report", "--unit", "lucheng", "--period", "2021Q3"], "submissions/lucheng/kpi/2021-q3.yaml"),
])
def test_new_takes_units_and_actions_by_name_and_periods_in_any_case(example_repo: Path, arguments: list[str],
                                                                       relative: str) -> None:
    (example_repo / "submissions/lucheng/plans/self-inspection.yaml").unlink()
    result = run_tieshai("--root", str(example_repo), "new", *arguments)
    assert result.code == 0, result.stderr
    assert relative in result.stdout and (example_repo / relative).is_file()


def test_the_help_is_clean_chinese() -> None:
    """Headings end in a full-width colon, nothing is said twice, every kind keeps its code whole on
    its own line, and the help column lines up by display width (a Chinese character is two)."""
    from tieshai.cli.argparse_zh import display_width

    top = run_tieshai("--help").stdout
    assert "选项：" in top and "命令：" in top and "选项:" not in top and "命令:" not in top
    assert "  命令\n" not in top
    new = run_tieshai("new", "--help").stdout
    lines = new.splitlines()
    for kind in ("self-inspection（自查报告）", "accident-review（事故调查评查记录）", "case-file-review（案卷评查记录）"):
        assert any(line.strip() == kind for line in lines), kind
    helped = [match for line in lines if (match := re.match(r"  (-\S*(?: \S+)?)\s{2,}\S", line))]
    assert len(helped) == 5  # -h, --unit, --action, --id, --period
    assert len({display_width(match.group(0)) for match in helped}) == 1, [match.group(0) for match in helped]
