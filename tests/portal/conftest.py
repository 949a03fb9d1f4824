"""Fixtures of the portal tests: a trainee login linked to record A (with a mentor and a
loan officer), another trainee with record B, the staff; the views' "today" pinned."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from accounts.models import Role
from extensions import db

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every view's "today" (Bandung's date) pinned to the factories' date."""
    import mentoring.views
    import portal.views
    import reports.views
    import trainees.views

    for module in (portal.views, mentoring.views, trainees.views, reports.views):
        monkeypatch.setattr(module, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def world(app, factory):
    """Record A (login ``siti``, mentor Rina, officer Oki) with a loan of Rp 5,000,000
    disbursed 10 Jan 2026 and one repayment; record B (login ``budi``) of another
    mentor, with a loan too. Staff: admin, officer, mentor, other mentor."""
    from loans import services as loan_services

    admin = factory.admin
    officer = factory.user(Role.OFFICER, full_name="Oki Petugas")
    mentor = factory.user(Role.MENTOR, full_name="Rina Pendamping")
    other_mentor = factory.user(Role.MENTOR, full_name="Dedi Pendamping")
    siti = factory.user(Role.TRAINEE, username="siti", full_name="Siti Aminah")
    budi = factory.user(Role.TRAINEE, username="budi", full_name="Budi Santoso")
    a = factory.trainee(full_name="Siti Aminah", user_id=siti.id, mentor_id=mentor.id, officer_id=officer.id)
    b = factory.trainee(full_name="Budi Santoso", user_id=budi.id, mentor_id=other_mentor.id)
    loans, txns = {}, {}
    for key, record in (("A", a), ("B", b)):
        loan = factory.loan(application=factory.application(trainee=record, approve=True))
        txn, _ = loan_services.post_repayment(loan, actor=officer, on=date(2026, 2, 10), amount=Decimal(100_000),
                                              method="cash", idempotency_key=f"portal-{key}", today=date(2026, 2, 10))
        db.session.commit()
        loans[key], txns[key] = loan.id, txn.id
    return dict(admin=admin, officer=officer, mentor=mentor, other_mentor=other_mentor, siti=siti, budi=budi,
                a=a, b=b, loans=loans, txns=txns)


@pytest.fixture
def as_user(app, factory):
    """``as_user(user)``: a fresh test client logged in as ``user``."""

    def make(user):
        client = app.test_client()
        response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return make


def text(response) -> str:
    return response.get_data(as_text=True)
