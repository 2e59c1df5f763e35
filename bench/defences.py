"""Each defence against hostile input, taken out one at a time: its tests must then fail.

    python -m bench.defences [--only 符号链接]

A test that still passes with its defence removed proves nothing. For every hostile case in
SECURITY.md this copies the repository's tracked files to a temporary folder, removes the
defence there (a textual change to the code, a schema or a workflow), and runs the tests that
guard it against that copy; then it runs the same tests against the copy unchanged, where they
must pass. It prints one line per defence and exits 1 if any test survived the removal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Defence:
    name: str
    removal: tuple[tuple[str, str, str], ...]  # (file, text, what it becomes), every occurrence
    tests: tuple[str, ...]


DEFENCES = [
    Defence("填报目录中的符号链接（含指向仓库外的目录）",
            (("scripts/tieshai/load/submissions.py", "        if is_symlink:\n", "        if False:\n"),),
            ("tests/test_submissions.py::test_symlinks_are_refused",
             "tests/test_hostile.py::test_symlinked_folder_pointing_outside_is_refused_and_not_followed",
             "tests/test_hostile.py::test_symlinked_unit_folder_is_refused")),
    Defence("跳出本单位目录的佐证路径",
            (("scripts/tieshai/rules/evidence.py", 'if relative.is_absolute() or ".." in relative.parts:', "if False:"),
             ("scripts/tieshai/rules/evidence.py", "if target.is_symlink() or not target.resolve().is_relative_to(unit_folder):",
              "if False:")),
            ("tests/test_submissions.py::test_bad_file_is_reported_with_code_and_line",)),
    Defence("改扩展名冒充的文件",
            (("scripts/tieshai/rules/evidence.py", "    if actual != expected:\n", "    if False:\n"),),
            ("tests/test_submissions.py::test_evidence_type_is_judged_by_content",)),
    Defence("超大的 YAML 文件",
            (("scripts/tieshai/load/yamlload.py", "    if len(raw) > MAX_FILE_BYTES:\n", "    if False:\n"),),
            ("tests/test_loader.py::test_oversized_file_is_refused_before_parsing",)),
    Defence("超长的文字和字段名",
            (("scripts/tieshai/load/yamlload.py", "    if len(value) > MAX_TEXT_CHARS:\n", "    if False:\n"),
             ("scripts/tieshai/load/yamlload.py", "        if len(key) > MAX_KEY_CHARS:\n", "        if False:\n")),
            ("tests/test_loader.py::test_pitfall_is_reported_at_its_place",)),
    Defence("过深的嵌套",
            (("scripts/tieshai/load/yamlload.py", "MAX_DEPTH = 40\n", "MAX_DEPTH = 10 ** 6\n"),),
            ("tests/test_loader.py::test_pitfall_is_reported_at_its_place",)),
    Defence("超大的佐证材料",
            (("scripts/tieshai/rules/evidence.py", "    if size > MAX_EVIDENCE_BYTES:\n", "    if False:\n"),),
            ("tests/test_hostile.py::test_enormous_evidence_file_is_refused_before_it_is_read",)),
    Defence("嵌套上千层的目录",
            (("scripts/tieshai/load/submissions.py", "    while pending:  # a loop, not recursion",
              "    def walk(folder):\n        for entry in os.scandir(root / folder):\n"
              "            yield from walk(f'{folder}/{entry.name}') if entry.is_dir(follow_symlinks=False) "
              "else [Found(f'{folder}/{entry.name}', entry.is_symlink())]\n"
              "    return sorted(file for start in starts for file in walk(start))\n    while pending:  # "),),
            ("tests/test_hostile.py::test_folders_nested_thousands_deep_give_a_finding",)),
    Defence("文件名中的控制字符、零宽字符和文字方向控制符",
            (("scripts/tieshai/load/submissions.py", "    odd = _odd_character(relative)\n", "    odd = None\n"),),
            ("tests/test_submissions.py::test_file_names_with_hidden_characters_are_refused",)),
    Defence("形近字符冒充的单位目录",
            (("scripts/tieshai/load/layout.py", "    if unit not in campaign.unit_ids:\n", "    if False:\n"),),
            ("tests/test_submissions.py::test_look_alike_unit_folder_is_refused",)),
    Defence("形近字符冒充的编号",
            (("schemas/notice.schema.json", '"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",', ""),),
            ("tests/test_hostile.py::test_id_with_a_look_alike_letter_is_refused",)),
    Defence("零宽字符",
            (("scripts/tieshai/load/yamlload.py", "\\u200b-\\u200f", ""),),
            ("tests/test_hostile.py::test_reference_with_a_zero_width_character_is_refused",)),
    Defence("文字方向控制符（Trojan source）",
            (("scripts/tieshai/load/yamlload.py", "\\u202a-\\u202e", ""),),
            ("tests/test_loader.py::test_pitfall_is_reported_at_its_place",)),
    Defence("YAML 标签",
            (("scripts/tieshai/load/yamlload.py", "    elif tag not in _KNOWN_TAGS:\n", "    elif False:\n"),),
            ("tests/test_loader.py::test_pitfall_is_reported_at_its_place",)),
    Defence("填报文字中的 HTML、Markdown、Jinja（页面转义）",
            (("scripts/tieshai/site/render.py", "        autoescape=True,", "        autoescape=False,"),),
            ("tests/test_site.py::test_campaign_text_is_escaped_not_interpreted",
             "tests/test_browser_site.py::test_hostile_text_in_every_field_shows_literally_and_never_runs")),
    Defence("在线表单中记录文字里的 HTML",
            (("scripts/tieshai/site/assets/forms.js", "  window.JSONEditor.AbstractEditor.prototype.purify = function (value) {\n    return value;\n  };\n", ""),),
            ("tests/test_forms.py::test_hostile_text_in_a_record_is_shown_as_text_in_its_form",)),
    Defence("公开版删除仅内部字段",
            (("scripts/tieshai/site/audience.py", "\n                if not is_internal(spec)}", "}"),),
            ("tests/test_audience.py::test_no_internal_field_reaches_any_file_of_the_public_build",)),
    Defence("工作流脚本中展开不可信的值",
            ((".github/workflows/validate.yml", '--author "$AUTHOR"', '--author "${{ github.event.pull_request.user.login }}"'),),
            ("tests/test_workflows.py::test_no_workflow_expands_a_value_into_a_script",)),
    Defence("密钥进入运行合并请求内容的作业",
            ((".github/workflows/validate.yml", "    timeout-minutes: 20\n",
              "    timeout-minutes: 20\n    env:\n      TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"),),
            ("tests/test_workflows.py::test_secrets_never_reach_a_job_that_runs_pull_request_content",)),
    Defence("合并请求的代码判断自己的改动",
            ((".github/workflows/validate.yml", "        working-directory: base\n        run: python -m pip install",
              "        working-directory: pr\n        run: python -m pip install"),),
            ("tests/test_workflows.py::test_the_change_check_runs_the_bases_code_on_the_pull_requests_tree",)),
    Defence("合并请求给自己加角色",
            (("scripts/tieshai/review/check.py", "    rules = base_campaign(change, root, result.campaign)\n", "    rules = result.campaign\n"),),
            ("tests/test_pull_requests.py::test_a_pr_cannot_grant_its_author_a_role",)),
    Defence("校验结果评论发到别的合并请求",
            ((".github/workflows/pr-comment.yml", 'if [ "$claimed" != "$found" ]; then', "if false; then"),
             (".github/workflows/pr-comment.yml", "number=$found", "number=$claimed")),
            ("tests/test_workflows.py::test_an_artifact_naming_another_pull_request_is_refused",)),
    Defence("单位删除或改写已验收的整改项",
            (("scripts/tieshai/review/permissions.py", '        if old_items[problem][1].get("acceptance"):\n', "        if False:\n"),),
            ("tests/test_pull_requests.py::test_a_unit_cannot_delete_its_accepted_rectification_item",
             "tests/test_pull_requests.py::test_a_unit_cannot_move_an_accepted_item_to_another_problem")),
    Defence("督查组删除单位的整改项",
            (("scripts/tieshai/review/permissions.py",
              'for problem in sorted(old_items.keys() - new_items.keys(), key=str):\n        refused.append(',
              'for problem in ():\n        refused.append('),),
            ("tests/test_pull_requests.py::test_the_team_cannot_delete_a_units_rectification_item",)),
    Defence("督查组改写整改报告中单位填写的内容",
            (("scripts/tieshai/review/permissions.py", 'if key != "items" and old.get(key) != after.data.get(key)]', "if False]"),),
            ("tests/test_pull_requests.py::test_the_team_cannot_rewrite_a_units_own_fields",)),
    Defence("单位使用其他单位已用的编号",
            (("scripts/tieshai/review/check.py", "            judged += ids_taken_on_base(change, rules, result.submissions, touched)\n",
              "            pass\n"),),
            ("tests/test_pull_requests.py::test_a_unit_cannot_reuse_another_units_id",)),
    Defence("空账号跳过角色规则",
            (("scripts/tieshai/cli/check.py", "if args.author is not None and not args.author.strip():", "if False:"),
             ("scripts/tieshai/review/permissions.py", "if author is not None else None", "if author else None")),
            ("tests/test_pull_requests.py::test_an_empty_or_unknown_author_has_no_role",)),
    Defence("分支上倒填日期的提交",
            (("scripts/tieshai/review/landed.py", '"--first-parent", "--diff-merges=first-parent", "--reverse"', '"--reverse"'),),
            ("tests/test_pull_requests.py::test_a_backdated_commit_on_a_branch_does_not_decide_lateness",)),
    Defence("主分支上倒退的提交时间",
            (("scripts/tieshai/review/landed.py", "when = latest = max(latest, datetime.fromisoformat(lines[0]).date())",
              "when = datetime.fromisoformat(lines[0]).date()"),),
            ("tests/test_pull_requests.py::test_a_date_on_the_main_branch_never_goes_back",)),
    Defence("最新动态中未通过校验的中间提交",
            (("scripts/tieshai/site/history.py", "first_parent=True, until=until)", "until=until)"),),
            ("tests/test_pull_requests.py::test_the_latest_changes_are_the_accepted_ones",)),
    # -- issue 13: outputs written whole, outputs as data, personal data after normalisation --
    Defence("站点整体替换：中断或失败的构建保留原站点",
            (("scripts/tieshai/site/build.py", "site_dir=str(building)", "site_dir=str(site_dir)"),),
            ("tests/test_build_whole.py::test_a_killed_build_leaves_the_previous_site_and_the_next_build_succeeds",
             "tests/test_build_whole.py::test_a_build_onto_a_full_disk_leaves_the_previous_site")),
    Defence("同一目录的两次构建互斥",
            (("scripts/tieshai/outputs/files.py", "        if not lock.take():\n", "        if False:\n"),),
            ("tests/test_build_whole.py::test_two_builds_into_one_folder_never_mix",
             "tests/test_build_whole.py::test_a_build_waiting_for_the_lock_is_refused_not_mixed")),
    Defence("导出全部写成或一个不留（磁盘已满不留半截文件）",
            (("scripts/tieshai/outputs/files.py", "        for path in [*temporary.values(), *written]:\n",
              "        for path in []:\n"),),
            ("tests/test_export.py::test_export_onto_a_full_disk_leaves_nothing_and_the_rerun_succeeds",)),
    Defence("输出位置是文件、符号链接或只读：环境错误而非崩溃",
            (("scripts/tieshai/outputs/files.py", "    if folder.is_symlink():\n", "    if False:\n"),
             ("scripts/tieshai/cli/__init__.py", "    except OSError as exc:  # the machine refused", "    except ZeroDivisionError as exc:  #")),
            ("tests/test_build_whole.py::test_a_site_dir_that_is_a_file_or_a_symlink_is_an_environment_error",
             "tests/test_export.py::test_export_refuses_a_file_or_a_dangling_symlink_as_its_place",
             "tests/test_export.py::test_export_into_a_read_only_folder_is_an_environment_error")),
    Defence("不通过符号链接写到仓库以外",
            (("scripts/tieshai/outputs/files.py", "        if (root / part).is_symlink():\n", "        if False:\n"),),
            ("tests/test_new.py::test_new_never_writes_through_a_symlinked_folder",
             "tests/test_cli.py::test_codeowners_is_never_written_through_a_symlink")),
    Defence("日志中的键名和文件名不能另起一行写入工作流命令",
            (("scripts/tieshai/findings.py", "        return one_line(f\"{self.location}", "        return (f\"{self.location}"),
             ("scripts/tieshai/outputs/report.py", '    print(f"::stop-commands::{resume}", file=out)\n', "")),
            ("tests/test_outputs_data.py::test_a_key_cannot_write_a_workflow_command_into_the_log",)),
    Defence("合并请求评论中的 Markdown 和 HTML（伪造结论、隐藏问题）",
            (("scripts/tieshai/outputs/report.py", '    return _MARKDOWN_SPECIAL.sub(r"\\\\\\1", one_line(text))', "    return text"),),
            ("tests/test_outputs_data.py::test_the_pull_request_comment_shows_hostile_names_and_keys_as_text",
             "tests/test_outputs_data.py::test_any_text_is_markdown_that_shows_itself")),
    Defence("CSV 单元格中的公式",
            (("scripts/tieshai/outputs/export.py", '        return "\'" + value\n', "        return value\n"),),
            ("tests/test_export.py::test_text_that_looks_like_a_formula_is_written_as_data",
             "tests/test_export.py::test_cells_are_neutralised_but_numbers_stay_numbers")),
    Defence("改写形式的个人号码（全角、分组、+86、YAML 转义）",
            (("scripts/tieshai/chinese.py", '    text = unicodedata.normalize("NFKC", text)\n', ""),
             ("scripts/tieshai/rules/personal_data.py", '_COUNTRY = ("86", "0086")', '_COUNTRY = ()')),
            ("tests/test_personal_data.py::test_a_mobile_number_however_written_is_found",
             "tests/test_personal_data.py::test_a_number_written_with_yaml_escapes_or_in_groups_is_refused")),
    Defence("分组书写的个人号码",
            (("scripts/tieshai/rules/personal_data.py", "        groups = _GROUP.findall(match.group(2))\n",
              "        groups = [match.group(2)]\n"),),
            ("tests/test_personal_data.py::test_an_identity_number_however_written_is_found",
             "tests/test_personal_data.py::test_a_bank_card_number_however_written_is_found",
             "tests/test_personal_data.py::test_public_text_of_other_records_is_judged_after_normalising_too")),
    Defence("案例标题等公开文字中的自然人全名",
            (("scripts/tieshai/rules/personal_data.py", "    return len(name) >= 2 and name in _compact(text)", "    return False"),),
            ("tests/test_personal_data.py::test_a_natural_persons_full_name_in_the_case_title_is_refused",)),
    Defence("个人号码的快速初筛漏掉会变成数字的字符（如 ①、¹）",
            (("scripts/tieshai/chinese.py", '"\\u2460-\\u249b', '"'),),
            ("tests/test_personal_data.py::test_every_character_that_reads_as_a_digit_is_known_to_the_quick_look",
             "tests/test_personal_data.py::test_a_mobile_number_however_written_is_found")),
    Defence("超出范围的数字（数千位整数、无穷大）",
            (("scripts/tieshai/load/yamlload.py",
              '        if len(value.lstrip("+-")) > _MAX_INTEGER_DIGITS or abs(int(value)) > MAX_SAFE_INTEGER:\n',
              "        if False:\n"),
             ("scripts/tieshai/load/yamlload.py", "        if not math.isfinite(number) or abs(number) > MAX_SAFE_INTEGER:\n",
              "        if False:\n")),
            ("tests/test_hostile_inputs.py::test_numbers_beyond_any_real_value_are_refused_at_their_line",)),
    Defence("字段名上的 YAML 标签",
            (("scripts/tieshai/load/yamlload.py",
              '        if event.tag is not None and event.tag not in (_TAG + "str", "!", _TAG + "merge"):\n',
              "        if False:\n"),),
            ("tests/test_hostile_inputs.py::test_a_tag_on_a_key_is_refused",)),
    Defence("用转义写法写入的看不见字符",
            (("scripts/tieshai/load/yamlload.py", "    if event.style == '\"' and _FORBIDDEN_CHARS.search(value):",
              "    if False:"),
             ("scripts/tieshai/load/yamlload.py", "        if event.style == '\"' and _FORBIDDEN_CHARS.search(key):",
              "        if False:")),
            ("tests/test_hostile_inputs.py::test_hidden_characters_written_as_escapes_are_judged_on_the_parsed_text",)),
    Defence("不是 UTF-8 的文件名",
            (("scripts/tieshai/load/submissions.py", '_HIDDEN = ("Cc", "Cf", "Cs")', '_HIDDEN = ("Cc", "Cf")'),),
            ("tests/test_hostile_inputs.py::test_a_file_name_that_is_not_utf8_is_refused",)),
    Defence("git 输出中不是 UTF-8 的文件名",
            (("scripts/tieshai/review/change.py", '.decode("utf-8", "surrogateescape")', '.decode("utf-8")'),),
            ("tests/test_hostile_inputs.py::test_a_file_name_that_is_not_utf8_in_a_change",)),
    Defence("形近的文件名（Unicode 分解写法）",
            (("scripts/tieshai/load/submissions.py",
              '    if relative.isascii() or unicodedata.is_normalized("NFC", relative):\n', "    if True:\n"),),
            ("tests/test_hostile_inputs.py::test_a_decomposed_file_name_that_looks_like_another_is_refused",)),
    Defence("命名管道、设备等特殊文件（从不打开）",
            (("scripts/tieshai/load/submissions.py",
              "                    elif entry.is_symlink() or entry.is_file(follow_symlinks=False):\n",
              "                    elif True:\n"),
             ("scripts/tieshai/rules/evidence.py", "    if kind is not None:  # never opened", "    if False:  # never opened")),
            ("tests/test_hostile_inputs.py::test_a_fifo_or_device_where_a_file_should_be_is_named_and_never_opened",)),
    Defence("读取器只读普通文件",
            (("scripts/tieshai/load/yamlload.py", "        if kind is not None:\n            raise NotARegularFile(kind)\n", ""),),
            ("tests/test_hostile_inputs.py::test_the_loader_reads_only_regular_files",)),
    Defence("无法读取的目录",
            (("scripts/tieshai/load/submissions.py", "        except OSError as exc:  # a folder without read permission",
              "        except FileExistsError as exc:  # a folder without read permission"),),
            ("tests/test_hostile_inputs.py::test_a_folder_that_cannot_be_listed_is_named",)),
    Defence("佐证路径中的空字符",
            (("scripts/tieshai/rules/evidence.py", '    if "\\0" in written:', "    if False:"),),
            ("tests/test_hostile_inputs.py::test_a_nul_in_an_evidence_path_is_a_finding",)),
    Defence("每个文件的提示条数上限",
            (("scripts/tieshai/rules/check.py", "        if count <= MAX_FINDINGS_PER_FILE:\n", "        if True:\n"),),
            ("tests/test_hostile_inputs.py::test_findings_per_file_are_bounded",)),
    Defence("以“-”开头的分支名（命令行）",
            (("scripts/tieshai/cli/check.py", '"--base", metavar="分支或提交", type=ref_argument,', '"--base", metavar="分支或提交",'),),
            ("tests/test_hostile_inputs.py::test_a_base_that_looks_like_an_option_is_a_usage_error",)),
    Defence("以“-”开头的分支名（交给 git 之前）",
            (("scripts/tieshai/review/change.py", "        check_ref_text(base_ref)\n", "        pass\n"),),
            ("tests/test_hostile_inputs.py::test_a_ref_reaches_git_only_checked",)),
    Defence("编号和统计期间整段匹配（tieshai new）",
            (("scripts/tieshai/outputs/new_record.py", "not _ID.fullmatch(name)", "not _ID.match(name)"),
             ("scripts/tieshai/outputs/new_record.py", "not _PERIOD.fullmatch(period)", "not _PERIOD.match(period)")),
            ("tests/test_hostile_inputs.py::test_new_matches_ids_and_periods_whole",)),
    Defence("schema 格式整段匹配（末尾换行）",
            (("scripts/tieshai/rules/schema.py", 'return {key: python_pattern(value) if key == "pattern"',
              'return {key: value if key == "pattern"'),),
            ("tests/test_hostile_inputs.py::test_an_id_with_a_final_line_break_is_refused",)),
    Defence("改动中变成符号链接或子模块的文件",
            (("scripts/tieshai/review/change.py", '        if file.status == "D" or name is None:\n', "        if True:\n"),),
            ("tests/test_hostile_inputs.py::test_a_record_turned_into_a_symlink_or_a_submodule_in_a_change",)),
    Defence("改动前的记录：先看大小，经严格读取器和 schema",
            (("scripts/tieshai/review/change.py", "        if size > MAX_FILE_BYTES:  # measured before it is held in memory\n",
              "        if False:\n"),
             ("scripts/tieshai/review/change.py", "        if judged:\n", "        if False:\n")),
            ("tests/test_hostile_inputs.py::test_an_earlier_record_that_cannot_be_read_is_a_finding",)),
    Defence("改动规则只读通过 schema 的记录",
            (("scripts/tieshai/review/check.py", "for submission in result.submissions if submission.valid}",
              "for submission in result.submissions}"),),
            ("tests/test_hostile_inputs.py::test_a_changed_record_of_the_wrong_shape_gives_findings",)),
    Defence("带正负号的十六进制、二进制数字",
            (("scripts/tieshai/load/yamlload.py", 'value.lstrip("+-")[:2].lower() in ("0o", "0x", "0b")',
              'value[:2].lower() in ("0o", "0x", "0b")'),),
            ("tests/test_hostile_inputs.py::test_a_signed_hexadecimal_or_binary_number_is_named_not_converted",)),
    Defence("单位改写或自行填报过错责任追究记录",
            (("scripts/tieshai/review/permissions.py", "ORGANISER_KINDS = {Kind.CASE_SCORES, Kind.ACCOUNTABILITY_REFERRAL}",
              "ORGANISER_KINDS = {Kind.CASE_SCORES}"),),
            ("tests/test_pull_requests.py::test_only_the_organiser_writes_an_accountability_referral",)),
    Defence("过错责任追究记录进入公开版",
            (("scripts/tieshai/site/audience.py", "    return [kind for kind in Kind if audience == INTERNAL or kind not in INTERNAL_KINDS]",
              "    return list(Kind)"),),
            ("tests/test_audience.py::test_no_internal_field_reaches_any_file_of_the_public_build",)),
    Defence("Excel 工作簿中像公式的文字只作为文字",
            (("scripts/tieshai/outputs/workbook.py", '"strings_to_formulas": False', '"strings_to_formulas": True'),
             ("scripts/tieshai/outputs/workbook.py", "sheet.write_string(number, column, value, fmt)",
              "sheet.write(number, column, value, fmt)")),
            ("tests/test_workbooks.py::test_text_that_looks_like_a_formula_stays_text",)),
    Defence("Excel 工作簿中像公式的文字带引号前缀（改动单元格后仍是文字）",
            (("scripts/tieshai/outputs/workbook.py", "value.startswith(FORMULA_START))]", "False)]"),),
            ("tests/test_workbooks.py::test_text_that_looks_like_a_formula_stays_text",)),
    Defence("Word 公文中来自记录的文字只作为文字（不是标记、域代码）",
            (("scripts/tieshai/outputs/official.py", "        run = paragraph.add_run(text)\n",
              "        run = paragraph.add_run()\n"
              "        run._r.append(parse_xml(f'<w:t {nsdecls(\"w\")}>{text}</w:t>'))\n"),),
            ("tests/test_documents.py::test_hostile_text_appears_literally_in_every_document",)),
    Defence("公开版公文和工作簿由删去仅内部字段的记录生成",
            (("scripts/tieshai/site/plugin.py", "Records.from_submissions(self.site.submissions, data=self.site.record)",
              "Records.from_submissions(self.site.submissions)"),),
            ("tests/test_audience.py::test_no_internal_field_reaches_any_file_of_the_public_build",
             "tests/test_audience.py::test_the_public_documents_leave_out_the_inspection_team")),
    Defence("被评判的单位审阅对自己的评判（审阅人按角色指定）",
            (("scripts/tieshai/outputs/codeowners.py",
              'team = _owners((*campaign.roles.get("inspection_team", ()), *campaign.roles.get("organiser", ())))',
              'team = _owners((*campaign.roles.get("inspection_team", ()), *campaign.roles.get("organiser", ()),'
              ' *(login for unit in campaign.units for login in unit.maintainers)))'),),
            ("tests/test_review_summary.py::test_each_kind_of_record_is_reviewed_by_the_role_that_must_approve_it",)),
    Defence("撤销命令中的文件名被 shell 执行",
            (("scripts/tieshai/review/permissions.py", "path = shlex.quote(change.repository.git_path(file.path))",
              "path = change.repository.git_path(file.path)"),),
            ("tests/test_review_summary.py::test_another_units_file_is_one_finding_with_the_command_that_undoes_it",)),
    Defence("改动说明中引用的记录内容（@提及、HTML、Markdown）",
            (("scripts/tieshai/review/summary.py", 'text += [f"  - {markdown_text(detail)}" for detail in record.details]',
              'text += [f"  - {detail}" for detail in record.details]'),),
            ("tests/test_review_summary.py::test_values_quoted_from_the_pull_request_stay_data",)),
    Defence("位置链接被文件名或伪造的地址引向别处",
            (("scripts/tieshai/review/links.py", "{quote(finding.file.encode('utf-8', 'surrogatepass'), safe='/')}",
              "{finding.file}"),
             ("scripts/tieshai/review/links.py", "server = _checked(_SERVER, environment.get(\"GITHUB_SERVER_URL\"))",
              "server = environment.get(\"GITHUB_SERVER_URL\")")),
            ("tests/test_review_summary.py::test_a_link_goes_only_to_the_file_in_the_head_commit",)),
]


def copy_repository(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)


def run_tests(copy: Path, tests: tuple[str, ...]) -> bool:
    """True when every test passes. The copy's package comes first on the path, before the
    installed one, in pytest and in every `python -m tieshai` the tests start."""
    environment = {**os.environ, "PYTHONPATH": str(copy / "scripts")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                          cwd=copy, env=environment, capture_output=True, text=True)
    return done.returncode == 0


def remove(copy: Path, defence: Defence) -> None:
    for name, text, replacement in defence.removal:
        path = copy / name
        content = path.read_text(encoding="utf-8")
        if text not in content:
            sys.exit(f"{defence.name}：{name} 中找不到要去掉的代码，请更新 bench/defences.py")
        path.write_text(content.replace(text, replacement), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="只检查名称中含有这段文字的防线")
    args = parser.parse_args()
    chosen = [d for d in DEFENCES if not args.only or args.only in d.name]
    survived = 0
    for defence in chosen:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder)
            copy_repository(copy)
            passes_with = run_tests(copy, defence.tests)
            remove(copy, defence)
            passes_without = run_tests(copy, defence.tests)
        ok = passes_with and not passes_without
        survived += not ok
        verdict = "有效：去掉后测试失败" if ok else ("测试本身未通过" if not passes_with else "无效：去掉后测试仍通过")
        print(f"{'✓' if ok else '✗'} {defence.name}：{verdict}（{len(defence.tests)} 个测试）", flush=True)
    print(f"共 {len(chosen)} 道防线，{len(chosen) - survived} 道由测试证明。")
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
