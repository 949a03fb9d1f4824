from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import POSTGRESQL_ONLY_INDEXES, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from accounts.models import User


class Gender(str, enum.Enum):
    MALE = "M"
    FEMALE = "F"

    @property
    def label(self):
        return {Gender.MALE: _l("Male"), Gender.FEMALE: _l("Female")}[self]


class PovertyStatus(str, enum.Enum):
    """Household welfare category, poorest first."""

    EXTREME_POOR = "extreme_poor"
    POOR = "poor"
    NEAR_POOR = "near_poor"
    VULNERABLE = "vulnerable"

    @property
    def label(self):
        return {
            PovertyStatus.EXTREME_POOR: _l("Extreme poor"),
            PovertyStatus.POOR: _l("Poor"),
            PovertyStatus.NEAR_POOR: _l("Near-poor"),
            PovertyStatus.VULNERABLE: _l("Vulnerable"),
        }[self]


class Sector(str, enum.Enum):
    FOOD = "food"
    RETAIL = "retail"
    FASHION = "fashion"
    CRAFTS = "crafts"
    SERVICES = "services"
    AGRICULTURE = "agriculture"
    OTHER = "other"

    @property
    def label(self):
        return {
            Sector.FOOD: _l("Food & beverage"),
            Sector.RETAIL: _l("Retail / warung"),
            Sector.FASHION: _l("Fashion / tailoring"),
            Sector.CRAFTS: _l("Crafts"),
            Sector.SERVICES: _l("Services"),
            Sector.AGRICULTURE: _l("Agriculture / livestock"),
            Sector.OTHER: _l("Other"),
        }[self]


class Kecamatan(db.Model):
    """Reference: the 30 kecamatan of Kota Bandung (Kemendagri codes), seeded by migration."""

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # e.g. "32.73.01"
    name: Mapped[str] = mapped_column(String(60), unique=True)

    kelurahan: Mapped[list["Kelurahan"]] = relationship(back_populates="kecamatan", order_by="Kelurahan.name")


class Kelurahan(db.Model):
    """Reference: the 151 kelurahan of Kota Bandung, seeded by migration."""

    code: Mapped[str] = mapped_column(String(13), primary_key=True)  # e.g. "32.73.01.1001"
    name: Mapped[str] = mapped_column(String(60))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)

    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")


class Trainee(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Nomor Induk Kependudukan, 16 digits, validated in trainees.identity.
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(1))
    born_on: Mapped[date]
    #: E.164, e.g. +6281234567890.
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(255))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    #: Denormalised from the kelurahan (set by the service) for fast filtering.
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    household_size: Mapped[int]
    poverty_status: Mapped[str] = mapped_column(String(20))
    #: DTSEN welfare decile: 1 = poorest 10 % of households.
    welfare_decile: Mapped[int]
    joined_on: Mapped[date]
    #: Consent to data processing: when it was given and which user recorded it.
    consent_on: Mapped[date]
    consent_recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    #: The day the trainee graduated from the programme (their business stands on its own).
    graduated_on: Mapped[date | None]
    graduated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    kelurahan: Mapped[Kelurahan] = relationship()
    kecamatan: Mapped[Kecamatan] = relationship()
    mentor: Mapped["User | None"] = relationship(foreign_keys=[mentor_id])
    officer: Mapped["User | None"] = relationship(foreign_keys=[officer_id])
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])
    graduated_by: Mapped["User | None"] = relationship(foreign_keys=[graduated_by_id])
    consent_recorded_by: Mapped["User"] = relationship(foreign_keys=[consent_recorded_by_id])
    business: Mapped["Business | None"] = relationship(back_populates="trainee", uselist=False)

    __table_args__ = (
        CheckConstraint("gender IN ('M', 'F')", name="gender"),
        CheckConstraint("household_size BETWEEN 1 AND 30", name="household_size"),
        CheckConstraint("welfare_decile BETWEEN 1 AND 10", name="welfare_decile"),
        CheckConstraint(
            "poverty_status IN ('extreme_poor', 'poor', 'near_poor', 'vulnerable')", name="poverty_status"
        ),
        # The list is ordered by name; each filter gets an index that also serves the
        # order, so a filtered page reads ~25 index entries whatever the table size.
        Index("ix_trainee_name_id", "full_name", "id"),
        Index("ix_trainee_mentor_name", "mentor_id", "full_name", "id"),
        Index("ix_trainee_officer_name", "officer_id", "full_name", "id"),
        Index("ix_trainee_kecamatan_name", "kecamatan_code", "full_name", "id"),
        Index("ix_trainee_kelurahan_name", "kelurahan_code", "full_name", "id"),
        Index("ix_trainee_poverty_name", "poverty_status", "full_name", "id"),
        # PostgreSQL only, created by the migration (POSTGRESQL_ONLY_INDEXES below):
        # ix_trainee_full_name_trgm (pg_trgm GIN, substring search on names) and
        # ix_trainee_nik_pattern (prefix search on NIK under any collation).
    )

    @property
    def gender_enum(self) -> Gender:
        return Gender(self.gender)

    @property
    def poverty_enum(self) -> PovertyStatus:
        return PovertyStatus(self.poverty_status)


# Indexes that exist only on PostgreSQL (they need its extensions or operator classes):
# the migration creates them, and autogenerate comparisons ignore them.
POSTGRESQL_ONLY_INDEXES.update({"ix_trainee_full_name_trgm", "ix_trainee_nik_pattern"})


class Business(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str] = mapped_column(String(20), index=True)
    started_on: Mapped[date | None]
    #: Nomor Induk Berusaha (OSS business registration), 13 digits, if registered.
    nib: Mapped[str | None] = mapped_column(String(13))
    #: True: the business runs at the trainee's home address.
    at_home: Mapped[bool] = mapped_column(default=True)
    address: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)

    trainee: Mapped[Trainee] = relationship(back_populates="business")

    __table_args__ = (
        CheckConstraint(
            "sector IN ('food', 'retail', 'fashion', 'crafts', 'services', 'agriculture', 'other')", name="sector"
        ),
        CheckConstraint("at_home OR address IS NOT NULL", name="address_when_not_home"),
    )

    @property
    def sector_enum(self) -> Sector:
        return Sector(self.sector)
