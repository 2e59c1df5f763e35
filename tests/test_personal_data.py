"""Personal data is judged as a reader sees the text, not as its bytes are written: full-width or
other scripts' digits, numbers in groups, a calling code, YAML escapes; and a natural person's
full name in the public text of the record that names them. Dates, amounts and document numbers
are not personal data."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tieshai.chinese import may_hold_long_number
from tieshai.rules.personal_data import personal_data_kind

from .conftest import check_json, replace_in_file

NOMINATION = "submissions/lucheng/cases/lucheng-2021-01/nomination.yaml"
SELF_INSPECTION = "submissions/lucheng/plans/self-inspection.yaml"


@pytest.mark.parametrize("text", [
    "电话 １３８１２３４５６７８", "电话 138 1234 5678", "电话 138-1234-5678", "电话 138\u00a01234\u00a05678",
    "电话 138\u30001234\u30005678", "电话 138 - 1234 - 5678", "电话 +86 138 1234 5678", "电话 +8613812345678",
    "电话（+86）13812345678", "电话 86-138-1234-5678", "电话 0086 13812345678", "电话 8613812345678",
    "电话 \u0661\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "电话 ①③⑧①②③④⑤⑥⑦⑧",
    "2021-06-15 13812345678 联系", "电话：138.1234.5678",
])
def test_a_mobile_number_however_written_is_found(text: str) -> None:
    assert personal_data_kind(text) == "手机号码"
    assert may_hold_long_number(text)  # the loader's quick look would send it to the rule


def test_every_character_that_reads_as_a_digit_is_known_to_the_quick_look() -> None:
    """The quick look (chinese.may_hold_long_number) lets a text past only when it cannot hold a
    long number: every character that NFKC turns into a digit must be one it counts."""
    decimal = re.compile(r"\d")
    missed = [f"U+{code:04X}" for code in range(0x110000)
              if not decimal.match(chr(code))
              and any(c.isdecimal() for c in unicodedata.normalize("NFKC", chr(code)))
              and not may_hold_long_number(chr(code))]
    assert missed == []


_NUMBERISH = st.text(st.sampled_from("0123456789１３８٣①⑳¹½ -.+\u00a0\u3000（）电话XＸ"), max_size=40)


@given(_NUMBERISH)
def test_whatever_the_rule_finds_the_quick_look_lets_through(text: str) -> None:
    if personal_data_kind(text) is not None:
        assert may_hold_long_number(text)


@pytest.mark.parametrize("text", [
    "身份证 110105 19491231 002X", "身份证 110105-19491231-002x", "身份证 １１０１０５１９４９１２３１００２Ｘ",
    "身份证 110105 1949 1231 002X", "身份证 11010519491231002X。",
])
def test_an_identity_number_however_written_is_found(text: str) -> None:
    assert personal_data_kind(text) == "身份证号码"


@pytest.mark.parametrize("text", ["卡号 6222 0202 0011 2233 446", "卡号 6222-0202-0011-2233-446",
                                  "卡号 ６２２２０２０２００１１２２３３４４６"])
def test_a_bank_card_number_however_written_is_found(text: str) -> None:
    assert personal_data_kind(text) == "银行卡号"


@pytest.mark.parametrize("text", [
    "2021-06-15", "2021年6月15日至2021年7月1日", "2021-06-01—2021-06-30", "2021-06-15 13:30 检查",
    "罚款 20000 元", "罚款人民币 1,000,000.00 元", "罚款 13.8 万元", "温应急罚〔2021〕12号", "（2021）浙0302行初123号",
    "电话 0577-88886666", "电话 0577 8888 6666", "2021-06-15 2021-07-01 2021-08-15", "统计期 2021-q2",
    "共检查 12 家 35 人次 1380 元", "1 2 3 4 5 6 7 8 9 10 11 12", "编号 lucheng-2021-01",
    "sha 3b5d5c3712955042212316173ccf37be", "身份证 110105 19491331 002X",  # no 13th month
    "2021.06.15-2021.09.30", "第 1、2、3、4、5、6、7、8、9、10、11 项",
])
def test_dates_amounts_and_document_numbers_are_not_personal_data(text: str) -> None:
    assert personal_data_kind(text) is None


@pytest.mark.parametrize("written", [
    '"当事人手机 \\x31\\x33\\x38\\x31\\x32\\x33\\x34\\x35\\x36\\x37\\x38"',  # YAML escapes
    '"当事人手机 138\\_1234\\_5678"',  # \\_ is YAML's no-break space
    '"当事人手机 \\uff11\\uff13\\uff18\\uff11\\uff12\\uff13\\uff14\\uff15\\uff16\\uff17\\uff18"',
    "当事人手机 +86 138 1234 5678",
])
def test_a_number_written_with_yaml_escapes_or_in_groups_is_refused(example_repo: Path, written: str) -> None:
    replace_in_file(example_repo / NOMINATION, "summary: 执法人员检查发现该公司未对新上岗从业人员进行安全生产教育和培训。",
                    f"summary: {written}")
    findings = check_json(example_repo)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [(NOMINATION, "record-personal-data")]
    assert "手机号码" in findings[0]["message"] and "“案情简介”（summary）" in findings[0]["message"]


def natural_person(root: Path, name: str, title: str) -> None:
    replace_in_file(root / NOMINATION, "  kind: 法人或其他组织\n  name: 示例某有限公司", f"  kind: 自然人\n  name: {name}")
    replace_in_file(root / NOMINATION, "title: 示例某公司未按规定开展安全生产教育培训案", f"title: {title}")


def test_a_natural_persons_full_name_in_the_case_title_is_refused(example_repo: Path) -> None:
    natural_person(example_repo, "王建国", "王 建 国未按规定开展安全生产教育培训案")
    findings = check_json(example_repo)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [(NOMINATION, "record-personal-data")]
    assert "姓名“王建国”" in findings[0]["message"] and "“王某”" in findings[0]["message"]
    assert findings[0]["line"] == 6  # the title's line


@pytest.mark.parametrize("title", ["王某未按规定开展安全生产教育培训案", "某建国际贸易公司未按规定开展安全生产教育培训案"])
def test_a_surname_with_mou_or_part_of_a_name_is_fine(example_repo: Path, title: str) -> None:
    natural_person(example_repo, "王建国", title)
    assert check_json(example_repo)["findings"] == []


def test_an_organisation_party_may_be_named(example_repo: Path) -> None:
    replace_in_file(example_repo / NOMINATION, "title: 示例某公司未按规定", "title: 示例某有限公司未按规定")
    assert check_json(example_repo)["findings"] == []


def test_public_text_of_other_records_is_judged_after_normalising_too(example_repo: Path) -> None:
    replace_in_file(example_repo / SELF_INSPECTION, "    description: 年度监督检查计划报上一级备案晚于规定时间。",
                    "    description: 经办人身份证 110105\u00a019491231\u00a0002X。")
    findings = check_json(example_repo)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [(SELF_INSPECTION, "record-personal-data")]
    assert "身份证号码" in findings[0]["message"]


def test_the_loader_notes_every_public_text_that_may_hold_a_long_number() -> None:
    """The rule looks only where the loader noted a text that may read as a long number: on every
    demo record, those places are exactly the public texts the quick look lets through."""
    from tieshai.load.schemas import load_schema
    from tieshai.load.yamlload import load_yaml_file
    from tieshai.rules.personal_data import public_text_at, public_texts

    from .conftest import REPO

    noted_somewhere = 0
    for path in sorted((REPO / "submissions").rglob("*.yaml")):
        document, _ = load_yaml_file(path, path.name)
        assert document is not None
        kind = document.text.split(".schema.json", 1)[0].rsplit("/", 1)[1]
        schema = load_schema(kind)
        expected = {where for where, text in public_texts(document.data, schema) if may_hold_long_number(text)}
        noted = {where for where in document.long_numbers if public_text_at(document.data, schema, where) is not None}
        assert noted == expected, path
        noted_somewhere += len(document.long_numbers)
    assert noted_somewhere > 0  # the demo's checksums and internal phone numbers are noted, then passed over


def test_a_number_under_a_refused_duplicate_key_is_no_crash(example_repo: Path) -> None:
    """The loader leaves a duplicate key's value out of the data; where it noted a possible number
    there must not send the rule looking for it."""
    path = example_repo / SELF_INSPECTION
    path.write_text(path.read_text(encoding="utf-8") + 'report_date: "电话 13812345678"\n', encoding="utf-8")
    report = check_json(example_repo, str(path))
    assert [finding["code"] for finding in report["findings"]] == ["yaml-duplicate-key"]
