"""`tieshai export`: the derived campaign state as one JSON file, or as one CSV table each that
Excel on Chinese Windows opens with its Chinese intact; the two agree figure for figure, an
existing file is never replaced, and a repository with errors exports nothing."""

from __future__ import annotations

import csv
import io
import json
from itertools import cycle
from pathlib import Path
from typing import Any

import pytest

from tieshai.model.campaign import Campaign

from .conftest import REPO, Run, replace_in_file, run_tieshai
from .disks import fill, read_only_folder, small_disk
from .sites import demo_copy, rewrite_record, rewrite_records

AS_OF = "2021-09-15"
TABLES = ("progress", "ledger", "kpis", "deductions", "ranking")
HEADERS = {
    "progress": ["专项行动", "单位编号", "单位", "重点监督对象", "状态", "期限", "自查报告日期", "督查日期", "闭环日期",
                 "问题数", "未闭环问题数", "逾期", "逾期天数", "日期依据"],
    "ledger": ["问题编号", "单位编号", "单位", "专项行动", "来源", "监督内容", "严重程度", "问题描述", "发现日期",
               "通知书文号", "整改期限", "状态", "闭环日期", "逾期天数", "成因", "成因分析"],
    "kpis": ["指标", "范围", "数值", "分子", "分母", "基准年", "达标"],
    "deductions": ["单位编号", "单位", "期间", "问题编号", "扣分原因", "扣分", "本期合计（封顶后）", "暂计"],
}
BOM = b"\xef\xbb\xbf"  # tells Excel on Chinese Windows that the file is UTF-8, not GBK


def expected_header(table: str, campaign: Campaign) -> list[str]:
    """Each table's Chinese header; the ranking has a column for each of the campaign's criteria."""
    if table != "ranking":
        return HEADERS[table]
    criteria = [f"{criterion.name}（均分）" for criterion in campaign.results.best_cases.selection.criteria]
    return ["名次", "案例编号", "单位", "案例标题", "案件编号", "评审人数", *criteria, "加权总分", "状态", "入选", "说明"]


def export(root: Path, output_format: str, out: Path, *options: str) -> Run:
    return run_tieshai("--root", str(root), "export", "--format", output_format, "--out", str(out), *options)


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table as Excel reads them: the BOM dropped, a line break in a cell kept."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def yes(value: bool | None) -> str:
    """How the CSV tables write a yes/no figure: 是, 否, or empty when it cannot be judged yet."""
    return "" if value is None else ("是" if value else "否")


def text(value: Any) -> str:
    """How the CSV tables write a figure the JSON holds as a date, a number or null."""
    return "" if value is None else str(value)


def same_number(cell: str, value: float | None, digits: int) -> bool:
    """A CSV cell shows ``value`` rounded to ``digits`` places (empty for no value)."""
    return cell == "" if value is None else cell != "" and abs(float(cell) - value) <= 0.5 * 10 ** -digits


@pytest.fixture(scope="module")
def json_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "json"
    result = export(REPO, "json", out, "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    assert f"已导出（截至 {AS_OF}）" in result.stdout and str(out / "campaign-state.json") in result.stdout
    return out


@pytest.fixture(scope="module")
def csv_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "csv"
    result = export(REPO, "csv", out, "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    assert f"已导出（截至 {AS_OF}）" in result.stdout
    assert all(str(out / f"{name}.csv") in result.stdout for name in TABLES)
    return out


@pytest.fixture(scope="module")
def state(json_folder: Path) -> dict[str, Any]:
    return json.loads((json_folder / "campaign-state.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables(csv_folder: Path) -> dict[str, list[dict[str, str]]]:
    return {name: csv_rows(csv_folder / f"{name}.csv") for name in TABLES}


def test_json_export_writes_one_file_with_every_table(json_folder: Path, state: dict[str, Any],
                                                      campaign: Campaign) -> None:
    assert [path.name for path in json_folder.iterdir()] == ["campaign-state.json"]
    assert state["as_of"] == AS_OF and state["campaign"] == campaign.id
    assert set(state) == {"campaign", "as_of", *TABLES, "closed_loop"}
    assert all(state[name] for name in TABLES)  # the demo has rows in every table
    assert set(state["closed_loop"]) >= {"unit", "action", "city"}


def test_csv_export_writes_one_table_per_file(csv_folder: Path) -> None:
    assert sorted(path.name for path in csv_folder.iterdir()) == sorted(f"{name}.csv" for name in TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_csv_is_utf8_with_a_bom_and_chinese_headers(csv_folder: Path, campaign: Campaign, name: str) -> None:
    raw = (csv_folder / f"{name}.csv").read_bytes()
    assert raw.startswith(BOM) and not raw[len(BOM):].startswith(BOM)
    header = next(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))
    assert header == expected_header(name, campaign)
    assert all(not column.isascii() for column in header)


def test_every_table_has_as_many_rows_in_csv_as_in_json(state: dict[str, Any],
                                                        tables: dict[str, list[dict[str, str]]]) -> None:
    for name in ("progress", "ledger", "kpis", "ranking"):
        assert len(tables[name]) == len(state[name]), name
    # one CSV row per deduction line: each traces a deduction to the problem that caused it
    assert len(tables["deductions"]) == sum(len(deduction["lines"]) for deduction in state["deductions"])
    assert len(tables["progress"]) == 14 * 4  # every unit in every action


def test_progress_rows_agree(state: dict[str, Any], tables: dict[str, list[dict[str, str]]],
                             campaign: Campaign) -> None:
    actions = {action.id: action.short_title for action in campaign.actions}
    for row, progress in zip(tables["progress"], state["progress"], strict=True):
        assert row["单位编号"] == progress["unit"] and row["单位"] == campaign.unit(progress["unit"]).name
        assert row["专项行动"] == actions[progress["action"]]
        assert (row["状态"], row["期限"], row["自查报告日期"], row["督查日期"], row["闭环日期"]) == (
            progress["status"], progress["deadline"], text(progress["self_inspected_on"]),
            text(progress["inspected_on"]), text(progress["closed_on"]))
        assert (row["问题数"], row["未闭环问题数"], row["逾期"], row["逾期天数"], row["重点监督对象"]) == (
            str(progress["problems"]), str(progress["open_problems"]), yes(progress["deadline_missed"]),
            str(progress["days_late"]), yes(progress["key_target"]))
        assert row["日期依据"] == {"git": "git 提交时间", "declared": "填报日期"}[progress["date_source"]]
    assert {"鹿城区", "瓯江口产业集聚区"} <= {row["单位"] for row in tables["progress"]}


def test_ledger_rows_agree(state: dict[str, Any], tables: dict[str, list[dict[str, str]]], campaign: Campaign) -> None:
    assert [row["问题编号"] for row in tables["ledger"]] == [entry["problem_id"] for entry in state["ledger"]]
    assert len({entry["problem_id"] for entry in state["ledger"]}) == len(state["ledger"])
    for row, entry in zip(tables["ledger"], state["ledger"], strict=True):
        assert (row["单位编号"], row["来源"], row["监督内容"], row["问题描述"], row["状态"]) == (
            entry["unit"], entry["source"], entry["item"], entry["description"], entry["status"])
        assert (row["发现日期"], row["通知书文号"], row["整改期限"], row["闭环日期"], row["逾期天数"]) == (
            entry["found"], text(entry["notice_number"]), text(entry["deadline"]), text(entry["closed_on"]),
            str(entry["days_overdue"]))
        cause = campaign.results.cause_analysis.name(entry["cause"]) if entry["cause"] else ""
        assert (row["成因"], row["成因分析"]) == (cause, text(entry["cause_analysis"]))
    assert any(row["成因"] for row in tables["ledger"]) and any(row["成因分析"] for row in tables["ledger"])


def test_kpi_rows_agree(state: dict[str, Any], tables: dict[str, list[dict[str, str]]], campaign: Campaign) -> None:
    targets = {target.id: target.name for target in campaign.targets}
    for row, figure in zip(tables["kpis"], state["kpis"], strict=True):
        assert row["指标"] == targets[figure["target"]]
        assert row["范围"] == ("全市" if figure["scope"] == "city" else campaign.unit(figure["scope"]).name)
        assert same_number(row["数值"], figure["value"], 4) and same_number(row["基准年"], figure["baseline"], 4)
        assert (row["分子"], row["分母"], row["达标"]) == (
            text(figure["numerator"]), text(figure["denominator"]), yes(figure["met"]))


def assert_deductions_agree(deductions: list[dict[str, Any]], rows: list[dict[str, str]]) -> None:
    """One CSV row per line of each deduction of the JSON, in order, with the period's total as
    capped: the sum of its lines, or its cap when the lines come to more."""
    lines = [(deduction, line) for deduction in deductions for line in deduction["lines"]]
    for row, (deduction, line) in zip(rows, lines, strict=True):
        assert (row["单位编号"], row["期间"], row["问题编号"], row["扣分原因"], row["暂计"]) == (
            deduction["unit"], deduction["period"], line["problem_id"], line["reason"], yes(deduction["provisional"]))
        assert same_number(row["扣分"], line["points"], 2)
        raw = sum(each["points"] for each in deduction["lines"])
        total = raw if deduction["cap"] is None else min(raw, deduction["cap"])
        assert same_number(row["本期合计（封顶后）"], total, 2), (deduction["unit"], deduction["period"])


def test_deduction_lines_and_totals_agree(state: dict[str, Any], tables: dict[str, list[dict[str, str]]]) -> None:
    assert_deductions_agree(state["deductions"], tables["deductions"])
    ledger = {entry["problem_id"] for entry in state["ledger"]}
    assert {row["问题编号"] for row in tables["deductions"]} <= ledger  # every deduction traces to a problem
    # before the year end the annual deductions (period "2021") are provisional, the quarters' are final
    assert any(d["period"] == "2021" for d in state["deductions"])
    assert all(d["provisional"] is (d["period"] == "2021") for d in state["deductions"])


def test_a_quarter_over_its_cap_shows_the_capped_total(tmp_path: Path, campaign: Campaign) -> None:
    root = demo_copy(tmp_path / "repo")

    def three_serious_problems_more(_kind: str, data: dict[str, Any]) -> None:
        first = data["problems"][0]
        data["problems"] += [dict(first, id=f"lucheng-plans-s{n}", severity="serious", status="已整改") for n in (2, 3, 4)]

    rewrite_record(root / "submissions/lucheng/plans/self-inspection.yaml", three_serious_problems_more)
    for output_format in ("json", "csv"):
        result = export(root, output_format, tmp_path / "out", "--as-of", AS_OF)
        assert result.code == 0, result.stderr
    state = json.loads((tmp_path / "out" / "campaign-state.json").read_text(encoding="utf-8"))
    rows = csv_rows(tmp_path / "out" / "deductions.csv")
    assert_deductions_agree(state["deductions"], rows)
    cap = campaign.results.deductions.quarterly.cap_per_quarter
    quarter = next(d for d in state["deductions"] if (d["unit"], d["period"]) == ("lucheng", "2021-q2"))
    assert sum(line["points"] for line in quarter["lines"]) > cap == quarter["cap"]
    assert {row["本期合计（封顶后）"] for row in rows if (row["单位编号"], row["期间"]) == ("lucheng", "2021-q2")} == {
        f"{cap:g}"}


def test_ranking_rows_agree(state: dict[str, Any], tables: dict[str, list[dict[str, str]]]) -> None:
    for row, case in zip(tables["ranking"], state["ranking"], strict=True):
        assert (row["案例编号"], row["名次"], row["案例标题"], row["状态"], row["入选"]) == (
            case["case_id"], text(case["rank"]), case["title"], case["status"], yes(case["top"]))
        assert same_number(row["加权总分"], case["score"], 2) and row["评审人数"] == str(case["reviewers"])
    assert sum(row["入选"] == "是" for row in tables["ranking"]) == sum(case["top"] for case in state["ranking"]) == 10


def test_year_end_export_has_final_annual_deductions(tmp_path: Path) -> None:
    assert export(REPO, "json", tmp_path, "--as-of", "2021-12-31").code == 0
    state = json.loads((tmp_path / "campaign-state.json").read_text(encoding="utf-8"))
    assert state["as_of"] == "2021-12-31"
    annual = [d for d in state["deductions"] if d["period"] == "2021"]
    assert annual and not any(d["provisional"] for d in annual)


def test_without_as_of_the_demo_date_applies(tmp_path: Path, campaign: Campaign) -> None:
    assert campaign.demo_as_of is not None
    result = export(REPO, "json", tmp_path)
    assert result.code == 0, result.stderr
    state = json.loads((tmp_path / "campaign-state.json").read_text(encoding="utf-8"))
    assert state["as_of"] == campaign.demo_as_of.isoformat()


@pytest.mark.parametrize(("output_format", "existing"), [("json", "campaign-state.json"), ("csv", "ledger.csv")])
def test_export_never_replaces_a_file(tmp_path: Path, output_format: str, existing: str) -> None:
    (tmp_path / existing).write_text("mine", encoding="utf-8")
    result = export(REPO, output_format, tmp_path, "--as-of", AS_OF)
    assert result.code == 2 and "为免覆盖" in result.stderr and existing in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine"
    assert [path.name for path in tmp_path.iterdir()] == [existing]  # nothing else written either


def test_json_and_csv_exports_share_a_folder(tmp_path: Path) -> None:
    assert export(REPO, "csv", tmp_path, "--as-of", AS_OF).code == 0
    assert export(REPO, "json", tmp_path, "--as-of", AS_OF).code == 0
    assert len(list(tmp_path.iterdir())) == len(TABLES) + 1


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_repository_with_errors_exports_nothing(example_repo: Path, tmp_path: Path, output_format: str) -> None:
    record = "submissions/lucheng/plans/self-inspection.yaml"
    replace_in_file(example_repo / record, "unit: lucheng", "unit: longwan")
    out = tmp_path / "export"
    result = export(example_repo, output_format, out)
    assert result.code == 1 and "未导出" in result.stderr
    assert f"{record}:" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


FORMULAS = ['=HYPERLINK("http://evil.example","点此查看")', "=1+2", "+1+2", "-1+2", "@SUM(1,2)"]


def test_text_that_looks_like_a_formula_is_written_as_data(tmp_path: Path) -> None:
    """A cell Excel would read as a formula (=, +, -, @ first) comes out as text."""
    root = demo_copy(tmp_path / "repo")
    formulas = cycle(FORMULAS)

    def plant(kind: str, data: dict[str, Any]) -> None:
        if kind == "self-inspection":
            for problem in data["problems"]:
                problem["description"] = next(formulas)

    rewrite_records(root, plant)
    assert export(root, "json", tmp_path / "out", "--as-of", AS_OF).code == 0
    assert export(root, "csv", tmp_path / "out", "--as-of", AS_OF).code == 0
    state = json.loads((tmp_path / "out" / "campaign-state.json").read_text(encoding="utf-8"))
    planted = {entry["problem_id"]: entry["description"] for entry in state["ledger"] if entry["source"] == "自查"}
    assert set(planted.values()) == set(FORMULAS)  # the JSON keeps the text exactly
    cells = {row["问题编号"]: row["问题描述"] for row in csv_rows(tmp_path / "out" / "ledger.csv")}
    for problem_id, formula in planted.items():
        assert formula in cells[problem_id], problem_id  # the text itself is never lost
    for problem_id in planted:
        assert not cells[problem_id].startswith(("=", "+", "-", "@", "\t", "\r")), problem_id
    neutral = csv_rows(tmp_path / "out" / "deductions.csv")  # real numbers stay numbers
    assert neutral and all(row["扣分"] == "" or float(row["扣分"]) >= 0 for row in neutral)


def test_cells_are_neutralised_but_numbers_stay_numbers() -> None:
    from tieshai.outputs.export import csv_bytes

    table = (["文字", "数"], [["=1+2", -3], ["\t=1", "-0.5"], ["@SUM(1,2)", "+86"], ["\r=1", "-1+2"], ["普通", "1.5"]])
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"), newline="")))
    assert rows[1:] == [["'=1+2", "-3"], ["'\t=1", "-0.5"], ["'@SUM(1,2)", "'+86"], ["'\r=1", "'-1+2"],
                        ["普通", "1.5"]]


def test_export_refuses_a_file_or_a_dangling_symlink_as_its_place(tmp_path: Path) -> None:
    """Each is the environment, said in Chinese with exit code 2; nothing is written anywhere."""
    afile = tmp_path / "a-file"
    afile.write_text("mine", encoding="utf-8")
    dangling = tmp_path / "out"
    dangling.mkdir()
    (dangling / "ledger.csv").symlink_to(tmp_path / "nowhere" / "ledger.csv")
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    for out, output_format, said in [(afile, "json", "是一个文件，不是目录"), (afile / "sub", "json", "是文件而不是目录"),
                                     (dangling, "csv", "为免覆盖"), (tmp_path / "link", "csv", "符号链接")]:
        result = export(REPO, output_format, out, "--as-of", AS_OF)
        assert result.code == 2 and said in result.stderr, (out, result.stderr)
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert afile.read_text(encoding="utf-8") == "mine" and not (tmp_path / "nowhere").exists()
    assert [path.name for path in dangling.iterdir()] == ["ledger.csv"]


def test_export_onto_a_full_disk_leaves_nothing_and_the_rerun_succeeds(tmp_path: Path) -> None:
    """Room for the first tables but not all: no table is left half written or alone to block the
    next export, and once there is room again the same command succeeds."""
    with small_disk(tmp_path / "disk", "1m") as disk:
        filler = fill(disk, leave=3 * 4096)  # a page or so for each of the first tables
        out = disk / "export"
        result = export(REPO, "csv", out, "--as-of", AS_OF)
        assert result.code == 2 and "磁盘空间已满" in result.stderr and "不是数据问题" in result.stderr, result.stderr
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
        assert not out.exists() and sorted(path.name for path in disk.iterdir()) == ["filler.bin"]
        filler.unlink()
        assert export(REPO, "csv", out, "--as-of", AS_OF).code == 0
        assert sorted(path.name for path in out.iterdir()) == sorted(f"{table}.csv" for table in TABLES)


def test_export_into_a_read_only_folder_is_an_environment_error(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "locked") as locked:
        result = export(REPO, "json", locked / "export", "--as-of", AS_OF)
        assert result.code == 2 and "这是运行环境" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert any(reason in result.stderr for reason in ("只读", "没有写入权限"))
        assert list(locked.iterdir()) == []
