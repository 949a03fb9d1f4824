"""`flask complaints escalate` and `flask complaints send-mail`."""
from __future__ import annotations

import smtplib

from sqlalchemy import func, select

from accounts import notifications
from accounts.models import Notification, OutboxEmail
from extensions import db
from tests.complaints.test_notifications import NOW, FakeSMTP


def test_escalate_prints_the_figures_and_runs_once_per_day(runner, factory):
    admin = factory.admin
    late = factory.complaint()  # received Mon 23 Nov, verify by Thu 26 Nov
    answered = factory.complaint(status="answered")
    result = runner.invoke(args=["complaints", "escalate", "--today", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "Verification overdue: 1; answer overdue: 0; auto-closed: 0; notifications: 1." in result.output
    assert "MAIL_SERVER is not set: 0 e-mail(s) wait in the outbox." in result.output
    db.session.expire_all()
    assert late.verify_escalated_at is not None  # committed
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == admin.id, Notification.kind == "complaint.overdue_verify")) == 1
    again = runner.invoke(args=["complaints", "escalate", "--today", "2026-11-27"])
    assert "Verification overdue: 0; answer overdue: 0; auto-closed: 0; notifications: 0." in again.output
    closing = runner.invoke(args=["complaints", "escalate", "--today", "2026-12-09"])
    assert "auto-closed: 1" in closing.output
    db.session.expire_all()
    assert answered.status == "closed" and answered.close_reason == "no_reply"


def test_escalate_refuses_a_bad_date(runner):
    result = runner.invoke(args=["complaints", "escalate", "--today", "27-11-2026"])
    assert result.exit_code == 2
    assert "Invalid value for '--today'" in result.output


def test_escalate_sends_the_outbox_when_a_mail_server_is_set(runner, factory, app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.refuse, FakeSMTP.fail_connect, FakeSMTP.instances = [], set(), False, []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org")
    admin = factory.admin
    admin.email = "admin@example.org"
    db.session.commit()
    factory.complaint()
    result = runner.invoke(args=["complaints", "escalate", "--today", "2026-11-27"])
    assert result.exit_code == 0, result.output
    # the "received" and the "overdue" notices
    assert "E-mail sent: 2; failed: 0." in result.output
    assert [m["To"] for m in FakeSMTP.sent] == ["admin@example.org"] * 2


def test_send_mail_without_a_server_is_bad_input(runner):
    notifications.queue_email("warga@example.org", subject="Hai", body="Isi", now=NOW)
    db.session.commit()
    result = runner.invoke(args=["complaints", "send-mail"])
    assert result.exit_code == 2
    assert "MAIL_SERVER is not set; 1 e-mail(s) wait in the outbox." in result.output


def test_send_mail_reports_failures_with_exit_code_1(runner, app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.refuse, FakeSMTP.fail_connect, FakeSMTP.instances = [], {"bad@example.org"}, False, []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org")
    for to in ("warga@example.org", "bad@example.org"):
        notifications.queue_email(to, subject="Hai", body="Isi", now=NOW)
    db.session.commit()
    result = runner.invoke(args=["complaints", "send-mail"])
    assert result.exit_code == 1
    assert "E-mail sent: 1; failed: 1; still waiting: 1." in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.sent_at.is_not(None))) == 1
    FakeSMTP.refuse = set()
    ok = runner.invoke(args=["complaints", "send-mail"])
    assert ok.exit_code == 0 and "E-mail sent: 1; failed: 0; still waiting: 0." in ok.output
