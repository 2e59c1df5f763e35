"""The theme's search reads each page without what it would only skip (site/search.py), and
indexes it exactly as from the whole page: checked with the theme's own parser, on every page of
the built demo site and on HTML written to trip the cutting up."""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from tieshai.site.search import search_view


def indexed(html: str) -> list[tuple[str | None, str, str]]:
    """What the theme's search takes from ``html``: each section it keeps, as id, title and text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, "".join(section.title), "".join(section.text))
            for section in parser.data if not section.is_excluded()]


def article(page: Path) -> str:
    """A built page's content (the theme keeps data-search-exclude, which has no value, in it)."""
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_every_page_of_the_site_is_indexed_as_from_the_whole_page(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        whole = article(page)
        assert indexed(search_view(whole)) == indexed(whole), page
    # what it is for: most of a unit's page and of an action's page goes unread
    for page in ("units/lucheng/index.html", "actions/accidents/index.html"):
        whole = article(built_site / page)
        assert len(search_view(whole)) < len(whole) / 3, page


@pytest.mark.parametrize("html", [
    # elements of the same name inside the one left out: the theme's skipping ends at the first end
    # tag of that name (it compares elements by name), and so indexes 尾
    '<p>前</p><div class="a" data-search-exclude><div><div>里</div></div>尾</div><p>后</p>',
    # and likewise at an end tag of an enclosing element's name, left out too
    '<div data-search-exclude>略<span data-search-exclude><div>略</div></span>尾</div>',
    # a comment or a script whose text looks like the end tag
    '<div data-search-exclude><!-- </div> -->略</div><p>后</p><div data-search-exclude><script>"</div>"</script></div>',
    # a heading with an id inside what is left out starts a section of the index
    '<p>前</p><div data-search-exclude><h2 id="x">略</h2><p>略</p></div><p>后</p>',
    # the attribute's name in a value (a submission's text may say it) leaves the element alone
    '<p title="x data-search-exclude">留</p><td data-label="data-search-exclude">也留</td>',
    # void and self-closed elements; an attribute with a value; one in upper case
    '<p>甲<img data-search-exclude src="x">乙<br data-search-exclude/>丙</p>'
    '<DIV data-search-exclude="">略</DIV><div>丁</div>',
    # a section left out up to the next heading with an id; a heading without one does not end it
    '<h1 id="a">题</h1><p>正文</p><h2 id="b" data-search-exclude>略</h2><p>略</p><h3>略</h3><table><tr><td>略'
    '</td></tr></table><h2 id="c">留</h2><p>留</p>',
    # a section that leaves an element it did not open (the heading inside a div): read whole
    '<div><h2 id="b" data-search-exclude>略</h2><p>略</p></div><p>回到上一节</p><h2 id="c">留</h2>',
    # whitespace either side of what is left out
    '<p>甲\n<span data-search-exclude>略</span>\n\n<span data-search-exclude>略</span>\n乙</p>',
    # an element left out that is never closed: the whole page is read as it is
    '<p>甲</p><div data-search-exclude><p>略</p>',
])
def test_tricky_html_is_indexed_as_from_the_whole_page(html: str) -> None:
    assert indexed(search_view(html)) == indexed(html)


def test_what_the_theme_skips_is_not_read() -> None:
    view = search_view('<h2 id="b" data-search-exclude>略</h2><table><tr><td>略</td></tr></table><h2 id="c">留</h2>'
                       '<div data-search-exclude><p>略</p></div>')
    assert "略" not in view and "<table>" not in view
    assert view == '<h2 id="b" data-search-exclude></h2><h2 id="c">留</h2><div data-search-exclude></div>'
