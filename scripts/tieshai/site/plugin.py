"""The MkDocs plugin that turns campaign data into the site's pages at build time.

It builds from a workspace (the same check as ``tieshai check``, then the derived state) and
refuses to build on errors, adds the generated pages and the site's own stylesheet, builds the
navigation, and tells ``mkdocs serve`` to rebuild when the campaign data changes.

``tieshai build`` and ``tieshai serve`` hand it their workspace and audience (``use``); a plain
``mkdocs build`` reads the plugin's own settings (``root``, ``as_of``, ``audience``), which a
deployment may override with TIESHAI_ROOT, TIESHAI_AS_OF (YYYY-MM-DD) and TIESHAI_AUDIENCE
(internal or public); TIESHAI_OFFLINE=true turns on the offline build (mkdocs-base.yml). Where the
repository's files can be read, to link each submission for staff, comes from the deployment's
TIESHAI_SOURCE_URL (e.g. https://github.com/org/repo/blob/<commit>), and where the site is
published from TIESHAI_SITE_URL (e.g. https://org.github.io/repo/: the page for a missing address
then links the site from there, wherever it is asked for).
"""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import tempfile
from datetime import date
from functools import cached_property
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from jinja2 import Template
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from tieshai.forms.config import (
    form_config,
    form_config_script,
    inspection_findings,
    record_key,
    records_script,
    unit_problems,
)
from tieshai.model.campaign import CAMPAIGN_FILE, Campaign
from tieshai.model.clock import CampaignClock
from tieshai.model.records import Records
from tieshai.outputs.export import FORMATS, export_files
from tieshai.site.audience import AUDIENCES, INTERNAL, kinds_for, shown_to
from tieshai.site.history import recent_changes
from tieshai.site.htmlblocks import put_back, set_aside
from tieshai.site.pages import NavSection, PageSpec, all_pages, render_page, site_structure
from tieshai.site.search import (
    compact_search_index,
    search_view,
    separate_cells,
    teach_search_words,
    without_search_attributes,
)
from tieshai.site.views import SiteData
from tieshai.vocabulary import Kind
from tieshai.workspace import Workspace

PLUGIN_NAME = "tieshai"
# Settings a deployment may give a plain `mkdocs build` (tieshai build and serve hand theirs over).
ROOT_ENV, AS_OF_ENV, AUDIENCE_ENV = "TIESHAI_ROOT", "TIESHAI_AS_OF", "TIESHAI_AUDIENCE"
SOURCE_URL_ENV = "TIESHAI_SOURCE_URL"  # e.g. https://github.com/org/repo/blob/<commit>
SITE_URL_ENV = "TIESHAI_SITE_URL"  # where the site is published, e.g. https://org.github.io/repo/
# The theme's page for an address that does not exist, in Chinese (the theme's says "404 - Not found").
NOT_FOUND_PAGE = """{% extends "main.html" %}
{% block htmltitle %}<title>页面不存在 - {{ config.site_name }}</title>{% endblock %}
{% block content %}
  <h1>页面不存在</h1>
  <p>您访问的页面不存在，可能是地址有误，或者页面已经调整。请返回<a href="{{ base_url.rstrip('/') }}/">首页</a>，或使用上方的搜索框查找。</p>
{% endblock %}
"""
STYLESHEET = "assets/tieshai/tieshai.css"
SCRIPT = "assets/tieshai/tieshai.js"
WORKER_SHIM = "assets/tieshai/iframe-worker-shim.js"
# Loaded by the form pages alone (by their own script tags): the form library, its Chinese, ours.
FORM_ASSETS = {"asset:jsoneditor": ("assets/tieshai/vendor/jsoneditor.js", "vendor/jsoneditor.js"),
               "asset:jsoneditor-zh": ("assets/tieshai/jsoneditor-zh.js", "jsoneditor-zh.js"),
               "asset:record-rules": ("assets/tieshai/record-rules.js", "record-rules.js"),
               "asset:forms": ("assets/tieshai/forms.js", "forms.js"),
               "asset:evidence": ("assets/tieshai/evidence.js", "evidence.js"),
               "asset:js-yaml": ("assets/tieshai/vendor/js-yaml.min.js", "vendor/js-yaml.min.js"),
               "asset:open-record": ("assets/tieshai/open-record.js", "open-record.js")}
OFFLINE_PLUGIN = "material/offline"
SEARCH_INDEX = "search/search_index.json"  # the theme's search writes it; the offline build inlines it after us
DATA_FOLDER = "data"


class TieshaiConfig(Config):
    root = config_options.Optional(config_options.Type(str))
    as_of = config_options.Optional(config_options.Type(str))
    audience = config_options.Choice(AUDIENCES, default=INTERNAL)


class TieshaiPlugin(BasePlugin[TieshaiConfig]):
    _handed: Workspace | None = None  # from tieshai build/serve, already checked
    _audience: str | None = None

    def use(self, workspace: Workspace | None, audience: str | None = None) -> None:
        """Build from ``workspace`` for ``audience`` instead of the plugin's own settings."""
        self._handed, self._audience = workspace, audience

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this one instance for the process (see site/build.py)."""

    def on_shutdown(self) -> None:
        """MkDocs keeps this instance for the process: nothing of this build may reach the next."""
        self.use(None)
        self._drop_scratch()
        workspace = self.__dict__.pop("workspace", None)
        if workspace is not None:
            workspace.close()

    def _own_workspace(self, config: MkDocsConfig) -> Workspace:
        """A plain `mkdocs build`: the plugin's settings, which a deployment may set from the
        environment (TIESHAI_ROOT, TIESHAI_AS_OF)."""
        root = os.environ.get(ROOT_ENV) or self.config.root or Path(config.config_file_path).parent
        return Workspace.at(Path(root), parse_as_of(os.environ.get(AS_OF_ENV) or self.config.as_of))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        workspace = self._handed or self._own_workspace(config)
        if self._handed is not None:
            self._handed = workspace.fresh()  # a rebuild (mkdocs serve) reads the edited data again
            if workspace.as_of_asked is None:  # no --as-of: the site's own setting, if any
                workspace.as_of_asked = parse_as_of(self.config.as_of)
        result = workspace.checked
        campaign = result.campaign
        errors = [finding for finding in result.findings if finding.is_error]
        if campaign is None or errors:
            details = "\n".join(finding.as_text() for finding in errors)
            raise PluginError(f"行动数据有错误，站点未生成。请先运行 tieshai check 并按提示修改：\n{details}")
        self.campaign: Campaign = campaign
        audience = self._audience or os.environ.get(AUDIENCE_ENV) or self.config.audience
        if audience not in AUDIENCES:
            raise PluginError(f"站点读者“{audience}”无效，应为 internal（内部）或 public（公开）。")
        source_url = os.environ.get(SOURCE_URL_ENV, "")
        if source_url and not source_url.startswith(("https://", "http://")):
            raise PluginError(f"源文件地址“{source_url}”无效，应以 https:// 开头。")
        site_url = os.environ.get(SITE_URL_ENV, "")
        if site_url:  # the page for a missing address links the site from its root, wherever it is asked for
            if not site_url.startswith(("https://", "http://")):
                raise PluginError(f"站点地址“{site_url}”无效，应以 https:// 开头。")
            config.site_url = site_url.rstrip("/") + "/"
        previous = self.__dict__.get("workspace")
        if previous is not None and previous is not workspace:
            previous.close()  # the last rebuild's (mkdocs serve)
        self.workspace = workspace
        self.site = SiteData(campaign, workspace.state, audience, shown_to(audience, result.submissions),
                             recent_changes(workspace.repository, campaign, workspace.as_of), source_url or None)
        self.user_nav = config.nav is not None
        # The theme prints these without escaping them; Markup also keeps its `| e` from doubling.
        config.site_name = escape(campaign.short_name)
        config.site_description = escape(f"{campaign.name}（{campaign.notice['doc_number']}）")
        config.copyright = escape(f"{campaign.notice['issuer']} · {campaign.notice['doc_number']}")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        offline = config.plugins.get(OFFLINE_PLUGIN)
        if offline is not None and offline.config.enabled:  # the theme's search worker needs this shim on file://; serve our own copy
            config.extra["polyfills"] = [WORKER_SHIM]
        return config

    def on_pre_template(self, template: Template, template_name: str, config: MkDocsConfig) -> Template:
        if template_name == "404.html":
            return config.theme.get_env().from_string(NOT_FOUND_PAGE)
        return template

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assets = package_files("tieshai.site") / "assets"
        for target, name in ((STYLESHEET, "tieshai.css"), (SCRIPT, "tieshai.js"), (WORKER_SHIM, "iframe-worker-shim.js")):
            files.append(File.generated(config, target, abs_src_path=str(assets / name)))
        urls: dict[str, str] = {}
        for key, (target, name) in FORM_ASSETS.items():
            asset = File.generated(config, target, abs_src_path=str(assets / name))
            files.append(asset)
            urls[key] = asset.url
        self._add_form_files(files, config, urls)
        downloads = []
        # the Word documents quote records, as the audience may see them; each file waits on disk
        readable = Records.from_submissions(self.site.submissions, data=self.site.record)
        for output_format in FORMATS:
            for export in export_files(self.campaign, self.site.state, readable, output_format):
                download = self._generated(config, f"{DATA_FOLDER}/{export.name}", export.content)
                files.append(download)
                urls[f"download:{export.name}"] = download.url
                downloads.append((export.name, export.title))
        del readable
        self._add_pages(files, config, urls, downloads)
        # Every page is written: let the records go before MkDocs renders and indexes the site,
        # the part of a build whose memory grows with the number of pages.
        del self.site
        self.workspace.release_data()
        _return_freed_memory()
        return files

    def _add_form_files(self, files: Files, config: MkDocsConfig, urls: dict[str, str]) -> None:
        """Each form's settings and, for staff, each unit's records for its forms to open."""
        findings = inspection_findings((s.placement.unit, s.placement.action, s.data) for s in self.site.submissions
                                       if s.kind is Kind.INSPECTION and s.valid)
        choices = {Kind.NOTICE: findings, Kind.ACCOUNTABILITY_REFERRAL: unit_problems(self.site.state.ledger)}
        for kind in kinds_for(self.site.audience):
            existing = [record_key(s.placement.unit, s.placement.action, s.placement.name)
                        for s in self.site.submissions if s.kind is kind]
            settings = self._generated(config, f"forms/{kind.value}/config.js", form_config_script(
                form_config(kind, self.campaign, existing, held=not self.site.public, findings=choices.get(kind))))
            files.append(settings)
            urls[f"form-config:{kind.value}"] = settings.url
        if not self.site.public:  # the records as staff may edit them; the public build holds none
            by_unit: dict[str, dict[str, Any]] = {}
            for submission in self.site.submissions:
                if submission.valid:
                    placement = submission.placement
                    key = record_key(placement.unit, placement.action, placement.name)
                    by_unit.setdefault(placement.unit, {})[f"{submission.kind.value}/{key}"] = submission.data
            for unit_id, records in by_unit.items():
                files.append(self._generated(config, f"forms/records/{unit_id}.js", records_script(records)))

    def _add_pages(self, files: Files, config: MkDocsConfig, urls: dict[str, str],
                   downloads: list[tuple[str, str]]) -> None:
        structure, linked = site_structure(self.campaign, self.site, downloads)
        pages = all_pages(structure) + linked
        # MkDocs takes a page's title from its first heading only when nothing comes before it
        # (the demo banner does), else from the file name ("Index"): each page states its own.
        self.titles = {page.src_uri: title_html(page.nav_title) for page in pages}
        self.boosts = {page.src_uri: page.search_boost for page in pages if page.search_boost is not None}
        self.wide = {page.src_uri for page in pages if page.wide}
        self.set_aside: dict[str, list[str]] = {}  # a page's HTML blocks between its Markdown and its HTML
        generated: dict[str, File] = {}
        for page in pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs 目录中的 {page.src_uri} 与自动生成的页面同名，请给它改个名字。")
            generated[page.key] = File.generated(config, page.src_uri, abs_src_path=str(self._scratch / page.src_uri))
        urls.update({key: file.url for key, file in generated.items()})
        clock = CampaignClock(self.campaign.period, self.workspace.as_of)
        titles = dict(downloads)
        for page in pages:
            self._generated(config, page.src_uri, render_page(page, self.campaign, clock, self.site, urls, titles))
            files.append(generated[page.key])
        if not self.user_nav:
            config.nav = navigation(structure, files, set(page.src_uri for page in pages))

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        # jieba's dictionary is loaded now that the records are gone, into their memory.
        teach_search_words()
        return nav

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.markdown = ""  # rendered, so not needed again (not None: MkDocs reads None as not yet read)
        blocks = self.set_aside.pop(page.file.src_uri, None)
        if blocks:
            html, ids = put_back(html, blocks)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        return separate_cells(html)

    # The theme's search (material/search) reads page.content in its own on_page_context: before
    # it, the page is shown to it without what it would skip; after it, the whole page is put back.
    @event_priority(50)
    def _show_search_its_part(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                              nav: Navigation) -> dict[str, Any]:
        self.whole_page = page.content
        page.content = search_view(page.content or "")
        return context

    @event_priority(-50)
    def _put_whole_page_back(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                             nav: Navigation) -> dict[str, Any]:
        page.content = without_search_attributes(self.whole_page or "")  # as the theme leaves a page
        self.whole_page = None
        return context

    on_page_context = CombinedEvent(_show_search_its_part, _put_whole_page_back)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # Written: MkDocs would keep every page's HTML until the build ends.
        page.content = None
        return output

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = title
        boost = self.boosts.get(page.file.src_uri)
        if boost is not None:
            page.meta["search"] = {"boost": boost}  # read by the theme's search plugin
        if page.file.src_uri in self.wide:
            page.meta["hide"] = ["toc"]  # read by the theme: the content takes the table of contents' place
        if title is None:  # a hand-written page of docs/: Markdown as its author wrote it
            return markdown
        markdown, self.set_aside[page.file.src_uri] = set_aside(markdown)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        compact_search_index(Path(config.site_dir) / SEARCH_INDEX)
        self._drop_scratch()

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_scratch()

    # The generated pages and files wait on disk, not in memory, for MkDocs to read or copy them
    # (it reads every page before it writes any, and copies files only after that): in a private
    # temporary folder for this build, removed when the build ends.
    @cached_property
    def _scratch(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="tieshai-build-"))

    def _generated(self, config: MkDocsConfig, path: str, content: str | bytes) -> File:
        target = self._scratch / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return File.generated(config, path, abs_src_path=str(target))

    def _drop_scratch(self) -> None:
        scratch = self.__dict__.pop("_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = self.workspace.root
        server.watch(str(root / CAMPAIGN_FILE))
        submissions = root / "submissions"
        if submissions.is_dir():
            server.watch(str(submissions))
        return server


def _return_freed_memory() -> None:
    """Give the memory of the records just let go back to the system (glibc keeps freed memory
    for the process otherwise), so that what MkDocs renders next starts from less."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


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
