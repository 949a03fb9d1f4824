"""In-app notifications and the e-mail outbox.

A ``Notification`` stores a ``kind`` and JSON ``params``, never a rendered sentence: the
text is produced on display, in the reader's language (:func:`text`). When the user has
an e-mail address, :func:`notify` also queues an ``OutboxEmail`` (in Indonesian, the
programme's language) in the same transaction; ``flask complaints send-mail`` (or
``escalate``) sends the outbox later over SMTP when ``MAIL_SERVER`` is set. Nothing
here commits.

Params each kind uses (missing ones render as empty text):

=================================  ===============================================
complaint.*                        ``id``, ``subject``; ``misconduct: true`` replaces
                                   the subject by "Report of staff misconduct"
checkin.self_reported              ``trainee`` (name), ``month`` (ISO date, any day
                                   of the month)
action.done_by_trainee             ``trainee``, ``description``
application.submitted_by_trainee   ``trainee``, ``amount`` (Decimal or its string;
                                   shown as rupiah)
=================================  ===============================================
"""
from __future__ import annotations

import smtplib
import ssl
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from email.message import EmailMessage
from email.utils import format_datetime as email_date
from email.utils import make_msgid

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from extensions import db
from formatting import format_rupiah

from .audit import _jsonable
from .models import Notification, OutboxEmail, User

#: kind -> its sentence (English source, translated on display). Placeholders are the
#: params listed in the module docstring.
KINDS = {
    "complaint.received": _l("New complaint #%(id)s: %(subject)s"),
    "complaint.assigned": _l("Complaint #%(id)s was assigned to you: %(subject)s"),
    "complaint.answered": _l("Your complaint #%(id)s has been answered: %(subject)s"),
    "complaint.reply": _l("New message about your complaint #%(id)s: %(subject)s"),
    "complaint.complainant_reply": _l("The complainant wrote about complaint #%(id)s: %(subject)s"),
    "complaint.reopened": _l("Complaint #%(id)s was reopened by the complainant: %(subject)s"),
    "complaint.overdue_verify": _l("Complaint #%(id)s was not verified in time: %(subject)s"),
    "complaint.overdue_answer": _l("Complaint #%(id)s was not answered in time: %(subject)s"),
    "complaint.closed": _l("Complaint #%(id)s was closed: %(subject)s"),
    "checkin.self_reported": _l("%(trainee)s reported business figures for %(month)s; please confirm them."),
    "action.done_by_trainee": _l("%(trainee)s marked an action item done: %(description)s"),
    "application.submitted_by_trainee": _l("%(trainee)s submitted a loan application for %(amount)s."),
}

#: Sending gives up on a message after this many failed attempts (it stays in the outbox).
MAX_ATTEMPTS = 5
SMTP_TIMEOUT_SECONDS = 30
_SUBJECT_LENGTH = 200


class _Params(dict):
    """Format mapping: a missing placeholder renders as empty text instead of failing."""

    def __missing__(self, key):
        return ""


def _display_params(kind: str, params: dict) -> _Params:
    shown = _Params(params or {})
    if shown.get("misconduct"):
        # Never the subject of a misconduct report in a notification or e-mail.
        shown["subject"] = str(_l("Report of staff misconduct"))
    if "month" in shown:
        try:
            shown["month"] = format_date(date.fromisoformat(str(shown["month"])), "MMMM yyyy")
        except ValueError:
            pass
    if "amount" in shown:
        try:
            shown["amount"] = format_rupiah(Decimal(str(shown["amount"])))
        except (InvalidOperation, ValueError):
            pass
    return shown


def render(kind: str, params: dict | None) -> str:
    """The sentence of ``kind`` with ``params``, in the current locale."""
    template = KINDS.get(kind)
    if template is None:
        return kind
    return str(template) % _display_params(kind, params or {})


def text(n: Notification) -> str:
    """The notification's sentence in the current locale."""
    return render(n.kind, n.params)


def absolute_link(link: str | None) -> str | None:
    """``link`` (a path) prefixed with ``PUBLIC_BASE_URL``; absolute links unchanged."""
    if not link:
        return None
    if link.startswith(("http://", "https://")):
        return link
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/" + link.lstrip("/")


def notify(user: User, kind: str, *, params: dict, link: str | None, now: datetime) -> Notification:
    """Add a notification for ``user`` (``link``: a path inside the app). When the user
    has an e-mail address and is enabled, queue the same text as an e-mail in Indonesian
    with the absolute link."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    notification = Notification(user_id=user.id, kind=kind, params=_jsonable(dict(params or {})), link=link,
                                created_at=now)
    db.session.add(notification)
    if user.email and user.is_enabled:
        with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "id")):
            sentence = text(notification)
            greeting = str(_l("Hello %(name)s,", name=user.full_name))
            footer = str(_l("This message was sent by Berdaya. You can also read it in the app under "
                            "Notifications."))
        url = absolute_link(link)
        body = "\n\n".join(part for part in (greeting, sentence, url, footer) if part) + "\n"
        queue_email(user.email, subject=f"Berdaya: {sentence}", body=body, now=now)
    db.session.flush()
    return notification


def queue_email(to_address: str, *, subject: str, body: str, now: datetime) -> OutboxEmail:
    """Put an e-mail in the outbox (sent later by :func:`send_outbox`)."""
    subject = " ".join(subject.split())  # no line breaks in a header
    if len(subject) > _SUBJECT_LENGTH:
        subject = subject[: _SUBJECT_LENGTH - 1] + "…"
    email = OutboxEmail(to_address=to_address.strip(), subject=subject, body=body, created_at=now, attempts=0)
    db.session.add(email)
    db.session.flush()
    return email


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def recent(user: User, limit: int = 50) -> list[Notification]:
    """The user's newest notifications first, read or not."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ))


def mark_read(user: User, *, ids: list[int] | None, now: datetime) -> int:
    """Mark the user's unread notifications read (``ids=None``: all of them); ids of
    other users' notifications are ignored. Returns how many changed."""
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        wanted = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
        if not wanted:
            return 0
        query = query.where(Notification.id.in_(wanted))
    result = db.session.execute(query.values(read_at=now).execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount or 0


# --- Sending the outbox ----------------------------------------------------------------


def _smtp_connection(config):
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 0)
    if config.get("MAIL_USE_SSL"):
        connection = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS,
                                      context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
        if config.get("MAIL_USE_TLS"):
            connection.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return connection


def _message(email: OutboxEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Date"] = email_date(email.created_at)
    message["Message-ID"] = make_msgid(idstring=f"outbox{email.id}")
    message.set_content(email.body)
    return message


def pending_count() -> int:
    """E-mails still waiting to be sent (not given up on)."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxEmail)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
    ) or 0


def send_outbox(*, now: datetime, limit: int = 100) -> tuple[int, int]:
    """Send up to ``limit`` waiting e-mails over SMTP; returns (sent, failed).

    Does nothing, (0, 0), when ``MAIL_SERVER`` is not set. A failure keeps the row with
    ``attempts`` + 1 and ``last_error``; after ``MAX_ATTEMPTS`` it is no longer tried.
    Rows are locked (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) so two senders never send
    the same message; the caller commits."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0, 0
    rows = list(db.session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxEmail.id).limit(limit)
        .with_for_update(skip_locked=True)
    ))
    if not rows:
        return 0, 0
    sent = failed = 0
    try:
        connection = _smtp_connection(config)
    except (OSError, smtplib.SMTPException) as err:
        for email in rows:
            email.attempts += 1
            email.last_error = f"connect: {err}"[:500]
        db.session.flush()
        return 0, len(rows)
    try:
        for email in rows:
            email.attempts += 1
            try:
                connection.send_message(_message(email, config["MAIL_SENDER"]))
            except (OSError, smtplib.SMTPException, ValueError) as err:
                email.last_error = str(err)[:500] or type(err).__name__
                failed += 1
            else:
                email.sent_at, email.last_error = now, None
                sent += 1
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            pass
    db.session.flush()
    return sent, failed
