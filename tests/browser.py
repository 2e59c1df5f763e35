"""Helpers for browser tests: serve a built site on loopback and drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    """Browser tests may be skipped on a developer's machine without Chromium, never in CI."""
    if CHROMIUM.exists():
        return
    message = f"找不到 {CHROMIUM}：请先安装 Debian 的 chromium（apt-get install chromium）"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWatch:
    """What a page did besides rendering: requests to other hosts, console errors, dialogs."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def route(route) -> None:
            url = route.request.url
            if url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                self.foreign_requests.append(url)
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

        def dialog(box) -> None:
            self.dialogs.append(box.message)
            box.dismiss()

        page.on("dialog", dialog)


def search_result_paths(page, url: str, query: str) -> list[str]:
    """Open the site with a search for ``query`` and return the paths of all results (the theme
    shows them in batches as the list scrolls)."""
    import urllib.parse

    page.goto(f"{url}?q={urllib.parse.quote(query)}")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links: list[str] = []
    for _ in range(20):
        links = page.locator(".md-search-result__item > a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))")
        page.evaluate("() => { const wrap = document.querySelector('.md-search__scrollwrap');"
                      " wrap.scrollTo(0, wrap.scrollHeight); }")
        page.wait_for_timeout(150)
        if page.locator(".md-search-result__item > a").count() == len(links):
            break
    return [urllib.parse.urlsplit(link).path for link in links]


def open_page(browser, base: str, path: str = ""):
    """A new page at ``base + path`` that records requests to other hosts, console errors and
    dialogs; returns the page and what it saw."""
    page = browser.new_page()
    watch = PageWatch(base)
    watch.attach(page)
    page.goto(base + path, wait_until="load")
    return page, watch
