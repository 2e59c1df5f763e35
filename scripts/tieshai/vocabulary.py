"""One vocabulary for the schemas' values: each enum's members with their Chinese labels, so that
no Chinese word is used as an identifier anywhere else. A test keeps these equal to the schemas."""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    SELF_INSPECTION = "self-inspection"
    INSPECTION = "inspection"
    NOTICE = "notice"
    RECTIFICATION = "rectification"
    PLAN_FILING = "plan-filing"
    ACCIDENT_REVIEW = "accident-review"
    CASE_FILE_REVIEW = "case-file-review"
    KPI_REPORT = "kpi-report"
    CASE_NOMINATION = "case-nomination"
    CASE_SCORES = "case-scores"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def schema(self) -> str:
        return self.value


KIND_LABELS = {
    Kind.SELF_INSPECTION: "自查报告",
    Kind.INSPECTION: "督查记录",
    Kind.NOTICE: "整改通知书",
    Kind.RECTIFICATION: "整改报告",
    Kind.PLAN_FILING: "计划编制备案情况",
    Kind.ACCIDENT_REVIEW: "事故调查评查记录",
    Kind.CASE_FILE_REVIEW: "案卷评查记录",
    Kind.KPI_REPORT: "指标报送",
    Kind.CASE_NOMINATION: "最佳案例推荐",
    Kind.CASE_SCORES: "案例评分",
}
