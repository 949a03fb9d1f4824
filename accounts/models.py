from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from extensions import UTCDateTime, db, utcnow


class Role(str, enum.Enum):
    """A user has exactly one role. Add a member (and a migration if a check needs it)
    to extend; the stored value is the plain string."""

    ADMIN = "admin"
    OFFICER = "officer"
    MENTOR = "mentor"
    TRAINEE = "trainee"
    #: Staff of a CSR partner: sees only its own partner's aggregate report.
    PARTNER = "partner"

    @property
    def label(self) -> str:
        from flask_babel import lazy_gettext as _l

        return {
            Role.ADMIN: _l("Administrator"),
            Role.OFFICER: _l("Loan officer"),
            Role.MENTOR: _l("Mentor"),
            Role.TRAINEE: _l("Trainee"),
            Role.PARTNER: _l("CSR partner"),
        }[self]


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case; login is case-insensitive.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    #: Optional; notifications are also queued as e-mail (``OutboxEmail``) when set.
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: The CSR partner a ``partner`` user works for (set for that role only).
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sessions: Mapped[list["UserSession"]] = relationship(back_populates="user")

    __table_args__ = (
        # A partner user always belongs to a partner; nobody else does.
        CheckConstraint("(role = 'partner') = (partner_id IS NOT NULL)", name="partner_role"),
    )

    # Flask-Login's id is the session token, set by load_user; see accounts.services.
    _session_token = None  # type: str | None

    def get_id(self) -> str | None:
        return self._session_token

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_enabled

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class UserSession(db.Model):
    """One server-side login session. The browser holds only the random token; we keep
    its SHA-256. Logging out or disabling the user revokes rows, which ends the sessions
    at once on every process."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginAttempt(db.Model):
    """Every login attempt, kept in the database so throttling holds across processes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Normalised (lower-case) username as typed, whether or not such a user exists.
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "success", "failure" or "refused" (refused while locked out; not a failure).
    outcome: Mapped[str] = mapped_column(String(10))
    ip: Mapped[str | None] = mapped_column(String(45))

    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )


class AuditEvent(db.Model):
    """Append-only record of every state change. There is no update or delete path:
    the ORM refuses it (below) and database triggers refuse it (see migrations)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    #: Dotted code, e.g. "trainee.created", "auth.locked_out".
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_audit_event_entity", "entity_type", "entity_id"),)


class AuditImmutableError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutableError("audit events are append-only")


class Notification(db.Model):
    """An in-app notification for one user. The text is rendered in the reader's language
    from ``kind`` and ``params`` (see ``accounts.notifications``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: Dotted code, e.g. "complaint.assigned"; its text lives in accounts.notifications.
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Path inside the application the notification points to.
    link: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)


class OutboxEmail(db.Model):
    """An e-mail waiting to be sent (transactional outbox): written in the same transaction
    as the change it reports, sent later by ``flask complaints send-mail`` (or escalate)
    when SMTP is configured."""

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_outbox_email_sent", "sent_at"),)
