"""The MkDocs plugin that turns campaign data into the site's pages at build time.

It loads and validates the campaign with the same code as ``tieshai check`` and refuses to build
on errors, adds the generated pages and the site's own stylesheet, builds the navigation, and
tells ``mkdocs serve`` to rebuild when the campaign data changes.

Settings can come from the environment so that ``tieshai build/serve`` can set them for every
(re)build: TIESHAI_ROOT (the campaign repository), TIESHAI_AS_OF (the date the site reports as
"today", YYYY-MM-DD), TIESHAI_AUDIENCE (internal, the default, or public) and
TIESHAI_SOURCE_URL (where the repository's files can be read, to link each submission).
"""

from __future__ import annotations

import os
from datetime import date
from importlib.resources import files as package_files
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.rules.check import CheckResult, check_repository
from tieshai.model.clock import CampaignClock
from tieshai.outputs.export import export_files
from tieshai.review.landed import landing_times
from tieshai.model.state import derive_state
from tieshai.model.records import Records
from tieshai.outputs.report import text_line
from tieshai.site.audience import AUDIENCES, INTERNAL
from tieshai.site.history import recent_changes
from tieshai.site.pages import NavSection, PageSpec, all_pages, render_page, site_structure
from tieshai.site.views import SiteData

ROOT_ENV = "TIESHAI_ROOT"
AS_OF_ENV = "TIESHAI_AS_OF"
AUDIENCE_ENV = "TIESHAI_AUDIENCE"
SOURCE_URL_ENV = "TIESHAI_SOURCE_URL"  # e.g. https://github.com/org/repo/blob/<commit>
STYLESHEET = "assets/tieshai/tieshai.css"
SCRIPT = "assets/tieshai/tieshai.js"
WORKER_SHIM = "assets/tieshai/iframe-worker-shim.js"
OFFLINE_ENV = "TIESHAI_OFFLINE"
DATA_FOLDER = "data"
DOWNLOAD_TITLES = {"campaign-state.json": "全部统计数据（JSON）", "progress.csv": "进度（CSV）",
                   "ledger.csv": "整改台账（CSV）", "kpis.csv": "指标（CSV）", "deductions.csv": "考核扣分（CSV）",
                   "ranking.csv": "案例排名（CSV）"}


# `tieshai build` checks the repository before it starts MkDocs, in the same process; it leaves
# that result here so that on_config need not check the same files again. Plain `mkdocs build`
# leaves it empty and the plugin checks for itself.
_prechecked: dict[Path, CheckResult] = {}


def hand_over_check(root: Path, result: CheckResult) -> None:
    _prechecked[root.resolve()] = result


class TieshaiConfig(Config):
    root = config_options.Optional(config_options.Type(str))
    as_of = config_options.Optional(config_options.Type(str))
    audience = config_options.Choice(AUDIENCES, default=INTERNAL)


class TieshaiPlugin(BasePlugin[TieshaiConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(os.environ.get(ROOT_ENV) or self.config.root
                         or Path(config.config_file_path).parent).resolve()
        result = _prechecked.pop(self.root, None) or check_repository(self.root, keep_records=True)
        campaign = result.campaign
        errors = [finding for finding in result.findings if finding.is_error]
        if campaign is None or errors:
            details = "\n".join(text_line(finding) for finding in errors)
            raise PluginError(f"行动数据有错误，站点未生成。请先运行 tieshai check 并按提示修改：\n{details}")
        self.campaign: Campaign = campaign
        # The date the site reports as "today": as asked, else the demo's own date, else today.
        self.as_of = (parse_as_of(os.environ.get(AS_OF_ENV) or self.config.as_of)
                      or campaign.demo_as_of or date.today())
        audience = os.environ.get(AUDIENCE_ENV) or self.config.audience
        if audience not in AUDIENCES:
            raise PluginError(f"站点读者“{audience}”无效，应为 internal（内部）或 public（公开）。")
        landing = landing_times(self.root, campaign.period.end)
        state = derive_state(campaign, Records.from_submissions(result.submissions, landing), self.as_of)
        source_url = os.environ.get(SOURCE_URL_ENV, "")
        if source_url and not source_url.startswith(("https://", "http://")):
            raise PluginError(f"源文件地址“{source_url}”无效，应以 https:// 开头。")
        self.site = SiteData(campaign, state, audience, tuple(result.submissions), recent_changes(self.root),
                             source_url or None)
        self.user_nav = config.nav is not None
        # The theme prints these without escaping them; Markup also keeps its `| e` from doubling.
        config.site_name = escape(campaign.short_name)
        config.site_description = escape(f"{campaign.name}（{campaign.notice['doc_number']}）")
        config.copyright = escape(f"{campaign.notice['issuer']} · {campaign.notice['doc_number']}")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        self.offline = os.environ.get(OFFLINE_ENV, "").lower() == "true"
        if self.offline:  # the theme's search worker needs this shim on file://; serve our own copy
            config.extra["polyfills"] = [WORKER_SHIM]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assets = package_files("tieshai.site") / "assets"
        for target, name in ((STYLESHEET, "tieshai.css"), (SCRIPT, "tieshai.js"), (WORKER_SHIM, "iframe-worker-shim.js")):
            files.append(File.generated(config, target, abs_src_path=str(assets / name)))
        urls: dict[str, str] = {}
        downloads = []
        for output_format in ("json", "csv"):
            for name, content in export_files(self.campaign, self.site.state, output_format).items():
                download = File.generated(config, f"{DATA_FOLDER}/{name}", content=content)
                files.append(download)
                urls[f"download:{name}"] = download.url
                downloads.append((name, DOWNLOAD_TITLES[name]))
        structure, linked = site_structure(self.campaign, self.site, downloads)
        pages = all_pages(structure) + linked
        generated: dict[str, File] = {}
        for page in pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs 目录中的 {page.src_uri} 与自动生成的页面同名，请给它改个名字。")
            generated[page.key] = File.generated(config, page.src_uri, content="")
        urls.update({key: file.url for key, file in generated.items()})
        clock = CampaignClock(self.campaign.period, self.as_of)
        for page in pages:
            generated[page.key].content_string = render_page(page, self.campaign, clock, self.site, urls)
            files.append(generated[page.key])
        if not self.user_nav:
            config.nav = navigation(structure, files, set(page.src_uri for page in pages))
        # Every page is written: let the records go before MkDocs renders and indexes the site,
        # the part of a build whose memory grows with the number of pages.
        del self.site
        return files

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.root / CAMPAIGN_FILE))
        submissions = self.root / "submissions"
        if submissions.is_dir():
            server.watch(str(submissions))
        return server


def parse_as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PluginError(f"统计日期“{text}”无效，应为 YYYY-MM-DD 格式的日期，例如 2021-06-30。") from None


def title_html(text: str) -> Markup:
    """A page title as the theme needs it: it prints titles as HTML, and in <title> it applies
    `striptags`, which unescapes entities again. Angle brackets therefore become their
    full-width forms before escaping, so that no unescaping can ever produce a tag."""
    return escape(text.replace("<", "＜").replace(">", "＞"))


def navigation(structure: list[PageSpec | NavSection], files: Files, generated: set[str]) -> list:
    """Generated pages first, in their order, then the hand-written pages of docs/."""
    nav: list = []
    for entry in structure:
        if isinstance(entry, NavSection):
            nav.append({title_html(entry.title): [{title_html(page.nav_title): page.src_uri}
                                                  for page in entry.pages]})
        else:
            nav.append({title_html(entry.nav_title): entry.src_uri})
    written = sorted(file.src_uri for file in files.documentation_pages() if file.src_uri not in generated)
    if written:
        nav.append({"使用说明": written})
    return nav
