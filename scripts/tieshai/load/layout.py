"""Where each kind of submission lives: the path decides the kind, the unit and the action.

    submissions/<unit>/<action>/self-inspection.yaml     自查报告            (unit)
    submissions/<unit>/<action>/inspection.yaml          督查记录            (inspection team)
    submissions/<unit>/<action>/notices/<id>.yaml        整改通知书          (inspection team)
    submissions/<unit>/<action>/rectification.yaml       整改报告 and 验收   (unit; 验收 by the team)
    submissions/<unit>/<action>/plan-filing.yaml         计划编制备案情况    (unit; actions whose record_kind is plan-filing)
    submissions/<unit>/<action>/records/<id>.yaml        事故调查评查 / 案卷评查记录 (the action's record_kind)
    submissions/<unit>/<action>/evidence/...             佐证材料 (files listed in a report)
    submissions/<unit>/kpi/<year>-q<n>.yaml              指标报送            (unit)
    submissions/<unit>/cases/<id>/nomination.yaml        最佳案例推荐        (unit)
    submissions/<unit>/cases/<id>/scores.yaml            案例评分            (organiser)
    submissions/<unit>/accountability/<id>.yaml          过错责任追究        (organiser; internal only)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from tieshai.chinese import chinese_number
from tieshai.model.campaign import Campaign
from tieshai.suggest import did_you_mean
from tieshai.vocabulary import Kind

SUBMISSIONS = "submissions"


# Fixed file names inside an action folder.
_ACTION_FILES = {
    "self-inspection.yaml": Kind.SELF_INSPECTION,
    "inspection.yaml": Kind.INSPECTION,
    "rectification.yaml": Kind.RECTIFICATION,
    "plan-filing.yaml": Kind.PLAN_FILING,
}
_CASE_FILES = {"nomination.yaml": Kind.CASE_NOMINATION, "scores.yaml": Kind.CASE_SCORES}
UNIT_FOLDERS = ("kpi", "cases", "accountability")
# The field of a record that must repeat the name its file or folder gives it.
NAME_FIELDS = {Kind.NOTICE: "id", Kind.ACCIDENT_REVIEW: "id", Kind.CASE_FILE_REVIEW: "id",
               Kind.KPI_REPORT: "period", Kind.CASE_NOMINATION: "id", Kind.CASE_SCORES: "case",
               Kind.ACCOUNTABILITY_REFERRAL: "id"}
IGNORED_NAMES = {"README.md", ".gitkeep"}


@dataclass(frozen=True)
class Placement:
    """What a path says about a submission."""

    kind: Kind | None  # None: an evidence file or an ignored file, not a record
    unit: str
    action: str | None = None
    name: str | None = None  # the record id, period or case id named by the file or folder


class LayoutError(Exception):
    """The path fits no place of the documented layout; the message says what would."""


def place(relative: PurePosixPath, campaign: Campaign) -> Placement | None:
    """Classify ``relative`` (a path under the repository root). None for files that are not records."""
    parts = relative.parts
    if len(parts) < 2 or parts[0] != SUBMISSIONS:
        return None
    if parts[-1] in IGNORED_NAMES:
        return None
    rest = parts[1:]
    unit = rest[0]
    if len(rest) == 1:
        raise LayoutError("submissions/ 下只能是各单位的目录，请把文件放进 submissions/<单位编号>/ 中。")
    if unit not in campaign.unit_ids:
        raise LayoutError(f"没有编号为“{unit}”的单位{_suggest(unit, campaign.unit_ids)}"
                          f"单位目录名必须是 campaign.yaml 中的单位编号。")
    folder = rest[1]
    if folder in campaign.action_ids:
        return _place_in_action(rest, campaign)
    if folder == "kpi" and len(rest) == 3:
        return Placement(Kind.KPI_REPORT, unit, name=_yaml_stem(rest[2]))
    if folder == "cases" and len(rest) == 4 and rest[3] in _CASE_FILES:
        return Placement(_CASE_FILES[rest[3]], unit, name=rest[2])
    if folder == "accountability" and len(rest) == 3:
        return Placement(Kind.ACCOUNTABILITY_REFERRAL, unit, name=_yaml_stem(rest[2]))
    if folder.endswith(".yml") or folder.endswith(".yaml"):
        raise LayoutError("单位目录下不能直接放记录文件，请按专项行动放进 submissions/<单位>/<行动>/ 中。")
    expected = campaign.action_ids + UNIT_FOLDERS
    raise LayoutError(f"不认识的目录或文件“{'/'.join(rest[1:])}”{_suggest(folder, expected)}"
                      f"单位目录下可以有：{'、'.join(expected)}。")


def _place_in_action(rest: tuple[str, ...], campaign: Campaign) -> Placement:
    unit, action_id = rest[0], rest[1]
    action = campaign.action(action_id)
    tail = rest[2:]
    if not tail:
        raise LayoutError("缺少文件名。")
    if tail[0] == "evidence":
        return Placement(None, unit, action_id)
    if len(tail) == 1:
        kind = _ACTION_FILES.get(_normalise_extension(tail[0]))
        if kind is Kind.PLAN_FILING and action.record_kind != Kind.PLAN_FILING.value:
            raise LayoutError(f"“{action.short_title}”不需要填报计划编制备案情况。")
        if kind is not None:
            _yaml_stem(tail[0])
            return Placement(kind, unit, action_id)
    if len(tail) == 2 and tail[0] == "notices":
        return Placement(Kind.NOTICE, unit, action_id, _yaml_stem(tail[1]))
    if len(tail) == 2 and tail[0] == "records":
        if action.record_kind not in (Kind.ACCIDENT_REVIEW.value, Kind.CASE_FILE_REVIEW.value):
            raise LayoutError(f"“{action.short_title}”没有专项记录，不需要 records 目录。")
        return Placement(Kind(action.record_kind), unit, action_id, _yaml_stem(tail[1]))
    allowed = [*_ACTION_FILES, "notices/<编号>.yaml", "records/<编号>.yaml", "evidence/"]
    raise LayoutError(f"不认识的文件“{'/'.join(tail)}”{_suggest(tail[0], list(_ACTION_FILES) + ['notices', 'records', 'evidence'])}"
                      f"行动目录下可以有：{'、'.join(allowed)}。")


def _normalise_extension(name: str) -> str:
    return name[:-4] + ".yaml" if name.endswith(".yml") else name


def _yaml_stem(name: str) -> str:
    if name.endswith(".yml"):
        raise LayoutError("文件扩展名请用 .yaml（不是 .yml）。")
    if not name.endswith(".yaml"):
        raise LayoutError("记录文件必须是 .yaml 文件；附件请放在行动目录的 evidence/ 中。")
    return name[: -len(".yaml")]


def _suggest(value: str, options: Iterable[str]) -> str:
    """The end of a sentence naming ``value``: a question after a comma when a known name is
    close, else the full stop."""
    guess = did_you_mean(value, options)
    return f"，{guess}" if guess else "。"


def path_for(kind: Kind, unit: str, action: str | None, name: str | None) -> PurePosixPath:
    """The path a new record of ``kind`` goes to (used by ``tieshai new``)."""
    base = PurePosixPath(SUBMISSIONS, unit)
    if kind is Kind.KPI_REPORT:
        return base / "kpi" / f"{name}.yaml"
    if kind in (Kind.CASE_NOMINATION, Kind.CASE_SCORES):
        return base / "cases" / str(name) / ("nomination.yaml" if kind is Kind.CASE_NOMINATION else "scores.yaml")
    if kind is Kind.ACCOUNTABILITY_REFERRAL:
        return base / "accountability" / f"{name}.yaml"
    folder = base / str(action)
    if kind is Kind.NOTICE:
        return folder / "notices" / f"{name}.yaml"
    if kind in (Kind.ACCIDENT_REVIEW, Kind.CASE_FILE_REVIEW):
        return folder / "records" / f"{name}.yaml"
    return folder / f"{kind.value}.yaml"


def record_in_words(placement: Placement, campaign: Campaign) -> tuple[str, str]:
    """A record as people name it: its unit, and the action and kind ("鹿城区", "专项行动三 整改报告")."""
    unit = next((u.name for u in campaign.units if u.id == placement.unit), placement.unit)
    action = next((f"专项行动{chinese_number(a.number)} " for a in campaign.actions if a.id == placement.action), "")
    kind = placement.kind.label if placement.kind is not None else ""
    return unit, f"{action}{kind}"
