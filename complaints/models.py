"""Complaints (pengaduan), aspirations, information requests, urgent needs and reports of
staff misconduct, handled in the SP4N-LAPOR! way:

    received -> verified -> assigned -> in_progress -> answered -> closed
           \\-> not_authority (closed: not ours, with reason)
           \\-> archived (with reason)

An answered complaint closes when the complainant confirms or after
``COMPLAINT_AUTO_CLOSE_DAYS`` days without a reply; it may be reopened once (back to
in_progress with the same assignee). SLA deadlines are working days (Mon-Fri minus
``Holiday`` rows and ``COMPLAINT_HOLIDAYS``), fixed when each stage starts.

Every step is a ``ComplaintEvent`` (the timeline); ``is_public`` events are shown to the
complainant, the others are internal.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import LabelledEnum, UTCDateTime, db, in_enum, register_labels, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from trainees.models import Trainee


class ComplaintKind(LabelledEnum):
    COMPLAINT = "complaint"  #: pengaduan
    ASPIRATION = "aspiration"  #: aspirasi
    INFORMATION = "information"  #: permintaan informasi
    URGENT = "urgent"  #: kebutuhan mendesak
    MISCONDUCT = "misconduct"  #: laporan pelanggaran petugas (admins only)


class ComplaintCategory(LabelledEnum):
    LOAN = "loan"
    MENTORING = "mentoring"
    TRAINING = "training"
    STAFF_CONDUCT = "staff_conduct"
    DATA_PRIVACY = "data_privacy"
    OTHER = "other"


class ComplaintStatus(LabelledEnum):
    RECEIVED = "received"
    VERIFIED = "verified"
    NOT_AUTHORITY = "not_authority"
    ARCHIVED = "archived"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"


#: States in which the complaint is still someone's work.
OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.VERIFIED, ComplaintStatus.ASSIGNED,
                 ComplaintStatus.IN_PROGRESS)
#: States that end the case (ANSWERED waits for the complainant, it is not "open" work).
FINAL_STATUSES = (ComplaintStatus.NOT_AUTHORITY, ComplaintStatus.ARCHIVED, ComplaintStatus.CLOSED)


class ComplaintChannel(LabelledEnum):
    PORTAL = "portal"  #: filed by a trainee in the portal
    STAFF = "staff"  #: filed by staff on someone's behalf
    PUBLIC = "public"  #: the public page, without login


class CloseReason(LabelledEnum):
    CONFIRMED = "confirmed"  #: the complainant confirmed the answer
    NO_REPLY = "no_reply"  #: closed automatically after the waiting period


class EventKind(LabelledEnum):
    RECEIVED = "received"
    VERIFIED = "verified"
    NOT_AUTHORITY = "not_authority"
    ARCHIVED = "archived"
    ASSIGNED = "assigned"
    STARTED = "started"
    REPLY = "reply"  #: a message to the complainant (public)
    COMPLAINANT_REPLY = "complainant_reply"  #: a message from the complainant (public)
    NOTE = "note"  #: internal note (never shown to the complainant)
    ANSWERED = "answered"  #: the answer (public)
    CLOSED = "closed"
    REOPENED = "reopened"
    ESCALATED = "escalated"  #: SLA missed, marked by ``flask complaints escalate`` (internal)
    ATTACHMENT = "attachment"


register_labels([
    (ComplaintKind.COMPLAINT, _l("Complaint")),
    (ComplaintKind.ASPIRATION, _l("Aspiration")),
    (ComplaintKind.INFORMATION, _l("Information request")),
    (ComplaintKind.URGENT, _l("Urgent need")),
    (ComplaintKind.MISCONDUCT, _l("Report of staff misconduct")),
    (ComplaintCategory.LOAN, _l("Loan")),
    (ComplaintCategory.MENTORING, _l("Mentoring")),
    (ComplaintCategory.TRAINING, _l("Training")),
    (ComplaintCategory.STAFF_CONDUCT, _l("Staff conduct")),
    (ComplaintCategory.DATA_PRIVACY, _l("Data and privacy")),
    (ComplaintCategory.OTHER, _l("Other")),
    (ComplaintStatus.RECEIVED, _l("Received")),
    (ComplaintStatus.VERIFIED, _l("Verified")),
    (ComplaintStatus.NOT_AUTHORITY, _l("Not our authority")),
    (ComplaintStatus.ARCHIVED, _l("Archived")),
    (ComplaintStatus.ASSIGNED, _l("Assigned")),
    (ComplaintStatus.IN_PROGRESS, _l("In progress")),
    (ComplaintStatus.ANSWERED, _l("Answered")),
    (ComplaintStatus.CLOSED, _l("Completed")),
    (ComplaintChannel.PORTAL, _l("Trainee portal")),
    (ComplaintChannel.STAFF, _l("Filed by staff")),
    (ComplaintChannel.PUBLIC, _l("Public page")),
    (CloseReason.CONFIRMED, _l("Confirmed by the complainant")),
    (CloseReason.NO_REPLY, _l("No reply within the waiting period")),
    (EventKind.RECEIVED, _l("Received")),
    (EventKind.VERIFIED, _l("Verified")),
    (EventKind.NOT_AUTHORITY, _l("Not our authority")),
    (EventKind.ARCHIVED, _l("Archived")),
    (EventKind.ASSIGNED, _l("Assigned")),
    (EventKind.STARTED, _l("Work started")),
    (EventKind.REPLY, _l("Message to the complainant")),
    (EventKind.COMPLAINANT_REPLY, _l("Message from the complainant")),
    (EventKind.NOTE, _l("Internal note")),
    (EventKind.ANSWERED, _l("Answered")),
    (EventKind.CLOSED, _l("Completed")),
    (EventKind.REOPENED, _l("Reopened")),
    (EventKind.ESCALATED, _l("Escalated: deadline missed")),
    (EventKind.ATTACHMENT, _l("Attachment added")),
])


class Complaint(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, unguessable code the complainant uses to follow the case (public page).
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=ComplaintStatus.RECEIVED.value)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)

    # -- who complains ------------------------------------------------------------------
    #: The complainant's login (a trainee filing in the portal, or the trainee staff filed for).
    complainant_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: The trainee record concerned, if any.
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainee.id"))
    #: Optional for the public page; copied from the trainee record otherwise.
    complainant_name: Mapped[str | None] = mapped_column(String(120))
    #: Phone or e-mail, optional.
    complainant_contact: Mapped[str | None] = mapped_column(String(120))
    #: Hide the complainant's identity from the assignee (admins still see it).
    confidential: Mapped[bool] = mapped_column(default=False)
    #: Staff member who filed it on someone's behalf.
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: HMAC of the submitter's IP address (public page only, for the rate limit).
    ip_hash: Mapped[str | None] = mapped_column(String(64))

    # -- misconduct ---------------------------------------------------------------------
    #: Free text from the complainant: who the report is about.
    accused_description: Mapped[str | None] = mapped_column(String(200))
    #: The staff member the report concerns, linked by an admin: they never see it.
    accused_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    # -- handling -----------------------------------------------------------------------
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Local (Asia/Jakarta) date of receipt: the SLA clock's start.
    received_on: Mapped[date]
    #: Last working day to verify (received_on + COMPLAINT_VERIFY_DAYS working days).
    verify_due_on: Mapped[date]
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_on: Mapped[date | None]
    #: Working days allowed for the answer, fixed at verification (5 urgent/misconduct, 14 other).
    answer_days: Mapped[int | None] = mapped_column(SmallInteger)
    #: Last working day to answer (verified_on + answer_days working days).
    answer_due_on: Mapped[date | None]
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: First answer (the SLA measure); a reopened case keeps it.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_on: Mapped[date | None]
    #: Latest answer (the auto-close clock).
    last_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(20))
    #: Reason given for not_authority / archived.
    resolution_reason: Mapped[str | None] = mapped_column(String(500))
    reopen_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    #: Set by `flask complaints escalate` when the verification / answer deadline was missed.
    verify_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    complainant_user: Mapped["User | None"] = relationship(foreign_keys=[complainant_user_id])
    trainee: Mapped["Trainee | None"] = relationship()
    filed_by: Mapped["User | None"] = relationship(foreign_keys=[filed_by_id])
    accused_user: Mapped["User | None"] = relationship(foreign_keys=[accused_user_id])
    assignee: Mapped["User | None"] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list["ComplaintEvent"]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id", cascade="all, delete-orphan")
    attachments: Mapped[list["ComplaintAttachment"]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(in_enum("kind", ComplaintKind), name="kind"),
        CheckConstraint(in_enum("category", ComplaintCategory), name="category"),
        CheckConstraint(in_enum("channel", ComplaintChannel), name="channel"),
        CheckConstraint(in_enum("status", ComplaintStatus), name="status"),
        CheckConstraint("close_reason IS NULL OR " + in_enum("close_reason", CloseReason), name="close_reason"),
        CheckConstraint("reopen_count BETWEEN 0 AND 1", name="reopen_once"),
        Index("ix_complaint_status_received", "status", "received_on"),
        Index("ix_complaint_assignee_status", "assignee_id", "status"),
        Index("ix_complaint_complainant", "complainant_user_id"),
        Index("ix_complaint_filed_by", "filed_by_id"),
        #: the lists' order (newest first) and their pages
        Index("ix_complaint_received_at", "received_at", "id"),
        Index("ix_complaint_ip_received", "ip_hash", "received_at"),
    )

    @property
    def kind_enum(self) -> ComplaintKind:
        return ComplaintKind(self.kind)

    @property
    def category_enum(self) -> ComplaintCategory:
        return ComplaintCategory(self.category)

    @property
    def status_enum(self) -> ComplaintStatus:
        return ComplaintStatus(self.status)

    @property
    def channel_enum(self) -> ComplaintChannel:
        return ComplaintChannel(self.channel)

    @property
    def is_open(self) -> bool:
        return self.status in {s.value for s in OPEN_STATUSES}

    @property
    def is_misconduct(self) -> bool:
        return self.kind == ComplaintKind.MISCONDUCT.value


class ComplaintEvent(db.Model):
    """One step of a complaint's timeline."""

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None for the public complainant and for the escalate/auto-close job.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))
    #: Message text (reply, answer, note, reason).
    body: Mapped[str | None] = mapped_column(Text)
    #: Shown to the complainant; internal notes and escalations are not.
    is_public: Mapped[bool] = mapped_column(default=False)
    #: Structured facts, e.g. {"from": "received", "to": "verified", "assignee_id": 3}.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship()

    __table_args__ = (
        CheckConstraint(in_enum("kind", EventKind), name="kind"),
        Index("ix_complaint_event_complaint_at", "complaint_id", "at"),
    )

    @property
    def kind_enum(self) -> EventKind:
        return EventKind(self.kind)


class ComplaintAttachment(db.Model):
    """A file kept outside the web root (``COMPLAINT_ATTACHMENT_DIR``/``stored_name``); its
    type is what its content is (checked on upload), not what its name says."""

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id", ondelete="CASCADE"))
    #: The name the uploader gave it (shown, never used as a path).
    original_name: Mapped[str] = mapped_column(String(255))
    #: Random file name on disk.
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    #: Detected from the content: image/jpeg, image/png, image/webp or application/pdf.
    content_type: Mapped[str] = mapped_column(String(50))
    #: Bytes.
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: Shown to the complainant too (False for files staff add internally).
    is_public: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")
    uploaded_by: Mapped["User | None"] = relationship()

    __table_args__ = (
        CheckConstraint("size > 0", name="size"),
        Index("ix_complaint_attachment_complaint", "complaint_id"),
    )


class Holiday(db.Model):
    """A public holiday (libur nasional / cuti bersama): not a working day for SLA timers.
    Admins keep the list at /complaints/holidays; ``COMPLAINT_HOLIDAYS`` adds more."""

    day: Mapped[date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
