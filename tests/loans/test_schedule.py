"""loans.schedule: reference schedules, dates, arrears, rates, and properties (hypothesis)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings, strategies as st

from loans.schedule import (
    Installment,
    ageing_bucket,
    build_schedule,
    days_past_due,
    due_date,
    effective_annual_rate,
    total_cost_of_credit,
)


def fineract_loan(**overrides):
    """Apache Fineract's reference loan: 5000 at 12 % a year, 18 monthly instalments."""
    args = dict(principal=D(5000), annual_rate=D(12), periods=18, frequency="monthly",
                method="declining", digits=2, multiple=D(1))
    return build_schedule(**{**args, **overrides})


# -- reference cases (Apache Fineract's own tests) ----------------------------------

def test_declining_equal_installments_matches_fineract_reference():
    schedule = fineract_loan()

    assert len(schedule) == 18
    assert [i.number for i in schedule] == list(range(1, 19))
    # the annuity 304.91 rounded to a multiple of 1 currency unit
    assert all(i.total == D("305.00") for i in schedule[:-1])
    assert [i.principal for i in schedule[:3]] == [D("255.00"), D("257.55"), D("260.13")]
    assert [i.interest for i in schedule[:3]] == [D("50.00"), D("47.45"), D("44.87")]
    assert schedule[-1].principal == D("300.22")
    assert schedule[-1].interest == D("3.00")
    assert schedule[-1].total == D("303.22")
    assert sum(i.interest for i in schedule) == D("488.22")
    assert sum(i.principal for i in schedule) == D("5000.00")


def test_declining_equal_installments_full_table_is_stable():
    # the rows Fineract's test does not list, pinned so a change in rounding shows up
    interest = ["50.00", "47.45", "44.87", "42.27", "39.65", "36.99", "34.31", "31.61",
                "28.87", "26.11", "23.32", "20.50", "17.66", "14.79", "11.88", "8.95",
                "5.99", "3.00"]
    assert [i.interest for i in fineract_loan()] == [D(x) for x in interest]


def test_amounts_carry_the_currency_decimal_places():
    for installment in fineract_loan():
        for amount in (installment.principal, installment.interest, installment.total):
            assert amount.as_tuple().exponent == -2


def test_flat_matches_fineract_reference():
    schedule = fineract_loan(method="flat")

    assert all(i.interest == D("50.00") for i in schedule)
    assert all(i.total == D("328.00") and i.principal == D("278.00") for i in schedule[:-1])
    assert schedule[-1].principal == D("274.00")
    assert schedule[-1].total == D("324.00")
    assert sum(i.principal for i in schedule) == D("5000")
    assert sum(i.interest for i in schedule) == D("900")


def test_flat_amortization_choice_gives_the_same_schedule():
    assert fineract_loan(method="flat") == fineract_loan(
        method="flat", amortization="equal_principal")


# -- rupiah: no decimals, instalments in multiples of Rp 100 ------------------------

def test_rupiah_flat_weekly_in_multiples_of_100():
    schedule = build_schedule(principal=D(5_000_000), annual_rate=D(24), periods=25,
                              frequency="weekly", method="flat", digits=0,
                              multiple=D(100))

    # 5,000,000 x 24 % / 52 = 23,076.92 -> 23,077; 200,000 + 23,077 -> 223,100
    assert all(i.interest == D(23_077) for i in schedule)
    assert all(i.total == D(223_100) and i.principal == D(200_023) for i in schedule[:-1])
    assert all(i.total % 100 == 0 for i in schedule[:-1])
    assert schedule[-1].principal == D(199_448)
    assert schedule[-1].total == D(222_525)  # the last instalment is not rounded
    assert sum(i.principal for i in schedule) == D(5_000_000)
    assert sum(i.total for i in schedule) == D(5_000_000) + 25 * D(23_077)
    assert all(a.as_tuple().exponent == 0 for i in schedule
               for a in (i.principal, i.interest, i.total))


def test_rupiah_declining_annuity_in_multiples_of_100():
    schedule = build_schedule(principal=D(3_000_000), annual_rate=D(30), periods=12,
                              frequency="monthly", method="declining", digits=0,
                              multiple=D(100))

    # annuity of 3,000,000 at 2.5 % a month over 12 = 292,461.8 -> 292,500
    assert {i.total for i in schedule[:-1]} == {D(292_500)}
    assert schedule[0].interest == D(75_000)
    assert sum(i.principal for i in schedule) == D(3_000_000)


# -- grace periods and equal principal ----------------------------------------------

def test_grace_periods_pay_interest_only_then_annuity_over_the_rest():
    schedule = fineract_loan(grace_periods=3)

    for grace in schedule[:3]:
        assert grace.principal == 0
        assert grace.interest == D("50.00")
        assert grace.total == D("50.00")
    # annuity of 5000 at 1 % over the 15 remaining periods = 360.59 -> 361
    assert {i.total for i in schedule[3:-1]} == {D("361.00")}
    assert schedule[3].principal == D("311.00")
    assert sum(i.principal for i in schedule) == D(5000)


def test_flat_grace_spreads_principal_over_periods_after_grace():
    schedule = build_schedule(principal=D(1_200_000), annual_rate=D(12), periods=12,
                              frequency="monthly", method="flat", grace_periods=2,
                              multiple=D(100))

    assert [i.principal for i in schedule[:2]] == [0, 0]
    assert all(i.interest == D(12_000) for i in schedule)
    assert {i.total for i in schedule[2:]} == {D(132_000)}  # 1.2M / 10 + 12,000
    assert sum(i.principal for i in schedule) == D(1_200_000)


def test_equal_principal_declining_interest():
    schedule = build_schedule(principal=D(1200), annual_rate=D(12), periods=12,
                              frequency="monthly", method="declining",
                              amortization="equal_principal", digits=2,
                              multiple=D("0.01"))

    assert {i.principal for i in schedule} == {D(100)}
    assert [i.interest for i in schedule] == [D(12 - k) for k in range(12)]
    assert [i.total for i in schedule] == [D(112 - k) for k in range(12)]


def test_equal_principal_with_uneven_division_and_grace():
    schedule = build_schedule(principal=D(1000), annual_rate=D(18), periods=4,
                              frequency="monthly", method="declining",
                              amortization="equal_principal", grace_periods=1,
                              digits=2, multiple=D("0.01"))

    assert [i.principal for i in schedule] == [D(0), D("333.33"), D("333.33"), D("333.34")]
    # 1.5 % of the balance before each payment
    assert [i.interest for i in schedule] == [D("15.00"), D("15.00"), D("10.00"), D("5.00")]


def test_equal_principal_total_is_rounded_to_the_multiple():
    schedule = build_schedule(principal=D(1_000_000), annual_rate=D(20), periods=6,
                              frequency="monthly", method="declining",
                              amortization="equal_principal", multiple=D(500))

    assert all(i.total % 500 == 0 for i in schedule[:-1])
    assert sum(i.principal for i in schedule) == D(1_000_000)


def test_zero_rate_splits_the_principal():
    schedule = build_schedule(principal=D(1000), annual_rate=D(0), periods=3,
                              frequency="monthly", method="declining", digits=2)

    assert [i.total for i in schedule] == [D(333), D(333), D(334)]
    assert all(i.interest == 0 for i in schedule)


def test_single_period_loan_repays_everything_at_once():
    [only] = build_schedule(principal=D(1000), annual_rate=D(12), periods=1,
                            frequency="monthly", method="declining")
    assert (only.principal, only.interest, only.total) == (D(1000), D(10), D(1010))


# -- clamping: rounding to a large multiple ------------------------------------------

def test_instalment_rounded_below_its_interest_pays_interest_only():
    # 10 % a month on 150: annuity 22.01 rounds to 0 (multiple 100), below the interest 15
    schedule = build_schedule(principal=D(150), annual_rate=D(120), periods=12,
                              frequency="monthly", method="declining", multiple=D(100))

    for installment in schedule[:-1]:
        assert installment.principal == 0
        assert installment.total == installment.interest == D(15)
    assert schedule[-1].principal == D(150)
    assert schedule[-1].total == D(165)


def test_instalment_rounded_up_repays_early_and_later_periods_are_empty():
    # 1000 at 0 % over 12: 83.33 rounds to 100, so the balance is gone after 10 periods
    schedule = build_schedule(principal=D(1000), annual_rate=D(0), periods=12,
                              frequency="monthly", method="declining", multiple=D(100))

    assert [i.principal for i in schedule] == [D(100)] * 10 + [D(0), D(0)]
    assert [i.total for i in schedule[10:]] == [D(0), D(0)]


def test_early_repayment_under_flat_still_charges_flat_interest():
    # 83.33 + 10 = 93.33 rounds up to 150: principal 140 a period, 1000 repaid in period 8
    schedule = build_schedule(principal=D(1000), annual_rate=D(12), periods=12,
                              frequency="monthly", method="flat", multiple=D(150))
    assert [i.principal for i in schedule] == [D(140)] * 7 + [D(20)] + [D(0)] * 4
    assert all(i.interest == D(10) for i in schedule)
    assert [i.total for i in schedule[7:]] == [D(30)] + [D(10)] * 4


def test_flat_instalment_rounded_below_its_interest_pays_interest_only():
    # 93.33 rounds down to 0 (0.47 of 200): interest only, all principal at the end
    schedule = build_schedule(principal=D(1000), annual_rate=D(12), periods=12,
                              frequency="monthly", method="flat", multiple=D(200))
    assert [i.principal for i in schedule] == [D(0)] * 11 + [D(1000)]
    assert all(i.interest == D(10) for i in schedule)


@pytest.mark.parametrize("principal, periods, multiple, principals", [
    # 75 rounds down to 0 (0.375 of 200): nothing until the last instalment
    (300, 4, 200, [0, 0, 0, 300]),
    # 175 rounds up to 200: the last instalment takes the 100 left
    (700, 4, 200, [200, 200, 200, 100]),
    # 166.67 rounds up to 300: the second pays only the 200 left, the third nothing
    (500, 3, 300, [300, 200, 0]),
])
def test_principal_is_clamped_between_zero_and_the_balance_left(
        principal, periods, multiple, principals):
    schedule = build_schedule(principal=D(principal), annual_rate=D(0), periods=periods,
                              frequency="weekly", method="declining", multiple=D(multiple))
    assert [i.principal for i in schedule] == [D(p) for p in principals]


# -- due dates -------------------------------------------------------------------------

def due_dates(start, frequency, periods=4):
    return [i.due_on for i in build_schedule(principal=D(1000), annual_rate=D(12),
                                             periods=periods, frequency=frequency,
                                             method="flat", start=start)]


def test_no_start_means_no_due_dates():
    assert all(i.due_on is None for i in fineract_loan())


def test_monthly_from_31_january_clamps_to_month_end_in_a_leap_year():
    assert due_dates(date(2024, 1, 31), "monthly") == [
        date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)]


def test_monthly_from_31_january_clamps_to_month_end_in_a_common_year():
    assert due_dates(date(2023, 1, 31), "monthly") == [
        date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)]


def test_monthly_crosses_the_year_and_keeps_the_start_day():
    assert due_dates(date(2023, 11, 30), "monthly") == [
        date(2023, 12, 30), date(2024, 1, 30), date(2024, 2, 29), date(2024, 3, 30)]
    assert due_date(date(2024, 2, 29), frequency="monthly", number=12) == date(2025, 2, 28)
    assert due_date(date(2024, 1, 31), frequency="monthly", number=13) == date(2025, 2, 28)
    assert due_date(date(2023, 1, 31), frequency="monthly", number=13) == date(2024, 2, 29)


def test_weekly_and_biweekly_due_dates():
    assert due_dates(date(2026, 12, 24), "weekly") == [
        date(2026, 12, 31), date(2027, 1, 7), date(2027, 1, 14), date(2027, 1, 21)]
    assert due_dates(date(2024, 2, 15), "biweekly") == [
        date(2024, 2, 29), date(2024, 3, 14), date(2024, 3, 28), date(2024, 4, 11)]


# -- validation ------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, message", [
    (dict(principal=D(0)), "principal must be positive"),
    (dict(principal=D(-1)), "principal must be positive"),
    (dict(annual_rate=D("-0.01")), "annual_rate must not be negative"),
    (dict(periods=0), "periods must be at least 1"),
    (dict(grace_periods=18), r"grace_periods \(18\) must be fewer than periods \(18\)"),
    (dict(grace_periods=-1), "grace_periods must not be negative"),
    (dict(frequency="daily"), "unknown frequency 'daily'"),
    (dict(method="balloon"), "unknown method 'balloon'"),
    (dict(amortization="bullet"), "unknown amortization 'bullet'"),
    (dict(multiple=D(0)), "multiple must be positive"),
    (dict(multiple=D(-100)), "multiple must be positive"),
    (dict(multiple=D("0.001")), "smallest unit"),
    (dict(digits=0, multiple=D("0.5")), "smallest unit"),
    (dict(digits=-1), "digits must not be negative"),
    (dict(principal=D("NaN")), "finite"),
])
def test_invalid_arguments_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        fineract_loan(**overrides)


def test_float_amounts_are_refused():
    with pytest.raises(TypeError, match="principal must be a Decimal"):
        fineract_loan(principal=5000.0)
    with pytest.raises(TypeError, match="periods must be an int"):
        fineract_loan(periods=18.0)


def test_int_amounts_are_accepted():
    assert fineract_loan(principal=5000, annual_rate=12) == fineract_loan()


# -- days past due and ageing ------------------------------------------------------------

@pytest.fixture
def monthly_schedule():
    # 3,000,000 flat at 1 % a month: 1,030,000 due 31 Jan, 29 Feb, 31 Mar 2024
    return build_schedule(principal=D(3_000_000), annual_rate=D(12), periods=3,
                          frequency="monthly", method="flat", start=date(2023, 12, 31))


def test_nothing_overdue_before_the_first_due_date(monthly_schedule):
    assert days_past_due(monthly_schedule, {}, date(2024, 1, 30)) == 0


def test_an_instalment_due_today_is_not_overdue(monthly_schedule):
    assert days_past_due(monthly_schedule, {}, date(2024, 1, 31)) == 0


def test_unpaid_instalment_counts_from_its_due_date(monthly_schedule):
    assert days_past_due(monthly_schedule, {}, date(2024, 2, 1)) == 1
    # still counted from the oldest unpaid one once the next one is also due
    assert days_past_due(monthly_schedule, {}, date(2024, 3, 1)) == 30


def test_partial_payment_leaves_the_instalment_overdue(monthly_schedule):
    paid = {1: D(1_029_999)}
    assert days_past_due(monthly_schedule, paid, date(2024, 2, 10)) == 10


def test_paid_in_full_moves_to_the_next_instalment(monthly_schedule):
    paid = {1: D(1_030_000), 2: D(500_000)}
    assert days_past_due(monthly_schedule, paid, date(2024, 2, 29)) == 0
    assert days_past_due(monthly_schedule, paid, date(2024, 3, 10)) == 10


def test_all_paid_is_never_overdue(monthly_schedule):
    paid = {i.number: i.total for i in monthly_schedule}
    assert days_past_due(monthly_schedule, paid, date(2030, 1, 1)) == 0


def test_days_past_due_needs_due_dates():
    with pytest.raises(ValueError, match="no due date"):
        days_past_due(fineract_loan(), {}, date(2024, 1, 1))


@pytest.mark.parametrize("days, bucket", [
    (0, "current"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"),
    (61, "61-90"), (90, "61-90"), (91, "91-180"), (180, "91-180"), (181, "over-180"),
    (10_000, "over-180"),
])
def test_ageing_bucket_edges(days, bucket):
    assert ageing_bucket(days) == bucket


def test_ageing_bucket_refuses_negative_days():
    with pytest.raises(ValueError):
        ageing_bucket(-1)


# -- effective annual rate and cost of credit ------------------------------------------------

def test_zero_interest_zero_fee_costs_nothing():
    schedule = build_schedule(principal=D(1000), annual_rate=D(0), periods=3,
                              frequency="monthly", method="declining", digits=2)
    assert effective_annual_rate(D(1000), schedule, frequency="monthly") == D("0.00")
    assert total_cost_of_credit(D(1000), schedule) == 0


def test_nominal_12_percent_monthly_annuity_is_12_68_effective():
    schedule = build_schedule(principal=D(1000), annual_rate=D(12), periods=12,
                              frequency="monthly", method="declining", digits=2,
                              multiple=D("0.01"))
    assert effective_annual_rate(D(1000), schedule, frequency="monthly") == D("12.68")


def test_fee_deducted_at_disbursement_raises_the_effective_rate():
    schedule = fineract_loan(method="flat")
    without_fee = effective_annual_rate(D(5000), schedule, frequency="monthly")
    with_fee = effective_annual_rate(D(4900), schedule, frequency="monthly")
    assert with_fee > without_fee > D(12)
    assert total_cost_of_credit(D(5000), schedule, fees=D(100)) == D(1000)


def test_effective_rate_is_annualised_by_frequency():
    # 1 % a week compounds to 1.01 ** 52 - 1 = 67.77 %
    flows = [Installment(1, None, D(1000), D(10), D(1010))]
    assert effective_annual_rate(D(1000), flows, frequency="weekly") == D("67.77")
    assert effective_annual_rate(D(1000), flows, frequency="biweekly") == D("29.53")


def test_repaying_less_than_disbursed_gives_a_negative_rate():
    flows = [Installment(1, None, D(990), D(0), D(990))]
    # 0.99 ** 12 - 1
    assert effective_annual_rate(D(1000), flows, frequency="monthly") == D("-11.36")


def test_effective_rate_refuses_nonsense():
    with pytest.raises(ValueError):
        effective_annual_rate(D(0), fineract_loan(), frequency="monthly")
    with pytest.raises(ValueError):
        effective_annual_rate(D(1000), [], frequency="monthly")
    with pytest.raises(ValueError):
        effective_annual_rate(D(1000), fineract_loan(), frequency="daily")


def test_total_cost_of_credit_is_total_interest_without_fees():
    schedule = fineract_loan()
    assert total_cost_of_credit(D(5000), schedule) == D("488.22")


# -- properties ----------------------------------------------------------------------

@st.composite
def loans(draw):
    digits = draw(st.integers(0, 2))
    unit = D(1).scaleb(-digits)
    periods = draw(st.integers(1, 60))
    return dict(
        principal=draw(st.integers(1, 10**9)) * unit,
        annual_rate=draw(st.integers(0, 10_000)) * D("0.01"),  # 0 to 100 % a year
        periods=periods,
        grace_periods=draw(st.integers(0, periods - 1)),
        frequency=draw(st.sampled_from(["weekly", "biweekly", "monthly"])),
        method=draw(st.sampled_from(["flat", "declining"])),
        amortization=draw(st.sampled_from(["equal_installments", "equal_principal"])),
        digits=digits,
        multiple=draw(st.sampled_from([1, 5, 10, 50, 100, 1000, 10_000])) * unit,
    )


@settings(max_examples=300, deadline=None)
@given(loans())
def test_schedule_invariants(loan):
    schedule = build_schedule(**loan)

    assert [i.number for i in schedule] == list(range(1, loan["periods"] + 1))
    assert sum(i.principal for i in schedule) == loan["principal"]
    balance = loan["principal"]
    for installment in schedule:
        assert installment.principal >= 0
        assert installment.interest >= 0
        assert installment.total == installment.principal + installment.interest
        for amount in (installment.principal, installment.interest, installment.total):
            assert amount.as_tuple().exponent == -loan["digits"]
        balance -= installment.principal
        assert balance >= 0
        if installment.number <= loan["grace_periods"]:
            assert installment.principal == 0
    assert balance == 0


@settings(max_examples=300, deadline=None)
@given(loans())
def test_level_instalments_are_equal_unless_clamped(loan):
    """Every instalment after grace and before the last has the same total, a multiple of
    ``multiple`` -- except where clamping happened: an instalment rounded below its
    interest (principal 0, total = interest) or one that reaches a zero balance early
    (and, after it, the empty or interest-only periods). Under a flat rate the choice of
    amortization does not matter, so flat loans are checked whatever was drawn."""
    assume(loan["method"] == "flat" or loan["amortization"] == "equal_installments")
    schedule = build_schedule(**loan)
    balance = loan["principal"]
    level_totals = set()
    for installment in schedule[loan["grace_periods"]:-1]:
        before, balance = balance, balance - installment.principal
        if installment.principal == 0 and installment.total == installment.interest:
            continue  # clamped low, or the balance is already repaid
        if balance == 0:
            assert installment.principal == before  # clamped high: pays what was left
            continue
        level_totals.add(installment.total)
    assert len(level_totals) <= 1
    assert all(total % loan["multiple"] == 0 for total in level_totals)


@settings(max_examples=300, deadline=None)
@given(loans())
def test_equal_principal_parts_differ_only_by_rounding_to_the_multiple(loan):
    loan = {**loan, "method": "declining", "amortization": "equal_principal"}
    schedule = build_schedule(**loan)
    unit = D(1).scaleb(-loan["digits"])
    target = (loan["principal"] / (loan["periods"] - loan["grace_periods"])).quantize(unit)
    balance = loan["principal"]
    for installment in schedule[loan["grace_periods"]:-1]:
        before, balance = balance, balance - installment.principal
        if balance == 0 or installment.principal == 0:
            continue  # clamped
        assert installment.total % loan["multiple"] == 0
        assert abs(installment.principal - target) <= loan["multiple"] / 2
        assert installment.principal <= before


@settings(max_examples=300, deadline=None)
@given(loans(), st.integers(1, 10**6))
def test_effective_rate_rises_with_fees_and_cost_matches_interest(loan, fee_units):
    loan = {**loan, "periods": min(loan["periods"], 24),
            "grace_periods": min(loan["grace_periods"], min(loan["periods"], 24) - 1)}
    schedule = build_schedule(**loan)
    principal = loan["principal"]
    interest = sum(i.interest for i in schedule)
    assert total_cost_of_credit(principal, schedule) == interest
    fee = min(fee_units * D(1).scaleb(-loan["digits"]), principal / 2)
    assert total_cost_of_credit(principal, schedule, fees=fee) == interest + fee
    plain = effective_annual_rate(principal, schedule, frequency=loan["frequency"])
    assert plain >= 0
    if interest == 0:
        assert plain == 0
    with_fee = effective_annual_rate(principal - fee, schedule, frequency=loan["frequency"])
    assert with_fee >= plain
