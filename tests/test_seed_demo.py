"""``flask seed-demo``: six users who can log in, valid trainees across Kota Bandung,
each with its audit event; deterministic for a seed."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, User
from extensions import db
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
    assert _count(User) == 6
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
