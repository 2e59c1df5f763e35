"""What the theme's search reads of the site, and how its index is written.

The theme's search plugin (material/search) parses each page's HTML into sections and writes one
index for the whole site, which a reader's browser downloads before the first result shows. Tables
that grow with the units are marked ``data-search-exclude``; jieba segments the Chinese.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from material.plugins.search.plugin import void as theme_void

from tieshai.outputs.files import OutputError, write_files


def compact_search_index(path: Path) -> None:
    """Write the theme's search index as UTF-8 rather than ASCII escapes (every Chinese
    character and every word break jieba adds takes 6 bytes as an escape, 3 as UTF-8): the
    index is what a reader's browser downloads before the first search result shows."""
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = join_split_openings(index["docs"])
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def join_split_openings(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry for a page's opening, as the theme makes when the title comes first: with the
    demo banner (kept out of the index) before it, the theme gives each page an empty entry and
    then its title's section under the same title, two results for one page."""
    joined: list[dict[str, Any]] = []
    for doc in docs:
        opening = joined[-1] if joined else None
        if (opening is not None and "#" not in opening["location"] and not opening["text"]
                and doc["location"].startswith(opening["location"] + "#") and doc["title"] == opening["title"]):
            opening["text"] = doc["text"]
            continue
        joined.append(doc)
    return joined


# Words of the campaign that jieba, which segments the search index, would otherwise cut apart
# (生产安全事故调查 into 生产/安全事故/调查): taught to it so that a search for 事故调查 finds them.
SEARCH_WORDS = ("事故调查", "案卷评查", "监督检查", "计划编制", "行政强制", "行政处罚", "整改通知书", "自查报告",
                "督查记录", "整改报告", "整改台账", "考核扣分")


# jieba's own dictionary holds 349,000 words and takes 67 MB once loaded; the 80,000 it has seen at
# least this often take 14 MB, and segment the site's text more finely (事故/调查报告 becomes
# 事故/调查/报告), which a search for either word still finds.
COMMON_WORD_FREQUENCY = 20


def teach_search_words() -> None:
    try:
        import jieba  # the theme's search installs it for Chinese; without it nothing is segmented
    except ImportError:
        return
    # written once for this jieba in the user's temp folder: jieba keeps the dictionary it builds
    # from the file beside it, valid while the file is unchanged (a second each build otherwise)
    common = Path(tempfile.gettempdir()) / f"tieshai-jieba-{jieba.__version__}-{COMMON_WORD_FREQUENCY}-{os.getuid()}.txt"
    if not common.is_file():
        with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as every:
            kept = "".join(line for line in every if int(line.split()[1]) >= COMMON_WORD_FREQUENCY)
        try:
            write_files(common.parent, {common.name: kept.encode("utf-8")})
        except FileExistsError:  # another build wrote it meanwhile
            pass
        except OutputError:  # no temp folder to write in: jieba's whole dictionary, then
            common = Path(jieba.__file__).parent / "dict.txt"
    jieba.set_dictionary(str(common))
    for word in SEARCH_WORDS:
        jieba.add_word(word, freq=100000)


# A cell's (or row's) end followed directly by the next one's start.
_ADJACENT_CELLS = re.compile(r"</(td|th|tr|dt|dd)>(?=<(?:td|th|tr|dt|dd)[\s>])")


def separate_cells(html: str) -> str:
    """A space between adjacent table cells (and terms and their descriptions): the theme's
    search indexes a table as its text alone, which otherwise runs one cell into the next
    (鹿城区已闭环), in the index and in the snippets it shows. Browsers ignore the space."""
    return _ADJACENT_CELLS.sub(r"</\1> ", html)


# A start tag that carries data-search-exclude among its attribute names (not merely in a value,
# which may quote a submission), in any case as the theme's parser lowers attribute names; the tag's
# name ends where the parser ends it (at ASCII whitespace, not at any Unicode space); group 2 is
# "/" if the tag closes itself (not when the slash ends an unquoted value: title=a/> is open).
_VALUE = r"""\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_ATTRIBUTE = rf"""\s+[^\s"'=<>/]+(?:{_VALUE})?"""
_EXCLUDED_START = re.compile(
    rf"""<([a-zA-Z][a-zA-Z0-9]*)(?=[\t\n\r\f ])(?:{_ATTRIBUTE})*?\s+(?i:data-search-exclude)(?=[\s=/>])"""
    rf"""(?:{_VALUE})?(?:{_ATTRIBUTE})*\s*(/?)>""")
# One attribute of such a tag, by name.
_NAMED_ATTRIBUTE = re.compile(rf"""\s+([^\s"'=<>/]+)(?:{_VALUE})?""")
# The elements the theme's parser neither nests nor skips: its own list.
VOID_ELEMENTS = frozenset(theme_void)


# A start or end tag of the plainest form, read by the theme's parser exactly as written here: a
# name of letters and digits, values quoted without "<" or ">" or unquoted without a slash. Groups:
# the end tag's name; the start tag's name, "/" if it closes itself.
_PLAIN_ATTRIBUTE = r"""\s+[^\s"'=<>/`]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`/]+(?!/)))?"""
_PLAIN_TAG = re.compile(
    rf"""<(?:/([a-zA-Z][a-zA-Z0-9]*)\s*|([a-zA-Z][a-zA-Z0-9]*)(?=[\t\n\r\f />])(?:{_PLAIN_ATTRIBUTE})*\s*(/?))>""")
_HEADING = re.compile(r"h[1-6]")
# A heading that may start a section of the theme's index: h1 to h6 with an attribute named id, with
# or without a value (matched also by an " id" in a value, which only cuts less).
_SECTION_HEADING = re.compile(r"""<h[1-6](?=[\t\n\r\f />\x00])[^>]*?[\s/"']id(?=[\s/=>])[^>]*>""", re.IGNORECASE)


def _has_id(start_tag: re.Match[str]) -> bool:
    """Whether a start tag matched by _EXCLUDED_START has an attribute named id (not " id=" in a value)."""
    position = start_tag.end(1)
    while (attribute := _NAMED_ATTRIBUTE.match(start_tag.string, position, start_tag.end())) is not None:
        if attribute.group(1).lower() == "id":
            return True
        position = attribute.end()
    return False


@lru_cache(maxsize=64)
def _end_tag(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</{tag}(?=[\s>])", re.IGNORECASE)


def _balanced(html: str, skipped: str) -> bool:
    """Every element of ``html`` is closed within it, in order: it leaves no element it did not open,
    and closes none named ``skipped`` (the theme, which tells elements apart by name, would stop
    skipping there, even at a ``<div/>`` in a div left out). Every "<" and ">" in it must belong to a
    tag of the plainest form, so that what looks like a tag here is one to the theme's parser (not
    text in a comment or an attribute's value)."""
    open_tags: list[str] = []
    tags = 0
    for closing, name, self_closed in _PLAIN_TAG.findall(html):
        tags += 1
        if closing:
            if not open_tags or open_tags.pop() != closing.lower():
                return False
        elif self_closed:
            if name.lower() == skipped:
                return False
        elif (tag := name.lower()) not in VOID_ELEMENTS:
            open_tags.append(tag)
    return not open_tags and html.count("<") == tags == html.count(">")


def _unread(html: str, skipped: str = "") -> bool:
    """Whether the theme's parser, skipping ``html``, would take nothing from it and leave where it
    stands as it found it: no comment or declaration (whose text may look like tags), no heading
    that starts a section of the index, and every element opened there closed there."""
    if "<" not in html:  # most of what is left out: one cell's text (a ">" would end a comment or a tag)
        return ">" not in html
    return not _SECTION_HEADING.search(html) and _balanced(html, skipped)


def search_view(html: str) -> str:
    """A page's HTML as the theme's search indexes it, without what it would read only to skip.

    The theme skips the content of an element marked data-search-exclude (up to the first end tag
    of its name), and the whole section, up to the next heading with an id, of a heading so marked;
    but it parses every tag there, at 1,000 units most of the build's parsing. Here such content is
    cut out, the element's own start and end tags kept, so that the text around it reaches the
    index exactly as from the whole page. Where the theme would take anything from what it skips,
    the rest of the page is left whole for it to read as it would."""
    parts: list[str] = []
    position = 0
    while (start := _EXCLUDED_START.search(html, position)) is not None:
        parts.append(html[position:start.end()])
        position = start.end()
        tag = start.group(1).lower()
        if tag in VOID_ELEMENTS or start.group(2):
            continue
        end = _end_tag(tag).search(html, position)
        if end is None or not _unread(html[position:end.start()], tag):
            break
        position = end.start()
        if _HEADING.fullmatch(tag) and _has_id(start):
            closed = html.index(">", position) + 1
            following = _SECTION_HEADING.search(html, closed)
            section_end = following.start() if following else len(html)
            if _unread(html[closed:section_end]):
                parts.append(html[position:closed])
                position = section_end
    parts.append(html[position:])
    return "".join(parts)


# The theme's search takes these from the page it has indexed (its own pattern: only those with a value).
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
_SEARCH_ATTRIBUTE_NAME = re.compile(r"data-search-\w+=\"[^\"]")


def without_search_attributes(html: str) -> str:
    """A page as the theme's search leaves it once indexed, for the whole page put back after it."""
    if _SEARCH_ATTRIBUTE_NAME.search(html) is None:  # the common case, found faster without the optional space before it
        return html
    return _SEARCH_ATTRIBUTES.sub("", html)
