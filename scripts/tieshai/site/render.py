"""The Jinja environment for generated pages: autoescaping on, plus filters for Chinese output.

Every value from data is HTML-escaped by autoescape. Where a value lands in Markdown syntax (a
heading), the ``md`` filter also backslash-escapes Markdown punctuation, so text can never turn
into a link, emphasis, an attribute list or raw HTML.
"""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from tieshai.chinese import chinese_date, chinese_number, chinese_period, chinese_periods
from tieshai.vocabulary import Comparison, Conclusion, Kind, Measure, ReferralOutcome, TargetScope

# Python-Markdown's escapable characters with the site's extensions (tables adds "|").
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def markdown_text(value: object) -> Markup:
    """Escape text for a Markdown context (headings): HTML first, then Markdown punctuation."""
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(value))))


# Tables this wide or wider become a stack of cards on a phone (tieshai.css, table[data-ts-stack]).
STACK_FROM_COLUMNS = 4
_TABLE = re.compile(r"<table(?P<attributes>[^>]*)>(?P<inside>.*?)</table>", re.S)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def stack_tables(page: str) -> str:
    """Mark every wide table of a rendered page for a phone: the table gets data-ts-stack and
    data cell the words of its column's header as data-label, so that the cell can say what it is
    once the header row is hidden. A row's header cell (th) heads its card."""
    return _TABLE.sub(_stacked, page)


def _stacked(table: re.Match) -> str:
    inside = table["inside"]
    head, separator, body = inside.partition("</thead>")
    labels = [" ".join(_TAG.sub(" ", cell).split()) for cell in _HEADER_CELL.findall(head)]
    if not separator or len(labels) < STACK_FROM_COLUMNS:
        return table[0]

    def label_row(row: re.Match) -> str:
        cells = iter(range(len(labels)))

        def label_cell(cell: re.Match) -> str:
            index = next(cells, None)
            if index is None or cell[1] == "th" or "data-label=" in cell[2] or "colspan=" in cell[2]:
                return cell[0]
            return f'<{cell[1]}{cell[2]} data-label="{labels[index]}">'

        return row[1] + _CELL.sub(label_cell, row[2]) + row[3]

    # an attribute, not a class: the theme wraps only class-less tables in its sideways scroller,
    # which a wide table still needs between a phone's width and a desktop's
    return f"<table{table['attributes']} data-ts-stack>{head}{separator}{_ROW.sub(label_row, body)}</table>"


def percent(value: float) -> str:
    return f"{value:g}%"


def make_environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("tieshai.site", "templates"),
        # Compiling the templates is an eighth of a second of every build; Jinja keeps the result
        # (checked against each template's source) in a folder of the user's own in the temp dir.
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown's attribute lists ({#id}) would otherwise open a Jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    environment.filters.update(
        md=markdown_text,
        cn_date=chinese_date,
        cn_period=chinese_period,
        cn_periods=chinese_periods,
        cn_number=chinese_number,
        percent=percent,
    )
    environment.globals.update(Comparison=Comparison, Conclusion=Conclusion, Kind=Kind, Measure=Measure,
                               ReferralOutcome=ReferralOutcome, TargetScope=TargetScope)
    return environment
