"""The pictures in 填报指南 (docs/filling.md), taken from the real site in a real Chromium.

    python -m tests.guide_screenshots            # writes docs/images/filling/*.png

tests/test_guide.py takes the same pictures on every run (so a change that breaks a step shows)
and checks that the guide shows every one of them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .browser import CHROMIUM, CHROMIUM_ARGS, serve_folder

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "docs" / "images" / "filling"
FORM = "forms/rectification/?unit=lucheng&action=accidents"


def _wait_for_form(page: Any) -> None:
    page.wait_for_function("window.tieshaiForm !== undefined")
    page.evaluate("() => new Promise(resolve => window.tieshaiForm.whenReady(resolve))")


def _show(page: Any, selector: str, block: str = "start") -> None:
    """Scroll ``selector`` into the picture, clear of the site's fixed header."""
    page.evaluate("([selector, block]) => { document.querySelector(selector).scrollIntoView({block});"
                  " window.scrollBy(0, block === 'start' ? -70 : 0); }", [selector, block])


def _unit_forms(page: Any) -> None:
    _show(page, "#forms")


def _form(page: Any) -> None:
    _wait_for_form(page)
    _show(page, "h1")


def _checked(page: Any) -> None:
    _wait_for_form(page)
    page.evaluate("""() => { const v = window.tieshaiForm.getValue(); v.report_date = "";
                     window.tieshaiForm.setValue(v); }""")
    page.click("#ts-form-check")
    _show(page, "#ts-form-status", "center")


def _evidence(page: Any, pdf: Path) -> None:
    _wait_for_form(page)
    panel = page.locator("#ts-evidence")
    panel.locator("input[name=title]").fill("整改会议纪要")
    panel.locator("input[type=file]").set_input_files(str(pdf))
    panel.locator("button").click()
    page.wait_for_function("document.querySelector('.ts-evidence-message').textContent.startsWith('已登记')")
    _show(page, "#ts-evidence")


def shots(pdf: Path) -> list[tuple[str, str, Callable[[Any], None]]]:
    """(file name, address, what to do before the picture)."""
    return [
        ("unit-forms.png", "units/lucheng/", _unit_forms),
        ("form.png", FORM + "&edit=1", _form),
        ("check.png", FORM + "&edit=1", _checked),
        ("evidence.png", FORM + "&edit=1", _evidence_with(pdf)),
    ]


def _evidence_with(pdf: Path) -> Callable[[Any], None]:
    return lambda page: _evidence(page, pdf)


def take(site: Path, out: Path, browser: Any) -> list[Path]:
    """Every picture of the guide, from ``site`` (an internal build), into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "整改会议纪要.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% tieshai guide\n%%EOF\n")
    taken = []
    with serve_folder(site) as url:
        for name, address, prepare in shots(pdf):
            # as a clerk's browser shows it: date fields and file buttons in Chinese
            page = browser.new_page(viewport={"width": 1100, "height": 760}, locale="zh-CN")
            page.goto(url + address, wait_until="load")
            prepare(page)
            page.screenshot(path=str(out / name))
            taken.append(out / name)
            page.close()
    pdf.unlink()
    return taken


def main() -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    from .conftest import build_site

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        site = build_site(REPO, Path(folder) / "site")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--lang=zh-CN"])
        for path in take(site, IMAGES, browser):
            print(f"已生成：{path.relative_to(REPO)}")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
