"""CSR partners who fund the programme: organisations, their funding agreements with an
earmark (kecamatan and/or business sector and/or poverty status), and the loans financed
against each agreement. Also trainees' stories, told anonymously in partner reports when
the trainee consented.

A *funding* (``LoanFunding``) says "this amount of this disbursed loan was financed by
this agreement". The service checks the earmark against the trainee and their business,
that the agreement still has that much uncommitted, and that a loan is never financed
beyond its principal (one loan may be shared by several agreements).

A user with role ``partner`` belongs to one partner (``User.partner_id``) and sees only
that partner's aggregate report.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import LabelledEnum, Money, UTCDateTime, db, in_enum, register_labels, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from loans.models import Loan
    from trainees.models import Kecamatan, Trainee


class PartnerSector(LabelledEnum):
    """The partner organisation's own line of business."""

    BANKING = "banking"  #: banks and financial services
    STATE_ENTERPRISE = "state_enterprise"  #: BUMN / BUMD
    TELECOM = "telecom"
    MANUFACTURING = "manufacturing"
    RETAIL = "retail"
    ENERGY = "energy"
    FOUNDATION = "foundation"  #: philanthropy, zakat institutions
    OTHER = "other"


register_labels([
    (PartnerSector.BANKING, _l("Banking & finance")),
    (PartnerSector.STATE_ENTERPRISE, _l("State-owned enterprise")),
    (PartnerSector.TELECOM, _l("Telecommunications")),
    (PartnerSector.MANUFACTURING, _l("Manufacturing")),
    (PartnerSector.RETAIL, _l("Retail & trade")),
    (PartnerSector.ENERGY, _l("Energy & mining")),
    (PartnerSector.FOUNDATION, _l("Foundation / zakat")),
    (PartnerSector.OTHER, _l("Other")),
])


class Partner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    sector: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    #: E.164, e.g. +62221234567.
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreements: Mapped[list["Agreement"]] = relationship(
        back_populates="partner", order_by="Agreement.signed_on.desc()")

    __table_args__ = (CheckConstraint(in_enum("sector", PartnerSector), name="sector"),)

    @property
    def sector_enum(self) -> PartnerSector:
        return PartnerSector(self.sector)


class Agreement(db.Model):
    """A funding agreement (perjanjian kerja sama): an amount committed on a date, with an
    optional earmark. Each earmark part left empty means "any"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)
    #: The agreement's number, e.g. "PKS/017/CSR/2026", unique.
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    #: Rupiah committed by the partner.
    amount_committed: Mapped[Decimal] = mapped_column(Money)
    signed_on: Mapped[date]
    #: Earmark: only trainees living in this kecamatan ...
    earmark_kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    #: ... and/or whose business is in this sector (trainees.models.Sector) ...
    earmark_sector: Mapped[str | None] = mapped_column(String(20))
    #: ... and/or of this poverty status (trainees.models.PovertyStatus).
    earmark_poverty_status: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="agreements")
    earmark_kecamatan: Mapped["Kecamatan | None"] = relationship()
    fundings: Mapped[list["LoanFunding"]] = relationship(back_populates="agreement", order_by="LoanFunding.id")

    __table_args__ = (
        CheckConstraint("amount_committed > 0", name="amount_committed"),
        CheckConstraint(
            "earmark_sector IS NULL OR earmark_sector IN "
            "('food', 'retail', 'fashion', 'crafts', 'services', 'agriculture', 'other')",
            name="earmark_sector"),
        CheckConstraint(
            "earmark_poverty_status IS NULL OR earmark_poverty_status IN "
            "('extreme_poor', 'poor', 'near_poor', 'vulnerable')",
            name="earmark_poverty_status"),
    )


class LoanFunding(db.Model):
    """Part (or all) of a disbursed loan's principal financed by an agreement."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    #: Rupiah of the loan's principal financed by the agreement.
    amount: Mapped[Decimal] = mapped_column(Money)
    funded_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="fundings")
    loan: Mapped["Loan"] = relationship()
    recorded_by: Mapped["User"] = relationship()

    __table_args__ = (
        UniqueConstraint("agreement_id", "loan_id", name="uq_loan_funding_agreement_loan"),
        CheckConstraint("amount > 0", name="amount"),
    )


class StoryStatus(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"  #: shown in partner reports (consent given and not withdrawn)
    WITHDRAWN = "withdrawn"  #: the trainee withdrew consent: never shown again


register_labels([
    (StoryStatus.DRAFT, _l("Draft")),
    (StoryStatus.PUBLISHED, _l("Published")),
    (StoryStatus.WITHDRAWN, _l("Consent withdrawn")),
])


class TraineeStory(db.Model):
    """A short story of a trainee's business, written by staff without the trainee's name,
    shown in the reports of the partners who financed them — only with the trainee's
    consent (recorded with the day and who recorded it)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=StoryStatus.DRAFT.value)
    consent_on: Mapped[date | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped["Trainee"] = relationship()

    __table_args__ = (
        CheckConstraint(in_enum("status", StoryStatus), name="status"),
        CheckConstraint("status <> 'published' OR consent_on IS NOT NULL", name="published_needs_consent"),
        Index("ix_trainee_story_status", "status", "trainee_id"),
    )

    @property
    def status_enum(self) -> StoryStatus:
        return StoryStatus(self.status)
