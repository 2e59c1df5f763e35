"""The site's generated pages: which pages exist, where they live, and their Markdown.

Pages are rendered from the campaign records at build time; nothing generated is committed.
Links between generated pages are computed from the files' real URLs, so they hold whether the
site uses directory URLs (served) or plain .html files (opened from disk).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Mapping

from jinja2 import Environment

from mkdocs.utils import get_relative_url

from ..campaign import Campaign
from ..clock import CampaignClock
from .render import chinese_number, make_environment


@dataclass(frozen=True)
class PageSpec:
    key: str
    src_uri: str
    nav_title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NavSection:
    title: str
    pages: tuple[PageSpec, ...]


def site_structure(campaign: Campaign) -> list[PageSpec | NavSection]:
    """The generated pages in navigation order."""
    actions = tuple(
        PageSpec(f"action:{action.id}", f"actions/{action.id}.md",
                 f"行动{chinese_number(action.number)}：{action.short_title}",
                 "action.md.j2", {"action": action})
        for action in campaign.actions
    )
    return [
        PageSpec("index", "index.md", "首页", "index.md.j2"),
        PageSpec("plan", "plan.md", "行动方案", "plan.md.j2"),
        NavSection("专项行动", actions),
        PageSpec("units", "units.md", "参加单位", "units.md.j2"),
        PageSpec("notice", "notice.md", "通知原文", "notice.md.j2",
                 {"notice_lines": notice_lines(campaign)}),
    ]


_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUBSECTION_HEADING = re.compile(r"^（[一二三四五六七八九十]+）")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def notice_lines(campaign: Campaign) -> list[tuple[str, str]]:
    """(style, line) for each line of the notice, styled as in a printed official document."""
    notice = campaign.notice
    styles = {
        f"{notice['issuer']}文件": "redhead",
        notice["doc_number"]: "number",
        notice["title"]: "title",
        notice["plan_title"]: "title",
        notice["issuer"]: "signature",
    }
    lines = []
    for line in campaign.original_text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line in styles:
            style = styles[line]
        elif _DATE_LINE.match(line):
            style = "signature"
        elif line.startswith("抄送") or line == notice.get("printed_by") or line.endswith("印发"):
            style = "imprint"
        elif _SECTION_HEADING.match(line):
            style = "section"
        elif _SUBSECTION_HEADING.match(line) and len(line) < 60:
            style = "subsection"
        else:
            style = "text"
        lines.append((style, line))
    return lines


def all_pages(structure: list[PageSpec | NavSection]) -> list[PageSpec]:
    pages: list[PageSpec] = []
    for entry in structure:
        pages.extend(entry.pages if isinstance(entry, NavSection) else (entry,))
    return pages


def render_page(page: PageSpec, campaign: Campaign, clock: CampaignClock,
                urls: Mapping[str, str]) -> str:
    """Render one page. ``urls`` maps page keys to their site URLs (as MkDocs computed them)."""
    here = urls[page.key]

    def link(key: str, anchor: str | None = None) -> str:
        target = get_relative_url(urls[key], here)
        return f"{target}#{anchor}" if anchor else target

    template = _environment().get_template(page.template)
    markdown = template.render(campaign=campaign, clock=clock, link=link, page=page, **page.context)
    if campaign.demo_as_of is not None:
        markdown = _environment().get_template("_demo_banner.md.j2").render(campaign=campaign) + markdown
    return markdown


@cache
def _environment() -> Environment:
    return make_environment()
