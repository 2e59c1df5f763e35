"""The generated pages' blocks of HTML, kept out of Markdown's way.

The page templates write Markdown headings around blocks of HTML (tables, lists, forms). Python-
Markdown passes such a block into the page unchanged, but only after parsing it as HTML twice (its
own block scanner, then MkDocs' scan for anchor ids): at 1,000 units that was a third of a build.

A block is set aside when Markdown is sure to pass it through as it is: a paragraph (the text
between blank lines) that starts with a block-level tag, whose first element ends where the
paragraph ends, and that holds nothing Markdown would rewrite first (tabs, carriage returns, its
own placeholder characters) or that its HTML parser reads differently from plain
tags (scripts, styles, comments). A comment takes its place, which Markdown passes through, and
``put_back`` replaces each comment with its block in the HTML Markdown made. Anything else goes
through Markdown as before. Text from data cannot make a comment: every ``<`` in it is escaped.
"""

from __future__ import annotations

import re
from html import unescape

from markdown.util import BLOCK_LEVEL_ELEMENTS, ETX, STX

_PARAGRAPH_BREAK = re.compile(r"(\n[ ]*\n)")
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_REWRITTEN = re.compile(rf"[\t\r{STX}{ETX}]|<script|<style|<!--")
_PLACEHOLDER = re.compile(r"<!--tieshai-block-(\d+)-->")
_ID = re.compile(r"\sid=\"([^\"]*)\"")
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The page's Markdown with its plain HTML blocks replaced by placeholders, and the blocks."""
    blocks: list[str] = []
    parts = _PARAGRAPH_BREAK.split(markdown)  # paragraphs at even places, the breaks between them at odd
    for index in range(0, len(parts), 2):
        block = parts[index].rstrip()
        if _passes_through(block):
            parts[index] = f"<!--tieshai-block-{len(blocks)}-->{parts[index][len(block):]}"
            blocks.append(block)
    return "".join(parts), blocks


def put_back(html: str, blocks: list[str]) -> tuple[str, set[str]]:
    """The page's HTML with each placeholder replaced by its block, and the ids the blocks hold
    (for MkDocs' check of links to anchors, which would have found them in Markdown's parse)."""
    found: list[int] = []

    def block(match: re.Match[str]) -> str:
        found.append(int(match[1]))
        return blocks[int(match[1])]

    restored = _PLACEHOLDER.sub(block, html)
    if sorted(found) != list(range(len(blocks))):
        raise ValueError("Markdown did not pass the page's HTML blocks through as they were")
    return restored, {unescape(name) for text in blocks for name in _ID.findall(text)}


def _passes_through(block: str) -> bool:
    """Whether Markdown would pass ``block`` (a paragraph, without trailing space) through as it is."""
    start = _START.match(block)
    if start is None or start[1] not in _BLOCK_TAGS or _REWRITTEN.search(block):
        return False
    depth = 0
    for match in re.finditer(rf"<(/?){start[1]}[\s>]", block):
        depth += -1 if match[1] else 1
        if depth == 0:  # the first element ends here, which must be the end of the paragraph
            return match.end() == len(block)
    return False
