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


def test_the_change_check_runs_the_bases_code_on_the_pull_requests_tree() -> None:
    """Trusted code judges untrusted data: the check job installs tieshai from a checkout of the
    base commit and only reads the pull request's tree; the pull request's own code is installed
    only in the preview job, after the check passed, on another runner."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    checkouts = {step["with"]["path"]: step["with"] for step in steps if step.get("uses", "").startswith("actions/checkout@")}
    trusted = next(path for path, options in checkouts.items() if options.get("ref") == "${{ github.event.pull_request.base.sha }}")
    untrusted = [path for path, options in checkouts.items() if "ref" not in options]
    assert len(untrusted) == 1 and untrusted[0] != trusted
    installs = [index for index, step in enumerate(steps) if "pip install" in step.get("run", "")]
    assert installs and all(steps[index].get("working-directory") == trusted for index in installs)
    runs = [index for index, step in enumerate(steps) if re.search(r"^\s*tieshai ", step.get("run", ""), re.MULTILINE)]
    assert runs and min(runs) > max(installs)
    for index in runs:
        assert steps[index]["working-directory"] == untrusted[0] and "tieshai --root . " in steps[index]["run"]
    assert "--base \"$BASE_SHA\"" in steps[runs[0]]["run"]  # the commit whose code and roles judge
    preview = workflow["jobs"]["preview"]
    assert preview["needs"] == "check" and preview["if"] == "needs.check.outputs.code == '0'"
    assert workflow["jobs"]["check"]["outputs"]["code"] == "${{ steps.check.outputs.code }}"


FAKE_GH = """#!{python}
import os, sys
arguments = sys.argv[1:]
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(" ".join(arguments) + "\\n")
path = next(argument for argument in arguments if argument.startswith("repos/"))
if path.endswith("/pulls"):
    print(os.environ["GH_PULLS"])
elif path.endswith("/files"):
    print(os.environ["GH_FILES"])
"""


def comment_step(tmp_path: Path, artifact_number: str, pulls: str, files: str = "submissions/lucheng/a.yaml"):
    """Run pr-comment.yml's script as the runner would, with the artifact in place and a stand-in
    for the GitHub API (which cannot run here) that answers as GitHub would and logs every call."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8"))
    step = next(step for step in workflow["jobs"]["comment"]["steps"] if "run" in step)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "gh").write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    (tools / "gh").chmod(0o755)
    (tmp_path / "pr-result").mkdir()
    (tmp_path / "pr-result" / "number").write_text(artifact_number + "\n", encoding="utf-8")
    (tmp_path / "pr-result" / "comment.md").write_text("## 铁筛\n\n没有发现问题。\n", encoding="utf-8")
    sha = "a" * 40
    environment = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "GH_LOG": str(tmp_path / "log"),
                   "GH_PULLS": pulls.format(sha=sha), "GH_FILES": files, "REPO": "bureau/campaign", "HEAD_SHA": sha,
                   "HEAD_OWNER": "someone", "HEAD_BRANCH": "lucheng-report", "GH_TOKEN": "none"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=environment, capture_output=True, text=True)
    log = (tmp_path / "log").read_text(encoding="utf-8") if (tmp_path / "log").exists() else ""
    return done, log


def test_the_comment_goes_to_the_runs_own_pull_request(tmp_path: Path) -> None:
    done, log = comment_step(tmp_path, "7", "7 {sha}\n9 " + "b" * 40)
    assert done.returncode == 0, done.stderr
    assert "head=someone:lucheng-report" in log and "--method POST repos/bureau/campaign/issues/7/comments" in log
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    assert body.startswith("<!-- tieshai-check -->") and "没有发现问题" in body and "注意" not in body


def test_an_artifact_naming_another_pull_request_is_refused(tmp_path: Path) -> None:
    done, log = comment_step(tmp_path, "8", "7 {sha}")
    assert done.returncode == 1 and "不一致" in done.stdout
    assert "POST" not in log and "PATCH" not in log


def test_no_comment_without_the_runs_own_pull_request(tmp_path: Path) -> None:
    done, log = comment_step(tmp_path, "7", "")
    assert done.returncode == 1 and "POST" not in log and "PATCH" not in log


def test_the_comment_warns_when_the_pull_request_changes_the_tool(tmp_path: Path) -> None:
    done, _ = comment_step(tmp_path, "7", "7 {sha}", files="scripts/tieshai/rules/check.py")
    assert done.returncode == 0, done.stderr
    assert "本合并请求修改了工作流、校验程序或 schema" in (tmp_path / "body.md").read_text(encoding="utf-8")
