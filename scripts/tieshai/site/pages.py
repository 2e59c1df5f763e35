"""The site's generated pages: which pages exist, where they live, and their Markdown.

Pages are rendered from the campaign records at build time; nothing generated is committed.
Links between generated pages are computed from the files' real URLs, so they hold whether the
site uses directory URLs (served) or plain .html files (opened from disk).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment
from mkdocs.utils import get_relative_url

from tieshai.chinese import chinese_number
from tieshai.model.campaign import Campaign
from tieshai.model.clock import CampaignClock
from tieshai.site.audience import kinds_for
from tieshai.site.reference import reference
from tieshai.site.render import make_environment, stack_tables
from tieshai.site.views import SiteData


@dataclass(frozen=True)
class PageSpec:
    key: str
    src_uri: str
    nav_title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    search_boost: float | None = None  # how much the site's search favours this page (the theme's meta)
    wide: bool = False  # its tables take the page's whole width: the theme's table of contents is left out


@dataclass(frozen=True)
class NavSection:
    title: str
    pages: tuple[PageSpec, ...]


def site_structure(campaign: Campaign, site: SiteData, downloads: list[tuple[str, str]]) -> tuple[list[PageSpec | NavSection], list[PageSpec]]:
    """The generated pages in navigation order, and the pages reached only by links."""
    actions = tuple(
        PageSpec(f"action:{action.id}", f"actions/{action.id}.md",
                 f"行动{chinese_number(action.number)}：{action.short_title}",
                 "action.md.j2", {"action": action}, search_boost=4)
        for action in campaign.actions
    )
    nav: list[PageSpec | NavSection] = [
        PageSpec("index", "index.md", "首页", "index.md.j2"),
        PageSpec("plan", "plan.md", "行动方案", "plan.md.j2"),
        NavSection("专项行动", actions),
        NavSection("进展", (
            PageSpec("units", "units.md", "参加单位", "units.md.j2", wide=True),
            PageSpec("ledger", "ledger.md", "整改台账", "ledger.md.j2", wide=True),
            PageSpec("notices", "notices.md", "整改通知书", "notices.md.j2", wide=True),
            PageSpec("kpis", "kpis.md", "指标", "kpis.md.j2"),
            PageSpec("deductions", "deductions.md", "考核扣分", "deductions.md.j2", wide=True),
            PageSpec("causes", "causes.md", "成因分析", "causes.md.j2", wide=True),
            *([] if site.public else [PageSpec("accountability", "accountability.md", "过错责任追究（仅内部）",
                                               "accountability.md.j2", wide=True)]),
        )),
        PageSpec("cases", "cases.md", campaign.results.best_cases.title, "cases.md.j2", wide=True),
        PageSpec("notice", "notice.md", "通知原文", "notice.md.j2", {"notice_lines": notice_lines(campaign)}),
        NavSection("填报与审核", (
            PageSpec("reference", "reference.md", "字段说明", "reference.md.j2", {"reference": reference(kinds_for(site.audience))},
                     search_boost=0.3),  # it names every field of every record: it must not outrank their pages
            PageSpec("downloads", "downloads.md", "数据下载", "downloads.md.j2", {"downloads": downloads}),
            PageSpec("forms", "forms/index.md", "在线填报", "forms.md.j2", {"kinds": kinds_for(site.audience)}),
        )),
    ]
    linked = [PageSpec(f"unit:{unit.id}", f"units/{unit.id}.md", unit.bureau, "unit.md.j2", {"unit": unit},
                       search_boost=3) for unit in campaign.units]
    linked += [PageSpec(f"notice:{notice['id']}", f"notices/{notice['id']}.md", notice["number"],
                        "notice_document.md.j2", {"notice": notice}, search_boost=3) for notice in site.notices()]
    linked += [PageSpec(f"form:{kind.value}", f"forms/{kind.value}/index.md", f"在线填报：{kind.label}",
                        "form.md.j2", {"kind": kind}, search_boost=0.5) for kind in kinds_for(site.audience)]
    return nav, linked


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


def render_page(page: PageSpec, campaign: Campaign, clock: CampaignClock, site: SiteData,
                urls: Mapping[str, str], downloads: Mapping[str, str]) -> str:
    """Render one page. ``urls`` maps page keys to their site URLs (as MkDocs computed them);
    ``downloads`` each download's file name to its title."""
    here = urls[page.key]

    def link(key: str, anchor: str | None = None) -> str:
        target = get_relative_url(urls[key], here)
        return f"{target}#{anchor}" if anchor else target

    def download(name: str) -> tuple[str, str] | None:
        """Where a download is, and the name it is saved under; None if this build has no such file."""
        if name not in downloads:
            return None
        return link(f"download:{name}"), site.saved_as(name, downloads[name])

    template = _environment().get_template(page.template)
    markdown = stack_tables(template.render(campaign=campaign, clock=clock, site=site, link=link, download=download,
                                            page=page, **page.context))
    if campaign.demo_as_of is not None:
        markdown = _environment().get_template("_demo_banner.md.j2").render(campaign=campaign) + markdown
    return markdown


@cache
def _environment() -> Environment:
    return make_environment()
