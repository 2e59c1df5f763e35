"""An official document laid out as GB/T 9704-2012 asks, written with python-docx.

A4 with a 156 × 225 mm type area (top margin 37 mm, inner margin 28 mm), 22 lines of 28
characters (the section's line grid, every line exactly 28.95 pt, and the body's characters set
0.25 pt closer); the issuing organ's mark in red 35 mm below the top of the
type area, the document number two lines under it and a red rule 4 mm below that; the title in
方正小标宋简体 2号, the body in 仿宋_GB2312 3号, headings in 黑体 and 楷体_GB2312 3号; the signature
and date right-aligned two characters in; attachments on pages of their own; the 版记 (抄送, 印发
机关和日期) between rules at the foot of the last page; page numbers “— 1 —” in 宋体 4号, on the outer side.

The standard's fonts are named in every run (East Asian text reads ``w:eastAsia``) and the font
table names the alternative Word takes where a font is missing (仿宋_GB2312 → 仿宋, 楷体_GB2312 →
楷体, 方正小标宋简体 → 宋体); LibreOffice takes the system's CJK fonts.

Every piece of text from the records reaches the document as the text of a run (``w:t``), never
as XML, a field or a hyperlink: a record's ``{ DDEAUTO … }`` or ``=1+2`` is printed as it is. The
only fields in a document are the page numbers this module puts in the footers.
"""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from tieshai.chinese import chinese_date

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
# Where a font is missing, the one Word takes instead (the font table's w:altName).
ALTERNATIVES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei",
                "仿宋": "FangSong", "楷体": "KaiTi", PAGE_FONT: "SimSun"}
RED = RGBColor(0xFF, 0x00, 0x00)
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)  # 2号, 3号, 4号
LINE = Pt(28.95)  # 225 mm / 22 lines
CHAR = Pt(16)  # one character of the body text
TYPE_AREA_WIDTH, TYPE_AREA_HEIGHT = Mm(156), Mm(225)
# Characters of 4号 on a line of the 版记, a character in on either side (as _lines_of counts them).
RECORD_LINE_CHARACTERS = int((TYPE_AREA_WIDTH - 2 * SIZE_4) / SIZE_4)
LEFT_MARGIN, RIGHT_MARGIN = Mm(28), Mm(26)
CELL_STYLE, HEADER_STYLE = "表格文字", "表头"
# What follows w:pBdr among a paragraph's properties (the schema's order, which Word enforces).
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# What follows w:spacing among a run's properties.
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
                  "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                  "w:oMath")


def _fonts(element, name: str) -> None:
    """Name ``name`` for every script of a run or style's properties (``element`` has an rPr)."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _page_numbers(footer, align: WD_ALIGN_PARAGRAPH) -> None:
    """“— n —” in 宋体 4号, a character in from the outer side (odd pages right, even left)."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = SIZE_4  # one line of its own size, not the body's 28.95 pt
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = SIZE_4
    else:
        paragraph.paragraph_format.left_indent = SIZE_4
    for piece in ("— ", None, " —"):
        run = paragraph.add_run()
        _fonts(run._r, PAGE_FONT)
        run.font.size = SIZE_4
        if piece is not None:
            run.text = piece
            continue
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)
            elif text == " PAGE ":
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)
            else:
                shown = OxmlElement("w:t")
                shown.text = text
                run._r.append(shown)


def _font_table(document) -> None:
    """Declare the standard's fonts with the alternative Word takes when one is missing."""
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, alternative in ALTERNATIVES.items():
        table.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                               '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'))
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


# The parts of python-docx's starting document that a government document has no use for (a
# thumbnail, Word 2010's copy of the styles, web settings, a custom XML item) and the styles kept
# of its hundreds: leaving the rest out makes each file a fifth of the size and quick to write.
_UNUSED_PARTS = ("thumbnail", "stylesWithEffects", "webSettings", "customXml")
_STYLES_KEPT = {"Normal", "DefaultParagraphFont", "TableNormal", "TableGrid", "NoList", "Footer", "FooterChar"}


def _prune(document) -> None:
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id in [rel.rId for rel in rels.values() if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS]:
            rels.pop(rel_id)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _STYLES_KEPT:
            styles.remove(style)


@functools.cache
def _skeleton() -> bytes:
    """An empty document with the standard's page, styles, page numbers and font table, made once."""
    document = Document()
    _prune(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")  # 28.95 pt in twentieths
    normal = document.styles["Normal"]
    _fonts(normal.element, BODY_FONT)
    normal.font.size = SIZE_3
    # 28 characters to the line: 16 pt type drawn 0.25 pt closer (156 mm / 28 = 15.79 pt). Said
    # as character spacing rather than a character grid, which LibreOffice rounds up to two
    # cells a character (14 to the line) where Word squeezes.
    tighter = OxmlElement("w:spacing")
    tighter.set(qn("w:val"), "-5")  # twentieths of a point
    normal.element.get_or_add_rPr().insert_element_before(tighter, *_AFTER_SPACING)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = False  # every full page 22 lines, as the standard counts them
    cell = document.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = SIZE_4
    cell.paragraph_format.line_spacing = Pt(20)
    header = document.styles.add_style(HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = cell
    _fonts(header.element, HEADING_FONT)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.settings.odd_and_even_pages_header_footer = True
    _page_numbers(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_numbers(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    _font_table(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Punctuation a line never starts with: the character before it goes to the next line too.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]")
# What a writer adds between Chinese and a Latin letter or digit beside it (autospace), in characters.
_AUTOSPACE = 0.25


def _width(token: str) -> float:
    """A run's width in characters: a Chinese character or full-width sign is one; a Latin letter
    or sign half one, a digit or a capital more (LibreOffice sets them in DejaVu Sans, a digit 0.64)."""
    return sum(1 if unicodedata.east_asian_width(char) in "WFA" else 0.75 if char.isupper()
               else 0.65 if char.isdigit() else 0.5 for char in token)


def _lines_of(text: str, per_line: int) -> int:
    """How many lines ``text`` takes at ``per_line`` characters a line, filled as a word processor
    fills them: Chinese may end a line after any character; a run of Latin letters or digits (a
    word, a number) goes to the next line whole unless it is longer than a line, with a quarter
    character of space between it and Chinese; punctuation never starts a line. Rather a line too
    many (a blank line in the row) than one too few (the 版记 would run into the margin)."""
    lines, used, previous, kind = 1, 0.0, 0.0, ""
    for token in re.findall(r"\s+|[^\s\u1100-\uffff]+|.", text):
        if token.isspace():
            used, previous, kind = used + _width(token), 0.0, ""
            continue
        wide = unicodedata.east_asian_width(token[0]) in "WFA"
        width = _width(token) + (_AUTOSPACE if kind and kind != ("wide" if wide else "narrow") else 0.0)
        kind = "wide" if wide else "narrow"
        if used + width <= per_line:
            used, previous = used + width, width
        elif width > per_line:  # a word longer than a line: on a line of its own, broken where it ends
            lines += (1 if used else 0) + math.ceil(width / per_line) - 1
            used = previous = width % per_line or per_line
        else:
            lines += 1
            carried = previous if token[0] in _NO_LINE_START else 0.0
            used, previous = carried + width, width
    return lines


class OfficialDocument:
    """One document, built top to bottom: the red head, the title, the recipient, the body (with
    headings, paragraphs and tables), the signature, the attachments and the 版记."""

    def __init__(self, issuer: str, number: str, title: str, when: date, marker: str = "") -> None:
        self.document = Document(io.BytesIO(_skeleton()))
        self.issuer, self.when = issuer, when
        self.style_ids = {name: self.document.styles[name].style_id for name in (CELL_STYLE, HEADER_STYLE)}
        properties = self.document.core_properties
        properties.title, properties.author, properties.last_modified_by = title, issuer, issuer
        properties.created = properties.modified = datetime.combine(when, datetime.min.time())
        properties.revision = 1
        properties.comments = ""
        first = self._paragraph(marker, font=HEADING_FONT)  # 紧急程度's place, top left: e.g. 草稿
        first.paragraph_format.space_after = Mm(25)  # the mark's top 35 mm below the type area's
        mark = self._paragraph(issuer, font=TITLE_FONT, size=Pt(36), align=WD_ALIGN_PARAGRAPH.CENTER, red=True)
        mark.paragraph_format.line_spacing = Pt(48)
        mark.paragraph_format.space_after = LINE * 2  # the number two lines below the mark
        rule = self._paragraph(number, align=WD_ALIGN_PARAGRAPH.CENTER)
        rule.paragraph_format.space_after = LINE * 2  # the title two lines below the rule
        self._border(rule, "bottom", size=12, color="FF0000", space=11)
        heading = self._paragraph(title, font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
        heading.paragraph_format.line_spacing = Pt(35)
        heading.paragraph_format.space_after = LINE  # the recipient one line below

    # Pieces of the body

    def _paragraph(self, text: str = "", *, font: str = BODY_FONT, size: Pt = SIZE_3,
                   align: WD_ALIGN_PARAGRAPH | None = None, red: bool = False, indent: bool = False,
                   container=None) -> Paragraph:
        paragraph = (container or self.document).add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = CHAR * 2
        if text:
            self._run(paragraph, text, font=font, size=size, red=red)
        return paragraph

    @staticmethod
    def _run(paragraph: Paragraph, text: str, *, font: str = BODY_FONT, size: Pt = SIZE_3, red: bool = False,
             draft: bool = False):
        """A run of ``text`` (only ever a run's text: never markup or a field); the body's font and
        size come from the style, anything else is said on the run."""
        run = paragraph.add_run(text)
        if font != BODY_FONT:
            _fonts(run._r, font)
        if size != SIZE_3:
            run.font.size = size
        if red:
            run.font.color.rgb = RED
        if draft:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return run

    @staticmethod
    def _border(paragraph: Paragraph, side: str, *, size: int, color: str = "000000", space: int = 1) -> None:
        properties = paragraph._p.get_or_add_pPr()
        borders = properties.find(qn("w:pBdr"))
        if borders is None:  # in its place among the paragraph's properties, or Word refuses the file
            borders = OxmlElement("w:pBdr")
            properties.insert_element_before(borders, *_AFTER_BORDERS)
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)

    def recipient(self, text: str) -> None:
        """The main recipient, flush left, with a full-width colon."""
        self._paragraph(f"{text}：")

    def text(self, text: str, *, draft: bool = False) -> None:
        """A body paragraph, two characters in; ``draft``: words the organiser finishes in Word,
        marked 【待完善】 and highlighted."""
        paragraph = self._paragraph(indent=True)
        if draft:
            self._run(paragraph, "【待完善】", font=HEADING_FONT, draft=True)
        self._run(paragraph, text, draft=draft)

    def heading(self, text: str) -> None:
        """一级标题 (一、…) in 黑体."""
        self._paragraph(text, font=HEADING_FONT, indent=True)

    def subheading(self, text: str) -> None:
        """二级标题 (（一）…) in 楷体_GB2312."""
        self._paragraph(text, font=SUBHEADING_FONT, indent=True)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
        """A ruled table in 仿宋 4号 (the header in 黑体, repeated on every page); ``widths`` in parts
        of the type area."""
        table = self.document.add_table(rows=0, cols=len(header))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(widths)
        for column, share in zip(table.columns, widths, strict=True):
            column.width = int(TYPE_AREA_WIDTH * share / total)
        for number, values in enumerate([header, *rows]):
            row = OxmlElement("w:tr")  # built element by element: a table of thousands of cells stays quick
            row.append(OxmlElement("w:trPr"))
            row[0].append(OxmlElement("w:cantSplit"))  # a row is never broken across two pages
            if number == 0:
                row[0].append(OxmlElement("w:tblHeader"))  # repeated on every page
            style = self.style_ids[HEADER_STYLE if number == 0 else CELL_STYLE]
            for value in values:
                cell, paragraph, properties, style_name, run = (OxmlElement(tag) for tag in (
                    "w:tc", "w:p", "w:pPr", "w:pStyle", "w:r"))
                style_name.set(qn("w:val"), style)
                properties.append(style_name)
                run.text = value  # a run's text (tabs and line breaks as Word's own), never markup
                paragraph.extend((properties, run))
                cell.append(paragraph)
                row.append(cell)
            table._tbl.append(row)
        self._paragraph()  # a line between the table and what follows
        return table

    def attachment_note(self, titles: Sequence[str]) -> None:
        """附件说明: below the body after a blank line, two characters in."""
        if not titles:
            return
        self._paragraph()
        if len(titles) == 1:
            self._paragraph(f"附件：{titles[0]}", indent=True)
            return
        for number, title in enumerate(titles, start=1):
            paragraph = self._paragraph(f"{'附件：' if number == 1 else ''}{number}. {title}", indent=number == 1)
            if number > 1:
                paragraph.paragraph_format.left_indent = CHAR * 5

    def signature(self, when: date | None = None) -> None:
        """The issuing organ and the date, one line below the body, two characters in from the right."""
        self._paragraph().paragraph_format.keep_with_next = True
        for text in (self.issuer, chinese_date(when or self.when)):
            paragraph = self._paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = CHAR * 2
            paragraph.paragraph_format.keep_with_next = text == self.issuer

    def attachment(self, number: int | None, title: str) -> None:
        """A new page headed 附件 (with its number when there are several) and the attachment's title."""
        label = self._paragraph("附件" + (str(number) if number else ""), font=HEADING_FONT)
        label.paragraph_format.page_break_before = True
        self._paragraph()
        heading = self._paragraph(title, font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
        heading.paragraph_format.line_spacing = Pt(35)
        self._paragraph()

    def record(self, copies_to: Sequence[str], printed_by: str, printed_on: date) -> None:
        """The 版记 at the foot of the last page: 抄送 and 印发机关/日期 in 仿宋 4号 between rules as
        wide as the type area (the first and last 0.35 mm, those between 0.25 mm), a character in.

        It is a one-column table floating to the foot of the type area, anchored to the document's
        last paragraph, so that it sits at the foot of whichever page the text ends on. Its rows
        are as many lines high as their text takes, so its height, and so its place, is known (at
        least that high: a line more than counted grows into the margin rather than being cut off).
        It is placed from the page's left edge: LibreOffice floats a table as wide as the type area
        only when so placed. Where the text leaves no room for it and the line of the paragraph it
        is anchored to, it goes to the foot of the next page, alone."""
        rows = ([f"抄送：{'，'.join(copies_to)}。"] if copies_to else []) + [None]
        # the 印发 row: its organ and date, at least a character apart (a long organ wraps it)
        printed = f"{printed_by}　{chinese_date(printed_on)}印发"
        heights = [_lines_of(text or printed, RECORD_LINE_CHARACTERS) for text in rows]
        table = self.document.add_table(rows=0, cols=1)
        position = OxmlElement("w:tblpPr")
        for key, value in (("leftFromText", 0), ("rightFromText", 0), ("topFromText", 0), ("bottomFromText", 0),
                           ("vertAnchor", "margin"), ("horzAnchor", "page"), ("tblpX", LEFT_MARGIN.twips),
                           ("tblpY", TYPE_AREA_HEIGHT.twips - LINE.twips * sum(heights))):
            position.set(qn(f"w:{key}"), str(value))
        properties = table._tbl.tblPr
        properties.insert(0, position)
        properties.append(parse_xml(
            f'<w:tblW {nsdecls("w")} w:w="{TYPE_AREA_WIDTH.twips}" w:type="dxa"/>'))
        properties.append(parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:left w:val="nil"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:right w:val="nil"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
            '<w:insideV w:val="nil"/></w:tblBorders>'))
        properties.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                                    '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'))
        table.autofit = False
        table.columns[0].width = TYPE_AREA_WIDTH
        for text, height in zip(rows, heights, strict=True):
            row = table.add_row()
            row.height, row.height_rule = LINE * height, WD_ROW_HEIGHT_RULE.AT_LEAST
            cell = row.cells[0]
            cell.width = TYPE_AREA_WIDTH
            paragraph = cell.paragraphs[0]
            if text is None:
                self._run(paragraph, f"{printed_by}\t{chinese_date(printed_on)}印发", size=SIZE_4)
                paragraph.paragraph_format.tab_stops.add_tab_stop(TYPE_AREA_WIDTH - SIZE_4, WD_TAB_ALIGNMENT.RIGHT)
            else:
                self._run(paragraph, text, size=SIZE_4)
            paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = SIZE_4
        self._paragraph()  # what the table is anchored to: the document ends with it

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

