"""A savepoint (``begin_nested``) is part of the request's transaction on both backends:
a rollback undoes what was written inside it, even when it was the first write."""
from __future__ import annotations

from sqlalchemy import func, select

from accounts.models import Role, User
from extensions import db


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_a_released_savepoint_is_undone_by_the_rollback_of_its_transaction(app, factory):
    before = _users()
    db.session.execute(select(1))  # a transaction is open, with no write yet
    with db.session.begin_nested():
        db.session.add(User(username="inside-savepoint", full_name="Savepoint", password_hash="x",
                            role=Role.OFFICER.value))
    db.session.rollback()
    assert _users() == before


def test_a_rolled_back_savepoint_keeps_the_outer_work(app, factory):
    before = _users()
    factory.user(Role.OFFICER, username="outer")  # committed by the factory
    db.session.add(User(username="outer-pending", full_name="Pending", password_hash="x", role=Role.OFFICER.value))
    db.session.flush()
    savepoint = db.session.begin_nested()
    db.session.add(User(username="inner", full_name="Inner", password_hash="x", role=Role.OFFICER.value))
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    names = set(db.session.scalars(select(User.username)))
    assert {"outer", "outer-pending"} <= names and "inner" not in names
    assert _users() == before + 2
