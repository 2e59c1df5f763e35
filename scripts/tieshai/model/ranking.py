"""The Top 10 best enforcement cases: eligibility, weighted scores, a documented tie-break.

A case is excluded when its later outcome or its case-file review hits an exclusion set in
campaign.yaml; it waits (not ranked) until it has the minimum number of reviewers. Its score is
Σ weight × (mean of reviewers' scores on that criterion) / Σ weights, out of 100. Equal scores
are ordered by the first criterion's mean, then by the number of reviewers (more first), then
by case id, so the same data always gives the same ranking, and each case says why it stands
where it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from tieshai.model.campaign import Campaign, Selection
from tieshai.model.records import Record, Records
from tieshai.vocabulary import RankingStatus


@dataclass(frozen=True)
class RankedCase:
    case_id: str
    unit: str
    title: str
    case_number: str
    reviewers: int
    criteria: dict[str, float]  # mean score per criterion
    score: float | None
    status: RankingStatus
    rank: int | None
    top: bool
    reasons: tuple[str, ...]


@dataclass
class _Candidate:
    """A nominated case while the ranking is worked out."""

    nomination: Record
    reviewers: int
    means: dict[str, float]  # mean score per criterion; empty without scores
    score: float | None
    status: RankingStatus
    reasons: list[str]
    rank: int | None = None

    @property
    def ranked_score(self) -> float:
        """The score of a case in the ranking (only cases with enough scores are ranked)."""
        assert self.score is not None, "a ranked case has its score"
        return self.score


def build_ranking(campaign: Campaign, records: Records) -> list[RankedCase]:
    selection = campaign.results.best_cases.selection
    criteria = selection.criteria
    names = {c.id: c.name for c in criteria}
    first = criteria[0].id
    scores = {(s["unit"], s["case"]): s["scores"] for s in records.case_scores}
    vetoed = ({r["case_number"] for r in records.case_file_reviews if r["vetoes"]}
              if selection.exclusions.case_file_veto else set())
    cases = [_candidate(selection, nomination, scores.get((nomination["unit"], nomination["id"]), ()), vetoed)
             for nomination in records.nominations]
    ranked = sorted((c for c in cases if c.status is RankingStatus.RANKED),
                    key=lambda c: (-round(c.ranked_score, 6), -round(c.means[first], 6), -c.reviewers, c.nomination["id"]))
    by_score: dict[float, list[_Candidate]] = {}
    for case in ranked:
        by_score.setdefault(round(case.ranked_score, 6), []).append(case)
    for position, case in enumerate(ranked, start=1):
        case.rank = position
        case.reasons.append(f"加权总分 {case.score:.2f}（{case.reviewers} 位评审人）。")
        tied = [other for other in by_score[round(case.ranked_score, 6)] if other is not case]
        if tied:
            case.reasons.append(f"与{'、'.join('“' + o.nomination['title'] + '”' for o in tied)}总分相同，"
                                f"按“{names[first]}”得分（{case.means[first]:.2f}）、评审人数和案例编号排序。")
    count = campaign.results.best_cases.count
    ordered = ranked + sorted((c for c in cases if c.status is not RankingStatus.RANKED),
                              key=lambda c: c.nomination["id"])
    return [RankedCase(
        case_id=c.nomination["id"], unit=c.nomination["unit"], title=c.nomination["title"],
        case_number=c.nomination["case_number"], reviewers=c.reviewers, criteria=c.means, score=c.score,
        status=c.status, rank=c.rank, top=c.rank is not None and c.rank <= count,
        reasons=tuple(c.reasons)) for c in ordered]


def _candidate(selection: Selection, nomination: Record, given: Sequence[Record], vetoed: set[str]) -> _Candidate:
    """The case's mean scores, and whether it is ranked, waits for reviewers or is excluded."""
    criteria = selection.criteria
    means = {c.id: fmean(s["criteria"][c.id] for s in given) for c in criteria} if given else {}
    score = (sum(c.weight * means[c.id] for c in criteria) / sum(c.weight for c in criteria)
             if given else None)
    reasons: list[str] = []
    if nomination["later_outcome"] in selection.exclusions.later_outcomes:
        status = RankingStatus.EXCLUDED
        reasons.append(f"案件后续{nomination['later_outcome']}，按评选办法不参评。")
    elif nomination["case_number"] in vetoed:
        status = RankingStatus.EXCLUDED
        reasons.append("该案件的案卷评查记录有否决项，按评选办法不参评。")
    elif len(given) < selection.min_reviewers:
        status = RankingStatus.PENDING
        reasons.append(f"已有 {len(given)} 位评审人评分，少于 {selection.min_reviewers} 位，暂不排名。")
    else:
        status = RankingStatus.RANKED
    return _Candidate(nomination, len(given), means, score, status, reasons)
