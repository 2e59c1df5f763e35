"""The GitHub workflows: actionlint-clean, least privilege, actions pinned to commits."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_both_workflows_exist() -> None:
    assert {path.name for path in WORKFLOWS} >= {"publish.yml", "validate.yml"}


def test_actionlint_passes() -> None:
    # installed beside the interpreter running the tests, which need not be on PATH
    search_path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    actionlint = shutil.which("actionlint", path=search_path)
    assert actionlint, "actionlint 未安装：请用 pip install -e '.[test]' 安装测试依赖"
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege_and_pinned_actions(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        for permission, level in job.get("permissions", {}).items():
            assert level in ("read", "write", "none"), (name, permission)
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


def test_workflows_install_with_the_constraints_file() -> None:
    for path in WORKFLOWS:
        assert "pip install -c constraints.txt" in path.read_text(encoding="utf-8"), path.name


def test_pull_request_workflow_gets_no_write_access() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    assert "pull_request_target" not in workflow[True]  # PyYAML reads the `on` key as True
    for job in workflow["jobs"].values():
        assert "permissions" not in job and "secrets" not in str(job)


def test_what_is_published_or_shared_is_the_public_build() -> None:
    for name in ("publish.yml", "validate.yml"):
        text = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
        builds = [line for line in text.splitlines() if "tieshai build" in line]
        assert builds and all("--audience public" in line for line in builds), name
