"""``tieshai export --format xlsx``: the export's tables as one Excel workbook, a sheet each, as
staff file them: Chinese headers, the header row frozen, filters on, columns as wide as their
contents, dates as dates and figures as numbers.

Written with XlsxWriter, which writes each cell by its type and nothing else: text goes in as
text through ``write_string`` (and its guessing of formulas, numbers and links is switched off
besides), so a record's ``=HYPERLINK(…)`` is a string in the file, never a formula. Text that
Excel would read as a formula if retyped carries the cell's quote prefix (what Excel itself sets
when a person types '=…), so editing the cell keeps it text.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

import xlsxwriter

from tieshai.model.campaign import Campaign
from tieshai.outputs.export import FORMULA_START, TABLES, Value, tables

if TYPE_CHECKING:
    from tieshai.model.state import CampaignState

WORKBOOK_FILE, WORKBOOK_TITLE = "campaign-state.xlsx", "全部统计表（Excel）"
_WIDEST, _NARROWEST = 60, 6  # column widths, in Excel's character units


def _width(value: Value) -> int:
    """How many character units ``value`` needs: a Chinese character takes two."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    shown = value if isinstance(value, str) else f"{value:g}"
    longest = max(shown.split("\n"), key=len)
    if longest.isascii():  # most cells: figures, dates, codes
        return len(longest)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in longest)


def workbook_bytes(campaign: Campaign, state: CampaignState) -> bytes:
    """Every table of the export as one sheet of an .xlsx workbook (the same rows as the CSV)."""
    buffer = io.BytesIO()
    # constant_memory: each row goes to a temporary file as soon as the next begins (1,000 units: 50 MB less)
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    issued = datetime.combine(state.as_of, datetime.min.time())
    book.set_properties({"title": f"{campaign.name}统计表（截至{state.as_of.isoformat()}）",
                         "author": campaign.notice["issuer"], "created": issued})
    header_format = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#DDEBF7",
                                     "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    number_format = book.add_format({"valign": "top"})
    text_formats = {(wrap, quoted): book.add_format({"text_wrap": wrap, "quote_prefix": quoted, "valign": "top"})
                    for wrap in (False, True) for quoted in (False, True)}
    for name, (header, rows) in tables(campaign, state).items():
        sheet = book.add_worksheet(TABLES[name])
        widths = [max([_width(heading), *(_width(row[column]) for row in rows)]) + 2
                  for column, heading in enumerate(header)]
        for column, heading in enumerate(header):
            sheet.write_string(0, column, heading, header_format)
            sheet.set_column(column, column, min(max(widths[column], _NARROWEST), _WIDEST))
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    fmt = text_formats[(widths[column] > _WIDEST, value.startswith(FORMULA_START))]
                    sheet.write_string(number, column, value, fmt)
                elif isinstance(value, date):
                    sheet.write_datetime(number, column, value, date_format)
                else:
                    sheet.write_number(number, column, value, number_format)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(header) - 1)
    book.close()
    return buffer.getvalue()
