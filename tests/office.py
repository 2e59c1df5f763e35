"""Helpers for document tests: Debian's LibreOffice converts Word files to PDF, poppler reads them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE, PDFTOTEXT, PDFINFO = "soffice", "pdftotext", "pdfinfo"


def require_office() -> None:
    """Document tests may be skipped on a developer's machine without LibreOffice and poppler,
    never in CI (.ci/run installs them)."""
    missing = [tool for tool in (SOFFICE, PDFTOTEXT, PDFINFO) if shutil.which(tool) is None]
    if not missing:
        return
    message = (f"找不到 {'、'.join(missing)}：请先安装 Debian 的 libreoffice-writer-nogui、libreoffice-calc-nogui 和 "
               "poppler-utils")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(documents: list[Path], out: Path, profile: Path) -> list[Path]:
    """Each document as a PDF in ``out``, converted headless in one LibreOffice run with its own
    profile (so that runs never share one), within a time limit."""
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)],
                   check=True, capture_output=True, timeout=300)
    pdfs = [out / f"{document.stem}.pdf" for document in documents]
    assert all(pdf.exists() for pdf in pdfs), [pdf for pdf in pdfs if not pdf.exists()]
    return pdfs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as poppler reads it (in reading order, without layout)."""
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    return text.split("\f")[:-1]


def pdf_page_count(pdf: Path) -> int:
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, timeout=60).stdout.decode("utf-8")
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
