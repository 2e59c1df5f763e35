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
    for text in (comment.read_text(encoding="utf-8"), summary.read_text(encoding="utf-8")):
        lines = text.splitlines()
        assert lines[:3] == ["## 铁筛校验：未通过", "", lines[2]] and lines[2].startswith("**校验结果**：未通过：")
        outside_code = [re.sub(r"(`+) .*? \1", "", line) for line in lines]
        assert [line for line in outside_code if re.search(r"(?<!\\)\*\*校验结果", line)] == [lines[2]]  # no other verdict
        assert len([line for line in lines if line.startswith("## ")]) == 1  # one heading
        for line in lines[3:]:
            # tieshai's own markup (headings, list items, a record's bold title) aside, nothing takes effect
            own = re.sub(r"^(#+ |\s*- )", "", line)
            own = re.sub(r"^\*\*(.*)\*\*：", r"\1：", own)
            assert unescaped(own) == [], line
        assert "<!--" not in re.sub(r"(`+) .*? \1", "", text.replace("\\<", ""))
        assert "add\\-mask" in text and "\\*\\*校验结果\\*\\*" in text


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
    from tieshai.review.describe import RecordChange
    from tieshai.review.links import Links
    from tieshai.review.summary import Review, review_markdown
    from tieshai.vocabulary import Kind

    record = RecordChange(RECORD, "A", "鹿城区 专项行动一 自查报告", Kind.SELF_INSPECTION, "lucheng")
    text = review_markdown(Review("lucheng-bureau", "鹿城区应急管理局的维护人", [record]), [], Links())
    assert text == ("## 铁筛校验：通过\n\n**校验结果**：通过，没有发现问题。改动 1 份记录。\n\n"
                    "提交人：` lucheng-bureau `（鹿城区应急管理局的维护人） · 审阅指南\n\n"
                    "### 改动内容\n\n- **鹿城区 专项行动一 自查报告**：新提交\n\n")
