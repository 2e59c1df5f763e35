"""One path for the data: a pull request's check reads each earlier file from git once, parses
every file once and only with the strict loader, and asks git no more than it must."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

from tieshai.load import yamlload
from tieshai.workspace import Workspace

from .conftest import commit_all
from .test_pull_requests import edit

RECTIFICATION = "submissions/lucheng/accidents/rectification.yaml"
PYYAML_LOADERS = ("load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose",
                  "compose_all")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Every parse by the strict loader, by file and content; the real parser still runs."""
    seen: Counter[tuple[str, str]] = Counter()
    original = yamlload._build

    def counted(text: str, display: str, *, with_positions: bool) -> Any:
        seen[(display, hashlib.sha256(text.encode()).hexdigest())] += 1
        return original(text, display, with_positions=with_positions)

    monkeypatch.setattr(yamlload, "_build", counted)
    return seen


@pytest.fixture
def other_yaml_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of PyYAML's own loaders, which would bypass the strict loader and its limits."""
    calls: list[str] = []
    for name in PYYAML_LOADERS:
        monkeypatch.setattr(yaml, name, _noting(calls, name, getattr(yaml, name)))
    return calls


def _noting(calls: list[str], name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def noted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return original(*args, **kwargs)

    return noted


@pytest.fixture
def git_commands(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git subcommand of every command GitPython runs (it runs them all through execute)."""
    commands: list[str] = []
    original = git.cmd.Git.execute

    def counted(self: git.cmd.Git, command: Any, *args: Any, **kwargs: Any) -> Any:
        words = [str(word) for word in command]
        commands.append(next(word for word in words[1:] if not word.startswith("-")))
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(git.cmd.Git, "execute", counted)
    return commands


def test_a_one_rectification_pull_request_reads_and_parses_each_file_once(
        campaign_repo: tuple[Path, git.Repo], parses: Counter[tuple[str, str]], other_yaml_loads: list[str],
        git_commands: list[str]) -> None:
    root, repo = campaign_repo
    edit(root, RECTIFICATION, "  measures: 已按整改方案落实，完善制度并组织复查。\n  status: 整改中",
         "  measures: 已制定整改方案，正在组织复查。\n  status: 整改中")
    commit_all(repo, "鹿城区整改进展", "lucheng-bureau")
    git_commands.clear()  # only the check's own commands count

    result, description = Workspace.at(root).check_change("main", "lucheng-bureau")

    assert result.ok, result.findings
    assert [f"{record.title} {record.verb}" for record in description.records] == ["鹿城区 专项行动三 整改报告 修改"]
    assert other_yaml_loads == []
    assert parses and max(parses.values()) == 1, [key for key, count in parses.items() if count > 1]
    versions = [display for display, _ in parses if display == RECTIFICATION]
    assert len(versions) == 2  # the work tree's and the base's, each parsed once
    assert all(display == "campaign.yaml" or display.startswith("submissions/lucheng/") for display, _ in parses)
    # cat-file: git's long-running --batch process, which measures, then reads, the
    # record's earlier version and the base's campaign.yaml (its roles judge the change);
    # no grep: the change brings no new id
    assert Counter(git_commands) == Counter({"diff": 1, "ls-files": 1, "merge-base": 1, "cat-file": 1})
