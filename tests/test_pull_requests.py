"""Whole pull requests played on real git repositories: who may change what, what can never be
rewritten, and when a report really landed."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import git
import yaml

from .conftest import REPO, check_json, commit_all, replace_in_file, run_tieshai
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
    removed = yaml.safe_load((root / path).read_text(encoding="utf-8"))["findings"][-1]["id"]
    rewrite(root, path, lambda record: record["findings"].pop())  # the record stays valid: findings: []
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
    # a unit's change to another unit's file and to the plan: one refusal each, with its undo,
    # not also "several units"
    assert codes(check_pr(root, "lucheng-bureau")) == {"change-not-allowed"}
    repo.git.checkout("main")
    repo.git.checkout("-b", "team")
    edit(root, "submissions/lucheng/accidents/inspection.yaml", "summary: ", "summary: 补充。")
    edit(root, "submissions/longwan/accidents/inspection.yaml", "summary: ", "summary: 补充。")
    commit_all(repo, "两个单位的督查记录", "inspection-team")
    assert "change-several-units" in codes(check_pr(root, "inspection-team"))


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
        assert "洞头区 专项行动一 整改报告**：修改" in text and "验收通过（2021\\-09\\-01）" in text
        assert "**校验结果**：通过，没有发现问题。" in text
    again = run_tieshai("--root", str(root), "check", "--base", "main", "--comment-out", str(comment))
    assert again.code == 2 and "不会覆盖" in again.stderr


def test_codeowners_follow_the_roles(campaign_repo) -> None:
    root, _ = campaign_repo
    assert run_tieshai("--root", str(root), "codeowners", "--check").code == 1  # not written yet
    assert run_tieshai("--root", str(root), "codeowners").code == 0
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/submissions/" in text and "@inspection-team" in text and "@lucheng-bureau" not in text
    assert run_tieshai("--root", str(root), "codeowners", "--check").code == 0
    edit(root, "campaign.yaml", "inspection_team: [inspection-team]", "inspection_team: [inspection-team, inspector-2]")
    stale = run_tieshai("--root", str(root), "codeowners", "--check")
    assert stale.code == 1 and "不一致" in stale.stdout
    (root / ".github" / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    mine = run_tieshai("--root", str(root), "codeowners")
    assert mine.code == 2 and "不会覆盖" in mine.stderr
    assert (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == "* @someone\n"


# -- the base's rules judge the change; what no one may do to a rectification; ids; authors ----

RECTIFICATION = "submissions/dongtou/plans/rectification.yaml"  # its item dongtou-plans-i2 is accepted


def accepted_item(root: Path) -> tuple[int, str]:
    data = yaml.safe_load((root / RECTIFICATION).read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(data["items"]) if "acceptance" in item)
    return index, data["items"][index]["problem"]


def test_a_pr_cannot_grant_its_author_a_role(campaign_repo) -> None:
    root, repo = campaign_repo
    edit(root, "campaign.yaml", "organiser: [policy-office]", "organiser: [policy-office, longwan-bureau]")
    edit(root, UNIT_REPORT, "report_date:", "# 由龙湾区修改\nreport_date:")
    commit_all(repo, "把自己加为组织单位，再改别的单位", "longwan-bureau")
    refused = {f["file"] for f in check_pr(root, "longwan-bureau")["findings"] if f["code"] == "change-not-allowed"}
    assert refused >= {"campaign.yaml", UNIT_REPORT}  # judged by main's roles, where it is a unit's maintainer


def test_the_organiser_changes_the_roles_by_the_bases_roles(campaign_repo) -> None:
    root, repo = campaign_repo
    edit(root, "campaign.yaml", "organiser: [policy-office]", "organiser: [policy-office, policy-clerk]")
    commit_all(repo, "增加组织单位账号", "policy-office")
    assert check_pr(root, "policy-office")["ok"]
    assert "change-not-allowed" in codes(check_pr(root, "policy-clerk"))  # a role counts once merged


def test_a_unit_cannot_delete_its_accepted_rectification_item(campaign_repo) -> None:
    root, repo = campaign_repo
    index, problem = accepted_item(root)
    rewrite(root, RECTIFICATION, lambda record: record["items"].pop(index))
    commit_all(repo, "删除已验收的整改", "dongtou-bureau")
    refused = [f for f in check_pr(root, "dongtou-bureau")["findings"] if f["code"] == "change-immutable"]
    assert refused and problem in refused[0]["message"] and "不能删除" in refused[0]["message"]


def test_a_unit_cannot_move_an_accepted_item_to_another_problem(campaign_repo) -> None:
    root, repo = campaign_repo
    index, problem = accepted_item(root)
    rewrite(root, RECTIFICATION, lambda record: record["items"][index].update(problem="dongtou-plans-i9"))
    commit_all(repo, "改写已验收的整改", "dongtou-bureau")
    assert any(problem in f["message"] for f in check_pr(root, "dongtou-bureau")["findings"]
               if f["code"] == "change-immutable")


def test_the_team_cannot_delete_a_units_rectification_item(campaign_repo) -> None:
    root, repo = campaign_repo
    data = yaml.safe_load((root / RECTIFICATION).read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(data["items"]) if "acceptance" not in item)
    problem = data["items"][index]["problem"]
    rewrite(root, RECTIFICATION, lambda record: record["items"].pop(index))
    commit_all(repo, "督查组删除整改情况", "inspection-team")
    refused = [f for f in check_pr(root, "inspection-team")["findings"] if f["code"] == "change-not-allowed"]
    assert refused and problem in refused[0]["message"] and "不能删除" in refused[0]["message"]


def test_the_team_cannot_rewrite_a_units_own_fields(campaign_repo) -> None:
    root, repo = campaign_repo
    rewrite(root, RECTIFICATION, lambda record: record.update(report_date="2021-08-18"))
    commit_all(repo, "督查组改报告日期", "inspection-team")
    refused = [f for f in check_pr(root, "inspection-team")["findings"] if f["code"] == "change-not-allowed"]
    assert refused and refused[0]["file"] == RECTIFICATION and refused[0]["line"] == 5  # report_date's line
    assert "洞头区" in refused[0]["message"] and "dongtou-bureau" in refused[0]["message"]


def test_a_unit_cannot_reuse_another_units_id(campaign_repo) -> None:
    root, repo = campaign_repo
    target = root / "submissions/longwan/case-review/self-inspection.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((root / UNIT_REPORT).read_text(encoding="utf-8").replace("unit: lucheng", "unit: longwan"),
                      encoding="utf-8")  # lucheng's problem ids kept
    commit_all(repo, "龙湾区 专项行动四 自查报告", "longwan-bureau")
    report = check_pr(root, "longwan-bureau")
    reused = [f for f in report["findings"] if f["code"] == "record-duplicate-id"]
    assert reused and reused[0]["file"] == "submissions/longwan/case-review/self-inspection.yaml"
    assert "lucheng-case-review-s1" in reused[0]["message"] and UNIT_REPORT in reused[0]["message"]
    assert "鹿城区" in reused[0]["message"] and reused[0]["line"] is not None
    assert report["files_checked"] < 60  # still only the touched unit is loaded


def test_an_empty_or_unknown_author_has_no_role(campaign_repo) -> None:
    from tieshai.review.check import check_change
    from tieshai.review.git import GitRepository

    root, repo = campaign_repo
    edit(root, UNIT_REPORT, "report_date:", "# 注\nreport_date:")
    commit_all(repo, "改自查报告", "lucheng-bureau")
    empty = run_tieshai("--root", str(root), "check", "--base", "main", "--author", "")
    assert empty.code == 2 and "--author 不能为空" in empty.stderr and "Traceback" not in empty.stderr
    for author in ("", " ", "someone-else"):
        result, _ = check_change(root, GitRepository.open(root), "main", author)
        assert "change-not-allowed" in {f.code for f in result.findings}, author


def merge(repo: git.Repo, branch: str, message: str, when: str) -> None:
    """Merge ``branch`` into the current branch with a merge commit made at ``when``, as the
    platform does when a pull request is accepted."""
    stamp = f"{int(datetime.fromisoformat(when).timestamp())} +0800"
    repo.git.merge("--no-ff", "-m", message, branch, env={
        "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "platform",
        "GIT_AUTHOR_EMAIL": "platform@example.org", "GIT_COMMITTER_NAME": "platform",
        "GIT_COMMITTER_EMAIL": "platform@example.org"})


def longwan_progress(root: Path, tmp_path: Path) -> dict:
    """The progress row of longwan's case-review self-inspection, exported as of 2021-11-15."""
    out = tmp_path / "export"
    result = run_tieshai("--root", str(root), "export", "--format", "json", "--out", str(out), "--as-of", "2021-11-15")
    assert result.code == 0, result.stderr
    progress = json.loads((out / "campaign-state.json").read_text(encoding="utf-8"))["progress"]
    return next(r for r in progress if r["unit"] == "longwan" and r["action"] == "case-review")


def add_longwan_report(root: Path) -> None:
    """longwan's case-review self-inspection, declared 2021-09-10 (deadline 2021-10-31)."""
    target = root / "submissions/longwan/case-review/self-inspection.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((root / UNIT_REPORT).read_text(encoding="utf-8").replace("lucheng", "longwan"), encoding="utf-8")


def test_a_backdated_commit_on_a_branch_does_not_decide_lateness(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "campaign")
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "行动开始", "policy-office", "2021-03-01T09:00:00+08:00")
    repo.git.checkout("-b", "pr")
    add_longwan_report(root)
    commit_all(repo, "龙湾区 自查报告", "longwan-bureau", "2021-09-10T10:00:00+08:00")  # backdated on the branch
    repo.git.checkout("main")
    merge(repo, "pr", "合并：龙湾区 自查报告", "2021-11-09T10:00:00+08:00")
    row = longwan_progress(root, tmp_path)
    assert row["date_source"] == "git" and row["self_inspected_on"] == "2021-11-09" and row["deadline_missed"]


def test_a_date_on_the_main_branch_never_goes_back(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "campaign")
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "行动开始", "policy-office", "2021-03-01T09:00:00+08:00")
    (root / "submissions/longwan/README.md").write_text("龙湾区填报说明\n", encoding="utf-8")
    commit_all(repo, "说明", "policy-office", "2021-11-09T10:00:00+08:00")
    add_longwan_report(root)
    commit_all(repo, "龙湾区 自查报告", "longwan-bureau", "2021-09-10T10:00:00+08:00")  # pushed after, dated before
    row = longwan_progress(root, tmp_path)
    assert row["self_inspected_on"] == "2021-11-09" and row["deadline_missed"]


def test_the_latest_changes_are_the_accepted_ones(tmp_path: Path) -> None:
    from tieshai.review.git import GitRepository
    from tieshai.rules.check import load_campaign
    from tieshai.site.history import recent_changes

    root = tmp_path / "campaign"
    folder = root / "submissions/lucheng/plans"
    folder.mkdir(parents=True)
    (folder / "plan-filing.yaml").write_text("unit: lucheng\n", encoding="utf-8")
    (folder / "notes.txt").write_text("不是记录\n", encoding="utf-8")
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "行动开始", "policy-office", "2021-03-01T09:00:00+08:00")
    repo.git.checkout("-b", "pr")
    (folder / "self-inspection.yaml").write_text("unit: [lucheng\n", encoding="utf-8")
    commit_all(repo, "草稿：未通过校验", "lucheng-bureau", "2021-03-02T09:00:00+08:00")
    (folder / "self-inspection.yaml").write_text("unit: lucheng\n", encoding="utf-8")
    commit_all(repo, "改正", "lucheng-bureau", "2021-03-03T09:00:00+08:00")
    repo.git.checkout("main")
    merge(repo, "pr", "鹿城区 自查报告", "2021-03-05T09:00:00+08:00")
    handle = GitRepository.open(root)
    assert handle is not None
    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    changes = recent_changes(handle, campaign, date(2021, 3, 31))
    before_the_merge = recent_changes(handle, campaign, date(2021, 3, 4))
    handle.repo.close()
    # the merged change, in words, as one record; the branch's own commits are not listed
    assert [change.day for change in changes] == [date(2021, 3, 5), date(2021, 3, 1)]
    assert [(r.unit_name, r.verb, r.record) for r in changes[0].records] == [("鹿城区", "提交", "专项行动一 自查报告")]
    assert [change.day for change in before_the_merge] == [date(2021, 3, 1)]  # nothing after the as-of date


def test_a_pr_weakening_a_schema_is_judged_by_the_bases_schema(tmp_path: Path) -> None:
    """As validate.yml runs it: the tool, its schemas and the roles from a separate checkout of the
    base commit, the pull request's tree only read. The PR lifts a length limit in a schema and
    writes past it in its report; the base's code and schema still refuse it, the PR's own would not."""
    root = demo_copy(tmp_path / "campaign")
    shutil.copytree(REPO / "scripts" / "tieshai", root / "scripts" / "tieshai",
                    ignore=shutil.ignore_patterns("__pycache__"))
    repo = git.Repo.init(root, initial_branch="main")
    commit_all(repo, "行动开始", "policy-office")
    repo.git.worktree("add", "--detach", str(tmp_path / "base"), "main")
    repo.git.checkout("-b", "pr")
    edit(root, "schemas/self-inspection.schema.json", '"minLength": 1,\n            "maxLength": 4000', '"minLength": 1')
    edit(root, UNIT_REPORT, "  findings: ", "  findings: " + "详" * 4001)  # over the base's 4,000 characters
    commit_all(repo, "放宽 schema", "lucheng-bureau")

    def check_with(code: Path) -> dict:
        arguments = ("--root", str(root), "check", "--format", "json", "--base", "main", "--author", "lucheng-bureau")
        result = run_tieshai(*arguments, env={"PYTHONPATH": str(code / "scripts")})
        assert result.code in (0, 1) and "Traceback" not in result.stderr, result.stderr
        return json.loads(result.stdout)

    judged = check_with(tmp_path / "base")
    assert any(f["file"] == UNIT_REPORT and f["code"].startswith("schema-") for f in judged["findings"])
    assert any(f["file"] == "schemas/self-inspection.schema.json" and f["code"] == "change-not-allowed"
               for f in judged["findings"])
    own = check_with(root)  # what running the pull request's own code would say
    assert not any(f["file"] == UNIT_REPORT and f["code"].startswith("schema-") for f in own["findings"])


def test_without_the_bases_campaign_no_one_has_a_role(campaign_repo) -> None:
    root, repo = campaign_repo
    campaign = (root / "campaign.yaml").read_text(encoding="utf-8")
    repo.git.checkout("main")
    (root / "campaign.yaml").unlink()
    commit_all(repo, "删除方案", "policy-office")
    repo.git.checkout("pr")
    repo.git.merge("main")
    (root / "campaign.yaml").write_text(campaign, encoding="utf-8")
    commit_all(repo, "恢复方案", "policy-office")
    refused = [f for f in check_pr(root, "policy-office")["findings"] if f["code"] == "change-base-unreadable"]
    assert refused and "campaign.yaml" in refused[0]["message"]


REFERRAL = "submissions/ouhai/accountability/ouhai-accountability-1.yaml"


def test_only_the_organiser_writes_an_accountability_referral(campaign_repo) -> None:
    """A unit can neither soften the referral of its own staff nor write one; the organiser can."""
    root, repo = campaign_repo
    edit(root, REFERRAL, "outcome: 已处理", "outcome: 不予追究")
    commit_all(repo, "修改追究结果", "ouhai-bureau")
    assert "change-not-allowed" in codes(check_pr(root, "ouhai-bureau"))
    assert check_pr(root, "policy-office")["ok"]


def test_a_referral_names_its_own_units_problems_and_a_decided_outcome_its_date(example_repo: Path) -> None:
    referral = example_repo / "submissions/lucheng/accountability/lucheng-accountability-1.yaml"
    referral.parent.mkdir(parents=True)
    referral.write_text("id: lucheng-accountability-1\nunit: lucheng\nproblems: [lucheng-accidents-i1, dongtou-plans-i1]\n"
                        "facts: 事实\nbasis: 依据\nresponsible:\n  - position: 副大队长\n    category: 直接责任人员\n"
                        "decided_by: 温州市应急管理局\ndecision_date: '2021-08-01'\noutcome: 已处理\n", encoding="utf-8")
    findings = check_json(example_repo)["findings"]
    mine = {(f["code"], f["line"]) for f in findings if f["file"].endswith("lucheng-accountability-1.yaml")}
    assert mine == {("record-unknown-problem", 3), ("record-status-inconsistent", 11)}, findings
    messages = " ".join(f["message"] for f in findings)
    assert "没有问题“dongtou-plans-i1”" in messages and "请同时填写“处理日期”" in messages
