"""Notifications: stored as kind + params and rendered in the reader's language; an
e-mail copy in the outbox for users with an address; marking read touches only one's
own; the outbox is sent over SMTP when configured and keeps what failed."""
from __future__ import annotations

import smtplib
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from accounts import notifications
from accounts.models import Notification, OutboxEmail, Role
from extensions import db

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what was sent; refuses listed addresses."""

    sent: list = []
    refuse: set = set()
    fail_connect = False
    instances: list = []

    def __init__(self, host, port, timeout=None, **kwargs):
        if FakeSMTP.fail_connect:
            raise ConnectionRefusedError(111, "Connection refused")
        self.host, self.port, self.tls, self.login_with = host, port, False, None
        FakeSMTP.instances.append(self)

    def starttls(self, context=None):
        self.tls = True

    def login(self, user, password):
        self.login_with = (user, password)

    def send_message(self, message):
        if message["To"] in FakeSMTP.refuse:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})
        FakeSMTP.sent.append(message)

    def quit(self):
        pass


@pytest.fixture
def smtp(monkeypatch, app):
    FakeSMTP.sent, FakeSMTP.refuse, FakeSMTP.fail_connect, FakeSMTP.instances = [], set(), False, []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_USE_TLS=True, MAIL_USERNAME="berdaya",
                      MAIL_PASSWORD="rahasia", MAIL_SENDER="Berdaya <no-reply@example.org>")
    return FakeSMTP


def test_notify_stores_kind_and_params_and_renders_in_the_current_language(factory):
    user = factory.user(Role.OFFICER)
    n = notifications.notify(user, "complaint.assigned", params={"id": 7, "subject": "Angsuran ganda"},
                             link="/complaints/7", now=NOW)
    db.session.commit()
    assert (n.kind, n.params, n.link, n.read_at) == ("complaint.assigned", {"id": 7, "subject": "Angsuran ganda"},
                                                     "/complaints/7", None)
    assert notifications.text(n) == "Complaint #7 was assigned to you: Angsuran ganda"
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0  # no e-mail address


def test_every_kind_renders_with_its_params(factory):
    user = factory.user(Role.MENTOR)
    params = {"id": 1, "subject": "S", "trainee": "Siti", "month": "2026-10-01", "description": "Catat kas",
              "amount": Decimal("5000000.00")}
    for kind in notifications.KINDS:
        n = notifications.notify(user, kind, params=params, link=None, now=NOW)
        assert "%(" not in notifications.text(n)
    checkin = Notification(kind="checkin.self_reported", params={"trainee": "Siti", "month": "2026-10-01"})
    assert notifications.text(checkin) == "Siti reported business figures for October 2026; please confirm them."
    application = Notification(kind="application.submitted_by_trainee",
                               params={"trainee": "Siti", "amount": "5000000.00"})
    assert notifications.text(application) == "Siti submitted a loan application for Rp 5.000.000."


def test_missing_params_render_empty_and_unknown_kinds_are_refused(factory):
    assert notifications.text(Notification(kind="complaint.closed", params={"id": 3})) == "Complaint #3 was closed: "
    with pytest.raises(ValueError):
        notifications.notify(factory.admin, "complaint.nonsense", params={}, link=None, now=NOW)


def test_a_user_with_an_email_gets_a_copy_in_the_outbox_with_an_absolute_link(factory, app):
    user = factory.user(Role.OFFICER, full_name="Budi Santoso")
    user.email = "budi@example.org"
    notifications.notify(user, "complaint.assigned", params={"id": 7, "subject": "Angsuran ganda"},
                         link="/complaints/7", now=NOW)
    db.session.commit()
    [email] = db.session.scalars(select(OutboxEmail)).all()
    assert email.to_address == "budi@example.org"
    assert email.subject.startswith("Berdaya: ") and "#7" in email.subject and "\n" not in email.subject
    assert "Budi Santoso" in email.body
    assert f"{app.config['PUBLIC_BASE_URL']}/complaints/7" in email.body
    assert (email.sent_at, email.attempts, email.created_at) == (None, 0, NOW)


def test_disabled_users_get_no_email(factory):
    from accounts import services as account_services

    user = factory.user(Role.OFFICER)
    user.email = "old@example.org"
    account_services.set_enabled(user, False, actor=factory.admin, now=NOW)
    notifications.notify(user, "complaint.assigned", params={"id": 1}, link=None, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0


def test_unread_recent_and_mark_read_touch_only_the_users_own(factory):
    me, other = factory.user(Role.OFFICER), factory.user(Role.OFFICER)
    mine = [notifications.notify(me, "complaint.assigned", params={"id": i}, link=None, now=NOW + timedelta(minutes=i))
            for i in range(3)]
    theirs = notifications.notify(other, "complaint.assigned", params={"id": 9}, link=None, now=NOW)
    db.session.commit()
    assert notifications.unread_count(me) == 3
    assert [n.id for n in notifications.recent(me)] == [n.id for n in reversed(mine)]
    assert notifications.recent(me, limit=1) == [mine[2]]
    read_at = NOW + timedelta(hours=1)
    assert notifications.mark_read(me, ids=[mine[0].id, theirs.id], now=read_at) == 1
    db.session.commit()
    db.session.expire_all()
    assert mine[0].read_at == read_at and theirs.read_at is None
    assert notifications.unread_count(me) == 2
    assert notifications.mark_read(me, ids=[], now=read_at) == 0
    assert notifications.mark_read(me, ids=None, now=read_at) == 2
    assert notifications.mark_read(me, ids=None, now=read_at) == 0
    assert notifications.unread_count(me) == 0 and notifications.unread_count(other) == 1


def _queue(n: int, *, to="warga@example.org"):
    for i in range(n):
        notifications.queue_email(to, subject=f"Pesan {i}", body="Isi pesan", now=NOW)
    db.session.commit()


def test_without_a_mail_server_nothing_is_sent(factory, app):
    _queue(2)
    assert app.config["MAIL_SERVER"] == ""
    assert notifications.send_outbox(now=NOW) == (0, 0)
    assert notifications.pending_count() == 2


def test_send_outbox_sends_and_marks_rows(smtp):
    _queue(3)
    assert notifications.send_outbox(now=NOW + timedelta(minutes=5)) == (3, 0)
    db.session.commit()
    assert [m["Subject"] for m in smtp.sent] == ["Pesan 0", "Pesan 1", "Pesan 2"]
    assert smtp.sent[0]["From"] == "Berdaya <no-reply@example.org>"
    assert smtp.instances[0].tls and smtp.instances[0].login_with == ("berdaya", "rahasia")
    rows = db.session.scalars(select(OutboxEmail)).all()
    assert all(r.sent_at == NOW + timedelta(minutes=5) and r.attempts == 1 for r in rows)
    assert notifications.send_outbox(now=NOW) == (0, 0)  # nothing left


def test_a_refused_message_stays_in_the_outbox_and_stops_after_max_attempts(smtp):
    _queue(1, to="bad@example.org")
    _queue(1)
    smtp.refuse = {"bad@example.org"}
    assert notifications.send_outbox(now=NOW) == (1, 1)
    db.session.commit()
    bad = db.session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == "bad@example.org"))
    assert bad.sent_at is None and bad.attempts == 1 and "550" in bad.last_error
    for _ in range(notifications.MAX_ATTEMPTS - 1):
        notifications.send_outbox(now=NOW)
    db.session.commit()
    assert bad.attempts == notifications.MAX_ATTEMPTS
    assert notifications.send_outbox(now=NOW) == (0, 0)
    assert notifications.pending_count() == 0


def test_an_unreachable_server_fails_the_batch_and_keeps_it(smtp):
    _queue(2)
    smtp.fail_connect = True
    assert notifications.send_outbox(now=NOW) == (0, 2)
    db.session.commit()
    assert all(r.attempts == 1 and "refused" in r.last_error.lower() for r in db.session.scalars(select(OutboxEmail)))
    smtp.fail_connect = False
    assert notifications.send_outbox(now=NOW) == (2, 0)
