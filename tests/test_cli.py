"""The `tieshai` command's contract: subcommands, global --root, exit codes, Chinese output."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import REPO, replace_in_file, run_tieshai


def test_help_is_in_chinese() -> None:
    result = run_tieshai("--help")
    assert result.code == 0
    assert "用法：" in result.stdout and "校验行动数据" in result.stdout
    for command in ("check", "build", "serve"):
        assert command in result.stdout


def test_check_passes_on_the_embedded_campaign() -> None:
    result = run_tieshai("check")
    assert result.code == 0
    assert "没有发现问题" in result.stdout


def test_check_json_contract() -> None:
    result = run_tieshai("check", "--format", "json")
    assert result.code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["findings"] == []
    assert report["files_checked"] > 200  # campaign.yaml and the demo submissions (250 files)


def test_root_is_found_from_a_subfolder() -> None:
    assert run_tieshai("check", cwd=REPO / "docs").code == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    unknown = run_tieshai("frobnicate")
    assert unknown.code == 2 and "无效的选项" in unknown.stderr
    no_campaign = run_tieshai("--root", str(tmp_path), "check")
    assert no_campaign.code == 2 and "campaign.yaml" in no_campaign.stderr
    bad_date = run_tieshai("build", "--as-of", "2021-13-01")
    assert bad_date.code == 2 and "不是有效日期" in bad_date.stderr
    assert "Traceback" not in unknown.stderr + no_campaign.stderr + bad_date.stderr


def test_github_format_annotates_and_writes_the_job_summary(campaign_copy: Path, tmp_path: Path) -> None:
    replace_in_file(campaign_copy / "campaign.yaml", "kind: district", "kind: distrct")  # all four of them
    summary = tmp_path / "summary.md"
    result = run_tieshai("--root", str(campaign_copy), "check", "--format", "github",
                         env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    plain = [line for line in result.stdout.splitlines() if line.startswith("campaign.yaml:")]
    assert len(annotations) == 4 and len(plain) == 4  # the four districts
    assert annotations[0].startswith("::error file=campaign.yaml,line=")
    assert "是否想写“district”" in plain[0]
    table = summary.read_text(encoding="utf-8")
    assert "| ` campaign.yaml:" in table and "| 不是可选的值 |" in table and "schema" not in table


def test_build_refuses_a_broken_campaign(campaign_copy: Path, tmp_path: Path) -> None:
    replace_in_file(campaign_copy / "campaign.yaml", "number: 2\n", "number: two\n")
    site = tmp_path / "site"
    result = run_tieshai("--root", str(campaign_copy), "build", "--site-dir", str(site))
    assert result.code == 1
    assert "站点未生成" in result.stderr and "campaign.yaml:" in result.stderr
    assert not site.exists()


def test_build_of_a_repository_without_mkdocs_yml(campaign_copy: Path) -> None:
    result = run_tieshai("--root", str(campaign_copy), "build", "--as-of", "2021-05-01")
    assert result.code == 0, result.stderr
    index = campaign_copy / "site" / "index.html"
    assert f"站点已生成：{index}" in result.stdout
    assert "2021年5月1日" in index.read_text(encoding="utf-8")
    # the build tells the truth about how to view it: this one needs a web server
    assert "tieshai serve" in result.stdout and "--offline" in result.stdout
    assert "用浏览器打开上面的文件即可查看" not in result.stdout


def test_build_never_overwrites_a_folder_it_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.docx").write_text("user's work", encoding="utf-8")
    result = run_tieshai("build", "--site-dir", str(folder))
    assert result.code == 2 and "为免覆盖" in result.stderr
    assert (folder / "report.docx").read_text(encoding="utf-8") == "user's work"


def test_rebuilding_into_its_own_site_folder_is_allowed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_tieshai("build", "--site-dir", str(site), "--as-of", "2021-06-01").code == 0
    assert run_tieshai("build", "--site-dir", str(site), "--as-of", "2021-07-01").code == 0
    assert "2021年7月1日" in (site / "index.html").read_text(encoding="utf-8")


def test_build_refuses_a_broken_submission(example_repo: Path, tmp_path: Path) -> None:
    replace_in_file(example_repo / "submissions/lucheng/plans/self-inspection.yaml", "result: 基本符合", "result: 基本")
    result = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(tmp_path / "site"))
    assert result.code == 1
    assert "submissions/lucheng/plans/self-inspection.yaml:" in result.stderr and "站点未生成" in result.stderr


def test_codeowners_is_never_written_through_a_symlink(campaign_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (campaign_copy / ".github").symlink_to(outside, target_is_directory=True)
    result = run_tieshai("--root", str(campaign_copy), "codeowners")
    assert result.code == 2 and "符号链接" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert list(outside.iterdir()) == []
    (campaign_copy / ".github").unlink()
    (campaign_copy / ".github").mkdir()
    (campaign_copy / ".github" / "CODEOWNERS").symlink_to(outside / "CODEOWNERS")
    result = run_tieshai("--root", str(campaign_copy), "codeowners")
    assert result.code == 2 and "符号链接" in result.stderr, result.stderr
    assert list(outside.iterdir()) == []
