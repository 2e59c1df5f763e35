"""Online forms: a clerk fills, checks and downloads every kind of record from the site, in a real
Chromium, and the file the form writes passes the validator."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tieshai.load.layout import NAME_FIELDS
from tieshai.rules.check import load_campaign
from tieshai.vocabulary import Kind

from .browser import PageWatch, open_page, serve_folder
from .conftest import REPO, build_site, check_json, replace_in_file
from .sites import demo_copy

pytestmark = pytest.mark.browser


def sample_records() -> dict[str, Path]:
    """One real demo record of every kind (the first in path order)."""
    samples: dict[str, Path] = {}
    for path in sorted((REPO / "submissions").rglob("*.yaml")):
        kind = path.read_text(encoding="utf-8").split(".schema.json", 1)[0].rsplit("/", 1)[1]
        samples.setdefault(kind, path)
    return samples


def form_address(kind: str, data: dict[str, Any]) -> str:
    query = f"?unit={data['unit']}" + (f"&action={data['action']}" if "action" in data else "")
    return f"forms/{kind}/{query}"


def open_form(browser, base: str, address: str):
    page, watch = open_page(browser, base, address)
    page.wait_for_function("window.tieshaiForm !== undefined", timeout=15000)
    return page, watch


def check_and_download(page, folder: Path) -> Path:
    """Click 检查 as a clerk would, expect no problem, download, and return the saved file."""
    page.click("#ts-form-check")
    status = page.locator("#ts-form-status").inner_text()
    assert "没有发现问题" in status, status
    with page.expect_download() as download:
        page.click("#ts-form-download")
    saved = folder / download.value.suggested_filename
    download.value.save_as(saved)
    return saved


def test_there_is_a_form_for_every_kind_of_record() -> None:
    assert set(sample_records()) == {kind.value for kind in Kind}


@pytest.mark.parametrize("kind", [kind.value for kind in Kind])
def test_a_record_put_into_its_form_comes_out_unchanged_and_valid(browser, built_site: Path, tmp_path: Path,
                                                                  kind: str) -> None:
    source = sample_records()[kind]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, form_address(kind, data))
        page.evaluate("value => window.tieshaiForm.setValue(value)", data)
        written, where = page.evaluate("[window.tieshaiForm.yaml(), window.tieshaiForm.path()]")
        assert page.evaluate("window.tieshaiForm.errors()") == []
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    assert where == source.relative_to(REPO).as_posix()
    assert yaml.safe_load(written) == data  # nothing the form did not show is lost or changed
    repo = demo_copy(tmp_path / "repo")
    (repo / where).write_text(written, encoding="utf-8", newline="\n")
    report = check_json(repo, str(repo / where))
    assert report["findings"] == [], report["findings"]


def test_a_clerk_fills_a_self_inspection_report_and_it_passes(browser, built_site: Path, tmp_path: Path) -> None:
    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/self-inspection/?unit=longwan&action=case-review")
        assert page.locator("#ts-form-heading").inner_text() == "龙湾区 · 行政执法案卷评查"
        page.fill("[data-schemapath='root.report_date'] input", "2021-09-10")
        for index in range(len(campaign.action("case-review").checklist)):
            row = f"[data-schemapath='root.conclusions.{index}']"
            page.select_option(f"{row} [data-schemapath='root.conclusions.{index}.result'] select", "符合")
            page.fill(f"{row} [data-schemapath='root.conclusions.{index}.findings'] textarea", "经自查，符合要求。")
        problem = "[data-schemapath='root.problems.0']"
        page.fill(f"{problem} [data-schemapath='root.problems.0.description'] textarea", "个别案卷送达回证缺少日期。\n已补正。")
        page.select_option(f"{problem} [data-schemapath='root.problems.0.item'] select", index=1)
        page.select_option(f"{problem} [data-schemapath='root.problems.0.severity'] select", "minor")
        page.fill(f"{problem} [data-schemapath='root.problems.0.measures'] textarea", "补正送达回证，组织案卷整理培训。")
        page.fill(f"{problem} [data-schemapath='root.problems.0.department'] input", "政策法规科")
        page.fill(f"{problem} [data-schemapath='root.problems.0.deadline'] input", "2021-10-31")
        page.select_option(f"{problem} [data-schemapath='root.problems.0.status'] select", "整改中")
        page.evaluate("""() => {
            const value = window.tieshaiForm.getValue();
            value.totals = {files_in_scope: 40, files_self_reviewed: 40, files_failed: 1};
            value.contact = {name: "陈晓东"};
            window.tieshaiForm.setValue(value);
        }""")
        saved = check_and_download(page, tmp_path)
        assert saved.name == "self-inspection.yaml"
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    text = saved.read_text(encoding="utf-8")
    assert "    description: |-\n      个别案卷送达回证缺少日期。\n      已补正。\n" in text  # long text as block text
    assert "\r" not in text
    repo = demo_copy(tmp_path / "repo")
    target = repo / "submissions/longwan/case-review/self-inspection.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, target)
    report = check_json(repo, str(repo / "submissions/longwan/case-review"))
    assert [f for f in report["findings"] if f["severity"] == "error"] == [], report["findings"]


def test_a_missing_field_and_a_malformed_one_are_named_at_the_field_in_the_checks_words(browser, built_site: Path,
                                                                                       tmp_path: Path) -> None:
    from tieshai.rules.schema import FIELD_MESSAGES

    with serve_folder(built_site) as url:
        page, _ = open_form(browser, url, "forms/notice/?unit=lucheng&action=accidents&id=lucheng-accidents-n9")
        page.fill("[data-schemapath='root.number'] input", "温应急改〔2021〕")
        page.click("#ts-form-check")
        status = page.locator("#ts-form-status").inner_text()
        at_date = page.locator("[data-schemapath='root.issue_date']").inner_text()
        at_number = page.locator("[data-schemapath='root.number']").inner_text()
        written = page.evaluate("window.tieshaiForm.yaml()")
        page.close()
    missing = FIELD_MESSAGES["required"].format(label="“下达日期”")
    assert "需要修改" in status and "下达日期：" + missing in status
    assert missing in at_date and "“通知书文号”的格式不对：“温应急改〔2021〕”。应为" in at_number
    # the validator says the same of the file the form writes, adding only where the field is in the file
    repo = demo_copy(tmp_path / "repo")
    target = repo / "submissions/lucheng/accidents/notices/lucheng-accidents-n9.yaml"
    target.write_text(written, encoding="utf-8")
    said = [re.sub(r"（[a-z_]+）", "", finding["message"]) for finding in check_json(repo, str(target))["findings"]]
    assert any(message.startswith(missing) for message in said), said
    shown = re.search(r"“通知书文号”的格式不对：[^\n]*。", at_number)
    assert shown is not None and shown.group(0) in said, (shown, said)


def test_the_form_page_without_an_address_asks_for_unit_and_action(browser, built_site: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_page(browser, url, "forms/rectification/")
        page.select_option("select[name=unit]", "ouhai")
        page.select_option("select[name=action]", "enforcement")
        page.click(".ts-form-chooser button")
        page.wait_for_function("window.tieshaiForm !== undefined", timeout=15000)
        assert page.evaluate("window.tieshaiForm.path()") == "submissions/ouhai/enforcement/rectification.yaml"
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()


def test_every_form_works_opened_from_disk(browser, tmp_path: Path) -> None:
    site = build_site(REPO, tmp_path / "offline", "--offline")
    for kind, source in sample_records().items():
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        page = browser.new_page()
        watch = PageWatch("file://")
        watch.attach(page)
        query = form_address(kind, data).split("?", 1)[1]
        name_field = NAME_FIELDS.get(Kind(kind))
        if name_field:
            query += f"&{'period' if name_field == 'period' else 'id'}={data[name_field]}"
        page.goto((site / "forms" / kind / "index.html").as_uri() + f"?{query}&edit=1", wait_until="load")
        page.wait_for_function("window.tieshaiForm !== undefined", timeout=15000)
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        assert page.evaluate("window.tieshaiForm.getValue()") == data, kind
        assert page.evaluate("window.tieshaiForm.path()").startswith(f"submissions/{data['unit']}/"), kind
        assert watch.foreign_requests == [] and watch.console_errors == [], kind
        page.close()


def test_unit_pages_link_to_their_forms(built_site: Path) -> None:
    page = (built_site / "units" / "lucheng" / "index.html").read_text(encoding="utf-8")
    assert "../../forms/self-inspection/?unit=lucheng&amp;action=plans" in page
    assert "../../forms/kpi-report/?unit=lucheng" in page


def test_form_pages_are_accessible_and_fit_a_phone(browser, built_site: Path) -> None:
    from .test_browser_site import axe_violations

    with serve_folder(built_site) as url:
        for kind in sample_records():
            data = yaml.safe_load(sample_records()[kind].read_text(encoding="utf-8"))
            page, watch = open_form(browser, url, form_address(kind, data))
            assert axe_violations(page) == [], kind
            page.set_viewport_size({"width": 390, "height": 844})
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (kind, overflow)
            page.close()


def test_vendored_library_is_the_pinned_version_with_its_licence() -> None:
    vendor = REPO / "scripts" / "tieshai" / "site" / "assets" / "vendor"
    pinned = re.search(r"JSON_EDITOR_VERSION=(\S+)", (REPO / "scripts" / "refresh-vendored.sh").read_text()).group(1)
    assert f'@version "{pinned}"' in (vendor / "jsoneditor.js.LICENSE.txt").read_text(encoding="utf-8")
    assert f"| @json-editor/json-editor | {pinned} |" in (vendor / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in (vendor / "jsoneditor.LICENSE").read_text(encoding="utf-8")
    yaml_pinned = re.search(r"JS_YAML_VERSION=(\S+)", (REPO / "scripts" / "refresh-vendored.sh").read_text()).group(1)
    assert f"| js-yaml | {yaml_pinned} |" in (vendor / "README.md").read_text(encoding="utf-8")
    assert "Vitaly Puzrin" in (vendor / "js-yaml.LICENSE").read_text(encoding="utf-8")


def test_evidence_is_registered_with_its_checksum_and_refused_as_the_validator_would(browser, built_site: Path,
                                                                                     tmp_path: Path) -> None:
    pdf = tmp_path / "整改会议纪要.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + "会议纪要".encode() * 500 + b"\n%%EOF\n")
    fake = tmp_path / "照片.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    program = tmp_path / "工具.exe"
    program.write_bytes(b"MZ" + b"0" * 100)
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=accidents")
        page.evaluate("""() => window.tieshaiForm.setValue({unit: "lucheng", action: "accidents",
            report_date: "2021-09-14", items: [{problem: "lucheng-accidents-s1", measures: "已整改。", status: "已完成",
            completion_date: "2021-09-10"}], contact: {name: "周志强"}})""")
        panel = page.locator("#ts-evidence")
        for refused, words in ((program, "类型不在允许范围内"), (fake, "文件内容是PNG 图片")):
            panel.locator("input[type=file]").set_input_files(str(refused))
            panel.locator("button").click()
            page.wait_for_function("document.querySelector('.ts-evidence-message').textContent.includes('“')")
            assert words in panel.locator(".ts-evidence-message").inner_text()
        panel.locator("input[type=file]").set_input_files(str(pdf))
        panel.locator("button").click()
        page.wait_for_function("document.querySelector('.ts-evidence-message').textContent.startsWith('已登记')")
        assert "submissions/lucheng/accidents/evidence/整改会议纪要.pdf" in panel.locator(".ts-evidence-message").inner_text()
        evidence = page.evaluate("window.tieshaiForm.getValue().items[0].evidence")
        # the plain SHA-256 the page falls back on where Web Crypto is withheld (plain http)
        plain = page.evaluate("[window.tieshaiForm.sha256(''), window.tieshaiForm.sha256('铁筛'.repeat(40))]")
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    assert evidence == [{"title": "整改会议纪要", "file": "evidence/整改会议纪要.pdf",
                         "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(), "size": pdf.stat().st_size}]
    assert plain == [hashlib.sha256(b"").hexdigest(), hashlib.sha256(("铁筛" * 40).encode()).hexdigest()]


@pytest.mark.parametrize(("forge", "address"), [
    ("github", "https://github.com/wzyjj/tieshai/upload/main/submissions/lucheng/accidents"),
    ("gitea", "https://git.example.gov.cn/wzyjj/tieshai/_upload/main/submissions/lucheng/accidents"),
    ("gitlab", "https://git.example.gov.cn/wzyjj/tieshai/-/tree/main/submissions/lucheng/accidents"),
])
def test_the_form_opens_the_forges_own_upload_page_for_the_records_folder(browser, tmp_path: Path, forge: str,
                                                                           address: str) -> None:
    repo = demo_copy(tmp_path / "repo")
    host = "https://github.com" if forge == "github" else "https://git.example.gov.cn"
    replace_in_file(repo / "campaign.yaml", "\nlegal_bases:", f"\nforge:\n  kind: {forge}\n  url: {host}/wzyjj/tieshai/\n\nlegal_bases:", 1)
    site = build_site(repo, tmp_path / "site")
    steps = (site / "forms" / "index.html").read_text(encoding="utf-8")  # the submit steps name the repository
    assert f'本行动的仓库：<a href="{host}/wzyjj/tieshai">' in steps and "本站没有登记仓库地址" not in steps
    with serve_folder(site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=accidents")
        button = page.locator("#ts-form-upload")
        assert button.get_attribute("href") == address
        assert forge.capitalize()[:3] in button.inner_text()  # GitHub, Gitea, GitLab named on the button
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()


def test_modify_opens_the_record_the_internal_site_holds(browser, built_site: Path) -> None:
    source = REPO / "submissions/lucheng/accidents/notices/lucheng-accidents-n1.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    unit_page = (built_site / "units" / "lucheng" / "index.html").read_text(encoding="utf-8")
    assert "forms/notice/?unit=lucheng&amp;action=accidents&amp;id=lucheng-accidents-n1&amp;edit=1" in unit_page
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/notice/?unit=lucheng&action=accidents&id=lucheng-accidents-n1&edit=1")
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        assert page.evaluate("window.tieshaiForm.getValue()") == data
        assert yaml.safe_load(page.evaluate("window.tieshaiForm.yaml()")) == data
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()


def test_the_public_site_holds_no_record_to_modify(tmp_path: Path) -> None:
    site = build_site(REPO, tmp_path / "public", "--audience", "public")
    assert not (site / "forms" / "records").exists()
    assert "edit=1" not in (site / "units" / "lucheng" / "index.html").read_text(encoding="utf-8")


def test_a_file_from_disk_is_opened_and_a_wrong_one_refused_without_losing_input(browser, built_site: Path,
                                                                               tmp_path: Path) -> None:
    good = REPO / "submissions/lucheng/accidents/rectification.yaml"
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(good.read_text(encoding="utf-8").encode("gb18030"))
    other = REPO / "submissions/lucheng/accidents/self-inspection.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("unit: lucheng\nitems: [\n", encoding="utf-8")
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=accidents")
        page.evaluate("() => { const v = window.tieshaiForm.getValue(); v.report_date = '2021-09-01';"
                      " window.tieshaiForm.setValue(v); }")
        for refused, words in ((gbk, "不是 UTF-8 编码"), (other, "是自查报告，不是整改报告"), (broken, "不是有效的 YAML")):
            page.set_input_files("#ts-form-open", str(refused))
            page.wait_for_function(f"document.getElementById('ts-form-open-message').textContent.includes({words!r})")
            assert page.evaluate("window.tieshaiForm.getValue().report_date") == "2021-09-01"  # nothing typed is lost
        page.evaluate("window.tieshaiForm.markSaved()")
        page.set_input_files("#ts-form-open", str(good))
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        assert page.evaluate("window.tieshaiForm.getValue()") == yaml.safe_load(good.read_text(encoding="utf-8"))
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()


def test_leaving_with_unsaved_input_asks_first(browser, built_site: Path) -> None:
    """The page asks the browser to confirm leaving (beforeunload) once a person has typed."""
    leaving = "() => { const event = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(event);" \
              " return event.defaultPrevented; }"
    with serve_folder(built_site) as url:
        page, _ = open_form(browser, url, "forms/kpi-report/?unit=lucheng&period=2021-q3")
        assert page.evaluate(leaving) is False  # what the page filled in itself is not unsaved input
        page.click("[data-schemapath='root.reconsideration.cases'] input")
        page.keyboard.type("3")
        assert page.evaluate(leaving) is True
        page.evaluate("window.tieshaiForm.markSaved()")  # as a download does
        assert page.evaluate(leaving) is False
        page.close()


def test_hostile_text_in_a_record_is_shown_as_text_in_its_form(browser, tmp_path: Path) -> None:
    from .test_browser_site import HOSTILE

    repo = demo_copy(tmp_path / "repo")
    target = repo / "submissions/lucheng/accidents/rectification.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["items"][0]["measures"] = " ".join(HOSTILE)
    data["contact"]["name"] = HOSTILE[1]
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = build_site(repo, tmp_path / "site")
    with serve_folder(site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=accidents&edit=1")
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        assert page.evaluate("window.tieshaiForm.getValue().items[0].measures") == " ".join(HOSTILE)
        assert page.evaluate("window.__pwned") is None and watch.dialogs == []
        assert yaml.safe_load(page.evaluate("window.tieshaiForm.yaml()")) == data
        page.close()


@pytest.mark.parametrize(("kind", "query"), [("self-inspection", "unit=lucheng&action=plans"),
                                             ("accident-review", "unit=lucheng&action=accidents&id=lucheng-acc-9"),
                                             ("kpi-report", "unit=lucheng&period=2021-q3")])
def test_a_form_starts_from_the_document_tieshai_new_writes(browser, built_site: Path, kind: str, query: str) -> None:
    from tieshai.forms.config import form_config
    from tieshai.outputs.new_record import prefill

    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    params = dict(part.split("=") for part in query.split("&"))
    action = next(a for a in form_config(Kind(kind), campaign)["actions"] if a["id"] == params.get("action"))
    name = params.get("id") or params.get("period") or ""
    expected = json.loads(json.dumps(action["start"]).replace("{unit}", params["unit"]).replace("{name}", name))
    # the very document `tieshai new` fills its template from, less the notes it writes as comments
    written = prefill(Kind(kind), campaign, params["unit"], params.get("action"), name or None)
    assert expected == json.loads(json.dumps(written), object_hook=lambda entry: {
        key: value for key, value in entry.items() if key != "#" and value is not None})
    with serve_folder(built_site) as url:
        page, _ = open_form(browser, url, f"forms/{kind}/?{query}")
        page.evaluate("() => new Promise(resolve => window.tieshaiForm.whenReady(resolve))")
        started = page.evaluate("window.tieshaiForm.getValue()")
        page.close()

    def holds_something(value: Any) -> bool:
        if isinstance(value, dict):
            return any(holds_something(inner) for inner in value.values())
        return value not in ([], None)

    def same_where_given(given: Any, shown: Any) -> None:  # the form may add empty fields
        if isinstance(given, dict):
            for key, value in given.items():
                if holds_something(value):
                    same_where_given(value, shown[key])
        elif isinstance(given, list):
            assert len(given) == len(shown)
            for one, other in zip(given, shown, strict=True):
                same_where_given(one, other)
        else:
            assert given == shown

    same_where_given(expected, started)
    assert expected["unit"] == "lucheng" and "{unit}" not in json.dumps(expected)


def test_a_record_that_exists_is_never_started_blank(browser, built_site: Path, tmp_path: Path) -> None:
    """Reached without 修改 (from the forms index, say), an existing record's form opens the
    record in the internal build and warns in the public one, which holds none."""
    address = "forms/self-inspection/?unit=longwan&action=enforcement"
    data = yaml.safe_load((REPO / "submissions/longwan/enforcement/self-inspection.yaml").read_text(encoding="utf-8"))
    with serve_folder(built_site) as url:
        page, _ = open_form(browser, url, address)
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        assert page.evaluate("window.tieshaiForm.getValue()") == data
        page.close()
    public = build_site(REPO, tmp_path / "public", "--audience", "public")
    with serve_folder(public) as url:
        page, watch = open_form(browser, url, address)
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已经提交过')")
        assert "替换原来的全部内容" in page.locator("#ts-form-open-message").inner_text()
        assert watch.console_errors == []
        page.close()


def test_a_clerk_fills_a_kpi_report_through_the_page_and_it_passes(browser, built_site: Path, tmp_path: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/kpi-report/?unit=lucheng&period=2021-q3")
        numbers = page.locator("[data-schematype='integer'] input")
        assert numbers.count() >= 16  # every count starts empty: a clerk types each one
        for index in range(numbers.count()):
            assert numbers.nth(index).input_value() in ("", "2020")
            field = numbers.nth(index)
            path = field.evaluate("input => input.closest('[data-schemapath]').dataset.schemapath")
            field.fill("2020" if path == "root.baseline.year" else ("8" if path.endswith(("denominator", "cases")) else "3"))
        page.fill("[data-schemapath='root.contact.name'] input", "周志强")
        saved = check_and_download(page, tmp_path)
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    repo = demo_copy(tmp_path / "repo")
    shutil.copy(saved, repo / "submissions/lucheng/kpi/2021-q3.yaml")
    report = check_json(repo, str(repo / "submissions/lucheng/kpi/2021-q3.yaml"))
    assert report["findings"] == [], report["findings"]


def test_a_clerk_reports_a_problem_fixed_with_its_evidence_and_it_passes(browser, built_site: Path,
                                                                        tmp_path: Path) -> None:
    """The update a rectification report gets most: an item done, its date, its evidence file."""
    pdf = tmp_path / "复查记录.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + "复查记录".encode() * 200 + b"\n%%EOF\n")
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=accidents&edit=1")
        page.wait_for_function("document.getElementById('ts-form-open-message').textContent.includes('已打开')")
        item = "[data-schemapath='root.items.0']"
        page.select_option(f"{item} [data-schemapath='root.items.0.status'] select", "已完成")
        page.check("[id='root[items][0][completion_date]-opt-in']")
        page.fill(f"{item} [data-schemapath='root.items.0.completion_date'] input[type=date]", "2021-09-12")
        panel = page.locator("#ts-evidence")
        panel.locator("select[name=item]").select_option("0")
        panel.locator("input[type=file]").set_input_files(str(pdf))
        panel.locator("button").click()
        page.wait_for_function("document.querySelector('.ts-evidence-message').textContent.startsWith('已登记')")
        saved = check_and_download(page, tmp_path)
        assert watch.foreign_requests == [] and watch.console_errors == []
        page.close()
    repo = demo_copy(tmp_path / "repo")
    target = repo / "submissions/lucheng/accidents/rectification.yaml"
    shutil.copy(saved, target)
    (target.parent / "evidence").mkdir(exist_ok=True)
    shutil.copy(pdf, target.parent / "evidence" / pdf.name)
    written = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert written["items"][0]["status"] == "已完成" and written["items"][1]["measures"]  # the other item kept
    report = check_json(repo, str(target))
    assert [f for f in report["findings"] if f["severity"] == "error"] == [], report["findings"]


def test_form_help_speaks_of_the_form_not_of_the_yaml_file() -> None:
    """The schemas' help is written for a YAML file ("没有问题时写 problems: []", "见 campaign.yaml"):
    a form shows the choices and the path itself, so that help stays out of it."""
    from tieshai.forms.config import form_config

    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    def shown(node: Any) -> Iterator[str]:  # every description a person sees (hidden fields are not)
        if isinstance(node, dict) and not node.get("options", {}).get("hidden"):
            yield node.get("description", "")
            for value in node.values():
                yield from shown(value)
        elif isinstance(node, list):
            for value in node:
                yield from shown(value)

    for kind in Kind:
        for action in form_config(kind, campaign)["actions"]:
            descriptions = list(shown(action["schema"]))
            assert not [d for d in descriptions if "campaign.yaml" in d or ": []" in d or "submissions/<" in d], kind


def test_switching_an_evidence_entry_between_its_shapes_and_back_keeps_what_was_typed(browser,
                                                                                       built_site: Path) -> None:
    record = yaml.safe_load((REPO / "submissions/dongtou/plans/rectification.yaml").read_text(encoding="utf-8"))
    kept_in_repository = record["items"][2]["evidence"][0]
    assert "file" in kept_in_repository
    entry = "[data-schemapath='root.items.2.evidence.0']"
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=dongtou&action=plans")
        page.evaluate("() => new Promise(resolve => window.tieshaiForm.whenReady(resolve))")
        page.evaluate("value => window.tieshaiForm.setValue(value)", record)
        switcher = page.locator(f"{entry} .je-switcher").first

        def evidence_becomes(expected: dict[str, Any]) -> dict[str, Any]:
            """The entry once the form has handled the switch (the library reports changes late)."""
            for _ in range(50):
                value = page.evaluate("window.tieshaiForm.getValue()")["items"][2]["evidence"][0]
                if value == expected:
                    break
                page.wait_for_timeout(100)
            return value

        switcher.select_option(label="仓库外的记录")
        shared = {key: kept_in_repository[key] for key in ("title", "sha256")}
        assert evidence_becomes(shared) == shared  # what both shapes share goes along
        page.fill(f"{entry} [data-schemapath$='.external'] textarea", "档案室 3 号柜")
        page.keyboard.press("Tab")
        typed = {**shared, "external": "档案室 3 号柜"}
        assert evidence_becomes(typed) == typed  # the form has taken what was typed before the switch
        switcher.select_option(label="仓库中的文件")
        assert evidence_becomes(kept_in_repository) == kept_in_repository  # the file's path and size come back
        switcher.select_option(label="仓库外的记录")
        assert evidence_becomes(typed) == typed
        assert watch.console_errors == []
        page.close()
