"""Both audiences, offline from disk, hostile text and accessibility, in a real Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tieshai.load.schemas import load_schema

from .browser import PageWatch, open_page, search_result_paths, serve_folder
from .conftest import REPO, build_site, run_tieshai
from .sites import demo_copy, rewrite_records

pytestmark = pytest.mark.browser

PAGE_TYPES = ["", "plan/", "actions/accidents/", "units/", "units/lucheng/", "ledger/", "notices/",
              "notices/lucheng-accidents-n1/", "kpis/", "deductions/", "causes/", "cases/", "notice/", "reference/",
              "downloads/", "about/"]
HOSTILE = ["<img src=x onerror=window.__pwned=1>", "</title><script>window.__pwned=2</script>",
           "{{ 7*7 }} **粗** [链](javascript:window.__pwned=3)", "<a href=javascript:window.__pwned=4>点</a>"]


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site for the public audience, as of AS_OF."""
    return build_site(REPO, tmp_path_factory.mktemp("public") / "site", "--audience", "public")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [f"{v['id']}（{v['impact']}）" for v in results["violations"]]


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_every_page_type_is_clean_and_accessible(browser, built_site: Path, public_site: Path, audience: str) -> None:
    site = built_site if audience == "internal" else public_site
    with serve_folder(site) as url:
        for path in PAGE_TYPES:
            page, watch = open_page(browser, url, path)
            assert page.locator("h1").count() >= 1, path
            assert watch.foreign_requests == [] and watch.console_errors == [], path
            assert axe_violations(page) == [], path
            page.close()


def test_tables_fit_a_desktop_screen(browser, built_site: Path) -> None:
    """At 1366 px no table is cut off or scrolls inside its page (the ledger's nine columns, the
    causes' totals, each case's scores): pages of wide tables give the theme's table of contents' room to them."""
    with serve_folder(built_site) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        for path in PAGE_TYPES:
            page.goto(url + path, wait_until="load")
            cut = page.evaluate("""() => { const content = document.querySelector('.md-content').getBoundingClientRect();
                return [...document.querySelectorAll('article table')].filter(table => {
                    const wrap = table.closest('.md-typeset__scrollwrap');
                    return (wrap && wrap.scrollWidth > wrap.clientWidth + 1)
                        || table.getBoundingClientRect().right > content.right + 1; }).length; }""")
            assert cut == 0, (path, cut)
        page.close()


def test_pages_fit_a_phone(browser, built_site: Path) -> None:
    """At 390 px neither a page nor any table in it scrolls sideways, and no chart's text is drawn
    smaller than 11 px."""
    with serve_folder(built_site) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        charts = 0
        for path in PAGE_TYPES:
            page.goto(url + path, wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (path, overflow)
            sideways = page.evaluate("""() => [...document.querySelectorAll('article table')].map(table => {
                const wrap = table.closest('.md-typeset__scrollwrap');
                return wrap ? wrap.scrollWidth - wrap.clientWidth
                            : table.getBoundingClientRect().right - document.documentElement.clientWidth;
                }).filter(extra => extra > 1)""")
            assert sideways == [], (path, sideways)
            sizes = page.evaluate("""() => [...document.querySelectorAll('article svg text')].map(text =>
                text.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(text).fontSize)
                    * text.getScreenCTM().a : null).filter(size => size !== null)""")
            assert all(size >= 11 for size in sizes), (path, min(sizes))
            charts += len(sizes)
        assert charts > 100  # the home page's trends and the KPI page's charts were measured
        # the ledger is a stack of cards on a phone, each figure named, none scrolled sideways
        page.goto(url + "ledger/", wait_until="load")
        card = page.evaluate("""() => { const table = document.querySelector('table.ts-ledger[data-ts-stack]');
            const wrap = table.closest('.md-typeset__scrollwrap') || table;
            return {header: getComputedStyle(table.tHead).display, sideways: wrap.scrollWidth - wrap.clientWidth,
                    label: getComputedStyle(table.querySelector('td[data-label]'), '::before').content}; }""")
        assert card == {"header": "none", "sideways": 0, "label": '"问题："'}, card
        page.close()


def test_a_missing_address_gets_a_chinese_page_that_works_under_the_sites_own_path(browser, tmp_path: Path) -> None:
    """Published under a path (a GitHub Pages project site, TIESHAI_SITE_URL), the page for an
    address that does not exist is Chinese, styled, and links back to the site's home page."""
    site = tmp_path / "host" / "campaign"
    result = run_tieshai("--root", str(REPO), "build", "--site-dir", str(site), "--as-of", "2021-06-15",
                         env={"TIESHAI_SITE_URL": "https://org.example/campaign"})
    assert result.code == 0, result.stderr
    with serve_folder(tmp_path / "host") as url:
        page = browser.new_page()
        watch = PageWatch(url)
        watch.attach(page)
        missing: list[str] = []  # the page's own stylesheets, scripts and images, asked from the right place
        page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
        page.goto(url + "campaign/404.html", wait_until="load")
        assert page.title() == "页面不存在 - 铁筛行动"
        assert page.locator("article h1").inner_text() == "页面不存在" and "Not found" not in page.content()
        assert missing == [] and page.evaluate("() => document.styleSheets.length") > 2
        page.locator("article").get_by_role("link", name="首页").click()
        page.wait_for_load_state("load")
        assert page.url == url + "campaign/" and "铁筛" in page.title()
        assert watch.foreign_requests == [] and watch.console_errors == [] and missing == []
        page.close()


def test_ledger_filters_without_a_server(browser, tmp_path: Path) -> None:
    site = build_site(REPO, tmp_path / "offline", "--offline")
    page = browser.new_page()
    watch = PageWatch("file://")
    watch.attach(page)
    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.locator("a[href='ledger.html']").count() > 0  # plain .html links, no server needed
    page.goto((site / "ledger.html").as_uri(), wait_until="load")
    rows = page.locator("#ledger tbody tr")
    total = rows.count()
    page.select_option("select[name=unit]", "lucheng")
    visible = page.locator("#ledger tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(unit == "lucheng" for unit in visible.evaluate_all("rows => rows.map(r => r.dataset.unit)"))
    assert "显示" in page.locator(".ts-filter__count").inner_text()
    # search works from disk too
    page.goto((site / "index.html").as_uri() + "?q=%E9%B9%BF%E5%9F%8E%E5%8C%BA")  # 鹿城区
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert watch.foreign_requests == [] and watch.console_errors == []
    page.close()


def test_search_finds_unit_names_problem_text_and_case_titles(browser, built_site: Path) -> None:
    state = json.loads((built_site / "data" / "campaign-state.json").read_text(encoding="utf-8"))
    problem = state["ledger"][0]
    case = next(case for case in state["ranking"] if case["top"])
    with serve_folder(built_site) as url:
        page = browser.new_page()
        assert "/units/" in search_result_paths(page, url, "瓯江口产业集聚区")
        assert "/ledger/" in search_result_paths(page, url, problem["description"])
        assert "/cases/" in search_result_paths(page, url, case["title"])
        page.close()


def hostile_text(kind: str, data: dict) -> None:
    """Hostile text in every free-text field of every record (those without a fixed format)."""
    counter = iter(range(10**6))

    def walk(value, schema):
        if isinstance(value, dict):
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", {})
            for key in list(value):
                if key == "file":  # evidence paths must still point at their files
                    continue
                spec = props.get(key, extra if isinstance(extra, dict) else {})
                value[key] = walk(value[key], spec if isinstance(spec, dict) else {})
            return value
        if isinstance(value, list):
            items = schema.get("items", {})
            items = items.get("oneOf", [items])[0] if isinstance(items, dict) else {}
            return [walk(item, items) for item in value]
        if isinstance(value, str) and not {"pattern", "enum", "format"} & schema.keys():
            attack = HOSTILE[next(counter) % len(HOSTILE)]
            return (attack + value)[: schema.get("maxLength", 10**6)]
        return value

    walk(data, load_schema(kind))


def test_hostile_text_in_every_field_shows_literally_and_never_runs(browser, tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "repo")
    rewrite_records(root, hostile_text)
    check = run_tieshai("--root", str(root), "check")
    assert check.code == 0, check.stdout[-3000:]
    site = build_site(root, root / "site")
    with serve_folder(site) as url:
        for path in PAGE_TYPES:
            page, watch = open_page(browser, url, path)
            assert page.evaluate("window.__pwned") is None, path
            assert watch.dialogs == [] and watch.foreign_requests == [], path
            assert page.locator("a[href^='javascript:']").count() == 0, path
            page.close()
        page = browser.new_page()
        page.goto(url + "ledger/")
        assert "<img src=x onerror=window.__pwned=1>" in page.locator("article").inner_text()
        page.goto(url + "?q=" + "pwned")
        page.close()


def test_notice_prints_as_an_official_document(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "notices/lucheng-accidents-n1/")
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible() and not page.locator(".ts-demo").is_visible()
        assert page.locator(".ts-official__title").inner_text() == "行政执法监督整改通知书"
        assert page.locator(".ts-official__number").is_visible()
        assert len(page.pdf()) > 1000
        page.close()


def test_the_home_pages_overdue_list_is_the_ledgers_overdue_filter(browser, built_site: Path) -> None:
    """The leader's red list names exactly the problems the ledger shows under 逾期, and its link
    opens the ledger with that filter chosen."""
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "")
        listed = page.eval_on_selector_all("#overdue-list tr[data-problem]", "rows => rows.map(r => r.dataset.problem)")
        days = page.eval_on_selector_all("#overdue-list tbody tr td:last-child", "cells => cells.map(c => parseInt(c.textContent))")
        page.click("text=在整改台账中查看全部逾期问题")
        page.wait_for_load_state()
        shown = page.eval_on_selector_all("#ledger tbody tr:not([hidden])", "rows => rows.map(r => r.id.slice('problem-'.length))")
        counted = page.text_content(".ts-filter__count")
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    assert listed and sorted(listed) == sorted(shown)
    assert days == sorted(days, reverse=True) and min(days) > 0
    assert counted is not None and counted.startswith(f"显示 {len(shown)} /")


def test_the_unit_table_sorts_and_agrees_with_the_overdue_list(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "")
        overdue_rows = page.eval_on_selector_all("#overdue-list tbody tr", "rows => rows.length")
        page.click("#standings-table th:nth-child(3) button")  # 逾期事项, most first
        counts = page.eval_on_selector_all("#standings-table tbody td:nth-child(3)", "cells => cells.map(c => +c.dataset.value)")
        sorted_by = page.get_attribute("#standings-table th:nth-child(3)", "aria-sort")
        page.click("#standings-table th:nth-child(3) button")
        again = page.eval_on_selector_all("#standings-table tbody td:nth-child(3)", "cells => cells.map(c => +c.dataset.value)")
        assert watch.console_errors == []
        page.close()
    assert sorted_by == "descending" and counts == sorted(counts, reverse=True) and again == sorted(counts)
    assert sum(counts) == overdue_rows and len(counts) == 14


def test_the_trends_agree_with_the_ledger_and_each_chart_is_followed_by_its_table(browser, built_site: Path) -> None:
    """Quarter by quarter, the problems found add up to the ledger; the quarter under way ends with
    the ledger's open problems and its overdue ones (the home page's red list)."""
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "")
        rows = page.eval_on_selector_all("#closure-trend tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
        red_list = page.eval_on_selector_all("#overdue-list tr[data-problem]", "rows => rows.length")
        charts = page.eval_on_selector_all("#trends ~ figure.ts-chart svg title, .ts-chart-grid svg title",
                                           "titles => titles.map(t => t.textContent)")
        followed = page.evaluate("""() => { const figure = document.querySelector('figure.ts-chart--trend');
            const next = figure.nextElementSibling;  // the table, or the theme's scroller around it
            return (next.matches('table') ? next : next.querySelector('table')).id; }""")
        kpi_rows = page.eval_on_selector_all("#kpi-trend tbody tr", "rows => rows.length")
        page.goto(url + "ledger/", wait_until="load")
        ledger = page.eval_on_selector_all("#ledger tbody tr", """rows => ({all: rows.length,
            open: rows.filter(r => r.dataset.open === 'yes').length, late: rows.filter(r => r.dataset.late === 'yes').length})""")
        assert watch.console_errors == []
        page.close()
    assert [row[0] for row in rows] == ["2021年第一季度", "2021年第二季度"]
    assert sum(int(row[1]) for row in rows) == ledger["all"] > 0
    assert (int(rows[-1][3]), int(rows[-1][4])) == (ledger["open"], ledger["late"]) == (ledger["open"], red_list)
    assert followed == "closure-trend" and len(charts) == 1 + kpi_rows and kpi_rows >= 4
    assert all("（数据见下表）" in title for title in charts)


def test_every_kpi_figure_names_its_quarters_or_why_it_cannot_be_judged(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "kpis/")
        cells = page.eval_on_selector_all("table caption", """captions => {
            const city = captions.find(c => c.textContent === '全市指标与目标').parentElement;
            return [...city.tBodies[0].rows].map(r => [r.cells[2].textContent, r.cells[4].textContent]); }""")
        assert watch.console_errors == []
        page.close()
    assert len(cells) == 8
    for figure, verdict in cells:
        assert "2021年第一、二季度" in figure or ("待评估" in verdict and len(verdict) > len("待评估")), (figure, verdict)


def test_a_download_is_saved_under_its_chinese_name(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page = browser.new_page(accept_downloads=True)
        page.goto(url + "downloads/", wait_until="load")
        with page.expect_download() as notice:
            page.locator("a[download]", has_text="整改通知书").first.click()
        with page.expect_download() as ledger:
            page.get_by_text("整改台账（CSV）", exact=True).click()
        saved = [notice.value.suggested_filename, ledger.value.suggested_filename]
        page.close()
    assert re.fullmatch(r"整改通知书 温应急督〔2021〕\d+号（\w+）\.docx", saved[0]) and saved[1] == "整改台账.csv", saved


def test_a_search_for_an_actions_name_finds_that_actions_page_first(browser, built_site: Path) -> None:
    from tieshai.rules.check import load_campaign

    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "")
        firsts = {action.id: search_result_paths(page, url, action.short_title)[0] for action in campaign.actions}
        accident = search_result_paths(page, url, "事故调查")[0]
        assert watch.foreign_requests == []
        page.close()
    assert all(path.endswith(f"actions/{action_id}/") for action_id, path in firsts.items()), firsts
    assert accident.endswith("actions/accidents/"), accident


def search_index(page, url: str) -> list[dict]:
    """The search index as the theme's search worker downloads it, without its word breaks."""
    page.goto(url, wait_until="load")
    docs = page.evaluate("async () => (await (await fetch('search/search_index.json')).json()).docs")
    return [{**doc, "title": doc["title"].replace("\u200b", ""), "text": doc["text"].replace("\u200b", "")}
            for doc in docs]


def test_search_snippets_keep_the_boundaries_between_table_cells(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "")
        table = page.locator("h2#targets").locator("xpath=following::table[1]")  # the home page's targets
        cells = table.locator("tbody tr").first.locator("th, td").all_inner_texts()
        search_result_paths(page, url, cells[0])
        teasers = [text.replace("\u200b", "") for text in
                   page.locator(".md-search-result__article").all_text_contents()]  # title and snippet
        assert watch.foreign_requests == []
        page.close()
    shown = [text for text in teasers if cells[0] in text and cells[1] in text]
    assert shown, (cells, teasers)
    assert all(re.search(re.escape(cells[0]) + r"\s+" + re.escape(cells[1]), text) for text in shown), shown


def test_the_search_index_holds_each_page_in_brief_not_every_table_row(browser, built_site: Path) -> None:
    state = json.loads((built_site / "data" / "campaign-state.json").read_text(encoding="utf-8"))
    from tieshai.rules.check import load_campaign

    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    with serve_folder(built_site) as url:
        page = browser.new_page()
        docs = search_index(page, url)
        page.close()
    by_page: dict[str, list[dict]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].split("#")[0], []).append(doc)
    for unit in campaign.units:  # each unit's page: its name and summary, not its tables
        entries = by_page[f"units/{unit.id}/"]
        assert entries[0]["title"] == unit.bureau
        assert sum(len(doc["text"]) for doc in entries) < 400, entries
    # each problem's text once, on the ledger (not on unit, action, notice or home pages too)
    for entry in state["ledger"]:
        holding = [doc["location"] for doc in docs if entry["description"] in doc["text"]]
        assert holding == ["ledger/"], (entry["description"], holding)
    # the tables that grow with the units stay out: the home page's table of units, the action
    # pages' progress, the ledger's filter, the KPI, deduction and notice tables each name every
    # unit; of the pages that hold them only the unit list names them all in the index
    names = [unit.name for unit in campaign.units]
    listing_all = {doc["location"].split("#")[0] for doc in docs if all(name in doc["text"] for name in names)}
    growing = {"", "ledger/", "notices/", "kpis/", "deductions/", "cases/", "units/"}
    growing |= {f"actions/{action.id}/" for action in campaign.actions}
    assert listing_all & growing == {"units/"}, listing_all
