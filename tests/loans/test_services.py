"""Loan services: products, funding, applications (four-eyes, capacity), disclosure,
disbursement, repayments (allocation, idempotency, excess, reversal), write-off and
recovery, balances, visibility. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from accounts.models import AuditEvent, Role
from extensions import db
from loans import schedule, services
from loans.models import Loan, LoanApplication, LoanInstallment, LoanTransaction
from loans.services import (
    ApplicationData,
    FourEyesViolation,
    InsufficientFunds,
    InvalidTransition,
    LoanError,
    ProductData,
    ValidationFailed,
)

D = Decimal
TODAY = date(2026, 11, 27)
DISBURSED = date(2026, 1, 10)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def product_data(**overrides) -> ProductData:
    values = dict(
        name="Modal Warung", description="Pinjaman modal kerja", min_amount=D(1_000_000),
        max_amount=D(25_000_000), min_term=3, max_term=24, frequency="monthly", method="declining",
        amortization="equal_installments", annual_rate=D(12), max_grace_periods=2,
        rounding_multiple=D(100), fee_type="none", fee_value=D(0), fee_timing="deducted",
    )
    values.update(overrides)
    return ProductData(**values)


def post(loan, amount, *, on=TODAY, key=None, actor=None, factory=None, **kwargs):
    actor = actor or factory.user(Role.OFFICER)
    txn, created = services.post_repayment(
        loan, actor=actor, on=on, amount=D(amount), method="cash",
        idempotency_key=key or f"k-{next(_keys)}", today=kwargs.pop("today", TODAY), **kwargs)
    db.session.commit()
    return txn, created


_keys = iter(range(10**9))


# --- Products and funding sources -----------------------------------------------------


def test_create_product_is_audited_with_its_actor(factory):
    admin = factory.admin
    product = services.create_product(product_data(), actor=admin)
    db.session.commit()
    assert product.id and product.annual_rate == D(12) and product.rounding_multiple == D(100)
    [event] = events("loan_product.created")
    assert event.actor_id == admin.id and event.entity_id == str(product.id)


@pytest.mark.parametrize("overrides, field, words", [
    (dict(min_amount=D(5_000_000), max_amount=D(1_000_000)), "max_amount", "not be below"),
    (dict(min_amount=D("1000000.50")), "min_amount", "whole rupiah"),
    (dict(min_term=12, max_term=6), "max_term", "not be shorter"),
    (dict(annual_rate=D(-1)), "annual_rate", "between 0 and 100"),
    (dict(max_grace_periods=3), "max_grace_periods", "fewer than the shortest term"),
    (dict(fee_type="flat", fee_value=D(1_000_000)), "fee_value", "less than the smallest amount"),
    (dict(fee_type="percent", fee_value=D(100)), "fee_value", "below 100"),
    (dict(penalty_amount=D(10_000)), "penalty_amount", "both"),
    (dict(frequency="daily"), "frequency", "frequency"),
    (dict(name="  "), "name", "required"),
])
def test_product_validation_messages(factory, overrides, field, words):
    with pytest.raises(ValidationFailed) as err:
        services.create_product(product_data(**overrides), actor=factory.admin)
    assert words in err.value.errors[field]


def test_product_name_is_unique(factory):
    services.create_product(product_data(), actor=factory.admin)
    with pytest.raises(ValidationFailed) as err:
        services.create_product(product_data(), actor=factory.admin)
    assert "already has this name" in err.value.errors["name"]


def test_product_in_use_keeps_its_financial_terms_but_ranges_stay_editable(factory):
    product = factory.product()
    services.update_product(product, product_data(name=product.name, annual_rate=D(18)), actor=factory.admin)
    assert product.annual_rate == D(18)  # not in use yet: any change is fine
    data = product_data(name=product.name, annual_rate=D(18))
    factory.application(product=product)
    assert services.product_in_use(product)
    for change in (dict(annual_rate=D(12)), dict(rounding_multiple=D(1000)),
                   dict(fee_type="flat", fee_value=D(50_000)), dict(penalty_amount=D(5000), penalty_after_days=3)):
        with pytest.raises(ValidationFailed) as err:
            services.update_product(product, replace(data, **change), actor=factory.admin)
        assert all("cannot change" in message for message in err.value.errors.values())
    services.update_product(product, replace(data, max_amount=D(30_000_000), is_active=False),
                            actor=factory.admin)
    db.session.commit()
    assert product.max_amount == D(30_000_000) and product.is_active is False
    assert [D(v) for v in events("loan_product.updated")[-1].details["changes"]["max_amount"]] == \
        [D(25_000_000), D(30_000_000)]


def test_funding_available_revolves_with_repaid_principal(factory):
    source = factory.funding_source(committed=D(20_000_000))
    assert services.funding_available(source) == D(20_000_000)
    loan = factory.loan(funding_source=source)
    assert services.funding_available(source) == D(15_000_000)
    txn, _ = post(loan, 1_000_000, factory=factory)
    assert txn.principal_part > 0
    assert services.funding_available(source) == D(15_000_000) + txn.principal_part
    services.reverse_transaction(txn, actor=factory.admin, reason="salah input", now=NOW)
    db.session.commit()
    assert services.funding_available(source) == D(15_000_000)


def test_commitment_cannot_drop_below_what_is_lent_out(factory):
    source = factory.funding_source(committed=D(20_000_000))
    factory.loan(funding_source=source)
    with pytest.raises(ValidationFailed) as err:
        services.update_funding_source(source, name=source.name, kind="csr", partner_name="PT Mitra",
                                       committed=D(4_000_000), is_active=True, actor=factory.admin)
    assert "Rp 5.000.000" in err.value.errors["committed"]
    services.update_funding_source(source, name=source.name, kind="csr", partner_name="PT Mitra",
                                   committed=D(5_000_000), is_active=True, actor=factory.admin)
    assert services.funding_available(source) == 0


# --- Applications ---------------------------------------------------------------------


def app_data(trainee, product, **overrides) -> ApplicationData:
    values = dict(trainee_id=trainee.id, product_id=product.id, amount=D(5_000_000), term=12,
                  purpose="Modal kerja", business_plan="Menambah stok.", monthly_revenue=D(10_000_000),
                  monthly_costs=D(5_000_000), household_expenses=D(2_000_000), other_installments=D(0))
    values.update(overrides)
    return ApplicationData(**values)


@pytest.mark.parametrize("overrides, field, words", [
    (dict(amount=D(500_000)), "amount", "between Rp 1.000.000 and Rp 25.000.000"),
    (dict(amount=D(30_000_000)), "amount", "between Rp 1.000.000 and Rp 25.000.000"),
    (dict(term=36), "term", "between 3 and 24 instalments"),
    (dict(grace_periods=3), "grace_periods", "at most 2 grace"),
    (dict(trainee_id=999_999), "trainee_id", "registered trainee"),
    (dict(purpose=""), "purpose", "required"),
    (dict(monthly_costs=D(-1)), "monthly_costs", "zero or more"),
])
def test_application_is_checked_against_the_product(factory, overrides, field, words):
    trainee, product = factory.trainee(), factory.product()
    with pytest.raises(ValidationFailed) as err:
        services.submit_application(app_data(trainee, product, **overrides), actor=factory.admin, on=TODAY)
    assert words in err.value.errors[field]
    assert count(LoanApplication) == 0


def test_inactive_product_is_refused(factory):
    product = factory.product(is_active=False)
    with pytest.raises(ValidationFailed) as err:
        services.submit_application(app_data(factory.trainee(), product), actor=factory.admin, on=TODAY)
    assert "active loan product" in err.value.errors["product_id"]


def test_application_copies_the_product_terms_and_computes_capacity(factory):
    product = factory.product(fee_type="percent", fee_value=D("2.5"), penalty_amount=D(10_000), penalty_after_days=3)
    application = factory.application(product=product)
    for name in services.TERM_COLUMNS:
        assert getattr(application, name) == getattr(product, name), name
    # 5,000,000 at 1 % a month over 12: annuity 444,243.94 -> Rp 444,200 (multiple 100);
    # net income 10 M - 5 M - 2 M = 3 M; 444,200 / 3,000,000 = 14.8066.. % -> 14.81
    assert services.monthly_equivalent_installment(application) == D(444_200)
    assert application.capacity_ratio == D("14.81") and application.is_flagged is False
    [event] = events("loan_application.submitted")
    assert event.details["capacity_ratio"] == "14.81"


def test_weekly_instalment_is_converted_to_a_monthly_equivalent_and_flagged(factory):
    product = factory.product(frequency="weekly", method="flat", min_term=10, max_term=50,
                              annual_rate=D(26), min_amount=D(2_000_000))
    # flat: 2,600,000 / 26 = 100,000 + 2,600,000 * 26 % / 52 = 13,000 -> 113,000 a week;
    # x 52 / 12 = 489,666.67 -> 489,667 a month; / (2,000,000 net) = 24.48 %
    application = services.submit_application(
        app_data(factory.trainee(), product, amount=D(2_600_000), term=26, household_expenses=D(3_000_000)),
        actor=factory.admin, on=TODAY, capacity_threshold=D(20))
    assert services.monthly_equivalent_installment(application) == D(489_667)
    assert application.capacity_ratio == D("24.48") and application.is_flagged is True
    data = app_data(factory.trainee(), product, amount=D(2_600_000), term=26, household_expenses=D(3_000_000))
    assert services.capacity(data, threshold=D(25)) == services.Capacity(D(489_667), D(2_000_000), D("24.48"), False)


def test_no_net_income_is_flagged_without_a_ratio(factory):
    application = factory.application(household_expenses=D(5_000_000))  # 10 - 5 - 5 = 0
    assert application.capacity_ratio is None and application.is_flagged is True


def test_one_open_application_per_trainee(factory):
    trainee, product = factory.trainee(), factory.product()
    first = factory.application(trainee=trainee, product=product)
    with pytest.raises(ValidationFailed) as err:
        services.submit_application(app_data(trainee, product), actor=factory.admin, on=TODAY)
    assert f"open application (no. {first.id})" in err.value.errors["trainee_id"]
    services.reject_application(first, actor=factory.user(Role.OFFICER), on=TODAY, reason="Usaha belum jalan")
    db.session.commit()
    assert services.submit_application(app_data(trainee, product), actor=factory.admin, on=TODAY).id


def test_database_refuses_a_second_open_application(factory, monkeypatch):
    trainee, product = factory.trainee(), factory.product()
    factory.application(trainee=trainee, product=product)
    # the service check is bypassed (as by a concurrent request): the partial unique
    # index refuses, and the service turns that into a message
    monkeypatch.setattr(services, "open_application", lambda trainee_id: None)
    with pytest.raises(ValidationFailed) as err:
        services.submit_application(app_data(trainee, product), actor=factory.admin, on=TODAY)
    assert "already has an open application" in err.value.errors["trainee_id"]
    db.session.rollback()
    assert count(LoanApplication) == 1


def test_officer_cannot_approve_own_application(factory):
    officer = factory.user(Role.OFFICER)
    application = factory.application(actor=officer)
    with pytest.raises(FourEyesViolation):
        services.approve_application(application, actor=officer, on=TODAY)
    assert application.status == "submitted"
    second = factory.user(Role.OFFICER)
    services.approve_application(application, actor=second, on=TODAY)
    db.session.commit()
    assert (application.status, application.decided_by_id, application.decided_on) == ("approved", second.id, TODAY)
    [event] = events("loan_application.approved")
    assert event.actor_id == second.id and event.entity_id == str(application.id)


def test_flagged_application_needs_a_justification(factory):
    application = factory.application(other_installments=D(2_500_000))  # net 500,000: 88.84 %
    assert application.is_flagged and application.capacity_ratio == D("88.84")
    approver = factory.user(Role.OFFICER)
    for blank in (None, "", "   "):
        with pytest.raises(ValidationFailed) as err:
            services.approve_application(application, actor=approver, on=TODAY, justification=blank)
        assert "flagged" in err.value.errors["justification"]
    services.approve_application(application, actor=approver, on=TODAY, justification=" Suami ikut membayar ")
    assert application.status == "approved" and application.decision_note == "Suami ikut membayar"


def test_transitions_follow_the_state_machine(factory):
    officer = factory.user(Role.OFFICER)
    application = factory.application()
    with pytest.raises(ValidationFailed):
        services.reject_application(application, actor=officer, on=TODAY, reason=" ")
    with pytest.raises(InvalidTransition):
        services.cancel_application(application, actor=officer, on=TODAY, reason="x")
    services.withdraw_application(application, actor=officer, on=TODAY)
    for action in (lambda: services.approve_application(application, actor=officer, on=TODAY),
                   lambda: services.reject_application(application, actor=officer, on=TODAY, reason="x"),
                   lambda: services.withdraw_application(application, actor=officer, on=TODAY)):
        with pytest.raises(InvalidTransition) as err:
            action()
        assert "submitted" in str(err.value)

    approved = factory.application(approve=True)
    with pytest.raises(InvalidTransition):
        services.reject_application(approved, actor=officer, on=TODAY, reason="x")
    with pytest.raises(InvalidTransition):
        services.withdraw_application(approved, actor=officer, on=TODAY)
    with pytest.raises(ValidationFailed):
        services.cancel_application(approved, actor=officer, on=TODAY, reason="")
    services.cancel_application(approved, actor=officer, on=TODAY, reason="Tidak jadi")
    db.session.commit()
    assert approved.status == "cancelled" and approved.cancellation_reason == "Tidak jadi"
    with pytest.raises(InvalidTransition):
        services.disburse(approved, actor=officer, on=TODAY, funding_source=factory.funding_source(), method="cash")
    assert [len(events(f"loan_application.{a}")) for a in ("withdrawn", "cancelled", "approved")] == [1, 1, 1]


def test_cancelling_an_approved_application_keeps_the_approver_and_justification(factory):
    application = factory.application(other_installments=D(2_500_000))  # flagged: needs a justification
    approver, canceller = factory.user(Role.OFFICER), factory.user(Role.OFFICER)
    services.approve_application(application, actor=approver, on=date(2026, 1, 6), justification="Suami ikut membayar")
    services.cancel_application(application, actor=canceller, on=date(2026, 1, 8), reason=" Usaha batal dibuka ")
    db.session.commit()
    db.session.expire_all()
    application = db.session.get(LoanApplication, application.id)
    assert application.status == "cancelled"
    assert (application.decided_by_id, application.decided_on, application.decision_note) == (
        approver.id, date(2026, 1, 6), "Suami ikut membayar")
    assert (application.cancelled_by_id, application.cancelled_on, application.cancellation_reason) == (
        canceller.id, date(2026, 1, 8), "Usaha batal dibuka")
    assert application.decided_by.id == approver.id and application.cancelled_by.id == canceller.id
    [event] = events("loan_application.cancelled")
    assert event.actor_id == canceller.id and event.details["note"] == "Usaha batal dibuka"
    assert event.details["approved_by_id"] == approver.id


def test_audit_event_is_in_the_same_transaction_as_the_change(factory):
    application = factory.application()
    approver = factory.user(Role.OFFICER)
    services.approve_application(application, actor=approver, on=TODAY)
    assert [e.actor_id for e in events("loan_application.approved")] == [approver.id]  # flushed together
    db.session.rollback()
    assert events("loan_application.approved") == []
    assert db.session.get(LoanApplication, application.id).status == "submitted"


def test_recommendation_by_the_trainees_mentor_only(factory):
    mentor, other = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    application = factory.application(trainee=factory.trainee(mentor_id=mentor.id))
    with pytest.raises(LoanError):
        services.recommend(application, text="Layak", actor=other)
    with pytest.raises(ValidationFailed):
        services.recommend(application, text=" ", actor=mentor)
    services.recommend(application, text="Usahanya berjalan baik", actor=mentor)
    assert application.mentor_recommendation == "Usahanya berjalan baik"
    assert application.recommended_by_id == mentor.id
    assert events("loan_application.recommended")[0].actor_id == mentor.id


# --- Disclosure -----------------------------------------------------------------------


def test_disclosure_with_a_percent_fee_deducted(factory):
    product = factory.product(fee_type="percent", fee_value=D("2.5"))
    application = factory.application(product=product, amount=D(5_000_100))
    d = services.disclosure(application, start=date(2026, 1, 31))
    # 2.5 % of 5,000,100 = 125,002.5 -> HALF_EVEN -> 125,002
    assert d.fee_amount == D(125_002) and d.net_disbursed == D(5_000_100 - 125_002)
    assert d.first_due_on == date(2026, 2, 28) and d.last_due_on == date(2027, 1, 31)
    plain = schedule.build_schedule(principal=D(5_000_100), annual_rate=D(12), periods=12, frequency="monthly",
                                    method="declining", multiple=D(100), start=date(2026, 1, 31))
    assert d.installments == plain
    assert d.total_interest == sum(i.interest for i in plain)
    assert d.total_to_repay == sum(i.total for i in plain)
    assert d.total_cost_of_credit == d.total_interest + D(125_002)
    assert d.effective_annual_rate == schedule.effective_annual_rate(d.net_disbursed, plain, frequency="monthly")
    no_fee = schedule.effective_annual_rate(D(5_000_100), plain, frequency="monthly")
    assert abs(no_fee - D("12.68")) < D("0.05")  # 1 % a month compounded
    assert d.effective_annual_rate > no_fee + 4  # a 2.5 % up-front fee on a 1-year loan


def test_disclosure_with_the_fee_added_to_the_first_instalment(factory):
    product = factory.product(fee_type="flat", fee_value=D(100_000), fee_timing="first_installment")
    application = factory.application(product=product)
    d = services.disclosure(application, start=DISBURSED)
    plain = schedule.build_schedule(principal=D(5_000_000), annual_rate=D(12), periods=12, frequency="monthly",
                                    method="declining", multiple=D(100), start=DISBURSED)
    assert d.net_disbursed == D(5_000_000) and d.fee_amount == D(100_000)
    assert d.installments[0].total == plain[0].total + D(100_000)
    assert d.installments[1:] == plain[1:]
    assert d.total_to_repay == sum(i.total for i in plain) + D(100_000)
    assert d.total_cost_of_credit == d.total_interest + D(100_000)
    assert d.effective_annual_rate == schedule.effective_annual_rate(D(5_000_000), d.installments,
                                                                     frequency="monthly")


# --- Disbursement ---------------------------------------------------------------------


def test_disbursement_creates_the_loan_and_its_schedule(factory):
    officer = factory.user(Role.OFFICER)
    trainee = factory.trainee(officer_id=officer.id)
    product = factory.product(fee_type="flat", fee_value=D(50_000), fee_timing="first_installment",
                              penalty_amount=D(10_000), penalty_after_days=7)
    application = factory.application(trainee=trainee, product=product, approve=True, term=6, grace_periods=1,
                                      justification="Pendapatan naik setelah pelatihan")
    source = factory.funding_source(committed=D(10_000_000))
    loan = services.disburse(application, actor=factory.admin, on=DISBURSED, funding_source=source,
                             method="bank_transfer", reference="TRF-001")
    db.session.commit()
    assert application.status == "disbursed" and loan.application_id == application.id
    assert (loan.officer_id, loan.principal, loan.periods, loan.grace_periods) == (officer.id, D(5_000_000), 6, 1)
    assert (loan.fee_amount, loan.penalty_amount, loan.penalty_after_days) == (D(50_000), D(10_000), 7)
    expected = schedule.build_schedule(principal=D(5_000_000), annual_rate=D(12), periods=6, frequency="monthly",
                                       method="declining", grace_periods=1, multiple=D(100), start=DISBURSED)
    rows = loan.installments
    assert [(r.number, r.due_on, r.principal_due, r.interest_due) for r in rows] == \
        [(i.number, i.due_on, i.principal, i.interest) for i in expected]
    assert [r.fee_due for r in rows] == [D(50_000)] + [D(0)] * 5
    assert sum(r.principal_due for r in rows) == D(5_000_000)
    assert services.funding_available(source) == D(5_000_000)
    [event] = events("loan.disbursed")
    assert event.actor_id == factory.admin.id
    assert event.details["principal"] == "5000000.00" and event.details["fee_amount"] == "50000"
    assert event.details["available_before"] == "10000000.00"


def test_disbursing_more_than_available_is_refused(factory):
    application = factory.application(approve=True)
    source = factory.funding_source(committed=D(4_999_999))
    with pytest.raises(InsufficientFunds) as err:
        services.disburse(application, actor=factory.admin, on=DISBURSED, funding_source=source, method="cash")
    assert "Rp 4.999.999 available" in str(err.value) and "Rp 5.000.000 requested" in str(err.value)
    assert count(Loan) == 0 and application.status == "approved"


def test_only_an_approved_application_is_disbursed(factory):
    application = factory.application()
    with pytest.raises(InvalidTransition):
        services.disburse(application, actor=factory.admin, on=DISBURSED, funding_source=factory.funding_source(),
                          method="cash")
    approved = factory.application(approve=True)
    with pytest.raises(ValidationFailed) as err:
        services.disburse(approved, actor=factory.admin, on=DISBURSED,
                          funding_source=factory.funding_source(), method="cheque")
    assert "method" in err.value.errors


def test_a_disbursement_dated_in_the_future_is_refused(factory):
    from datetime import timedelta

    approved = factory.application(approve=True)
    with pytest.raises(ValidationFailed) as err:
        services.disburse(approved, actor=factory.admin, on=DISBURSED + timedelta(days=1),
                          funding_source=factory.funding_source(), method="cash", today=DISBURSED)
    assert "on" in err.value.errors
    loan = services.disburse(approved, actor=factory.admin, on=DISBURSED,
                             funding_source=factory.funding_source(), method="cash", today=DISBURSED)
    assert loan.disbursed_on == DISBURSED


# --- Repayments -----------------------------------------------------------------------


def test_repayment_is_allocated_and_audited(factory):
    loan = factory.loan()
    first = loan.installments[0]  # 444,200 = interest 50,000 + principal 394,200
    assert (first.interest_due, first.principal_due) == (D(50_000), D(394_200))
    actor = factory.user(Role.OFFICER)
    txn, created = post(loan, 100_000, on=date(2026, 2, 10), actor=actor, factory=factory)
    assert created and txn.kind == "repayment"
    assert (txn.interest_part, txn.principal_part, txn.fee_part, txn.penalty_part, txn.excess_part) == \
        (D(50_000), D(50_000), 0, 0, 0)
    assert (first.interest_paid, first.principal_paid, first.paid_on) == (D(50_000), D(50_000), None)
    assert services.balances(loan, as_of=date(2026, 2, 10)).installment_states[1] == "partial"
    assert services.balances(loan, as_of=date(2026, 2, 11)).installment_states[1] == "overdue"
    [event] = events("loan.repayment_posted")
    assert event.actor_id == actor.id and event.details["transaction_id"] == txn.id
    assert event.details["parts"]["principal"] == "50000.00"


def test_same_idempotency_key_posts_once(factory):
    loan = factory.loan()
    txn, created = post(loan, 100_000, key="form-token-1", factory=factory)
    again, created_again = post(loan, 100_000, key="form-token-1", factory=factory)
    assert created and not created_again and again.id == txn.id
    assert count(LoanTransaction) == 1 and len(events("loan.repayment_posted")) == 1
    with pytest.raises(ValidationFailed) as err:
        post(factory.loan(), 100_000, key="form-token-1", factory=factory)
    assert "another loan" in err.value.errors["idempotency_key"]


def test_a_lost_race_on_the_key_rolls_back_to_the_savepoint_and_replays(factory, monkeypatch):
    loan = factory.loan()
    txn, _ = post(loan, 100_000, key="race", factory=factory)
    real = services._transaction_by_key
    calls = []

    def blind_twice(key):  # both look-ups miss, as when the winner commits in between
        calls.append(key)
        return None if len(calls) <= 2 else real(key)

    monkeypatch.setattr(services, "_transaction_by_key", blind_twice)
    again, created = services.post_repayment(loan, actor=factory.admin, on=TODAY, amount=D(100_000), method="cash",
                                             idempotency_key="race", today=TODAY)
    assert not created and again.id == txn.id
    db.session.commit()  # the session is still usable: only the savepoint was rolled back
    assert count(LoanTransaction) == 1
    assert loan.installments[0].principal_paid == D(50_000)


@pytest.mark.parametrize("kwargs, field", [
    (dict(on=TODAY + timedelta(days=1)), "on"),
    (dict(on=DISBURSED - timedelta(days=1)), "on"),
    (dict(amount=D(0)), "amount"),
    (dict(amount=D("100.50")), "amount"),
    (dict(method="cheque"), "method"),
    (dict(idempotency_key=""), "idempotency_key"),
])
def test_repayment_validation(factory, kwargs, field):
    loan = factory.loan()
    values = dict(actor=factory.admin, on=TODAY, amount=D(100_000), method="cash", idempotency_key="k", today=TODAY)
    values.update(kwargs)
    with pytest.raises(ValidationFailed) as err:
        services.post_repayment(loan, **values)
    assert field in err.value.errors
    assert count(LoanTransaction) == 0


def total_owed(loan) -> Decimal:
    return sum(r.total_due for r in loan.installments)


def test_paying_everything_closes_the_loan_and_more_is_refused_unless_chosen(factory):
    loan = factory.loan()
    owed = total_owed(loan)
    txn, _ = post(loan, 1_000_000, on=date(2026, 2, 10), factory=factory)
    with pytest.raises(ValidationFailed) as err:
        post(loan, owed - 1_000_000 + 1, on=date(2026, 3, 1), factory=factory)
    assert f"({services.format_rupiah(owed - 1_000_000)})" in err.value.errors["amount"]
    db.session.rollback()
    assert loan.status == "active" and count(LoanTransaction) == 1
    last, _ = post(loan, owed - 1_000_000 + 1, on=date(2026, 3, 1), factory=factory, allow_excess=True)
    assert last.excess_part == D(1) and last.principal_part + last.interest_part == owed - 1_000_000
    assert loan.status == "closed" and loan.closed_on == date(2026, 3, 1)
    assert all(r.outstanding == 0 and r.paid_on is not None for r in loan.installments)
    assert len(events("loan.closed")) == 1
    b = services.balances(loan, as_of=TODAY)
    assert b.total_outstanding == 0 and b.days_past_due == 0 and set(b.installment_states.values()) == {"paid"}


def test_exact_payoff_closes_without_excess(factory):
    loan = factory.loan()
    txn, _ = post(loan, total_owed(loan), on=date(2026, 1, 20), factory=factory)
    assert txn.excess_part == 0 and loan.status == "closed" and loan.closed_on == date(2026, 1, 20)


def test_back_dated_posting_reallocates_with_penalties(factory):
    loan = factory.loan(product=factory.product(penalty_amount=D(10_000), penalty_after_days=5))
    late, _ = post(loan, 500_000, on=date(2026, 2, 20), factory=factory)  # 10 days after the due date
    # penalty, #1 (50,000 + 394,200), then the 45,800 left to #2's interest
    assert (late.penalty_part, late.interest_part, late.principal_part) == (D(10_000), D(95_800), D(394_200))
    assert loan.installments[0].penalty_due == D(10_000)
    # a payment made on the due date turns up later and is posted back-dated
    early, _ = post(loan, 444_200, on=date(2026, 2, 10), factory=factory)
    db.session.refresh(late)
    assert (early.interest_part, early.principal_part, early.penalty_part) == (D(50_000), D(394_200), 0)
    assert loan.installments[0].penalty_due == 0 and loan.installments[0].paid_on == date(2026, 2, 10)
    # the later payment now prepays instalment 2 in full, then instalment 3 (interest first)
    second, third = loan.installments[1], loan.installments[2]
    assert second.outstanding == 0 and second.paid_on == date(2026, 2, 20)
    assert late.penalty_part == 0 and late.interest_part == second.interest_due + third.interest_due
    assert third.principal_paid == D(500_000) - D(444_200) - third.interest_due
    assert late.principal_part == second.principal_due + third.principal_paid
    assert events("loan.repayment_posted")[-1].details["back_dated"] is True


def test_reversal_recomputes_and_reopens_a_closed_loan(factory):
    loan = factory.loan()
    first, _ = post(loan, 444_200, on=date(2026, 2, 10), factory=factory)
    rest, _ = post(loan, total_owed(loan) - 444_200, on=date(2026, 3, 10), factory=factory)
    assert loan.status == "closed"
    with pytest.raises(ValidationFailed):
        services.reverse_transaction(first, actor=factory.admin, reason="  ", now=NOW)
    officer = factory.user(Role.OFFICER)
    services.reverse_transaction(first, actor=officer, reason="Uang palsu", now=NOW)
    db.session.commit()
    assert first.reversed_at is not None and first.reversed_by_id == officer.id and first.reversal_reason == "Uang palsu"
    assert loan.status == "active" and loan.closed_on is None
    # the remaining payment now pays instalment 1 first, and falls short by 444,200 at the end
    assert loan.installments[0].paid_on == date(2026, 3, 10)
    assert sum(r.outstanding for r in loan.installments) == D(444_200)
    assert rest.principal_part + rest.interest_part == rest.amount
    with pytest.raises(InvalidTransition):
        services.reverse_transaction(first, actor=officer, reason="lagi", now=NOW)
    [event] = events("loan.transaction_reversed")
    assert event.actor_id == officer.id and event.details["transaction_id"] == first.id
    assert len(events("loan.reopened")) == 1
    assert count(LoanTransaction) == 2  # never deleted


def test_write_off_then_recovery(factory):
    loan = factory.loan()
    post(loan, 444_200, on=date(2026, 2, 10), factory=factory)
    with pytest.raises(ValidationFailed):
        services.write_off(loan, actor=factory.admin, on=TODAY, reason="")
    services.write_off(loan, actor=factory.admin, on=date(2026, 9, 1), reason="Usaha tutup, pindah kota")
    db.session.commit()
    assert loan.status == "written_off" and loan.written_off_on == date(2026, 9, 1)
    [event] = events("loan.written_off")
    assert D(event.details["principal_outstanding"]) == D(5_000_000) - D(394_200)
    with pytest.raises(InvalidTransition):
        services.write_off(loan, actor=factory.admin, on=TODAY, reason="lagi")
    paid_before = [r.total_paid for r in loan.installments]
    with pytest.raises(ValidationFailed) as err:
        post(loan, 50_000, on=date(2026, 8, 31), factory=factory)
    assert "write-off" in err.value.errors["on"]
    txn, created = post(loan, 50_000_000, on=TODAY, factory=factory)  # no excess check on a recovery
    assert created and txn.kind == "recovery" and txn.excess_part == D(50_000_000)
    assert txn.principal_part == txn.interest_part == 0
    assert [r.total_paid for r in loan.installments] == paid_before
    assert loan.status == "written_off"
    assert len(events("loan.recovery_posted")) == 1 and len(events("loan.repayment_posted")) == 1


def test_balances_states_and_arrears(factory):
    loan = factory.loan(product=factory.product(penalty_amount=D(10_000), penalty_after_days=3))
    post(loan, 444_200, on=date(2026, 2, 10), today=date(2026, 2, 10), factory=factory)  # #1 on time
    post(loan, 200_000, on=date(2026, 3, 12), today=date(2026, 3, 12), factory=factory)  # #2 partly, 2 days late
    b = services.balances(loan, as_of=date(2026, 3, 20))
    assert b.installment_states[1] == "paid" and b.installment_states[2] == "overdue"
    assert b.installment_states[3] == "due" and b.installment_states[4] == "future"
    assert b.days_past_due == 10 and b.bucket == "1-30"  # #2 fell due on 10 March
    second = loan.installments[1]
    assert b.penalty_outstanding == D(10_000)  # #2 more than 3 days late by 20 March
    assert b.overdue_amount == second.principal_due + second.interest_due - D(200_000) + D(10_000)
    assert (b.next_due_on, b.next_due_amount) == (date(2026, 4, 10), loan.installments[2].total_due)
    rows = loan.installments
    assert b.principal_outstanding == D(5_000_000) - sum(r.principal_paid for r in rows)
    assert b.total_outstanding == (b.principal_outstanding + b.interest_outstanding + b.fee_outstanding
                                   + b.penalty_outstanding)
    # before the penalty day, nothing charged; on the due date itself nothing is overdue
    assert services.balances(loan, as_of=date(2026, 3, 13)).penalty_outstanding == 0
    assert services.balances(loan, as_of=date(2026, 3, 10)).days_past_due == 0
    assert services.balances(loan, as_of=date(2026, 3, 10)).installment_states[2] == "due"  # 200,000 came later
    far = services.balances(loan, as_of=date(2026, 7, 1))
    assert far.days_past_due == (date(2026, 7, 1) - date(2026, 3, 10)).days and far.bucket == "91-180"


def test_money_is_exact_over_many_postings(factory):
    loan = factory.loan(product=factory.product(fee_type="percent", fee_value=D("1.5"), fee_timing="first_installment",
                                                penalty_amount=D(7_500), penalty_after_days=2))
    amounts = [123_457, 98_765, 333_333, 1, 250_001, 77_777, 444_444, 10, 999_999]
    day = date(2026, 1, 15)
    txns = []
    for n, amount in enumerate(amounts):
        txns.append(post(loan, amount, on=day, factory=factory)[0])
        day += timedelta(days=23 + 7 * (n % 3))
    services.reverse_transaction(txns[2], actor=factory.admin, reason="salah", now=NOW)
    db.session.commit()
    live = [t for t in txns if t.reversed_at is None]
    for t in live:
        assert t.principal_part + t.interest_part + t.fee_part + t.penalty_part + t.excess_part == t.amount
    rows = loan.installments
    for part in ("principal", "interest", "fee", "penalty"):
        assert sum(getattr(r, f"{part}_paid") for r in rows) == sum(getattr(t, f"{part}_part") for t in live)
        assert all(getattr(r, f"{part}_paid") <= getattr(r, f"{part}_due") for r in rows)
    assert sum(r.total_paid for r in rows) == sum(t.amount for t in live)
    assert rows[0].fee_due == D(75_000)
    assert any(r.penalty_due for r in rows)


# --- Visibility -----------------------------------------------------------------------


def test_visibility_of_loans_and_applications(factory):
    mentor, other_mentor = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    trainee_user = factory.user(Role.TRAINEE)
    mine = factory.loan(trainee=factory.trainee(mentor_id=mentor.id, user_id=trainee_user.id))
    other = factory.loan()
    pending = factory.application(trainee=factory.trainee(mentor_id=mentor.id))

    def loans(user):
        return set(db.session.scalars(services.visible_loans(user)))

    def applications(user):
        return {a.id for a in db.session.scalars(services.visible_applications(user))}

    assert loans(factory.admin) == loans(factory.user(Role.OFFICER)) == {mine, other}
    assert loans(mentor) == {mine} and loans(trainee_user) == {mine} and loans(other_mentor) == set()
    assert applications(mentor) == {mine.application_id, pending.id}
    assert applications(trainee_user) == {mine.application_id}
    assert applications(other_mentor) == set()


def test_balances_in_the_same_transaction_see_the_new_posting(factory):
    loan = factory.loan()
    assert services.balances(loan, as_of=TODAY).principal_outstanding == D(5_000_000)  # loads the collections
    services.post_repayment(loan, actor=factory.admin, on=date(2026, 2, 10), amount=D(444_200), method="qris",
                            idempotency_key="same-tx", today=TODAY)
    b = services.balances(loan, as_of=date(2026, 2, 10))
    assert b.principal_outstanding == D(5_000_000) - D(394_200) and b.installment_states[1] == "paid"


# --- The loan's summary columns -------------------------------------------------------


def _summary_from_rows(loan_id: int) -> tuple[Decimal, Decimal, date | None]:
    """(principal outstanding, total outstanding, oldest unpaid due date) recomputed from
    the instalment rows as stored, independently of services.store_summary."""
    rows = list(db.session.scalars(select(LoanInstallment).where(LoanInstallment.loan_id == loan_id)))
    unpaid = [r.due_on for r in rows
              if r.principal_due + r.interest_due + r.fee_due > r.principal_paid + r.interest_paid + r.fee_paid]
    return (sum((r.principal_due - r.principal_paid for r in rows), D(0)),
            sum((r.total_due - r.total_paid for r in rows), D(0)),
            min(unpaid, default=None))


@pytest.mark.parametrize("seed, product", [
    (1, {}),
    (2, dict(penalty_amount=D(10_000), penalty_after_days=3)),
    (3, dict(fee_type="percent", fee_value=D("1.5"), fee_timing="first_installment",
             penalty_amount=D(7_500), penalty_after_days=0)),
    (4, dict(frequency="weekly", method="flat", min_term=4, max_term=50)),
])
def test_summary_columns_equal_a_recomputation_after_random_postings_and_reversals(factory, seed, product):
    import random

    from loans import portfolio as pf

    rng = random.Random(seed)
    loan = factory.loan(product=factory.product(**product), term=12 if "frequency" not in product else 25,
                        justification="Usaha ramai")
    assert (loan.principal_outstanding, loan.oldest_unpaid_due_on) == (D(5_000_000), loan.installments[0].due_on)
    live: list[LoanTransaction] = []
    for step in range(14):
        action = rng.random()
        if live and action < 0.3:
            txn = live.pop(rng.randrange(len(live)))
            services.reverse_transaction(txn, actor=factory.admin, reason=f"salah {step}", now=NOW)
            db.session.commit()
        else:
            on = DISBURSED + timedelta(days=rng.randint(0, (TODAY - DISBURSED).days))
            # now and then pay everything off (closing the loan; a later reversal reopens it)
            amount = 10**8 if action > 0.9 else rng.randrange(50_000, 1_500_000, 100)
            live.append(post(loan, amount, on=on, factory=factory, allow_excess=True)[0])
        db.session.expire_all()
        loan = db.session.get(Loan, loan.id)
        stored = (loan.principal_outstanding, loan.total_outstanding, loan.oldest_unpaid_due_on)
        assert stored == _summary_from_rows(loan.id), (seed, step)
        # every posting is dated up to TODAY and penalties were charged up to TODAY,
        # so the live recomputation agrees too
        b = services.balances(loan, as_of=TODAY)
        assert (b.principal_outstanding, b.total_outstanding) == stored[:2], (seed, step)
        expected_dpd = (TODAY - stored[2]).days if stored[2] is not None and stored[2] < TODAY else 0
        assert b.days_past_due == expected_dpd, (seed, step)
        if loan.status == "active":
            [row] = pf.portfolio(factory.admin, pf.PortfolioFilters(), as_of=TODAY).rows
            assert (row.principal_outstanding, row.total_outstanding, row.days_past_due) == (
                b.principal_outstanding, b.total_outstanding, b.days_past_due)
        else:
            assert loan.status == "closed" and stored == (D(0), D(0), None)
    if loan.status == "active":
        services.write_off(loan, actor=factory.admin, on=TODAY, reason="Usaha tutup")
        db.session.commit()
        db.session.expire_all()
        loan = db.session.get(Loan, loan.id)
        assert (loan.principal_outstanding, loan.total_outstanding, loan.oldest_unpaid_due_on) == \
            _summary_from_rows(loan.id)
        report = pf.portfolio(factory.admin, pf.PortfolioFilters(), as_of=TODAY)
        assert report.totals.written_off_principal_outstanding == loan.principal_outstanding
