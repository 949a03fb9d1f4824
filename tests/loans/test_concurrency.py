"""Concurrent postings on one loan (PostgreSQL only: SQLite has a single writer, so there
is nothing to race). Each thread has its own application context, hence its own session
and connection, as concurrent requests do in production."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from loans import services
from loans.models import Loan, LoanTransaction
from tests.conftest import backend

pytestmark = pytest.mark.skipif(
    backend() != "postgresql",
    reason="row locks (SELECT ... FOR UPDATE) are a PostgreSQL matter; SQLite serialises all writers",
)

THREADS = 20
TODAY = date(2026, 11, 27)


def run_concurrently(app, loan_id: int, actor_id: int, keys_and_amounts):
    """Post every (key, amount) from its own thread, all released at once; returns
    [(transaction id, created)]."""
    barrier = threading.Barrier(len(keys_and_amounts))

    def worker(key, amount):
        with app.app_context():
            try:
                from accounts.models import User

                loan = db.session.get(Loan, loan_id)
                actor = db.session.get(User, actor_id)
                barrier.wait(timeout=30)
                txn, created = services.post_repayment(
                    loan, actor=actor, on=TODAY, amount=amount, method="cash", idempotency_key=key, today=TODAY)
                db.session.commit()
                return txn.id, created
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(keys_and_amounts)) as pool:
        futures = [pool.submit(worker, key, amount) for key, amount in keys_and_amounts]
        return [f.result(timeout=120) for f in futures]


@pytest.fixture
def big_pool(app):
    """All 20 threads hold a connection while they wait for the row lock: give the pool
    room for all of them (Flask-SQLAlchemy's default is 5 + 10 overflow, and a thread
    waiting for a connection would not be racing)."""
    from sqlalchemy import create_engine

    db.session.commit()
    engines = db._app_engines[app]  # Flask-SQLAlchemy 3 keeps the app's engines here
    old = engines[None]
    engines[None] = create_engine(old.url, pool_size=THREADS + 2, max_overflow=5, pool_pre_ping=True)
    yield
    db.session.remove()
    engines[None].dispose()
    engines[None] = old


def test_twenty_threads_with_the_same_key_post_once(app, factory, big_pool):
    loan = factory.loan()
    actor = factory.user(Role.OFFICER)
    results = run_concurrently(app, loan.id, actor.id, [("same-key", Decimal(100_000))] * THREADS)
    db.session.expire_all()
    ids = {txn_id for txn_id, _ in results}
    assert len(ids) == 1
    assert sum(created for _, created in results) == 1
    assert db.session.scalar(select(func.count()).select_from(LoanTransaction)) == 1
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "loan.repayment_posted")) == 1
    rows = db.session.get(Loan, loan.id).installments
    assert sum(r.total_paid for r in rows) == Decimal(100_000)


def test_twenty_threads_with_distinct_keys_post_twenty_times_exactly(app, factory, big_pool):
    loan = factory.loan()
    actor = factory.user(Role.OFFICER)
    amounts = [Decimal(100_000 + 1_111 * n) for n in range(THREADS)]
    results = run_concurrently(app, loan.id, actor.id, [(f"key-{n}", a) for n, a in enumerate(amounts)])
    db.session.expire_all()
    assert all(created for _, created in results) and len({i for i, _ in results}) == THREADS
    txns = list(db.session.scalars(select(LoanTransaction).where(LoanTransaction.loan_id == loan.id)))
    assert len(txns) == THREADS
    total = sum(amounts)
    assert sum(t.amount for t in txns) == total
    for t in txns:
        assert t.principal_part + t.interest_part + t.fee_part + t.penalty_part + t.excess_part == t.amount
    rows = db.session.get(Loan, loan.id).installments
    # each posting re-allocated every payment under the lock, so the instalments hold
    # exactly what was paid, component by component
    assert sum(r.total_paid for r in rows) == total
    for part in ("principal", "interest"):
        assert sum(getattr(r, f"{part}_paid") for r in rows) == sum(getattr(t, f"{part}_part") for t in txns)
    # and the result is the same as allocating them one after the other
    from loans.allocation import Payment, allocate

    expected = allocate(services._dues(rows), [Payment(t.id, t.paid_on, t.amount) for t in sorted(txns, key=lambda t: t.id)],
                        as_of=TODAY)
    assert [(s.principal_paid, s.interest_paid) for s in expected.installments] == \
        [(r.principal_paid, r.interest_paid) for r in rows]
