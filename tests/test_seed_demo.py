"""``flask seed-demo``: six users who can log in, valid trainees across Kota Bandung,
each with its audit event, loans in every state, and a year of mentoring that obeys the
mentoring rules and gives each demo mentor an early-warning list; deterministic for a
seed; bulk-loaded with a fixed number of statements."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, User
from extensions import db, local_today
from trainees import demo
from trainees.identity import parse_nik
from trainees.models import Kelurahan, Trainee

DEMO_USERNAMES = {"admin", "officer", "officer2", "mentor", "mentor2", "trainee"}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def seeded(runner):
    # trainees only: the loans (slower: every repayment goes through the service) have
    # their own test below
    result = runner.invoke(args=["seed-demo", "--trainees", "300", "--no-loans"])
    assert result.exit_code == 0, result.output
    return result


def test_the_six_demo_users_can_log_in(app, seeded):
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert set(users) == DEMO_USERNAMES
    assert {u.role for u in users.values()} == {"admin", "officer", "mentor", "trainee"}
    for username in DEMO_USERNAMES:
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, username
        assert client.get("/").status_code in (200, 302)


def test_the_trainee_user_is_linked_to_a_record_of_mentor_and_officer(seeded):
    users = {u.username: u for u in db.session.scalars(select(User))}
    linked = db.session.scalars(select(Trainee).where(Trainee.user_id.is_not(None))).all()
    assert len(linked) == 1
    record = linked[0]
    assert record.user_id == users["trainee"].id
    assert record.full_name == users["trainee"].full_name
    assert (record.mentor_id, record.officer_id) == (users["mentor"].id, users["officer"].id)


def test_every_trainee_has_an_audit_event_and_a_valid_nik(seeded):
    trainees = db.session.scalars(select(Trainee)).all()
    assert len(trainees) == 300
    audited = set(db.session.scalars(
        select(AuditEvent.entity_id).where(AuditEvent.action == "trainee.created", AuditEvent.entity_type == "trainee")
    ))
    assert audited == {str(t.id) for t in trainees}
    for t in trainees:
        info = parse_nik(t.nik)
        assert t.nik.startswith("3273" + t.kecamatan_code[-2:])
        assert info.gender == t.gender and info.matches_birth_date(t.born_on)
        assert t.phone is None or t.phone.startswith("+628")
        assert t.address.startswith("Jl. ")


def test_demo_trainees_cover_every_kelurahan_with_plausible_welfare_data(seeded):
    kelurahan = set(db.session.scalars(select(Trainee.kelurahan_code).distinct()))
    assert kelurahan == set(db.session.scalars(select(Kelurahan.code)))
    allowed = {"extreme_poor": {1}, "poor": {1, 2, 3}, "near_poor": {3, 4, 5}, "vulnerable": {4, 5, 6}}
    counts = dict.fromkeys(allowed, 0)
    for status, decile in db.session.execute(select(Trainee.poverty_status, Trainee.welfare_decile)):
        assert decile in allowed[status]
        counts[status] += 1
    assert counts["poor"] + counts["extreme_poor"] > counts["near_poor"] + counts["vulnerable"]
    mentors = db.session.execute(select(Trainee.mentor_id, func.count()).group_by(Trainee.mentor_id)).all()
    assert sorted(n for _, n in mentors) == [150, 150]


def test_seed_demo_twice_refuses_and_if_empty_does_nothing(runner, seeded):
    again = runner.invoke(args=["seed-demo", "--trainees", "5"])
    assert again.exit_code == 1 and "--reset" in again.output
    quiet = runner.invoke(args=["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0
    assert _count(Trainee) == 300


def test_reset_starts_over_with_an_empty_audit_trail(runner, seeded):
    result = runner.invoke(args=["seed-demo", "--reset", "--trainees", "10"])
    assert result.exit_code == 0, result.output
    assert _count(Trainee) == 10
    assert set(db.session.scalars(select(User.username))) == {
        "admin", "officer", "officer2", "mentor", "mentor2", "trainee", "partner"}  # partner: the CSR demo login
    assert _count(AuditEvent, AuditEvent.action == "trainee.created") == 10
    assert _count(Kelurahan) == 151


def test_the_generator_is_deterministic_for_a_seed():
    kelurahan = [("32.73.01.1001", "Sukarasa", "32.73.01"), ("32.73.02.1001", "Cipaganti", "32.73.02")]

    def generate(seed):
        return list(demo.demo_trainees(
            50, rng=random.Random(seed), today=date(2026, 11, 27), kelurahan=kelurahan,
            mentor_ids=[3, 4], officer_ids=[1, 2], linked_user=(9, "Siti Nurjanah"),
        ))

    first = generate(7)
    assert first == generate(7)
    assert first != generate(8)
    assert len({t.nik for t in first}) == 50
    assert first[0].user_id == 9 and first[0].full_name == "Siti Nurjanah" and first[0].gender == "F"


# -- loans -------------------------------------------------------------------------------

def test_seed_demo_builds_loans_in_every_state_through_the_services(runner):
    result = runner.invoke(args=["seed-demo", "--trainees", "300"])
    assert result.exit_code == 0, result.output
    assert " loans (" in result.output
    from extensions import local_today
    from loans import demo as loans_demo
    from loans.models import (
        ApplicationStatus, FundingSource, Loan, LoanApplication, LoanProduct, LoanStatus, LoanTransaction,
        TransactionKind,
    )
    from loans.portfolio import BUCKETS, PortfolioFilters, portfolio

    today = local_today()
    users = {u.username: u for u in db.session.scalars(select(User))}
    products = {p.name: p for p in db.session.scalars(select(LoanProduct))}
    assert products[loans_demo.WEEKLY].frequency == "weekly" and products[loans_demo.WEEKLY].method == "flat"
    assert products[loans_demo.MONTHLY].frequency == "monthly" and products[loans_demo.MONTHLY].method == "declining"
    assert {s.kind for s in db.session.scalars(select(FundingSource))} == {"city_budget", "csr"}

    statuses = dict(db.session.execute(select(LoanApplication.status, func.count()).group_by(LoanApplication.status)).all())
    assert set(statuses) == {s.value for s in ApplicationStatus}
    loan_statuses = dict(db.session.execute(select(Loan.status, func.count()).group_by(Loan.status)).all())
    assert set(loan_statuses) == {s.value for s in LoanStatus}
    assert statuses[ApplicationStatus.DISBURSED.value] == sum(loan_statuses.values())
    # 40 % of the 299 other trainees apply, plus the trainee user's record
    assert _count(LoanApplication) == round(299 * loans_demo.BORROWER_SHARE) + 1

    # four-eyes on every decision; every disbursement audited; dates within ~15 months
    for submitted_by, decided_by in db.session.execute(
            select(LoanApplication.submitted_by_id, LoanApplication.decided_by_id)
            .where(LoanApplication.status.in_((ApplicationStatus.APPROVED.value, ApplicationStatus.REJECTED.value,
                                               ApplicationStatus.DISBURSED.value)))):
        assert submitted_by != decided_by
    assert _count(AuditEvent, AuditEvent.action == "loan.disbursed") == sum(loan_statuses.values())
    assert db.session.scalar(select(func.min(Loan.disbursed_on))) >= today - timedelta(days=loans_demo.OLDEST_DAYS)

    report = portfolio(users["admin"], PortfolioFilters(), as_of=today)
    assert all(bucket.loans > 0 for bucket in report.buckets), [(b.name, b.loans) for b in report.buckets]
    assert [b.name for b in report.buckets] == list(BUCKETS)
    assert report.totals.loans == loan_statuses[LoanStatus.ACTIVE.value]
    assert report.totals.written_off_loans == loan_statuses[LoanStatus.WRITTEN_OFF.value]
    assert 0 < report.par[90] < report.par[30] < report.par[1] < 100

    for loan in db.session.scalars(select(Loan).where(Loan.status == LoanStatus.CLOSED.value)):
        assert loan.closed_on is not None
        assert all(i.outstanding == 0 for i in loan.installments)
    recoveries = db.session.scalars(select(LoanTransaction).where(LoanTransaction.kind == TransactionKind.RECOVERY.value)).all()
    written_off = db.session.scalars(select(Loan).where(Loan.status == LoanStatus.WRITTEN_OFF.value)).all()
    assert {t.loan_id for t in recoveries} == {loan.id for loan in written_off}

    # the trainee user's own loan: active, current, with repayments
    own = portfolio(users["trainee"], PortfolioFilters(), as_of=today)
    [row] = own.rows
    assert row.bucket == "current" and not row.is_written_off
    assert row.principal_outstanding < row.principal
    assert _count(LoanTransaction, LoanTransaction.loan_id == row.loan_id) >= 5


# -- mentoring ---------------------------------------------------------------------------

def _local_midnight_utc(day):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(timezone.utc)


def _periods():
    """trainee id -> [(mentor id, started_on, ended_on | None)]"""
    from mentoring.models import MentorAssignment

    periods: dict[int, list] = {}
    for row in db.session.execute(select(
            MentorAssignment.trainee_id, MentorAssignment.mentor_id, MentorAssignment.started_on,
            MentorAssignment.ended_on).order_by(MentorAssignment.trainee_id, MentorAssignment.started_on)):
        periods.setdefault(row[0], []).append(tuple(row[1:]))
    return periods


def test_seed_demo_assignment_history_with_a_few_reasoned_reassignments(seeded):
    from mentoring.models import MentorAssignment

    users = {u.username: u for u in db.session.scalars(select(User))}
    mentor_of = dict(db.session.execute(select(Trainee.id, Trainee.mentor_id)).all())
    joined = dict(db.session.execute(select(Trainee.id, Trainee.joined_on)).all())
    periods = _periods()
    assert set(periods) == set(mentor_of)
    reassigned = {tid: p for tid, p in periods.items() if len(p) > 1}
    assert 4 <= len(reassigned) <= 0.1 * len(mentor_of)
    for tid, history in periods.items():
        assert history[0][1] == joined[tid]
        *past, (current_mentor, _, ended_on) = history
        assert ended_on is None and current_mentor == mentor_of[tid]
        for (old_mentor, started, ended), (new_mentor, new_start, _) in zip(history, history[1:]):
            assert old_mentor != new_mentor and started <= ended == new_start
    reasons = db.session.scalars(select(MentorAssignment.reason).where(MentorAssignment.ended_on.is_(None),
                                                                       MentorAssignment.trainee_id.in_(reassigned)))
    assert all(reasons)
    # both demo mentors lost and gained trainees; the trainee login kept hers
    assert {p[0][0] for p in reassigned.values()} == {users["mentor"].id, users["mentor2"].id}
    linked = db.session.scalar(select(Trainee.id).where(Trainee.user_id == users["trainee"].id))
    assert linked not in reassigned
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mentor.assigned")).all()
    assert sorted(int(e.entity_id) for e in events) == sorted(reassigned)
    for event in events:
        history = reassigned[int(event.entity_id)]
        assert event.details["previous_mentor_id"] == history[0][0]
        assert event.details["mentor_id"] == history[1][0]
        assert event.details["on"] == history[1][1].isoformat() and event.details["reason"]


def test_seed_demo_sessions_follow_the_rules(seeded):
    from mentoring.models import MentoringSession, SessionAttendance, SessionTopic, Topic

    today = local_today()
    sessions = {s.id: s for s in db.session.scalars(select(MentoringSession))}
    topics: dict[int, set] = {}
    for session_id, topic in db.session.execute(select(SessionTopic.session_id, SessionTopic.topic)):
        topics.setdefault(session_id, set()).add(topic)
    attendance: dict[int, list] = {}
    for row in db.session.execute(select(SessionAttendance.session_id, SessionAttendance.trainee_id,
                                         SessionAttendance.attended, SessionAttendance.held_on)):
        attendance.setdefault(row[0], []).append(row[1:])
    joined = dict(db.session.execute(select(Trainee.id, Trainee.joined_on)).all())
    periods = _periods()

    def mentor_on(trainee_id, day):
        return next(m for m, start, end in periods[trainee_id] if start <= day and (end is None or day < end))

    assert set(topics) == set(attendance) == set(sessions)
    for s in sessions.values():
        rows = attendance[s.id]
        assert today - timedelta(days=365) <= s.held_on < today
        assert (s.kind == "individual") == (len(rows) == 1) and (s.kind == "group") == (s.mode == "group_meeting")
        assert all(held_on == s.held_on for _, _, held_on in rows)
        assert any(attended for _, attended, _ in rows)
        assert topics[s.id] <= {t.value for t in Topic}
        assert (s.topic_other is not None) == ("other" in topics[s.id])
        assert 1 <= s.duration_minutes <= 720
        assert s.next_session_on is None or s.next_session_on >= s.held_on
        assert s.created_at == s.updated_at and _local_midnight_utc(s.held_on) < s.created_at < _local_midnight_utc(today)
        for trainee_id, _, _ in rows:
            assert s.held_on >= joined[trainee_id]
            # logged by the trainee's mentor of that day
            assert s.mentor_id == mentor_on(trainee_id, s.held_on), (s.id, trainee_id)

    kinds = [s.kind for s in sessions.values()]
    assert kinds.count("group") >= 30 and kinds.count("individual") >= 8 * kinds.count("group")
    assert {s.mode for s in sessions.values()} == {"field_visit", "phone", "video", "group_meeting",
                                                   "training_follow_up"}
    assert set().union(*topics.values()) == {t.value for t in Topic}
    group_rows = [r for s in sessions.values() if s.kind == "group" for r in attendance[s.id]]
    absent = sum(not attended for _, attended, _ in group_rows)
    assert 0.04 < absent / len(group_rows) < 0.25
    shared = sum(s.shared_notes is not None for s in sessions.values())
    staff = sum(s.staff_notes is not None for s in sessions.values())
    assert 0.5 < shared / len(sessions) < 0.9 and 0.05 < staff / len(sessions) < 0.3
    # a year of sessions, some logged in the last week (still editable by their author)
    assert min(s.held_on for s in sessions.values()) <= today - timedelta(days=330)
    assert any(s.held_on >= today - timedelta(days=7) for s in sessions.values())


def test_seed_demo_action_items_some_done_some_dropped_some_overdue(seeded):
    from mentoring.models import ActionItem, SessionAttendance

    today = local_today()
    items = db.session.scalars(select(ActionItem)).all()
    assert len(items) >= 300
    statuses = {s: sum(i.status == s for i in items) for s in ("open", "done", "dropped")}
    assert statuses["done"] > statuses["dropped"] > 0 and statuses["open"] > 0
    overdue = [i for i in items if i.is_overdue(today)]
    assert 5 <= len(overdue) < statuses["open"]
    attended = set(db.session.execute(select(SessionAttendance.session_id, SessionAttendance.trainee_id)).all())
    for i in items:
        assert (i.completed_on is None) == (i.completed_by_id is None) == (i.status == "open")
        assert i.completed_on is None or i.created_at.date() - timedelta(days=1) <= i.completed_on < today
        assert i.owner in ("trainee", "mentor") and 0 < len(i.description) <= 500
        assert i.session_id is None or (i.session_id, i.trainee_id) in attended
    assert sum(i.session_id is None for i in items) > 0


def test_seed_demo_checkins_are_plausible_and_tell_growing_flat_and_failing_stories(seeded):
    from mentoring.models import BusinessCheckin
    from mentoring.services import CheckinData, checkin_warnings

    today = local_today()
    this_month = today.replace(day=1)
    checkins = db.session.scalars(select(BusinessCheckin).order_by(BusinessCheckin.trainee_id,
                                                                   BusinessCheckin.month)).all()
    by_trainee: dict[int, list] = {}
    for c in checkins:
        by_trainee.setdefault(c.trainee_id, []).append(c)
        assert c.month.day == 1 and c.month <= this_month
        assert (this_month.year - c.month.year) * 12 + this_month.month - c.month.month <= 12
        for amount in (c.revenue, c.costs, c.other_income, c.savings):
            assert amount == amount.to_integral_value() and amount >= 0
        assert 300_000 <= c.revenue <= 60_000_000 and c.paid_workers <= 5 and c.unpaid_workers <= 3
        data = CheckinData(
            month=c.month, revenue=c.revenue, costs=c.costs, other_income=c.other_income, savings=c.savings,
            paid_workers=c.paid_workers, unpaid_workers=c.unpaid_workers, channels=[ch.value for ch in c.channels],
            keeps_records=c.keeps_records, separates_money=c.separates_money,
            practices=[p.value for p, on in c.practices.items() if on])
        assert checkin_warnings(data) == [], (c.trainee_id, c.month)
        assert c.created_at < _local_midnight_utc(today)
    assert len(by_trainee) >= 290 and max(map(len, by_trainee.values())) <= 12

    growing = flat = failing = 0
    for series in by_trainee.values():
        if len(series) < 10:
            continue
        first = sum(c.profit for c in series[:3]) / 3
        last = sum(c.profit for c in series[-3:]) / 3
        profits = [c.profit for c in series[-4:]]
        if last > first * Decimal("1.3") and series[-1].practices_score > series[0].practices_score:
            growing += 1
        elif profits[0] > profits[1] > profits[2] > profits[3]:
            failing += 1
        elif abs(last - first) < first * Decimal("0.3"):
            flat += 1
    assert growing >= 20 and flat >= 20 and failing >= 8, (growing, flat, failing)
    assert any(series[-1].profit < 0 for series in by_trainee.values())


def test_the_demo_trainee_login_has_a_mentoring_record_to_look_at(seeded):
    from mentoring.models import ActionItem, BusinessCheckin, MentoringSession, SessionAttendance

    today = local_today()
    users = {u.username: u for u in db.session.scalars(select(User))}
    record = db.session.scalar(select(Trainee).where(Trainee.user_id == users["trainee"].id))
    sessions = db.session.scalars(
        select(MentoringSession).join(SessionAttendance).where(SessionAttendance.trainee_id == record.id)
        .order_by(MentoringSession.held_on)).all()
    assert {s.kind for s in sessions} == {"individual", "group"}
    assert all(s.mentor_id == users["mentor"].id for s in sessions)
    latest_individual = [s for s in sessions if s.kind == "individual"][-1]
    # a shared note she may read and a staff-only note she must never see
    assert latest_individual.shared_notes and latest_individual.staff_notes
    assert sessions[-1].held_on >= today - timedelta(days=30)
    items = db.session.scalars(select(ActionItem).where(ActionItem.trainee_id == record.id)).all()
    assert any(i.is_overdue(today) for i in items)
    checkins = db.session.scalars(select(BusinessCheckin).where(BusinessCheckin.trainee_id == record.id)
                                  .order_by(BusinessCheckin.month)).all()
    assert len(checkins) >= 4 and checkins[-1].profit > checkins[0].profit


def test_demo_mentors_home_shows_every_kind_of_early_warning(runner):
    from flask_babel import force_locale

    from mentoring import overview

    result = runner.invoke(args=["seed-demo", "--trainees", "300"])
    assert result.exit_code == 0, result.output
    assert "mentoring sessions" in result.output and "check-ins" in result.output
    users = {u.username: u for u in db.session.scalars(select(User))}
    with force_locale("en"):
        for username in ("mentor", "mentor2"):
            rows = overview.caseload(users[username].id, as_of=local_today())
            assert len(rows) == 150
            listed = overview.early_warning(rows)
            codes = {w.code for row in listed for w in row.warnings}
            assert codes == {"no_session", "profit_negative", "profit_falling", "no_checkin", "loan_overdue",
                             "actions_overdue"}, (username, codes)
            # a list to act on, not the whole caseload; the riskiest with several reasons
            assert 10 <= len(listed) <= 75
            assert len(listed[0].warnings) >= 2


def test_seed_demo_mentoring_is_deterministic_for_a_seed(runner):
    from mentoring.models import (
        ActionItem, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance, SessionTopic,
    )

    def snapshot():
        tables = [MentoringSession, SessionTopic, SessionAttendance, ActionItem, BusinessCheckin]
        rows = {m.__name__: db.session.execute(select(m.__table__).order_by(*m.__table__.primary_key)).all()
                for m in tables}
        rows["assignments"] = db.session.execute(select(
            MentorAssignment.trainee_id, MentorAssignment.mentor_id, MentorAssignment.started_on,
            MentorAssignment.ended_on, MentorAssignment.reason).order_by(MentorAssignment.id)).all()
        return rows

    def seed(*args):
        result = runner.invoke(args=["seed-demo", "--trainees", "40", "--no-loans", *args])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        return snapshot()

    first = seed("--seed", "7")
    assert first["MentoringSession"] and first["BusinessCheckin"]
    assert seed("--reset", "--seed", "7") == first
    assert seed("--reset", "--seed", "8") != first


def test_seed_demo_without_mentoring(runner):
    from mentoring.models import BusinessCheckin, MentorAssignment, MentoringSession

    result = runner.invoke(args=["seed-demo", "--trainees", "20", "--no-loans", "--no-mentoring"])
    assert result.exit_code == 0, result.output
    assert _count(MentoringSession) == _count(BusinessCheckin) == 0
    # the opening assignments belong to registration, not to the mentoring demo
    assert _count(MentorAssignment) == 20


def test_mentoring_demo_runs_a_fixed_number_of_statements(app):
    """Bulk inserts, no query per trainee or per session: 300 trainees (about 2,700
    sessions, 3,000 check-ins) take a handful of statements."""
    from sqlalchemy import event

    from mentoring import demo as mentoring_demo

    result = demo.seed_demo(trainees=300, password=app.config["DEMO_PASSWORD"], today=date(2026, 11, 27), seed=3)
    db.session.commit()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        made = mentoring_demo.seed_mentoring(users=result.users, today=date(2026, 11, 27), seed=3)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert made.sessions > 2000 and made.checkins > 2500
    # ~8 reads (trainees, assignments, loans, max ids, the users refreshed after the
    # commit), the reassignments (3), one executemany per table (SQLite; COPY on PostgreSQL)
    assert len(statements) <= 25, statements


def test_a_large_mentoring_demo_adds_its_foreign_keys_back(app, monkeypatch):
    """From CHECK_KEYS_AFTER trainees, PostgreSQL loads the mentoring tables without their
    foreign keys and adds them back at the end (SQLite: nothing to do). They are all there
    afterwards, and enforced."""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy.exc import IntegrityError

    from mentoring import demo as mentoring_demo
    from mentoring.models import SessionAttendance
    from tests.conftest import backend

    monkeypatch.setattr(mentoring_demo, "CHECK_KEYS_AFTER", 10)
    today = date(2026, 11, 27)
    result = demo.seed_demo(trainees=40, password=app.config["DEMO_PASSWORD"], today=today, seed=5)
    made = mentoring_demo.seed_mentoring(users=result.users, today=today, seed=5)
    db.session.commit()
    assert made.sessions > 200 and _count(SessionAttendance) == made.attendances
    inspector = sa_inspect(db.engine)
    for model in mentoring_demo.LOADED:
        reflected = {fk["name"] for fk in inspector.get_foreign_keys(model.__tablename__)}
        assert reflected == {fk.name for fk in model.__table__.foreign_key_constraints}, model.__tablename__
    if backend() == "postgresql":
        session_id = db.session.scalar(select(func.min(SessionAttendance.session_id)))
        with pytest.raises(IntegrityError):
            db.session.execute(SessionAttendance.__table__.insert().values(
                session_id=session_id, trainee_id=999_999, attended=True, held_on=today))
        db.session.rollback()


def test_seed_demo_complaints_run_the_real_workflow(app, seeded):
    """Demo complaints come through the services: every one has its 'received' step and
    deadline, several states are present, the demo trainee has an answer waiting in the
    portal, and the misconduct report stays away from the staff member it names."""
    from complaints import services as complaint_services
    from complaints.models import Complaint, ComplaintEvent, ComplaintStatus, Holiday

    complaints = db.session.scalars(select(Complaint)).all()
    assert len(complaints) == 60
    received = set(db.session.scalars(select(ComplaintEvent.complaint_id).where(ComplaintEvent.kind == "received")))
    assert received == {c.id for c in complaints}
    assert all(c.verify_due_on >= c.received_on for c in complaints)
    states = {c.status for c in complaints}
    assert {ComplaintStatus.RECEIVED.value, ComplaintStatus.ANSWERED.value, ComplaintStatus.CLOSED.value} <= states
    assert len(states) >= 4
    assert _count(Holiday) >= 5
    users = {u.username: u for u in db.session.scalars(select(User))}
    own = db.session.scalars(complaint_services.own_complaints(users["trainee"])).all()
    assert [c.status for c in own] == [ComplaintStatus.ANSWERED.value]
    client = app.test_client()
    client.post("/login", data={"username": "trainee", "password": app.config["DEMO_PASSWORD"]})
    page = client.get(f"/portal/complaints/{own[0].id}").get_data(as_text=True)
    answer = next(e.body for e in own[0].events if e.kind == "answered")
    assert answer in page
    misconduct = [c for c in complaints if c.is_misconduct]
    assert misconduct and all(c.accused_user_id == users["officer2"].id for c in misconduct)
    for c in misconduct:
        assert not complaint_services.can_see(users["officer2"], c)


def test_seed_demo_training_completes_the_demo_trainee_and_fills_a_waiting_list(seeded):
    from training import services as training_services
    from training.models import Cohort, Enrolment

    users = {u.username: u for u in db.session.scalars(select(User))}
    own = db.session.scalar(select(Trainee).where(Trainee.user_id == users["trainee"].id))
    assert training_services.has_completed_training(own.id)
    statuses = {c.name: c.status for c in db.session.scalars(select(Cohort))}
    assert sorted(statuses.values()) == ["completed", "planned", "running"]
    assert _count(Enrolment, Enrolment.status == "waitlisted") >= 1
    assert _count(Enrolment, Enrolment.status == "not_completed") >= 1
    numbers = db.session.scalars(select(Enrolment.certificate_number).where(Enrolment.status == "completed")).all()
    assert numbers and len(set(numbers)) == len(numbers)
