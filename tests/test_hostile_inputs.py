"""Every class of hostile or broken input answered in Chinese, at its file (and line), with exit
code 1 for findings or 2 for a usage error: never a traceback, never a hang, never a file
written. Each is played on a real repository (and a real git history where a change is judged)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from tieshai.load.yamlload import load_yaml_bytes, load_yaml_file

from .conftest import check_json, commit_all, replace_in_file, run_tieshai

LC_ACC = "submissions/lucheng/accidents"
RECTIFICATION = f"{LC_ACC}/rectification.yaml"
INSPECTION = f"{LC_ACC}/inspection.yaml"
PLANS = "submissions/lucheng/plans/self-inspection.yaml"


def found(report: dict) -> list[tuple[str, str, int | None]]:
    return [(f["code"], f["file"], f["line"]) for f in report["findings"]]


def test_numbers_beyond_any_real_value_are_refused_at_their_line(example_repo: Path) -> None:
    # 5,000 digits: Python itself refuses to convert more than 4,300 (a ValueError, once a crash)
    replace_in_file(example_repo / RECTIFICATION, "size: 74", "size: " + "9" * 5000)
    replace_in_file(example_repo / RECTIFICATION, "size: 627", "size: 9007199254740992")  # 2**53
    replace_in_file(example_repo / PLANS, 'report_date: "2021-04-12"', 'report_date: "2021-04-12"\nextra: 1.0e+999')
    report = check_json(example_repo)
    ranges = [(f["file"], f["line"], f["column"]) for f in report["findings"] if f["code"] == "yaml-number-range"]
    assert ranges == [(RECTIFICATION, 15, 15), (RECTIFICATION, 28, 15), (PLANS, 6, 8)]
    assert "共 5000 位" in next(f["message"] for f in report["findings"] if f["code"] == "yaml-number-range")


@pytest.mark.parametrize("written", ["-0x1F", "+0b101", "-0x0"])  # found by bench.fuzz_long: int() refused them
def test_a_signed_hexadecimal_or_binary_number_is_named_not_converted(written: str) -> None:
    document, findings = load_yaml_bytes(f"code: {written}\n".encode("ascii"), "x.yaml")
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-ambiguous-number", 1, 7)]
    assert document is not None and document.data == {"code": written}


def test_a_tag_on_a_key_is_refused() -> None:
    _, findings = load_yaml_bytes(b"a: 1\n!!python/name:os.system b: 2\n!x c: 3\n", "x.yaml")
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-tag", 2, 1), ("yaml-tag", 3, 1)]


@pytest.mark.parametrize(("source", "line", "column"), [
    ('a: "x\\u202ey"\n', 1, 4),   # a bidirectional override, written as an escape
    ('a: 1\nb: "\\0"\n', 2, 4),    # NUL
    ('a: "\\e[31m"\n', 1, 4),      # ESC: a terminal's colours
    ("a: \"\\u200b\"\n", 1, 4),    # zero width
    ('"k\\u202e": 1\n', 1, 1),     # in a key
])
def test_hidden_characters_written_as_escapes_are_judged_on_the_parsed_text(source: str, line: int, column: int) -> None:
    _, findings = load_yaml_bytes(source.encode("ascii"), "x.yaml")
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml-invisible-character", line, column)]
    assert "转义" in findings[0].message


def test_a_file_name_that_is_not_utf8_is_refused(example_repo: Path) -> None:
    folder = os.fsencode(example_repo / LC_ACC / "evidence")
    with open(folder + b"/\xb1\xa8\xb8\xe6.pdf", "wb") as handle:  # 报告 in GBK
        handle.write(b"%PDF-1.4 x")
    report = check_json(example_repo)
    assert found(report) == [("layout-filename-encoding", f"{LC_ACC}/evidence/\\xb1\\xa8\\xb8\\xe6.pdf", None)]


def test_a_decomposed_file_name_that_looks_like_another_is_refused(example_repo: Path) -> None:
    composed = "caf\u00e9.pdf"
    (example_repo / LC_ACC / "evidence" / composed).write_bytes(b"%PDF-1.4 x")
    (example_repo / LC_ACC / "evidence" / unicodedata.normalize("NFD", composed)).write_bytes(b"%PDF-1.4 y")
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["layout-filename-lookalike"]
    assert f"“{LC_ACC}/evidence/{composed}”看起来完全相同" in findings[0]["message"]


def test_a_fifo_or_device_where_a_file_should_be_is_named_and_never_opened(example_repo: Path) -> None:
    os.mkfifo(example_repo / "submissions/lucheng/plans/rectification.yaml")  # opening it would wait forever
    evidence = example_repo / LC_ACC / "evidence" / "rectification-meeting.pdf"
    evidence.unlink()
    os.mkfifo(evidence)
    report = check_json(example_repo)
    assert found(report) == [("layout-unreadable", f"{LC_ACC}/evidence/rectification-meeting.pdf", None),
                             ("evidence-type", RECTIFICATION, 26),
                             ("layout-unreadable", "submissions/lucheng/plans/rectification.yaml", None)]
    assert "命名管道" in report["findings"][0]["message"]


def test_the_loader_reads_only_regular_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "campaign.yaml")
    document, findings = load_yaml_file(tmp_path / "campaign.yaml", "campaign.yaml")
    assert document is None and [f.code for f in findings] == ["file-not-regular"]


def test_a_folder_that_cannot_be_listed_is_named(example_repo: Path) -> None:
    # A path longer than the system allows cannot be listed (as root, a folder without read
    # permission still can be; the next test covers that where it runs as another user).
    folder = os.open(example_repo / LC_ACC / "records", os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("d" * 250, dir_fd=folder)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
    finally:
        os.close(folder)
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["layout-unreadable"]
    assert findings[0]["file"].startswith(f"{LC_ACC}/records/ddd") and "无法读取的目录（路径过长）" in findings[0]["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_read_permission_is_named(example_repo: Path) -> None:
    locked = example_repo / LC_ACC / "records"
    locked.chmod(0)
    try:
        findings = check_json(example_repo)["findings"]
    finally:
        locked.chmod(0o755)
    assert (findings[0]["code"], findings[0]["file"]) == ("layout-unreadable", f"{LC_ACC}/records")


def test_a_nul_in_an_evidence_path_is_a_finding(example_repo: Path) -> None:
    replace_in_file(example_repo / RECTIFICATION, "file: evidence/report-publication.png",
                    'file: "evidence/report-publication.png\\0.txt"')
    report = check_json(example_repo)
    assert sorted(found(report)) == [("evidence-path", RECTIFICATION, 13), ("yaml-invisible-character", RECTIFICATION, 13)]


def test_findings_per_file_are_bounded(example_repo: Path) -> None:
    replace_in_file(example_repo / PLANS, "unit: lucheng", "unit: lucheng\n" + "".join(f"k{n}: yes\n" for n in range(200)))
    findings = check_json(example_repo)["findings"]
    truncated = [f for f in findings if f["code"] == "findings-truncated"]
    assert len(findings) == 51 and len(truncated) == 1
    assert truncated[0]["severity"] == "error" and "另有 350 条" in truncated[0]["message"]
    assert truncated[0]["line"] is not None  # at the first finding left out


# --- refs, ids and periods from the command line ---------------------------------------------

def test_a_base_that_looks_like_an_option_is_a_usage_error(campaign_repo, tmp_path: Path) -> None:
    root, _ = campaign_repo
    victim = tmp_path / "victim.txt"
    victim.write_text("保留", encoding="utf-8")
    for arguments in (["--base=--output=" + str(victim)], ["--base", "-x"], ["--base=main\nx"]):
        result = run_tieshai("--root", str(root), "check", *arguments)
        assert result.code == 2 and "参数 --base" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert victim.read_text(encoding="utf-8") == "保留"


def test_a_ref_reaches_git_only_checked(campaign_repo, tmp_path: Path) -> None:
    from tieshai.review.change import ChangeError, read_change
    from tieshai.review.git import GitRepository

    root, _ = campaign_repo
    victim = tmp_path / "victim.txt"
    victim.write_text("保留", encoding="utf-8")
    with pytest.raises(ChangeError, match="不能以“-”开头"):
        read_change(GitRepository.open(root), root, f"--output={victim}")
    assert victim.read_text(encoding="utf-8") == "保留"


@pytest.mark.parametrize("arguments", [
    ["notice", "--unit", "lucheng", "--action", "accidents", "--id", "lucheng-n9\n"],
    ["kpi-report", "--unit", "lucheng", "--period", "2021-q3\n"],
])
def test_new_matches_ids_and_periods_whole(example_repo: Path, arguments: list[str]) -> None:
    result = run_tieshai("--root", str(example_repo), "new", *arguments)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert not [path for path in (example_repo / "submissions").rglob("*") if "\n" in path.name]


def test_an_id_with_a_final_line_break_is_refused(example_repo: Path) -> None:
    # Python's "$" matches before a final line break; the schema's (JavaScript's) does not
    replace_in_file(example_repo / PLANS, "  - id: lucheng-plans-s1", '  - id: "lucheng-plans-s1\\n"')
    assert found(check_json(example_repo)) == [("schema-pattern", PLANS, 17)]


# --- a change read from git ----------------------------------------------------------------

def test_a_record_turned_into_a_symlink_or_a_submodule_in_a_change(campaign_repo) -> None:
    root, repo = campaign_repo
    report = root / "submissions/lucheng/plans/self-inspection.yaml"
    report.unlink()
    report.symlink_to("../accidents/self-inspection.yaml")
    commit_all(repo, "换成链接", "lucheng-bureau")
    repo.git.update_index("--add", "--cacheinfo", f"160000,{repo.head.commit.hexsha},submissions/lucheng/plans/sub")
    repo.git.commit("-m", "子模块", "--author", "lucheng-bureau <l@example.org>")
    (root / "submissions/lucheng/plans/sub").mkdir()  # as a checkout leaves a submodule it does not fetch
    findings = check_json(root, "--base", "main", "--author", "lucheng-bureau")["findings"]
    typed = [f for f in findings if f["code"] == "change-file-type"]
    assert [f["file"] for f in typed] == ["submissions/lucheng/plans/self-inspection.yaml", "submissions/lucheng/plans/sub"]
    assert "符号链接" in typed[0]["message"] and "子模块" in typed[1]["message"]


def test_a_file_name_that_is_not_utf8_in_a_change(campaign_repo) -> None:
    root, repo = campaign_repo
    with open(os.fsencode(root / "submissions/lucheng/plans") + b"/\xff.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4 x")
    repo.git.add("-A")  # with git itself: GitPython's index cannot read a name that is not UTF-8
    repo.git.commit("-m", "乱码文件名", "--author", "lucheng-bureau <l@example.org>")
    findings = check_json(root, "--base", "main", "--author", "lucheng-bureau")["findings"]
    assert ("layout-filename-encoding", "submissions/lucheng/plans/\\xff.pdf") in [(f["code"], f["file"]) for f in findings]


@pytest.mark.parametrize(("earlier", "reason"), [
    ("名称: 鹿城区\n".encode("gbk"), "GBK"),
    (b"findings: " + b"[" * 60 + b"]" * 60 + b"\n", "嵌套层数过多"),
    (b"findings:\n  - [1]\n  - {id: [1, 2]}\n", "不符合记录的格式"),  # a list where the id's text was
    (b"findings: [" + b"x" * (3 * 1024 * 1024) + b"]\n", "3 MB，超过 2 MB 的上限"),
])
def test_an_earlier_record_that_cannot_be_read_is_a_finding(campaign_repo, earlier: bytes, reason: str) -> None:
    root, repo = campaign_repo
    current = (root / INSPECTION).read_bytes()
    repo.git.checkout("main")
    (root / INSPECTION).write_bytes(earlier)  # on the main branch without a check, as a failing machine might
    commit_all(repo, "损坏", "policy-office")
    repo.git.checkout("-B", "pr")
    (root / INSPECTION).write_bytes(current)
    commit_all(repo, "恢复", "inspection-team")
    findings = check_json(root, "--base", "main", "--author", "inspection-team")["findings"]
    assert [f["code"] for f in findings] == ["change-base-unreadable"]
    assert reason in findings[0]["message"]


def test_a_changed_record_of_the_wrong_shape_gives_findings(campaign_repo) -> None:
    root, repo = campaign_repo
    replace_in_file(root / INSPECTION, "- id: lucheng-accidents-i1", "- id: [lucheng-accidents-i1]")
    commit_all(repo, "编号写成列表", "inspection-team")
    findings = check_json(root, "--base", "main", "--author", "inspection-team")["findings"]
    assert [(f["code"], f["file"]) for f in findings] == [("schema-type", INSPECTION)]

