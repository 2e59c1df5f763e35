"""The shared helpers: suggestions, Chinese numerals, the finding line, and the schema walker
with the promise its data walkers rest on."""

from __future__ import annotations

import pytest

from tieshai.chinese import chinese_date, chinese_number
from tieshai.findings import Finding, Severity
from tieshai.suggest import closest, did_you_mean


def test_suggestion_names_the_value_spelt_alike_or_says_what_it_was_told() -> None:
    assert closest("minr", ["minor", "major", "serious"]) == "minor"
    assert closest(110, [111, 222]) == "111" and closest(4, [1, 2, 3]) is None  # a schema's choices may be numbers
    assert did_you_mean("lucheg", ["lucheng", "ouhai"]) == "是否想写“lucheng”？"
    assert did_you_mean("qqqq", ["lucheng", "ouhai"]) == ""
    assert did_you_mean("qqqq", ["lucheng"], otherwise="可用的：lucheng。") == "可用的：lucheng。"


@pytest.mark.parametrize("number", range(1, 11))
def test_chinese_number_agrees_with_the_review_summary_numerals(number: int) -> None:
    assert chinese_number(number) == "一二三四五六七八九十"[number - 1]


def test_chinese_number_and_date_beyond_ten() -> None:
    assert [chinese_number(n) for n in (14, 20, 23)] == ["十四", "二十", "二十三"]
    assert chinese_date("2021-04-30") == "2021年4月30日"


def test_finding_line_stands_on_its_own() -> None:
    finding = Finding("submissions/a.yaml", 3, 5, Severity.ERROR, "schema-enum", "不在可选范围内。")
    assert finding.as_text() == "submissions/a.yaml:3:5: 错误 [schema-enum] 不在可选范围内。"
    assert Finding("campaign.yaml", None, None, Severity.WARNING, "x", "y").as_text() == "campaign.yaml: 警告 [x] y"
