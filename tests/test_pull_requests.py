"""Whole pull requests played on real git repositories: who may change what, what can never be
rewritten, and when a report really landed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import git
import yaml

from .conftest import check_json, commit_all, replace_in_file, run_tieshai
from .sites import demo_copy, rewrite_record

UNIT_REPORT = "submissions/lucheng/case-review/self-inspection.yaml"


def check_pr(root: Path, author: str) -> dict:
    """The check of the pull request's branch against main, as sent by ``author``."""
    return check_json(root, "--base", "main", "--author", author)


def codes(report: dict) -> set[str]:
    return {finding["code"] for finding in report["findings"] if finding["severity"] == "error"}


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace the first ``old`` in one file of the repository by ``new``."""
    replace_in_file(root / path, old, new, 1)


def test_a_unit_submits_its_own_report(campaign_repo) -> None:
    root, repo = campaign_repo
    source = (root / UNIT_REPORT).read_text(encoding="utf-8")
    target = root / "submissions/longwan/case-review/self-inspection.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.replace("lucheng", "longwan"), encoding="utf-8")
    commit_all(repo, "龙湾区 专项行动四 自查报告", "longwan-bureau")
    report = check_pr(root, "longwan-bureau")
    assert report["ok"], report["findings"]
    assert report["files_checked"] < 60  # only the touched unit is loaded, not all 250 files


def test_a_unit_cannot_edit_another_units_report(campaign_repo) -> None:
    root, repo = campaign_repo
    edit(root, UNIT_REPORT, "report_date:", "# 由龙湾区修改\nreport_date:")
    commit_all(repo, "改别的单位", "longwan-bureau")
    report = check_pr(root, "longwan-bureau")
    refused = [f for f in report["findings"] if f["code"] == "change-not-allowed"]
    assert refused and refused[0]["file"] == UNIT_REPORT
    assert "lucheng-bureau" in refused[0]["message"] and "longwan-bureau" in refused[0]["message"]


def test_a_unit_cannot_edit_the_teams_documents(campaign_repo) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/inspection.yaml"
    edit(root, path, "summary: ", "summary: 已改。")
    commit_all(repo, "改督查记录", "lucheng-bureau")
    report = check_pr(root, "lucheng-bureau")
    refused = [f for f in report["findings"] if f["code"] == "change-not-allowed" and f["file"] == path]
    assert refused and "inspection-team" in refused[0]["message"]


def test_an_issued_finding_cannot_be_deleted_even_by_the_team(campaign_repo) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/inspection.yaml"
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    removed = data["findings"][-1]["id"]
    lines = (root / path).read_text(encoding="utf-8")
    start = lines.index(f"- id: {removed}")
    (root / path).write_text(lines[:start].rstrip(" "), encoding="utf-8")
    commit_all(repo, "删除问题", "inspection-team")
    report = check_pr(root, "inspection-team")
    assert "change-immutable" in codes(report)
    assert any(removed in f["message"] for f in report["findings"])


def test_a_notice_cannot_be_rewritten(campaign_repo) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/notices/lucheng-accidents-n1.yaml"
    edit(root, path, "requirements: ", "requirements: 改写：")
    commit_all(repo, "改写通知书", "inspection-team")
    assert "change-immutable" in codes(check_pr(root, "inspection-team"))


def rewrite(root: Path, path: str, change) -> None:
    """Let ``change(data)`` edit one record of the repository."""
    rewrite_record(root / path, lambda _kind, data: change(data))


def test_the_team_verifies_a_rectification(campaign_repo) -> None:
    root, repo = campaign_repo
    path = "submissions/dongtou/plans/rectification.yaml"  # dongtou is a key target of plans
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(data["items"]) if item["status"] == "已完成" and "acceptance" not in item)

    def accept(record):
        item = record["items"][index]
        accepted = date.fromisoformat(item["completion_date"]) + timedelta(days=3)
        item["acceptance"] = {"date": accepted.isoformat(), "result": "通过"}

    rewrite(root, path, accept)
    commit_all(repo, "验收", "inspection-team")
    report = check_pr(root, "inspection-team")
    assert report["ok"], report["findings"]
    # once verified, the unit may not reopen it
    repo.git.checkout("main")
    repo.git.merge("pr")
    repo.git.checkout("-b", "reopen")
    rewrite(root, path, lambda record: record["items"][index].update(measures="单位改写已验收的整改措施"))
    commit_all(repo, "改已验收的整改", "dongtou-bureau")
    assert "change-immutable" in codes(check_pr(root, "dongtou-bureau"))


def test_a_unit_cannot_write_the_acceptance(campaign_repo) -> None:
    root, repo = campaign_repo
    path = "submissions/dongtou/plans/rectification.yaml"
    edit(root, path, "result: 通过", "result: 不通过")
    commit_all(repo, "改验收", "dongtou-bureau")
    assert "change-not-allowed" in codes(check_pr(root, "dongtou-bureau"))


def test_reports_cannot_be_deleted(campaign_repo) -> None:
    root, repo = campaign_repo
    (root / UNIT_REPORT).unlink()
    commit_all(repo, "删除自查报告", "lucheng-bureau")
    assert "change-deleted" in codes(check_pr(root, "lucheng-bureau"))


def test_one_pr_one_unit_unless_the_organiser_sends_it(campaign_repo) -> None:
    root, repo = campaign_repo
    edit(root, UNIT_REPORT, "report_date:", "# 注\nreport_date:")
    edit(root, "submissions/longwan/plans/self-inspection.yaml", "report_date:", "# 注\nreport_date:")
    edit(root, "campaign.yaml", "# 铁筛行动方案（数据版）", "# 铁筛行动方案（数据版，组织单位修订）")
    commit_all(repo, "组织单位统一修订", "policy-office")
    assert check_pr(root, "policy-office")["ok"]
    assert {"change-several-units", "change-not-allowed"} <= codes(check_pr(root, "lucheng-bureau"))


def test_a_late_report_is_flagged_from_git_time(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "campaign")
    target = root / "submissions/longwan/case-review/self-inspection.yaml"
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "行动开始", "policy-office", "2021-03-01T09:00:00+08:00")
    # declared 2021-09-10, before the 2021-10-31 deadline; it lands on main on 2021-11-09
    report = (root / UNIT_REPORT).read_text(encoding="utf-8").replace("lucheng", "longwan")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report, encoding="utf-8")
    commit_all(repo, "龙湾区 专项行动四 自查报告", "longwan-bureau", "2021-11-09T10:00:00+08:00")
    out = tmp_path / "export"
    result = run_tieshai("--root", str(root), "export", "--format", "json", "--out", str(out), "--as-of", "2021-11-15")
    assert result.code == 0, result.stderr
    progress = json.loads((out / "campaign-state.json").read_text(encoding="utf-8"))["progress"]
    row = next(r for r in progress if r["unit"] == "longwan" and r["action"] == "case-review")
    assert row["date_source"] == "git" and row["self_inspected_on"] == "2021-11-09"
    assert row["deadline_missed"] and row["days_late"] == 9


def test_without_git_history_of_the_campaign_declared_dates_apply(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "campaign")
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "导入", "policy-office")  # committed today, after the 2021 campaign
    out = tmp_path / "export"
    assert run_tieshai("--root", str(root), "export", "--format", "json", "--out", str(out)).code == 0
    progress = json.loads((out / "campaign-state.json").read_text(encoding="utf-8"))["progress"]
    assert {row["date_source"] for row in progress} == {"declared"}


def test_base_must_exist(campaign_repo) -> None:
    root, _ = campaign_repo
    result = run_tieshai("--root", str(root), "check", "--base", "no-such-branch", "--author", "policy-office")
    assert result.code == 2 and "no-such-branch" in result.stderr and "Traceback" not in result.stderr


def test_the_reviewer_sees_what_the_pr_changes(campaign_repo, tmp_path: Path) -> None:
    root, repo = campaign_repo
    path = "submissions/dongtou/plans/rectification.yaml"
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(data["items"]) if item["status"] == "已完成" and "acceptance" not in item)
    rewrite(root, path, lambda record: record["items"][index].update(
        acceptance={"date": "2021-09-01", "result": "通过"}))
    commit_all(repo, "验收", "inspection-team")
    summary, comment = tmp_path / "summary.md", tmp_path / "comment.md"
    result = run_tieshai("--root", str(root), "check", "--base", "main", "--author", "inspection-team",
                         "--format", "github", "--comment-out", str(comment), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 0, result.stdout
    for text in (summary.read_text(encoding="utf-8"), comment.read_text(encoding="utf-8")):
        assert "洞头区 专项行动一 整改报告 修改；1 个问题验收" in text and "没有发现问题" in text
    again = run_tieshai("--root", str(root), "check", "--base", "main", "--comment-out", str(comment))
    assert again.code == 2 and "不会覆盖" in again.stderr


def test_codeowners_follow_the_roles(campaign_repo) -> None:
    root, _ = campaign_repo
    assert run_tieshai("--root", str(root), "codeowners", "--check").code == 1  # not written yet
    assert run_tieshai("--root", str(root), "codeowners").code == 0
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/submissions/lucheng/" in text and "@lucheng-bureau" in text and "@inspection-team" in text
    assert run_tieshai("--root", str(root), "codeowners", "--check").code == 0
    edit(root, "campaign.yaml", "maintainers: [lucheng-bureau]", "maintainers: [lucheng-bureau, lucheng-clerk]")
    stale = run_tieshai("--root", str(root), "codeowners", "--check")
    assert stale.code == 1 and "不一致" in stale.stdout
    (root / ".github" / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    mine = run_tieshai("--root", str(root), "codeowners")
    assert mine.code == 2 and "不会覆盖" in mine.stderr
    assert (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == "* @someone\n"
