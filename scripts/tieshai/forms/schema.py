"""A record's JSON Schema as a form shows it: the same schema, with the campaign's own codes given
as choices labelled in Chinese, values keyed by campaign ids turned into named fields, long text
in text areas and the fields the path decides hidden.

Nothing here changes what is valid: a form's value that passes this schema passes the record's
schema, which the validator checks again when the file is submitted.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from tieshai.load.schema_walk import Schema
from tieshai.load.schemas import load_schema
from tieshai.model.campaign import Action, Campaign
from tieshai.vocabulary import Kind

# Fields the path decides (unit, action, the record's name): filled in by the form, never typed.
FIXED_FIELDS = {"unit", "action"}
LONG_TEXT_CHARS = 300  # a text that may be longer than this (not a name or a title) is written in a text area
Choices = list[tuple[str, str]]  # (code, what a person reads)

# Help written for a YAML file that a form does not need: how to write an empty list, and the
# record's path (the page shows it).
_EMPTY_LIST_HINT = re.compile(r"[；;，,]\s*没有[^；;。]*时写 [a-z_]+: \[\][。.]?")
_PATH_SENTENCE = re.compile(r"路径：[^。]*。")


def form_schema(kind: Kind, campaign: Campaign, action: Action | None) -> Schema:
    """The kind's schema for a form of ``action`` (None for kinds outside any action)."""
    schema = copy.deepcopy(load_schema(kind.schema))
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    schema["description"] = _PATH_SENTENCE.sub("", schema.get("description", ""))  # the page shows the path
    _decorate(schema, _choices(campaign, action), _named_keys(campaign), top=True)
    return schema


def _choices(campaign: Campaign, action: Action | None) -> dict[str, Choices]:
    """The campaign's codes by the field that holds them, each with its Chinese label."""
    case_types = (action.subjects.get("case_types", ()) if action else
                  [t for a in campaign.actions for t in a.subjects.get("case_types", ())])
    choices: dict[str, Choices] = {
        "severity": [(s.id, s.name) for s in campaign.severities],
        "case_type": [(t["id"], t["name"]) for t in case_types],
        "methods": [(m["id"], m["name"]) for phase in campaign.phases for m in phase.methods],
        "cause": [(c.id, c.name) for c in campaign.results.cause_analysis.causes],
    }
    if action is not None:
        choices["item"] = [(item.id, f"{item.number}. {item.text}") for item in action.checklist]
        if action.case_scoring is not None:
            choices["grade"] = [(g.id, g.name) for g in action.case_scoring.grades]
            choices["vetoes"] = [(v.id, v.text) for v in action.case_scoring.vetoes]
    return {field: options for field, options in choices.items() if options}


def _named_keys(campaign: Campaign) -> dict[str, Choices]:
    """Objects keyed by campaign ids, shown as one named field per id."""
    return {
        "rates": [(t.id, t.name) for t in campaign.targets if t.reported_rate],
        "criteria": [(c.id, c.name) for c in campaign.results.best_cases.selection.criteria],
    }


def _decorate(schema: Schema, choices: dict[str, Choices], named: dict[str, Choices], *, top: bool = False,
              in_list: bool = False) -> None:
    for branch in schema.get("oneOf", ()):
        _decorate(branch, choices, named)
    properties = schema.get("properties", {})
    for name, field in properties.items():
        if top and name in FIXED_FIELDS:
            field.setdefault("options", {})["hidden"] = True
        target = field.get("items", field) if field.get("type") == "array" else field
        field["description"] = _EMPTY_LIST_HINT.sub("。", field.get("description", "")).replace("。。", "。")
        if name in choices and target.get("type") == "string":
            _choose(target, choices[name])
            field["description"] = "勾选适用的各项。" if field.get("type") == "array" else "从列表中选择。"  # not the codes
        if name in named and isinstance(field.get("additionalProperties"), dict):
            _name_keys(field, named[name])
            field["description"] = "逐项填写。"  # the file's help explains keys by id, which the form names
        _decorate(field, choices, named)
    items = schema.get("items")
    if isinstance(items, dict):
        _decorate(items, choices, named, in_list=True)
        if "title" in schema and "title" not in items:
            items["title"] = schema["title"]  # entries read "评查人 1" and the button "添加评查人", not "条目"
        if "enum" in items:
            schema["format"] = "checkbox"  # boxes to tick, never a list that needs Ctrl to choose several
    if schema.get("format") == "date":
        schema.pop("pattern", None)  # the date format says the same: one mistake, one message
    if schema.get("type") in ("integer", "number") and "default" not in schema:
        # a count nobody typed stays empty and is asked for: the library would otherwise show 0,
        # which a clerk could send without ever having counted
        schema["default"] = None
        schema.setdefault("options", {})["inputAttributes"] = {"inputmode": "decimal"}  # a phone shows digits
    if schema.get("type") == "boolean":
        schema.setdefault("options", {})["enum_titles"] = ["是", "否"]
    if schema.get("type") == "string" and "enum" in schema and not in_list:
        _ask_to_choose(schema)  # (a list of codes is a set of boxes to tick: no empty choice there)
    elif schema.get("type") == "string" and _is_free_text(schema):
        schema["format"] = "textarea"


def _choose(schema: Schema, options: Choices) -> None:
    schema["enum"] = [code for code, _ in options]
    schema.setdefault("options", {})["enum_titles"] = [label for _, label in options]
    schema.pop("pattern", None)  # the choice is narrower than the pattern it replaces


def _ask_to_choose(schema: Schema) -> None:
    """A choice starts empty, so that nothing is chosen on a clerk's behalf (a form would
    otherwise preselect the first value, such as 符合 or 通过); an empty choice is refused."""
    if "" in schema["enum"]:
        return
    titles = schema.get("options", {}).get("enum_titles", schema["enum"])
    schema["enum"] = ["", *schema["enum"]]
    schema.setdefault("options", {})["enum_titles"] = ["（请选择）", *titles]
    schema["minLength"] = 1


def _name_keys(schema: Schema, keys: Iterable[tuple[str, str]]) -> None:
    shape = schema.pop("additionalProperties")
    schema["properties"] = {key: {**copy.deepcopy(shape), "title": label} for key, label in keys}
    schema["required"] = list(schema["properties"])
    schema["additionalProperties"] = False


def _is_free_text(schema: Schema) -> bool:
    if any(key in schema for key in ("enum", "pattern", "format")):
        return False
    return schema.get("maxLength", LONG_TEXT_CHARS + 1) > LONG_TEXT_CHARS
