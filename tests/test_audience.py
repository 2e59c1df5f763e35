"""The public build holds nothing the schemas mark internal, in any page, index or download."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run_tieshai
from .sites import demo_copy, rewrite_records, site_text

SENTINEL_NAME = "哨兵内部字段"
SENTINEL_PHONE = "0577-13579246"
PARTY = "欧阳哨兵"


def plant_sentinels(kind: str, data: dict) -> None:
    """A sentinel in every internal field: contacts, inspection members, reviewers."""
    if "contact" in data:
        data["contact"] = {"name": SENTINEL_NAME, "phone": SENTINEL_PHONE}
    if kind == "inspection":
        data["members"] = [SENTINEL_NAME]
    if kind == "case-file-review":
        data["reviewers"] = [SENTINEL_NAME]
    if kind == "case-scores":
        for score in data["scores"]:
            score["reviewer"] = SENTINEL_NAME
    if kind == "case-nomination":
        data["party"] = {"kind": "自然人", "name": PARTY}
    if kind == "accountability-referral":  # every field of it is internal
        data["facts"] = f"{SENTINEL_NAME}的过错事实"
        for person in data["responsible"]:
            person["name"] = SENTINEL_NAME


@pytest.fixture(scope="module")
def sentinel_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_copy(tmp_path_factory.mktemp("sentinel") / "repo")
    rewrite_records(root, plant_sentinels)
    assert run_tieshai("--root", str(root), "check").code == 0
    return root


@pytest.fixture(scope="module")
def public_site(sentinel_repo: Path) -> Path:
    site = sentinel_repo / "public-site"
    result = run_tieshai("--root", str(sentinel_repo), "build", "--audience", "public", "--site-dir", str(site))
    assert result.code == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def internal_site(sentinel_repo: Path) -> Path:
    site = sentinel_repo / "internal-site"
    result = run_tieshai("--root", str(sentinel_repo), "build", "--site-dir", str(site))
    assert result.code == 0, result.stderr
    return site


def test_no_internal_field_reaches_any_file_of_the_public_build(public_site: Path) -> None:
    text = site_text(public_site)
    assert SENTINEL_NAME not in text and SENTINEL_PHONE not in text
    assert PARTY not in text  # natural persons appear as surname + 某
    assert "欧某" in (public_site / "cases" / "index.html").read_text(encoding="utf-8")
    assert "accountability" not in {path.parent.name for path in public_site.rglob("*")}  # no page, no form
    assert "ouhai-accountability-1" not in text


def test_internal_build_shows_what_the_public_one_leaves_out(internal_site: Path) -> None:
    text = site_text(internal_site)
    assert SENTINEL_NAME in text and SENTINEL_PHONE in text  # so the public test above can fail
    assert PARTY in (internal_site / "cases" / "index.html").read_text(encoding="utf-8")
    referrals = (internal_site / "accountability" / "index.html").read_text(encoding="utf-8")
    assert f"{SENTINEL_NAME}的过错事实" in referrals and "ouhai-enforcement-i1" in referrals


def test_public_downloads_are_complete_and_clean(public_site: Path) -> None:
    state = json.loads((public_site / "data" / "campaign-state.json").read_text(encoding="utf-8"))
    assert state["ledger"] and state["ranking"] and state["progress"]
    assert (public_site / "data" / "ranking.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_audience_must_be_known() -> None:
    result = run_tieshai("build", "--audience", "press")
    assert result.code == 2 and "无效的选项" in result.stderr


def test_a_plain_mkdocs_build_told_public_by_its_deployment_is_public(sentinel_repo: Path, tmp_path: Path) -> None:
    """A deployment may run `mkdocs build` itself with TIESHAI_AUDIENCE=public: it must be public."""
    (sentinel_repo / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'scripts/tieshai/site/mkdocs-base.yml'}\n"
                                              f"docs_dir: {REPO / 'docs'}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=sentinel_repo,
                            env={**os.environ, "TIESHAI_AUDIENCE": "public", "TIESHAI_AS_OF": "2021-06-15"},
                            capture_output=True, text=True, timeout=300)
    (sentinel_repo / "mkdocs.yml").unlink()
    assert result.returncode == 0, result.stderr
    text = site_text(site)
    assert SENTINEL_NAME not in text and SENTINEL_PHONE not in text
    assert "2021年6月15日" in (site / "index.html").read_text(encoding="utf-8")


def test_the_public_documents_leave_out_the_inspection_team(public_site: Path, internal_site: Path) -> None:
    """The circulars name the inspection team for staff only: the public build's Word files are
    made from the records without their internal fields."""
    import docx

    for site, named in ((internal_site, True), (public_site, False)):
        circulars = sorted((site / "data").glob("circular-*.docx"))
        assert circulars and (site / "data" / "campaign-state.xlsx").exists()
        for circular in circulars:
            text = "\n".join(paragraph.text for paragraph in docx.Document(str(circular)).paragraphs)
            assert ("督查组成员" in text and SENTINEL_NAME in text) is named, circular
