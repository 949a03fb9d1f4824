"""reports.sustainability (method v1): every criterion's edges, score, bands, graduation,
the issue's two acceptance cases, serialisation, and properties (hypothesis); and
reports.criteria_text has a sentence for every reason code."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from reports.sustainability import (
    BANDS,
    BLOCKER_CODES,
    CRITERIA,
    DEFAULT_THRESHOLDS,
    MET,
    METHOD_VERSION,
    NOT_MET,
    REASON_CODES,
    STATUSES,
    UNKNOWN,
    ActionInput,
    Change,
    CheckinInput,
    CriterionResult,
    InstallmentInput,
    Inputs,
    LoanInput,
    Thresholds,
    assess,
    band_for,
    changes,
    from_dict,
    inputs_digest,
    score_of,
    to_dict,
)

AS_OF = date(2025, 6, 15)


# -- builders -----------------------------------------------------------------------

def months_back(n: int, last: date = date(2025, 5, 1)) -> list[date]:
    """The first days of ``n`` consecutive months ending with ``last``, ascending."""
    out, year, month = [], last.year, last.month
    for _ in range(n):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def checkin(month: date, *, revenue=3_000_000, costs=2_000_000, other=500_000, savings=1_000_000,
            practices=6, records=True, separates=True) -> CheckinInput:
    return CheckinInput(month=month, revenue=D(revenue), costs=D(costs), other_income=D(other),
                        savings=D(savings), practices_score=practices, keeps_records=records,
                        separates_money=separates)


def series(n: int, last: date = date(2025, 5, 1), **columns) -> tuple[CheckinInput, ...]:
    """``n`` monthly check-ins ending with ``last``; a column given as a list varies by
    month (oldest first), a scalar is the same every month."""
    rows = []
    for index, month in enumerate(months_back(n, last)):
        values = {k: (v[index] if isinstance(v, list) else v) for k, v in columns.items()}
        values.setdefault("savings", 1_000_000 + 100_000 * index)
        rows.append(checkin(month, **values))
    return tuple(rows)


def paid(due: date, days_late: int = 0) -> InstallmentInput:
    return InstallmentInput(due_on=due, paid_on=due + timedelta(days=days_late))


def unpaid(due: date) -> InstallmentInput:
    return InstallmentInput(due_on=due, paid_on=None)


def loan(*installments, dpd=0, monthly=400_000, active=True) -> LoanInput:
    return LoanInput(installments=tuple(installments), days_past_due=dpd,
                     monthly_installment=D(monthly), active=active)


def monthly_dues(n: int, last: date = date(2025, 5, 5)) -> list[date]:
    return [m.replace(day=5) for m in months_back(n, last.replace(day=1))]


def done(due: date, on: date | None = None) -> ActionInput:
    return ActionInput(due_on=due, status="done", completed_on=on or due)


def open_item(due: date) -> ActionInput:
    return ActionInput(due_on=due, status="open", completed_on=None)


STRONG_SESSIONS = (AS_OF - timedelta(days=5), AS_OF - timedelta(days=35), AS_OF - timedelta(days=65))


def make(*, checkins=None, loans=None, sessions=None, actions=None, months=12) -> Inputs:
    """Strong data by default: every criterion met."""
    return Inputs(
        checkins=series(12) if checkins is None else tuple(checkins),
        loans=(loan(*(paid(d) for d in monthly_dues(10))),) if loans is None else tuple(loans),
        session_dates=STRONG_SESSIONS if sessions is None else tuple(sessions),
        actions=((done(date(2025, 4, 1)), done(date(2025, 5, 1)), done(date(2025, 6, 1)))
                 if actions is None else tuple(actions)),
        months_in_programme=months,
    )


def judge(code: str, inputs: Inputs, as_of: date = AS_OF, thresholds=DEFAULT_THRESHOLDS):
    return assess(inputs, as_of=as_of, thresholds=thresholds).criterion(code)


def status_reason(code: str, inputs: Inputs, as_of: date = AS_OF):
    result = judge(code, inputs, as_of)
    return result.status, result.reason


# -- the issue's table ---------------------------------------------------------------

def test_defaults_are_the_issues_table():
    t = DEFAULT_THRESHOLDS
    assert CRITERIA == {1: "operating", 2: "profitable", 3: "stable", 4: "practices",
                        5: "records", 6: "saving", 7: "repays", 8: "debt", 9: "engaged"}
    assert [t.weight(n) for n in range(1, 10)] == [15, 15, 10, 10, 10, 10, 20, 5, 5]
    assert sum(t.weights) == 100
    assert (t.operating_days, t.stable_ratio, t.practices_min, t.on_time_share,
            t.on_time_grace_days, t.max_days_past_due, t.debt_ratio, t.engaged_months,
            t.actions_done_share, t.mandiri_min, t.berkembang_min, t.min_known_weight,
            t.graduate_months) == (60, D("0.95"), 5, D("0.90"), 3, 7, D("0.30"), 3, D("0.70"),
                                   75, 50, 50, 12)
    assert METHOD_VERSION == "v1"


def test_strong_data_meets_every_criterion():
    result = assess(make(), as_of=AS_OF)
    assert [(c.number, c.code, c.status) for c in result.criteria] == [
        (n, code, MET) for n, code in CRITERIA.items()]
    assert result.score == D("100.0")
    assert (result.weights_known, result.weights_met) == (100, 100)


# -- criterion 1: operating ----------------------------------------------------------

def test_operating_counts_the_month_end_60_days_back():
    january = (checkin(date(2024, 1, 1)),)
    # 31 January + 60 days = 31 March 2024 (a leap year)
    assert status_reason("operating", make(checkins=january), date(2024, 3, 31)) == (MET, "revenue_recent")
    result = judge("operating", make(checkins=january), date(2024, 4, 1))
    assert (result.status, result.reason) == (NOT_MET, "no_recent_checkin")
    assert result.params == {"last_month": "2024-01-01", "days": 61, "max_days": 60}


def test_operating_counts_the_check_in_of_the_current_month():
    june = (checkin(date(2025, 6, 1), revenue=1),)
    assert status_reason("operating", make(checkins=june)) == (MET, "revenue_recent")


def test_operating_ignores_check_ins_of_months_after_as_of():
    july = (checkin(date(2025, 7, 1)),)
    assert status_reason("operating", make(checkins=july)) == (UNKNOWN, "no_checkins")


def test_operating_needs_revenue_in_a_recent_check_in():
    zero = series(2, revenue=0, costs=0)
    assert status_reason("operating", make(checkins=zero)) == (NOT_MET, "no_revenue")
    # an earlier recent month with revenue is enough
    mixed = series(2, revenue=[500_000, 0], costs=0)
    result = judge("operating", make(checkins=mixed))
    assert (result.status, result.params) == (MET, {"month": "2025-04-01", "revenue": "500000.00"})


def test_operating_without_check_ins_is_unknown():
    assert status_reason("operating", make(checkins=())) == (UNKNOWN, "no_checkins")


# -- criterion 2: profitable ---------------------------------------------------------

def test_profitable_needs_three_check_ins():
    result = judge("profitable", make(checkins=series(2)))
    assert (result.status, result.reason, result.params) == (
        UNKNOWN, "too_few_checkins", {"have": 2, "need": 3})


def test_profitable_edges():
    breakeven = series(3, revenue=[1_000_000, 2_000_000, 3_000_000], costs=2_000_000)
    assert status_reason("profitable", make(checkins=breakeven)) == (NOT_MET, "profit_not_positive")
    just = series(3, revenue=[1_000_000, 2_000_000, 3_000_001], costs=2_000_000)
    result = judge("profitable", make(checkins=just))
    assert (result.status, result.params) == (MET, {"mean_profit": "0.33", "checkins": 3})


def test_profitable_uses_only_the_last_three_check_ins():
    old_loss = series(4, revenue=[0, 3_000_000, 3_000_000, 3_000_000], costs=[90_000_000, 0, 0, 0])
    assert status_reason("profitable", make(checkins=old_loss)) == (MET, "profit_positive")


def test_profit_is_revenue_minus_costs_not_other_income():
    loss = series(3, revenue=1_000_000, costs=1_500_000, other=5_000_000)
    assert status_reason("profitable", make(checkins=loss)) == (NOT_MET, "profit_not_positive")


# -- criterion 3: stable or growing ---------------------------------------------------

def test_stable_needs_six_check_ins():
    assert judge("stable", make(checkins=series(5))).params == {"have": 5, "need": 6}
    assert status_reason("stable", make(checkins=series(5))) == (UNKNOWN, "too_few_checkins")


def test_stable_at_exactly_95_percent_is_met_and_just_below_is_not():
    exactly = series(6, revenue=[100] * 3 + [95] * 3, costs=0)
    result = judge("stable", make(checkins=exactly))
    assert (result.status, result.reason) == (MET, "revenue_stable")
    assert result.params["change_percent"] == "-5.0"
    below = series(6, revenue=[100, 100, 100, 95, 95, 94], costs=0)
    assert status_reason("stable", make(checkins=below)) == (NOT_MET, "revenue_falling")


def test_stable_compares_the_last_three_with_the_three_before():
    # a fall long ago does not matter
    recovered = series(7, revenue=[9_000_000, 1, 1, 1, 1, 1, 1], costs=0)
    assert status_reason("stable", make(checkins=recovered)) == (MET, "revenue_stable")


def test_stable_from_zero_revenue_is_met():
    from_zero = series(6, revenue=[0, 0, 0, 0, 0, 0], costs=0)
    result = judge("stable", make(checkins=from_zero))
    assert (result.status, result.params["change_percent"]) == (MET, None)


# -- criterion 4: practices ----------------------------------------------------------

@pytest.mark.parametrize("score, status, reason", [
    (5, MET, "practices_enough"), (8, MET, "practices_enough"),
    (4, NOT_MET, "practices_too_few"), (0, NOT_MET, "practices_too_few")])
def test_practices_threshold(score, status, reason):
    rows = series(2, practices=[8, score])  # the latest counts, not the best
    result = judge("practices", make(checkins=rows))
    assert (result.status, result.reason) == (status, reason)
    assert result.params["score"] == score and result.params["max"] == 8


def test_practices_without_check_ins_is_unknown():
    assert status_reason("practices", make(checkins=())) == (UNKNOWN, "no_checkins")


# -- criterion 5: records and separation ---------------------------------------------

@pytest.mark.parametrize("records, separates, status, reason", [
    (True, True, MET, "records_and_separation"),
    (True, False, NOT_MET, "money_not_separated"),
    (False, True, NOT_MET, "no_records"),
    (False, False, NOT_MET, "no_records_no_separation")])
def test_records_and_separation(records, separates, status, reason):
    rows = series(2, records=[True, records], separates=[True, separates])
    assert status_reason("records", make(checkins=rows)) == (status, reason)


def test_records_without_check_ins_is_unknown():
    assert status_reason("records", make(checkins=())) == (UNKNOWN, "no_checkins")


# -- criterion 6: saving -------------------------------------------------------------

def test_saving_compares_with_three_check_ins_earlier():
    equal = series(4, savings=[500_000, 1, 1, 500_000])
    result = judge("saving", make(checkins=equal))
    assert (result.status, result.reason) == (MET, "savings_kept")
    assert result.params["earlier_month"] == "2025-02-01"
    fell = series(4, savings=[500_000, 9_000_000, 9_000_000, 499_999])
    assert status_reason("saving", make(checkins=fell)) == (NOT_MET, "savings_fell")
    # older than 3 check-ins earlier does not matter
    older = series(5, savings=[9_000_000, 500_000, 1, 1, 500_000])
    assert status_reason("saving", make(checkins=older)) == (MET, "savings_kept")


def test_saving_without_savings_is_not_met_even_with_few_check_ins():
    assert status_reason("saving", make(checkins=series(1, savings=0))) == (NOT_MET, "no_savings")


def test_saving_with_fewer_than_four_check_ins_is_unknown():
    result = judge("saving", make(checkins=series(3)))
    assert (result.status, result.reason, result.params) == (
        UNKNOWN, "too_few_checkins", {"have": 3, "need": 4})
    assert status_reason("saving", make(checkins=())) == (UNKNOWN, "too_few_checkins")


# -- criterion 7: repays on time -----------------------------------------------------

def test_repays_without_a_loan_is_unknown():
    assert status_reason("repays", make(loans=())) == (UNKNOWN, "no_loan")


def test_repays_at_exactly_90_percent_is_met():
    dues = monthly_dues(10)
    nine_of_ten = loan(*(paid(d) for d in dues[:9]), paid(dues[9], days_late=4))
    result = judge("repays", make(loans=[nine_of_ten]))
    assert (result.status, result.reason) == (MET, "repays_on_time")
    assert (result.params["on_time"], result.params["due"], result.params["share_percent"]) == (
        9, 10, "90.0")
    eight_of_nine = loan(*(paid(d) for d in dues[:8]), paid(dues[8], days_late=4))
    result = judge("repays", make(loans=[eight_of_nine]))
    assert (result.status, result.reason, result.params["share_percent"]) == (
        NOT_MET, "late_instalments", "88.9")


def test_repays_grace_is_three_days():
    due = date(2025, 5, 5)
    assert judge("repays", make(loans=[loan(paid(due, 3))])).params["on_time"] == 1
    assert judge("repays", make(loans=[loan(paid(due, 4))])).params["on_time"] == 0


def test_an_unpaid_instalment_counts_once_its_grace_is_over():
    due = AS_OF - timedelta(days=3)  # due + 3 == as_of: may still be paid on time
    assert status_reason("repays", make(loans=[loan(unpaid(due))])) == (UNKNOWN, "nothing_due_yet")
    due = AS_OF - timedelta(days=4)
    result = judge("repays", make(loans=[loan(unpaid(due), dpd=4)]))
    assert (result.status, result.reason, result.params["due"]) == (NOT_MET, "late_instalments", 1)


def test_instalments_paid_early_count_and_payments_after_as_of_do_not():
    ahead = loan(paid(date(2025, 7, 5), days_late=-30))  # due later, already paid
    result = judge("repays", make(loans=[ahead]))
    assert (result.status, result.params["on_time"], result.params["due"]) == (MET, 1, 1)
    later = loan(InstallmentInput(date(2025, 5, 5), date(2025, 6, 20)), dpd=41)
    result = judge("repays", make(loans=[later]))
    assert (result.status, result.reason, result.params["on_time"]) == (
        NOT_MET, "late_and_overdue", 0)


def test_repays_days_past_due_limit_is_seven():
    on_time = [paid(d) for d in monthly_dues(10)]
    assert status_reason("repays", make(loans=[loan(*on_time, dpd=7)])) == (MET, "repays_on_time")
    assert status_reason("repays", make(loans=[loan(*on_time, dpd=8)])) == (NOT_MET, "overdue")


def test_repays_takes_days_past_due_from_active_loans_and_history_from_all():
    closed = loan(*(unpaid(d) for d in monthly_dues(3, date(2024, 5, 5))), dpd=400, active=False)
    current = loan(*(paid(d) for d in monthly_dues(10)))
    result = judge("repays", make(loans=[closed, current]))
    assert (result.status, result.reason) == (NOT_MET, "late_instalments")
    assert (result.params["on_time"], result.params["due"], result.params["days_past_due"]) == (10, 13, 0)


def test_repays_overdue_with_nothing_counted_is_not_met():
    inconsistent = loan(unpaid(AS_OF), dpd=30)
    assert status_reason("repays", make(loans=[inconsistent])) == (NOT_MET, "overdue")


# -- criterion 8: debt burden --------------------------------------------------------

def test_debt_at_exactly_30_percent_is_met():
    # capacity: profit 1.000.000 + other income 500.000 = 1.500.000; 30 % = 450.000
    result = judge("debt", make(loans=[loan(paid(date(2025, 5, 5)), monthly=450_000)]))
    assert (result.status, result.reason) == (MET, "burden_ok")
    assert (result.params["capacity"], result.params["share_percent"]) == ("1500000.00", "30.0")
    over = judge("debt", make(loans=[loan(paid(date(2025, 5, 5)), monthly=450_001)]))
    assert (over.status, over.reason) == (NOT_MET, "burden_high")


def test_debt_adds_the_active_loans_only():
    two = [loan(monthly=200_000), loan(monthly=250_001), loan(monthly=9_000_000, active=False)]
    result = judge("debt", make(loans=two))
    assert (result.status, result.params["monthly_installment"]) == (NOT_MET, "450001.00")


def test_debt_without_capacity_is_not_met():
    broke = series(3, revenue=0, costs=100, other=0)
    result = judge("debt", make(checkins=broke))
    assert (result.status, result.reason, result.params["share_percent"]) == (
        NOT_MET, "no_capacity", None)


def test_debt_unknown_cases():
    assert status_reason("debt", make(loans=())) == (UNKNOWN, "no_active_loan")
    assert status_reason("debt", make(loans=[loan(active=False)])) == (UNKNOWN, "no_active_loan")
    assert status_reason("debt", make(checkins=series(2))) == (UNKNOWN, "too_few_checkins")


# -- criterion 9: engaged ------------------------------------------------------------

def test_engaged_windows_are_rolling_30_days():
    edges = (AS_OF, AS_OF - timedelta(days=30), AS_OF - timedelta(days=60))
    assert status_reason("engaged", make(sessions=edges)) == (MET, "engaged")
    # as_of - 90 falls outside (as_of - 90, as_of - 60]
    gap = (AS_OF - timedelta(days=29), AS_OF - timedelta(days=59), AS_OF - timedelta(days=90))
    result = judge("engaged", make(sessions=gap))
    assert (result.status, result.reason, result.params["months_with_session"]) == (
        NOT_MET, "missed_sessions", 2)


def test_engaged_ignores_sessions_after_as_of_and_counts_a_window_once():
    sessions = (AS_OF + timedelta(days=1), AS_OF, AS_OF - timedelta(days=1),
                AS_OF - timedelta(days=40))
    assert judge("engaged", make(sessions=sessions)).params["months_with_session"] == 2


def test_engaged_action_share_edges():
    past = date(2025, 5, 1)
    seven_of_ten = [done(past)] * 7 + [open_item(past)] * 3
    assert status_reason("engaged", make(actions=seven_of_ten)) == (MET, "engaged")
    six_of_ten = [done(past)] * 6 + [open_item(past)] * 4
    result = judge("engaged", make(actions=six_of_ten))
    assert (result.status, result.reason, result.params["done_percent"]) == (
        NOT_MET, "actions_not_done", "60.0")


def test_engaged_counts_action_items_due_so_far():
    dropped = ActionInput(date(2025, 5, 1), "dropped", date(2025, 5, 2))
    due_today = open_item(AS_OF)
    early = done(date(2025, 9, 1), on=date(2025, 6, 1))
    completed_later = done(date(2025, 5, 1), on=date(2025, 6, 20))
    result = judge("engaged", make(actions=[dropped, due_today, early, completed_later]))
    assert (result.params["actions_done"], result.params["actions_due"]) == (1, 2)


def test_engaged_without_action_items_is_judged_on_sessions():
    assert status_reason("engaged", make(actions=())) == (MET, "engaged")
    assert status_reason("engaged", make(actions=(), sessions=())) == (NOT_MET, "missed_sessions")


def test_engaged_both_failing():
    result = judge("engaged", make(sessions=(), actions=[open_item(date(2025, 5, 1))]))
    assert (result.status, result.reason) == (NOT_MET, "missed_sessions_and_actions")


def test_engaged_is_unknown_before_three_months():
    result = judge("engaged", make(months=2, sessions=()))
    assert (result.status, result.reason, result.params) == (
        UNKNOWN, "too_new", {"months_in_programme": 2, "need": 3})
    assert status_reason("engaged", make(months=3)) == (MET, "engaged")


# -- score and bands -----------------------------------------------------------------

def results(*pairs) -> tuple[CriterionResult, ...]:
    """Criterion results from (weight, status) pairs."""
    return tuple(CriterionResult(number=i, code=f"c{i}", status=status, weight=weight,
                                 reason="r", params={})
                 for i, (weight, status) in enumerate(pairs, start=1))


def test_score_is_met_over_known_and_ignores_unknown():
    assert score_of(results((15, MET), (15, NOT_MET), (20, UNKNOWN))) == (D("50.0"), 30, 15)
    assert score_of(results((10, MET), (20, MET), (30, NOT_MET))) == (D("50.0"), 60, 30)
    assert score_of(results((15, UNKNOWN))) == (None, 0, 0)


def test_score_rounds_half_even_to_one_decimal():
    assert score_of(results((1, MET), (399, NOT_MET)))[0] == D("0.2")  # 0.25
    assert score_of(results((3, MET), (397, NOT_MET)))[0] == D("0.8")  # 0.75
    assert score_of(results((2, MET), (1, NOT_MET)))[0] == D("66.7")


@pytest.mark.parametrize("score, band", [
    ("100", "mandiri"), ("75.0", "mandiri"), ("74.9", "berkembang"), ("50.0", "berkembang"),
    ("49.9", "rentan"), ("0.0", "rentan")])
def test_band_thresholds(score, band):
    assert band_for(D(score), 100) == band


def test_data_kurang_below_50_known_weight_points():
    assert band_for(D("100.0"), 49) == "data_kurang"
    assert band_for(D("100.0"), 50) == "mandiri"
    assert band_for(None, 0) == "data_kurang"


def test_band_follows_the_rounded_score():
    # 74.95 rounds (HALF_EVEN) to 75.0, shown as 75.0, so the band is mandiri
    score, known, _ = score_of(results((1499, MET), (501, NOT_MET)))
    assert score == D("75.0") and band_for(score, known) == "mandiri"


def test_a_new_trainee_has_insufficient_data():
    result = assess(make(checkins=series(1), loans=(), sessions=(), actions=(), months=1), as_of=AS_OF)
    assert result.weights_known == 35  # operating 15 + practices 10 + records 10
    assert (result.score, result.band) == (D("100.0"), "data_kurang")
    assert not result.ready_to_graduate


def test_nothing_known_has_no_score():
    result = assess(Inputs((), (), (), (), 0), as_of=AS_OF)
    assert (result.score, result.band, result.weights_known) == (None, "data_kurang", 0)
    assert all(c.status == UNKNOWN for c in result.criteria)


# -- acceptance (issue 5) ------------------------------------------------------------

def test_acceptance_falling_profit_missed_instalments_no_sessions_is_rentan():
    # costs 2.000.000 a month; profit 1.200.000, 1.100.000, then falling for 4 months
    revenue = [3_200_000, 3_100_000, 2_600_000, 2_200_000, 1_800_000, 1_500_000]
    checkins = series(6, revenue=revenue, costs=2_000_000)
    dues = monthly_dues(10)
    missed_two = loan(*(paid(d) for d in dues[:8]), unpaid(dues[8]), unpaid(dues[9]),
                      dpd=(AS_OF - dues[8]).days)
    result = assess(make(checkins=checkins, loans=[missed_two], sessions=()), as_of=AS_OF)

    assert result.band == "rentan"
    failing = {c.code: c.reason for c in result.criteria if c.status == NOT_MET}
    assert failing["profitable"] == "profit_not_positive"
    assert failing["stable"] == "revenue_falling"
    assert failing["repays"] == "late_and_overdue"
    assert failing["engaged"] == "missed_sessions"
    repays = result.criterion("repays").params
    assert (repays["on_time"], repays["due"], repays["days_past_due"]) == (8, 10, 71)
    assert result.criterion("profitable").params["mean_profit"] == "-166666.67"
    assert result.score < 50
    assert not result.ready_to_graduate
    assert {"band_not_mandiri", "profitable_not_met", "repays_not_met"} <= set(result.graduation_blockers)


def test_acceptance_strong_data_is_mandiri_and_ready_after_12_months():
    ready = assess(make(months=12), as_of=AS_OF)
    assert (ready.band, ready.ready_to_graduate, ready.graduation_blockers) == ("mandiri", True, ())

    early = assess(make(months=11), as_of=AS_OF)
    assert early.band == "mandiri"
    assert (early.ready_to_graduate, early.graduation_blockers) == (False, ("too_early",))


# -- graduation ----------------------------------------------------------------------

def test_never_borrowed_may_graduate():
    result = assess(make(loans=()), as_of=AS_OF)
    assert result.criterion("repays").status == UNKNOWN
    assert (result.band, result.ready_to_graduate) == ("mandiri", True)


def test_a_loan_with_nothing_due_yet_blocks_graduation():
    fresh = loan(unpaid(date(2025, 7, 5)))
    result = assess(make(loans=[fresh]), as_of=AS_OF)
    assert result.band == "mandiri"
    assert result.graduation_blockers == ("repays_unknown",)


def test_operating_profitable_and_repays_must_be_met_even_when_mandiri():
    # unprofitable (15 points lost) is still mandiri at 85, but blocks graduation
    loss = series(12, revenue=1_000_000, costs=1_100_000, other=2_000_000)
    result = assess(make(checkins=loss), as_of=AS_OF)
    assert (result.band, result.score) == ("mandiri", D("85.0"))
    assert result.graduation_blockers == ("profitable_not_met",)

    stale = assess(make(), as_of=date(2025, 8, 15))  # last check-in May: 76 days
    assert stale.criterion("operating").reason == "no_recent_checkin"
    assert "operating_not_met" in stale.graduation_blockers


def test_blockers_follow_the_published_order():
    result = assess(Inputs((), (loan(unpaid(date(2025, 9, 1))),), (), (), 3), as_of=AS_OF)
    assert result.graduation_blockers == ("band_not_mandiri", "operating_unknown",
                                          "profitable_unknown", "repays_unknown", "too_early")
    assert set(result.graduation_blockers) <= set(BLOCKER_CODES)


# -- thresholds ----------------------------------------------------------------------

def test_overrides_change_the_method():
    t = Thresholds.from_overrides({"graduate_months": 6, "weights": {"repays": 30, "9": 0},
                                   "debt_ratio": 0.35, "on_time_share": "0.8"})
    assert t.graduate_months == 6 and t.debt_ratio == D("0.35") and t.on_time_share == D("0.8")
    assert t.weights == (15, 15, 10, 10, 10, 10, 30, 5, 0)
    assert assess(make(months=6), as_of=AS_OF, thresholds=t).ready_to_graduate
    assert Thresholds.from_overrides({}) == DEFAULT_THRESHOLDS
    assert Thresholds.from_overrides(None) == DEFAULT_THRESHOLDS


def test_thresholds_round_trip_through_json():
    t = Thresholds.from_overrides({"weights": [1, 2, 3, 4, 5, 6, 7, 8, 9], "stable_ratio": "0.9"})
    assert Thresholds.from_overrides(json.loads(json.dumps(t.to_dict()))) == t


@pytest.mark.parametrize("overrides, error", [
    ({"operating_dayz": 30}, ValueError),
    ({"weights": [1, 2, 3]}, ValueError),
    ({"weights": {"nonsense": 3}}, ValueError),
    ({"weights": {"repays": -1}}, ValueError),
    ({"weights": [0] * 9}, ValueError),
    ({"weights": {"repays": 2.5}}, TypeError),
    ({"practices_min": 9}, ValueError),
    ({"operating_days": "60"}, TypeError),
    ({"max_days_past_due": True}, TypeError),
    ({"on_time_share": "1.5"}, ValueError),
    ({"debt_ratio": "lots"}, ValueError),
    ({"berkembang_min": 80}, ValueError),
    ({"mandiri_min": 101}, ValueError),
    ({"engaged_months": 0}, ValueError),
])
def test_invalid_overrides_are_refused(overrides, error):
    with pytest.raises(error):
        Thresholds.from_overrides(overrides)


# -- serialisation and changes -------------------------------------------------------

def test_to_dict_is_json_and_round_trips():
    result = assess(make(), as_of=AS_OF)
    data = json.loads(json.dumps(to_dict(result)))
    assert data["score"] == "100.0" and data["as_of"] == "2025-06-15"
    assert from_dict(data) == result
    assert from_dict({**data, "thresholds": DEFAULT_THRESHOLDS.to_dict()}) == result


def test_digest_is_canonical():
    inputs = make()
    digest = inputs_digest(inputs)
    assert len(digest) == 64 and int(digest, 16) >= 0
    reordered = replace(inputs, checkins=inputs.checkins[::-1],
                        session_dates=inputs.session_dates[::-1])
    assert inputs_digest(reordered) == digest
    rescaled = replace(inputs, checkins=tuple(
        replace(c, revenue=c.revenue.quantize(D("0.01"))) for c in inputs.checkins))
    assert inputs_digest(rescaled) == digest
    changed = replace(inputs, months_in_programme=13)
    assert inputs_digest(changed) != digest
    paid_later = replace(inputs, loans=(loan(paid(date(2025, 5, 5), 1)),))
    assert inputs_digest(paid_later) != inputs_digest(replace(inputs, loans=(loan(paid(date(2025, 5, 5))),)))


def test_digest_can_cover_the_thresholds():
    inputs = make()
    plain = inputs_digest(inputs)
    assert inputs_digest(inputs, thresholds=DEFAULT_THRESHOLDS) != plain
    other = Thresholds.from_overrides({"graduate_months": 6})
    assert inputs_digest(inputs, thresholds=other) != inputs_digest(inputs, thresholds=DEFAULT_THRESHOLDS)


def test_changes_lists_band_score_and_criteria():
    before = assess(make(), as_of=AS_OF)
    after = assess(make(sessions=(), loans=()), as_of=AS_OF)
    assert changes(None, after) == []
    assert changes(before, before) == []
    # known 75 (repays and debt unknown), met 70: 93.3, still mandiri
    assert changes(before, after) == [
        Change("score", None, "100.0", "93.3", D("-6.7")),
        Change("criterion", "repays", MET, UNKNOWN),
        Change("criterion", "debt", MET, UNKNOWN),
        Change("criterion", "engaged", MET, NOT_MET),
    ]
    weak = assess(make(checkins=series(3, revenue=0, costs=1), loans=(), sessions=()), as_of=AS_OF)
    listed = changes(before, weak)
    assert listed[0] == Change("band", None, "mandiri", weak.band) and weak.band != "mandiri"
    assert listed[1].kind == "score" and listed[1].delta == weak.score - before.score
    number = {code: n for n, code in CRITERIA.items()}
    codes = [c.code for c in listed[2:]]
    assert codes == sorted(codes, key=number.get) and all(c.kind == "criterion" for c in listed[2:])


def test_changes_with_a_missing_score_or_criterion():
    empty = assess(Inputs((), (), (), (), 0), as_of=AS_OF)
    full = assess(make(), as_of=AS_OF)
    listed = changes(empty, full)
    assert listed[:2] == [Change("band", None, "data_kurang", "mandiri"),
                          Change("score", None, None, "100.0", None)]
    fewer = replace(full, criteria=full.criteria[:-1])
    assert changes(full, fewer)[-1] == Change("criterion", "engaged", MET, None)


# -- properties ----------------------------------------------------------------------

MONTHS = [date(y, m, 1) for y in (2023, 2024, 2025) for m in range(1, 13)]
money = st.integers(0, 20_000_000).map(D)


@st.composite
def checkins_st(draw):
    return CheckinInput(month=draw(st.sampled_from(MONTHS)), revenue=draw(money),
                        costs=draw(money), other_income=draw(money), savings=draw(money),
                        practices_score=draw(st.integers(0, 8)), keeps_records=draw(st.booleans()),
                        separates_money=draw(st.booleans()))


@st.composite
def installments_st(draw):
    due = draw(st.dates(date(2023, 1, 1), date(2025, 12, 31)))
    late = draw(st.none() | st.integers(-40, 90))
    return InstallmentInput(due, None if late is None else due + timedelta(days=late))


loans_st = st.builds(LoanInput, installments=st.lists(installments_st(), max_size=12).map(tuple),
                     days_past_due=st.integers(0, 200), monthly_installment=money,
                     active=st.booleans())


@st.composite
def actions_st(draw):
    status = draw(st.sampled_from(["open", "done", "dropped"]))
    due = draw(st.dates(date(2024, 6, 1), date(2025, 12, 31)))
    completed = None if status == "open" else draw(st.dates(date(2024, 6, 1), date(2025, 12, 31)))
    return ActionInput(due, status, completed)


inputs_st = st.builds(
    Inputs,
    checkins=st.lists(checkins_st(), max_size=14).map(tuple),
    loans=st.lists(loans_st, max_size=3).map(tuple),
    session_dates=st.lists(st.dates(date(2025, 1, 1), date(2025, 9, 30)), max_size=8).map(tuple),
    actions=st.lists(actions_st(), max_size=8).map(tuple),
    months_in_programme=st.integers(0, 40),
)
as_of_st = st.dates(date(2025, 1, 1), date(2025, 8, 31))


@settings(max_examples=300, deadline=None)
@given(inputs_st, as_of_st)
def test_assessment_is_well_formed(inputs, as_of):
    result = assess(inputs, as_of=as_of)
    assert [(c.number, c.code) for c in result.criteria] == list(CRITERIA.items())
    for c in result.criteria:
        assert c.status in STATUSES
        assert c.reason in REASON_CODES[c.code]
        assert c.weight == DEFAULT_THRESHOLDS.weight(c.number)
    assert result.weights_known == sum(c.weight for c in result.criteria if c.status != UNKNOWN)
    assert result.weights_met == sum(c.weight for c in result.criteria if c.status == MET)
    if result.score is None:
        assert result.weights_known == 0
    else:
        assert D(0) <= result.score <= D(100)
        assert result.score == result.score.quantize(D("0.1"))
    assert result.band in BANDS
    assert (result.band == "data_kurang") == (result.weights_known < 50)
    assert result.band == band_for(result.score, result.weights_known)
    assert result.ready_to_graduate == (not result.graduation_blockers)
    assert set(result.graduation_blockers) <= set(BLOCKER_CODES)
    if result.ready_to_graduate:
        assert result.band == "mandiri" and inputs.months_in_programme >= 12
        assert {result.criterion("operating").status, result.criterion("profitable").status} == {MET}
    # JSON-able and round trips exactly
    assert from_dict(json.loads(json.dumps(to_dict(result)))) == result


@settings(max_examples=200, deadline=None)
@given(inputs_st, as_of_st)
def test_assessment_and_digest_ignore_input_order(inputs, as_of):
    shuffled = Inputs(inputs.checkins[::-1],
                      tuple(replace(loan_, installments=loan_.installments[::-1])
                            for loan_ in inputs.loans[::-1]),
                      inputs.session_dates[::-1], inputs.actions[::-1],
                      inputs.months_in_programme)
    assert inputs_digest(shuffled) == inputs_digest(inputs)
    # check-ins of the same month: the later one wins, so only distinct months commute
    if len({c.month for c in inputs.checkins}) == len(inputs.checkins):
        assert assess(shuffled, as_of=as_of) == assess(inputs, as_of=as_of)


weights_st = st.integers(0, 30)
statuses_st = st.lists(st.tuples(weights_st, st.sampled_from(STATUSES)), min_size=1, max_size=9)


@settings(max_examples=500, deadline=None)
@given(statuses_st, st.data())
def test_meeting_one_more_criterion_never_lowers_the_score(pairs, data):
    index = data.draw(st.sampled_from([i for i, (_, s) in enumerate(pairs)]))
    before = score_of(results(*pairs))[0]
    improved = list(pairs)
    improved[index] = (pairs[index][0], MET)
    after = score_of(results(*improved))[0]
    if before is not None and after is not None:
        assert after >= before
    if before is not None:
        assert after is not None


@settings(max_examples=500, deadline=None)
@given(statuses_st, st.data())
def test_unknown_never_counts_as_failure(pairs, data):
    """A criterion that is unknown instead of not met never lowers the score, and an
    assessment whose known criteria are all met scores 100 however much is unknown."""
    failing = [i for i, (_, s) in enumerate(pairs) if s == NOT_MET]
    if failing:
        index = data.draw(st.sampled_from(failing))
        as_unknown = list(pairs)
        as_unknown[index] = (pairs[index][0], UNKNOWN)
        before, after = score_of(results(*pairs))[0], score_of(results(*as_unknown))[0]
        assert after is None or after >= before
    no_failures = [(w, UNKNOWN if s == NOT_MET else s) for w, s in pairs]
    score = score_of(results(*no_failures))[0]
    assert score is None or score == D("100.0")


@settings(max_examples=200, deadline=None)
@given(inputs_st, as_of_st)
def test_strong_engagement_never_lowers_the_assessment(inputs, as_of):
    """Through assess: adding a session in every window (criterion 9 can only improve)
    never lowers the score."""
    sessions = inputs.session_dates + tuple(as_of - timedelta(days=30 * k) for k in range(3))
    before = assess(inputs, as_of=as_of)
    after = assess(replace(inputs, session_dates=sessions), as_of=as_of)
    if before.score is not None:
        assert after.score is not None and after.score >= before.score


# -- criteria_text -------------------------------------------------------------------

def _every_reason() -> list[CriterionResult]:
    """One real result (from assess) for every (criterion, reason) pair REASON_CODES
    lists; fails if a pair cannot be found among these scenarios."""
    dues = monthly_dues(10)
    scenarios = [
        make(),
        make(checkins=(), loans=(), months=1),
        make(checkins=series(2, revenue=0, costs=0, savings=0, practices=2, records=False,
                             separates=False), loans=[loan(unpaid(date(2025, 9, 5)))]),
        make(checkins=series(6, revenue=[9, 9, 9, 1, 1, 1], costs=5, records=[True] * 6,
                             separates=False, savings=[9, 9, 9, 5, 5, 5]),
             loans=[loan(*(paid(d, 9) for d in dues), monthly=1_000_000)],
             sessions=(), actions=[open_item(date(2025, 5, 1))]),
        make(checkins=series(6, records=False, separates=True, revenue=0, costs=1, other=0),
             loans=[loan(*(paid(d) for d in dues), dpd=30)], actions=[open_item(date(2025, 5, 1))]),
        make(checkins=series(6, revenue=0, costs=1, other=0),
             loans=[loan(*(paid(d) for d in dues[:5]), *(unpaid(d) for d in dues[5:]), dpd=40)]),
        make(loans=[loan(active=False)], sessions=()),
        make(checkins=series(3, last=date(2025, 1, 1)), months=2),
    ]
    found = {}
    for inputs in scenarios:
        for c in assess(inputs, as_of=AS_OF).criteria:
            found.setdefault((c.code, c.reason), c)
    expected = {(code, reason) for code, reasons in REASON_CODES.items() for reason in reasons}
    assert expected - set(found) == set(), "scenarios do not reach every reason"
    assert set(found) <= expected
    return [found[pair] for pair in sorted(expected)]


@pytest.mark.parametrize("locale", ["en", "id"])
def test_every_reason_code_has_a_sentence(app, locale):
    from flask_babel import force_locale

    from reports import criteria_text as text

    with app.test_request_context(), force_locale(locale):
        for result in _every_reason():
            sentence = text.reason_text(result)
            assert sentence and "No explanation available" not in sentence, result
            assert "%(" not in sentence and "%%" not in sentence, sentence
            assert text.reason_text(to_dict_criterion(result)) == sentence  # stored form too
            assert text.criterion_title(result.code) != result.code
        for status in STATUSES:
            assert text.status_label(status) != status
        for code in BLOCKER_CODES:
            assert text.blocker_text(code) != code


def to_dict_criterion(result: CriterionResult) -> dict:
    return json.loads(json.dumps({"number": result.number, "code": result.code,
                                  "status": result.status, "weight": result.weight,
                                  "reason": result.reason, "params": result.params}))


def test_texts_carry_the_figures_in_english(app):
    from flask_babel import force_locale

    from reports import criteria_text as text

    with app.test_request_context(), force_locale("en"):
        assert [text.band_label(b) for b in BANDS] == [
            "Mandiri (sustainable)", "Berkembang (developing)", "Rentan (at risk)",
            "Data kurang (insufficient data)"]
        result = assess(make(loans=[loan(*(paid(d) for d in monthly_dues(10)), monthly=450_000)]),
                        as_of=AS_OF)
        assert text.reason_text(result.criterion("debt")) == (
            "The monthly instalment of Rp 450.000 is 30% of the mean monthly profit and other "
            "income of Rp 1.500.000 (at most 30%).")
        assert text.reason_text(result.criterion("operating")) == (
            "Revenue of Rp 3.000.000 recorded for May 2025.")
        assert text.blocker_text("too_early") == "Has been in the programme for less than 12 months."
        before = assess(make(sessions=()), as_of=AS_OF)
        assert [text.change_text(c) for c in changes(before, result)] == [
            "Score changed from 95 to 100 (+5).", "Engaged in mentoring: Not met → Met."]
        assert text.change_text(Change("band", None, "rentan", "berkembang")) == (
            "Band changed from Rentan (at risk) to Berkembang (developing).")
        assert text.change_text(Change("score", None, None, "62.5")) == (
            "Score is now 62.5 (no score before).")
