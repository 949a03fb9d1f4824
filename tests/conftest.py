"""Test fixtures. The whole suite runs on SQLite (default) or on PostgreSQL when
TEST_DATABASE_URL is set (``make test`` runs both).

The schema is built once per run by the real migrations (so they are tested too);
each test then gets a fresh database: a copy of the migrated SQLite file, or on
PostgreSQL the migrated schema with every non-reference table truncated after the test.
"""
from __future__ import annotations

import atexit
from concurrent.futures import ThreadPoolExecutor
import os
import shutil
from datetime import date

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from config import TestConfig

REFERENCE_TABLES = {"alembic_version", "kecamatan", "kelurahan"}
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
if TEST_DATABASE_URL.startswith("postgresql://"):
    TEST_DATABASE_URL = "postgresql+psycopg://" + TEST_DATABASE_URL[len("postgresql://"):]


def backend() -> str:
    return "postgresql" if TEST_DATABASE_URL.startswith("postgresql") else "sqlite"


def pytest_report_header(config):
    return f"database backend: {backend()} ({TEST_DATABASE_URL or 'temporary SQLite files'})"


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a thread of its own.

    The ``app`` fixture keeps an application context pushed for the test's own database
    work, and Flask would reuse it for each request: ``g`` (Flask-Login's cached user,
    Flask-Babel's locale) and the SQLAlchemy session would then leak from one request
    and one client to the next, hiding logouts, lazy loads and N+1 queries. A fresh
    thread has no context, so each request gets its own, as in production. Afterwards
    the test's session is expired so it reads what the request committed."""

    def open(self, *args, **kwargs):
        with ThreadPoolExecutor(max_workers=1) as pool:
            # buffered: a streamed body is read in the same thread (and context) too
            response = pool.submit(super().open, *args, buffered=True, **kwargs).result()
        from extensions import db

        if has_app_context():
            db.session.expire_all()
        return response


def _make_app(uri: str, **overrides):
    from app import create_app

    app = create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, **overrides})
    app.test_client_class = IsolatedClient
    return app


def _private_pg_database(tmp_path_factory) -> str:
    """A database of this run's own beside TEST_DATABASE_URL's (dropped at exit), so two
    runs never trample each other; falls back to TEST_DATABASE_URL itself when the role
    may not create databases."""
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_run_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # noqa: BLE001 - no CREATEDB right: use the given database
        admin.dispose()
        return TEST_DATABASE_URL

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    atexit.register(drop)
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """URI of a database migrated to head (SQLite: a template file to copy)."""
    if backend() == "postgresql":
        uri = _private_pg_database(tmp_path_factory)
        engine = create_engine(uri)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('db') / 'template.db'}"
    app = _make_app(uri)
    with app.app_context():
        upgrade(directory=os.path.join(app.root_path, "migrations"))
        from extensions import db

        db.engine.dispose()
    return uri


@pytest.fixture
def database_uri(migrated_database, tmp_path):
    if backend() == "postgresql":
        yield migrated_database
        engine = create_engine(migrated_database)
        with engine.begin() as conn:
            tables = [
                r[0]
                for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                if r[0] not in REFERENCE_TABLES
            ]
            if tables:
                conn.execute(text(f"TRUNCATE {', '.join(chr(34) + t + chr(34) for t in tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        path = tmp_path / "test.db"
        shutil.copy(migrated_database.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """scrypt with a small work factor in tests (production uses Werkzeug's default)."""
    import accounts.services

    monkeypatch.setattr(accounts.services, "PASSWORD_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def app_factory(database_uri, tmp_path):
    """Build an app on this test's database, with config overrides. Complaint
    attachments go to the test's own temporary folder."""
    apps = []

    def factory(**overrides):
        overrides.setdefault("COMPLAINT_ATTACHMENT_DIR", str(tmp_path / "attachments"))
        app = _make_app(database_uri, **overrides)
        apps.append(app)
        return app

    yield factory
    from extensions import db

    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(app):
    from tests.factories import Factory

    return Factory()


@pytest.fixture
def login(client, factory):
    """``login(role)`` creates a user of that role (or takes a User) and logs the test
    client in through the real login form; returns the user."""
    from accounts.models import User

    def do_login(role_or_user, *, client=client):
        user = role_or_user if isinstance(role_or_user, User) else factory.user(role_or_user)
        response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do_login


@pytest.fixture
def today():
    return date(2026, 11, 27)
