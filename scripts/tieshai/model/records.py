"""The records the derived model reads: valid submissions' data, grouped by kind.

The model's functions take these plain mappings (the shapes the schemas define), so that tests
can hand-make small cases without files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tieshai.vocabulary import Kind

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Records:
    self_inspections: tuple[Record, ...] = ()
    inspections: tuple[Record, ...] = ()
    notices: tuple[Record, ...] = ()
    rectifications: tuple[Record, ...] = ()
    case_file_reviews: tuple[Record, ...] = ()
    kpi_reports: tuple[Record, ...] = ()
    nominations: tuple[Record, ...] = ()
    case_scores: tuple[Record, ...] = ()
    # when each self-inspection report landed on the main branch, by (unit, action), where git
    # history covers the campaign; deadlines are judged by it when present
    report_landed: Mapping[tuple[str, str], date] = field(default_factory=dict)

    @classmethod
    def from_submissions(cls, submissions: Iterable, landing: Any = None,
                         data: Callable[[Any], Record] = lambda submission: submission.data) -> Records:
        """Group the data of valid submissions by kind (invalid ones are the validator's concern);
        ``landing`` (LandingTimes) adds when self-inspection reports landed; ``data`` gives a
        submission's record as the reader may see it (the public build's, without internal fields)."""
        fields = {Kind.SELF_INSPECTION: "self_inspections", Kind.INSPECTION: "inspections",
                  Kind.NOTICE: "notices", Kind.RECTIFICATION: "rectifications",
                  Kind.CASE_FILE_REVIEW: "case_file_reviews", Kind.KPI_REPORT: "kpi_reports",
                  Kind.CASE_NOMINATION: "nominations", Kind.CASE_SCORES: "case_scores"}
        grouped: dict[str, list[Record]] = {name: [] for name in fields.values()}
        landed: dict[tuple[str, str], date] = {}
        for submission in submissions:
            if submission.valid and submission.kind in fields:
                grouped[fields[submission.kind]].append(data(submission))
                when = landing.landed(submission.path) if landing is not None else None
                if when is not None and submission.kind is Kind.SELF_INSPECTION:
                    landed[(submission.placement.unit, submission.placement.action)] = when
        return cls(**{name: tuple(values) for name, values in grouped.items()}, report_landed=landed)


def day(value: str) -> date:
    return date.fromisoformat(value)


def by_scope(records: Iterable[Record]) -> dict[tuple[str, str], Record]:
    return {(record["unit"], record["action"]): record for record in records}
