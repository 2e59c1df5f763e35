"""Online forms filled by hand: for every kind of record the other form tests do not fill through
the page, a clerk opens the form for a real unit and action, fills it as a person would (by the
labels on the page, typing dates, adding list entries with the form's own buttons, ticking the
boxes of optional fields), checks, downloads, and the downloaded file, put at its path in a copy
of the repository, passes the validator. ``window.tieshaiForm`` is only read, to check what the
page holds; nothing is set through it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .browser import serve_folder
from .conftest import build_site, check_json
from .sites import demo_copy
from .test_forms import check_and_download, open_form

pytestmark = pytest.mark.browser

# Records the demo holds for every unit (a plan filing) or for every case (its scores): a site
# built without one of them has a form that starts blank for it, as a unit's first filing does.
WITHHELD = ("submissions/longwan/plans/plan-filing.yaml", "submissions/longwan/cases/longwan-2021-01/scores.yaml")


# -- what a clerk does on the page, by what the page shows -----------------------------------------

def part(scope, heading: str):
    """The part of the form under a visible heading: a group of fields ("年度监督检查计划") or one
    entry of a list ("评查结论 2")."""
    # an optional group's heading holds the box that opts in to it, named "填写“验收”"
    title = re.compile(rf"^(填写“{re.escape(heading)}”)?\s*{re.escape(heading)}$")
    return scope.get_by_text(title).locator("xpath=ancestor::*[@data-schemapath][1]")


def field(scope, label: str):
    return scope.get_by_label(label, exact=True)


def fill(scope, label: str, text: str) -> None:
    """Type into the field with this label (dates too: a date field takes the date typed)."""
    field(scope, label).fill(text)


def choose(scope, label: str, option: str) -> None:
    """Pick the option a person reads (not its code) from the list with this label."""
    field(scope, label).select_option(label=option)


def opt_in(scope, label: str):
    """Tick the box in front of an optional field, as the page asks, and return that field."""
    field(scope, f"填写“{label}”").check()
    # the box sits inside the field's label, so the field is named by both
    return scope.get_by_label(re.compile(rf"^填写“{re.escape(label)}”\s*{re.escape(label)}$"))


def add_entry(scope, button: str) -> None:
    """Click the list's own add button ("添加评查人", "添加扣分", …)."""
    scope.get_by_role("button", name=button, exact=True).click()


def tick(scope, label: str) -> None:
    """Tick one of a group of boxes by the text beside it."""
    scope.get_by_label(label, exact=True).check()


@contextmanager
def form_page(browser, site: Path, address: str) -> Iterator[Any]:
    """A form page of ``site`` at ``address``, ready; after the block, it made no request to another
    host and logged no error."""
    with serve_folder(site) as url:
        page, watch = open_form(browser, url, address)
        try:
            page.set_default_timeout(5000)  # a control that is not there fails the test at once
            page.evaluate("() => new Promise(resolve => window.tieshaiForm.whenReady(resolve))")
            if "edit=1" not in address:  # a new record: no earlier one is opened or warned of
                assert page.locator("#ts-form-open-message").inner_text() == ""
            yield page
            assert watch.foreign_requests == [] and watch.console_errors == [] and watch.dialogs == []
        finally:
            page.close()


def validated(tmp_path: Path, saved: Path, where: str) -> list[dict[str, Any]]:
    """Put the downloaded file at ``where`` in a copy of the repository and run the validator on
    the whole copy (so that the rules across files judge it too); its findings, of any severity."""
    repo = demo_copy(tmp_path / "repo")
    target = repo / where
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, target)
    return check_json(repo)["findings"]


def download(page, tmp_path: Path) -> tuple[Path, str, dict[str, Any]]:
    """检查 and 下载 as the clerk does; the file, where the page says it goes, and what it held."""
    saved = check_and_download(page, tmp_path)  # a field typed into last holds its text once left
    where, value = page.evaluate("[window.tieshaiForm.path(), window.tieshaiForm.getValue()]")
    return saved, where, value


@pytest.fixture(scope="module")
def site_without_some_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = demo_copy(tmp_path_factory.mktemp("withheld") / "repo")
    for relative in WITHHELD:
        (repo / relative).unlink()
    return build_site(repo, repo.parent / "site")


# -- one test a kind -----------------------------------------------------------------------------

def test_a_unit_files_its_plans_by_hand(browser, site_without_some_records: Path, tmp_path: Path) -> None:
    with form_page(browser, site_without_some_records, "forms/plan-filing/?unit=longwan&action=plans") as page:
        annual = part(page, "年度监督检查计划")
        fill(annual, "计划名称", "龙湾区应急管理局2021年度安全生产监督检查计划")
        choose(annual, "落实分类分级执法", "是")
        choose(annual, "报本级政府批准", "是")
        opt_in(annual, "批准日期").fill("2021-02-17")
        choose(annual, "报上一级备案", "是")
        opt_in(annual, "备案日期").fill("2021-02-20")
        random = part(page, "“双随机、一公开”抽查计划")
        fill(random, "计划名称", "龙湾区应急管理局2021年度“双随机、一公开”抽查计划")
        choose(random, "已录入系统平台", "是")
        opt_in(random, "录入日期").fill("2021-03-17")
        opt_in(random, "抽查事项数").fill("13")
        saved, where, value = download(page, tmp_path)
    assert where == WITHHELD[0]
    assert value["annual_plan"]["approval_date"] == "2021-02-17" and value["double_random_plan"]["matters"] == 13
    assert validated(tmp_path, saved, where) == []


def test_a_unit_reviews_an_accident_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    address = "forms/accident-review/?unit=lucheng&action=accidents&id=lucheng-acc-9"
    with form_page(browser, built_site, address) as page:
        accident = part(page, "事故")
        fill(accident, "事故名称", "鹿城区某五金加工厂“5·3”机械伤害事故")
        fill(accident, "发生日期", "2021-05-03")
        choose(accident, "事故等级", "一般")
        fill(accident, "死亡人数", "1")
        fill(accident, "受伤人数", "0")
        investigation = part(page, "调查处理")
        fill(investigation, "牵头调查单位", "鹿城区应急管理局")
        fill(investigation, "调查报告日期", "2021-06-20")
        fill(investigation, "批复日期", "2021-06-30")
        choose(investigation, "报告已公开", "是")
        opt_in(investigation, "公开日期").fill("2021-07-05")
        entries = page.get_by_text(re.compile(r"^评查结论 \d+$")).count()
        assert entries == 7  # one for each item of the action's checklist, ready to answer
        for number in range(1, entries + 1):
            answer = part(page, f"评查结论 {number}")
            choose(answer, "结论", "符合")
            fill(answer, "说明", "经查阅事故调查卷宗，符合要求。")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/lucheng/accidents/records/lucheng-acc-9.yaml"
    assert value["investigation"]["published"] is True and value["answers"][6]["result"] == "符合"
    assert validated(tmp_path, saved, where) == []


def test_a_unit_reviews_a_case_file_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    address = "forms/case-file-review/?unit=lucheng&action=case-review&id=lucheng-case-9"
    with form_page(browser, built_site, address) as page:
        fill(page, "案件编号", "温鹿应急罚〔2021〕9号")
        choose(page, "案卷类型", "行政处罚")
        fill(page, "办结日期", "2021-03-15")
        reviewers = part(page, "评查人")
        fill(reviewers, "评查人 1", "徐立新")
        add_entry(reviewers, "添加评查人")
        fill(reviewers, "评查人 2", "陈春燕")
        deductions = part(page, "扣分")
        add_entry(deductions, "添加扣分")
        deduction = part(deductions, "扣分 1")
        choose(deduction, "监督内容条目", "5. 文书应用和制作是否规范、卷内材料是否完备。")
        fill(deduction, "扣分", "5")
        fill(deduction, "扣分理由", "送达回证未注明送达日期。")
        fill(page, "得分", "95")
        choose(page, "等次", "优秀")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/lucheng/case-review/records/lucheng-case-9.yaml"
    assert value["reviewers"] == ["徐立新", "陈春燕"] and value["vetoes"] == []
    assert value["deductions"] == [{"item": "case-review-5", "points": 5, "reason": "送达回证未注明送达日期。"}]
    assert validated(tmp_path, saved, where) == []


def test_a_unit_nominates_a_case_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    with form_page(browser, built_site, "forms/case-nomination/?unit=longwan&id=longwan-2021-02") as page:
        fill(page, "案件编号", "温龙应急罚〔2021〕15号")
        fill(page, "案例标题", "某化工企业未按规定进行安全评价案")
        choose(page, "案件类型", "行政处罚")
        fill(page, "立案日期", "2021-03-08")
        fill(page, "办结日期", "2021-05-20")
        party = part(page, "当事人")
        choose(party, "当事人类型", "法人或其他组织")
        fill(party, "名称或姓名", "温州某化工有限公司")
        fill(page, "案情简介", "执法人员在检查中发现该企业未按规定对危险化学品储存装置进行安全评价。")
        fill(page, "法律依据", "《危险化学品安全管理条例》第二十二条、第八十条。")
        fill(page, "处理决定", "责令限期改正，处罚款人民币五万元。")
        fill(page, "评析", "事实清楚，证据确凿，程序合法，裁量适当，说理充分。")
        choose(page, "后续情况", "无")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/longwan/cases/longwan-2021-02/nomination.yaml"
    assert value["party"] == {"kind": "法人或其他组织", "name": "温州某化工有限公司"}
    assert validated(tmp_path, saved, where) == []


def test_the_inspection_team_records_an_inspection_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    with form_page(browser, built_site, "forms/inspection/?unit=lucheng&action=plans") as page:
        fill(page, "督查日期", "2021-05-12")
        members = part(page, "督查组成员")
        fill(members, "督查组成员 1", "刘丽华")
        add_entry(members, "添加督查组成员")
        fill(members, "督查组成员 2", "孙春燕")
        tick(page, "座谈交流")
        tick(page, "查阅台账")
        fill(page, "督查情况", "督查组听取汇报，查阅年度监督检查计划及备案材料，并与执法人员座谈交流。")
        first = part(page, "督查发现的问题 1")
        choose(first, "监督内容条目", "2. 年度监督检查计划报本级人民政府批准并报上一级安全监管部门备案情况。")
        fill(first, "问题描述", "年度监督检查计划未报上一级安全监管部门备案。")
        choose(first, "严重程度", "较重")
        fill(first, "依据", "《安全生产监管执法监督办法》（安监总政法〔2018〕34号）")
        choose(first, "成因", "制度机制不健全")
        opt_in(first, "成因分析").fill("局内没有计划备案的工作制度，备案与否因人而异。")
        add_entry(part(page, "发现的问题"), "添加督查发现的问题")
        second = part(page, "督查发现的问题 2")
        choose(second, "监督内容条目", "3. “双随机、一公开”抽查监管计划制订并录入系统平台实施情况。")
        fill(second, "问题描述", "抽查计划录入系统平台滞后。")
        choose(second, "严重程度", "一般")
        fill(second, "依据", "《温州市行政执法“双提升”行动方案》")
        choose(second, "成因", "执法力量和保障不足")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/lucheng/plans/inspection.yaml"
    assert value["members"] == ["刘丽华", "孙春燕"] and value["methods"] == ["symposium", "ledger-review"]
    assert [finding["id"] for finding in value["findings"]] == ["lucheng-plans-i1", "lucheng-plans-i2"]
    assert [finding["cause"] for finding in value["findings"]] == ["rules", "resources"]
    assert validated(tmp_path, saved, where) == []


def test_the_inspection_team_issues_a_notice_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    address = "forms/notice/?unit=lucheng&action=accidents&id=lucheng-accidents-n9"
    with form_page(browser, built_site, address) as page:
        fill(page, "通知书文号", "温应急督〔2021〕11号")
        fill(page, "下达日期", "2021-09-08")
        fill(page, "整改期限", "2021-10-15")
        # the inspection's findings are offered by what was found, to tick
        tick(part(page, "整改问题"), "lucheng-accidents-i1：事故调查报告对间接原因分析不充分。")
        fill(page, "整改要求", "请对照所列问题逐项整改，于期限内书面报告整改情况并附佐证材料。")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/lucheng/accidents/notices/lucheng-accidents-n9.yaml"
    assert value["problems"] == ["lucheng-accidents-i1"]
    assert validated(tmp_path, saved, where) == []


def test_the_organiser_scores_a_case_by_hand(browser, site_without_some_records: Path, tmp_path: Path) -> None:
    with form_page(browser, site_without_some_records, "forms/case-scores/?unit=longwan&id=longwan-2021-01") as page:
        marks = {"执法合法性": "86", "证据与事实": "83", "裁量与说理": "78", "文书规范": "77", "示范意义": "81"}
        first = part(page, "评审人评分 1")
        fill(first, "评审人", "评审人甲")
        fill(first, "评分日期", "2021-09-10")
        for label, mark in marks.items():
            fill(first, label, mark)
        add_entry(part(page, "评分"), "添加评审人评分")
        second = part(page, "评审人评分 2")
        fill(second, "评审人", "评审人乙")
        fill(second, "评分日期", "2021-09-11")
        for label, mark in marks.items():
            fill(second, label, mark)
        saved, where, value = download(page, tmp_path)
    assert where == WITHHELD[1]
    assert [score["reviewer"] for score in value["scores"]] == ["评审人甲", "评审人乙"]
    assert value["scores"][1]["criteria"]["legality"] == 86
    assert validated(tmp_path, saved, where) == []


def test_the_inspection_team_accepts_a_rectified_item_by_hand(browser, built_site: Path, tmp_path: Path) -> None:
    """The team opens the unit's report with 修改 and records its acceptance of a finished item."""
    with form_page(browser, built_site, "forms/rectification/?unit=cangnan&action=plans&edit=1") as page:
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        item = part(page, "问题整改 1")
        field(item, "填写“验收”").check()
        acceptance = part(item, "验收")
        fill(acceptance, "验收日期", "2021-06-10")
        choose(acceptance, "验收结论", "通过")
        opt_in(acceptance, "验收意见").fill("经现场复核，整改到位。")
        saved, where, value = download(page, tmp_path)
    assert where == "submissions/cangnan/plans/rectification.yaml"
    assert value["items"][0]["acceptance"] == {"date": "2021-06-10", "result": "通过", "remarks": "经现场复核，整改到位。"}
    assert value["items"][0]["evidence"][0]["file"] == "evidence/cangnan-plans-s1.pdf"  # the unit's part kept
    assert validated(tmp_path, saved, where) == []
