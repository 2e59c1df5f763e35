"""The campaign plan as typed records, built from campaign.yaml data that passed its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Mapping


CAMPAIGN_FILE = "campaign.yaml"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    text: str | None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    bureau: str
    kind: str
    division_code: str | None
    maintainers: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    number: int
    text: str


@dataclass(frozen=True)
class Action:
    id: str
    number: int
    title: str
    short_title: str
    deadline: date
    deadline_text: str | None
    subjects: Mapping[str, Any]
    key_targets: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    case_scoring: Mapping[str, Any] | None
    record_kind: str | None
    accident_rules: Mapping[str, Any] | None

    @property
    def checklist_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.checklist)


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    measure: str
    comparison: str
    value: float | None
    baseline_year: int | None
    scope: str
    source: str | None
    plan_text: str
    kpi: Mapping[str, str]  # which KPI-report fields feed it (empty: none, or rates.<id> for rates)


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    short_name: str
    participants: str
    requirements: tuple[str, ...]
    methods: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    short_name: str
    year: int
    city: Mapping[str, str]
    period: Period
    notice: Mapping[str, Any]
    organization: Mapping[str, Any]
    legal_bases: tuple[Mapping[str, str], ...]
    general_requirements: str | None
    goal: str
    targets: tuple[Target, ...]
    phases: tuple[Phase, ...]
    severities: tuple[Mapping[str, str], ...]
    actions: tuple[Action, ...]
    results: Mapping[str, Any]
    units: tuple[Unit, ...]
    original_text: str
    roles: Mapping[str, tuple[str, ...]]
    demo_as_of: date | None  # set for demonstration data: the site is marked 示例数据

    def unit(self, unit_id: str) -> Unit:
        return next(unit for unit in self.units if unit.id == unit_id)

    def action(self, action_id: str) -> Action:
        return self._actions_by_id[action_id]

    @cached_property
    def _actions_by_id(self) -> dict[str, Action]:
        return {action.id: action for action in self.actions}

    @cached_property
    def unit_ids(self) -> tuple[str, ...]:
        return tuple(unit.id for unit in self.units)

    @cached_property
    def action_ids(self) -> tuple[str, ...]:
        return tuple(action.id for action in self.actions)

    def phase_methods(self) -> tuple[str, ...]:
        return tuple(method["id"] for phase in self.phases for method in phase.methods)

    def key_target_actions(self, unit_id: str) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if unit_id in action.key_targets)


def campaign_from_data(data: Mapping[str, Any]) -> Campaign:
    """Build records from data that already passed the schema and the campaign rules."""
    info = data["campaign"]
    period = info["period"]
    return Campaign(
        id=info["id"],
        name=info["name"],
        short_name=info["short_name"],
        year=info["year"],
        city=info["city"],
        period=Period(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]),
                      period.get("text")),
        notice=data["notice"],
        organization=data["organization"],
        legal_bases=tuple(data["legal_bases"]),
        general_requirements=data.get("general_requirements"),
        goal=data["goal"],
        targets=tuple(Target(
            id=t["id"], name=t["name"], measure=t["measure"], comparison=t["comparison"],
            value=t.get("value"), baseline_year=t.get("baseline_year"), scope=t["scope"],
            source=t.get("source"), plan_text=t["plan_text"], kpi=t.get("kpi", {}),
        ) for t in data["targets"]),
        phases=tuple(Phase(
            id=p["id"], name=p["name"], short_name=p["short_name"], participants=p["participants"],
            requirements=tuple(p["requirements"]), methods=tuple(p.get("methods", ())),
        ) for p in data["phases"]),
        severities=tuple(data["severities"]),
        actions=tuple(sorted((Action(
            id=a["id"], number=a["number"], title=a["title"], short_title=a["short_title"],
            deadline=date.fromisoformat(a["deadline"]), deadline_text=a.get("deadline_text"),
            subjects=a["subjects"], key_targets=tuple(a["key_targets"]),
            checklist=tuple(ChecklistItem(item["id"], index, item["text"])
                            for index, item in enumerate(a["checklist"], start=1)),
            case_scoring=a.get("case_scoring"), record_kind=a.get("record_kind"),
            accident_rules=a.get("accident_rules"),
        ) for a in data["actions"]), key=lambda action: action.number)),
        results=data["results"],
        units=tuple(Unit(
            id=u["id"], name=u["name"], bureau=u["bureau"], kind=u["kind"],
            division_code=u.get("division_code"), maintainers=tuple(u.get("maintainers", ())),
        ) for u in data["units"]),
        original_text=data["original_text"],
        roles={role: tuple(logins) for role, logins in data.get("roles", {}).items()},
        demo_as_of=date.fromisoformat(data["demo"]["as_of"]) if "demo" in data else None,
    )
