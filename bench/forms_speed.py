"""Benchmark: how soon the largest online form is ready, and what the form pages load.

    python bench/forms_speed.py [--units 100] [--runs 5]

Builds the `tieshai demo --units N` site, serves it on loopback, and opens the self-inspection
form of the action with the longest checklist in a new headless Chromium page (Debian's
`chromium`) --runs times: the time from the start of navigation until the form is ready to type
in (window.tieshaiForm.whenReady). Then the bytes a form page loads beyond the theme: the vendored
libraries, our scripts and the form's own configuration (which grows with the number of units).
Targets: ready within 1 s, assets under 1.5 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

from tieshai.demo import write_demo  # noqa: E402
from tieshai.rules.check import load_campaign  # noqa: E402
from tieshai.site.build import build_site  # noqa: E402
from tieshai.workspace import Workspace  # noqa: E402

# performance.now() counts from the start of the navigation
READY = "() => new Promise(resolve => window.tieshaiForm.whenReady(() => resolve(performance.now())))"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        write_demo(root, args.units, seed=2021)
        site = build_site(Workspace.at(root), Path(folder) / "site")
        campaign, _ = load_campaign(root)
        assert campaign is not None
        action = max(campaign.actions, key=lambda a: len(a.checklist))
        address = f"forms/self-inspection/?unit={campaign.units[0].id}&action={action.id}"
        times = []
        with serve_folder(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            requested: set[str] = set()
            for _ in range(args.runs):
                page = browser.new_page()
                page.on("request", lambda request: requested.add(request.url.removeprefix(url).split("?")[0]))
                page.goto(url + address, wait_until="commit")
                page.wait_for_function("window.tieshaiForm !== undefined")
                times.append(page.evaluate(READY) / 1000)
                page.close()
            browser.close()
        # what the form page itself asked for beyond the theme and the site's own stylesheet and script
        theirs = ("assets/tieshai/tieshai.css", "assets/tieshai/tieshai.js")
        loaded = sorted(name for name in requested
                        if name.startswith(("assets/tieshai/", "forms/")) and name not in theirs and "." in name)
        sizes = {name: (site / name).stat().st_size for name in loaded}
    print(f"{args.units} 个单位，表单：{address}")
    print("就绪时间（秒）：" + "、".join(f"{t:.2f}" for t in times) + f"；中位数 {statistics.median(times):.2f}")
    for name, size in sizes.items():
        print(f"  {name}：{size / 1024:.0f} KB")
    print(f"表单页面额外加载合计：{sum(sizes.values()) / 1024 / 1024:.2f} MB")


if __name__ == "__main__":
    main()
