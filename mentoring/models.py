"""Mentoring (pendampingan): mentor assignments, sessions with attendance, action items
and monthly business check-ins.

``Trainee.mentor_id`` stays the *current* mentor (the access policy reads it); the
assignment table is its history, kept in step by ``mentoring.services.assign_mentor``.
Money columns use ``Money`` (exact rupiah, Decimal).
"""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import LabelledEnum, Money, UTCDateTime, db, in_enum, register_labels, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from trainees.models import Kelurahan, Trainee


class SessionKind(LabelledEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


class SessionMode(LabelledEnum):
    FIELD_VISIT = "field_visit"
    PHONE = "phone"  #: phone call or WhatsApp
    VIDEO = "video"
    GROUP_MEETING = "group_meeting"
    TRAINING_FOLLOW_UP = "training_follow_up"


class Topic(LabelledEnum):
    BOOKKEEPING = "bookkeeping"
    PRICING = "pricing"  #: pricing and costing
    MARKETING = "marketing"
    DIGITAL_SALES = "digital_sales"
    PRODUCT_QUALITY = "product_quality"
    STOCK = "stock"
    LOAN_USE = "loan_use"  #: loan use and repayment
    SAVINGS = "savings"
    LEGAL = "legal"  #: legal, NIB, halal certification
    MONEY_SEPARATION = "money_separation"  #: family and business money separation
    OTHER = "other"


class ActionOwner(LabelledEnum):
    TRAINEE = "trainee"
    MENTOR = "mentor"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class SalesChannel(LabelledEnum):
    """Each is a boolean column ``sells_<value>`` on ``BusinessCheckin``."""

    SHOP = "shop"
    MARKET = "market"
    MARKETPLACE = "marketplace"  #: online marketplace (Shopee, Tokopedia, ...)
    SOCIAL_MEDIA = "social_media"
    RESELLER = "reseller"


class Practice(LabelledEnum):
    """The eight business practices; each is a boolean column ``practice_<value>``."""

    RECORDS_SALES = "records_sales"
    RECORDS_PURCHASES = "records_purchases"
    KNOWS_PROFIT = "knows_profit"
    COMPARES_PRICES = "compares_prices"
    STOCK_RECORDS = "stock_records"
    HAS_BUDGET = "has_budget"
    ADVERTISED = "advertised"
    ASKED_CUSTOMERS = "asked_customers"


_LABEL_PAIRS = [
    (SessionKind.INDIVIDUAL, _l("Individual")),
    (SessionKind.GROUP, _l("Group")),
    (SessionMode.FIELD_VISIT, _l("Field visit")),
    (SessionMode.PHONE, _l("Phone / WhatsApp")),
    (SessionMode.VIDEO, _l("Video call")),
    (SessionMode.GROUP_MEETING, _l("Group meeting")),
    (SessionMode.TRAINING_FOLLOW_UP, _l("Training follow-up")),
    (Topic.BOOKKEEPING, _l("Bookkeeping")),
    (Topic.PRICING, _l("Pricing and costing")),
    (Topic.MARKETING, _l("Marketing")),
    (Topic.DIGITAL_SALES, _l("Digital / online sales")),
    (Topic.PRODUCT_QUALITY, _l("Product quality")),
    (Topic.STOCK, _l("Stock")),
    (Topic.LOAN_USE, _l("Loan use and repayment")),
    (Topic.SAVINGS, _l("Savings")),
    (Topic.LEGAL, _l("Legal / NIB / halal certification")),
    (Topic.MONEY_SEPARATION, _l("Separating family and business money")),
    (Topic.OTHER, _l("Other")),
    (ActionOwner.TRAINEE, _l("Trainee")),
    (ActionOwner.MENTOR, _l("Mentor")),
    (ActionStatus.OPEN, _l("Open")),
    (ActionStatus.DONE, _l("Done")),
    (ActionStatus.DROPPED, _l("Dropped")),
    (SalesChannel.SHOP, _l("Shop / stall")),
    (SalesChannel.MARKET, _l("Market")),
    (SalesChannel.MARKETPLACE, _l("Online marketplace")),
    (SalesChannel.SOCIAL_MEDIA, _l("Social media")),
    (SalesChannel.RESELLER, _l("Resellers")),
    (Practice.RECORDS_SALES, _l("Records every sale")),
    (Practice.RECORDS_PURCHASES, _l("Records every purchase")),
    (Practice.KNOWS_PROFIT, _l("Knows the monthly profit")),
    (Practice.COMPARES_PRICES, _l("Compares prices with competitors")),
    (Practice.STOCK_RECORDS, _l("Keeps stock records")),
    (Practice.HAS_BUDGET, _l("Has a budget for next month")),
    (Practice.ADVERTISED, _l("Advertised in the last 3 months")),
    (Practice.ASKED_CUSTOMERS, _l("Asked customers what else they want")),
]
register_labels(_LABEL_PAIRS)



class MentorAssignment(db.Model):
    """One period during which ``mentor`` mentored ``trainee``. At most one open period
    (``ended_on`` NULL) per trainee; it matches ``Trainee.mentor_id``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    started_on: Mapped[date]
    #: Last day of the assignment (inclusive); NULL while it is current.
    ended_on: Mapped[date | None]
    #: Why this assignment began (required when it replaces another mentor).
    reason: Mapped[str | None] = mapped_column(Text)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped["Trainee"] = relationship()
    mentor: Mapped["User"] = relationship(foreign_keys=[mentor_id])
    assigned_by: Mapped["User"] = relationship(foreign_keys=[assigned_by_id])
    ended_by: Mapped["User | None"] = relationship(foreign_keys=[ended_by_id])

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
        Index("ix_mentor_assignment_trainee", "trainee_id", "started_on"),
        Index("ix_mentor_assignment_mentor", "mentor_id", "ended_on"),
        Index(
            "uq_mentor_assignment_current", "trainee_id", unique=True,
            sqlite_where=text("ended_on IS NULL"), postgresql_where=text("ended_on IS NULL"),
        ),
    )


class MentoringSession(db.Model):
    """A mentoring session: individual (one participant) or group (several, each with
    attendance). ``shared_notes`` are shown to the trainees; ``staff_notes`` never are."""

    __tablename__ = "mentoring_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[date]
    starts_at: Mapped[time | None]
    duration_minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(20))
    #: Where it took place.
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    #: Free text for the "other" topic.
    topic_other: Mapped[str | None] = mapped_column(String(120))
    #: Visible to the trainees who took part (portal, their PDFs).
    shared_notes: Mapped[str | None] = mapped_column(Text)
    #: Mentors, officers and admins only; never shown to trainees.
    staff_notes: Mapped[str | None] = mapped_column(Text)
    next_session_on: Mapped[date | None]
    #: The author: only they may edit, and only for ``SESSION_EDIT_DAYS`` days.
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    mentor: Mapped["User"] = relationship()
    kelurahan: Mapped["Kelurahan | None"] = relationship()
    topics: Mapped[list["SessionTopic"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionTopic.topic"
    )
    attendance: Mapped[list["SessionAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(in_enum("kind", SessionKind), name="kind"),
        CheckConstraint(in_enum("mode", SessionMode), name="mode"),
        CheckConstraint("duration_minutes BETWEEN 1 AND 720", name="duration"),
        CheckConstraint("next_session_on IS NULL OR next_session_on >= held_on", name="next_session"),
        Index("ix_mentoring_session_mentor_held", "mentor_id", "held_on"),
        Index("ix_mentoring_session_held", "held_on"),
    )

    @property
    def kind_enum(self) -> SessionKind:
        return SessionKind(self.kind)

    @property
    def mode_enum(self) -> SessionMode:
        return SessionMode(self.mode)

    @property
    def topic_enums(self) -> list[Topic]:
        return [Topic(t.topic) for t in self.topics]


class SessionTopic(db.Model):
    session_id: Mapped[int] = mapped_column(ForeignKey("mentoring_session.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(20), primary_key=True)

    session: Mapped[MentoringSession] = relationship(back_populates="topics")

    __table_args__ = (CheckConstraint(in_enum("topic", Topic), name="topic"),)


class SessionAttendance(db.Model):
    """A trainee's place in a session. ``held_on`` is copied from the session (kept in
    step by the service) so "last session per trainee" reads one index."""

    session_id: Mapped[int] = mapped_column(ForeignKey("mentoring_session.id", ondelete="CASCADE"), primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), primary_key=True)
    attended: Mapped[bool] = mapped_column(default=True)
    held_on: Mapped[date]

    session: Mapped[MentoringSession] = relationship(back_populates="attendance")
    trainee: Mapped["Trainee"] = relationship()

    __table_args__ = (Index("ix_session_attendance_trainee_held", "trainee_id", "held_on"),)


class ActionItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"))
    #: The session it was agreed in, if any.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_session.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date]
    owner: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=ActionStatus.OPEN.value)
    #: Set when done (or dropped); cleared when reopened.
    completed_on: Mapped[date | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped["Trainee"] = relationship()
    session: Mapped[MentoringSession | None] = relationship()
    completed_by: Mapped["User | None"] = relationship(foreign_keys=[completed_by_id])
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])

    __table_args__ = (
        CheckConstraint(in_enum("owner", ActionOwner), name="owner"),
        CheckConstraint(in_enum("status", ActionStatus), name="status"),
        CheckConstraint("(status = 'open') = (completed_on IS NULL)", name="completed_on"),
        Index("ix_action_item_trainee_status_due", "trainee_id", "status", "due_on"),
    )

    @property
    def owner_enum(self) -> ActionOwner:
        return ActionOwner(self.owner)

    @property
    def status_enum(self) -> ActionStatus:
        return ActionStatus(self.status)

    def is_overdue(self, as_of: date) -> bool:
        return self.status == ActionStatus.OPEN.value and self.due_on < as_of


class BusinessCheckin(db.Model):
    """The business's figures for one calendar month (``month`` is its first day). One
    per trainee per month: recording the month again replaces the figures."""

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"))
    month: Mapped[date]
    #: Rupiah for the month.
    revenue: Mapped[Decimal] = mapped_column(Money)
    #: Business costs for the month (stock, materials, rent, wages...), rupiah.
    costs: Mapped[Decimal] = mapped_column(Money)
    #: Household income from other sources in the month, rupiah.
    other_income: Mapped[Decimal] = mapped_column(Money)
    #: Savings balance at the end of the month, rupiah.
    savings: Mapped[Decimal] = mapped_column(Money)
    paid_workers: Mapped[int] = mapped_column(SmallInteger, default=0)
    unpaid_workers: Mapped[int] = mapped_column(SmallInteger, default=0)
    sells_shop: Mapped[bool] = mapped_column(default=False)
    sells_market: Mapped[bool] = mapped_column(default=False)
    sells_marketplace: Mapped[bool] = mapped_column(default=False)
    sells_social_media: Mapped[bool] = mapped_column(default=False)
    sells_reseller: Mapped[bool] = mapped_column(default=False)
    keeps_records: Mapped[bool] = mapped_column(default=False)
    separates_money: Mapped[bool] = mapped_column(default=False)
    practice_records_sales: Mapped[bool] = mapped_column(default=False)
    practice_records_purchases: Mapped[bool] = mapped_column(default=False)
    practice_knows_profit: Mapped[bool] = mapped_column(default=False)
    practice_compares_prices: Mapped[bool] = mapped_column(default=False)
    practice_stock_records: Mapped[bool] = mapped_column(default=False)
    practice_has_budget: Mapped[bool] = mapped_column(default=False)
    practice_advertised: Mapped[bool] = mapped_column(default=False)
    practice_asked_customers: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: Entered by the trainee in the portal; stays "self-reported" (and out of the
    #: assessment) until their mentor (or an officer/admin) confirms it.
    is_self_reported: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped["Trainee"] = relationship()
    recorded_by: Mapped["User"] = relationship(foreign_keys=[recorded_by_id])
    confirmed_by: Mapped["User | None"] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def is_pending_confirmation(self) -> bool:
        return self.is_self_reported and self.confirmed_at is None

    __table_args__ = (
        UniqueConstraint("trainee_id", "month", name="uq_business_checkin_trainee_month"),
        CheckConstraint("revenue >= 0 AND costs >= 0 AND other_income >= 0 AND savings >= 0", name="amounts"),
        CheckConstraint("paid_workers >= 0 AND unpaid_workers >= 0", name="workers"),
    )

    @property
    def profit(self) -> Decimal:
        return self.revenue - self.costs

    @property
    def practices(self) -> dict[Practice, bool]:
        return {p: bool(getattr(self, f"practice_{p.value}")) for p in Practice}

    @property
    def practices_score(self) -> int:
        """0-8: how many of the eight business practices the trainee follows."""
        return sum(self.practices.values())

    @property
    def channels(self) -> list[SalesChannel]:
        return [c for c in SalesChannel if getattr(self, f"sells_{c.value}")]
