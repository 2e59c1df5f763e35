"""填报指南 shows the real forms: its pictures are taken from the built site in Chromium (as
`python -m tests.guide_screenshots` regenerates them), and every step they show still works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .guide_screenshots import IMAGES, take

pytestmark = pytest.mark.browser

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "filling.md"


def test_every_picture_of_the_guide_is_taken_from_the_site_and_shown(browser, built_site: Path,
                                                                      tmp_path: Path) -> None:
    taken = take(built_site, tmp_path, browser)
    shown = re.findall(r"!\[[^\]]+\]\(images/filling/([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(path.name for path in taken)
    for path in taken:
        assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 20_000, path.name
        assert (IMAGES / path.name).is_file(), f"请运行 python -m tests.guide_screenshots 生成 {path.name}"


def test_the_guide_says_how_to_run_tieshai_after_the_readmes_first_command() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert ".venv/bin/tieshai" in text and ".venv\\Scripts\\" in text
