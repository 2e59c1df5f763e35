"""Shared fixtures and helpers: the real repository and copies of it, real `tieshai` runs, the
campaign as the code loads it, a real site build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import git
import pytest

from tieshai.model.campaign import Campaign
from tieshai.rules.check import load_campaign

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2021-06-15"
CORPUS_BASE = Path(__file__).resolve().parent / "corpus" / "base"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_tieshai(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the real command in a child process, as a user would."""
    completed = subprocess.run(
        [sys.executable, "-m", "tieshai", *args],
        cwd=cwd or REPO, capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, **(env or {})}, timeout=300,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def check_json(root: Path, *arguments: str) -> dict[str, Any]:
    """`tieshai check --format json` on ``root`` (``arguments``: paths, or --base and --author):
    the report, after checking that the exit code and the report agree and nothing crashed."""
    result = run_tieshai("--root", str(root), "check", "--format", "json", *arguments)
    assert result.code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is (result.code == 0)
    return report


def build_site(root: Path, site: Path, *options: str) -> Path:
    """`tieshai build` of ``root`` into ``site`` as of AS_OF; ``options`` such as --audience public."""
    result = run_tieshai("--root", str(root), "build", "--site-dir", str(site), "--as-of", AS_OF, *options)
    assert result.code == 0, result.stderr
    return site


def replace_in_file(path: Path, old: str, new: str, count: int = -1) -> str:
    """Replace ``old`` by ``new`` in a UTF-8 file (every time, or the first ``count`` times) and
    return the new text; ``old`` must be there, so that a test never checks an unchanged file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    changed = text.replace(old, new, count)
    path.write_text(changed, encoding="utf-8")
    return changed


def copy_repository(target: Path, submissions: Path) -> Path:
    """A campaign repository in ``target``: the real campaign.yaml and schemas, and a copy of
    ``submissions`` (the repository's demo data, or the test corpus's hand-written records)."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "campaign.yaml", target / "campaign.yaml")
    shutil.copytree(REPO / "schemas", target / "schemas")
    shutil.copytree(submissions, target / "submissions")
    return target


@pytest.fixture(scope="session")
def campaign() -> Campaign:
    """The repository's campaign.yaml as the code loads it, with no finding at all."""
    loaded, findings = load_campaign(REPO)
    assert findings == [] and loaded is not None
    return loaded


@pytest.fixture
def campaign_copy(tmp_path: Path) -> Path:
    """A campaign repository in a temporary folder holding the real campaign.yaml alone: no
    submissions, schemas, docs or mkdocs.yml."""
    root = tmp_path / "campaign"
    root.mkdir()
    shutil.copy(REPO / "campaign.yaml", root / "campaign.yaml")
    return root


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """The real campaign with a small, hand-written set of valid submissions (three units, every
    kind of record) in a temporary folder, to break on purpose one rule at a time."""
    return copy_repository(tmp_path / "repo", CORPUS_BASE / "submissions")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (skipped without it, except in CI)."""
    from .browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (internal audience, the default) as of AS_OF, built once."""
    return build_site(REPO, tmp_path_factory.mktemp("site") / "out")


def commit_all(repo: git.Repo, message: str, login: str, when: str | None = None) -> None:
    """Commit everything as ``login``; ``when`` (ISO date and time, +08:00) sets the commit time."""
    repo.git.add("-A")
    actor = git.Actor(login, f"{login}@example.org")
    stamp = f"{int(datetime.fromisoformat(when).timestamp())} +0800" if when else None
    repo.index.commit(message, author=actor, committer=actor, author_date=stamp, commit_date=stamp)


@pytest.fixture
def campaign_repo(tmp_path: Path) -> tuple[Path, git.Repo]:
    """The demo campaign as a git repository whose main branch holds it, and a branch for a PR."""
    from .sites import demo_copy

    root = demo_copy(tmp_path / "campaign")
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "示例行动", "policy-office")
    repo.git.checkout("-b", "pr")
    return root, repo
