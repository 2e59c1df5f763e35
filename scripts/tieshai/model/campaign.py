"""The campaign plan as typed records, built from campaign.yaml data that passed its checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import quote

from tieshai.chinese import chinese_number
from tieshai.vocabulary import Comparison, ForgeKind, LaterOutcome, Measure, TargetScope, UnitKind

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
    kind: UnitKind
    division_code: str | None
    maintainers: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    number: int
    text: str


@dataclass(frozen=True)
class Veto:
    id: str
    text: str


@dataclass(frozen=True)
class Grade:
    id: str
    name: str
    min_points: float


@dataclass(frozen=True)
class CaseScoring:
    """How a case-file review is scored: points per checklist item, vetoes and grades."""

    illustrative: bool
    total_points: float
    criteria_points: Mapping[str, float]  # checklist item id -> points
    vetoes: tuple[Veto, ...]
    grades: tuple[Grade, ...]  # from the highest down
    veto_grade: str  # the grade id of a case file with a veto


@dataclass(frozen=True)
class AccidentRules:
    """Time limits, in days, for an accident's investigation report and its approval."""

    illustrative: bool
    report_days: int
    extension_days: int
    approval_days: int


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
    case_scoring: CaseScoring | None
    record_kind: str | None
    accident_rules: AccidentRules | None

    @property
    def checklist_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.checklist)


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    measure: Measure
    comparison: Comparison
    value: float | None
    baseline_year: int | None
    scope: TargetScope
    source: str | None
    plan_text: str
    kpi: Mapping[str, str]  # which KPI-report fields feed it (empty: none, or rates.<id> for rates)
    definition: Mapping[str, str] = field(default_factory=dict)  # what a unit counts: numerator, denominator

    @property
    def reported_rate(self) -> bool:
        """Whether every unit reports this target's numerator and denominator under rates.<id>."""
        return (self.measure is Measure.RATE and self.comparison is Comparison.AT_LEAST
                and self.scope is TargetScope.CITY)


@dataclass(frozen=True)
class Forge:
    """The code host the campaign's repository lives on, which clerks submit through."""

    kind: ForgeKind
    url: str  # the repository's home page, without a trailing slash
    branch: str

    def upload_address(self, folder: str) -> str:
        """The host's own page for adding files to ``folder`` of the main branch, where a person
        can choose to commit to a new branch and open a pull request. GitLab has no such address:
        its folder page, whose “+” menu holds “Upload file”."""
        where = quote(f"{self.branch}/{folder}", safe="/")
        if self.kind is ForgeKind.GITHUB:
            return f"{self.url}/upload/{where}"
        if self.kind in (ForgeKind.GITEA, ForgeKind.FORGEJO):
            return f"{self.url}/_upload/{where}"
        return f"{self.url}/-/tree/{where}"


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    short_name: str
    participants: str
    requirements: tuple[str, ...]
    methods: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class SeverityLevel:
    id: str
    name: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: float  # percent


@dataclass(frozen=True)
class Exclusions:
    later_outcomes: tuple[LaterOutcome, ...]
    case_file_veto: bool  # a case whose case-file review has a veto is excluded


@dataclass(frozen=True)
class Selection:
    illustrative: bool
    min_reviewers: int
    criteria: tuple[Criterion, ...]
    tie_break: str
    exclusions: Exclusions


@dataclass(frozen=True)
class BestCases:
    title: str
    count: int
    plan_text: str
    selection: Selection


@dataclass(frozen=True)
class QuarterlyDeductions:
    plan_text: str
    illustrative: bool
    points_by_severity: Mapping[str, float]  # severity id -> points per problem
    cap_per_quarter: float | None


@dataclass(frozen=True)
class AnnualDeductions:
    plan_text: str
    illustrative: bool
    points_per_open_problem: float
    points_per_late_rectification: float
    cap: float | None


@dataclass(frozen=True)
class DeductionRules:
    quarterly: QuarterlyDeductions
    annual: AnnualDeductions


@dataclass(frozen=True)
class Cause:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class CauseAnalysis:
    plan_text: str
    illustrative: bool
    causes: tuple[Cause, ...]

    def name(self, cause_id: str) -> str:
        return next((cause.name for cause in self.causes if cause.id == cause_id), cause_id)


@dataclass(frozen=True)
class Results:
    best_cases: BestCases
    deductions: DeductionRules
    cause_analysis: CauseAnalysis
    accountability: Mapping[str, str]  # plan_text, legal_basis


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
    severities: tuple[SeverityLevel, ...]
    actions: tuple[Action, ...]
    results: Results
    units: tuple[Unit, ...]
    original_text: str
    roles: Mapping[str, tuple[str, ...]]
    demo_as_of: date | None  # set for demonstration data: the site is marked 示例数据
    forge: Forge | None = None  # where the repository lives, for the forms' upload button

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id[unit_id]

    def item_in_words(self, item_id: str) -> str:
        """A checklist item as a reader finds it: 行动二第3条 and its words (the id if none has it)."""
        for action in self.actions:
            for item in action.checklist:
                if item.id == item_id:
                    return f"行动{chinese_number(action.number)}第{item.number}条：{item.text}"
        return item_id

    @cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def unit_names(self) -> dict[str, str]:
        """Each unit's name by its id (made once: records look units up by the thousand)."""
        return {unit.id: unit.name for unit in self.units}

    def action(self, action_id: str) -> Action:
        return self._actions_by_id[action_id]

    def severity_name(self, severity_id: str) -> str:
        """A severity in the plan's words (一般, 较重, 严重); the id if the plan has no such severity."""
        return self._severity_names.get(severity_id, severity_id)

    @cached_property
    def _severity_names(self) -> dict[str, str]:
        return {severity.id: severity.name for severity in self.severities}

    @cached_property
    def places(self) -> dict[str, int]:
        """Each unit's and each action's place in the plan, by id: the order in which an official
        table lists them (units as the plan lists them, actions by number), not their ids' order."""
        return {**{unit.id: place for place, unit in enumerate(self.units)},
                **{action.id: action.number for action in self.actions}}

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
            id=t["id"], name=t["name"], measure=Measure(t["measure"]), comparison=Comparison(t["comparison"]),
            value=t.get("value"), baseline_year=t.get("baseline_year"), scope=TargetScope(t["scope"]),
            source=t.get("source"), plan_text=t["plan_text"], kpi=t.get("kpi", {}),
            definition=t.get("definition", {}),
        ) for t in data["targets"]),
        phases=tuple(Phase(
            id=p["id"], name=p["name"], short_name=p["short_name"], participants=p["participants"],
            requirements=tuple(p["requirements"]), methods=tuple(p.get("methods", ())),
        ) for p in data["phases"]),
        severities=tuple(SeverityLevel(s["id"], s["name"]) for s in data["severities"]),
        actions=tuple(sorted((Action(
            id=a["id"], number=a["number"], title=a["title"], short_title=a["short_title"],
            deadline=date.fromisoformat(a["deadline"]), deadline_text=a.get("deadline_text"),
            subjects=a["subjects"], key_targets=tuple(a["key_targets"]),
            checklist=tuple(ChecklistItem(item["id"], index, item["text"])
                            for index, item in enumerate(a["checklist"], start=1)),
            case_scoring=_case_scoring(a["case_scoring"]) if "case_scoring" in a else None,
            record_kind=a.get("record_kind"),
            accident_rules=_accident_rules(a["accident_rules"]) if "accident_rules" in a else None,
        ) for a in data["actions"]), key=lambda action: action.number)),
        results=_results(data["results"]),
        units=tuple(Unit(
            id=u["id"], name=u["name"], bureau=u["bureau"], kind=UnitKind(u["kind"]),
            division_code=u.get("division_code"), maintainers=tuple(u.get("maintainers", ())),
        ) for u in data["units"]),
        original_text=data["original_text"],
        roles={role: tuple(logins) for role, logins in data.get("roles", {}).items()},
        forge=Forge(ForgeKind(data["forge"]["kind"]), data["forge"]["url"].rstrip("/"), data["forge"].get("branch", "main"))
        if "forge" in data else None,
        demo_as_of=date.fromisoformat(data["demo"]["as_of"]) if "demo" in data else None,
    )


def _case_scoring(scoring: Mapping[str, Any]) -> CaseScoring:
    return CaseScoring(
        illustrative=scoring["illustrative"], total_points=scoring["total_points"],
        criteria_points=scoring["criteria_points"],
        vetoes=tuple(Veto(veto["id"], veto["text"]) for veto in scoring["vetoes"]),
        grades=tuple(Grade(grade["id"], grade["name"], grade["min_points"]) for grade in scoring["grades"]),
        veto_grade=scoring["veto_grade"],
    )


def _accident_rules(rules: Mapping[str, Any]) -> AccidentRules:
    return AccidentRules(illustrative=rules["illustrative"], report_days=rules["report_days"],
                         extension_days=rules["extension_days"], approval_days=rules["approval_days"])


def _results(results: Mapping[str, Any]) -> Results:
    return Results(best_cases=_best_cases(results["best_cases"]), deductions=_deduction_rules(results["deductions"]),
                   cause_analysis=_cause_analysis(results["cause_analysis"]),
                   accountability=results["accountability"])


def _cause_analysis(analysis: Mapping[str, Any]) -> CauseAnalysis:
    return CauseAnalysis(plan_text=analysis["plan_text"], illustrative=analysis["illustrative"],
                         causes=tuple(Cause(c["id"], c["name"], c["description"]) for c in analysis["causes"]))


def _best_cases(best: Mapping[str, Any]) -> BestCases:
    selection = best["selection"]
    exclusions = selection["exclusions"]
    return BestCases(
        title=best["title"], count=best["count"], plan_text=best["plan_text"],
        selection=Selection(
            illustrative=selection["illustrative"], min_reviewers=selection["min_reviewers"],
            criteria=tuple(Criterion(c["id"], c["name"], c["weight"]) for c in selection["criteria"]),
            tie_break=selection["tie_break"],
            exclusions=Exclusions(tuple(LaterOutcome(outcome) for outcome in exclusions["later_outcomes"]),
                                  exclusions["case_file_veto"]),
        ),
    )


def _deduction_rules(rules: Mapping[str, Any]) -> DeductionRules:
    quarterly, annual = rules["quarterly"], rules["annual"]
    return DeductionRules(
        quarterly=QuarterlyDeductions(
            plan_text=quarterly["plan_text"], illustrative=quarterly["illustrative"],
            points_by_severity=quarterly["points_by_severity"], cap_per_quarter=quarterly.get("cap_per_quarter"),
        ),
        annual=AnnualDeductions(
            plan_text=annual["plan_text"], illustrative=annual["illustrative"],
            points_per_open_problem=annual["points_per_open_problem"],
            points_per_late_rectification=annual["points_per_late_rectification"], cap=annual.get("cap"),
        ),
    )
