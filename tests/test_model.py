"""The derived model on small hand-made cases: every state, every rule, ties, vetoes, zero
denominators and missing reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tieshai.model.campaign import Campaign
from tieshai.model.deductions import build_deductions
from tieshai.model.kpis import build_kpis
from tieshai.model.ledger import build_ledger, closed_loop_rates
from tieshai.model.progress import build_progress
from tieshai.model.ranking import build_ranking
from tieshai.model.records import Records
from tieshai.model.state import derive_state
from tieshai.vocabulary import ProgressState, RankingStatus, Unjudged

from .conftest import REPO

D = date.fromisoformat


def self_report(unit, action, when, *problems):
    return {"unit": unit, "action": action, "report_date": when, "conclusions": [], "problems": list(problems)}


def problem(pid, deadline, severity="minor", status="整改中"):
    return {"id": pid, "item": "x-1", "description": "问题", "severity": severity, "measures": "措施",
            "department": "科", "deadline": deadline, "status": status}


def finding(pid, severity="major"):
    return {"id": pid, "item": "x-1", "description": "督查发现", "severity": severity, "basis": "依据"}


def inspection(unit, action, when, *findings):
    return {"unit": unit, "action": action, "date": when, "findings": list(findings)}


def notice(unit, action, issued, deadline, *ids, number="温应急督〔2021〕1号"):
    return {"id": f"{unit}-n", "unit": unit, "action": action, "number": number, "issue_date": issued,
            "deadline": deadline, "problems": list(ids)}


def item(pid, status="已完成", done=None, acceptance=None):
    entry = {"problem": pid, "measures": "做了", "status": status}
    if done:
        entry["completion_date"] = done
    if acceptance:
        entry["acceptance"] = {"date": acceptance[0], "result": acceptance[1]}
    return entry


def rectification(unit, action, *items):
    return {"unit": unit, "action": action, "report_date": "2021-09-01", "items": list(items)}


# -- ledger ---------------------------------------------------------------------------------------

def test_ledger_statuses_deadlines_and_overdue_days() -> None:
    records = Records(
        self_inspections=(self_report("lucheng", "plans", "2021-04-10",
                                      problem("a", "2021-05-01"), problem("b", "2021-05-01"),
                                      problem("c", "2021-05-01", status="已整改"), problem("d", "2021-05-01", status="未整改")),),
        inspections=(inspection("lucheng", "plans", "2021-04-20", finding("e"), finding("f"), finding("g"), finding("h")),),
        notices=(notice("lucheng", "plans", "2021-04-25", "2021-05-31", "e", "f", "g"),),
        rectifications=(rectification("lucheng", "plans",
                                      item("a", done="2021-04-30"), item("b", done="2021-05-11"),
                                      item("e", done="2021-05-20", acceptance=("2021-05-25", "通过")),
                                      item("f", done="2021-05-20"),
                                      item("g", done="2021-05-20", acceptance=("2021-05-26", "不通过"))),),
    )
    ledger = {entry.problem_id: entry for entry in build_ledger(records, D("2021-06-10"))}
    assert {pid: e.status for pid, e in ledger.items()} == {
        "a": "已完成", "b": "已完成", "c": "已完成", "d": "未整改",
        "e": "已验收", "f": "已完成", "g": "验收未通过", "h": "待下达通知"}
    assert [pid for pid, e in ledger.items() if e.closed] == ["a", "b", "c", "e"]
    assert ledger["b"].days_overdue == 10 and ledger["b"].late  # closed ten days late
    assert ledger["a"].days_overdue == 0
    assert ledger["d"].days_overdue == 40  # open, 2021-05-01 to 2021-06-10
    assert ledger["f"].days_overdue == 10  # done but not yet accepted: the loop is still open
    assert ledger["h"].deadline is None and ledger["h"].days_overdue == 0
    assert ledger["e"].source == "督查" and ledger["e"].notice_number == "温应急督〔2021〕1号"
    rates = closed_loop_rates(list(ledger.values()))
    assert [(r.scope, r.closed, r.total) for r in rates["city"]] == [("city", 4, 8)]
    assert rates["unit"][0].rate == 0.5


def test_ledger_ignores_what_happens_after_the_as_of_date() -> None:
    records = Records(self_inspections=(self_report("lucheng", "plans", "2021-04-10", problem("a", "2021-05-01")),),
                      rectifications=(rectification("lucheng", "plans", item("a", done="2021-04-30")),))
    assert build_ledger(records, D("2021-04-01")) == []
    assert build_ledger(records, D("2021-04-20"))[0].status == "整改中"
    assert build_ledger(records, D("2021-05-02"))[0].closed


def test_empty_records_give_no_rates() -> None:
    assert closed_loop_rates([]) == {"unit": [], "action": [], "city": []}


# -- progress -------------------------------------------------------------------------------------

def test_progress_walks_through_every_state(campaign: Campaign) -> None:
    key, other = "dongtou", "lucheng"  # dongtou is a key target of plans, lucheng is not
    states = {}

    def status(records, as_of, unit=key):
        ledger = build_ledger(records, D(as_of))
        rows = build_progress(campaign, records, ledger, D(as_of))
        return next(r for r in rows if r.unit == unit and r.action == "plans")

    base = Records(self_inspections=(self_report(key, "plans", "2021-04-10", problem("p", "2021-05-01")),))
    states["未开始"] = status(Records(), "2021-02-01")
    states["自查中"] = status(Records(), "2021-04-01")
    states["已自查"] = status(base, "2021-04-15")
    inspected = replace(base, inspections=(inspection(key, "plans", "2021-04-20", finding("q")),))
    states["督查中"] = status(inspected, "2021-04-22")
    notified = replace(inspected, notices=(notice(key, "plans", "2021-04-25", "2021-05-31", "q"),))
    states["整改中"] = status(notified, "2021-04-26")
    closed = replace(notified, rectifications=(rectification(key, "plans", item("p", done="2021-04-30"),
                                                             item("q", done="2021-05-10", acceptance=("2021-05-12", "通过"))),))
    states["已闭环"] = status(closed, "2021-06-01")
    assert {name: row.status for name, row in states.items()} == {name: name for name in ProgressState}
    assert states["已闭环"].closed_on == D("2021-05-12")
    # a unit that is not a key target closes its loop without an inspection
    own = Records(self_inspections=(self_report(other, "plans", "2021-04-10"),))
    assert status(own, "2021-04-15", other).status == "已闭环"


def test_progress_flags_missed_deadlines(campaign: Campaign) -> None:
    records = Records(self_inspections=(self_report("lucheng", "plans", "2021-05-04"),))
    rows = {(r.unit, r.action): r for r in build_progress(campaign, records, [], D("2021-05-10"))}
    assert rows[("lucheng", "plans")].deadline_missed and rows[("lucheng", "plans")].days_late == 4
    assert rows[("longwan", "plans")].deadline_missed and rows[("longwan", "plans")].days_late == 10  # missing
    assert not rows[("longwan", "enforcement")].deadline_missed


# -- KPIs -----------------------------------------------------------------------------------------

def kpi(unit, period, rates, rec=(0, 0), lit=(0, 0), base=(0, 0, 0, 0)):
    return {"unit": unit, "period": period,
            "rates": {key: {"numerator": n, "denominator": d} for key, (n, d) in rates.items()},
            "reconsideration": {"cases": rec[0], "corrected": rec[1]}, "litigation": {"cases": lit[0], "lost": lit[1]},
            "baseline": {"year": 2020, "reconsideration_cases": base[0], "reconsideration_corrected": base[1],
                         "litigation_cases": base[2], "litigation_lost": base[3]}}


def test_city_rate_is_sum_over_sum_not_mean_of_rates(campaign: Campaign) -> None:
    records = Records(kpi_reports=(
        kpi("lucheng", "2021-q1", {"credit-supervision": (1, 10)}),
        kpi("lucheng", "2021-q2", {"credit-supervision": (9, 10)}),
        kpi("longwan", "2021-q1", {"credit-supervision": (90, 100)}),
    ))
    figures = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    assert figures[("credit-supervision", "lucheng")].value == 0.5 and figures[("credit-supervision", "lucheng")].met
    city = figures[("credit-supervision", "city")]
    assert (city.numerator, city.denominator) == (100, 120) and city.value == pytest.approx(100 / 120)
    assert figures[("credit-supervision", "ouhai")].value is None  # missing report: no data, not zero
    assert figures[("spot-check-completion", "lucheng")].met is None  # no such pair reported


def test_zero_denominators_and_year_on_year_targets(campaign: Campaign) -> None:
    records = Records(kpi_reports=(
        kpi("lucheng", "2021-q1", {"cross-department": (0, 0)}, rec=(4, 1), lit=(8, 1), base=(4, 2, 10, 1)),
    ))
    figures = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    assert figures[("cross-department", "lucheng")].value is None and figures[("cross-department", "lucheng")].met is None
    correction = figures[("reconsideration-correction", "city")]
    assert (correction.value, correction.baseline, correction.met) == (0.25, 0.5, True)
    cases = figures[("litigation-cases", "city")]
    assert (cases.value, cases.baseline, cases.met) == (8, 10, True)  # 8 <= 80% of 10
    loss = figures[("litigation-loss", "city")]
    assert (loss.value, loss.baseline, loss.met) == (0.125, 0.1, False)
    assert figures[("city-level-litigation-upheld", "city")].value is None
    later = build_kpis(campaign, records, D("2020-12-31"))  # a quarter not begun yet is not counted
    assert all(f.value is None for f in later)


def test_nothing_to_decrease_from_cannot_be_judged(campaign: Campaign) -> None:
    """0 corrected of cases against a baseline year with none: neither met nor missed."""
    records = Records(kpi_reports=(kpi("lucheng", "2021-q1", {}, rec=(5, 0), base=(3, 0, 0, 0)),))
    figures = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    correction = figures[("reconsideration-correction", "lucheng")]
    assert (correction.value, correction.baseline, correction.met) == (0, 0, None)


def test_a_figure_names_its_quarters_and_says_why_it_cannot_be_judged(campaign: Campaign) -> None:
    records = Records(kpi_reports=(
        kpi("lucheng", "2021-q1", {"cross-department": (0, 0)}, rec=(5, 0), base=(3, 0, 0, 0)),
        kpi("lucheng", "2021-q2", {"cross-department": (0, 0)}),
    ))
    figures = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    assert figures[("cross-department", "lucheng")].periods == ("2021-q1", "2021-q2")
    assert figures[("cross-department", "lucheng")].unjudged is Unjudged.ZERO_DENOMINATOR
    assert figures[("reconsideration-correction", "lucheng")].unjudged is Unjudged.NOTHING_TO_DECREASE
    assert figures[("credit-supervision", "ouhai")].unjudged is Unjudged.NO_REPORTS
    assert figures[("city-level-litigation-upheld", "city")].unjudged is Unjudged.NO_SOURCE
    assert figures[("credit-supervision", "city")].unjudged is Unjudged.NO_REPORTS  # the pair is in no report


def test_a_baseline_of_another_year_is_left_out_on_both_sides(campaign: Campaign) -> None:
    """Like with like: a quarter whose same-period figures are of another year than the target's
    baseline year counts neither in the figure nor in its baseline."""
    wrong_year = kpi("lucheng", "2021-q2", {}, lit=(50, 0), base=(0, 0, 1, 0))
    wrong_year["baseline"]["year"] = 2019
    records = Records(kpi_reports=(kpi("lucheng", "2021-q1", {}, lit=(7, 0), base=(0, 0, 10, 0)), wrong_year))
    figures = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    cases = figures[("litigation-cases", "city")]
    assert (cases.value, cases.baseline, cases.met, cases.periods, cases.left_out) == (7, 10, True, ("2021-q1",), 1)
    records = Records(kpi_reports=(wrong_year,))
    alone = {(f.target, f.scope): f for f in build_kpis(campaign, records, D("2021-09-15"))}
    assert alone[("litigation-cases", "city")].unjudged is Unjudged.NO_BASELINE
    assert alone[("litigation-cases", "city")].met is None


def test_trends_count_each_quarter_on_its_own(campaign: Campaign) -> None:
    records = Records(
        self_inspections=(self_report("lucheng", "plans", "2021-04-10", problem("p1", "2021-05-01"),
                                      problem("p2", "2021-08-01")),
                          self_report("longwan", "plans", "2021-07-05", problem("p3", "2021-07-20"))),
        rectifications=(rectification("lucheng", "plans", item("p1", done="2021-04-20"), item("p2", done="2021-08-10")),),
        kpi_reports=(kpi("lucheng", "2021-q1", {"credit-supervision": (1, 10)}),
                     kpi("lucheng", "2021-q2", {"credit-supervision": (9, 10)}),
                     kpi("longwan", "2021-q2", {"credit-supervision": (1, 10)})))
    trends = derive_state(campaign, records, D("2021-09-15")).trends
    assert trends.quarters == ("2021-q1", "2021-q2", "2021-q3")
    q1, q2, q3 = trends.closures
    assert (q1.found, q1.closed, q1.open_at_end, q1.overdue_at_end) == (0, 0, 0, 0)
    assert (q2.found, q2.closed, q2.open_at_end, q2.overdue_at_end) == (2, 1, 1, 0)
    # p2 closed in August, ten days late; p3 still open, past its deadline at the build date
    assert (q3.found, q3.closed, q3.open_at_end, q3.overdue_at_end) == (1, 1, 1, 1)
    credit = trends.kpis["credit-supervision"]
    assert [f.value for f in credit] == [0.1, 0.5, None]
    assert [f.periods for f in credit] == [("2021-q1",), ("2021-q2",), ()]
    assert derive_state(campaign, records, D("2021-05-15")).trends.quarters == ("2021-q1", "2021-q2")


def test_causes_are_counted_for_inspection_findings_only() -> None:
    from tieshai.model.causes import tally_causes

    found = dict(finding("i1"), cause="rules")
    records = Records(self_inspections=(self_report("lucheng", "plans", "2021-04-10", problem("s1", "2021-05-01")),),
                      inspections=(inspection("lucheng", "plans", "2021-05-01", found, dict(finding("i2"), cause="rules")),
                                   inspection("longwan", "plans", "2021-05-02", dict(finding("i3"), cause="other",
                                                                                     cause_analysis="人手不足"))))
    ledger = build_ledger(records, D("2021-09-15"))
    assert [(row.scope, row.counts, row.total) for row in tally_causes(ledger)] == [("", {"other": 1, "rules": 2}, 3)]
    by_unit = {row.scope: row.counts for row in tally_causes(ledger, lambda entry: entry.unit)}
    assert by_unit == {"lucheng": {"rules": 2}, "longwan": {"other": 1}}
    assert [e.cause_analysis for e in ledger if e.cause_analysis] == ["人手不足"]


# -- deductions -----------------------------------------------------------------------------------

def test_deductions_trace_to_problems_and_respect_caps(campaign: Campaign) -> None:
    problems = [problem(f"p{n}", "2021-05-01", severity="serious") for n in range(4)]
    records = Records(self_inspections=(self_report("lucheng", "plans", "2021-04-10", *problems),),
                      rectifications=(rectification("lucheng", "plans", item("p0", done="2021-04-20"),
                                                    item("p1", done="2021-05-20")),))
    ledger = build_ledger(records, D("2021-09-15"))
    deductions = {(d.unit, d.period): d for d in build_deductions(campaign, ledger, D("2021-09-15"))}
    quarter = deductions[("lucheng", "2021-q2")]
    assert [line.problem_id for line in quarter.lines] == ["p0", "p1", "p2", "p3"]
    assert quarter.raw_points == 8 and quarter.points == 5 and quarter.capped  # cap 5 per quarter
    annual = deductions[("lucheng", "2021")]
    assert annual.provisional
    assert {(line.problem_id, line.points) for line in annual.lines} == {("p1", 0.5), ("p2", 1), ("p3", 1)}
    year_end = {(d.unit, d.period): d for d in build_deductions(campaign, ledger, D("2021-12-31"))}
    assert not year_end[("lucheng", "2021")].provisional
    assert "年底仍未整改" in {line.reason for line in year_end[("lucheng", "2021")].lines}


# -- ranking --------------------------------------------------------------------------------------

def nomination(case_id, outcome="无", number=None):
    return {"id": case_id, "unit": "lucheng", "title": f"案例{case_id}", "case_number": number or f"罚{case_id}",
            "later_outcome": outcome}


def scores(case_id, *sheets):
    names = ["legality", "evidence", "discretion", "documents", "impact"]
    return {"case": case_id, "unit": "lucheng",
            "scores": [{"reviewer": "甲", "criteria": dict(zip(names, sheet, strict=True))} for sheet in sheets]}


def test_ranking_weights_ties_vetoes_and_pending(campaign: Campaign) -> None:
    full = [90, 90, 90, 90, 90]
    records = Records(
        nominations=(nomination("a"), nomination("b"), nomination("c"), nomination("d", "诉讼败诉"),
                     nomination("e", number="罚veto"), nomination("f"), nomination("g")),
        case_scores=(scores("a", full, full, full),
                     scores("b", [95, 84, 90, 90, 90], [95, 84, 90, 90, 90], [95, 84, 90, 90, 90]),  # 90.0, legality 95
                     scores("c", full, full, full, full),  # 90.0 with four reviewers
                     scores("d", [100] * 5, [100] * 5, [100] * 5),
                     scores("e", [100] * 5, [100] * 5, [100] * 5),
                     scores("f", full, full),
                     scores("g", [80] * 5, [80] * 5, [80] * 5)),
        case_file_reviews=({"case_number": "罚veto", "vetoes": ["single-officer"]},),
    )
    ranking = build_ranking(campaign, records)
    assert [(r.case_id, r.rank) for r in ranking if r.status == RankingStatus.RANKED] == [("b", 1), ("c", 2), ("a", 3), ("g", 4)]
    by_id = {r.case_id: r for r in ranking}
    assert by_id["b"].score == pytest.approx(90.0) and by_id["a"].score == pytest.approx(90.0)
    assert any("总分相同" in reason for reason in by_id["a"].reasons)
    assert by_id["d"].status == RankingStatus.EXCLUDED and "诉讼败诉" in by_id["d"].reasons[0]
    assert by_id["e"].status == RankingStatus.EXCLUDED and "否决项" in by_id["e"].reasons[0]
    assert by_id["f"].status == RankingStatus.PENDING and by_id["f"].rank is None
    assert all(r.top for r in ranking if r.rank is not None)  # fewer than ten ranked: all in the Top 10
    assert build_ranking(campaign, records) == ranking  # the same data, the same ranking


def test_only_ten_make_the_top_ten(campaign: Campaign) -> None:
    ids = [f"c{n:02d}" for n in range(12)]
    records = Records(nominations=tuple(nomination(i) for i in ids),
                      case_scores=tuple(scores(i, *[[70 + n] * 5] * 3) for n, i in enumerate(ids)))
    ranking = build_ranking(campaign, records)
    assert [r.case_id for r in ranking if r.top] == ids[::-1][:10]


def test_state_of_the_embedded_demo_shows_every_state(campaign: Campaign) -> None:
    from tieshai.rules.check import check_repository

    result = check_repository(REPO, keep_records=True)
    state = derive_state(campaign, Records.from_submissions(result.submissions), campaign.demo_as_of)
    statuses = {row.status for row in state.progress}
    assert statuses >= {"自查中", "已自查", "督查中", "整改中", "已闭环"}
    assert any(row.deadline_missed for row in state.progress)
    ledger_states = {entry.status for entry in state.ledger}
    assert {"已验收", "整改中", "待下达通知"} <= ledger_states
    assert any(e.closed and e.late for e in state.ledger) and any(not e.closed and e.days_overdue for e in state.ledger)
    assert {r.status for r in state.ranking} == set(RankingStatus)
    assert sum(r.top for r in state.ranking) == 10
    assert any("总分相同" in reason for r in state.ranking for reason in r.reasons)


def test_the_ledger_and_its_rates_follow_the_plans_order(campaign: Campaign) -> None:
    """Units as the plan lists them (鹿城区 first, not 苍南县 by its id), actions by number: the order
    of every official table."""
    from tieshai.rules.check import check_repository

    result = check_repository(REPO, keep_records=True)
    state = derive_state(campaign, Records.from_submissions(result.submissions), campaign.demo_as_of)
    units = [unit.id for unit in campaign.units]
    actions = [action.id for action in sorted(campaign.actions, key=lambda action: action.number)]
    seen = list(dict.fromkeys(entry.unit for entry in state.ledger))
    assert seen == [unit for unit in units if unit in seen] and seen != sorted(seen)
    for unit in seen:
        within = list(dict.fromkeys(entry.action for entry in state.ledger if entry.unit == unit))
        assert within == [action for action in actions if action in within]
    assert [rate.scope for rate in state.closed_loop["unit"]] == seen
    assert [rate.scope for rate in state.closed_loop["action"]] == [a for a in actions if a in {e.action for e in state.ledger}]
    deducted = list(dict.fromkeys(deduction.unit for deduction in state.deductions if deduction.period != str(campaign.year)))
    assert deducted == [unit for unit in units if unit in deducted]


def test_before_the_year_ends_an_open_problem_is_deducted_only_provisionally(campaign: Campaign) -> None:
    """The annual deduction for a problem still open says it goes if the problem closes in time."""
    from tieshai.rules.check import check_repository

    result = check_repository(REPO, keep_records=True)
    state = derive_state(campaign, Records.from_submissions(result.submissions), campaign.demo_as_of)
    annual = [d for d in state.deductions if d.period == str(campaign.year)]
    assert annual and all(d.provisional for d in annual)
    reasons = {line.reason for d in annual for line in d.lines}
    assert "尚未整改（年底前闭环则不扣）" in reasons and "年底仍未整改" not in reasons
