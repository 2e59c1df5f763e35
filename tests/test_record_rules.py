"""The rules within one record are judged alike by `tieshai check` and by the form page: the same
rules, the same places, the same sentences, on every demo record and on variants of them that
break every rule."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tieshai.rules.check import load_campaign
from tieshai.rules.record_rules import RecordRule, judge, rules_for
from tieshai.vocabulary import Conclusion, Kind, RectificationStatus

from .browser import serve_folder
from .conftest import REPO, check_json
from .sites import demo_copy
from .test_forms import open_form

DATES = ("2000-01-01", "2021-01-01", "2021-06-30", "2099-12-31")
CHOICES = [value.value for value in (*RectificationStatus, *Conclusion)]


def demo_records() -> list[tuple[Kind, dict[str, Any]]]:
    """The first demo record of every kind in every folder that holds one (every action's rules)."""
    records: dict[tuple[str, str], tuple[Kind, dict[str, Any]]] = {}
    for path in sorted((REPO / "submissions").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        kind = Kind(text.split(".schema.json", 1)[0].rsplit("/", 1)[1])
        records.setdefault((kind.value, path.parent.as_posix()), (kind, yaml.safe_load(text)))
    return list(records.values())


def _set(data: Any, path: tuple, value: Any) -> Any:
    changed = copy.deepcopy(data)
    holder = changed
    for part in path[:-1]:
        holder = holder[part]
    if value is _REMOVE:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return changed


_REMOVE = object()


def _leaves(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))


def variants(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The record and records one change away from it: every date moved, every number made large,
    every yes/no flipped, every status and conclusion changed, a cause the campaign does not list,
    list entries repeated or dropped, fields taken out."""
    yield data
    for path, value in _leaves(data):
        if not path:
            continue
        if isinstance(value, bool):
            yield _set(data, path, not value)
        elif isinstance(value, (int, float)):
            yield _set(data, path, value + 1000)
            yield _set(data, path, 0)
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
            for day in DATES:
                yield _set(data, path, day)
        elif path[-1] == "cause":  # a code from the campaign's list: one it does not hold
            yield _set(data, path, "no-such-cause")
        elif value in CHOICES:
            for choice in CHOICES:
                yield _set(data, path, choice)
        elif isinstance(value, list) and value:
            yield _set(data, path, value + [copy.deepcopy(value[0])])
            yield _set(data, path, value[:-1])
        if isinstance(path[-1], str) and path[-1] not in ("unit", "action"):
            yield _set(data, path, _REMOVE)


@cache
def record_rules(kind: Kind, action_id: str | None) -> tuple[RecordRule, ...]:
    campaign, _ = load_campaign(REPO)
    assert campaign is not None
    return rules_for(kind, campaign, campaign.action(action_id) if action_id else None)


def python_breaches(kind: Kind, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"path": ".".join(["root", *map(str, breach.path)]), "code": breach.code, "message": breach.message}
            for breach in judge(record_rules(kind, data.get("action")), data)]


def rules_as_data(kind: Kind, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [rule.as_data() for rule in record_rules(kind, data.get("action"))]


@pytest.mark.browser
def test_the_page_judges_a_records_own_rules_exactly_as_the_check_does(browser, built_site: Path) -> None:
    cases = [(kind, variant) for kind, record in demo_records() for variant in variants(record)]
    expected = [python_breaches(kind, data) for kind, data in cases]
    payload = json.dumps([{"rules": rules_as_data(kind, data), "data": data} for kind, data in cases],
                         ensure_ascii=False)
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=plans")
        judged = page.evaluate("""cases => JSON.parse(cases).map(one =>
            window.tieshaiRecordRules.judge(one.rules, one.data).map(b => ({path: b.path, code: b.code, message: b.message})))""",
                               payload)
        assert watch.console_errors == []
        page.close()
    for (kind, data), mine, theirs in zip(cases, judged, expected, strict=True):
        assert mine == theirs, (kind.value, data)
    # the variants break every rule there is: a rule neither side judged would prove nothing
    broken = {breach["code"] for breaches in expected for breach in breaches}
    every_code = {rule["code"] for kind, data in cases for rule in rules_as_data(kind, data)}
    assert every_code <= broken, every_code - broken
    assert len(cases) > 1000


@pytest.mark.browser
def test_a_done_item_without_its_date_is_named_at_the_field_in_the_checks_words(browser, built_site: Path,
                                                                             tmp_path: Path) -> None:
    with serve_folder(built_site) as url:
        page, watch = open_form(browser, url, "forms/rectification/?unit=lucheng&action=plans")
        page.evaluate("() => new Promise(resolve => window.tieshaiForm.whenReady(resolve))")
        record = page.evaluate("window.tieshaiForm.getValue()")
        record["items"] = [{"problem": "lucheng-plans-s1", "measures": "已重新报批。", "status": "已完成",
                            "evidence": [{"title": "批复", "external": "局办公室档案柜", "sha256": "0" * 64}]}]
        page.evaluate("value => window.tieshaiForm.setValue(value)", record)
        page.click("#ts-form-check")
        message = "整改状态为“已完成”，但没有填写“完成日期”。"
        assert message in page.locator("#ts-form-status").inner_text()
        field = page.locator("[data-schemapath='root.items.0.status']")
        assert message in field.inner_text()
        assert watch.console_errors == []
        written = page.evaluate("window.tieshaiForm.yaml()")
        page.close()
    repo = demo_copy(tmp_path / "repo")
    target = repo / "submissions/lucheng/plans/rectification.yaml"
    target.write_text(written, encoding="utf-8")
    report = check_json(repo, str(target))
    assert message in [finding["message"] for finding in report["findings"]]
