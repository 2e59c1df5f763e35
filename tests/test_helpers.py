"""The shared helpers: suggestions, Chinese numerals, the finding line, and the schema walker
with the promise its data walkers rest on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tieshai.chinese import chinese_date, chinese_number, chinese_period
from tieshai.findings import Finding, Severity
from tieshai.load.schema_walk import fields, item_schema, keyed_schema, options, shown, value_schema
from tieshai.load.schemas import load_schema
from tieshai.suggest import closest, did_you_mean
from tieshai.vocabulary import Kind


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
    assert [chinese_number(n) for n in (100, 123, -1)] == ["100", "123", "-1"]  # digits, never a failure
    assert chinese_date("2021-04-30") == "2021年4月30日"


def test_finding_line_stands_on_its_own() -> None:
    finding = Finding("submissions/a.yaml", 3, 5, Severity.ERROR, "schema-enum", "不在可选范围内。")
    assert finding.as_text() == "submissions/a.yaml:3:5: 错误 [schema-enum] 不在可选范围内。"
    assert Finding("campaign.yaml", None, None, Severity.WARNING, "x", "y").as_text() == "campaign.yaml: 警告 [x] y"


def test_walker_reads_fields_items_keyed_values_and_choices() -> None:
    rectification = load_schema(Kind.RECTIFICATION.schema)
    by_name = {field.name: field for field in fields(rectification)}
    assert by_name["unit"].required and by_name["contact"].internal and not by_name["unit"].internal
    evidence = {field.name: field for field in fields(item_schema(by_name["items"].shown))}["evidence"]  # items[].evidence
    choice = item_schema(evidence.shown)
    assert len(options(choice)) == 2 and shown(choice) is options(choice)[0]
    assert value_schema(choice, "file") == {}  # a choice is not resolved when walking data
    rates = {field.name: field for field in fields(load_schema(Kind.KPI_REPORT.schema))}["rates"]
    assert keyed_schema(rates.shown)["type"] == "object"
    assert value_schema(rates.shown, "any-target-id") is keyed_schema(rates.shown)


def _choices(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "oneOf" in node:
            yield node
        for value in node.values():
            yield from _choices(value)
    elif isinstance(node, list):
        for value in node:
            yield from _choices(value)


def _marks_internal(node: Any) -> bool:
    if isinstance(node, dict):
        return bool(node.get("x-internal")) or any(_marks_internal(value) for value in node.values())
    return isinstance(node, list) and any(_marks_internal(value) for value in node)


@pytest.mark.parametrize("kind", list(Kind), ids=[kind.value for kind in Kind])
def test_no_schema_marks_a_field_internal_inside_a_choice(kind: Kind) -> None:
    # Redaction does not resolve a oneOf, so an internal field inside one would reach the public build.
    for choice in _choices(load_schema(kind.schema)):
        assert not any(_marks_internal(branch) for branch in choice["oneOf"]), choice.get("title")


@pytest.mark.parametrize(("period", "said"), [("2021-q2", "2021年第二季度"), ("2021-q4", "2021年第四季度"),
                                              ("2021", "2021年度"), ("lucheng-case-1", "lucheng-case-1"),
                                              ("2021-q5", "2021-q5")])
def test_a_period_is_said_as_a_reader_says_it(period: str, said: str) -> None:
    assert chinese_period(period) == said
