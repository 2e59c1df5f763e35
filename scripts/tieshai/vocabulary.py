"""One vocabulary for the schemas' values and the derived model's: each enum's members with their
Chinese labels and, where pages style them, their CSS classes, so that no Chinese word is used as an
identifier anywhere else (templates included). A test keeps these equal to the schemas."""

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
    ACCOUNTABILITY_REFERRAL = "accountability-referral"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def schema(self) -> str:
        return self.value

    @property
    def filled_by(self) -> str:
        """Who fills this kind of record in, in the words of the forms page."""
        return KIND_FILLERS.get(self, "各单位")


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
    Kind.ACCOUNTABILITY_REFERRAL: "过错责任追究",
}
# The kinds that the units do not fill in themselves, and who does.
KIND_FILLERS = {Kind.INSPECTION: "督查组", Kind.NOTICE: "督查组", Kind.CASE_SCORES: "组织单位",
                Kind.ACCOUNTABILITY_REFERRAL: "组织单位"}


class Term(str, Enum):
    """A value that a schema allows, or that the derived model gives a record. A term compares,
    hashes, prints and serialises as its value, so that data, pages and exports read exactly as
    the plain text did. A Chinese value is its own label."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def label(self) -> str:
        return self.value


# -- the schemas' values ----------------------------------------------------------------------

class Measure(Term):
    RATE = "rate"
    COUNT = "count"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


class Comparison(Term):
    AT_LEAST = "at_least"
    AT_MOST_SHARE_OF_BASELINE = "at_most_share_of_baseline"
    DECREASE_YEAR_ON_YEAR = "decrease_year_on_year"

    @property
    def label(self) -> str:
        return COMPARISON_LABELS[self]


class TargetScope(Term):
    CITY = "city"
    CITY_LEVEL = "city_level"

    @property
    def label(self) -> str:
        return TARGET_SCOPE_LABELS[self]


class UnitKind(Term):
    DISTRICT = "district"
    COUNTY = "county"
    COUNTY_CITY = "county_city"
    INDUSTRIAL_CLUSTER = "industrial_cluster"

    @property
    def label(self) -> str:
        return UNIT_KIND_LABELS[self]


class ForgeKind(Term):
    """The code host a campaign repository lives on (campaign.yaml forge.kind)."""

    GITHUB = "github"
    GITEA = "gitea"
    FORGEJO = "forgejo"
    GITLAB = "gitlab"

    @property
    def label(self) -> str:
        return {"github": "GitHub 平台", "gitea": "Gitea 平台", "forgejo": "Forgejo 平台", "gitlab": "GitLab 平台"}[self.value]


class Conclusion(Term):
    """A self-inspection conclusion or an accident-review answer on one checklist item."""

    COMPLIANT = "符合"
    MOSTLY_COMPLIANT = "基本符合"
    NON_COMPLIANT = "不符合"
    NOT_APPLICABLE = "不适用"


class ProblemStatus(Term):
    """Where a problem stood when the self-inspection report listed it."""

    OPEN = "未整改"
    IN_PROGRESS = "整改中"
    RECTIFIED = "已整改"


class RectificationStatus(Term):
    IN_PROGRESS = "整改中"
    DONE = "已完成"


class AcceptanceResult(Term):
    PASSED = "通过"
    FAILED = "不通过"


class AccidentLevel(Term):
    GENERAL = "一般"
    LARGER = "较大"
    MAJOR = "重大"
    ESPECIALLY_MAJOR = "特别重大"


class PartyKind(Term):
    NATURAL_PERSON = "自然人"
    ORGANIZATION = "法人或其他组织"


class ReferralOutcome(Term):
    """Where an accountability referral stands."""

    PENDING = "待处理"
    DEALT_WITH = "已处理"
    NOT_PURSUED = "不予追究"


class ResponsibilityCategory(Term):
    LEADER = "负有责任的领导人员"
    DIRECT = "直接责任人员"


class LaterOutcome(Term):
    """What became of a nominated case after its decision; the campaign names those that exclude it."""

    NONE = "无"
    REVIEW_UPHELD = "复议维持"
    REVIEW_CORRECTED = "复议纠错"
    LITIGATION_WON = "诉讼胜诉"
    LITIGATION_LOST = "诉讼败诉"


MEASURE_LABELS = {Measure.RATE: "比率", Measure.COUNT: "数量"}
COMPARISON_LABELS = {
    Comparison.AT_LEAST: "不低于目标值",
    Comparison.AT_MOST_SHARE_OF_BASELINE: "不高于基准年数量的目标值",
    Comparison.DECREASE_YEAR_ON_YEAR: "比上一年下降",
}
TARGET_SCOPE_LABELS = {TargetScope.CITY: "全市", TargetScope.CITY_LEVEL: "市本级"}
UNIT_KIND_LABELS = {
    UnitKind.DISTRICT: "区",
    UnitKind.COUNTY: "县",
    UnitKind.COUNTY_CITY: "县级市",
    UnitKind.INDUSTRIAL_CLUSTER: "省级产业集聚区",
}


# -- the derived model's values ---------------------------------------------------------------

class LedgerSource(Term):
    """Who found a problem in the rectification ledger."""

    SELF_INSPECTION = "自查"
    INSPECTION = "督查"


class LedgerStatus(Term):
    AWAITING_NOTICE = "待下达通知"
    OPEN = "未整改"
    IN_PROGRESS = "整改中"
    DONE = "已完成"
    ACCEPTED = "已验收"
    ACCEPTANCE_FAILED = "验收未通过"


class ProgressState(Term):
    """Where a unit stands in an action, in the order a unit goes through them."""

    NOT_STARTED = "未开始"
    SELF_INSPECTING = "自查中"
    SELF_INSPECTED = "已自查"
    INSPECTING = "督查中"
    RECTIFYING = "整改中"
    CLOSED = "已闭环"

    @property
    def css(self) -> str:
        """The modifier of the page's status badge: ts-status-badge--<css>."""
        return PROGRESS_CSS[self]


class Unjudged(Term):
    """Why a target cannot be judged met or missed, as the KPI page says it."""

    NO_SOURCE = "本指标不由各单位报送，暂无数据来源"
    NO_REPORTS = "尚无报送数据"
    ZERO_DENOMINATOR = "分母为 0，无法计算比率"
    NO_BASELINE = "没有可比的基准年同期数据"
    NOTHING_TO_DECREASE = "基准年同期和本期均为 0，无从判断是否下降"


class RankingStatus(Term):
    RANKED = "参与排名"
    PENDING = "待评分"
    EXCLUDED = "不参评"


PROGRESS_CSS = {
    ProgressState.NOT_STARTED: "idle",
    ProgressState.SELF_INSPECTING: "idle",
    ProgressState.SELF_INSPECTED: "wait",
    ProgressState.INSPECTING: "wait",
    ProgressState.RECTIFYING: "work",
    ProgressState.CLOSED: "done",
}


# -- what people write for a value ------------------------------------------------------------

# Words a clerk writes for a schema's value or a campaign name (a severity, a grade), each with
# the values it may mean: a message suggests the one the field allows (suggest.meant), so that a
# guess goes by meaning where spelling would mislead (“正在整改” is spelt like “未整改”).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "正在整改": (ProblemStatus.IN_PROGRESS.value,), "整改中": (ProblemStatus.IN_PROGRESS.value,),
    "进行中": (ProblemStatus.IN_PROGRESS.value,), "在整改": (ProblemStatus.IN_PROGRESS.value,),
    "尚未整改": (ProblemStatus.OPEN.value,), "没有整改": (ProblemStatus.OPEN.value,),
    "待整改": (ProblemStatus.OPEN.value,), "未开始": (ProblemStatus.OPEN.value,),
    "整改完成": (ProblemStatus.RECTIFIED.value, RectificationStatus.DONE.value),
    "整改完毕": (ProblemStatus.RECTIFIED.value, RectificationStatus.DONE.value),
    "已完成整改": (ProblemStatus.RECTIFIED.value, RectificationStatus.DONE.value),
    "完成": (RectificationStatus.DONE.value, ProblemStatus.RECTIFIED.value),
    "已完成": (RectificationStatus.DONE.value, ProblemStatus.RECTIFIED.value),
    "已整改": (ProblemStatus.RECTIFIED.value, RectificationStatus.DONE.value),
    "合格": (Conclusion.COMPLIANT.value, AcceptanceResult.PASSED.value),
    "达标": (Conclusion.COMPLIANT.value,), "是": (Conclusion.COMPLIANT.value,),
    "部分符合": (Conclusion.MOSTLY_COMPLIANT.value,), "大体符合": (Conclusion.MOSTLY_COMPLIANT.value,),
    "不合格": (Conclusion.NON_COMPLIANT.value, AcceptanceResult.FAILED.value),
    "不达标": (Conclusion.NON_COMPLIANT.value,), "否": (Conclusion.NON_COMPLIANT.value,),
    "不涉及": (Conclusion.NOT_APPLICABLE.value,), "无此项": (Conclusion.NOT_APPLICABLE.value,),
    "验收通过": (AcceptanceResult.PASSED.value,), "未通过": (AcceptanceResult.FAILED.value,),
    "验收不通过": (AcceptanceResult.FAILED.value,),
    "轻微": ("一般",), "较严重": ("较重",), "优": ("优秀",), "良": ("良好",), "及格": ("合格",),
}
