"""The built site: every fact of the plan on its page, nothing fetched from elsewhere, Chinese search."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from tieshai.chinese import chinese_date
from tieshai.model.campaign import Campaign

from .conftest import AS_OF, REPO, replace_in_file, run_tieshai
from .sites import demo_copy, rewrite_record


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(site: Path, page: str) -> str:
    parser = _Text()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return "".join(parser.parts)


def test_every_deadline_key_target_and_checklist_item_is_on_its_action_page(built_site: Path,
                                                                           campaign: Campaign) -> None:
    for action in campaign.actions:
        text = page_text(built_site, f"actions/{action.id}")
        assert chinese_date(action.deadline) in text
        assert action.deadline_text in text
        for unit_id in action.key_targets:
            assert campaign.unit(unit_id).bureau in text, (action.id, unit_id)
        for item in action.checklist:
            assert item.text in text, item.id
        for phase in campaign.phases:
            assert phase.name in text


def test_home_page_shows_the_campaign_at_a_glance(built_site: Path, campaign: Campaign) -> None:
    text = page_text(built_site, "")
    assert "截至 2021年6月15日：行动进行中" in text
    for action in campaign.actions:
        assert chinese_date(action.deadline) in text
    for target in campaign.targets:
        assert target.name in text
    assert "≥ 50%" in text and "≤ 2020 年的 80%" in text


def test_unit_directory_and_notice(built_site: Path, campaign: Campaign) -> None:
    units = page_text(built_site, "units")
    listing = (built_site / "units" / "index.html").read_text(encoding="utf-8")
    for unit in campaign.units:
        assert unit.bureau in units and (unit.division_code or "") in units
        assert f'href="{unit.id}/"' in listing and (built_site / "units" / unit.id / "index.html").is_file()
    assert 'href="units/"' in (built_site / "index.html").read_text(encoding="utf-8")  # 参加单位 N 个
    notice = page_text(built_site, "notice")
    assert "温应急〔2021〕11号" in notice and "抄送：浙江省应急管理厅，温州市司法局。" in notice


def test_each_issued_notice_page_links_its_word_document(built_site: Path) -> None:
    """The notice a unit reads on the site is a click away from the document it prints (each notice
    issued by the site's date: the Word documents are those the organiser has issued)."""
    issued = {path.stem for path in REPO.glob("submissions/*/*/notices/*.yaml")
              if re.search(r'^issue_date: ["\']?([0-9-]+)', path.read_text(encoding="utf-8"), re.M).group(1) <= AS_OF}
    assert issued
    for notice in issued:
        html = (built_site / "notices" / notice / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<a href="([^"]+\.docx)" download="整改通知书 [^"]+\.docx">下载这份通知书的 Word 文档</a>', html)
        assert found and found.group(1).endswith(f"/data/notice-{notice}.docx"), notice
        assert (built_site / "notices" / notice / found.group(1)).resolve().is_file()


def test_illustrative_defaults_are_labelled(built_site: Path) -> None:
    plan = page_text(built_site, "plan")
    assert plan.count("示例默认值") >= 3
    assert "示例默认值" in page_text(built_site, "actions/case-review")


_EXTERNAL = re.compile(r"""(?:src|href|srcset|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//)""", re.IGNORECASE)


def test_no_file_loads_anything_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", html, re.I):
                if _EXTERNAL.search(tag):
                    offenders.append((path.name, tag))
        elif path.suffix == ".css":
            if _CSS_EXTERNAL.search(path.read_text(encoding="utf-8")):
                offenders.append((str(path), "css"))
    assert offenders == []
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8", errors="ignore")
                                              for p in built_site.rglob("*.html"))


def test_search_index_holds_segmented_chinese(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "u200b" in index["config"]["separator"]  # the regex escape for the zero-width space
    texts = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    words = set(re.split(r"[\s\u200b]+", texts))
    # jieba cut the plan's phrases into words
    assert {"案卷", "评查", "随机", "行政处罚", "事故", "整改"} <= words


def test_hand_written_docs_pages_join_the_navigation(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "关于本站" in home and "专项行动" in home


def test_campaign_text_is_escaped_not_interpreted(campaign_copy: Path) -> None:
    path = campaign_copy / "campaign.yaml"
    hostile = '"<img src=x onerror=alert(1)> **粗体** [链接](http://evil.example) {#x}"'
    replace_in_file(path, "short_title: 监督检查计划编制", f"short_title: {hostile}")
    replace_in_file(path, "    name: 鹿城区\n", f"    name: {hostile}\n")
    replace_in_file(path, "    name: 抽查任务完成率\n", f"    name: {hostile}\n")  # in the charts
    replace_in_file(path, "          name: 执法合法性\n", f"          name: {hostile}\n")  # a table header, as data-label
    # the theme runs titles through `striptags`, which unescapes: this must still not close <title>
    replace_in_file(path, "short_title: 生产安全事故调查", 'short_title: "</title><script>alert(1)</script>"')
    result = run_tieshai("--root", str(campaign_copy), "build", "--as-of", "2021-06-15")
    assert result.code == 0, result.stderr
    for page in ("actions/plans/index.html", "index.html", "units/index.html", "kpis/index.html", "plan/index.html"):
        html = (campaign_copy / "site" / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<strong>粗体</strong>" not in html and 'href="http://evil.example"' not in html
        assert "<script>alert(1)" not in html and "</title><script>" not in html


def test_the_developers_notes_are_not_published(built_site: Path) -> None:
    """docs/performance.md is for those who work on the tool, not for the campaign's readers."""
    assert (REPO / "docs" / "performance.md").is_file()
    assert not (built_site / "performance").exists()
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [entry["location"] for entry in index["docs"] if entry["location"].startswith("performance/")]


def test_periods_read_as_quarters_not_codes(built_site: Path) -> None:
    page = (built_site / "deductions" / "index.html").read_text(encoding="utf-8")
    shown = re.sub(r'(href|src)="[^"]*"', "", page)  # addresses may carry the code
    assert "2021年第二季度" in shown and "2021-q2" not in shown


def test_the_themes_heading_links_speak_chinese(built_site: Path) -> None:
    pages = [page.read_text(encoding="utf-8") for page in built_site.rglob("*.html")]
    assert not [page for page in pages if "Permanent link" in page]
    assert any('title="本节的链接"' in page for page in pages)


def test_a_unit_page_opens_with_what_the_unit_must_do_next(built_site: Path) -> None:
    page = (built_site / "units" / "dongtou" / "index.html").read_text(encoding="utf-8")
    todo = page[page.index('id="todo"'):page.index('id="progress"')]
    # as of 2021-06-15: a notice and its problem are past their deadline, a problem of its own
    # self-inspection is due in 13 days, and the reports of actions three and four are to come
    assert 'href="../../notices/dongtou-plans-n1/"' in todo and "已逾期 25 天" in todo
    assert "dongtou-enforcement-s1" in todo and "还剩 13 天" in todo
    assert 'href="../../forms/rectification/?unit=dongtou&amp;action=enforcement' in todo
    assert 'href="../../forms/self-inspection/?unit=dongtou&amp;action=accidents"' in todo
    assert "提交专项行动三自查报告" in todo and "还剩 77 天" in todo
    assert todo.index("已逾期 25 天") < todo.index("还剩 13 天") < todo.index("还剩 77 天")  # the most urgent first


def test_a_unit_page_says_whose_forms_are_not_the_units(built_site: Path) -> None:
    """A clerk sees which forms the inspection team or the organiser fills in, not theirs to do."""
    text = page_text(built_site, "units/lucheng")
    assert "填报督查记录（督查组填写）" in text and "填报案例评分（组织单位填写）" in text
    assert "填报指标报送" in text and "填报指标报送（" not in text  # the unit's own: no note


def test_each_deduction_names_its_problem_and_links_it_in_the_ledger(built_site: Path) -> None:
    """A unit disputing a deduction sees what the problem was, and finds it in the ledger."""
    details = (built_site / "deductions" / "index.html").read_text(encoding="utf-8").split('id="details"', 1)[1]
    ledger = (built_site / "ledger" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<td data-label="问题">([^<]+)<br><small><a href="../ledger/#(problem-[^"]+)">', details)
    assert links and len(links) == details.count('data-label="问题"')
    for description, anchor in links:
        row = ledger.split(f'id="{anchor}"', 1)[1].split("</tr>", 1)[0]
        assert description in row


def test_without_a_registered_repository_the_forms_say_whom_to_ask(built_site: Path) -> None:
    """The demo registers no code host: the clerk is told to ask the organiser for the address."""
    assert "本站没有登记仓库地址：请向政策法规处索取本行动仓库在代码托管平台上的地址和账号。" in page_text(built_site, "forms")


def test_a_notice_reads_the_same_on_the_site_as_in_its_word_document(built_site: Path) -> None:
    """One official document, one text: the notice's page shows each paragraph its Word document
    prints, in order, and the same 版记."""
    import docx

    documents = sorted((built_site / "data").glob("notice-*.docx"))
    assert documents
    for document in documents:
        notice = document.stem.removeprefix("notice-")
        html = (built_site / "notices" / notice / "index.html").read_text(encoding="utf-8")
        official = html.split('<article class="ts-official"', 1)[1].split("</article>", 1)[0]
        shown = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<p[^>]*>(.*?)</p>", official, re.S)]
        printed = [paragraph.text for paragraph in docx.Document(str(document)).paragraphs if paragraph.text.strip()]
        table = docx.Document(str(document)).tables[-1]  # the 版记
        record = [row.cells[0].text.replace("\t", "") for row in table.rows]
        # the page: issuer, title, number, recipient, body, signature (issuer and date on one line), 版记
        assert shown[:3] + shown[3:-3] == printed[:-2], notice
        assert shown[-3] == "".join(printed[-2:]) and shown[-2:] == record, notice


def test_every_title_a_reader_sees_is_chinese(built_site: Path) -> None:
    """Browser titles and search-result titles, never slugs such as "Lucheng" or "Dongtou plans n1"."""
    han = re.compile("[\u4e00-\u9fff]")
    untitled = []
    for page in built_site.rglob("*.html"):
        found = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8"))
        own = found.group(1).rsplit(" - ", 1)[0] if found else ""
        if not found or not han.search(own) or " - " not in found.group(1):
            untitled.append((page.relative_to(built_site).as_posix(), found and found.group(1)))
    assert untitled == []
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [entry["title"] for entry in index["docs"] if not han.search(entry["title"])] == []


def test_the_demo_banner_speaks_to_readers_not_developers(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "示例数据" in home and "均为虚构" in home
    assert not [page for page in built_site.rglob("*.html") if "tieshai demo" in page.read_text(encoding="utf-8")]


def test_the_accident_time_limits_are_stated_where_a_late_investigation_is_shown(tmp_path: Path) -> None:
    """Action 3's page states the time limits it judges by (示例默认值) and marks an investigation
    reported past them in the check's own words; action 4's page grades each case file by the scale
    it states, vetoes in words."""
    root = demo_copy(tmp_path / "repo")
    rewrite_record(root / "submissions/lucheng/accidents/records/lucheng-acc-1.yaml",
                   lambda kind, data: data["investigation"].update(report_date="2019-02-01", approval_date="2019-03-01"))
    result = run_tieshai("--root", str(root), "build", "--as-of", "2021-09-15")
    assert result.code == 0, result.stderr
    accidents = page_text(root / "site", "actions/accidents")
    assert re.search(r"评查时对照的时限\s*示例默认值", accidents) and "60 日内提交" in accidents
    assert "其中超过时限 1 起" in accidents
    assert "调查报告在事故发生后第 100 天提交，超过 60 天的时限。" in accidents
    assert "批复在报告提交后第 28 天作出，超过 15 天的时限。" in accidents
    cases = page_text(root / "site", "actions/case-review")
    assert "执法主体不合法或者超越职权" in cases and "no-authority" not in cases
    assert re.search(r"评定等次：优秀 \d+ 卷，良好 \d+ 卷，合格 \d+ 卷，不合格 \d+ 卷", cases)
