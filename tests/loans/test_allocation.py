"""loans.allocation: pure unit and property tests (no app, no database)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loans.allocation import InstallmentDue, Parts, Payment, PenaltyRule, allocate

D = Decimal


def dues(*rows, start=date(2026, 2, 10)):
    """rows of (principal, interest[, fee]); monthly-ish due dates 30 days apart."""
    return [
        InstallmentDue(number=n, due_on=start + timedelta(days=30 * (n - 1)), principal=D(r[0]),
                       interest=D(r[1]), fee=D(r[2]) if len(r) > 2 else D(0))
        for n, r in enumerate(rows, start=1)
    ]


def pay(id_, on, amount):
    return Payment(id=id_, paid_on=on, amount=D(amount))


SCHEDULE = dues((900, 100, 50), (910, 90), (920, 80))  # totals 1050, 1000, 1000
FIRST_DUE = date(2026, 2, 10)


def test_partial_payment_goes_fee_then_interest_then_principal():
    result = allocate(SCHEDULE, [pay(1, FIRST_DUE, 400)], as_of=FIRST_DUE)
    assert result.payments[1] == Parts(fee=D(50), interest=D(100), principal=D(250))
    first = result.installments[0]
    assert (first.fee_paid, first.interest_paid, first.principal_paid) == (D(50), D(100), D(250))
    assert first.paid_on is None and first.outstanding == D(650)
    assert all(s.total_paid == 0 for s in result.installments[1:])


def test_penalty_is_paid_before_fee_interest_and_principal():
    rule = PenaltyRule(amount=D(25), after_days=3)
    late = FIRST_DUE + timedelta(days=4)
    result = allocate(SCHEDULE, [pay(1, late, 60)], as_of=late, penalty=rule)
    assert result.payments[1] == Parts(penalty=D(25), fee=D(35))
    assert result.installments[0].penalty_due == D(25)


def test_oldest_instalment_is_settled_before_the_next():
    late = FIRST_DUE + timedelta(days=31)  # instalments 1 and 2 are both due
    result = allocate(SCHEDULE, [pay(1, late, 1100)], as_of=late)
    one, two, three = result.installments
    assert one.outstanding == 0 and one.paid_on == late
    # the 50 left goes to instalment 2's interest first
    assert (two.interest_paid, two.principal_paid) == (D(50), D(0))
    assert result.payments[1] == Parts(fee=D(50), interest=D(150), principal=D(900))


def test_paying_more_than_due_prepays_following_instalments_in_order():
    result = allocate(SCHEDULE, [pay(1, FIRST_DUE, 1500)], as_of=FIRST_DUE)
    one, two, three = result.installments
    assert one.outstanding == 0
    # 450 more: instalment 2's interest (90) then 360 of its principal; 3 untouched
    assert (two.interest_paid, two.principal_paid) == (D(90), D(360))
    assert three.total_paid == 0
    assert result.excess == 0


def test_paying_everything_settles_and_the_rest_is_excess():
    result = allocate(SCHEDULE, [pay(1, FIRST_DUE, 3000), pay(2, FIRST_DUE, 100)], as_of=FIRST_DUE)
    assert result.is_settled and result.outstanding == 0
    assert result.payments[1].excess == D(0) and result.payments[1].total == D(3000)
    assert result.payments[2] == Parts(principal=D(50), excess=D(50))
    assert result.excess == D(50)
    assert [s.paid_on for s in result.installments] == [FIRST_DUE, FIRST_DUE, FIRST_DUE]


def test_paid_on_is_the_date_of_the_payment_that_completed_the_instalment():
    a, b = FIRST_DUE, FIRST_DUE + timedelta(days=5)
    result = allocate(SCHEDULE, [pay(1, a, 1000), pay(2, b, 60)], as_of=b)
    assert result.installments[0].paid_on == b
    assert result.installments[1].paid_on is None


def test_a_back_dated_payment_takes_its_place_and_reallocates():
    rule = PenaltyRule(amount=D(25), after_days=0)
    late = FIRST_DUE + timedelta(days=10)
    alone = allocate(SCHEDULE, [pay(1, late, 1075)], as_of=late, penalty=rule)
    assert alone.payments[1] == Parts(penalty=D(25), fee=D(50), interest=D(100), principal=D(900))
    # a payment on the due date is recorded afterwards (back-dated): no penalty any more,
    # and the later payment now pays instalment 2 in advance
    both = allocate(SCHEDULE, [pay(2, FIRST_DUE, 1050), pay(1, late, 1075)], as_of=late, penalty=rule)
    assert both.payments[2] == Parts(fee=D(50), interest=D(100), principal=D(900))
    assert both.payments[1] == Parts(interest=D(90 + 75), principal=D(910))
    assert both.installments[0].penalty_due == 0
    assert both.installments[1].outstanding == 0
    assert both.installments[2].interest_paid == D(75)
    assert sum((p.total for p in both.payments.values()), D(0)) == D(2125)


def test_removing_a_payment_recomputes_as_if_it_never_happened():
    """A reversal is re-running the allocation without the reversed payment."""
    payments = [pay(1, FIRST_DUE, 500), pay(2, FIRST_DUE + timedelta(days=1), 700)]
    full = allocate(SCHEDULE, payments, as_of=FIRST_DUE + timedelta(days=1))
    without_first = allocate(SCHEDULE, payments[1:], as_of=FIRST_DUE + timedelta(days=1))
    assert full.payments[2] == Parts(interest=D(90), principal=D(550 + 60))
    assert full.installments[0].outstanding == 0
    assert without_first.payments[2] == Parts(fee=D(50), interest=D(100), principal=D(550))
    assert without_first.installments[0].outstanding == D(350)
    assert 1 not in without_first.payments


def test_penalty_only_after_more_than_n_days_late_and_only_once():
    rule = PenaltyRule(amount=D(25), after_days=3)
    on_limit = FIRST_DUE + timedelta(days=3)
    result = allocate(SCHEDULE, [pay(1, on_limit, 10)], as_of=on_limit, penalty=rule)
    assert result.installments[0].penalty_due == 0  # paid on due + 3: not more than 3 days late
    day_after = on_limit + timedelta(days=1)
    result = allocate(SCHEDULE, [pay(1, on_limit, 10), pay(2, day_after, 10), pay(3, day_after + timedelta(days=40), 10)],
                      as_of=day_after + timedelta(days=40), penalty=rule)
    one, two, three = result.installments
    assert one.penalty_due == D(25)  # once, however many payments later
    assert two.penalty_due == D(25)  # instalment 2 also became more than 3 days late
    assert three.penalty_due == 0  # not due yet
    assert result.payments[2] == Parts(penalty=D(10))


def test_penalty_is_charged_as_of_the_evaluation_date_without_payments():
    rule = PenaltyRule(amount=D(25), after_days=0)
    assert allocate(SCHEDULE, [], as_of=FIRST_DUE, penalty=rule).installments[0].penalty_due == 0
    charged = allocate(SCHEDULE, [], as_of=FIRST_DUE + timedelta(days=1), penalty=rule)
    assert [s.penalty_due for s in charged.installments] == [D(25), 0, 0]


def test_an_instalment_paid_on_time_is_never_penalised():
    rule = PenaltyRule(amount=D(25), after_days=0)
    as_of = FIRST_DUE + timedelta(days=45)
    result = allocate(SCHEDULE, [pay(1, FIRST_DUE, 1050)], as_of=as_of, penalty=rule)
    assert result.installments[0].penalty_due == 0 and result.installments[0].paid_on == FIRST_DUE
    assert result.installments[1].penalty_due == D(25)  # due 30 days later, unpaid


def test_invalid_input_is_refused():
    with pytest.raises(ValueError, match="after as_of"):
        allocate(SCHEDULE, [pay(1, FIRST_DUE, 10)], as_of=FIRST_DUE - timedelta(days=1))
    with pytest.raises(ValueError, match="positive"):
        allocate(SCHEDULE, [pay(1, FIRST_DUE, 0)], as_of=FIRST_DUE)
    with pytest.raises(ValueError, match="ordered"):
        allocate(SCHEDULE, [pay(1, FIRST_DUE, 1), pay(2, FIRST_DUE - timedelta(days=1), 1)], as_of=FIRST_DUE)
    with pytest.raises(TypeError):
        allocate(SCHEDULE, [Payment(id=1, paid_on=FIRST_DUE, amount=10.0)], as_of=FIRST_DUE)


def test_an_instalment_with_nothing_due_is_settled_with_the_one_before():
    rows = dues((0, 0), (500, 0), (0, 0))  # e.g. grace at 0 %, then a repaid-early tail
    result = allocate(rows, [pay(1, FIRST_DUE + timedelta(days=30), 500)], as_of=FIRST_DUE + timedelta(days=30))
    assert result.is_settled
    paid = FIRST_DUE + timedelta(days=30)
    assert [s.paid_on for s in result.installments] == [None, paid, paid]


amounts = st.integers(min_value=0, max_value=2_000_000).map(Decimal)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(amounts, st.integers(0, 200_000).map(Decimal), st.integers(0, 50_000).map(Decimal)),
                  min_size=1, max_size=12),
    payments=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 3_000_000)), max_size=15),
    penalty=st.one_of(st.none(), st.builds(PenaltyRule, amount=st.integers(1, 50_000).map(Decimal),
                                           after_days=st.integers(0, 10))),
)
def test_allocation_is_exact(rows, payments, penalty):
    schedule = dues(*rows)
    ordered = sorted(payments, key=lambda p: p[0])
    pays = [pay(i, FIRST_DUE + timedelta(days=d), a) for i, (d, a) in enumerate(ordered)]
    result = allocate(schedule, pays, as_of=FIRST_DUE + timedelta(days=500), penalty=penalty)
    # every payment's parts sum exactly to it, none negative
    for p in pays:
        parts = result.payments[p.id]
        assert parts.total == p.amount
        assert min(parts.penalty, parts.fee, parts.interest, parts.principal, parts.excess) >= 0
    paid_in = sum((p.amount for p in pays), Decimal(0))
    allocated = sum((s.total_paid for s in result.installments), Decimal(0))
    assert allocated + result.excess == paid_in
    for s in result.installments:
        assert 0 <= s.principal_paid <= s.principal_due and 0 <= s.interest_paid <= s.interest_due
        assert 0 <= s.fee_paid <= s.fee_due and 0 <= s.penalty_paid <= s.penalty_due
        assert (s.paid_on is not None) == (s.outstanding == 0) or s.total_due == 0
    # excess only once everything is settled; older instalments are settled first
    assert result.excess == 0 or result.is_settled
    partly = [s.number for s in result.installments if 0 < s.total_paid < s.total_due]
    assert len(partly) <= 1
    if partly:
        assert all(s.outstanding == 0 for s in result.installments if s.number < partly[0] and s.total_due > 0)
