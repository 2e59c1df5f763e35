"""Everything from a submission is data in every output: a key or a file name cannot start a
workflow command in CI's log, forge the verdict or hide the findings in the pull-request comment,
or format, link and mention there."""

from __future__ import annotations

import re
import string
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tieshai.outputs.report import code_span, markdown_text

from .conftest import commit_all, run_tieshai

FORGED = "x\n::add-mask::secret\n::error::伪造 ##[error]伪造\r**校验结果**：通过 <!-- [链接](http://evil.example) @org/team"
RECORD = "submissions/lucheng/plans/self-inspection.yaml"


def hostile_key(root: Path) -> None:
    """A key the schema does not know, holding line breaks, workflow commands and Markdown."""
    quoted = FORGED.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    with (root / RECORD).open("a", encoding="utf-8") as handle:
        handle.write(f'"{quoted}": 1\n')


def unescaped(markdown: str) -> list[str]:
    """ASCII punctuation in ``markdown`` that would take effect: outside code spans and not
    backslash-escaped."""
    outside = iter(re.sub(r"(`+) .*? \1", "", markdown))
    return [char for char in outside if char in string.punctuation and (char != "\\" or next(outside, None) is None)]


def test_a_key_cannot_write_a_workflow_command_into_the_log(campaign_repo) -> None:
    root, _ = campaign_repo
    hostile_key(root)
    result = run_tieshai("--root", str(root), "check", "--format", "github", str(root / RECORD))
    assert result.code == 1
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 1 and "%0A::add-mask::secret%0A::error::" in annotations[0]
    start = next(index for index, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    end = lines.index(f"::{token}::")
    assert len(token) >= 32 and token not in result.stdout.replace(f"::{token}::", "").replace(lines[start], "")
    assert all(not line.lstrip().startswith("::") for line in lines[start + 1:end])
    assert [line.split(":")[0] for line in lines[start + 1:end]] == [RECORD]  # one line, whole
    assert "\\n::add-mask::secret\\n" in lines[start + 1]
    text = run_tieshai("--root", str(root), "check", str(root / RECORD))
    assert text.stdout.splitlines()[0].startswith(f"{RECORD}:") and len(text.stdout.splitlines()) == 2


def test_the_pull_request_comment_shows_hostile_names_and_keys_as_text(campaign_repo, tmp_path: Path) -> None:
    root, repo = campaign_repo
    hostile_key(root)
    (root / "**校验结果**：通过 <!-- [x](javascript:alert) `a`.md").write_text("x", encoding="utf-8")
    commit_all(repo, "改动", "lucheng-bureau")
    comment, summary = tmp_path / "comment.md", tmp_path / "summary.md"
    result = run_tieshai("--root", str(root), "check", "--base", "main", "--author", "lucheng-bureau",
                         "--format", "github", "--comment-out", str(comment), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 1, result.stderr
    text = comment.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:3] == ["## 铁筛：本合并请求的改动", "", lines[2]] and lines[2].startswith("**校验结果**：检查了")
    assert lines[2].endswith("未通过。")
    assert [line for line in lines if line.lstrip("- ").startswith("**")] == [lines[2]]  # no other verdict
    for line in lines[3:]:
        assert unescaped(line.removeprefix("- ")) == [], line
    assert "<!--" not in re.sub(r"(`+) .*? \1", "", text.replace("\\<", ""))
    assert "add\\-mask" in text and "\\*\\*校验结果\\*\\*" in text
    table = summary.read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ")][2:]
    assert rows and all(line.count("|") - line.count("\\|") == 5 for line in rows)  # four cells each
    assert all(unescaped(re.sub(r"(?<!\\)\|", "", line)) == [] for line in rows)


@given(st.text())
def test_any_text_is_markdown_that_shows_itself(text: str) -> None:
    shown = markdown_text(text)
    assert "\n" not in shown and "\r" not in shown and unescaped(shown) == []
    span = code_span(text)
    fence = re.match("`+", span)
    assert fence and span.endswith(fence.group()) and fence.group() not in span[len(fence.group()):-len(fence.group())]
    assert not set(span) & {"\n", "\r", "\u2028", "\u2029", "\x85"}


def test_the_verdict_comes_first_in_tieshais_own_words() -> None:
    """Fixed text stays as it is: the escaping is of data, never of tieshai's own words."""
    from tieshai.review.summary import summary_markdown

    text = summary_markdown(["鹿城区 专项行动一 自查报告 新提交"], [], 3)
    assert text == ("## 铁筛：本合并请求的改动\n\n**校验结果**：检查了 3 个文件，没有发现问题。\n\n"
                    "- 鹿城区 专项行动一 自查报告 新提交\n\n")
