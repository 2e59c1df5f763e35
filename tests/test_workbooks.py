"""`tieshai export --format xlsx`: one Excel workbook whose sheets hold the CSV export's rows, read
back with openpyxl (another library than the one that writes it): Chinese headers, the header row
frozen, filters on, columns sized, dates as dates, figures as numbers, and text that looks like a
formula kept as text."""

from __future__ import annotations

from datetime import date, datetime
from itertools import cycle
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tieshai.outputs.export import TABLES

from .conftest import REPO, run_tieshai
from .sites import demo_copy, rewrite_records
from .test_export import csv_rows

AS_OF = "2021-09-15"
HOSTILE = ['=HYPERLINK("http://evil.example","点此查看")', "=1+2", "+1+2", "-1+2", "@SUM(1,2)",
           "=cmd|' /C calc'!A0", "{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe }"]


def export(root: Path, output_format: str, out: Path) -> None:
    result = run_tieshai("--root", str(root), "export", "--format", output_format, "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export(REPO, "xlsx", out)
    export(REPO, "csv", out)
    return out


def as_csv(value: Any) -> str:
    """A workbook cell as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def unquoted(text: str) -> str:
    """A CSV cell without the quote the CSV puts before text that Excel would read as a formula."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def test_every_table_is_a_sheet_with_the_csv_rows(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "campaign-state.xlsx")
    assert book.sheetnames == list(TABLES.values())
    for name, title in TABLES.items():
        sheet = book[title]
        rows = [[as_csv(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        expected = csv_rows(exported / f"{name}.csv")
        assert rows[0] == list(expected[0]), name
        assert rows[1:] == [[unquoted(cell) for cell in row.values()] for row in expected], name
        assert expected, name


def test_sheets_are_laid_out_for_filing(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "campaign-state.xlsx")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
        widths = {column: dimension.width for dimension in sheet.column_dimensions.values()  # runs of equal width
                  for column in range(dimension.min, dimension.max + 1)}
        assert sorted(widths) == list(range(1, sheet.max_column + 1)), sheet.title
        assert all(6 <= width <= 61 for width in widths.values()), sheet.title
    ledger = book["整改台账"]
    header = [cell.value for cell in ledger[1]]
    assert header[-2:] == ["成因", "成因分析"]
    wide = {column: dimension.width for dimension in ledger.column_dimensions.values()
            for column in range(dimension.min, dimension.max + 1)}
    assert wide[header.index("问题描述") + 1] > wide[header.index("单位") + 1] > 6  # sized to their contents
    found = [row[header.index("发现日期")] for row in ledger.iter_rows(min_row=2)]
    assert all(isinstance(cell.value, datetime) and cell.number_format == "yyyy-mm-dd" for cell in found)
    days = [row[header.index("逾期天数")] for row in ledger.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(value, int) for value in days) and any(days)
    causes = {row[header.index("成因")] for row in ledger.iter_rows(min_row=2, values_only=True)}
    assert "审核把关不严" in causes  # the cause's name, never its id
    points = [row[5] for row in book["考核扣分"].iter_rows(min_row=2, values_only=True)]
    assert points and all(isinstance(value, (int, float)) for value in points)


def test_the_workbook_is_dated_by_its_as_of(exported: Path) -> None:
    properties = openpyxl.load_workbook(exported / "campaign-state.xlsx").properties
    assert properties.created.date() == date.fromisoformat(AS_OF)
    assert "截至2021-09-15" in properties.title


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """Hostile text in every free-text field the tables show is a string cell, read back exactly;
    no cell of the workbook is a formula, and each such cell keeps Excel's quote prefix."""
    root = demo_copy(tmp_path / "repo")
    hostile = cycle(HOSTILE)

    def plant(kind: str, data: dict[str, Any]) -> None:
        for problem in data.get("problems", []) if kind == "self-inspection" else []:
            problem["description"] = next(hostile)
        for finding in data.get("findings", []) if kind == "inspection" else []:
            finding["description"], finding["cause_analysis"] = next(hostile), next(hostile)
        if kind == "case-nomination":
            data["title"] = next(hostile)

    rewrite_records(root, plant)
    export(root, "xlsx", tmp_path / "out")
    book = openpyxl.load_workbook(tmp_path / "out" / "campaign-state.xlsx")
    planted = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in HOSTILE:
                    assert cell.data_type == "s"
                    assert cell.quotePrefix is cell.value.startswith(("=", "+", "-", "@")), cell.value
                    planted.append(cell.value)
    assert set(planted) == set(HOSTILE)
    assert len(planted) > 40


def test_xlsx_export_never_replaces_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "campaign-state.xlsx").write_text("mine", encoding="utf-8")
    result = run_tieshai("export", "--format", "xlsx", "--out", str(out))
    assert result.code == 2 and "campaign-state.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert (out / "campaign-state.xlsx").read_text(encoding="utf-8") == "mine"
