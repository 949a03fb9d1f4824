"""Sustainability assessment snapshots.

An assessment is stored as it was computed (method version, inputs digest, each
criterion's result) so an old report stays as it was even after the method, its
thresholds or the underlying data change.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import Percent, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from trainees.models import Trainee

BANDS = ("mandiri", "berkembang", "rentan", "data_kurang")


class Assessment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"))
    #: The date the assessment describes (its ``as_of``).
    as_of: Mapped[date]
    #: ``reports.sustainability.METHOD_VERSION`` at the time, e.g. "v1".
    method_version: Mapped[str] = mapped_column(String(10))
    #: SHA-256 of the canonical JSON of the inputs: equal digests, equal inputs.
    inputs_digest: Mapped[str] = mapped_column(String(64))
    #: 0-100 with one decimal; NULL when no criterion could be judged.
    score: Mapped[Decimal | None] = mapped_column(Percent)
    band: Mapped[str] = mapped_column(String(12))
    weights_known: Mapped[int]
    ready_to_graduate: Mapped[bool] = mapped_column(default=False)
    #: Each criterion: {"number", "code", "status", "weight", "reason", "params"}; the
    #: thresholds used; the inputs summary. Reasons are codes + params, rendered in the
    #: reader's language.
    results: Mapped[dict] = mapped_column(JSON)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped["Trainee"] = relationship()
    assessed_by: Mapped["User | None"] = relationship()

    __table_args__ = (
        CheckConstraint("band IN ('mandiri', 'berkembang', 'rentan', 'data_kurang')", name="band"),
        CheckConstraint("score IS NULL OR score >= 0", name="score"),
        Index("ix_assessment_trainee_created", "trainee_id", "created_at"),
    )


# Each trainee's latest assessment as of a day (dashboard, programme report, history):
# the history's order, with the band at hand (PostgreSQL: an index-only DISTINCT ON scan).
Index("ix_assessment_trainee_latest", Assessment.trainee_id, Assessment.as_of.desc(),
      Assessment.created_at.desc(), Assessment.id.desc(), postgresql_include=["band"])
