"""`tieshai export --format docx`: the campaign's official documents in Word, laid out as GB/T
9704-2012 asks. python-docx reads every field back; Debian's LibreOffice turns them into PDF and
poppler shows the parts in order, one page number a page; hostile text stays text."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
import zipfile
from datetime import date
from itertools import cycle
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from tieshai.chinese import chinese_date
from tieshai.model.campaign import Campaign
from tieshai.model.overview import overdue_items
from tieshai.outputs.official import OfficialDocument

from .conftest import REPO, run_tieshai
from .office import pdf_page_count, pdf_pages, require_office, to_pdf
from .sites import demo_copy, rewrite_records

AS_OF = "2021-09-15"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def export(root: Path, out: Path) -> list[str]:
    result = run_tieshai("--root", str(root), "export", "--format", "docx", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    return sorted(path.name for path in out.iterdir())


def records(root: Path, kind: str) -> list[dict[str, Any]]:
    """The records of one kind, by the schema their first line names."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "submissions").rglob("*.yaml"))]
    return [yaml.safe_load(text) for text in texts if text.split("\n", 1)[0].endswith(f"/schemas/{kind}.schema.json")]


def text_of(path: Path) -> str:
    """Every paragraph of the body and its tables, and the footers, as python-docx reads them."""
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("documents")
    export(REPO, out)
    return out


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory):
    from tieshai.workspace import Workspace

    return Workspace.at(REPO, date.fromisoformat(AS_OF)).state


def issued(notice: dict[str, Any]) -> bool:
    return notice["issue_date"] <= AS_OF


def test_every_notice_issued_is_a_document_with_every_field(exported: Path, campaign: Campaign) -> None:
    notices = [n for n in records(REPO, "notice") if issued(n)]
    findings = {f["id"]: f for inspection in records(REPO, "inspection") for f in inspection["findings"]}
    assert notices and len(notices) < len(records(REPO, "notice")) + 1
    assert sorted(p.name for p in exported.glob("notice-*.docx")) == sorted(f"notice-{n['id']}.docx" for n in notices)
    for notice in notices:
        text = text_of(exported / f"notice-{notice['id']}.docx")
        for part in (campaign.notice["issuer"], notice["number"], "行政执法监督整改通知书",
                     campaign.unit(notice["unit"]).bureau + "：", notice["requirements"],
                     f"请于{chinese_date(notice['deadline'])}前完成整改", chinese_date(notice["issue_date"]),
                     f"抄送：{'，'.join(campaign.notice['cc'])}。", campaign.notice["printed_by"]):
            assert part in text, (notice["id"], part)
        for problem_id in notice["problems"]:
            assert findings[problem_id]["description"].rstrip("。") in text
            assert findings[problem_id]["basis"].rstrip("。") in text


def test_documents_follow_the_official_layout(exported: Path, campaign: Campaign) -> None:
    path = next(exported.glob("notice-*.docx"))
    document = docx.Document(str(path))
    section = document.sections[0]
    measures = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin)
    assert [round(measure.mm) for measure in measures] == [210, 297, 37, 35, 28, 26]  # a 156 × 225 mm type area
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt
    paragraphs = [p for p in document.paragraphs if p.text]
    mark, number, title, recipient = paragraphs[:4]
    assert mark.text == campaign.notice["issuer"] and mark.runs[0].font.color.rgb == docx.shared.RGBColor(255, 0, 0)
    assert "FF0000" in number._p.pPr.xml and "w:bottom" in number._p.pPr.xml  # the red rule
    fonts = {p.text: p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) for p in (mark, title)}
    assert fonts == {mark.text: "方正小标宋简体", title.text: "方正小标宋简体"}
    assert recipient.runs[0]._r.rPr is None  # the body's font and size come from the style
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert title.runs[0].font.size == Pt(22) and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.styles["Normal"].font.size == Pt(16)
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert [t.text for t in footer._p.iter(f"{W}instrText")] == [" PAGE "]
        assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in footer.runs} == {"宋体"}
    with zipfile.ZipFile(path) as package:
        fonts_table = package.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts_table
    assert 'w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts_table


def test_a_circular_for_each_action_with_inspections(exported: Path, campaign: Campaign) -> None:
    inspections = [r for r in records(REPO, "inspection") if r["date"] <= AS_OF]
    actions = {r["action"] for r in inspections}
    assert sorted(p.name for p in exported.glob("circular-*.docx")) == sorted(f"circular-{a}.docx" for a in actions)
    causes = {c.id: c.name for c in campaign.results.cause_analysis.causes}
    for action in actions:
        path = exported / f"circular-{action}.docx"
        text = text_of(path)
        for inspection in (r for r in inspections if r["action"] == action):
            assert campaign.unit(inspection["unit"]).name in text and inspection["summary"] in text
            assert "、".join(inspection["members"]) in text  # the internal version names the team
            for finding in inspection["findings"]:
                assert finding["description"].rstrip("。") in text and causes[finding["cause"]] in text
                if finding.get("cause_analysis"):
                    assert finding["cause_analysis"] in text
        for heading in ("一、基本情况", "二、各单位督查发现的问题", "三、典型问题", "四、成因分析", "五、整改情况",
                        "六、工作要求", "附件：督查发现问题清单", "成因分类为示例默认值", "闭环率"):
            assert heading in text, (action, heading)
        document = docx.Document(str(path))
        assert document.paragraphs[0].text == "草稿"  # a draft the organiser finishes in Word
        drafted = [r for p in document.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
        assert drafted and drafted[0].text == "【待完善】"


def test_the_briefing_has_the_headline_the_overdue_and_every_unit(exported: Path, campaign: Campaign,
                                                                   state) -> None:
    document = docx.Document(str(exported / "briefing.docx"))
    overdue, units, record = document.tables  # the 版记 is the last table, floating at the foot of the page
    assert record.rows[-1].cells[0].text.endswith("印发")
    expected = overdue_items(campaign, state)
    assert len(overdue.rows) == 1 + len(expected) and expected
    assert [row.cells[3].text for row in overdue.rows[1:]] == [str(item.days) for item in expected]
    assert [row.cells[0].text for row in units.rows[1:]] == [unit.name for unit in campaign.units]
    text = text_of(exported / "briefing.docx")
    assert f"发现问题{len(state.ledger)}个" in text and f"截至{chinese_date(AS_OF)}" in text


def test_the_results_name_the_top_ten_and_the_deductions(exported: Path, state, campaign: Campaign) -> None:
    text = text_of(exported / "results.docx")
    top = [case for case in state.ranking if case.top]
    assert top and all(case.title in text and case.reasons[0] in text for case in top)
    assert "二、季度考核扣分" in text and "三、年度考核扣分" in text
    units = {d.unit for d in state.deductions if d.lines}
    assert units and all(campaign.unit(unit).name in text for unit in units)


@pytest.fixture(scope="module")
def pdfs(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_office()
    chosen = ["notice-lucheng-accidents-n1.docx", "circular-accidents.docx", "briefing.docx", "results.docx"]
    made = to_pdf([exported / name for name in chosen], tmp_path_factory.mktemp("pdf"),
                  tmp_path_factory.mktemp("libreoffice-profile"))
    return {path.stem: path for path in made}


def in_order(text: str, parts: list[str]) -> None:
    """Each of ``parts`` is in ``text`` after the one before it (white space aside)."""
    flat, place = "".join(text.split()), 0
    for part in parts:
        found = flat.find("".join(part.split()), place)
        assert found >= 0, (part, flat[place:place + 200])
        place = found + 1


def page_number(number: int) -> re.Pattern[str]:
    return re.compile(rf"—\s*{number}\s*—")


def test_libreoffice_prints_a_notice_with_its_parts_in_order(pdfs: dict[str, Path], campaign: Campaign) -> None:
    notice = next(n for n in records(REPO, "notice") if n["id"] == "lucheng-accidents-n1")
    pages = pdf_pages(pdfs["notice-lucheng-accidents-n1"])
    assert len(pages) == pdf_page_count(pdfs["notice-lucheng-accidents-n1"]) == 2
    in_order("".join(pages), [campaign.notice["issuer"], notice["number"], "行政执法监督整改通知书", "鹿城区应急管理局：",
                              "发现以下问题", "整改要求及依据", "前完成整改", campaign.notice["issuer"],
                              chinese_date(notice["issue_date"]), "抄送：", campaign.notice["printed_by"], "印发"])
    for number, page in enumerate(pages, start=1):
        assert page_number(number).search(page)


def test_libreoffice_prints_the_type_area_as_22_lines_of_28_characters(pdfs: dict[str, Path]) -> None:
    pages = pdf_pages(pdfs["circular-accidents"])
    lines = [[line for line in page.splitlines() if line.strip()] for page in pages]
    tables_from = next(number for number, page in enumerate(lines) if "五、整改情况" in page)
    prose = lines[1:tables_from]  # full pages of text: after the head, before the first table
    assert prose and all(len(page) == 22 + 1 for page in prose)  # and the page number
    widths = [sum(1 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in line if char != " ")
              for page in lines for line in page]
    assert max(widths) == 28  # characters of the body, a half for each Latin letter or digit


def test_libreoffice_prints_a_circular_with_its_attachment_on_its_own_page(pdfs: dict[str, Path]) -> None:
    pages = pdf_pages(pdfs["circular-accidents"])
    assert len(pages) == pdf_page_count(pdfs["circular-accidents"]) >= 3
    in_order("".join(pages), ["草稿", "关于", "督查情况的通报", "一、基本情况", "二、各单位督查发现的问题", "三、典型问题",
                              "四、成因分析", "五、整改情况", "六、工作要求", "附件：督查发现问题清单", "督查发现问题清单",
                              "抄送：", "印发"])
    attachment = next(page for page in pages if page.lstrip().startswith("附件\n"))
    assert "督查发现问题清单" in attachment
    for number, page in enumerate(pages, start=1):
        assert page_number(number).search(page)
    for name in ("briefing", "results"):
        printed = pdf_pages(pdfs[name])
        assert printed and all(page_number(n).search(page) for n, page in enumerate(printed, start=1)), name


def words_on_pages(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words as poppler places them: the text, its top and its bottom, in points from the page's top."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout
    pages = []
    for page in re.split(r"<page ", xml.decode("utf-8"))[1:]:
        pages.append([(html.unescape(word), float(top), float(bottom)) for top, bottom, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def test_the_record_sits_at_the_foot_of_the_last_page_wherever_the_text_ends(tmp_path: Path) -> None:
    """The 版记 (抄送, 印发) floats to the foot of the type area of the page the text ends on (or of
    the next, alone, where the text leaves no room for it and a line), and no text runs under it:
    for bodies ending on each of a page's 22 lines, with a 抄送 of one line and of two."""
    require_office()
    documents, records = [], {}
    for lines in range(8, 8 + 22 + 2):
        document = OfficialDocument("温州市应急管理局", "温应急督〔2021〕1号", "关于测试版记位置的通知", date(2021, 9, 7))
        document.recipient("各县（市、区）应急管理局")
        for _ in range(lines):
            document.text("本行正文二十八个字符宽用来测试版记的位置是否正确无误。")
        document.signature()
        copies = ["浙江省应急管理厅", "温州市司法局"] if lines % 2 else [f"第{n}个抄送单位的名称" for n in range(1, 6)]
        document.record(copies, "市局办公室", date(2021, 9, 8))
        documents.append(tmp_path / f"lines-{lines}.docx")
        documents[-1].write_bytes(document.to_bytes())
        records[f"lines-{lines}"] = f"抄送：{'，'.join(copies)}。市局办公室2021年9月8日印发"
    foot = (297 - 35) / 25.4 * 72  # the type area's foot, in points from the page's top
    for pdf in to_pdf(documents, tmp_path / "pdf", tmp_path / "profile"):
        pages = words_on_pages(pdf)
        last = pages[-1]
        printed = max(bottom for word, _, bottom in last if word.endswith("印发"))
        assert abs(printed - foot) < 2, (pdf.name, printed, foot)
        record_top = min(top for word, top, _ in last if word.startswith("抄送"))
        if "温州市应急管理局2021年9月7日" not in "".join(word for word, _, _ in last):
            # the text ends on the page before, which had no room left for the 版记 beneath it and
            # the line of the paragraph it is anchored to
            text_bottom = max(bottom for _, _, bottom in pages[-2] if bottom < foot + 2)
            assert text_bottom > record_top - 28.95, (pdf.name, text_bottom, record_top)
        under = [word for word, top, bottom in last if top > record_top - 1 and bottom < foot + 2
                 and word not in records[pdf.stem]]
        assert not under, (pdf.name, under)


@pytest.mark.parametrize("copies, printed_by", [
    ([f"第{n}个抄送单位的名称" for n in range(1, 9)], "市局办公室"),  # digits among Chinese, spaced apart from it
    (["1234567890" * 6], "市局办公室"),  # a number longer than what is left of the line starts the next
    (["Supercalifragilisticexpialidocious" * 3], "市局办公室"),  # and a word too
    (["Wenzhou Municipal Emergency Management Bureau", "WWWWWWWWWW MMMMMMMM"], "市局办公室"),
    (["浙江省应急管理厅"], "温州市安全生产委员会办公室（温州市应急管理局办公室）"),  # the 印发 line takes two
    ([], "市局办公室"),
])
def test_the_record_ends_at_the_foot_of_the_type_area_whatever_its_text(
        tmp_path: Path, copies: list[str], printed_by: str) -> None:
    """However its lines break (numbers and Latin words move to the next line whole), the 版记's
    rows are counted high enough that its last rule is at the foot of the type area, not in the
    margin over the page number, and all of its text is printed."""
    require_office()
    document = OfficialDocument("温州市应急管理局", "温应急督〔2021〕1号", "关于测试版记位置的通知", date(2021, 9, 7))
    document.recipient("各县（市、区）应急管理局")
    document.text("本行正文二十八个字符宽用来测试版记的位置。")
    document.signature()
    document.record(copies, printed_by, date(2021, 9, 8))
    (tmp_path / "record.docx").write_bytes(document.to_bytes())
    [pdf] = to_pdf([tmp_path / "record.docx"], tmp_path / "pdf", tmp_path / "profile")
    pages = words_on_pages(pdf)
    last = pages[-1]
    foot = (297 - 35) / 25.4 * 72
    printed = max(bottom for word, _, bottom in last if word.endswith("印发"))
    assert abs(printed - foot) < 2, (printed, foot)
    if len(pages) > 1:  # on a page of its own only where the text leaves no room for it and a line
        record_top = min(top for word, top, _ in last if word.startswith("抄送") or word.startswith(printed_by[:3]))
        assert max(bottom for _, _, bottom in pages[0] if bottom < foot + 2) > record_top - 28.95
    text = "".join(word for word, _, bottom in last if bottom < foot + 2)  # not the page number below
    assert "".join(f"抄送：{'，'.join(copies)}。" if copies else "").replace(" ", "") in text
    assert f"{printed_by}2021年9月8日印发" in text


HOSTILE = ["{ DDEAUTO c:\\windows\\system32\\cmd.exe }", '<w:fldSimple w:instr="PAGE"/>', "=HYPERLINK(\"http://evil\")",
           "]]><w:t>注入</w:t>", "&lt;&amp;{{ 7*7 }}", "{ MERGEFIELD 姓名 }", "@SUM(1,2)"]


def test_hostile_text_appears_literally_in_every_document(tmp_path: Path) -> None:
    """Text from every field a document prints is a run's text: no field, hyperlink or markup."""
    root = demo_copy(tmp_path / "repo")
    hostile = cycle(HOSTILE)

    def plant(kind: str, data: dict[str, Any]) -> None:
        if kind == "notice":
            data["requirements"] = next(hostile)
        if kind == "inspection":
            data["summary"], data["members"] = next(hostile), [next(hostile)]
            for finding in data["findings"]:
                finding["description"], finding["basis"] = next(hostile), next(hostile)
                finding["cause_analysis"] = next(hostile)
        if kind == "case-nomination":
            data["title"], data["analysis"] = next(hostile), next(hostile)

    rewrite_records(root, plant)
    assert run_tieshai("--root", str(root), "check").code == 0
    names = export(root, tmp_path / "out")
    seen: set[str] = set()
    for name in names:
        path = tmp_path / "out" / name
        with zipfile.ZipFile(path) as package:
            body = package.read("word/document.xml").decode("utf-8")
            footers = [package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("word/footer")]
        assert "<w:fldSimple" not in body and "<w:instrText" not in body and "<w:hyperlink" not in body, name
        assert all(footer.count("<w:instrText") == 1 for footer in footers), name  # the page number alone
        text = text_of(path)
        seen |= {planted for planted in HOSTILE if planted in text}
        assert "<w:t>注入</w:t>" not in body  # never markup of the document
    assert seen == set(HOSTILE)
