"""Entrepreneurship training: programmes, cohorts (angkatan) with enrolment, a waiting list,
sessions with attendance, and completion.

A trainee *completed training* when one of their enrolments has status ``completed``: set
when the cohort is completed and the trainee met the cohort's rule (attendance at least
``min_attendance_percent`` of the sessions held, and the final business plan marked
submitted). Loan products with ``requires_training`` ask exactly that.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import LabelledEnum, UTCDateTime, db, in_enum, register_labels, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from trainees.models import Kelurahan, Trainee


class CohortStatus(LabelledEnum):
    PLANNED = "planned"  #: enrolment open, not started
    RUNNING = "running"  #: sessions being held
    COMPLETED = "completed"  #: closed; enrolments evaluated
    CANCELLED = "cancelled"


class EnrolmentStatus(LabelledEnum):
    ENROLLED = "enrolled"  #: has a seat
    WAITLISTED = "waitlisted"  #: waiting for a seat (first come, first served)
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"  #: met the completion rule when the cohort was completed
    NOT_COMPLETED = "not_completed"  #: did not meet it


register_labels([
    (CohortStatus.PLANNED, _l("Planned")),
    (CohortStatus.RUNNING, _l("Running")),
    (CohortStatus.COMPLETED, _l("Completed")),
    (CohortStatus.CANCELLED, _l("Cancelled")),
    (EnrolmentStatus.ENROLLED, _l("Enrolled")),
    (EnrolmentStatus.WAITLISTED, _l("Waiting list")),
    (EnrolmentStatus.WITHDRAWN, _l("Withdrawn")),
    (EnrolmentStatus.COMPLETED, _l("Completed training")),
    (EnrolmentStatus.NOT_COMPLETED, _l("Did not complete")),
])


class TrainingProgramme(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: Curriculum topics, one per line.
    curriculum: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohorts: Mapped[list["Cohort"]] = relationship(back_populates="programme", order_by="Cohort.starts_on.desc()")

    @property
    def topics(self) -> list[str]:
        return [line.strip() for line in (self.curriculum or "").splitlines() if line.strip()]


class Cohort(db.Model):
    """One run of a programme (angkatan), e.g. "Pelatihan Wirausaha Angkatan 3 – Babakan Ciparay"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("training_programme.id"))
    name: Mapped[str] = mapped_column(String(160), unique=True)
    trainer: Mapped[str] = mapped_column(String(120))
    #: Where it is held: the kelurahan, and the place (balai RW, aula kelurahan, ...).
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    venue: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    #: Seats; further enrolments go to the waiting list.
    capacity: Mapped[int] = mapped_column(SmallInteger)
    #: Completion rule: attendance of at least this share of the sessions held, percent.
    min_attendance_percent: Mapped[int] = mapped_column(SmallInteger, default=75)
    status: Mapped[str] = mapped_column(String(20), default=CohortStatus.PLANNED.value)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[TrainingProgramme] = relationship(back_populates="cohorts")
    kelurahan: Mapped["Kelurahan"] = relationship()
    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="cohort", order_by="Enrolment.id")
    sessions: Mapped[list["TrainingSession"]] = relationship(
        back_populates="cohort", order_by="TrainingSession.held_on")

    __table_args__ = (
        CheckConstraint(in_enum("status", CohortStatus), name="status"),
        CheckConstraint("capacity BETWEEN 1 AND 500", name="capacity"),
        CheckConstraint("min_attendance_percent BETWEEN 0 AND 100", name="min_attendance"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        Index("ix_cohort_status_starts", "status", "starts_on"),
    )

    @property
    def status_enum(self) -> CohortStatus:
        return CohortStatus(self.status)


class Enrolment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"))
    status: Mapped[str] = mapped_column(String(20))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enrolled_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: The final business plan was handed in (part of the completion rule).
    business_plan_submitted_on: Mapped[date | None]
    #: Attendance share when the cohort was completed, percent (kept for the certificate).
    attendance_percent: Mapped[int | None] = mapped_column(SmallInteger)
    completed_on: Mapped[date | None]
    #: e.g. "BDY/3/2026/0012", unique; set for completed enrolments.
    certificate_number: Mapped[str | None] = mapped_column(String(40), unique=True)

    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")
    trainee: Mapped["Trainee"] = relationship()
    enrolled_by: Mapped["User"] = relationship()

    __table_args__ = (
        UniqueConstraint("cohort_id", "trainee_id", name="uq_enrolment_cohort_trainee"),
        CheckConstraint(in_enum("status", EnrolmentStatus), name="status"),
        Index("ix_enrolment_trainee_status", "trainee_id", "status"),
    )

    @property
    def status_enum(self) -> EnrolmentStatus:
        return EnrolmentStatus(self.status)


class TrainingSession(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    held_on: Mapped[date]
    #: One of the programme's curriculum topics, or free text.
    topic: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int] = mapped_column(SmallInteger, default=120)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    attendance: Mapped[list["TrainingAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 1 AND 720", name="duration"),
        Index("ix_training_session_cohort_held", "cohort_id", "held_on"),
    )


class TrainingAttendance(db.Model):
    """Present or absent: one row per enrolled trainee per session (taken with one tap each)."""

    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(default=False)

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    enrolment: Mapped[Enrolment] = relationship()
