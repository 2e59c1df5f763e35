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


def test_the_workflows_exist() -> None:
    assert {path.name for path in WORKFLOWS} >= {"publish.yml", "validate.yml", "pr-comment.yml", "tests.yml"}


def test_pull_requests_that_touch_code_run_the_whole_suite() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    assert "scripts/**" in workflow[True]["pull_request"]["paths"]  # PyYAML reads the `on` key as True
    assert [step["run"] for step in workflow["jobs"]["test"]["steps"] if "run" in step] == ["bash .ci/run"]


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
        if "pip install" not in path.read_text(encoding="utf-8"):
            continue
        assert "pip install -c constraints.txt" in path.read_text(encoding="utf-8"), path.name


def test_pull_request_workflow_gets_no_write_access() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    assert "pull_request_target" not in workflow[True]  # PyYAML reads the `on` key as True
    for job in workflow["jobs"].values():
        assert "permissions" not in job and "secrets" not in str(job)


def test_what_is_published_or_shared_is_the_public_build() -> None:
    for name in ("publish.yml", "validate.yml"):
        text = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
        builds = [line for line in text.splitlines() if "tieshai build" in line and not line.strip().startswith("#")]
        assert builds and all("--audience public" in line for line in builds), name


def test_no_workflow_expands_a_value_into_a_script() -> None:
    """PR titles, branch names, logins... reach scripts only through env, never as ${{ }} text."""
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path.name, name, step.get("name"))


def test_comment_workflow_never_runs_pull_request_code() -> None:
    text = (REPO / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert list(workflow[True]) == ["workflow_run"]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert not any(step.get("uses", "").startswith("actions/checkout@") for step in steps)
    assert "tieshai" not in text.replace("tieshai-check", "")  # no project code runs here


def test_codeowners_is_current() -> None:
    from .conftest import run_tieshai

    result = run_tieshai("codeowners", "--check")
    assert result.code == 0, result.stdout


def test_secrets_never_reach_a_job_that_runs_pull_request_content() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = workflow[True]
        if "pull_request" in triggers or "pull_request_target" in triggers:
            assert "pull_request_target" not in triggers, path.name
            code = "\n".join(line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
            assert "secrets." not in code, path.name
