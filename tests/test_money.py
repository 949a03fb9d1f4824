"""The Money column type, on the configured backend (SQLite or PostgreSQL).

No model uses Money yet, so each test creates a throwaway table on its own MetaData
and drops it afterwards; the project's schema is untouched.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, func, insert, select
from sqlalchemy.exc import StatementError

from extensions import Money, db

TEN_TRILLION = Decimal(10) ** 13


@pytest.fixture
def ledger(app):
    metadata = MetaData()
    table = Table(
        "test_money_ledger",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("amount", Money, nullable=True),
    )
    metadata.create_all(db.engine)
    try:
        yield table
    finally:
        db.session.rollback()
        db.session.remove()
        metadata.drop_all(db.engine)


def _store(table, *amounts):
    db.session.execute(insert(table), [{"amount": a} for a in amounts])
    db.session.commit()


@pytest.mark.parametrize(
    "amount",
    [
        TEN_TRILLION,
        TEN_TRILLION + Decimal("0.01"),
        -(TEN_TRILLION + Decimal("0.01")),
        Decimal("-0.01"),
        Decimal("0"),
        Decimal("1500000"),
        Decimal("0.99"),
    ],
    ids=str,
)
def test_money_round_trips_exactly(ledger, amount):
    _store(ledger, amount)
    db.session.expunge_all()
    stored = db.session.scalar(select(ledger.c.amount))
    assert isinstance(stored, Decimal)
    assert stored == amount
    # Always two places on the way out, so formatting and arithmetic agree.
    assert stored.as_tuple().exponent == -2


def test_money_none_stays_null(ledger):
    _store(ledger, None)
    assert db.session.scalar(select(ledger.c.amount)) is None


def test_money_is_stored_as_whole_sen(ledger):
    """The column holds an integer count of sen, not a float or text."""
    _store(ledger, TEN_TRILLION + Decimal("0.01"))
    raw = db.session.execute(select(ledger.c.amount.cast(BigInteger))).scalar_one()
    assert raw == 10**15 + 1


def test_money_equality_filter_is_exact_at_the_top_of_the_range(ledger):
    _store(ledger, TEN_TRILLION, TEN_TRILLION + Decimal("0.01"), TEN_TRILLION + Decimal("0.02"))
    hits = db.session.scalars(select(ledger.c.id).where(ledger.c.amount == TEN_TRILLION + Decimal("0.01"))).all()
    assert len(hits) == 1
    above = db.session.scalar(select(func.count()).where(ledger.c.amount > TEN_TRILLION))
    assert above == 2


def test_sql_sum_is_exact_over_many_rows(ledger):
    # 0.10 and 0.20 have no exact binary-float form: 3,000 of each drift as floats.
    amounts = [Decimal("0.10"), Decimal("0.20")] * 3000 + [TEN_TRILLION + Decimal("0.01"), Decimal("-0.03")]
    _store(ledger, *amounts)
    total = db.session.scalar(select(func.sum(ledger.c.amount)))
    assert isinstance(total, Decimal)
    assert total == Decimal("900.00") + TEN_TRILLION + Decimal("-0.02")
    assert total == sum(amounts)


def test_money_refuses_float(ledger):
    with pytest.raises(StatementError) as info:
        _store(ledger, 1500.5)
    assert isinstance(info.value.orig, TypeError)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ledger)) == 0


def test_money_refuses_bool(ledger):
    with pytest.raises(StatementError) as info:
        _store(ledger, True)
    assert isinstance(info.value.orig, TypeError)


@pytest.mark.parametrize("amount", [Decimal("1.005"), Decimal("-0.001"), TEN_TRILLION + Decimal("0.015")], ids=str)
def test_money_refuses_a_third_decimal_instead_of_rounding(ledger, amount):
    with pytest.raises(StatementError) as info:
        _store(ledger, amount)
    assert isinstance(info.value.orig, ValueError)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ledger)) == 0


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity")], ids=str)
def test_money_refuses_non_finite(ledger, amount):
    with pytest.raises(StatementError) as info:
        _store(ledger, amount)
    assert isinstance(info.value.orig, ValueError)
