"""The Jinja environment for generated pages: autoescaping on, plus filters for Chinese output.

Every value from data is HTML-escaped by autoescape. Where a value lands in Markdown syntax (a
heading), the ``md`` filter also backslash-escapes Markdown punctuation, so text can never turn
into a link, emphasis, an attribute list or raw HTML.
"""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from tieshai.chinese import chinese_date, chinese_number, chinese_period
from tieshai.vocabulary import Comparison, Conclusion, Kind, Measure, TargetScope

# Python-Markdown's escapable characters with the site's extensions (tables adds "|").
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def markdown_text(value: object) -> Markup:
    """Escape text for a Markdown context (headings): HTML first, then Markdown punctuation."""
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(value))))


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
        cn_number=chinese_number,
        percent=percent,
    )
    environment.globals.update(Comparison=Comparison, Conclusion=Conclusion, Kind=Kind, Measure=Measure,
                               TargetScope=TargetScope)
    return environment
