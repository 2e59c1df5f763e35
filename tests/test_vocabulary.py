"""One vocabulary: every enum in tieshai.vocabulary equals the enum list its schemas give, every
schema enum has its vocabulary, and no code or template spells a vocabulary's Chinese value
where it should name the member."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from jinja2 import nodes

import tieshai
from tieshai.load.schemas import load_schema, schema_dir
from tieshai.site.render import make_environment
from tieshai.vocabulary import (
    AcceptanceResult,
    AccidentLevel,
    Comparison,
    Conclusion,
    ForgeKind,
    Kind,
    LaterOutcome,
    LedgerSource,
    LedgerStatus,
    Measure,
    PartyKind,
    ProblemStatus,
    ProgressState,
    RankingStatus,
    RectificationStatus,
    ReferralOutcome,
    ResponsibilityCategory,
    TargetScope,
    Term,
    UnitKind,
    Unjudged,
)

PACKAGE = Path(tieshai.__file__).parent

# Where each schema lists the values of a vocabulary: (schema, JSON pointer, the members in order).
SCHEMA_ENUMS: list[tuple[str, str, list[Enum]]] = [
    ("accident-review", "/properties/accident/properties/level", list(AccidentLevel)),
    ("accident-review", "/properties/answers/items/properties/result", list(Conclusion)),
    ("campaign", "/properties/targets/items/properties/measure", list(Measure)),
    ("campaign", "/properties/targets/items/properties/comparison", list(Comparison)),
    ("campaign", "/properties/targets/items/properties/scope", list(TargetScope)),
    ("campaign", "/properties/actions/items/properties/record_kind",
     [Kind.PLAN_FILING, Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW]),
    ("campaign", "/properties/results/properties/best_cases/properties/selection/properties/exclusions"
                 "/properties/later_outcomes/items",
     [outcome for outcome in LaterOutcome if outcome is not LaterOutcome.NONE]),
    ("campaign", "/properties/units/items/properties/kind", list(UnitKind)),
    ("campaign", "/properties/forge/properties/kind", list(ForgeKind)),
    ("case-nomination", "/properties/party/properties/kind", list(PartyKind)),
    ("case-nomination", "/properties/later_outcome", list(LaterOutcome)),
    ("rectification", "/properties/items/items/properties/status", list(RectificationStatus)),
    ("rectification", "/properties/items/items/properties/acceptance/properties/result", list(AcceptanceResult)),
    ("self-inspection", "/properties/conclusions/items/properties/result", list(Conclusion)),
    ("self-inspection", "/properties/problems/items/properties/status", list(ProblemStatus)),
    ("accountability-referral", "/properties/outcome", list(ReferralOutcome)),
    ("accountability-referral", "/properties/responsible/items/properties/category", list(ResponsibilityCategory)),
]

# Schema enums that are no vocabulary: a format version, a single choice, and the conditions
# that repeat one of Comparison's values.
NOT_VOCABULARY = {
    ("campaign", "/properties/schema_version"),
    ("campaign", "/properties/actions/items/properties/subjects/properties/units"),
    ("campaign", "/properties/targets/items/allOf/0/if/properties/comparison"),
    ("campaign", "/properties/targets/items/allOf/1/if/properties/comparison"),
}

# The derived model's vocabularies: values the model gives records, which no schema lists.
DERIVED = {LedgerSource, LedgerStatus, ProgressState, RankingStatus, Unjudged}

# The only whole string literals equal to a Chinese value outside the vocabulary, each with why.
ALLOWED_LITERALS = {
    ("outputs/report.py", "通过"): "prose: the check's verdict (通过 or 未通过), not an acceptance result",
}


def _schema_names() -> list[str]:
    return sorted(path.name.removesuffix(".schema.json") for path in schema_dir().glob("*.schema.json"))


def _resolve(schema: dict[str, Any], pointer: str) -> Any:
    node: Any = schema
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _enum_pointers(node: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        if "enum" in node:
            yield pointer
        for key, value in node.items():
            yield from _enum_pointers(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _enum_pointers(value, f"{pointer}/{index}")


@pytest.mark.parametrize("schema, pointer, members", SCHEMA_ENUMS,
                         ids=[f"{schema}{pointer}" for schema, pointer, _ in SCHEMA_ENUMS])
def test_vocabulary_equals_the_schema_enum(schema: str, pointer: str, members: list[Enum]) -> None:
    assert _resolve(load_schema(schema), pointer)["enum"] == [member.value for member in members]


def test_every_schema_enum_has_its_vocabulary() -> None:
    found = {(name, pointer) for name in _schema_names() for pointer in _enum_pointers(load_schema(name))}
    listed = {(schema, pointer) for schema, pointer, _ in SCHEMA_ENUMS}
    assert found == listed | NOT_VOCABULARY


def test_every_vocabulary_is_tested_against_a_schema_or_derived() -> None:
    from_schemas = {type(members[0]) for _, _, members in SCHEMA_ENUMS if isinstance(members[0], Term)}
    assert set(Term.__subclasses__()) == from_schemas | DERIVED
    assert not from_schemas & DERIVED


def test_kinds_are_the_record_schemas() -> None:
    assert sorted(kind.schema for kind in Kind) == [name for name in _schema_names() if name != "campaign"]


def test_every_member_has_a_label_and_every_progress_state_a_css_class() -> None:
    for vocabulary in Term.__subclasses__():
        for member in vocabulary:
            assert member.label and not member.label.isascii(), member  # a Chinese label
    assert {state.css for state in ProgressState} == {"idle", "wait", "work", "done"}


def test_terms_read_as_their_values() -> None:
    state = ProgressState.CLOSED
    formatted = (str(state), f"{state}", f"{state:>4}", "%s" % state)  # noqa: UP031 (%-formatting is tested)
    assert formatted == ("已闭环", "已闭环", " 已闭环", "已闭环")
    assert {"已闭环": 1}[state] == 1 and state == "已闭环"


def _chinese_values() -> set[str]:
    # English values double as field names and ids ("count" is a KPI-report field, "city" the
    # scope of the city-wide figures), so only the Chinese values are looked for: code has no
    # other reason to spell one of them on its own.
    return {member.value for vocabulary in Term.__subclasses__() for member in vocabulary
            if not member.value.isascii()}


def _python_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _template_literals(name: str) -> set[str]:
    environment = make_environment()
    source, _, _ = environment.loader.get_source(environment, name)
    return {node.value for node in environment.parse(source).find_all(nodes.Const) if isinstance(node.value, str)}


def _literals() -> Iterator[tuple[str, set[str]]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != PACKAGE / "vocabulary.py":
            yield path.relative_to(PACKAGE).as_posix(), _python_literals(path)
    for name in make_environment().list_templates():
        if name.endswith(".j2"):
            yield f"site/templates/{name}", _template_literals(name)


def test_no_chinese_value_is_spelt_outside_the_vocabulary() -> None:
    """A whole string literal equal to a vocabulary's Chinese value, in a module (Python's string
    constants) or a template (Jinja's constants, so HTML text around them is not counted)."""
    values = _chinese_values()
    spelt = {(where, value) for where, literals in _literals() for value in literals & values}
    assert spelt == set(ALLOWED_LITERALS)
