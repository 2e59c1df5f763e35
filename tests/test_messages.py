"""Every common mistake of a new clerk gets one message, at its field, in the clerk's words, saying
the fix, all in the first run (issue 16): the corpus of mistakes, and the three templates filled in
as a clerk would, which pass after one round of fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import check_json, replace_in_file, run_tieshai

LC = "submissions/lucheng"
PLANS = f"{LC}/plans/self-inspection.yaml"
KPI = f"{LC}/kpi/2021-q2.yaml"
CASE = "submissions/dongtou/case-review/records/dongtou-case-1.yaml"
INSPECTION = f"{LC}/accidents/inspection.yaml"
NOMINATION = f"{LC}/cases/lucheng-2021-01/nomination.yaml"

# (file, text replaced, replacement, code, severity, the text the finding starts at, what the
# message must say: the fix, not only the fault)
MISTAKES = [
    # a code field written by its Chinese name: the code to write, with every code and its name
    (PLANS, "    severity: minor", "    severity: 一般", "schema-pattern", "error", "一般",
     ["“一般”请写 minor（一般）", "major（较重）", "“发现的问题 第 1 项 → 严重程度”"]),
    (CASE, "case_type: penalty", "case_type: 行政处罚", "schema-pattern", "error", "行政处罚",
     ["“行政处罚”请写 penalty（行政处罚）", "license（行政许可）"]),
    (CASE, "grade: excellent", "grade: 优秀", "schema-pattern", "error", "优秀",
     ["“优秀”请写 excellent（优秀）", "fail（不合格）"]),
    (INSPECTION, "methods: [symposium,", "methods: [座谈交流,", "schema-pattern", "error", "座谈交流",
     ["“座谈交流”请写 symposium（座谈交流）"]),
    # a well-formed code that is not the campaign's: listed with names, suggested by spelling
    (PLANS, "    severity: minor", "    severity: minr", "record-unknown-severity", "error", "minr",
     ["请写 minor（一般）", "serious（严重）"]),
    (CASE, "case_type: penalty", "case_type: penality", "record-unknown-case-type", "error", "penality",
     ["请写 penalty（行政处罚）"]),
    # a checklist id that does not exist: one message, suggesting the item the list lacks
    (PLANS, "  - item: plans-2\n    result", "  - item: plans-4\n    result", "record-unknown-item", "error", "plans-4",
     ["“plans-4”请写 plans-2（"]),
    # a choice written in other words: suggested by meaning, never the opposite
    (PLANS, "    status: 已整改", "    status: 正在整改", "schema-enum", "error", "正在整改",
     ["是否想写“整改中”", "可选的值：未整改、整改中、已整改"]),
    # numbers in full-width digits, Chinese numerals, with a unit
    (KPI, "reconsideration: {cases: 2,", "reconsideration: {cases: ２,", "schema-type", "error", "２",
     ["全角数字", "写成 2"]),
    (KPI, "litigation: {cases: 1,", "litigation: {cases: 一,", "schema-type", "error", "一",
     ["阿拉伯数字", "写成 1"]),
    (KPI, "  litigation_cases: 2", "  litigation_cases: 2件", "schema-type", "error", "2件",
     ["不带单位", "写成 2"]),
    # a long text broken onto a second line, at the key's indent and deeper
    (PLANS, "    measures: 建立计划报批备案时间表，由法规科跟踪。",
     "    measures: 建立计划报批备案时间表，\n    由法规科跟踪。", "yaml-line-break", "error", "由法规科跟踪。",
     ["measures: |", "接到上一行末尾"]),
    (PLANS, "    measures: 建立计划报批备案时间表，由法规科跟踪。",
     "    measures: 建立计划报批备案时间表，\n      由法规科跟踪。", "yaml-folded-text", "warning", "由法规科跟踪。",
     ["字段名: |", "接成一行"]),
    # a list entry of another shape: the fields an entry needs
    (CASE, "  - item: case-review-5\n    points: 2\n    reason: 送达回证缺少签收日期。\n",
     "  - case-review-5: 2\n", "schema-shape", "error", "case-review-5: 2",
     ["“扣分 第 2 项”", "item: …（监督内容条目）", "points: …（扣分）", "reason: …（扣分理由）"]),
    # a field named by its title, a missing field at the top level named as such
    (PLANS, "unit: lucheng", "unit: longwan", "record-path-mismatch", "error", "longwan",
     ["“单位编号”（unit）", "请改成“lucheng”"]),
    (PLANS, "report_date: \"2021-04-12\"\n", "", "schema-required", "error", "unit: lucheng",
     ["缺少必填字段“报告日期”（report_date）", "请在文件顶层中补上 report_date: …"]),
    # an indicator left out of the rates: named with its title, and where to add it in the field's words
    (KPI, "  cross-department: {numerator: 15, denominator: 48}\n", "", "record-missing-target", "error",
     "rates:", ["cross-department（", "请在“比率指标”（rates）中补上"]),
    # a text with ": " inside, which YAML reads as a field of its own
    (NOMINATION, "decision: 责令限期改正", "decision: 处理结果: 责令限期改正", "yaml-syntax", "error", ": 责令",
     ["加引号"]),
]


def _place(text: str, needle: str) -> tuple[int, int]:
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize(("file", "old", "new", "code", "severity", "at", "says"), MISTAKES,
                         ids=[f"{row[3]}-{index}" for index, row in enumerate(MISTAKES)])
def test_each_mistake_gets_one_message_at_its_field_saying_the_fix(
        example_repo: Path, file: str, old: str, new: str, code: str, severity: str, at: str, says: list[str]) -> None:
    changed = replace_in_file(example_repo / file, old, new, 1)
    findings = check_json(example_repo)["findings"]
    assert [(f["file"], f["code"], f["severity"]) for f in findings] == [(file, code, severity)], findings
    assert (findings[0]["line"], findings[0]["column"]) == _place(changed, at), findings[0]
    for said in says:
        assert said in findings[0]["message"], (said, findings[0]["message"])
    assert "（（" not in findings[0]["message"]


def test_every_placeholder_and_every_error_of_a_file_in_one_run(example_repo: Path) -> None:
    """Placeholders in free text come with those the schema refuses and with the other errors, not
    in a second wave once the first are fixed; each named by the titles along its path."""
    result = run_tieshai("--root", str(example_repo), "new", "self-inspection", "--unit", "ruian", "--action", "plans")
    assert result.code == 0, result.stderr
    path = example_repo / "submissions/ruian/plans/self-inspection.yaml"
    text = replace_in_file(path, "  - item: plans-2", "  - item: plans-4")
    findings = check_json(example_repo, str(path))["findings"]
    placeholders = [f for f in findings if f["code"] == "record-placeholder"]
    assert len(placeholders) == text.count("待填写") - text.count("“待填写”")  # the header names it once
    assert {f["code"] for f in findings} == {"record-placeholder", "record-unknown-item"}
    messages = [f["message"] for f in placeholders]
    assert any(m.startswith("“逐条结论 第 1 项 → 自查情况”（conclusions[0].findings）还没有填写") for m in messages)
    assert any("“发现的问题 第 1 项 → 严重程度”" in m and "minor（一般）" in m for m in messages)
    assert not any("例如 lucheng-plans-1" in m for m in messages)


def test_a_kpi_template_names_each_indicator_and_what_it_counts(example_repo: Path) -> None:
    run_tieshai("--root", str(example_repo), "new", "kpi-report", "--unit", "ruian", "--period", "2021-q3")
    text = (example_repo / "submissions/ruian/kpi/2021-q3.yaml").read_text(encoding="utf-8")
    for name, numerator in (("抽查任务完成率", "已完成的“双随机”抽查任务数"), ("跨部门执法率", "跨部门联合开展的检查任务数")):
        assert f"# {name}（方案要求：" in text and f"# 分子：{numerator}" in text
    assert text.count("# 分母：检查任务总数") == 2 and "例如 已完成的抽查任务数" not in text


def test_every_list_of_entries_shows_an_example_entry(example_repo: Path) -> None:
    run_tieshai("--root", str(example_repo), "new", "case-file-review", "--unit", "ruian", "--action", "case-review",
                "--id", "ruian-case-1")
    text = (example_repo / "submissions/ruian/case-review/records/ruian-case-1.yaml").read_text(encoding="utf-8")
    assert "deductions: []\n# 扣分的写法：" in text
    assert "# deductions:\n#   - item: case-review-1\n#     points: 1\n#     reason: （扣分理由）\n" in text
    assert "# 等次：写等次的编号，可写 excellent（优秀）、good（良好）、pass（合格）、fail（不合格）" in text


# The three templates a new clerk fills in first, with what a clerk writes for each placeholder,
# in order; and the one round of fixes the first check's messages ask for.
FILLED = {
    ("self-inspection", "--action", "plans"): (
        ["2021-04-20", "符合", "计划按风险等级编制。", "基本符合", "备案晚于规定时间。", "符合", "已录入平台。",
         "plans-2", "备案晚于规定时间。", "一般", "建立报批时间表。", "政策法规科", "2021-05-30", "正在整改", "张三"],
        [("severity: 一般", "severity: minor"), ("status: 正在整改", "status: 整改中")]),
    ("case-file-review", "--action", "case-review", "--id", "ruian-case-1"): (
        ["温瑞应急罚〔2021〕7号", "行政处罚", "2021-03-10", "李四", "１００", "优秀"],
        [("case_type: 行政处罚", "case_type: penalty"), ("total: １００", "total: 100"), ("grade: 优秀", "grade: excellent")]),
    ("kpi-report", "--period", "2021-q2"): (
        ["48", "48", "12", "12", "26", "48", "15", "48", "２", "0", "一", "0", "3", "1", "2", "0", "王五"],
        [("cases: ２", "cases: 2"), ("cases: 一", "cases: 1")]),
}


@pytest.mark.parametrize("arguments", list(FILLED), ids=[arguments[0] for arguments in FILLED])
def test_the_templates_filled_in_pass_after_one_round_of_fixes(example_repo: Path, arguments: tuple[str, ...]) -> None:
    result = run_tieshai("--root", str(example_repo), "new", arguments[0], "--unit", "ruian", *arguments[1:])
    assert result.code == 0, result.stderr
    relative = result.stdout.split("模板：", 1)[1].split("\n", 1)[0]
    path = example_repo / relative
    answers, fixes = FILLED[arguments]
    text = path.read_text(encoding="utf-8")
    header, body = text.split("\n", 3)[:3], text.split("\n", 3)[3]
    assert body.count("待填写") == len(answers), body
    for answer in answers:
        body = body.replace("待填写", answer, 1)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    first = check_json(example_repo, str(path))["findings"]
    assert len(first) == len(fixes), first  # every mistake at once, one message each
    for (wrong, right), finding in zip(fixes, first, strict=True):
        assert right.split(": ", 1)[1] in finding["message"], (right, finding["message"])
        replace_in_file(path, wrong, right, 1)
    assert check_json(example_repo, str(path))["ok"]
