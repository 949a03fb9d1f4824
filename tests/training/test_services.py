"""Training services: programmes and cohorts with validation, enrolment with a waiting
list (first come, first served), sessions with attendance, the completion rule and
certificate numbers, cancellation, who may act, and the loans hook (a product requiring
training refuses an untrained trainee). Runs on SQLite and PostgreSQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from training import services
from training.models import Cohort, Enrolment
from training.services import CohortData, InvalidTransition, NotAllowed, ProgrammeData, ValidationFailed

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)
START = date(2026, 3, 2)


def actions(*names):
    return db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.in_(names))
                              .order_by(AuditEvent.id)).all()


def cohort_data(programme, **overrides) -> CohortData:
    values = dict(programme_id=programme.id, name="Angkatan 1 – Babakan Ciparay", trainer="Bu Rina",
                  kelurahan_code="32.73.01.1001", venue="Balai RW 02", starts_on=START, ends_on=date(2026, 4, 30),
                  capacity=2)
    values.update(overrides)
    return CohortData(**values)


def session(cohort, present, *, on=START, actor):
    return services.record_session(cohort, held_on=on, topic="Pembukuan", duration_minutes=120,
                                   present_enrolment_ids={e.id for e in present}, actor=actor,
                                   today=date(2026, 4, 30))


# --- Programmes and cohorts ---------------------------------------------------------


def test_create_programme_and_refuse_duplicate_or_empty_name(factory):
    p = services.create_programme(ProgrammeData(name=" Pelatihan Wirausaha ", curriculum="A\n\nB\n"),
                                  actor=factory.admin)
    assert p.name == "Pelatihan Wirausaha" and p.topics == ["A", "B"]
    with pytest.raises(ValidationFailed) as err:
        services.create_programme(ProgrammeData(name="pelatihan wirausaha"), actor=factory.admin)
    assert "name" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        services.create_programme(ProgrammeData(name="  "), actor=factory.admin)
    assert "name" in err.value.errors
    services.update_programme(p, ProgrammeData(name="Pelatihan Wirausaha Dasar"), actor=factory.admin)
    assert actions("training.programme_created", "training.programme_updated") == [
        "training.programme_created", "training.programme_updated"]


def test_mentor_and_trainee_cannot_manage(factory):
    mentor = factory.user(Role.MENTOR)
    with pytest.raises(NotAllowed):
        services.create_programme(ProgrammeData(name="X"), actor=mentor)
    cohort = factory.cohort()
    with pytest.raises(NotAllowed):
        services.enrol(cohort, factory.trainee(), actor=mentor, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_cohort_validation_reports_every_field(factory):
    p = factory.programme()
    data = cohort_data(p, name="", trainer="", venue="", kelurahan_code="99.99", ends_on=date(2026, 3, 1),
                       capacity=0, min_attendance_percent=101)
    with pytest.raises(ValidationFailed) as err:
        services.create_cohort(data, actor=factory.admin)
    assert set(err.value.errors) == {"name", "trainer", "venue", "kelurahan_code", "ends_on", "capacity",
                                     "min_attendance_percent"}
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 0


def test_capacity_cannot_drop_below_seats_taken_and_raising_it_moves_waiting_up(factory):
    cohort = factory.cohort(capacity=1)
    first, second = factory.enrolment(cohort=cohort), factory.enrolment(cohort=cohort)
    assert (first.status, second.status) == ("enrolled", "waitlisted")
    base = cohort_data(cohort.programme, name=cohort.name, capacity=1)
    with pytest.raises(ValidationFailed):
        services.update_cohort(cohort, replace(base, capacity=0), actor=factory.admin)
    services.update_cohort(cohort, replace(base, capacity=2), actor=factory.admin)
    assert second.status == "enrolled"
    assert actions("training.promoted") == ["training.promoted"]


# --- Enrolment and the waiting list -------------------------------------------------


def test_enrol_fills_seats_then_waiting_list_and_refuses_a_second_enrolment(factory):
    cohort = factory.cohort(capacity=2)
    trainees = [factory.trainee() for _ in range(3)]
    es = [services.enrol(cohort, t, actor=factory.admin, now=NOW) for t in trainees]
    assert [e.status for e in es] == ["enrolled", "enrolled", "waitlisted"]
    with pytest.raises(ValidationFailed) as err:
        services.enrol(cohort, trainees[0], actor=factory.admin, now=NOW)
    assert "trainee_id" in err.value.errors
    assert actions("training.enrolled", "training.waitlisted") == [
        "training.enrolled", "training.enrolled", "training.waitlisted"]


def test_withdraw_frees_the_seat_for_the_first_waiting_trainee(factory):
    cohort = factory.cohort(capacity=1)
    seated, w1, w2 = (factory.enrolment(cohort=cohort) for _ in range(3))
    promoted = services.withdraw(seated, actor=factory.user(Role.OFFICER), now=NOW)
    assert promoted == [w1]
    assert (seated.status, w1.status, w2.status) == ("withdrawn", "enrolled", "waitlisted")
    # withdrawing a waiting trainee frees nothing
    assert services.withdraw(w2, actor=factory.admin, now=NOW) == []
    with pytest.raises(InvalidTransition):
        services.withdraw(w2, actor=factory.admin, now=NOW)


def test_a_withdrawn_trainee_can_enrol_again_at_the_back_of_the_queue(factory):
    cohort = factory.cohort(capacity=1)
    a = factory.enrolment(cohort=cohort)
    b = factory.enrolment(cohort=cohort)
    services.withdraw(b, actor=factory.admin, now=NOW)
    c = factory.enrolment(cohort=cohort)
    again = services.enrol(cohort, b.trainee, actor=factory.admin, now=datetime(2026, 3, 3, tzinfo=timezone.utc))
    assert again.id == b.id and again.status == "waitlisted"
    services.withdraw(a, actor=factory.admin, now=NOW)
    assert (c.status, b.status) == ("enrolled", "waitlisted")


def test_no_enrolment_in_a_completed_or_cancelled_cohort(factory):
    cancelled = factory.cohort(status="cancelled")
    with pytest.raises(InvalidTransition):
        services.enrol(cancelled, factory.trainee(), actor=factory.admin, now=NOW)
    done = factory.completed_enrolment().cohort
    with pytest.raises(InvalidTransition):
        services.enrol(done, factory.trainee(), actor=factory.admin, now=NOW)


# --- Sessions and attendance --------------------------------------------------------


def test_first_session_starts_the_cohort_with_one_row_per_enrolled_trainee(factory):
    cohort = factory.cohort(capacity=2)
    a, b, waiting = (factory.enrolment(cohort=cohort) for _ in range(3))
    s = session(cohort, [a], actor=factory.user(Role.MENTOR))
    assert cohort.status == "running"
    assert {(r.enrolment_id, r.present) for r in s.attendance} == {(a.id, True), (b.id, False)}
    assert actions("training.cohort_started", "training.session_recorded") == [
        "training.cohort_started", "training.session_recorded"]


def test_session_date_and_attendance_are_checked(factory):
    cohort = factory.cohort()
    e = factory.enrolment(cohort=cohort)
    other = factory.enrolment()
    for held_on, field in ((date(2026, 3, 1), "held_on"), (date(2026, 5, 1), "held_on")):
        with pytest.raises(ValidationFailed) as err:
            session(cohort, [e], on=held_on, actor=factory.admin)
        assert field in err.value.errors
    with pytest.raises(ValidationFailed) as err:  # in the future
        services.record_session(cohort, held_on=date(2026, 3, 10), topic="X", duration_minutes=60,
                                present_enrolment_ids=set(), actor=factory.admin, today=date(2026, 3, 9))
    assert "held_on" in err.value.errors
    with pytest.raises(ValidationFailed) as err:
        session(cohort, [other], actor=factory.admin)
    assert "present_enrolment_ids" in err.value.errors
    with pytest.raises(NotAllowed):
        session(cohort, [e], actor=factory.user(Role.TRAINEE))
    assert cohort.status == "planned"


def test_update_attendance_records_the_changes(factory):
    cohort = factory.cohort()
    a, b = factory.enrolment(cohort=cohort), factory.enrolment(cohort=cohort)
    s = session(cohort, [a], actor=factory.admin)
    changes = services.update_attendance(s, {b.id}, actor=factory.admin)
    assert changes == {a.id: [True, False], b.id: [False, True]}
    assert services.update_attendance(s, {b.id}, actor=factory.admin) == {}
    assert actions("training.attendance_updated") == ["training.attendance_updated"]


def test_attendance_percent_rounds_half_even(factory):
    cohort = factory.cohort(starts_on=date(2026, 3, 1))
    e = factory.enrolment(cohort=cohort)
    assert services.attendance_percent(e) is None
    # 1 of 8 = 12.5 % -> 12 (half to even); 3 of 8 = 37.5 % -> 38
    for day in range(1, 9):
        session(cohort, [e] if day <= 1 else [], on=date(2026, 3, day), actor=factory.admin)
    assert services.attendance_percent(e) == 12
    for s in cohort.sessions[1:3]:
        services.update_attendance(s, {e.id}, actor=factory.admin)
    assert services.attendance_percent(e) == 38


# --- Completion ---------------------------------------------------------------------


def test_complete_cohort_applies_the_rule_and_numbers_certificates(factory):
    cohort = factory.cohort(capacity=3, min_attendance_percent=75)
    good, low, no_plan, waiting = (factory.enrolment(cohort=cohort) for _ in range(4))
    for day, present in ((2, [good, low, no_plan]), (3, [good, no_plan]), (4, [good, no_plan]), (5, [good])):
        session(cohort, present, on=date(2026, 3, day), actor=factory.admin)
    for e in (good, low):
        services.mark_business_plan(e, True, actor=factory.admin, on=date(2026, 3, 5))
    preview = services.completion_preview(cohort)
    assert [(e.id, pct, plan, ok) for e, pct, plan, ok in preview] == [
        (good.id, 100, True, True), (low.id, 25, True, False), (no_plan.id, 75, False, False)]

    completed, not_completed = services.complete_cohort(cohort, actor=factory.admin, now=NOW)
    assert completed == [good] and not_completed == [low, no_plan]
    assert cohort.status == "completed" and cohort.completed_by_id == factory.admin.id
    assert good.certificate_number == f"BDY/{cohort.id}/2026/0001"
    assert good.completed_on == date(2026, 3, 2) and good.attendance_percent == 100
    assert (low.status, low.certificate_number, low.attendance_percent) == ("not_completed", None, 25)
    assert waiting.status == "withdrawn"
    assert services.has_completed_training(good.trainee_id)
    assert not services.has_completed_training(low.trainee_id)
    with pytest.raises(InvalidTransition):
        services.complete_cohort(cohort, actor=factory.admin, now=NOW)
    with pytest.raises(InvalidTransition):
        services.update_attendance(cohort.sessions[0], set(), actor=factory.admin)


def test_complete_needs_a_running_cohort_with_a_session(factory):
    cohort = factory.cohort()
    factory.enrolment(cohort=cohort)
    with pytest.raises(InvalidTransition):
        services.complete_cohort(cohort, actor=factory.admin, now=NOW)
    services.start_cohort(cohort, actor=factory.admin, now=NOW)
    with pytest.raises(InvalidTransition):
        services.complete_cohort(cohort, actor=factory.admin, now=NOW)
    assert cohort.status == "running"


def test_cancel_needs_a_reason_and_withdraws_everyone(factory):
    cohort = factory.cohort(capacity=1)
    a, b = factory.enrolment(cohort=cohort), factory.enrolment(cohort=cohort)
    with pytest.raises(ValidationFailed):
        services.cancel_cohort(cohort, " ", actor=factory.admin, now=NOW)
    services.cancel_cohort(cohort, "Trainer sakit", actor=factory.admin, now=NOW)
    assert cohort.status == "cancelled" and {a.status, b.status} == {"withdrawn"}
    with pytest.raises(InvalidTransition):
        services.start_cohort(cohort, actor=factory.admin, now=NOW)


def test_visible_cohorts_by_role(factory):
    factory.cohort()
    for role, count in ((Role.ADMIN, 1), (Role.OFFICER, 1), (Role.MENTOR, 1), (Role.TRAINEE, 0)):
        user = factory.user(role)
        assert len(db.session.scalars(services.visible_cohorts(user)).all()) == count, role


def test_certificate_download_rights(factory):
    trainee = factory.trainee_with_login()
    done = factory.completed_enrolment(trainee=trainee)
    from accounts.models import User
    own = db.session.get(User, trainee.user_id)
    assert services.can_download_certificate(own, done)
    assert services.can_download_certificate(factory.user(Role.MENTOR), done)
    assert not services.can_download_certificate(factory.user(Role.TRAINEE), done)
    pending = factory.enrolment()
    assert not services.can_download_certificate(factory.admin, pending)


# --- Loans hook ---------------------------------------------------------------------


def test_training_product_refuses_an_untrained_trainee_and_accepts_a_trained_one(factory):
    from loans import services as loan_services

    product = factory.product(requires_training=True)
    untrained = factory.trainee()
    trained = factory.completed_enrolment().trainee
    from flask_babel import force_locale

    with force_locale("en"), pytest.raises(loan_services.ValidationFailed) as err:
        factory.application(trainee=untrained, product=product)
    assert "entrepreneurship training" in err.value.errors["product_id"]
    assert factory.application(trainee=trained, product=product).id
