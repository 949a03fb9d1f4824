"""Dashboard figures for complaints: how many of each kind, category and state, how fast
they are verified and answered, and how many kept their deadlines.

``figures`` works on complaints already loaded (no queries), so it can be checked against
hand-built cases; ``dashboard`` picks the complaints an admin may see, received in a
period, and adds the list of complaints overdue now.

Definitions (the SLA stages of ``complaints.models``):

* time to verify: from receipt to verification — working days ``(received_on, verified_on]``
  and clock hours ``verified_at - received_at``;
* time to answer: from verification to the first answer — working days
  ``(verified_on, answered_on]`` and hours ``answered_at - verified_at`` (the answer
  deadline is counted from verification too);
* SLA compliance = met ÷ (met + missed), in percent, 0.1 HALF_EVEN. A complaint has met its
  SLA when it was verified and answered within their deadlines (``services.sla_met``);
  missed when either deadline was missed, *including* complaints still open past their
  deadline; complaints still within their deadlines are not counted yet, nor are those
  closed without an answer before any deadline passed.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable, Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from extensions import db

from . import services
from .models import OPEN_STATUSES, Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus
from .workdays import working_days_between


@dataclass(frozen=True)
class Duration:
    """Median time of one stage over the complaints that finished it."""

    #: How many complaints finished the stage (the medians' sample).
    count: int
    #: Median working days (may end in .5), None without a sample.
    working_days: float | None
    #: Median clock hours, 0.1 HALF_EVEN, None without a sample.
    hours: Decimal | None


@dataclass(frozen=True)
class OverdueRow:
    complaint: Complaint
    sla: services.SlaState


@dataclass
class Figures:
    total: int
    #: (enum member, count) for every member, in the enum's order.
    by_kind: list[tuple[ComplaintKind, int]]
    by_category: list[tuple[ComplaintCategory, int]]
    by_status: list[tuple[ComplaintStatus, int]]
    to_verify: Duration
    to_answer: Duration
    sla_met: int
    sla_missed: int
    #: Still within their deadlines (not counted in the compliance).
    sla_pending: int
    #: Percent, 0.1 HALF_EVEN; None when nothing is decided yet.
    sla_compliance: Decimal | None
    overdue: list[OverdueRow] = field(default_factory=list)
    #: All complaints overdue now (``overdue`` holds at most OVERDUE_SHOWN of them).
    overdue_total: int = 0


_TENTH = Decimal("0.1")
#: The dashboard lists the longest-overdue complaints up to this many; the complaint list's
#: "overdue" filter shows them all.
OVERDUE_SHOWN = 100
#: The columns ``figures`` reads: the dashboard loads rows of these, not whole complaints.
FIGURE_COLUMNS = (
    Complaint.id, Complaint.kind, Complaint.category, Complaint.status, Complaint.received_on,
    Complaint.received_at, Complaint.verify_due_on, Complaint.verified_on, Complaint.verified_at,
    Complaint.answer_days, Complaint.answer_due_on, Complaint.answered_on, Complaint.answered_at,
    Complaint.closed_at, Complaint.reopen_count,
)


def _median_hours(values: Sequence[float]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def _median_days(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 3600


def _counts(enum_cls, values: Iterable[str]) -> list[tuple]:
    counter = Counter(values)
    return [(member, counter.get(member.value, 0)) for member in enum_cls]


def sla_outcome(c: Complaint, *, today: date, holidays) -> bool | None:
    """True met, False missed (also: still open past a deadline), None not decided yet."""
    met = services.sla_met(c, holidays=holidays)
    if met is not None:
        return met
    still_open = c.status in {s.value for s in OPEN_STATUSES}
    if still_open and services.sla_state(c, today=today, holidays=holidays).is_overdue:
        return False
    return None


def figures(complaints: Sequence, *, today: date, holidays) -> Figures:
    """The dashboard's figures for ``complaints`` (already loaded; no queries): Complaint
    objects or rows with the ``FIGURE_COLUMNS``."""
    verify_days, verify_hours, answer_days, answer_hours = [], [], [], []
    met = missed = pending = 0
    for c in complaints:
        if c.verified_on is not None:
            verify_days.append(working_days_between(c.received_on, c.verified_on, holidays))
            if (h := _hours(c.received_at, c.verified_at)) is not None:
                verify_hours.append(h)
        if c.answered_on is not None and c.verified_on is not None:
            answer_days.append(working_days_between(c.verified_on, c.answered_on, holidays))
            if (h := _hours(c.verified_at, c.answered_at)) is not None:
                answer_hours.append(h)
        outcome = sla_outcome(c, today=today, holidays=holidays)
        if outcome is True:
            met += 1
        elif outcome is False:
            missed += 1
        else:
            pending += 1
    decided = met + missed
    compliance = (Decimal(met * 100) / decided).quantize(_TENTH, rounding=ROUND_HALF_EVEN) if decided else None
    return Figures(
        total=len(complaints),
        by_kind=_counts(ComplaintKind, (c.kind for c in complaints)),
        by_category=_counts(ComplaintCategory, (c.category for c in complaints)),
        by_status=_counts(ComplaintStatus, (c.status for c in complaints)),
        to_verify=Duration(len(verify_days), _median_days(verify_days), _median_hours(verify_hours)),
        to_answer=Duration(len(answer_days), _median_days(answer_days), _median_hours(answer_hours)),
        sla_met=met, sla_missed=missed, sla_pending=pending, sla_compliance=compliance,
    )


def overdue(user, *, today: date, holidays, limit: int | None = None) -> list[OverdueRow]:
    """Complaints ``user`` may see that are past their verification or answer deadline
    now (whenever received), the longest overdue first (at most ``limit``)."""
    due = case((Complaint.status == ComplaintStatus.RECEIVED.value, Complaint.verify_due_on),
               else_=Complaint.answer_due_on)
    query = (services.visible_complaints(user).where(overdue_clause(today)).order_by(due, Complaint.id)
             .options(selectinload(Complaint.assignee)).limit(limit))
    rows = [OverdueRow(c, services.sla_state(c, today=today, holidays=holidays)) for c in db.session.scalars(query)]
    return [r for r in rows if r.sla.is_overdue]


def overdue_count(user, *, today: date) -> int:
    query = services.visible_complaints(user).where(overdue_clause(today))
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def overdue_clause(day: date):
    """SQL: still open and past the deadline of its current stage on ``day``."""
    return (Complaint.status.in_([s.value for s in OPEN_STATUSES])
            & (((Complaint.status == ComplaintStatus.RECEIVED.value) & (Complaint.verify_due_on < day))
               | ((Complaint.status != ComplaintStatus.RECEIVED.value) & (Complaint.answer_due_on < day))))


def in_period(query, start: date | None, end: date | None):
    """``query`` limited to complaints received (local date) from ``start`` to ``end``, inclusive."""
    if start is not None:
        query = query.where(Complaint.received_on >= start)
    if end is not None:
        query = query.where(Complaint.received_on <= end)
    return query


def dashboard(user, *, start: date | None, end: date | None, today: date) -> Figures:
    """Figures over the complaints ``user`` may see received in [start, end], plus the
    list of those overdue now (any period)."""
    holidays = services.holidays()
    query = in_period(services.visible_complaints(user), start, end).with_only_columns(*FIGURE_COLUMNS)
    result = figures(db.session.execute(query.order_by(Complaint.id)).all(), today=today, holidays=holidays)
    result.overdue = overdue(user, today=today, holidays=holidays, limit=OVERDUE_SHOWN)
    result.overdue_total = (len(result.overdue) if len(result.overdue) < OVERDUE_SHOWN
                            else overdue_count(user, today=today))
    return result
