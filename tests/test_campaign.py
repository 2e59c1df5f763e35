"""campaign.yaml holds the whole 2021 plan, and a wrong campaign file is reported precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tieshai.model.campaign import Campaign

from .conftest import REPO, replace_in_file, run_tieshai

SEED = REPO.parent / "shared" / "seeds" / "000_b3d524a49731db2f.txt"


@pytest.mark.parametrize("path", sorted((REPO / "schemas").glob("*.schema.json")), ids=lambda path: path.name)
def test_schema_is_valid_2020_12_with_chinese_titles(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema  # editors resolve the file itself; no URL to fetch

    def properties(node):
        if isinstance(node, dict):
            yield from node.get("properties", {}).items()
            for key, value in node.items():
                if key != "if":  # conditions name properties without describing them
                    yield from properties(value)
        elif isinstance(node, list):
            for value in node:
                yield from properties(value)

    for name, spec in properties(schema):
        assert spec.get("title") and not spec["title"].isascii(), name
        assert spec.get("description") and not spec["description"].isascii(), name


def test_plan_facts(campaign: Campaign) -> None:
    assert campaign.notice["doc_number"] == "温应急〔2021〕11号"
    assert campaign.notice["issue_date"] == "2021-02-23"
    assert str(campaign.period.start) == "2021-03-01" and str(campaign.period.end) == "2021-11-30"
    assert [str(action.deadline) for action in campaign.actions] == [
        "2021-04-30", "2021-06-30", "2021-08-31", "2021-10-31"]
    assert [len(action.checklist) for action in campaign.actions] == [3, 5, 7, 5]
    assert campaign.notice["cc"] == ["浙江省应急管理厅", "温州市司法局"]
    window = campaign.actions[3].subjects["case_window"]
    assert (window["start"], window["end"]) == ("2020-07-01", "2021-06-30")
    assert campaign.actions[1].subjects["includes_entrusted_townships"] is True
    targets = {target.id: target for target in campaign.targets}
    assert (targets["credit-supervision"].comparison, targets["credit-supervision"].value) == ("at_least", 50)
    assert (targets["litigation-cases"].value, targets["litigation-cases"].baseline_year) == (80, 2020)
    assert targets["litigation-loss"].comparison == "decrease_year_on_year"


def test_every_unit_is_key_target_of_exactly_one_of_the_first_three_actions(campaign: Campaign) -> None:
    assert len(campaign.units) == 14
    for unit in campaign.units:
        assert len([a for a in campaign.actions[:3] if unit.id in a.key_targets]) == 1, unit.id


def test_checklist_items_are_verbatim_from_the_notice(campaign: Campaign) -> None:
    notice = campaign.original_text.replace("\n", "")
    for action in campaign.actions:
        for item in action.checklist:
            assert item.text in notice, item.id


@pytest.mark.skipif(not SEED.exists(), reason="the seed notice lives in ../shared, beside the checkout")
def test_original_text_is_the_seed_notice(campaign: Campaign) -> None:
    def squeeze(text: str) -> str:
        return "".join(text.split())

    assert squeeze(campaign.original_text) == squeeze(SEED.read_text(encoding="utf-8"))


BROKEN_CAMPAIGNS = [
    # (what is replaced, by what, expected code, where the finding points when not at the change)
    ("key_targets: [dongtou, pingyang", "key_targets: [dongtuo, pingyang", "campaign-unknown-reference", None),
    ('deadline: "2021-06-30"', 'deadline: "2021-06-31"', "schema-format", None),
    ('deadline: "2021-08-31"', 'deadline: "2021-12-31"', "campaign-date-outside", None),
    ("    short_title: 监督检查计划编制", "    short_titel: 监督检查计划编制", "schema-unknown-field", None),
    ("  - id: longwan\n", "  - id: lucheng\n", "campaign-duplicate-id", None),
    ("        case-review-5: 15", "        case-review-5: 10", "campaign-sum", "      criteria_points:"),
    ("    kind: county_city\n", "    kind: county-city\n", "schema-enum", None),
    ('    division_code: "330302"', "    division_code: 330302", "schema-type", None),
    ("    comparison: at_least\n    value: 50\n", "    comparison: at_least\n", "schema-required",
     "  - id: credit-supervision"),
]


@pytest.mark.parametrize(("old", "new", "code", "anchor"), BROKEN_CAMPAIGNS)
def test_broken_campaign_is_reported_at_its_line(campaign_copy: Path, old: str, new: str, code: str,
                                                 anchor: str | None) -> None:
    path = campaign_copy / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    changed_line = text[: text.index(anchor or old)].count("\n") + 1
    replace_in_file(path, old, new, 1)

    result = run_tieshai("--root", str(campaign_copy), "check", "--format", "json")
    report = json.loads(result.stdout)
    assert result.code == 1
    assert report["ok"] is False
    codes = [(f["code"], f["file"]) for f in report["findings"]]
    assert (code, "campaign.yaml") in codes, report
    finding = next(f for f in report["findings"] if f["code"] == code)
    if anchor:
        assert finding["line"] == changed_line, finding
    else:
        assert changed_line <= finding["line"] <= changed_line + new.count("\n"), finding
    assert finding["column"] >= 1
    assert not finding["message"].isascii()


def test_misspelled_field_names_the_field_meant(campaign_copy: Path) -> None:
    replace_in_file(campaign_copy / "campaign.yaml", "    bureau: 鹿城区应急管理局", "    burea: 鹿城区应急管理局")
    result = run_tieshai("--root", str(campaign_copy), "check")
    assert result.code == 1
    assert "“burea”" in result.stdout and "“bureau”（应急管理局名称）" in result.stdout
