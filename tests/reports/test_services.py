"""Report services: gathering the method's inputs from the database, assessment snapshots
(reuse, staleness, audit), graduation, the batch, and the programme figures checked
against a hand count. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from accounts.models import AuditEvent, Role
from extensions import db
from loans import services as loan_services
from loans.models import Loan, LoanStatus
from reports import services, sustainability
from reports.models import Assessment
from reports.services import ProgrammeFilters
from trainees.models import Kecamatan, Kelurahan, Trainee

D = Decimal
TODAY = date(2026, 11, 27)
KEC_A = "32.73.01"
KEL_A = "32.73.01.1001"
_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


# --- helpers --------------------------------------------------------------------------


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def count_statements(fn):
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements), result


def pay(loan, amount, *, on, actor):
    loan_services.post_repayment(loan, actor=actor, on=on, amount=D(amount), method="cash",
                                 idempotency_key=f"rep-{next(_keys)}", today=max(on, TODAY))
    db.session.commit()


def pay_installments(loan, numbers, *, actor, late_days=0):
    """Pay each instalment ``numbers`` in full, ``late_days`` after its due date."""
    for row in sorted(loan.installments, key=lambda r: r.number):
        if row.number in numbers:
            pay(loan, row.total_due, on=row.due_on + timedelta(days=late_days), actor=actor)


def make_loan(factory, trainee, *, on, amount=5_000_000, term=12):
    application = factory.application(trainee=trainee, on=on, approve=True, amount=D(amount), term=term)
    return factory.loan(application=application, on=on)


def other_kelurahan() -> Kelurahan:
    """A kelurahan of a kecamatan other than KEC_A."""
    return db.session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_code != KEC_A).order_by(Kelurahan.code)).first()


def strong_trainee(factory, *, joined_on=date(2026, 1, 15)):
    """A trainee whose data meets every criterion from January 2027 on: a check-in every
    month of 2026 (revenue 5 M, costs 3 M, other income 0.5 M, growing savings, six
    practices, records kept, money separated), a 12-month loan paid on every due date up
    to January 2027, a session on the 5th of every month and every action item done."""
    admin = factory.admin
    trainee = factory.trainee(joined_on=joined_on, consent_on=joined_on)
    for n in range(12):
        factory.checkin(trainee, actor=admin, month=date(2026, 1 + n, 1), revenue=5_000_000, costs=3_000_000,
                        other_income=D(500_000), savings=D(500_000 + 100_000 * n), separates_money=True,
                        practices=["records_sales", "records_purchases", "knows_profit", "compares_prices",
                                   "stock_records", "has_budget"])
    loan = make_loan(factory, trainee, on=date(2026, 2, 10))
    pay_installments(loan, set(range(1, 12)), actor=admin)
    for month in [date(2026, m, 5) for m in range(2, 13)] + [date(2027, 1, 5)]:
        factory.mentor_session([trainee], mentor=admin, held_on=month)
    for due in (date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)):
        factory.action_item(trainee, actor=admin, due_on=due, status="done", completed_on=due - timedelta(days=3))
    return trainee


def weak_trainee(factory):
    """Profit falling four months in a row (to a loss), the last two instalments of the
    loan missed (48 days past due on 27 Nov 2026) and no session ever."""
    admin = factory.admin
    trainee = factory.trainee()
    figures = [(6_000_000, 4_000_000), (5_500_000, 4_000_000), (5_000_000, 4_000_000),
               (4_200_000, 4_000_000), (3_700_000, 4_000_000), (3_200_000, 4_000_000)]
    for n, (revenue, costs) in enumerate(figures):
        factory.checkin(trainee, actor=admin, month=date(2026, 5 + n, 1), revenue=revenue, costs=costs)
    loan = make_loan(factory, trainee, on=date(2026, 6, 10))
    pay_installments(loan, {1, 2, 3}, actor=admin)
    return trainee


# --- gather_inputs ----------------------------------------------------------------------


def test_months_between_counts_whole_calendar_months():
    m = services.months_between
    assert m(date(2026, 1, 15), date(2027, 1, 15)) == 12
    assert m(date(2026, 1, 15), date(2027, 1, 14)) == 11
    assert m(date(2026, 1, 31), date(2026, 2, 28)) == 1  # the month's last day completes it
    assert m(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert m(date(2026, 3, 1), date(2026, 2, 1)) == 0
    assert m(date(2026, 3, 1), date(2026, 3, 1)) == 0


def test_checkins_are_oldest_first_up_to_as_of_with_their_practices(factory):
    trainee = factory.trainee()
    admin = factory.admin
    factory.checkin(trainee, actor=admin, month=date(2026, 9, 1), revenue=4_000_000, costs=1_000_000,
                    other_income=D(250_000), savings=D(700_000), separates_money=True,
                    practices=["records_sales", "knows_profit", "has_budget"])
    factory.checkin(trainee, actor=admin, month=date(2026, 8, 1), keeps_records=False)
    factory.checkin(trainee, actor=admin, month=date(2026, 11, 1))

    inputs = services.gather_inputs(trainee, as_of=date(2026, 10, 31))
    assert [c.month for c in inputs.checkins] == [date(2026, 8, 1), date(2026, 9, 1)]
    august, september = inputs.checkins
    assert not august.keeps_records and august.practices_score == 1
    assert september == sustainability.CheckinInput(
        month=date(2026, 9, 1), revenue=D(4_000_000), costs=D(1_000_000), other_income=D(250_000),
        savings=D(700_000), practices_score=3, keeps_records=True, separates_money=True)
    assert september.profit == D(3_000_000)


def test_loan_inputs_are_seen_as_of_the_date(factory):
    trainee = factory.trainee()
    officer = factory.user(Role.OFFICER)
    loan = make_loan(factory, trainee, on=date(2026, 2, 10), amount=3_000_000, term=6)  # due 10 Mar .. 10 Aug
    rows = sorted(loan.installments, key=lambda r: r.number)
    pay(loan, rows[0].total_due, on=date(2026, 3, 10), actor=officer)
    pay(loan, rows[1].total_due, on=date(2026, 4, 20), actor=officer)  # 10 days late
    pay(loan, rows[2].total_due, on=date(2026, 6, 1), actor=officer)  # 22 days late

    [now] = services.gather_inputs(trainee, as_of=TODAY).loans
    assert [i.due_on for i in now.installments] == [r.due_on for r in rows]
    assert [i.paid_on for i in now.installments] == [date(2026, 3, 10), date(2026, 4, 20), date(2026, 6, 1),
                                                     None, None, None]
    assert now.active and now.days_past_due == (TODAY - date(2026, 6, 10)).days
    assert now.monthly_installment == loan_services.monthly_equivalent_installment(loan.application)

    # On 25 May the third instalment (due 10 May) was still unpaid: 15 days past due,
    # and its later payment is unknown.
    [then] = services.gather_inputs(trainee, as_of=date(2026, 5, 25)).loans
    assert [i.paid_on for i in then.installments][:3] == [date(2026, 3, 10), date(2026, 4, 20), None]
    assert then.days_past_due == 15
    # due on as_of itself is not late
    assert services.gather_inputs(trainee, as_of=date(2026, 5, 10)).loans[0].days_past_due == 0
    # a loan disbursed after as_of does not exist yet
    assert services.gather_inputs(trainee, as_of=date(2026, 2, 9)).loans == ()


def test_a_loan_closed_later_was_active_then_and_weekly_instalments_are_made_monthly(factory):
    trainee = factory.trainee()
    officer = factory.user(Role.OFFICER)
    product = factory.product(frequency="weekly", min_term=4)
    application = factory.application(trainee=trainee, product=product, on=date(2026, 3, 2), approve=True,
                                      amount=D(1_000_000), term=4, justification="Usaha stabil")
    loan = factory.loan(application=application, on=date(2026, 3, 2))
    pay_installments(loan, {1, 2, 3, 4}, actor=officer)
    db.session.refresh(loan)
    assert loan.status == LoanStatus.CLOSED.value and loan.closed_on == date(2026, 3, 30)

    [before] = services.gather_inputs(trainee, as_of=date(2026, 3, 20)).loans
    [after] = services.gather_inputs(trainee, as_of=date(2026, 4, 1)).loans
    assert before.active and not after.active
    assert before.days_past_due == after.days_past_due == 0
    assert after.monthly_installment == loan_services.monthly_equivalent_installment(application)
    first = sorted(loan.installments, key=lambda r: r.number)[0]
    assert after.monthly_installment == ((first.principal_due + first.interest_due) * 52 / 12).quantize(D(1))


def test_only_attended_sessions_up_to_as_of_count(factory):
    trainee, other = factory.trainee(), factory.trainee()
    admin = factory.admin
    factory.mentor_session([trainee], mentor=admin, held_on=date(2026, 9, 3))
    factory.mentor_session([trainee, other], mentor=admin, held_on=date(2026, 10, 8), absent=[trainee.id])
    factory.mentor_session([trainee, other], mentor=admin, held_on=date(2026, 10, 1))
    factory.mentor_session([trainee], mentor=admin, held_on=date(2026, 11, 20))

    assert services.gather_inputs(trainee, as_of=date(2026, 11, 1)).session_dates == (
        date(2026, 9, 3), date(2026, 10, 1))
    assert services.gather_inputs(other, as_of=TODAY).session_dates == (date(2026, 10, 1), date(2026, 10, 8))


def test_action_items_completed_after_as_of_were_open_then(factory):
    trainee = factory.trainee()
    admin = factory.admin
    factory.action_item(trainee, actor=admin, due_on=date(2026, 9, 1), status="done",
                        completed_on=date(2026, 8, 30))
    factory.action_item(trainee, actor=admin, due_on=date(2026, 10, 1), status="done",
                        completed_on=date(2026, 10, 20))
    factory.action_item(trainee, actor=admin, due_on=date(2026, 10, 15), status="dropped",
                        completed_on=date(2026, 10, 16))
    factory.action_item(trainee, actor=admin, due_on=date(2026, 12, 4))

    A = sustainability.ActionInput
    assert services.gather_inputs(trainee, as_of=date(2026, 10, 18)).actions == (
        A(date(2026, 9, 1), "done", date(2026, 8, 30)),
        A(date(2026, 10, 1), "open", None),
        A(date(2026, 10, 15), "dropped", date(2026, 10, 16)),
        A(date(2026, 12, 4), "open", None),
    )
    inputs = services.gather_inputs(trainee, as_of=TODAY)
    assert inputs.actions[1] == A(date(2026, 10, 1), "done", date(2026, 10, 20))
    assert inputs.months_in_programme == 10  # joined 15 Jan 2026


def test_gather_inputs_and_assess_trainee_run_a_constant_number_of_statements(factory):
    admin = factory.admin
    small, large = factory.trainee(), factory.trainee()
    factory.checkin(small, actor=admin, month=date(2026, 10, 1))
    for n in range(6):
        factory.checkin(large, actor=admin, month=date(2026, 4 + n, 1))
        factory.mentor_session([large], mentor=admin, held_on=date(2026, 4 + n, 10))
        factory.action_item(large, actor=admin, due_on=date(2026, 4 + n, 20))
    for on in (date(2026, 2, 1), date(2026, 3, 1)):
        loan = make_loan(factory, large, on=on, amount=2_000_000, term=6)
        pay_installments(loan, {1, 2}, actor=admin)
    counts = []
    for trainee in (small, large):
        trainee.joined_on  # noqa: B018 - load the trainee outside the count
        counts.append((
            count_statements(lambda t=trainee: services.gather_inputs(t, as_of=TODAY))[0],
            # created: the inputs (4), the same-day snapshot, the previous one, the row, its audit event
            count_statements(lambda t=trainee: services.assess_trainee(t, actor=None, as_of=TODAY))[0],
            # reused: the inputs (4) and the same-day snapshot
            count_statements(lambda t=trainee: services.assess_trainee(t, actor=None, as_of=TODAY))[0],
        ))
    assert counts == [(4, 8, 5), (4, 8, 5)]


# --- snapshots ----------------------------------------------------------------------------


def test_assess_trainee_stores_a_snapshot_and_an_audit_event(factory):
    trainee = strong_trainee(factory)
    officer = factory.user(Role.OFFICER)
    as_of = date(2027, 1, 15)
    row = services.assess_trainee(trainee, actor=officer, as_of=as_of)
    db.session.commit()

    result = services.result_of(row)
    assert (row.trainee_id, row.as_of, row.method_version) == (trainee.id, as_of, sustainability.METHOD_VERSION)
    assert row.inputs_digest == sustainability.inputs_digest(services.gather_inputs(trainee, as_of=as_of))
    assert (row.score, row.band, row.weights_known, row.ready_to_graduate) == (
        result.score, result.band, result.weights_known, result.ready_to_graduate)
    assert row.assessed_by_id == officer.id
    assert row.results["thresholds"] == services._json(sustainability.DEFAULT_THRESHOLDS.to_dict())
    assert row.results["inputs_summary"]["checkins"] == 12
    assert row.results["inputs_summary"]["months_in_programme"] == 12
    assert result == sustainability.assess(services.gather_inputs(trainee, as_of=as_of), as_of=as_of)

    [audit_event] = events("assessment.created")
    assert audit_event.actor_id == officer.id and audit_event.entity_id == str(row.id)
    assert audit_event.details["band"] == row.band and audit_event.details["previous_id"] is None
    assert audit_event.details["trainee_id"] == trainee.id and audit_event.details["as_of"] == "2027-01-15"


def test_the_same_inputs_on_the_same_day_reuse_the_snapshot(factory):
    trainee = weak_trainee(factory)
    first = services.assess_trainee(trainee, actor=None, as_of=TODAY)
    db.session.commit()
    again = services.assess_trainee(trainee, actor=factory.admin, as_of=TODAY)
    db.session.commit()
    assert again.id == first.id
    assert len(events("assessment.created")) == 1

    # new data: a new snapshot, and the audit event names what changed
    factory.mentor_session([trainee], mentor=factory.admin, held_on=date(2026, 11, 25))
    third = services.assess_trainee(trainee, actor=None, as_of=TODAY)
    db.session.commit()
    assert third.id != first.id and third.inputs_digest != first.inputs_digest
    created = events("assessment.created")
    assert len(created) == 2 and created[1].details["previous_id"] == first.id
    assert created[1].actor_id is None

    # another day: a new snapshot even with the same data (days past due moved on)
    later = services.assess_trainee(trainee, actor=None, as_of=TODAY + timedelta(days=1))
    assert later.id not in (first.id, third.id)


def test_changed_thresholds_make_a_new_snapshot_and_the_old_one_stale(app, factory):
    trainee = strong_trainee(factory)
    as_of = date(2027, 1, 15)
    first = services.assess_trainee(trainee, actor=None, as_of=as_of)
    db.session.commit()
    assert first.ready_to_graduate
    app.config["SUSTAINABILITY_OVERRIDES"] = {"graduate_months": 18}
    assert services.thresholds_from_config().graduate_months == 18
    assert services.is_stale(first, trainee, as_of=as_of)
    second = services.assess_trainee(trainee, actor=None, as_of=as_of)
    db.session.commit()
    assert second.id != first.id and not second.ready_to_graduate
    assert second.results["thresholds"]["graduate_months"] == 18
    app.config["SUSTAINABILITY_OVERRIDES"] = {}


def test_history_is_latest_as_of_first_and_changes_compare_with_the_previous(factory):
    trainee = strong_trainee(factory)
    rows = [services.assess_trainee(trainee, actor=None, as_of=day)
            for day in (date(2027, 1, 15), date(2026, 6, 30), date(2026, 12, 31))]
    db.session.commit()
    history = services.assessment_history(trainee)
    assert [r.as_of for r in history] == [date(2027, 1, 15), date(2026, 12, 31), date(2026, 6, 30)]
    assert services.latest_assessment(trainee).id == rows[0].id
    assert services.assessment_history(trainee, limit=2) == history[:2]
    assert services.previous_assessment(history[0]).id == history[1].id
    assert services.previous_assessment(history[2]) is None
    assert services.changes_since_previous(history[0]) == sustainability.changes(
        services.result_of(history[1]), services.result_of(history[0]))
    assert services.changes_since_previous(history[2]) == sustainability.changes(
        None, services.result_of(history[2]))


def test_staleness(factory, monkeypatch):
    trainee = strong_trainee(factory)
    as_of = date(2027, 1, 15)
    row = services.assess_trainee(trainee, actor=None, as_of=as_of)
    db.session.commit()
    assert not services.is_stale(row, trainee, as_of=as_of)
    # later in the month with nothing new (the next instalment is due 10 Feb): still fresh
    assert not services.is_stale(row, trainee, as_of=date(2027, 1, 20))
    # a new month
    assert services.is_stale(row, trainee, as_of=date(2027, 2, 1))
    # a new method version
    monkeypatch.setattr(sustainability, "METHOD_VERSION", "v2")
    assert services.is_stale(row, trainee, as_of=as_of)
    monkeypatch.undo()
    # new data dated before as_of: a back-dated session
    factory.mentor_session([trainee], mentor=factory.admin, held_on=date(2027, 1, 12))
    assert services.is_stale(row, trainee, as_of=as_of)


# --- graduation -----------------------------------------------------------------------


def test_graduation_needs_a_fresh_ready_assessment_and_an_admin_or_officer(factory):
    trainee = strong_trainee(factory)
    officer, mentor = factory.user(Role.OFFICER), factory.user(Role.MENTOR)
    day = date(2027, 1, 15)

    with pytest.raises(services.NotReadyToGraduate) as err:
        services.graduate(trainee, actor=officer, on=day)
    assert err.value.blockers == ("not_assessed",)

    early = services.assess_trainee(trainee, actor=officer, as_of=date(2027, 1, 14))  # 11 months
    db.session.commit()
    assert early.band == sustainability.MANDIRI and not early.ready_to_graduate
    with pytest.raises(services.NotReadyToGraduate) as err:
        services.graduate(trainee, actor=officer, on=date(2027, 1, 14))
    assert err.value.blockers == services.result_of(early).graduation_blockers and err.value.blockers
    assert "not show the trainee ready" in str(err.value)

    ready = services.assess_trainee(trainee, actor=officer, as_of=day)
    db.session.commit()
    assert ready.ready_to_graduate
    for actor in (mentor, factory.user(Role.TRAINEE)):
        with pytest.raises(services.NotAllowed):
            services.graduate(trainee, actor=actor, on=day)
    with pytest.raises(services.StaleAssessment):
        services.graduate(trainee, actor=officer, on=date(2027, 2, 1))
    assert db.session.get(Trainee, trainee.id).graduated_on is None
    assert events("trainee.graduated") == []

    services.graduate(trainee, actor=officer, on=day)
    db.session.commit()
    trainee = db.session.get(Trainee, trainee.id)
    assert (trainee.graduated_on, trainee.graduated_by_id) == (day, officer.id)
    [audit_event] = events("trainee.graduated")
    assert audit_event.actor_id == officer.id and audit_event.entity_id == str(trainee.id)
    assert audit_event.details["assessment_id"] == ready.id and audit_event.details["band"] == "mandiri"
    with pytest.raises(services.AlreadyGraduated):
        services.graduate(trainee, actor=factory.admin, on=day)


def test_graduation_is_refused_when_new_data_made_the_assessment_stale(factory):
    trainee = strong_trainee(factory)
    day = date(2027, 1, 15)
    services.assess_trainee(trainee, actor=None, as_of=day)
    factory.checkin(trainee, actor=factory.admin, month=date(2027, 1, 1), today=day)
    with pytest.raises(services.StaleAssessment) as err:
        services.graduate(trainee, actor=factory.admin, on=day)
    assert "out of date" in str(err.value)


# --- the batch ------------------------------------------------------------------------


def test_assess_all_assesses_the_trainees_in_the_programme(factory):
    admin = factory.admin
    kel_b = other_kelurahan()
    in_a = [factory.trainee(), factory.trainee()]
    in_b = factory.trainee(kelurahan_code=kel_b.code)
    factory.trainee(joined_on=TODAY, consent_on=TODAY)  # joins after as_of
    graduated = factory.trainee()
    graduated.graduated_on, graduated.graduated_by_id = date(2026, 10, 1), admin.id
    db.session.commit()

    as_of = TODAY - timedelta(days=1)
    seen = []
    assert services.assess_all(actor=None, as_of=as_of, progress=lambda done, total: seen.append((done, total))) == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assessed = set(db.session.scalars(select(Assessment.trainee_id)))
    assert assessed == {in_a[0].id, in_a[1].id, in_b.id}
    # again: every snapshot reused
    assert services.assess_all(as_of=as_of) == 3
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 3
    assert services.assess_all(as_of=as_of, kecamatan=kel_b.kecamatan_code) == 1


# --- acceptance -----------------------------------------------------------------------


def _by_code(result):
    return {c.code: c for c in result.criteria}


def test_acceptance_falling_profit_missed_instalments_no_sessions_is_rentan(factory):
    trainee = weak_trainee(factory)
    row = services.assess_trainee(trainee, actor=factory.admin, as_of=TODAY)
    db.session.commit()
    result = services.result_of(row)
    criteria = _by_code(result)
    assert row.band == sustainability.RENTAN and not row.ready_to_graduate
    for code in ("profitable", "stable", "repays", "engaged"):
        assert criteria[code].status == sustainability.NOT_MET, code
    assert {(c.code, c.reason) for c in result.criteria} >= {
        ("profitable", "profit_not_positive"), ("stable", "revenue_falling"),
        ("repays", "late_and_overdue"), ("engaged", "missed_sessions")}
    # the reasons carry the figures: 3 of 5 instalments on time, 48 days past due, no session
    repays, engaged = criteria["repays"].params, criteria["engaged"].params
    assert (repays["on_time"], repays["due"], repays["days_past_due"]) == (3, 5, 48)
    assert engaged["months_with_session"] == 0
    assert D(criteria["profitable"].params["mean_profit"]) == D(-300_000)
    # and the sentences name them (English)
    from reports import criteria_text

    assert "48" in criteria_text.reason_text(criteria["repays"])


def test_acceptance_strong_data_is_mandiri_and_ready_after_twelve_months(factory):
    trainee = strong_trainee(factory)
    at_eleven = services.result_of(services.assess_trainee(trainee, actor=None, as_of=date(2027, 1, 14)))
    at_twelve_row = services.assess_trainee(trainee, actor=None, as_of=date(2027, 1, 15))
    at_twelve = services.result_of(at_twelve_row)
    for result in (at_eleven, at_twelve):
        assert result.band == sustainability.MANDIRI
        assert all(c.status == sustainability.MET for c in result.criteria), result.criteria
        assert result.score == D(100)
    assert not at_eleven.ready_to_graduate and at_eleven.graduation_blockers
    assert at_twelve.ready_to_graduate and at_twelve.graduation_blockers == ()
    assert at_twelve_row.ready_to_graduate and at_twelve_row.band == "mandiri" and at_twelve_row.score == D(100)




# --- programme figures ------------------------------------------------------------------

PERIOD = ProgrammeFilters(start=date(2026, 7, 1), end=date(2026, 9, 30))


@pytest.fixture
def programme(factory):
    """Small seeded programme across kecamatan A (32.73.01) and B (another one); every
    expected figure below is counted by hand from these lines."""
    admin = factory.admin
    officer = factory.user(Role.OFFICER)
    kel_b = other_kelurahan()

    def trainee(kel, poverty, gender, joined_on, graduated_on=None):
        t = factory.trainee(kelurahan_code=kel, poverty_status=poverty, gender=gender, joined_on=joined_on,
                            consent_on=joined_on)
        if graduated_on is not None:
            t.graduated_on, t.graduated_by_id = graduated_on, admin.id
            db.session.commit()
        return t

    t = {
        "A1": trainee(KEL_A, "extreme_poor", "F", date(2026, 1, 15)),  # active
        "A2": trainee(KEL_A, "poor", "M", date(2026, 8, 3)),  # active, new
        "A3": trainee(KEL_A, "extreme_poor", "F", date(2026, 2, 1), date(2026, 6, 30)),  # graduated before
        "A4": trainee(KEL_A, "near_poor", "F", date(2026, 3, 1), date(2026, 9, 15)),  # active, graduated in
        "A5": trainee(KEL_A, "vulnerable", "M", date(2026, 10, 5)),  # joined after the period
        "B1": trainee(kel_b.code, "extreme_poor", "M", date(2026, 1, 15)),  # active
        "B2": trainee(kel_b.code, "extreme_poor", "F", date(2026, 7, 20)),  # active, new
        "B3": trainee(kel_b.code, "poor", "F", date(2026, 9, 30)),  # active, new (last day)
    }
    loans = {
        # before the period; Jul paid on time, Aug paid late, Sep-Nov unpaid: 78 days past due
        "L1": make_loan(factory, t["A1"], on=date(2026, 2, 10), amount=5_000_000, term=12),
        # in the period; Sep and Oct paid, Nov unpaid: 12 days past due
        "L2": make_loan(factory, t["B1"], on=date(2026, 8, 15), amount=3_000_000, term=6),
        # the period's last day; nothing due yet
        "L3": make_loan(factory, t["A2"], on=date(2026, 9, 30), amount=2_000_000, term=3),
        # in the period, never paid, written off on 1 Nov
        "L4": make_loan(factory, t["B2"], on=date(2026, 7, 25), amount=1_000_000, term=6),
        # before the period, repaid in full (closed)
        "L5": make_loan(factory, t["A4"], on=date(2026, 3, 1), amount=1_000_000, term=3),
    }
    pay_installments(loans["L1"], {1, 2, 3, 4, 5}, actor=officer)
    pay_installments(loans["L1"], {6}, actor=officer, late_days=22)
    pay_installments(loans["L2"], {1, 2}, actor=officer)
    pay_installments(loans["L5"], {1, 2, 3}, actor=officer)
    loan_services.write_off(loans["L4"], actor=admin, on=date(2026, 11, 1), reason="Usaha tutup")
    db.session.commit()

    sessions = {
        "S0": factory.mentor_session([t["A1"]], mentor=admin, held_on=date(2026, 6, 30)),  # before
        "S1": factory.mentor_session([t["A1"]], mentor=admin, held_on=date(2026, 7, 10)),
        "S2": factory.mentor_session([t["A1"], t["B1"], t["A2"]], mentor=admin, held_on=date(2026, 8, 5),
                                     absent=[t["A2"].id]),
        "S3": factory.mentor_session([t["B3"]], mentor=admin, held_on=date(2026, 9, 30), absent=[t["B3"].id]),
        "S4": factory.mentor_session([t["B2"]], mentor=admin, held_on=date(2026, 10, 1)),  # after
    }

    def snapshot(trainee_, as_of, band):
        db.session.add(Assessment(trainee_id=trainee_.id, as_of=as_of, method_version="v1", inputs_digest="x" * 64,
                                  score=None, band=band, weights_known=0, results={}))

    snapshot(t["A1"], date(2026, 8, 31), "rentan")
    snapshot(t["A1"], date(2026, 9, 30), "berkembang")  # the latest up to the period's end
    snapshot(t["A1"], date(2026, 10, 31), "mandiri")  # after the period: ignored
    snapshot(t["B1"], date(2026, 9, 15), "mandiri")
    snapshot(t["A3"], date(2026, 5, 1), "rentan")  # not in the programme during the period
    db.session.commit()
    return t, loans, sessions


def _due_and_paid(loan, start, end):
    due = paid = D(0)
    for row in loan.installments:
        if start <= row.due_on <= end:
            due += row.principal_due + row.interest_due + row.fee_due
            paid += row.principal_paid + row.interest_paid + row.fee_paid
    return due, paid


def test_programme_figures_match_a_hand_count(programme):
    t, loans, _sessions = programme
    report = services.programme_figures(PERIOD, as_of=TODAY)
    kec_b = t["B1"].kecamatan_code
    rows = {r.kecamatan_code: r for r in report.rows_by_kecamatan}
    a, b = rows[KEC_A], rows[kec_b]
    l1, l2, l3, l4 = (db.session.get(Loan, loans[k].id) for k in ("L1", "L2", "L3", "L4"))

    # trainees
    assert (a.trainees, a.new_trainees, a.graduated) == (3, 1, 1)  # A1 A2 A4; A2; A4
    assert a.by_poverty == {"extreme_poor": 1, "poor": 1, "near_poor": 1, "vulnerable": 0}
    assert a.by_gender == {"M": 1, "F": 2}
    assert (b.trainees, b.new_trainees, b.graduated) == (3, 2, 0)
    assert b.by_poverty == {"extreme_poor": 2, "poor": 1, "near_poor": 0, "vulnerable": 0}
    assert b.by_gender == {"M": 1, "F": 2}
    assert a.extreme_poor_share == D("33.33") and b.extreme_poor_share == D("66.67")

    # financing: disbursed in the period L2, L3 (B, A) and L4 (B, written off since)
    assert (a.loans_disbursed, a.amount_disbursed) == (1, D(2_000_000))
    assert (b.loans_disbursed, b.amount_disbursed) == (2, D(4_000_000))
    # active now: L1, L3 (A) and L2 (B); L4 written off, L5 closed
    outstanding_l1 = sum(r.principal_due - r.principal_paid for r in l1.installments)
    assert (a.active_loans, a.principal_outstanding) == (2, outstanding_l1 + D(2_000_000))
    assert a.par30_amount == outstanding_l1  # 78 days past due
    outstanding_l2 = sum(r.principal_due - r.principal_paid for r in l2.installments)
    assert (b.active_loans, b.principal_outstanding, b.par30_amount) == (1, outstanding_l2, D(0))
    assert b.par30 == D("0.00")
    assert a.par30 == (outstanding_l1 * 100 / (outstanding_l1 + D(2_000_000))).quantize(D("0.01"))

    # repayment: instalments due 1 Jul - 30 Sep
    due_a, paid_a = _due_and_paid(l1, PERIOD.start, PERIOD.end)  # L3's first is due 30 Oct
    assert len([r for r in l1.installments if PERIOD.start <= r.due_on <= PERIOD.end]) == 3
    assert paid_a == sum(r.principal_due + r.interest_due for r in l1.installments if r.number in (6, 7))
    assert (a.amount_due, a.amount_collected) == (due_a, paid_a)
    assert a.repayment_rate == (paid_a * 100 / due_a).quantize(D("0.01"))
    due_l2, paid_l2 = _due_and_paid(l2, PERIOD.start, PERIOD.end)  # 15 Sep, paid
    due_l4, paid_l4 = _due_and_paid(l4, PERIOD.start, PERIOD.end)  # 25 Aug, 25 Sep, unpaid
    assert due_l2 == paid_l2 > 0 and paid_l4 == 0 and due_l4 > 0
    assert (b.amount_due, b.amount_collected) == (due_l2 + due_l4, due_l2)
    assert l3.installments[0].due_on == date(2026, 10, 30)

    # mentoring: A: S1, S2 (A1 attended; A2 absent); B: S2 (B1), S3 (B3 absent)
    assert (a.sessions, a.trainees_mentored) == (2, 1)
    assert (b.sessions, b.trainees_mentored) == (2, 1)

    # bands of the trainees counted
    assert a.bands == {"mandiri": 0, "berkembang": 1, "rentan": 0, "data_kurang": 0, "not_assessed": 2}
    assert b.bands == {"mandiri": 1, "berkembang": 0, "rentan": 0, "data_kurang": 0, "not_assessed": 2}

    # totals: the sum of the rows, sessions counted once (S2 has participants in A and B)
    totals = report.totals
    assert (totals.kecamatan_code, totals.trainees, totals.new_trainees, totals.graduated) == (None, 6, 3, 1)
    assert totals.by_poverty == {"extreme_poor": 3, "poor": 2, "near_poor": 1, "vulnerable": 0}
    assert totals.extreme_poor_share == D("50.00")
    assert (totals.loans_disbursed, totals.amount_disbursed) == (3, D(6_000_000))
    assert totals.principal_outstanding == outstanding_l1 + D(2_000_000) + outstanding_l2
    assert totals.par30 == (outstanding_l1 * 100 / totals.principal_outstanding).quantize(D("0.01"))
    assert totals.repayment_rate == ((paid_a + due_l2) * 100 / (due_a + due_l2 + due_l4)).quantize(D("0.01"))
    assert (totals.sessions, totals.trainees_mentored) == (3, 2)
    assert totals.bands == {"mandiri": 1, "berkembang": 1, "rentan": 0, "data_kurang": 0, "not_assessed": 4}

    # the trend, month by month
    assert [(m.month, m.new_trainees, m.loans_disbursed, m.amount_disbursed, m.sessions) for m in report.trend] == [
        (date(2026, 7, 1), 1, 1, D(1_000_000), 1),
        (date(2026, 8, 1), 1, 1, D(3_000_000), 1),
        (date(2026, 9, 1), 1, 1, D(2_000_000), 1),
    ]
    assert (report.bands_as_of, report.due_until) == (PERIOD.end, PERIOD.end)


def test_every_kecamatan_has_a_row_sorted_by_extreme_poor_share(programme):
    t, _loans, _sessions = programme
    report = services.programme_figures(PERIOD, as_of=TODAY)
    rows = report.rows_by_kecamatan
    assert len(rows) == db.session.scalar(select(func.count()).select_from(Kecamatan)) == 30
    assert [r.kecamatan_code for r in rows[:2]] == [t["B1"].kecamatan_code, KEC_A]
    zero = rows[2:]
    assert all(r.trainees == 0 and r.sessions == 0 and r.amount_disbursed == 0 and r.repayment_rate is None
               and r.par30 == 0 and r.extreme_poor_share == 0 and r.bands["not_assessed"] == 0 for r in zero)
    assert [r.kecamatan_name.casefold() for r in zero] == sorted(r.kecamatan_name.casefold() for r in zero)
    names = dict(db.session.execute(select(Kecamatan.code, Kecamatan.name)).all())
    assert all(r.kecamatan_name == names[r.kecamatan_code] for r in rows)


def test_a_kecamatan_filter_narrows_every_figure(programme):
    t, _loans, _sessions = programme
    kec_b = t["B1"].kecamatan_code
    everything = services.programme_figures(PERIOD, as_of=TODAY)
    only_b = services.programme_figures(ProgrammeFilters(PERIOD.start, PERIOD.end, kec_b), as_of=TODAY)
    [row] = only_b.rows_by_kecamatan
    expected = next(r for r in everything.rows_by_kecamatan if r.kecamatan_code == kec_b)
    assert row == expected
    totals = only_b.totals
    for name in ("trainees", "by_poverty", "by_gender", "new_trainees", "loans_disbursed", "amount_disbursed",
                 "principal_outstanding", "par30_amount", "amount_due", "amount_collected", "sessions",
                 "trainees_mentored", "bands"):
        assert getattr(totals, name) == getattr(row, name), name
    assert [(m.new_trainees, m.loans_disbursed, m.sessions) for m in only_b.trend] == [(1, 1, 0), (0, 1, 1), (1, 0, 1)]


def test_period_edges(programme):
    # a period still running: instalments not yet due do not count against the rate,
    # and bands are those known on as_of
    report = services.programme_figures(ProgrammeFilters(date(2026, 11, 1), date(2026, 11, 30)),
                                        as_of=date(2026, 11, 9))
    assert report.due_until == date(2026, 11, 8) and report.bands_as_of == date(2026, 11, 9)
    assert report.totals.amount_due == 0 and report.totals.repayment_rate is None
    assert report.totals.bands["mandiri"] == 2  # A1's 31 Oct snapshot, B1's
    assert [m.month for m in report.trend] == [date(2026, 11, 1)]
    with pytest.raises(ValueError):
        services.programme_figures(ProgrammeFilters(date(2026, 9, 1), date(2026, 8, 31)), as_of=TODAY)
    with pytest.raises(ValueError):
        services.programme_figures(ProgrammeFilters(date(2026, 9, 1), date(2026, 9, 30), "99.99.99"), as_of=TODAY)


def test_programme_figures_run_a_constant_number_of_statements(programme, factory):
    t, _loans, _sessions = programme
    before, _ = count_statements(lambda: services.programme_figures(PERIOD, as_of=TODAY))
    admin = factory.admin
    kel_b = other_kelurahan()
    for n in range(6):
        extra = factory.trainee(kelurahan_code=kel_b.code if n % 2 else KEL_A, joined_on=date(2026, 7, 1 + n),
                                consent_on=date(2026, 7, 1 + n))
        make_loan(factory, extra, on=date(2026, 8, 1 + n), amount=1_000_000, term=3)
        factory.mentor_session([extra, t["A1"]], mentor=admin, held_on=date(2026, 9, 1 + n))
    admin.role  # noqa: B018
    after, report = count_statements(lambda: services.programme_figures(PERIOD, as_of=TODAY))
    filtered, _ = count_statements(lambda: services.programme_figures(
        ProgrammeFilters(PERIOD.start, PERIOD.end, KEC_A), as_of=TODAY))
    assert before == after == filtered == 9
    assert report.totals.trainees == 12
