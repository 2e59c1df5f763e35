"""What the reviewer reads about a pull request: eight realistic pull requests played on real git
repositories exactly as validate.yml runs the check (github format, job summary, comment), and the
summary and comment read for what they change, in the words of the domain; the findings by what
matters; links; and review assignment by role (CODEOWNERS, the last matching pattern wins)."""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import git
import yaml

from .conftest import commit_all, replace_in_file, run_tieshai
from .sites import rewrite_record

SERVER, REPOSITORY, RUN = "https://github.com", "wzyjj/tieshai-2021", "4242"


@dataclass
class Played:
    code: int
    log: str  # the check's standard output: annotations and plain lines
    summary: str  # the job summary, Markdown
    comment: str  # the bot comment, Markdown

    @property
    def read(self) -> str:
        """The summary as a reader sees its text: Markdown's backslash escapes taken away."""
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", self.summary)

    @property
    def read_comment(self) -> str:
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", self.comment)

    def section(self, title: str) -> str:
        """One ### section of the summary, as read."""
        parts = re.split(r"^### ", self.read, flags=re.M)
        return next((part for part in parts if part.startswith(title)), "")


def play(root: Path, repo: git.Repo, author: str, tmp_path: Path) -> Played:
    """The check of the branch against main as validate.yml runs it, with GitHub's environment."""
    summary, comment = tmp_path / "summary.md", tmp_path / "comment.md"
    summary.unlink(missing_ok=True)
    comment.unlink(missing_ok=True)
    result = run_tieshai("--root", str(root), "check", "--base", "main", "--author", author, "--format", "github",
                         "--head", repo.head.commit.hexsha, "--comment-out", str(comment),
                         env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": SERVER,
                              "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_RUN_ID": RUN})
    assert result.code in (0, 1) and "Traceback" not in result.stderr, result.stderr
    return Played(result.code, result.stdout, summary.read_text(encoding="utf-8"), comment.read_text(encoding="utf-8"))


def rewrite(root: Path, path: str, change) -> None:
    rewrite_record(root / path, lambda _kind, data: change(data))


def pdf(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode("utf-8") + b"\n%%EOF\n"


# -- 1. a unit's rectification update -----------------------------------------------------------

def test_a_rectification_update_names_the_problem_its_status_and_the_evidence(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/rectification.yaml"
    content = pdf("整改会议纪要")
    (root / "submissions/lucheng/accidents/evidence").mkdir()
    (root / "submissions/lucheng/accidents/evidence/整改会议纪要.pdf").write_bytes(content)

    def complete(record) -> None:
        record["report_date"] = "2021-09-25"
        item = next(i for i in record["items"] if i["problem"] == "lucheng-accidents-i1")
        item.update(status="已完成", completion_date="2021-09-20", evidence=[{
            "title": "整改会议纪要", "file": "evidence/整改会议纪要.pdf",
            "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}])

    rewrite(root, path, complete)
    commit_all(repo, "鹿城区 整改进展", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    assert played.code == 0, played.log
    changes = played.section("改动内容")
    assert "鹿城区 专项行动三 整改报告**：修改" in changes
    assert "问题“lucheng-accidents-i1”（事故调查报告对间接原因分析不充分。）：整改中 → 已完成；完成日期 2021-09-20" in changes
    assert f"新增佐证材料“整改会议纪要”（evidence/整改会议纪要.pdf，{len(content)} 字节，大小和 SHA-256 校验值已核对相符）" in changes
    assert "问题“lucheng-accidents-s1”" in changes and "整改中（未变）" in changes  # the other item's progress
    assert "报告日期：2021-09-14 → 2021-09-25" in changes
    assert "提交人：` lucheng-bureau `（鹿城区应急管理局的维护人）" in played.read
    assert played.comment.startswith("## 铁筛校验：通过\n")


def test_a_replaced_evidence_file_is_not_said_to_match(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/rectification.yaml"
    (root / "submissions/lucheng/accidents/evidence").mkdir()
    (root / "submissions/lucheng/accidents/evidence/纪要.pdf").write_bytes(pdf("替换后的文件"))
    rewrite(root, path, lambda record: record["items"][0].update(
        status="已完成", completion_date="2021-09-10",
        evidence=[{"title": "纪要", "file": "evidence/纪要.pdf", "sha256": "0" * 64, "size": len(pdf("替换后的文件"))}]))
    commit_all(repo, "鹿城区 整改进展", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    assert played.code == 1
    assert "新增佐证材料“纪要”" in played.read and "未通过核对" in played.read and "已核对相符" not in played.read


# -- 2. the team's inspection with two findings and a notice; 7. the warnings it causes ----------

def test_the_teams_inspection_names_findings_and_the_notice_and_the_unit_is_told_what_remains(
        campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    folder = root / "submissions/lucheng/enforcement"
    (folder / "notices").mkdir()
    (folder / "inspection.yaml").write_text(
        "unit: lucheng\naction: enforcement\ndate: '2021-09-10'\nmembers: [刘丽华]\nmethods: [ledger-review]\n"
        "summary: 督查组查阅台账。\nfindings:\n"
        "- id: lucheng-enforcement-i1\n  item: enforcement-2\n  description: 执法记录仪视频未归档。\n"
        "  severity: major\n  basis: 执法全过程记录制度\n  cause: rules\n"
        "- id: lucheng-enforcement-i2\n  item: enforcement-4\n  description: 两名执法辅助人员单独执法。\n"
        "  severity: serious\n  basis: 执法人员管理规定\n  cause: awareness\n", encoding="utf-8")
    (folder / "notices/lucheng-enforcement-n1.yaml").write_text(
        "id: lucheng-enforcement-n1\nunit: lucheng\naction: enforcement\nnumber: 温应急督〔2021〕77号\n"
        "issue_date: '2021-09-12'\ndeadline: '2021-10-20'\nproblems: [lucheng-enforcement-i1, lucheng-enforcement-i2]\n"
        "requirements: 请逐项整改并书面报告。\n", encoding="utf-8")
    commit_all(repo, "鹿城区 专项行动二 督查", "inspection-team")
    played = play(root, repo, "inspection-team", tmp_path)
    assert played.code == 0, played.log
    changes = played.section("改动内容")
    assert "鹿城区 专项行动二 督查记录**：新提交" in changes
    assert "督查日期 2021-09-10，新记录问题 2 个" in changes
    assert "新问题“lucheng-enforcement-i1”：较重，监督内容第 2 条，执法记录仪视频未归档。" in changes
    assert "新问题“lucheng-enforcement-i2”：严重，监督内容第 4 条" in changes
    assert "鹿城区 专项行动二 整改通知书“lucheng-enforcement-n1”**：新提交" in changes
    assert "文号 温应急督〔2021〕77号，下达给鹿城区应急管理局，下达日期 2021-09-12，整改期限 2021-10-20" in changes
    assert "整改问题“lucheng-enforcement-i2”：两名执法辅助人员单独执法。" in changes
    assert "提交人：` inspection-team `（督查组）" in played.read
    # the unit's rectification, which the PR does not touch, now lacks two items: that is the
    # unit's to do after the merge, not a warning against the team's change
    assert "警告" not in played.section("校验结果") and not played.section("警告")
    remains = played.section("合并后仍需办理")
    assert "鹿城区应急管理局的维护人（lucheng-bureau）：问题“lucheng-enforcement-i1”还没有整改情况" in remains
    assert not [line for line in played.log.splitlines() if line.startswith("::warning")]


# -- 3. the team accepts one item and rejects another ------------------------------------------

def test_an_acceptance_and_a_rejection_read_as_such(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/longwan/enforcement/rectification.yaml"

    def judge(record) -> None:
        record["items"][0]["acceptance"] = {"date": "2021-09-10", "result": "通过", "remarks": "整改到位。"}
        record["items"][1]["acceptance"] = {"date": "2021-09-10", "result": "不通过", "remarks": "佐证材料不能证明已整改。"}

    rewrite(root, path, judge)
    commit_all(repo, "验收", "inspection-team")
    played = play(root, repo, "inspection-team", tmp_path)
    assert played.code == 0, played.log
    changes = played.section("改动内容")
    assert "问题“longwan-enforcement-s1”" in changes and "验收通过（2021-09-10，意见：整改到位。）" in changes
    assert "问题“longwan-enforcement-s2”" in changes
    assert "验收不通过（2021-09-10，意见：佐证材料不能证明已整改。）" in changes
    assert "已完成（未变）" in changes


# -- 4. the organiser moves action 4's deadline -------------------------------------------------

def test_moving_a_deadline_names_the_plan_field_and_whom_it_affects(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    replace_in_file(root / "campaign.yaml", 'deadline: "2021-10-31"', 'deadline: "2021-11-15"', 1)
    replace_in_file(root / "campaign.yaml", "key_targets: []", "key_targets: [lucheng]", 1)
    commit_all(repo, "专项行动四延期", "policy-office")
    played = play(root, repo, "policy-office", tmp_path)
    changes = played.section("改动内容")
    assert "方案（campaign.yaml）**：修改" in changes
    assert "专项行动 › 专项行动四 › 监督时间：2021-10-31 → 2021-11-15（涉及该行动的全部 14 个单位）" in changes
    assert "专项行动四 › 重点督查对象：增加 lucheng" in changes or "专项行动四 › " in changes.split("监督时间")[1]
    assert "提交人：` policy-office `（组织单位）" in played.read


# -- 5. errors come first, placeholders per file, and the checks that wait are named ------------

def test_blocking_errors_come_before_placeholders_grouped_per_file(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    assert run_tieshai("--root", str(root), "new", "kpi-report", "--unit", "lucheng", "--period", "2021-q3").code == 0
    rectification = "submissions/lucheng/plans/rectification.yaml"
    replace_in_file(root / rectification, "status: 已完成", "status: 已完城", 1)  # a typo in a choice
    commit_all(repo, "鹿城区 指标报送", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    assert played.code == 1
    read = played.read
    assert read.index("### 需要改正的错误") < read.index("### 待填写") < read.index("### 暂未进行的检查")
    errors = played.section("需要改正的错误")
    assert rectification in errors and "record-placeholder" not in errors and "待填写”换成" not in errors
    to_fill = played.section("待填写（1 个文件）")
    line = next(line for line in to_fill.splitlines() if "kpi/2021-q3.yaml" in line)
    assert re.search(r"：\d+ 处待填写，第 \d+–\d+ 行。", line), line
    waiting = played.section("暂未进行的检查")
    assert rectification in waiting and "佐证材料是否齐全、大小和校验值是否相符" in waiting
    # the first annotation is the error that blocks, titled in words
    first = next(line for line in played.log.splitlines() if line.startswith("::error "))
    assert rectification in first and "title=不是可选的值" in first
    assert all(re.search(r"title=[^,:]*[a-z]", line) is None for line in played.log.splitlines() if line.startswith("::"))
    # the comment lists the substantive error, however many placeholders there are
    assert rectification in played.read_comment.split("### 待填写")[0]


# -- 6. a unit touches another unit's file: one finding, with the undo --------------------------

def test_another_units_file_is_one_finding_with_the_command_that_undoes_it(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    theirs = "submissions/lucheng/case-review/self-inspection.yaml"
    replace_in_file(root / theirs, "report_date:", "# 由龙湾区修改\nreport_date:", 1)
    replace_in_file(root / "submissions/longwan/plans/self-inspection.yaml", "report_date:", "# 注\nreport_date:", 1)
    added = "submissions/lucheng/plans/说明 $(touch pwned).txt"
    (root / added).write_text("x", encoding="utf-8")
    commit_all(repo, "改了别的单位", "longwan-bureau")
    played = play(root, repo, "longwan-bureau", tmp_path)
    errors = played.section("需要改正的错误")
    assert "（2）" in errors.splitlines()[0] and "一次合并请求只能修改一个单位" not in played.read
    base = repo.git.merge_base("main", "HEAD")
    assert f"git checkout {base} -- {theirs}" in errors
    assert re.search(r"鹿城区 专项行动四 自查报告\*\*：修改[^\n]*\n  - 提交人无权修改这个文件", played.section("改动内容"))
    assert "git rm -- 'submissions/lucheng/plans/说明 $(touch pwned).txt'" in errors
    for command in re.findall(r"请撤销对这个文件的改动：(git [^\n]*?)(?:（|\n|$)", played.read):
        subprocess.run(["bash", "-c", command.strip()], cwd=root, check=True, capture_output=True)
    assert not (root / "pwned").exists()
    assert repo.git.diff("main", "--", "submissions/lucheng") == "" and not (root / added).exists()


# -- 8. a KPI report -----------------------------------------------------------------------------

def test_a_kpi_report_names_its_period_and_the_figures_changed(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/kpi/2021-q1.yaml"
    rewrite(root, path, lambda record: record["rates"]["spot-check-completion"].update(numerator=45))
    commit_all(repo, "更正指标", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    changes = played.section("改动内容")
    target = yaml.safe_load((root / "campaign.yaml").read_text(encoding="utf-8"))["targets"][0]["name"]
    assert "鹿城区 指标报送（2021年第一季度）**：修改" in changes
    assert f"比率指标 › {target} › 分子：43 → 45" in changes


# -- links, one heading, one verdict, records counted ------------------------------------------

def test_locations_link_to_the_head_commits_lines_and_the_summary_to_the_run(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/plans/rectification.yaml"
    replace_in_file(root / path, "status: 已完成", "status: 已完城", 1)
    commit_all(repo, "笔误", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    head = repo.head.commit.hexsha
    line = next(f["line"] for f in [{"line": n + 1} for n, text in enumerate(
        (root / path).read_text(encoding="utf-8").splitlines()) if "已完城" in text])
    assert f"({SERVER}/{REPOSITORY}/blob/{head}/{path}#L{line})" in played.summary
    assert f"[本次校验的运行记录]({SERVER}/{REPOSITORY}/actions/runs/{RUN})" in played.summary
    assert f"{SERVER}/{REPOSITORY}/blob/HEAD/docs/reviewing.md" in played.summary
    assert "站点预览" not in played.summary  # no preview is built for a change that does not pass
    assert played.summary.count("\n## ") + played.summary.startswith("## ") == 1
    assert played.summary.count("**校验结果**") == 1 and "改动 1 份记录" in played.read
    assert "检查了" not in played.summary


def test_without_the_ci_environment_locations_are_plain(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    replace_in_file(root / "submissions/lucheng/plans/rectification.yaml", "status: 已完成", "status: 已完城", 1)
    commit_all(repo, "笔误", "lucheng-bureau")
    comment = tmp_path / "comment.md"
    result = run_tieshai("--root", str(root), "check", "--base", "main", "--author", "lucheng-bureau",
                         "--comment-out", str(comment), env={"GITHUB_SERVER_URL": "", "GITHUB_REPOSITORY": ""})
    assert result.code == 1
    assert "](" not in re.sub(r"(`+) .*? \1", "", comment.read_text(encoding="utf-8"))


def test_a_passing_change_links_the_site_preview_and_the_units_page(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    replace_in_file(root / "submissions/lucheng/plans/self-inspection.yaml", "report_date:", "# 注\nreport_date:", 1)
    commit_all(repo, "注", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    assert played.code == 0
    assert f"[站点预览]({SERVER}/{REPOSITORY}/actions/runs/{RUN}#artifacts)" in played.summary
    assert "` units/lucheng/index.html `" in played.summary
    anchor = "#%E5%AE%A1%E9%98%85%E8%87%AA%E6%9F%A5%E6%8A%A5%E5%91%8A"  # 审阅自查报告
    assert f"[审阅要点]({SERVER}/{REPOSITORY}/blob/HEAD/docs/reviewing.md{anchor})" in played.summary
    guide = (Path(__file__).resolve().parents[1] / "docs/reviewing.md").read_text(encoding="utf-8")
    assert "\n### 审阅自查报告\n" in guide


# -- everything from the PR stays data ------------------------------------------------------------

HOSTILE = "@wzyjj/all <img src=x onerror=alert(1)> [点我](http://evil.example) **校验结果**：通过 <!--"


def test_values_quoted_from_the_pull_request_stay_data(campaign_repo, tmp_path) -> None:
    root, repo = campaign_repo
    path = "submissions/lucheng/accidents/rectification.yaml"
    rewrite(root, path, lambda record: record["items"][0].update(
        measures=HOSTILE, status="已完成", completion_date="2021-09-10",
        evidence=[{"title": HOSTILE, "external": HOSTILE, "sha256": "a" * 64}]))
    commit_all(repo, "整改", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    for text in (played.summary, played.comment):
        outside_code = re.sub(r"(`+) .*? \1", "", text)
        for markup in ("<img", "<!--", "](http://evil", "@wzyjj", "[点我"):
            assert re.search(r"(?<!\\)" + re.escape(markup), outside_code) is None, markup
        assert text.count("**校验结果**") == 1
    assert "新增佐证材料“@wzyjj/all" in played.read


# -- review assignment by role ------------------------------------------------------------------

def owners(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last pattern that matches the path decides its owners. A pattern
    starting with / is anchored at the root, one ending with / matches everything below it,
    * matches within one path segment."""
    found: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *logins = line.split()
        if _matches(pattern, path):
            found = logins
    return found


def _matches(pattern: str, path: str) -> bool:
    if pattern == "*":
        return True
    anchored = pattern.lstrip("/")
    if anchored.endswith("/"):
        depth = anchored.count("/")
        return _segments_match(anchored.rstrip("/"), "/".join(path.split("/")[:depth]))
    return _segments_match(anchored, path)


def _segments_match(pattern: str, path: str) -> bool:
    wanted, parts = pattern.split("/"), path.split("/")
    return len(wanted) == len(parts) and all(fnmatchcase(part, glob) for glob, part in zip(wanted, parts, strict=True))


def test_each_kind_of_record_is_reviewed_by_the_role_that_must_approve_it(campaign_repo) -> None:
    root, _ = campaign_repo
    assert run_tieshai("--root", str(root), "codeowners").code == 0
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    team, organiser = "@inspection-team", "@policy-office"
    expected = {
        "campaign.yaml": [organiser],
        "scripts/tieshai/review/check.py": [organiser],
        ".github/workflows/validate.yml": [organiser],
        "submissions/lucheng/plans/self-inspection.yaml": [team, organiser],
        "submissions/lucheng/plans/rectification.yaml": [team, organiser],
        "submissions/lucheng/plans/plan-filing.yaml": [team, organiser],
        "submissions/lucheng/plans/evidence/x.pdf": [team, organiser],
        "submissions/lucheng/accidents/records/lucheng-acc-1.yaml": [team, organiser],
        "submissions/lucheng/kpi/2021-q1.yaml": [team, organiser],
        "submissions/lucheng/cases/lucheng-2021-01/nomination.yaml": [team, organiser],
        "submissions/lucheng/accidents/inspection.yaml": [organiser],
        "submissions/lucheng/accidents/notices/lucheng-accidents-n1.yaml": [organiser],
        "submissions/lucheng/cases/lucheng-2021-01/scores.yaml": [organiser],
        "submissions/lucheng/accountability/lucheng-accountability-1.yaml": [organiser],
    }
    assert {path: owners(text, path) for path in expected} == expected
    units = yaml.safe_load((root / "campaign.yaml").read_text(encoding="utf-8"))["units"]
    maintainers = {f"@{login}" for unit in units for login in unit["maintainers"]}
    assert not maintainers & set(text.split())  # no record is ever given to the party it judges
    assert run_tieshai("--root", str(root), "codeowners", "--check").code == 0


def test_every_kind_has_its_section_in_the_reviewers_guide() -> None:
    from tieshai.review.summary import GUIDE_SECTIONS, PLAN_SECTION
    from tieshai.vocabulary import Kind

    guide = (Path(__file__).resolve().parents[1] / "docs/reviewing.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (.+)$", guide, flags=re.M))
    assert set(GUIDE_SECTIONS) == set(Kind)
    assert {*GUIDE_SECTIONS.values(), PLAN_SECTION} <= headings
    # GitHub's anchor of a heading is its text without punctuation: these have none to lose
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", heading) for heading in {*GUIDE_SECTIONS.values(), PLAN_SECTION})


def test_every_finding_code_has_a_title_in_words() -> None:
    from tieshai.outputs.report import code_title

    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (Path(__file__).resolve().parents[1] / "scripts/tieshai").rglob("*.py"))
    codes = set(re.findall(r'"((?:change|record|evidence|schema|yaml|layout|campaign|file|findings)-[a-z-]+)"', source))
    assert len(codes) > 40
    untitled = {code for code in codes if code_title(code) == "校验提示" or re.search("[A-Za-z]", code_title(code))}
    assert untitled == set()


def test_a_link_goes_only_to_the_file_in_the_head_commit(campaign_repo, tmp_path) -> None:
    """A file name holding `)`, `#` or `?` cannot end the link or send it elsewhere; a forged
    address of the code host gives no link at all."""
    root, repo = campaign_repo
    name = "submissions/lucheng/plans/x) [y](javascript:alert) #?.yaml"
    (root / name).write_text("unit: lucheng\n", encoding="utf-8")
    commit_all(repo, "文件名", "lucheng-bureau")
    played = play(root, repo, "lucheng-bureau", tmp_path)
    head = repo.head.commit.hexsha
    encoded = "x%29%20%5By%5D%28javascript%3Aalert%29%20%23%3F.yaml"
    assert f"]({SERVER}/{REPOSITORY}/blob/{head}/submissions/lucheng/plans/{encoded})" in played.summary
    assert "](javascript" not in re.sub(r"(`+) .*? \1", "", played.summary)
    comment = tmp_path / "forged.md"
    result = run_tieshai("--root", str(root), "check", "--base", "main", "--author", "lucheng-bureau",
                         "--head", head, "--comment-out", str(comment),
                         env={"GITHUB_SERVER_URL": "javascript:alert(1)//", "GITHUB_REPOSITORY": REPOSITORY,
                              "GITHUB_RUN_ID": RUN})
    assert result.code == 1 and "](" not in re.sub(r"(`+) .*? \1", "", comment.read_text(encoding="utf-8"))
