"""Benchmark: the site at scale: build time and memory, search index size, time to the first search result.

    python bench/scale.py [--units 14 100 300 1000] [--compare 54233db] [--runs 3] [--query 事故调查]

For each size (14 is the embedded demo, others `tieshai demo --units N`, written by each version's
own code with the same seed) this builds the site with `tieshai build` in its own process (bench/memory.py: seconds and
peak resident memory), and reports the size of what the theme's search downloads
(search/search_index.json). Then it serves the site on loopback and, in a new headless Chromium
context each run (Debian's `chromium`, nothing cached), opens the home page, types the query into
the theme's search box as soon as the page has loaded, and takes the time from the start of the
navigation until the first result is in the page, and from the page's load event (medians of --runs).

--compare COMMIT runs that commit's code too, from a `git worktree` in a temporary folder (with
the same Python and libraries), on that version's own demo data in the same run, so that the figures compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.memory import run  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

# Keeps a promise that resolves with performance.now() (counted from the start of the navigation)
# once a result shows (evaluated to a promise, Playwright would wait for it there and then).
WATCH = """() => { window.tieshaiFirstResult = new Promise(resolve => {
    const shown = () => document.querySelector('.md-search-result__item');
    if (shown()) { resolve(performance.now()); return; }
    new MutationObserver((_, observer) => {
        if (shown()) { observer.disconnect(); resolve(performance.now()); }
    }).observe(document.body, {childList: true, subtree: true});
}); }"""


def first_result_seconds(browser, url: str, query: str) -> tuple[float, float]:
    """Seconds from the start of the navigation, and from the page's load event, to the first result."""
    context = browser.new_context()  # a new profile: the index is downloaded again
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate(WATCH)
    page.locator(".md-search__input").click()  # the header's search box (shown at desktop widths)
    page.keyboard.type(query)  # Chinese arrives as text input, with no key released:
    page.keyboard.press("End")  # the theme searches when a key is released
    shown = page.evaluate("() => window.tieshaiFirstResult")
    loaded = page.evaluate("() => performance.timing.loadEventEnd - performance.timing.navigationStart")
    context.close()
    return shown / 1000, (shown - loaded) / 1000


def measure(root: Path, site: Path, env: dict[str, str] | None, browser, query: str, runs: int) -> dict[str, float]:
    seconds, peak = run(["--root", str(root), "build", "--site-dir", str(site)], env)
    index = site / "search" / "search_index.json"
    with serve_folder(site) as url:
        firsts = [first_result_seconds(browser, url, query) for _ in range(runs)]
    return {"build": seconds, "peak": peak, "index": index.stat().st_size / 1024 / 1024,
            "first": statistics.median(first for first, _ in firsts),
            "after_load": statistics.median(after for _, after in firsts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[14, 100, 300, 1000])
    parser.add_argument("--compare", metavar="COMMIT", help="also measure this commit's code, in the same run")
    parser.add_argument("--runs", type=int, default=3, help="searches per site (the median is reported)")
    parser.add_argument("--query", default="事故调查")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        versions: list[tuple[str, dict[str, str] | None]] = []
        if args.compare:
            tree = Path(folder) / "compare"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), args.compare],
                           check=True)
            versions.append((args.compare, {**os.environ, "PYTHONPATH": str(tree / "scripts")}))
        versions.append(("当前", None))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            print(f"查询：{args.query}；首个结果为 {args.runs} 次的中位数，从开始导航算起")
            print("单位数  版本      构建 秒  构建峰值 MB  索引 MB  首个结果 秒  其中页面加载后 秒")
            for units in args.units:
                for number, (name, env) in enumerate(versions):
                    # each version builds the demo its own code writes (same seed): the data a
                    # campaign of that version holds, which an older version may not read
                    root = Path(folder) / f"repo-{units}-{number}"
                    size = [] if units == 14 else ["--units", str(units)]
                    subprocess.run([sys.executable, "-m", "tieshai", "demo", "--out", str(root), *size], env=env,
                                   check=True, capture_output=True)
                    figures = measure(root, Path(folder) / f"site-{units}-{number}", env, browser, args.query, args.runs)
                    print(f"{units:>6}  {name:<8}  {figures['build']:>7.1f}  {figures['peak']:>11.0f}"
                          f"  {figures['index']:>7.2f}  {figures['first']:>11.2f}  {figures['after_load']:>15.2f}", flush=True)
        finally:
            browser.close()
            if args.compare:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(Path(folder) / "compare")],
                               check=False)


if __name__ == "__main__":
    main()
