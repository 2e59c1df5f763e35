"""What a form page needs to know, worked out at build time from the campaign and the schemas:
for each action a form serves, the schema as the form shows it and the starting document that
`tieshai new` also writes, and where the finished file must be put.

The starting document is made once for the whole site, not once per unit: the unit and the
record's name stand in it as tokens that the page replaces with those of the address
(``?unit=lucheng&id=…``), so the page and `tieshai new` start from the same document."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tieshai.forms.schema import Choices, form_schema
from tieshai.load.layout import NAME_FIELDS, path_for
from tieshai.model.campaign import Action, Campaign
from tieshai.model.ledger import LedgerEntry
from tieshai.outputs.new_record import NEEDS_ACTION, prefill, serves
from tieshai.rules.evidence import ALLOWED_TYPES, MAX_EVIDENCE_BYTES, TYPE_NAMES
from tieshai.rules.record_rules import rules_for
from tieshai.rules.schema import FIELD_MESSAGES
from tieshai.vocabulary import Kind

UNIT_TOKEN, NAME_TOKEN = "{unit}", "{name}"


UNIT_KINDS = (Kind.KPI_REPORT, Kind.CASE_NOMINATION, Kind.CASE_SCORES)  # outside any action
# Kinds whose list of problems is ticked from choices the build gives (``findings``), and what the
# page says of them.
CHOSEN_PROBLEMS = {Kind.NOTICE: "从本单位本行动督查记录的问题中选择。",
                   Kind.ACCOUNTABILITY_REFERRAL: "从本单位整改台账的问题中选择。"}


def form_kinds(action: Action | None) -> list[Kind]:
    """The kinds of record a form serves for ``action``, or outside any action for None."""
    if action is None:
        return list(UNIT_KINDS)
    return [kind for kind in Kind if serves(action, kind)]


def form_config(kind: Kind, campaign: Campaign, existing: Iterable[str] = (), held: bool = False,
                findings: dict[str, Choices] | None = None) -> dict[str, Any]:
    """Everything the form page of ``kind`` reads, as plain data for its script. ``existing``: the
    record keys (``record_key``) of the records of this kind already in the repository, so that
    a form never silently starts a blank copy of one; ``held``: whether the site holds them to edit;
    ``findings``: the problems each inspection found, by the record key of its unit and action
    (``inspection_findings``), which a notice lists by choosing them."""
    actions: list[Action | None] = ([a for a in campaign.actions if kind in form_kinds(a)] if kind in NEEDS_ACTION
                                    else [None])
    config: dict[str, Any] = {
        "kind": kind.value,
        "label": kind.label,
        "kind_labels": {other.value: other.label for other in Kind},
        "name_field": NAME_FIELDS.get(kind),
        "units": [{"id": unit.id, "name": unit.name} for unit in campaign.units],
        "actions": [_action_form(kind, campaign, action) for action in actions],
        "existing": sorted(existing),
        "held": held,
        "messages": FIELD_MESSAGES,
    }
    if kind is Kind.RECTIFICATION:
        config["evidence"] = evidence_rules()
    if kind in CHOSEN_PROBLEMS:
        config["findings"] = findings or {}
        config["findings_hint"] = CHOSEN_PROBLEMS[kind]
    if campaign.forge is not None:
        # the page adds the record's folder, which it knows once the unit is chosen
        config["upload"] = {"forge": campaign.forge.kind.label, "address": campaign.forge.upload_address("")}
    return config


def unit_problems(ledger: Iterable[LedgerEntry]) -> dict[str, Choices]:
    """Every problem of each unit's ledger as choices, keyed by the unit: what a referral names."""
    choices: dict[str, Choices] = {}
    for entry in ledger:
        choices.setdefault(record_key(entry.unit, None, None), []).append(
            (entry.problem_id, f"{entry.problem_id}：{_shortened(entry.description)}"))
    return choices


def inspection_findings(inspections: Iterable[tuple[str, str | None, dict[str, Any]]]) -> dict[str, Choices]:
    """Each inspection's findings as choices (id, "id：what was found"), keyed by unit and action."""
    return {record_key(unit, action, None): [(finding["id"], f"{finding['id']}：{_shortened(finding['description'])}")
                                             for finding in data["findings"]]
            for unit, action, data in inspections}


def _shortened(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"


def evidence_rules() -> dict[str, Any]:
    """The validator's own rules for evidence files, for the page to refuse what it would refuse."""
    return {"allowed": ALLOWED_TYPES, "max_bytes": MAX_EVIDENCE_BYTES,
            "type_names": {name or "unknown": label for name, label in TYPE_NAMES.items()}}


def form_config_script(config: dict[str, Any]) -> str:
    """The configuration as the script a form page loads (a script, not a JSON file to fetch:
    a page opened from disk may load scripts but not fetch files)."""
    data = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    return f"window.tieshaiFormConfig = {data};\n"


def record_key(unit: str, action: str | None, name: str | None) -> str:
    """How the internal build names a record it holds for the form's “修改” (open-record.js
    builds the same key from the address): unit, action and name, joined by “--”, which no id holds."""
    return "--".join(part for part in (unit, action, name) if part)


def records_script(records: dict[str, Any]) -> str:
    """One unit's records, keyed "<kind>/<record key>", as the script its forms load to edit them:
    one file a unit, not one a record, since every generated file costs the build its handling."""
    return f"window.tieshaiRecords = {json.dumps(records, ensure_ascii=False, separators=(',', ':'))};\n"


def _action_form(kind: Kind, campaign: Campaign, action: Action | None) -> dict[str, Any]:
    action_id = action.id if action else None
    return {
        "id": action_id,
        "title": action.short_title if action else None,
        "schema": form_schema(kind, campaign, action),
        "start": _without_notes(prefill(kind, campaign, UNIT_TOKEN, action_id, NAME_TOKEN)),
        "path": path_for(kind, UNIT_TOKEN, action_id, NAME_TOKEN).as_posix(),
        "rules": [rule.as_data() for rule in rules_for(kind, campaign, action)],
    }


def _without_notes(value: Any) -> Any:
    """The starting document without the notes `tieshai new` writes as comments (“#”): the form
    shows the same text as the label of each choice."""
    if isinstance(value, dict):
        return {key: _without_notes(item) for key, item in value.items() if key != "#" and item is not None}
    if isinstance(value, list):
        return [_without_notes(item) for item in value]
    return value
