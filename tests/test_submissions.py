"""Submissions: every pitfall and every rule has a bad file that gets its code at its line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import REPO, check_json, replace_in_file

LC = "submissions/lucheng"
LC_ACC = f"{LC}/accidents"
DT = "submissions/dongtou"

# (file, text replaced, replacement, expected code, text on the expected line — default: the replacement)
BROKEN = [
    # strict loading, inside a real submission
    (f"{LC}/plans/self-inspection.yaml", "report_date: \"2021-04-12\"\n", "report_date: \"2021-04-12\"\nreport_date: \"2021-04-13\"\n", "yaml-duplicate-key", "report_date: \"2021-04-13\""),
    (f"{LC}/kpi/2021-q2.yaml", "period: 2021-q2", "period: 2021-q2\nunit: longwan", "yaml-duplicate-key", "unit: longwan"),
    (f"{DT}/plans/plan-filing.yaml", "graded_enforcement: true", "graded_enforcement: yes", None, None),
    (f"{LC_ACC}/records/lucheng-acc-1.yaml", "  deaths: 1", "  deaths: 01", "yaml-ambiguous-number", None),
    (f"{LC_ACC}/inspection.yaml", "date: \"2021-08-10\"", "date: \"2021-08-10\"\nsummary_copy: &s 1\nother: *s", "yaml-alias", "other: *s"),
    (f"{LC_ACC}/inspection.yaml", "summary: 督查组", "summary：督查组", "yaml-fullwidth-colon", None),
    (f"{LC_ACC}/inspection.yaml", "  - id: lucheng-accidents-i1", "\t- id: lucheng-accidents-i1", "yaml-tab", None),
    (f"{LC_ACC}/inspection.yaml", "summary: 督查组", "summary: 督查\u202e组", "yaml-invisible-character", None),
    (f"{LC_ACC}/inspection.yaml", "methods: [symposium, ledger-review, case-file-review]", "methods: [symposium, ledger-review", "yaml-syntax", "summary:"),
    # schema
    (f"{LC}/plans/self-inspection.yaml", "    result: 基本符合", "    result: 基本附合", "schema-enum", None),
    (f"{LC}/plans/self-inspection.yaml", "    department: 政策法规科", "    departmant: 政策法规科", "schema-unknown-field", None),
    (f"{LC}/plans/self-inspection.yaml", "report_date: \"2021-04-12\"", "report_date: \"2021-04-31\"", "schema-format", None),
    (f"{LC}/kpi/2021-q2.yaml", "reconsideration: {cases: 2, corrected: 0}", "reconsideration: {cases: 2}", "schema-required", None),
    (f"{LC}/kpi/2021-q2.yaml", "  spot-check-completion: {numerator: 48, denominator: 48}", "  spot-check-completion: {numerator: 48, denominator: 48, rate: 100}", "schema-unknown-field", None),
    (f"{LC_ACC}/notices/lucheng-accidents-n1.yaml", "number: 温应急督〔2021〕3号", "number: 温应急督[2021]3号", "schema-pattern", None),
    (f"{LC_ACC}/rectification.yaml", "        size: 627\n", "", "schema-required", "- title: 整改专题会议纪要"),
    (f"{LC_ACC}/rectification.yaml", "        external: 执法记录仪", "        externel: 执法记录仪", "schema-unknown-field", None),
    # path agreement and references
    (f"{LC}/plans/self-inspection.yaml", "unit: lucheng", "unit: longwan", "record-path-mismatch", None),
    (f"{LC_ACC}/records/lucheng-acc-1.yaml", "id: lucheng-acc-1", "id: lucheng-acc-2", "record-path-mismatch", None),
    (f"{LC}/plans/self-inspection.yaml", "  - item: plans-2\n    result", "  - item: plans-4\n    result", "record-unknown-item", "  - item: plans-4"),
    (f"{LC}/plans/self-inspection.yaml", "  - item: plans-3\n    result: 符合\n    findings: “双随机、一公开”抽查计划已录入省执法监管平台，覆盖全部抽查事项。\n", "", "record-missing-item", "conclusions:"),
    (f"{LC}/plans/self-inspection.yaml", "    severity: minor", "    severity: minr", "record-unknown-severity", None),
    (f"{LC_ACC}/inspection.yaml", "methods: [symposium,", "methods: [symposum,", "record-unknown-method", None),
    (f"{LC_ACC}/inspection.yaml", "    cause: awareness", "    cause: awarenes", "record-unknown-cause", "    cause: awarenes"),
    (f"{LC_ACC}/notices/lucheng-accidents-n1.yaml", "  - lucheng-accidents-i1", "  - lucheng-accidents-i9", "record-unknown-problem", None),
    (f"{LC_ACC}/rectification.yaml", "  - problem: lucheng-accidents-i1", "  - problem: lucheng-accidents-x1", "record-unknown-problem", None),
    (f"{LC}/plans/self-inspection.yaml", "  - id: lucheng-plans-s1", "  - id: dongtou-plans-s1", "record-duplicate-id", None),
    (f"{LC_ACC}/notices/lucheng-accidents-n1.yaml", "number: 温应急督〔2021〕3号", "number: 温应急督〔2021〕1号", "record-duplicate-id", None),
    (f"{DT}/case-review/records/dongtou-case-1.yaml", "case_type: penalty", "case_type: penality", "record-unknown-case-type", None),
    (f"{LC}/cases/lucheng-2021-01/scores.yaml", "impact: 80}", "impac: 80}", "record-unknown-criterion", None),
    (f"{LC}/kpi/2021-q2.yaml", "  cross-department: {numerator: 15, denominator: 48}", "  cross-departments: {numerator: 15, denominator: 48}", "record-unknown-target", None),
    # dates
    (f"{LC}/plans/self-inspection.yaml", "report_date: \"2021-04-12\"", "report_date: \"2021-12-12\"", "record-date-outside", None),
    (f"{DT}/case-review/records/dongtou-case-1.yaml", "closing_date: \"2021-03-18\"", "closing_date: \"2021-07-18\"", "record-date-outside", None),
    (f"{LC_ACC}/records/lucheng-acc-1.yaml", "  date: \"2019-03-12\"", "  date: \"2017-03-12\"", "record-date-outside", None),
    (f"{LC_ACC}/rectification.yaml", "    completion_date: \"2021-09-15\"", "    completion_date: \"2021-08-01\"", "record-date-order", None),
    (f"{LC_ACC}/notices/lucheng-accidents-n1.yaml", "deadline: \"2021-09-30\"", "deadline: \"2021-08-01\"", "record-date-order", None),
    (f"{LC_ACC}/records/lucheng-acc-1.yaml", "  report_date: \"2019-05-06\"", "  report_date: \"2019-07-06\"", "record-overdue", None),
    # statuses and computed values
    (f"{LC_ACC}/rectification.yaml", "    status: 已完成\n    completion_date: \"2021-08-05\"", "    status: 整改中\n    completion_date: \"2021-08-05\"", "record-status-inconsistent", "acceptance"),
    (f"{DT}/plans/rectification.yaml", "    completion_date: \"2021-05-10\"\n", "", "record-status-inconsistent", "    status: 已完成\n    evidence:\n      - title: 计划备案回执"),
    (f"{DT}/plans/plan-filing.yaml", "  filing_date: \"2021-02-26\"\n", "", "record-status-inconsistent", "  filed_with_upper_level: true"),
    (f"{DT}/case-review/records/dongtou-case-1.yaml", "total: 95", "total: 96", "record-total-mismatch", None),
    (f"{DT}/case-review/records/dongtou-case-1.yaml", "vetoes: []", "vetoes: [single-officer]", "record-grade-mismatch", "grade: excellent"),
    (f"{LC}/kpi/2021-q2.yaml", "{numerator: 12, denominator: 12}", "{numerator: 13, denominator: 12}", "record-count-order", None),
    (f"{DT}/case-review/self-inspection.yaml", "  files_failed: 1", "  files_failed: 37", "record-count-order", None),
    # evidence
    (f"{LC_ACC}/rectification.yaml", "        size: 627", "        size: 628", "evidence-size", None),
    (f"{LC_ACC}/rectification.yaml", "        sha256: 08d6d436", "        sha256: 18d6d436", "evidence-checksum", None),
    (f"{LC_ACC}/rectification.yaml", "file: evidence/rectification-meeting.pdf", "file: evidence/minutes.pdf", "evidence-missing", None),
    (f"{LC_ACC}/rectification.yaml", "file: evidence/rectification-meeting.pdf", "file: ../../../../campaign.yaml", "evidence-path", None),
    (f"{LC_ACC}/rectification.yaml", "file: evidence/rectification-meeting.pdf", "file: evidence\\rectification-meeting.pdf", "evidence-path", None),
    # personal data in fields the public build shows
    (f"{LC}/plans/self-inspection.yaml", "    description: 年度监督检查计划报上一级备案晚于规定时间。", "    description: 经办人身份证 11010519491231002X。", "record-personal-data", None),
    (f"{LC}/cases/lucheng-2021-01/nomination.yaml", "summary: 执法人员", "summary: 当事人手机 13812345678，执法人员", "record-personal-data", None),
    (f"{LC}/cases/lucheng-2021-01/nomination.yaml", "decision: 责令限期改正", "decision: 罚款汇入 6222020200112233446，责令限期改正", "record-personal-data", None),
    # templates left unfilled
    (f"{LC}/plans/self-inspection.yaml", "    department: 政策法规科", "    department: 待填写", "record-placeholder", None),
    (f"{LC}/plans/self-inspection.yaml", "    severity: minor", "    severity: 待填写", "record-placeholder", None),
]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("file", "old", "new", "code", "anchor"), BROKEN,
                         ids=[f"{row[3] or 'yaml-ambiguous-bool'}-{index}" for index, row in enumerate(BROKEN)])
def test_bad_file_is_reported_with_code_and_line(example_repo: Path, file: str, old: str, new: str,
                                                 code: str | None, anchor: str | None) -> None:
    code = code or "yaml-ambiguous-bool"
    changed = replace_in_file(example_repo / file, old, new, 1)
    report = check_json(example_repo)
    matching = [f for f in report["findings"] if f["code"] == code and f["file"] == file]
    assert matching, report["findings"]
    expected_line = _line_of(changed, anchor or new.lstrip("\n\t ") or old)
    assert expected_line in [f["line"] for f in matching], (expected_line, matching)
    assert all(not f["message"].isascii() for f in report["findings"])


def test_one_root_cause_gives_one_message(example_repo: Path) -> None:
    replace_in_file(example_repo / LC_ACC / "rectification.yaml", "        external: 执法记录仪", "        externel: 执法记录仪")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["schema-unknown-field"]
    assert "是否想写“external”" in findings[0]["message"]


def test_broken_record_does_not_cascade_into_references(example_repo: Path) -> None:
    replace_in_file(example_repo / LC_ACC / "inspection.yaml", "date: \"2021-08-10\"", "date: 2021-8-10")
    findings = check_json(example_repo)["findings"]
    # one message for the date, none for the notice and rectification that refer to the inspection
    assert [(f["code"], f["file"]) for f in findings] == [("schema-format", f"{LC_ACC}/inspection.yaml")]
    assert "YYYY-MM-DD" in findings[0]["message"]


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("submissions/lucheg/plans/self-inspection.yaml", "是否想写“lucheng”"),
        ("submissions/lucheng/acidents/self-inspection.yaml", "是否想写“accidents”"),
        ("submissions/lucheng/plans/self-inspection.yml", ".yaml"),
        ("submissions/lucheng/plans/report.yaml", "不认识的文件"),
        ("submissions/lucheng/enforcement/records/x.yaml", "没有专项记录"),
        ("submissions/lucheng/accidents/plan-filing.yaml", "不需要填报计划编制备案情况"),
    ],
)
def test_files_out_of_place_are_refused(example_repo: Path, relative: str, message: str) -> None:
    target = example_repo / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("unit: lucheng\n", encoding="utf-8")
    findings = check_json(example_repo)["findings"]
    assert [(f["code"], f["file"]) for f in findings] == [("layout-unknown-path", relative)]
    assert message in findings[0]["message"]


def test_evidence_type_is_judged_by_content(example_repo: Path) -> None:
    folder = example_repo / LC_ACC / "evidence"
    (folder / "report-publication.png").rename(folder / "disguised.pdf")
    replace_in_file(example_repo / LC_ACC / "rectification.yaml", "evidence/report-publication.png",
                    "evidence/disguised.pdf")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["evidence-type"]
    assert "PNG 图片" in findings[0]["message"]


def test_symlinks_are_refused(example_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4 outside")
    os.symlink(outside, example_repo / LC_ACC / "evidence" / "link.pdf")
    findings = check_json(example_repo)["findings"]
    assert [(f["code"], f["file"]) for f in findings] == [("layout-symlink", f"{LC_ACC}/evidence/link.pdf")]


def test_paths_limit_the_report_but_not_the_references(example_repo: Path) -> None:
    path = example_repo / DT / "plans" / "self-inspection.yaml"
    replace_in_file(path, "severity: minor", "severity: minr")
    assert check_json(example_repo, str(example_repo / LC))["ok"] is True
    only = check_json(example_repo, str(path))
    assert only["files_checked"] == 1 and [f["code"] for f in only["findings"]] == ["record-unknown-severity"]


def test_every_file_carries_its_schema_line() -> None:
    for path in (REPO / "submissions").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), path


def test_every_schema_compiles_for_the_fast_check() -> None:
    """The check first runs each schema compiled by fastjsonschema, which cannot compile every
    keyword (without detailed exceptions, `const`): every schema in schemas/ compiles, and each
    compiled check accepts a real file of its kind and refuses a value that is not a mapping."""
    import fastjsonschema

    from tieshai.load.schemas import schema_dir
    from tieshai.load.yamlload import load_yaml_file
    from tieshai.rules.schema import fast_validator_for
    from tieshai.vocabulary import Kind

    names = sorted(path.name.removesuffix(".schema.json") for path in schema_dir().glob("*.schema.json"))
    used = {kind.schema for kind in Kind} | {"campaign"}  # one per kind of record, and the plan's
    assert len(used) == len(Kind) + 1 and used <= set(names), sorted(used - set(names))
    examples = {"campaign": REPO / "campaign.yaml"}
    for path in sorted((REPO / "submissions").rglob("*.yaml")):
        examples.setdefault(path.read_text(encoding="utf-8").split(".schema.json", 1)[0].rsplit("/", 1)[1], path)
    compiled = []
    for name in names:
        check = fast_validator_for(name)
        with pytest.raises(fastjsonschema.JsonSchemaValueException):
            check(["not", "a", "mapping"])
        document, findings = load_yaml_file(examples[name], name)
        assert document is not None and findings == [], name
        check(document.data)
        compiled.append(name)
    assert len(compiled) == len(names) >= 11


def test_pattern_errors_say_what_the_format_is(example_repo: Path) -> None:
    replace_in_file(example_repo / LC_ACC / "notices" / "lucheng-accidents-n1.yaml", "〔2021〕3号", "[2021]3号")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["schema-pattern"]
    assert "“通知书文号”（number）" in findings[0]["message"] and "例如 温应急督〔2021〕3号" in findings[0]["message"]


def test_examples_validate_with_any_json_schema_tool() -> None:
    """The schemas stand alone: plain PyYAML plus jsonschema accept every example."""
    from pathlib import PurePosixPath

    import yaml
    from jsonschema import Draft202012Validator

    from tieshai.load.layout import place
    from tieshai.rules.check import load_campaign

    campaign, _ = load_campaign(REPO)
    for path in (REPO / "submissions").rglob("*.yaml"):
        relative = path.relative_to(REPO).as_posix()
        kind = place(PurePosixPath(relative), campaign).kind
        schema = json.loads((REPO / "schemas" / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], (relative, errors[0].message)


@pytest.mark.parametrize(("text", "kind"), [
    ("身份证 11010519491231002X", "身份证号码"), ("旧证 110105491231002", "身份证号码"),
    ("电话 13812345678", "手机号码"), ("卡号 6222020200112233446", "银行卡号"),
    ("身份证 110105194912310021", None),  # wrong check digit
    ("罚款 20000 元，文号 温应急罚〔2021〕12号", None), ("电话 0577-88886666", None),
    ("sha 3b5d5c3712955042212316173ccf37be", None),
])
def test_personal_numbers_are_recognised(text: str, kind: str | None) -> None:
    from tieshai.rules.personal_data import personal_data_kind

    assert personal_data_kind(text) == kind


@pytest.mark.parametrize("name", ["report\u202egpj.pdf", "a\u200bb.pdf", "line\nbreak.pdf"])
def test_file_names_with_hidden_characters_are_refused(example_repo: Path, name: str) -> None:
    target = example_repo / LC_ACC / "evidence" / name
    target.write_bytes(b"%PDF-1.4 x")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["layout-filename"]
    assert "\n" not in findings[0]["file"] and "\\u" in findings[0]["file"]  # shown escaped, one line


def test_look_alike_unit_folder_is_refused(example_repo: Path) -> None:
    # "lucheng" with a Cyrillic "е": looks the same, is another folder
    fake = example_repo / "submissions" / "luch\u0435ng" / "plans"
    fake.mkdir(parents=True)
    (fake / "self-inspection.yaml").write_text("unit: lucheng\n", encoding="utf-8")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["layout-unknown-path"]
    assert "是否想写“lucheng”" in findings[0]["message"]



def test_a_records_own_rules_are_judged_in_the_same_run_as_its_schema(example_repo: Path) -> None:
    """A record with a schema error and a date out of order gets both findings at once, not the
    second only after the first is fixed."""
    path = f"{LC}/plans/self-inspection.yaml"
    replace_in_file(example_repo / path, "    result: 基本符合", "    result: 基本合格", 1)
    replace_in_file(example_repo / path, '    deadline: "2021-05-15"', '    deadline: "2021-04-01"', 1)
    findings = [f for f in check_json(example_repo)["findings"] if f["file"] == path]
    assert {(f["code"], f["line"]) for f in findings} >= {("schema-enum", 11), ("record-date-order", 23)}, findings
