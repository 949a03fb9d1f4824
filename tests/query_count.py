"""Counting the SQL statements a request runs (tests may assert query counts)."""
from __future__ import annotations

from contextlib import contextmanager

from flask import g
from sqlalchemy import event

from extensions import db


@contextmanager
def count_queries():
    """Collect the statements run on the app's engine inside the block."""
    statements: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)


def measure_get(client, url) -> int:
    """Statements one GET of ``url`` runs (it must answer 200). Flask-Login caches the user
    in ``g``, which lives as long as the test's app context: dropped, so the request loads
    its user from the session token as in production."""
    g.pop("_login_user", None)
    db.session.remove()
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    db.session.remove()
    return len(statements)
