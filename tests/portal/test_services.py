"""The portal's services: a trainee marks their own action items done and reports their
own figures (self-reported, pending until the mentor confirms; staff recording over it
makes it staff-recorded), pending check-ins stay out of the assessment, changing one's
own password, the loan application a trainee files, and the read side of the portal
(own objects only; the home page's fixed number of statements). SQLite and PostgreSQL."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from accounts import services as account_services
from accounts.models import AuditEvent, Notification, Role
from extensions import db
from loans import services as loan_services
from loans.models import LoanApplication
from mentoring import services as mentoring_services
from mentoring.models import BusinessCheckin
from mentoring.services import AlreadyClosed, CheckinData, NeedsConfirmation, NotAllowed, NotPending, ValidationFailed
from portal import services
from reports import services as report_services

from .conftest import NOW, TODAY

D = Decimal


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def notifications_of(user, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def checkin_data(**overrides) -> CheckinData:
    values = dict(
        month=date(2026, 10, 1), revenue=D(4_500_000), costs=D(3_000_000), other_income=D(0), savings=D(750_000),
        paid_workers=0, unpaid_workers=1, channels=["market"], keeps_records=True, separates_money=False,
        practices=["records_sales"],
    )
    values.update(overrides)
    return CheckinData(**values)


# --- Action items ---------------------------------------------------------------------


def test_trainee_marks_own_action_item_done_and_the_mentor_hears_of_it(world, factory):
    item = factory.action_item(world["a"], actor=world["mentor"], description="Catat penjualan harian")
    mentoring_services.complete_own_action_item(item, actor=world["siti"], on=TODAY, now=NOW)
    db.session.commit()
    assert (item.status, item.completed_on, item.completed_by_id) == ("done", TODAY, world["siti"].id)
    [audit] = events("action_item.status")[-1:]
    assert audit.actor_id == world["siti"].id and audit.details["by_trainee"] is True
    [note] = notifications_of(world["mentor"], "action.done_by_trainee")
    assert note.params["trainee"] == "Siti Aminah" and note.params["description"] == "Catat penjualan harian"
    assert note.link == f"/trainees/{world['a'].id}#mentoring-actions"


@pytest.mark.parametrize("case", ["other_trainee", "mentor_item", "staff", "closed"])
def test_only_the_trainee_closes_their_own_open_items(world, factory, case):
    owner = "mentor" if case == "mentor_item" else "trainee"
    item = factory.action_item(world["a"], actor=world["mentor"], owner=owner,
                               status="done" if case == "closed" else "open")
    actor = {"other_trainee": world["budi"], "staff": world["mentor"]}.get(case, world["siti"])
    before = len(events("action_item.status"))
    with pytest.raises(AlreadyClosed if case == "closed" else NotAllowed):
        mentoring_services.complete_own_action_item(item, actor=actor, on=TODAY, now=NOW)
    db.session.rollback()
    assert len(events("action_item.status")) == before
    assert notifications_of(world["mentor"]) == []


# --- Self-reported check-ins ------------------------------------------------------------


def test_trainee_reports_last_month_self_reported_and_pending(world):
    checkin = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                    now=NOW)
    db.session.commit()
    assert checkin.month == date(2026, 10, 1)
    assert checkin.is_self_reported and checkin.is_pending_confirmation
    assert checkin.recorded_by_id == world["siti"].id
    [audit] = events("business_checkin.self_reported")
    assert audit.details["month"] == "2026-10-01" and audit.details["revenue"] == "4500000"
    [note] = notifications_of(world["mentor"], "checkin.self_reported")
    assert note.params == {"id": checkin.id, "trainee": "Siti Aminah", "month": "2026-10-01"}


def test_this_month_may_be_reported_too_but_no_older_or_future_month(world):
    mentoring_services.record_own_checkin(world["a"], checkin_data(month=date(2026, 11, 15)), actor=world["siti"],
                                          today=TODAY, now=NOW)
    db.session.commit()
    for month, message in ((date(2026, 9, 1), "this month or last month"), (date(2026, 12, 1), "future")):
        with pytest.raises(ValidationFailed) as info:
            mentoring_services.record_own_checkin(world["a"], checkin_data(month=month), actor=world["siti"],
                                                  today=TODAY, now=NOW)
        assert message in info.value.errors["month"]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(BusinessCheckin)) == 1


def test_a_pending_report_is_replaced_by_the_trainee(world):
    first = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                  now=NOW)
    again = mentoring_services.record_own_checkin(world["a"], checkin_data(revenue=D(5_000_000)),
                                                  actor=world["siti"], today=TODAY, now=NOW)
    db.session.commit()
    assert again.id == first.id and again.revenue == D(5_000_000) and again.is_pending_confirmation
    assert len(events("business_checkin.replaced")) == 1
    assert len(notifications_of(world["mentor"], "checkin.self_reported")) == 2


@pytest.mark.parametrize("by", ["staff", "confirmed"])
def test_a_month_recorded_by_staff_or_confirmed_cannot_be_replaced_by_the_trainee(world, factory, by):
    if by == "staff":
        factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 10, 1))
    else:
        own = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                    now=NOW)
        mentoring_services.confirm_checkin(own, actor=world["mentor"], now=NOW)
        db.session.commit()
    with pytest.raises(ValidationFailed) as info:
        mentoring_services.record_own_checkin(world["a"], checkin_data(revenue=D(9_000_000)), actor=world["siti"],
                                              today=TODAY, now=NOW)
    assert "already recorded by your mentor" in info.value.errors["month"]
    db.session.rollback()
    assert db.session.scalar(select(BusinessCheckin.revenue)) != D(9_000_000)


def test_odd_figures_need_the_trainees_confirmation(world):
    with pytest.raises(NeedsConfirmation):
        mentoring_services.record_own_checkin(world["a"], checkin_data(revenue=D(1_500)), actor=world["siti"],
                                              today=TODAY, now=NOW)
    db.session.rollback()
    checkin = mentoring_services.record_own_checkin(world["a"], checkin_data(revenue=D(1_500), confirmed=True),
                                                    actor=world["siti"], today=TODAY, now=NOW)
    assert checkin.revenue == D(1_500)


@pytest.mark.parametrize("who", ["budi", "mentor", "admin"])
def test_only_the_trainee_reports_their_own_figures(world, who):
    with pytest.raises(NotAllowed):
        mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world[who], today=TODAY, now=NOW)


def test_no_notification_without_a_mentor(world, factory):
    record = factory.trainee(user_id=factory.user(Role.TRAINEE).id)
    user = record.user
    mentoring_services.record_own_checkin(record, checkin_data(), actor=user, today=TODAY, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_mentor_confirms_a_self_reported_checkin(world):
    checkin = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                    now=NOW)
    mentoring_services.confirm_checkin(checkin, actor=world["mentor"], now=NOW)
    db.session.commit()
    assert (checkin.confirmed_by_id, checkin.confirmed_at) == (world["mentor"].id, NOW)
    assert checkin.is_self_reported and not checkin.is_pending_confirmation
    [audit] = events("business_checkin.confirmed")
    assert audit.actor_id == world["mentor"].id and audit.details["month"] == "2026-10-01"
    with pytest.raises(NotPending):
        mentoring_services.confirm_checkin(checkin, actor=world["mentor"], now=NOW)


@pytest.mark.parametrize("who", ["other_mentor", "siti"])
def test_only_who_manages_the_trainee_confirms(world, who):
    checkin = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                    now=NOW)
    with pytest.raises(NotAllowed):
        mentoring_services.confirm_checkin(checkin, actor=world[who], now=NOW)
    assert checkin.is_pending_confirmation


def test_staff_recording_a_self_reported_month_makes_it_staff_recorded(world, factory):
    own = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                now=NOW)
    db.session.commit()
    staff = factory.checkin(world["a"], actor=world["officer"], month=date(2026, 10, 1), revenue=D(4_000_000))
    assert staff.id == own.id
    assert not staff.is_self_reported and not staff.is_pending_confirmation
    assert staff.recorded_by_id == world["officer"].id
    [replaced] = events("business_checkin.replaced")
    assert replaced.details["changes"]["is_self_reported"] == [True, False]


# --- The assessment leaves pending check-ins out ----------------------------------------


def test_pending_checkins_are_not_assessment_inputs_until_confirmed(world, factory):
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 9, 1))
    own = mentoring_services.record_own_checkin(world["a"], checkin_data(), actor=world["siti"], today=TODAY,
                                                now=NOW)
    db.session.commit()
    inputs = report_services.gather_inputs(world["a"], as_of=TODAY)
    assert [c.month for c in inputs.checkins] == [date(2026, 9, 1)]
    row = report_services.assess_trainee(world["a"], actor=world["mentor"], as_of=TODAY)
    db.session.commit()
    assert not report_services.is_stale(row, world["a"], as_of=TODAY)
    mentoring_services.confirm_checkin(own, actor=world["mentor"], now=NOW)
    db.session.commit()
    inputs = report_services.gather_inputs(world["a"], as_of=TODAY)
    assert [c.month for c in inputs.checkins] == [date(2026, 9, 1), date(2026, 10, 1)]
    assert report_services.is_stale(row, world["a"], as_of=TODAY)


# --- Own password ---------------------------------------------------------------------


def _session(user):
    return account_services.start_session(user, now=NOW, lifetime=timedelta(hours=8), ip=None, user_agent=None)


def test_change_own_password_keeps_this_session_and_ends_the_others(world, factory):
    user = world["siti"]
    here = _session(user)
    elsewhere = _session(user)
    db.session.commit()
    user._session_token = here
    account_services.change_own_password(user, factory.PASSWORD, "Tahu-Bulat-2027", now=NOW)
    db.session.commit()
    assert account_services.load_user_by_token(here, now=NOW) is not None
    assert account_services.load_user_by_token(elsewhere, now=NOW) is None
    assert account_services.authenticate("siti", "Tahu-Bulat-2027", now=NOW, ip=None,
                                         policy=account_services.ThrottlePolicy()).id == user.id
    [audit] = events("user.password_changed")
    assert audit.actor_id == user.id


@pytest.mark.parametrize("current, new, error, message", [
    ("salah-sekali-99", "Tahu-Bulat-2027", account_services.WrongPassword, "current password is not right"),
    (None, "short", account_services.WeakPassword, "at least 8"),
    (None, "password123", account_services.WeakPassword, "too common"),
    (None, "siti-punya-2027", account_services.WeakPassword, "username"),
    (None, None, account_services.WeakPassword, "differs from the current"),
])
def test_change_own_password_refusals(world, factory, current, new, error, message):
    user = world["siti"]
    before = user.password_hash
    with pytest.raises(error) as info:
        account_services.change_own_password(user, current or factory.PASSWORD, new or factory.PASSWORD, now=NOW)
    assert message in str(info.value)
    db.session.rollback()
    assert user.password_hash == before
    assert events("user.password_changed") == []


# --- Loan application by the trainee ----------------------------------------------------


def application_data(world, **overrides) -> loan_services.ApplicationData:
    product = overrides.pop("product", None) or world["product"]
    values = dict(trainee_id=world["a"].id, product_id=product.id, amount=D(3_000_000), term=12, grace_periods=0,
                  purpose="Tambah etalase", business_plan="Jualan lebih banyak kue.", monthly_revenue=D(8_000_000),
                  monthly_costs=D(4_000_000), household_expenses=D(2_000_000), other_installments=D(0))
    values.update(overrides)
    return loan_services.ApplicationData(**values)


@pytest.fixture
def product(world, factory):
    world["product"] = factory.product()
    return world["product"]


def test_preview_shows_capacity_and_writes_nothing(world, product):
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    capacity = services.preview_application(application_data(world))
    assert capacity.net_income == D(2_000_000)
    assert capacity.monthly_installment == loan_services.monthly_equivalent_installment(application_data(world))
    assert not capacity.is_flagged
    flagged = services.preview_application(application_data(world, household_expenses=D(3_900_000)))
    assert flagged.is_flagged and flagged.ratio > 30
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
    with pytest.raises(loan_services.ValidationFailed) as info:
        services.preview_application(application_data(world, amount=D(50_000_000)))
    assert "amount" in info.value.errors


def test_trainee_submits_own_application_and_the_officer_is_told(world, product, factory):
    application = services.submit_own_application(world["a"], application_data(world, trainee_id=world["b"].id),
                                                  actor=world["siti"], on=TODAY, now=NOW)
    db.session.commit()
    assert application.trainee_id == world["a"].id  # always the trainee's own record
    assert application.submitted_by_id == world["siti"].id and application.status == "submitted"
    [note] = notifications_of(world["officer"], "application.submitted_by_trainee")
    assert note.params["amount"] == "3000000" and note.link == f"/loans/applications/{application.id}"
    # four-eyes holds: any officer may approve what the trainee submitted
    loan_services.approve_application(application, actor=world["officer"], on=TODAY)
    assert application.status == "approved"


def test_someone_else_cannot_file_for_the_trainee(world, product):
    with pytest.raises(loan_services.LoanError):
        services.submit_own_application(world["a"], application_data(world), actor=world["budi"], on=TODAY, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(LoanApplication)) == 2  # the world's two


# --- Read side ------------------------------------------------------------------------


def test_own_lookups_find_nothing_of_another_trainee(world, factory):
    b_item = factory.action_item(world["b"], actor=world["other_mentor"])
    assert services.own_trainee(world["siti"]).id == world["a"].id
    assert services.own_trainee(world["mentor"]) is None
    assert services.own_loan(world["a"], world["loans"]["B"]) is None
    assert services.own_loan(world["a"], world["loans"]["A"]).id == world["loans"]["A"]
    assert services.own_action_item(world["a"], b_item.id) is None
    loan = services.own_loan(world["a"], world["loans"]["A"])
    assert services.own_transaction(loan, world["txns"]["B"]) is None
    assert services.own_transaction(loan, world["txns"]["A"]).id == world["txns"]["A"]


def test_months_to_report(world, factory):
    assert [(m.month, m.state) for m in services.months_to_report(world["a"], today=TODAY)] == [
        (date(2026, 10, 1), "missing"), (date(2026, 11, 1), "missing")]
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 10, 1))
    mentoring_services.record_own_checkin(world["a"], checkin_data(month=date(2026, 11, 1)), actor=world["siti"],
                                          today=TODAY, now=NOW)
    states = services.months_to_report(world["a"], today=TODAY)
    assert [(m.state, m.can_report) for m in states] == [("recorded", False), ("pending", True)]


@contextmanager
def count_statements():
    statements: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)


def _summary_statements(world) -> tuple[int, services.HomeSummary]:
    db.session.expire_all()
    trainee = services.own_trainee(world["siti"])
    with count_statements() as statements:
        summary = services.home_summary(trainee, world["siti"], today=TODAY)
    return len(statements), summary


def test_home_summary_runs_a_fixed_number_of_statements(world, factory):
    few, summary = _summary_statements(world)
    assert summary.loan.id == world["loans"]["A"] and summary.balances.days_past_due > 0
    assert summary.actions == [] and summary.application is None and summary.complaints == []
    for n in range(5):
        factory.action_item(world["a"], actor=world["mentor"], due_on=TODAY + timedelta(days=n))
        factory.mentor_session([world["a"]], mentor=world["mentor"], held_on=TODAY - timedelta(days=n),
                               next_session_on=TODAY + timedelta(days=7))
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 10, 1))
    report_services.assess_trainee(world["a"], actor=world["mentor"], as_of=TODAY)
    db.session.commit()
    many, summary = _summary_statements(world)
    assert many == few <= 9, (few, many)  # loan 3, application, assessment, actions, sessions, months, complaints
    assert len(summary.actions) == 5 and summary.next_session_on == TODAY + timedelta(days=7)
    assert summary.last_session_on == TODAY and summary.assessment is not None
    assert summary.month_to_report.month == date(2026, 11, 1)
