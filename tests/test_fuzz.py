"""A short fuzz run in every test run; bench/fuzz_long.py runs the same properties for longer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CORPUS_BASE, copy_repository
from .fuzz import (
    check_with_field,
    checks_any_file_name,
    file_names,
    loads_without_crashing,
    number_like,
    renders_escaped,
    texts,
    yaml_like,
)

SHORT = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SHORT
@given(st.binary(max_size=2000))
def test_any_bytes_load_to_findings(raw: bytes) -> None:
    loads_without_crashing(raw)


@SHORT
@given(yaml_like)
def test_any_yaml_loads_to_findings(value: Any) -> None:
    loads_without_crashing(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@SHORT
@given(number_like)
def test_any_number_like_value_loads_to_findings(value: str) -> None:
    loads_without_crashing(f"n: {value}\nm: [{value}]\n".encode("ascii"))


@SHORT
@given(texts)
def test_any_text_renders_escaped(value: str) -> None:
    renders_escaped(value)


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository, once for all examples: each puts back the record it changes."""
    return copy_repository(tmp_path_factory.mktemp("fuzz") / "repo", CORPUS_BASE / "submissions")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["unit", "report_date", "conclusions", "problems", "contact", "totals", "extra"]),
       value=yaml_like)
def test_any_value_in_any_field_gives_findings(fuzz_repo: Path, key: str, value: Any) -> None:
    """Any value in any field of a record: the check returns, every finding is about that record
    and names one of its lines, and a value its JSON Schema refuses gives at least one error."""
    check_with_field(fuzz_repo, CORPUS_BASE, "submissions/lucheng/plans/self-inspection.yaml", key, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=file_names)
def test_any_file_name_gives_findings(fuzz_repo: Path, name: bytes) -> None:
    checks_any_file_name(fuzz_repo, "submissions/lucheng/accidents/evidence", name)
