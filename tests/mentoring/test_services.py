"""Mentoring services: assignments (and the trainee registry's use of them), sessions
with attendance and the 7-day edit window, action items, monthly check-ins with their
sanity warnings; who may act for whom; a refusal saves nothing. Runs on SQLite and
PostgreSQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from accounts.models import AuditEvent, Role
from extensions import db
from mentoring import services
from mentoring.models import (
    ActionItem,
    BusinessCheckin,
    MentorAssignment,
    MentoringSession,
    SessionAttendance,
    SessionTopic,
)
from mentoring.services import (
    ActionData,
    CheckinData,
    EditWindowClosed,
    NeedsConfirmation,
    NotAllowed,
    SessionData,
    ValidationFailed,
)
from trainees import services as trainee_services
from trainees.models import Trainee

D = Decimal
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
KELURAHAN = "32.73.01.1001"


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def mentor(factory):
    return factory.user(Role.MENTOR)


@pytest.fixture
def other_mentor(factory):
    return factory.user(Role.MENTOR)


@pytest.fixture
def officer(factory):
    return factory.user(Role.OFFICER)


@pytest.fixture
def trainees(factory, mentor):
    return [factory.trainee(mentor_id=mentor.id) for _ in range(3)]


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def history(trainee) -> list[MentorAssignment]:
    return list(db.session.scalars(
        select(MentorAssignment).where(MentorAssignment.trainee_id == trainee.id)
        .order_by(MentorAssignment.started_on, MentorAssignment.id)))


def session_data(people, **overrides) -> SessionData:
    values = dict(
        held_on=date(2026, 11, 25), starts_at=time(9, 30), duration_minutes=45, mode="field_visit",
        kelurahan_code=KELURAHAN, topics=["bookkeeping", "pricing"], topic_other=None,
        shared_notes="Mulai catat penjualan harian.", staff_notes="Suami sakit, usaha sempat tutup.",
        next_session_on=date(2026, 12, 9), participants=[t.id if hasattr(t, "id") else t for t in people],
        absent=[],
    )
    values.update(overrides)
    return SessionData(**values)


def checkin_data(**overrides) -> CheckinData:
    values = dict(
        month=date(2026, 10, 1), revenue=D(4_500_000), costs=D(3_000_000), other_income=D(1_000_000),
        savings=D(750_000), paid_workers=1, unpaid_workers=2, channels=["shop", "social_media"],
        keeps_records=True, separates_money=True, practices=["records_sales", "knows_profit", "has_budget"],
    )
    values.update(overrides)
    return CheckinData(**values)


def mentoring_counts() -> dict:
    models = (MentorAssignment, MentoringSession, SessionTopic, SessionAttendance, ActionItem, BusinessCheckin,
              AuditEvent)
    return {m.__name__: count(m) for m in models}


@pytest.fixture
def saves_nothing():
    """``with saves_nothing(): ...`` asserts the block raised and wrote no mentoring row
    nor audit event (after the refusal, a rollback loses nothing either)."""
    from contextlib import contextmanager

    @contextmanager
    def check(error=services.MentoringError):
        db.session.commit()
        before = mentoring_counts()
        with pytest.raises(error) as info:
            yield info
        assert mentoring_counts() == before
        db.session.rollback()
        assert mentoring_counts() == before

    return check


# --- can_manage_trainee -------------------------------------------------------------


def test_can_manage_trainee_by_role(factory, mentor, other_mentor, officer):
    trainee = factory.trainee(mentor_id=mentor.id)
    account = factory.user(Role.TRAINEE)
    assert services.can_manage_trainee(factory.admin, trainee)
    assert services.can_manage_trainee(officer, trainee)
    assert services.can_manage_trainee(mentor, trainee)
    assert not services.can_manage_trainee(other_mentor, trainee)
    assert not services.can_manage_trainee(account, trainee)
    assert not services.can_manage_trainee(None, trainee)


def test_disabled_user_manages_nobody(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    mentor.is_enabled = False
    assert not services.can_manage_trainee(mentor, trainee)


# --- Assignments --------------------------------------------------------------------


def test_registering_with_a_mentor_opens_the_history_on_the_joining_date(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 3, 2))
    [opening] = history(trainee)
    assert (opening.mentor_id, opening.started_on, opening.ended_on, opening.reason) == (
        mentor.id, date(2026, 3, 2), None, None)
    assert opening.assigned_by_id == factory.admin.id
    assert services.current_assignment(trainee) == opening


def test_registering_without_a_mentor_opens_no_history(factory):
    trainee = factory.trainee()
    assert history(trainee) == []


def test_bulk_register_opens_assignments_in_constant_statements(factory, mentor, other_mentor):
    def register(n: int) -> tuple[list[int], int]:
        rows = [factory.trainee_data(mentor_id=[mentor.id, other_mentor.id, None][i % 3],
                                     joined_on=date(2026, 2, 1 + i % 28)) for i in range(n)]
        statements = []

        def on_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        refs, actor = trainee_services.Refs.load(), factory.admin
        event.listen(db.engine, "before_cursor_execute", on_execute)
        try:
            ids = trainee_services.bulk_register(rows, actor=actor, refs=refs)
            db.session.flush()
        finally:
            event.remove(db.engine, "before_cursor_execute", on_execute)
        db.session.commit()
        return ids, len(statements)

    few_ids, few = register(3)
    many_ids, many = register(30)
    assert few == many
    by_trainee = {a.trainee_id: a for a in db.session.scalars(select(MentorAssignment))}
    for ids in (few_ids, many_ids):
        for i, tid in enumerate(ids):
            trainee = db.session.get(Trainee, tid)
            if trainee.mentor_id is None:
                assert tid not in by_trainee
            else:
                assignment = by_trainee[tid]
                assert (assignment.mentor_id, assignment.started_on, assignment.ended_on) == (
                    trainee.mentor_id, trainee.joined_on, None)
                assert assignment.assigned_by_id == factory.admin.id and assignment.created_at is not None
    assert len(by_trainee) == 2 + 20


def test_reassignment_ends_the_current_period_the_day_the_next_begins(factory, mentor, other_mentor, officer):
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 1, 15))
    new = services.assign_mentor(trainee, other_mentor, actor=officer, on=date(2026, 6, 1),
                                 reason="  Mentor pindah wilayah  ")
    db.session.commit()
    first, second = history(trainee)
    assert (first.mentor_id, first.started_on, first.ended_on, first.ended_by_id) == (
        mentor.id, date(2026, 1, 15), date(2026, 6, 1), officer.id)
    assert second == new
    assert (second.mentor_id, second.started_on, second.ended_on, second.reason, second.assigned_by_id) == (
        other_mentor.id, date(2026, 6, 1), None, "Mentor pindah wilayah", officer.id)
    assert trainee.mentor_id == other_mentor.id
    [audit] = events("mentor.assigned")
    assert (audit.entity_type, audit.entity_id, audit.actor_id) == ("trainee", str(trainee.id), officer.id)
    assert audit.details == {"mentor_id": other_mentor.id, "previous_mentor_id": mentor.id,
                             "reason": "Mentor pindah wilayah", "on": "2026-06-01"}
    # the access policy follows: the old mentor manages no more, the new one does
    assert not services.can_manage_trainee(mentor, trainee)
    assert services.can_manage_trainee(other_mentor, trainee)
    visible = trainee_services.visible_trainees(mentor).where(Trainee.id == trainee.id)
    assert db.session.scalar(visible) is None


def test_history_of_several_changes_including_a_gap_without_mentor(factory, mentor, other_mentor):
    admin = factory.admin
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 1, 15))
    services.assign_mentor(trainee, other_mentor, actor=admin, on=date(2026, 3, 1), reason="Beban kerja")
    assert services.assign_mentor(trainee, None, actor=admin, on=date(2026, 3, 1), reason="Cuti") is None
    assert trainee.mentor_id is None and services.current_assignment(trainee) is None
    services.assign_mentor(trainee, mentor, actor=admin, on=date(2026, 5, 10), reason=None)
    db.session.commit()
    assert [(a.mentor_id, a.started_on, a.ended_on) for a in history(trainee)] == [
        (mentor.id, date(2026, 1, 15), date(2026, 3, 1)),
        (other_mentor.id, date(2026, 3, 1), date(2026, 3, 1)),
        (mentor.id, date(2026, 5, 10), None),
    ]
    assert [e.details["previous_mentor_id"] for e in events("mentor.assigned")] == [mentor.id, other_mentor.id, None]


def test_first_assignment_needs_no_reason(factory, mentor):
    trainee = factory.trainee(joined_on=date(2026, 2, 1))
    assignment = services.assign_mentor(trainee, mentor, actor=factory.admin, on=date(2026, 2, 3), reason="  ")
    assert (assignment.reason, assignment.started_on, trainee.mentor_id) == (None, date(2026, 2, 3), mentor.id)


@pytest.mark.parametrize("new_mentor", ["other", None])
def test_replacing_or_removing_a_mentor_needs_a_reason(factory, mentor, other_mentor, saves_nothing, new_mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    target = other_mentor if new_mentor == "other" else None
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(trainee, target, actor=factory.admin, on=TODAY, reason="   ")
    assert info.value.errors == {"reason": "Give the reason for changing the mentor."}
    assert info.value.field == "reason"
    assert trainee.mentor_id == mentor.id


def test_assignee_must_be_an_enabled_mentor(factory, mentor, officer, saves_nothing):
    trainee = factory.trainee()
    disabled = factory.user(Role.MENTOR)
    disabled.is_enabled = False
    for user in (officer, factory.user(Role.TRAINEE), disabled):
        with saves_nothing(ValidationFailed) as info:
            services.assign_mentor(trainee, user, actor=factory.admin, on=TODAY, reason=None)
        assert set(info.value.errors) == {"mentor_id"}
    assert trainee.mentor_id is None


def test_same_mentor_again_and_removing_no_mentor_are_refused(factory, mentor, saves_nothing):
    with_mentor, without = factory.trainee(mentor_id=mentor.id), factory.trainee()
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(with_mentor, mentor, actor=factory.admin, on=TODAY, reason="lagi")
    assert info.value.errors == {"mentor_id": "This mentor is already assigned to the trainee."}
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(without, None, actor=factory.admin, on=TODAY, reason="x")
    assert set(info.value.errors) == {"mentor_id"}


def test_change_cannot_be_dated_before_the_current_period_or_the_last_change(
        factory, mentor, other_mentor, saves_nothing):
    admin = factory.admin
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 1, 15))
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(trainee, other_mentor, actor=admin, on=date(2026, 1, 14), reason="x")
    assert set(info.value.errors) == {"on"}
    # the same day is fine (a one-day period), and a gap's end bounds the next start
    services.assign_mentor(trainee, None, actor=admin, on=date(2026, 4, 1), reason="Cuti")
    db.session.commit()
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(trainee, other_mentor, actor=admin, on=date(2026, 3, 31), reason=None)
    assert set(info.value.errors) == {"on"}
    services.assign_mentor(trainee, other_mentor, actor=admin, on=date(2026, 4, 1), reason=None)
    assert trainee.mentor_id == other_mentor.id


def test_first_assignment_cannot_be_dated_before_joining(factory, mentor, saves_nothing):
    trainee = factory.trainee(joined_on=date(2026, 2, 1))
    with saves_nothing(ValidationFailed) as info:
        services.assign_mentor(trainee, mentor, actor=factory.admin, on=date(2026, 1, 31), reason=None)
    assert set(info.value.errors) == {"on"}


@pytest.mark.parametrize("role", [Role.MENTOR, Role.TRAINEE])
def test_only_admins_and_officers_assign(factory, mentor, other_mentor, saves_nothing, role):
    trainee = factory.trainee(mentor_id=mentor.id)
    actor = mentor if role is Role.MENTOR else factory.user(role)
    with saves_nothing(NotAllowed):
        services.assign_mentor(trainee, other_mentor, actor=actor, on=TODAY, reason="Saya mau")


def test_database_keeps_one_open_assignment_per_trainee(factory, mentor, other_mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    db.session.add(MentorAssignment(trainee_id=trainee.id, mentor_id=other_mentor.id, started_on=TODAY,
                                    assigned_by_id=factory.admin.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- The trainee form's mentor field (trainees.services.update_trainee) ----------------


def _form_data(trainee, **overrides) -> trainee_services.TraineeData:
    """The trainee's current values as the edit form would send them, with ``overrides``."""
    names = [n for n in trainee_services.TraineeData.__dataclass_fields__ if n != "business"]
    business = trainee.business
    data = trainee_services.TraineeData(
        **{n: getattr(trainee, n) for n in names},
        business=None if business is None else trainee_services.BusinessData(
            **{n: getattr(business, n) for n in trainee_services.BusinessData.__dataclass_fields__}),
    )
    return replace(data, **overrides)


def test_changing_the_mentor_in_the_trainee_form_records_the_history(factory, mentor, other_mentor, officer):
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 1, 15))
    trainee_services.update_trainee(trainee, _form_data(trainee, mentor_id=other_mentor.id), actor=officer,
                                    today=TODAY)
    db.session.commit()
    first, second = history(trainee)
    assert (first.ended_on, first.ended_by_id) == (TODAY, officer.id)
    assert (second.mentor_id, second.started_on, second.reason) == (
        other_mentor.id, TODAY, "Changed in the trainee form")
    assert trainee.mentor_id == other_mentor.id
    [assigned] = events("mentor.assigned")
    assert assigned.details["previous_mentor_id"] == mentor.id
    [updated] = events("trainee.updated")
    assert updated.details["changes"]["mentor_id"] == [mentor.id, other_mentor.id]


def test_removing_and_setting_the_mentor_in_the_trainee_form(factory, mentor):
    trainee = factory.trainee(joined_on=date(2026, 1, 15))
    trainee_services.update_trainee(trainee, _form_data(trainee, mentor_id=mentor.id), actor=factory.admin,
                                    today=date(2026, 2, 1))
    trainee_services.update_trainee(trainee, _form_data(trainee, mentor_id=None), actor=factory.admin, today=TODAY)
    db.session.commit()
    [only] = history(trainee)
    assert (only.mentor_id, only.started_on, only.ended_on, only.reason) == (
        mentor.id, date(2026, 2, 1), TODAY, "Changed in the trainee form")
    assert trainee.mentor_id is None


def test_trainee_form_without_mentor_change_leaves_the_history_alone(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    trainee_services.update_trainee(trainee, _form_data(trainee, full_name="Siti Baru"), actor=factory.admin,
                                    today=TODAY)
    db.session.commit()
    assert len(history(trainee)) == 1 and events("mentor.assigned") == []


def test_trainee_form_mentor_change_refused_saves_nothing(factory, mentor, other_mentor):
    trainee = factory.trainee(mentor_id=mentor.id, joined_on=date(2026, 1, 15))
    # a reassignment dated after the form's "today" makes the form's change impossible
    services.assign_mentor(trainee, other_mentor, actor=factory.admin, on=date(2026, 12, 1), reason="Mulai Desember")
    db.session.commit()
    before = mentoring_counts()
    with pytest.raises(trainee_services.ValidationFailed) as info:
        trainee_services.update_trainee(trainee, _form_data(trainee, mentor_id=mentor.id, full_name="Nama Lain"),
                                        actor=factory.admin, today=TODAY)
    assert set(info.value.errors) == {"mentor_id"}
    assert mentoring_counts() == before
    db.session.rollback()
    assert (trainee.mentor_id, trainee.full_name) == (other_mentor.id, db.session.get(Trainee, trainee.id).full_name)
    assert trainee.full_name != "Nama Lain"


# --- Sessions -----------------------------------------------------------------------


def test_mentor_logs_a_group_session_with_attendance(trainees, mentor):
    a, b, c = trainees
    session = services.log_session(session_data(trainees, absent=[b.id], topics=["pricing", "bookkeeping", "pricing"]),
                                   actor=mentor, today=TODAY)
    db.session.commit()
    assert session.kind == "group" and session.mentor_id == mentor.id
    assert (session.held_on, session.starts_at, session.duration_minutes, session.mode, session.kelurahan_code) == (
        date(2026, 11, 25), time(9, 30), 45, "field_visit", KELURAHAN)
    assert [t.topic for t in session.topics] == ["bookkeeping", "pricing"]
    assert {(r.trainee_id, r.attended, r.held_on) for r in session.attendance} == {
        (a.id, True, date(2026, 11, 25)), (b.id, False, date(2026, 11, 25)), (c.id, True, date(2026, 11, 25))}
    assert session.shared_notes == "Mulai catat penjualan harian."
    assert session.staff_notes == "Suami sakit, usaha sempat tutup."
    [logged] = events("mentoring_session.logged")
    assert (logged.entity_type, logged.entity_id, logged.actor_id) == ("mentoring_session", str(session.id), mentor.id)
    assert logged.details["participants"] == sorted(t.id for t in trainees)
    assert logged.details["absent"] == [b.id]
    assert logged.details["topics"] == ["bookkeeping", "pricing"]


def test_one_participant_makes_an_individual_session(trainees, mentor):
    session = services.log_session(session_data(trainees[:1], starts_at=None, kelurahan_code="", shared_notes="  ",
                                                staff_notes=None, next_session_on=None),
                                   actor=mentor, today=TODAY)
    assert session.kind == "individual"
    assert (session.starts_at, session.kelurahan_code, session.shared_notes, session.staff_notes) == (
        None, None, None, None)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICER])
def test_staff_log_sessions_for_any_trainee(factory, trainees, other_mentor, role):
    unassigned = factory.trainee()
    actor = factory.admin if role is Role.ADMIN else factory.user(role)
    session = services.log_session(session_data([trainees[0], unassigned]), actor=actor, today=TODAY)
    assert session.mentor_id == actor.id and session.kind == "group"


def test_mentor_cannot_log_for_a_trainee_not_assigned_to_them(factory, trainees, other_mentor, mentor, saves_nothing):
    theirs = factory.trainee(mentor_id=other_mentor.id)
    with saves_nothing(NotAllowed) as info:
        services.log_session(session_data([trainees[0], theirs]), actor=mentor, today=TODAY)
    assert str(info.value) == "You can only log sessions for trainees assigned to you."
    unassigned = factory.trainee()
    with saves_nothing(NotAllowed):
        services.log_session(session_data([unassigned]), actor=mentor, today=TODAY)


def test_past_mentor_cannot_log_after_reassignment(factory, trainees, mentor, other_mentor, saves_nothing):
    services.assign_mentor(trainees[0], other_mentor, actor=factory.admin, on=TODAY, reason="Pindah")
    with saves_nothing(NotAllowed):
        services.log_session(session_data(trainees[:1]), actor=mentor, today=TODAY)
    services.log_session(session_data(trainees[:1]), actor=other_mentor, today=TODAY)


def test_trainee_account_cannot_log_a_session(factory, trainees, saves_nothing):
    account = factory.user(Role.TRAINEE)
    with saves_nothing(NotAllowed):
        services.log_session(session_data(trainees[:1]), actor=account, today=TODAY)


SESSION_ERRORS = [
    ("held_on", dict(held_on=TODAY + timedelta(days=1))),
    ("held_on", dict(held_on=TODAY - timedelta(days=366), next_session_on=None)),
    ("held_on", dict(held_on=None, next_session_on=None)),
    ("participants", dict(participants=[])),
    ("participants", dict(participants=[999_999])),
    ("absent", dict(absent=[999_999])),
    ("duration_minutes", dict(duration_minutes=0)),
    ("duration_minutes", dict(duration_minutes=721)),
    ("duration_minutes", dict(duration_minutes=None)),
    ("duration_minutes", dict(duration_minutes=True)),
    ("topics", dict(topics=[])),
    ("topics", dict(topics=["astrology"])),
    ("topic_other", dict(topics=["other"], topic_other="  ")),
    ("topic_other", dict(topics=["other"], topic_other="x" * 121)),
    ("mode", dict(mode="telepathy")),
    ("kelurahan_code", dict(kelurahan_code="99.99.99.9999")),
    ("next_session_on", dict(next_session_on=date(2026, 11, 24))),
    ("shared_notes", dict(shared_notes="x" * 5001)),
    ("staff_notes", dict(staff_notes="x" * 5001)),
]


@pytest.mark.parametrize("field,overrides", SESSION_ERRORS)
def test_session_validation(trainees, mentor, saves_nothing, field, overrides):
    with saves_nothing(ValidationFailed) as info:
        services.log_session(session_data(trainees[:2], **overrides), actor=mentor, today=TODAY)
    assert field in info.value.errors, info.value.errors


def test_session_validation_reports_every_broken_rule(trainees, mentor):
    with pytest.raises(ValidationFailed) as info:
        services.log_session(session_data(trainees[:1], duration_minutes=0, mode="x", topics=[]),
                             actor=mentor, today=TODAY)
    assert set(info.value.errors) == {"duration_minutes", "mode", "topics"}
    assert info.value.errors["topics"] == "Choose at least one topic."


def test_session_boundaries_are_accepted(trainees, mentor):
    services.log_session(session_data(trainees[:1], held_on=TODAY - timedelta(days=365), duration_minutes=1,
                                      next_session_on=TODAY - timedelta(days=365)), actor=mentor, today=TODAY)
    services.log_session(session_data(trainees[:1], held_on=TODAY, duration_minutes=720, next_session_on=TODAY),
                         actor=mentor, today=TODAY)
    assert count(MentoringSession) == 2


def test_other_topic_keeps_its_text_only_when_chosen(trainees, mentor):
    with_other = services.log_session(session_data(trainees[:1], topics=["other", "stock"], topic_other=" Pameran "),
                                      actor=mentor, today=TODAY)
    without = services.log_session(session_data(trainees[:1], topics=["stock"], topic_other="Pameran"),
                                   actor=mentor, today=TODAY)
    assert with_other.topic_other == "Pameran"
    assert {t.value for t in with_other.topic_enums} == {"other", "stock"}
    assert without.topic_other is None


def test_a_participant_listed_twice_attends_once(trainees, mentor):
    session = services.log_session(session_data([trainees[0], trainees[0]]), actor=mentor, today=TODAY)
    assert session.kind == "individual" and len(session.attendance) == 1


# --- Editing sessions ---------------------------------------------------------------


@pytest.fixture
def logged(trainees, mentor):
    session = services.log_session(session_data(trainees[:2]), actor=mentor, today=TODAY)
    db.session.commit()
    return session


def test_author_edits_within_seven_days(logged, trainees, mentor):
    a, b, c = trainees
    now = logged.created_at + timedelta(days=7)
    assert services.can_edit_session(logged, mentor, now=now)
    data = session_data([a, c], held_on=date(2026, 11, 24), topics=["marketing", "bookkeeping"], absent=[c.id],
                        staff_notes="Sudah sehat.", duration_minutes=90)
    services.update_session(logged, data, actor=mentor, now=now, today=TODAY)
    db.session.commit()
    assert (logged.held_on, logged.duration_minutes, logged.staff_notes, logged.kind) == (
        date(2026, 11, 24), 90, "Sudah sehat.", "group")
    assert sorted(t.topic for t in logged.topics) == ["bookkeeping", "marketing"]
    assert {(r.trainee_id, r.attended, r.held_on) for r in logged.attendance} == {
        (a.id, True, date(2026, 11, 24)), (c.id, False, date(2026, 11, 24))}
    assert count(SessionAttendance) == 2 and count(SessionTopic) == 2
    [updated] = events("mentoring_session.updated")
    changes = updated.details["changes"]
    assert changes["held_on"] == ["2026-11-25", "2026-11-24"]
    assert changes["duration_minutes"] == [45, 90]
    assert changes["topics"] == [["bookkeeping", "pricing"], ["bookkeeping", "marketing"]]
    assert changes["participants"] == [sorted([a.id, b.id]), sorted([a.id, c.id])]
    assert changes["absent"] == [[], [c.id]]
    assert changes["staff_notes"] == ["Suami sakit, usaha sempat tutup.", "Sudah sehat."]
    assert "mode" not in changes


def test_edit_to_one_participant_makes_it_individual(logged, trainees, mentor):
    services.update_session(logged, session_data(trainees[:1]), actor=mentor, now=logged.created_at, today=TODAY)
    assert logged.kind == "individual" and len(logged.attendance) == 1


def test_saving_an_unchanged_session_writes_no_audit_event(logged, trainees, mentor):
    services.update_session(logged, session_data(trainees[:2]), actor=mentor, now=logged.created_at, today=TODAY)
    assert events("mentoring_session.updated") == []


def test_author_cannot_edit_after_seven_days(logged, trainees, mentor, saves_nothing):
    for late in (timedelta(days=8), timedelta(days=7, seconds=1)):
        now = logged.created_at + late
        assert not services.can_edit_session(logged, mentor, now=now)
        with saves_nothing(EditWindowClosed) as info:
            services.update_session(logged, session_data(trainees[:1], staff_notes="late"), actor=mentor, now=now,
                                    today=TODAY)
        assert str(info.value) == ("Sessions can be edited for 7 days after they were logged; this one is now "
                                   "read-only.")
    assert logged.staff_notes == "Suami sakit, usaha sempat tutup."


def test_edit_window_counts_from_when_the_session_was_logged(logged, trainees, mentor):
    logged.created_at = NOW - timedelta(days=7)
    db.session.commit()
    assert services.can_edit_session(logged, mentor, now=NOW)
    services.update_session(logged, session_data(trainees[:2], shared_notes="Hari ke-7"), actor=mentor, now=NOW,
                            today=TODAY)
    logged.created_at = NOW - timedelta(days=8)
    db.session.commit()
    assert not services.can_edit_session(logged, mentor, now=NOW)
    with pytest.raises(EditWindowClosed):
        services.update_session(logged, session_data(trainees[:2], shared_notes="Hari ke-8"), actor=mentor, now=NOW,
                                today=TODAY)
    assert logged.shared_notes == "Hari ke-7"


def test_only_the_author_edits(factory, logged, trainees, mentor, other_mentor, officer, saves_nothing):
    now = logged.created_at + timedelta(days=1)
    for user in (other_mentor, officer, factory.admin):
        assert not services.can_edit_session(logged, user, now=now)
        with saves_nothing(NotAllowed):
            services.update_session(logged, session_data(trainees[:2], staff_notes="x"), actor=user, now=now,
                                    today=TODAY)


def test_edit_revalidates_the_data(logged, trainees, mentor, saves_nothing):
    with saves_nothing(ValidationFailed) as info:
        services.update_session(logged, session_data(trainees[:2], topics=[], held_on=TODAY + timedelta(days=1)),
                                actor=mentor, now=logged.created_at, today=TODAY)
    assert set(info.value.errors) == {"topics", "held_on"}


def test_edit_keeps_a_reassigned_participant_but_adds_only_own_trainees(
        factory, logged, trainees, mentor, other_mentor, saves_nothing):
    a, b, _ = trainees
    services.assign_mentor(a, other_mentor, actor=factory.admin, on=TODAY, reason="Pindah")
    db.session.commit()
    services.update_session(logged, session_data([a, b], shared_notes="Diperbaiki"), actor=mentor,
                            now=logged.created_at, today=TODAY)
    db.session.commit()
    newcomer = factory.trainee(mentor_id=other_mentor.id)
    with saves_nothing(NotAllowed):
        services.update_session(logged, session_data([a, b, newcomer]), actor=mentor, now=logged.created_at,
                                today=TODAY)


def test_can_edit_session_refuses_a_disabled_author(logged, mentor):
    mentor.is_enabled = False
    assert not services.can_edit_session(logged, mentor, now=logged.created_at)


def test_session_defaults_come_from_the_mentors_latest_session(factory, trainees, mentor, other_mentor):
    assert services.session_defaults(mentor) == {}
    factory.mentor_session(trainees[:1], mentor=mentor, held_on=date(2026, 11, 10), mode="phone")
    factory.mentor_session(trainees[:1], mentor=mentor, held_on=date(2026, 11, 20), mode="video",
                           kelurahan_code="32.73.01.1002")
    factory.mentor_session(trainees[:1], mentor=mentor, held_on=date(2026, 11, 15), mode="group_meeting")
    assert services.session_defaults(mentor) == {"mode": "video", "kelurahan_code": "32.73.01.1002"}
    assert services.session_defaults(other_mentor) == {}


# --- Action items -------------------------------------------------------------------


def action(**overrides) -> ActionData:
    values = dict(description="  Catat   penjualan harian  ", due_on=date(2026, 12, 4), owner="trainee")
    values.update(overrides)
    return ActionData(**values)


def test_add_action_item(trainees, mentor):
    item = services.add_action_item(trainees[0], action(), actor=mentor, today=TODAY)
    db.session.commit()
    assert (item.description, item.due_on, item.owner, item.status, item.completed_on, item.created_by_id) == (
        "Catat penjualan harian", date(2026, 12, 4), "trainee", "open", None, mentor.id)
    assert item.session_id is None
    [created] = events("action_item.created")
    assert (created.entity_type, created.entity_id) == ("action_item", str(item.id))
    assert created.details["description"] == "Catat penjualan harian"
    assert not item.is_overdue(date(2026, 12, 4)) and item.is_overdue(date(2026, 12, 5))


def test_action_item_agreed_in_a_session(factory, logged, trainees, mentor, saves_nothing):
    item = services.add_action_item(trainees[0], action(owner="mentor"), actor=mentor, today=TODAY, session=logged)
    assert item.session_id == logged.id and item.owner == "mentor"
    with saves_nothing(ValidationFailed) as info:  # trainees[2] was not in it
        services.add_action_item(trainees[2], action(), actor=mentor, today=TODAY, session=logged)
    assert set(info.value.errors) == {"session_id"}


ACTION_ERRORS = [
    ("description", dict(description="   ")),
    ("description", dict(description=None)),
    ("description", dict(description="x" * 501)),
    ("due_on", dict(due_on=None)),
    ("due_on", dict(due_on=TODAY - timedelta(days=366))),
    ("owner", dict(owner="officer")),
]


@pytest.mark.parametrize("field,overrides", ACTION_ERRORS)
def test_action_item_validation(trainees, mentor, saves_nothing, field, overrides):
    with saves_nothing(ValidationFailed) as info:
        services.add_action_item(trainees[0], action(**overrides), actor=mentor, today=TODAY)
    assert set(info.value.errors) == {field}


def test_action_item_boundaries(trainees, mentor):
    item = services.add_action_item(trainees[0], action(description="x" * 500, due_on=TODAY - timedelta(days=365)),
                                    actor=mentor, today=TODAY)
    assert len(item.description) == 500


def test_action_items_only_for_managed_trainees(factory, trainees, mentor, other_mentor, saves_nothing):
    item = factory.action_item(trainees[0], actor=mentor)
    for user in (other_mentor, factory.user(Role.TRAINEE)):
        with saves_nothing(NotAllowed):
            services.add_action_item(trainees[0], action(), actor=user, today=TODAY)
        with saves_nothing(NotAllowed):
            services.update_action_item(item, action(description="Lain"), actor=user, today=TODAY)
        with saves_nothing(NotAllowed):
            services.set_action_status(item, "done", actor=user, on=TODAY)
    officer_item = services.add_action_item(trainees[0], action(), actor=factory.user(Role.OFFICER), today=TODAY)
    assert officer_item.status == "open"


def test_update_action_item_is_audited(factory, trainees, mentor):
    item = factory.action_item(trainees[0], actor=mentor)
    services.update_action_item(item, action(description="Buat daftar harga", owner="mentor"), actor=mentor,
                                today=TODAY)
    db.session.commit()
    assert (item.description, item.owner) == ("Buat daftar harga", "mentor")
    [updated] = events("action_item.updated")
    assert updated.details["changes"] == {
        "description": ["Catat semua penjualan harian di buku kas", "Buat daftar harga"],
        "owner": ["trainee", "mentor"]}
    services.update_action_item(item, action(description="Buat daftar harga", owner="mentor"), actor=mentor,
                                today=TODAY)
    assert len(events("action_item.updated")) == 1


def test_an_old_due_date_may_stay_on_edit(factory, trainees, mentor, saves_nothing):
    old = date(2025, 6, 1)
    item = factory.action_item(trainees[0], actor=mentor, due_on=old)
    services.update_action_item(item, action(due_on=old, description="Masih berlaku"), actor=mentor, today=TODAY)
    with saves_nothing(ValidationFailed):
        services.update_action_item(item, action(due_on=date(2025, 6, 2)), actor=mentor, today=TODAY)


def test_action_status_done_dropped_and_reopened(factory, trainees, mentor, officer):
    item = factory.action_item(trainees[0], actor=mentor, due_on=date(2026, 11, 1))
    assert item.is_overdue(TODAY)
    services.set_action_status(item, "done", actor=mentor, on=date(2026, 11, 26))
    db.session.commit()
    assert (item.status, item.completed_on, item.completed_by_id) == ("done", date(2026, 11, 26), mentor.id)
    assert not item.is_overdue(TODAY)
    services.set_action_status(item, "open", actor=officer, on=TODAY)
    db.session.commit()
    assert (item.status, item.completed_on, item.completed_by_id) == ("open", None, None)
    services.set_action_status(item, "dropped", actor=officer, on=TODAY)
    db.session.commit()
    assert (item.status, item.completed_on, item.completed_by_id) == ("dropped", TODAY, officer.id)
    assert [(e.details["from"], e.details["to"]) for e in events("action_item.status")] == [
        ("open", "done"), ("done", "open"), ("open", "dropped")]


def test_setting_the_same_status_changes_nothing(factory, trainees, mentor):
    item = factory.action_item(trainees[0], actor=mentor, status="done", completed_on=date(2026, 11, 20))
    services.set_action_status(item, "done", actor=mentor, on=TODAY)
    assert item.completed_on == date(2026, 11, 20)
    assert len(events("action_item.status")) == 1


def test_unknown_status_is_refused(factory, trainees, mentor, saves_nothing):
    item = factory.action_item(trainees[0], actor=mentor)
    with saves_nothing(ValidationFailed) as info:
        services.set_action_status(item, "postponed", actor=mentor, on=TODAY)
    assert set(info.value.errors) == {"status"}


def test_database_ties_completed_on_to_the_status(factory, trainees, mentor):
    item = factory.action_item(trainees[0], actor=mentor)
    item.completed_on = TODAY
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- Check-ins ----------------------------------------------------------------------


def test_record_checkin(trainees, mentor):
    checkin = services.record_checkin(trainees[0], checkin_data(month=date(2026, 10, 17)), actor=mentor, today=TODAY)
    db.session.commit()
    assert checkin.month == date(2026, 10, 1)
    assert (checkin.revenue, checkin.costs, checkin.profit) == (D(4_500_000), D(3_000_000), D(1_500_000))
    assert isinstance(checkin.revenue, Decimal)
    assert (checkin.other_income, checkin.savings, checkin.paid_workers, checkin.unpaid_workers) == (
        D(1_000_000), D(750_000), 1, 2)
    assert [c.value for c in checkin.channels] == ["shop", "social_media"]
    assert (checkin.keeps_records, checkin.separates_money, checkin.practices_score) == (True, True, 3)
    assert checkin.recorded_by_id == mentor.id
    [recorded] = events("business_checkin.recorded")
    assert (recorded.entity_type, recorded.entity_id) == ("business_checkin", str(checkin.id))
    assert recorded.details["month"] == "2026-10-01" and recorded.details["revenue"] == "4500000"
    assert recorded.details["practices"] == ["records_sales", "knows_profit", "has_budget"]


def test_recording_a_month_again_replaces_it_audited(factory, trainees, mentor, officer):
    first = services.record_checkin(trainees[0], checkin_data(), actor=mentor, today=TODAY)
    db.session.commit()
    second = services.record_checkin(
        trainees[0], checkin_data(month=date(2026, 10, 31), revenue=D(5_000_000), channels=["shop"],
                                  practices=[]), actor=officer, today=TODAY)
    db.session.commit()
    assert second.id == first.id and count(BusinessCheckin) == 1
    assert (second.revenue, second.profit, second.practices_score, second.recorded_by_id) == (
        D(5_000_000), D(2_000_000), 0, officer.id)
    [replaced] = events("business_checkin.replaced")
    assert replaced.actor_id == officer.id and replaced.details["month"] == "2026-10-01"
    assert replaced.details["changes"] == {
        "revenue": ["4500000", "5000000"],
        "channels": [["shop", "social_media"], ["shop"]],
        "practices": [["records_sales", "knows_profit", "has_budget"], []],
        "recorded_by_id": [mentor.id, officer.id],
    }
    # the same figures again change nothing and log nothing
    services.record_checkin(trainees[0], checkin_data(revenue=D(5_000_000), channels=["shop"], practices=[]),
                            actor=officer, today=TODAY)
    assert len(events("business_checkin.replaced")) == 1


def test_a_month_recorded_concurrently_is_replaced_not_duplicated(trainees, mentor, officer, monkeypatch):
    services.record_checkin(trainees[0], checkin_data(), actor=mentor, today=TODAY)
    db.session.commit()
    # as if another request recorded the month between our look-up and our insert
    real, calls = services._existing_checkin, []

    def stale_lookup(trainee, month):
        calls.append(month)
        return None if len(calls) == 1 else real(trainee, month)

    monkeypatch.setattr(services, "_existing_checkin", stale_lookup)
    checkin = services.record_checkin(trainees[0], checkin_data(revenue=D(6_000_000)), actor=officer, today=TODAY)
    db.session.commit()
    assert len(calls) == 2 and count(BusinessCheckin) == 1
    assert (checkin.revenue, checkin.recorded_by_id) == (D(6_000_000), officer.id)
    assert len(events("business_checkin.replaced")) == 1


def test_each_trainee_and_month_has_its_own_checkin(trainees, mentor):
    services.record_checkin(trainees[0], checkin_data(month=date(2026, 9, 1)), actor=mentor, today=TODAY)
    services.record_checkin(trainees[0], checkin_data(month=date(2026, 10, 1)), actor=mentor, today=TODAY)
    services.record_checkin(trainees[1], checkin_data(month=date(2026, 10, 1)), actor=mentor, today=TODAY)
    assert count(BusinessCheckin) == 3


def test_current_month_allowed_next_month_refused(trainees, mentor, saves_nothing):
    services.record_checkin(trainees[0], checkin_data(month=date(2026, 11, 30)), actor=mentor, today=TODAY)
    with saves_nothing(ValidationFailed) as info:
        services.record_checkin(trainees[0], checkin_data(month=date(2026, 12, 1)), actor=mentor, today=TODAY)
    assert info.value.errors == {"month": "The month cannot be in the future."}


CHECKIN_ERRORS = [
    ("month", dict(month=None)),
    ("revenue", dict(revenue=D(-1))),
    ("costs", dict(costs=D("1500000.50"))),
    ("other_income", dict(other_income=1500000.0)),
    ("savings", dict(savings=None)),
    ("revenue", dict(revenue=D(10) ** 16)),
    ("paid_workers", dict(paid_workers=-1)),
    ("unpaid_workers", dict(unpaid_workers=501)),
    ("paid_workers", dict(paid_workers=None)),
    ("channels", dict(channels=["shop", "door_to_door"])),
    ("practices", dict(practices=["prays"])),
]


@pytest.mark.parametrize("field,overrides", CHECKIN_ERRORS)
def test_checkin_validation(trainees, mentor, saves_nothing, field, overrides):
    with saves_nothing(ValidationFailed) as info:
        services.record_checkin(trainees[0], checkin_data(**overrides), actor=mentor, today=TODAY)
    assert set(info.value.errors) == {field}


def test_negative_revenue_message(trainees, mentor):
    with pytest.raises(ValidationFailed) as info:
        services.record_checkin(trainees[0], checkin_data(revenue=D(-5)), actor=mentor, today=TODAY)
    assert info.value.errors == {"revenue": "The amount cannot be negative."}


def test_checkins_only_for_managed_trainees(factory, trainees, other_mentor, saves_nothing):
    for user in (other_mentor, factory.user(Role.TRAINEE)):
        with saves_nothing(NotAllowed):
            services.record_checkin(trainees[0], checkin_data(), actor=user, today=TODAY)
    services.record_checkin(trainees[0], checkin_data(), actor=factory.admin, today=TODAY)


@pytest.mark.parametrize("revenue,costs,warn", [
    (D(1_000_000), D(2_000_001), True),
    (D(1_000_000), D(2_000_000), False),
    (D(0), D(50_000), True),
    (D(0), D(0), False),
])
def test_costs_far_above_revenue_warning(revenue, costs, warn):
    warnings = services.checkin_warnings(checkin_data(revenue=revenue, costs=costs))
    assert bool(warnings) is warn
    if warn:
        assert "far above revenue" in warnings[0]


def test_amounts_that_look_like_thousands_warn_each():
    warnings = services.checkin_warnings(checkin_data(revenue=D(1500), costs=D(900), savings=D(0),
                                                      other_income=D(9_999)))
    assert len(warnings) == 3
    assert all("looks like thousands — enter full rupiah (1500000, not 1500)." in w for w in warnings)
    assert warnings[0] == "Revenue of Rp 1.500 looks like thousands — enter full rupiah (1500000, not 1500)."
    assert services.checkin_warnings(checkin_data(revenue=D(10_000), costs=D(10_000), other_income=D(0),
                                                  savings=D(0))) == []


def test_warnings_ignore_invalid_amounts():
    assert services.checkin_warnings(checkin_data(revenue=D(-5), costs=None, savings=D("1.5"))) == []


def test_warnings_need_a_confirmation(trainees, mentor, saves_nothing):
    data = checkin_data(revenue=D(1_000_000), costs=D(4_000_000))
    with saves_nothing(NeedsConfirmation) as info:
        services.record_checkin(trainees[0], data, actor=mentor, today=TODAY)
    assert len(info.value.warnings) == 1 and "Rp" in info.value.warnings[0]
    checkin = services.record_checkin(trainees[0], replace(data, confirmed=True), actor=mentor, today=TODAY)
    assert checkin.profit == D(-3_000_000)


def test_validation_comes_before_the_confirmation(trainees, mentor):
    with pytest.raises(ValidationFailed):
        services.record_checkin(trainees[0], checkin_data(revenue=D(500), paid_workers=-1), actor=mentor,
                                today=TODAY)


# --- Factories (used by the other mentoring tests) -------------------------------------


def test_factories_build_through_the_services(factory, trainees, mentor):
    session = factory.mentor_session(trainees, mentor=mentor, staff_notes="rahasia", absent=[trainees[2].id])
    assert session.kind == "group" and session.held_on == date(2026, 11, 20) and session.staff_notes == "rahasia"
    old = factory.mentor_session(trainees[:1], mentor=mentor, held_on=date(2025, 1, 6))
    assert old.held_on == date(2025, 1, 6)
    done = factory.action_item(trainees[0], actor=mentor, status="done")
    assert (done.status, done.completed_on) == ("done", TODAY)
    checkin = factory.checkin(trainees[0], actor=mentor, month=date(2026, 9, 1), costs=D(9_000_000))
    assert checkin.profit == D(-6_000_000)
    assert len(events("mentoring_session.logged")) == 2
