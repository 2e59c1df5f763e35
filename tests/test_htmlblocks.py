"""The generated pages' HTML blocks skip Markdown and come out exactly as Markdown makes them."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import escape

from tieshai.site.htmlblocks import put_back, set_aside

# The site's Markdown extensions (mkdocs-base.yml).
EXTENSIONS = ["attr_list", "tables", "admonition", "toc"]

PAGE = """<div class="ts-demo" role="note" data-search-exclude><strong>示例数据</strong>：虚构。</div>
# 鹿城区应急管理局

<dl class="ts-facts">
<div><dt>单位</dt><dd>鹿城区（区）</dd></div>
<div><dt>重点监督</dt><dd>专项行动一</dd></div>
</dl>

## 待办事项 {#todo data-search-exclude}

<div class="ts-outer"><div class="ts-inner"><p>内层</p></div>
<ul class="ts-todo">
<li><a href="../x/?unit=a&amp;action=b">整改问题</a>　期限 <span class="ts-overdue">已逾期 3 天</span><br></li>
</ul></div>

<table id="problems" data-search-exclude>
<thead><tr><th scope="col">问题</th><th scope="col">状态</th></tr></thead>
<tbody>
<tr id="problem-a-1"><td><code>a-1</code><br>送达回证缺少签收日期。</td><td data-label="状态">已闭环</td></tr>
</tbody>
</table>

Markdown 的 **段落** 照常处理。

<figure class="ts-chart" data-search-exclude>
<svg role="img" viewBox="0 0 640 54" xmlns="http://www.w3.org/2000/svg"><title>图</title><rect x="1" y="2"></rect></svg>
</figure>
"""

# Blocks Markdown does not pass through as they are, or reads differently: each stays Markdown's.
LEFT_TO_MARKDOWN = [
    "<div>第一段</div> 其后还有文字",
    "<div>\n\n**跨段的** 内容\n\n</div>",
    "<span>行内元素开头</span>",
    "<div>\t制表符</div>",
    "<div><script>if (a < b) {}</script></div>",
    "<div><!-- 注释 --></div>",
    "<div>未闭合",
    "<table><tr><td>一</td></tr></table>\n<table><tr><td>二</td></tr></table>",
]


def converted(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def through_set_aside(text: str) -> tuple[str, list[str], set[str]]:
    shortened, blocks = set_aside(text)
    html, ids = put_back(converted(shortened), blocks)
    return html, blocks, ids


def test_a_pages_html_blocks_skip_markdown_and_come_out_as_markdown_makes_them() -> None:
    html, blocks, ids = through_set_aside(PAGE)
    assert html == converted(PAGE)
    assert [block.split(">", 1)[0] for block in blocks] == [
        '<dl class="ts-facts"', '<div class="ts-outer"', '<table id="problems" data-search-exclude',
        '<figure class="ts-chart" data-search-exclude']
    assert ids == {"problems", "problem-a-1"}  # for MkDocs' check of links to anchors


@pytest.mark.parametrize("text", LEFT_TO_MARKDOWN)
def test_what_markdown_would_change_goes_through_markdown(text: str) -> None:
    page = f"# 标题\n\n{text}\n\n段落\n"
    html, blocks, _ = through_set_aside(page)
    assert blocks == [] and html == converted(page)


def test_text_from_data_cannot_pose_as_a_set_aside_block() -> None:
    hostile = escape("<!--tieshai-block-0-->")  # every value from data is escaped by the templates
    page = f"<div><p>{hostile}</p></div>\n\n<p>{hostile}</p>\n"
    html, blocks, _ = through_set_aside(page)
    assert len(blocks) == 2 and html == converted(page)
    assert "<!--" not in html


def test_a_lost_block_stops_the_build_rather_than_vanish() -> None:
    shortened, blocks = set_aside("<table><tr><td>一</td></tr></table>\n")
    with pytest.raises(ValueError):
        put_back(converted(shortened).replace("<!--tieshai-block-0-->", ""), blocks)
