"""The built site in a real headless Chromium: self-contained, error-free, searchable in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import open_page, search_result_paths, serve_folder
from .conftest import replace_in_file, run_tieshai

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_folder(built_site) as url:
        yield url


def site_pages(site: Path) -> list[str]:
    return sorted(str(path.parent.relative_to(site)).replace(".", "") + "/"
                  for path in site.rglob("index.html"))


def test_every_page_stays_on_the_site_without_console_errors(browser, built_site: Path, site_url: str) -> None:
    pages = site_pages(built_site)
    assert len(pages) >= 9
    for path in pages:
        page, watch = open_page(browser, site_url, path.lstrip("/"))
        page.wait_for_timeout(50)
        assert watch.foreign_requests == [], path
        assert watch.console_errors == [], path
        page.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("案卷评查", "actions/case-review/"),
        ("双随机", "actions/plans/"),
        ("事故调查", "actions/accidents/"),
        ("鹿城区", "units/"),
        ("行政处罚", "actions/enforcement/"),
    ],
)
def test_chinese_search_lists_the_right_page(browser, site_url: str, query: str, expected: str) -> None:
    page, watch = open_page(browser, site_url)
    paths = search_result_paths(page, site_url, query)
    assert "/" + expected in paths, (query, paths)
    assert watch.console_errors == [] and watch.foreign_requests == []
    page.close()


def test_hostile_campaign_text_shows_literally_and_never_runs(browser, campaign_copy: Path) -> None:
    path = campaign_copy / "campaign.yaml"
    attack = "<img src=x onerror=\\\"window.__pwned=1;alert(1)\\\"><script>window.__pwned=2</script>"
    replace_in_file(path, "short_title: 监督检查计划编制", f'short_title: "{attack}"')
    replace_in_file(path, "    name: 鹿城区\n", f'    name: "{attack}"\n')
    replace_in_file(path, "short_title: 生产安全事故调查", 'short_title: "</title><script>window.__pwned=3</script>"')
    result = run_tieshai("--root", str(campaign_copy), "build", "--as-of", "2021-06-15")
    assert result.code == 0, result.stderr

    with serve_folder(campaign_copy / "site") as url:
        for page_path in ("", "actions/plans/", "units/", "plan/", "actions/accidents/"):
            page, watch = open_page(browser, url, page_path)
            assert page.evaluate("window.__pwned") is None, page_path
            assert watch.dialogs == [], page_path
            assert watch.foreign_requests == [], page_path
            if page_path != "actions/accidents/":
                assert "<img src=x onerror=" in page.locator("article").inner_text(), page_path
            page.close()
