"""Sustainability assessments against the database, graduation, and the figures of the
programme report. The method itself is ``reports.sustainability`` (pure); this module
gathers its inputs, stores its results as snapshots and reads programme-wide figures.

Conventions (as in loans.services and mentoring.services): explicit keyword arguments for
who (``actor``) and when (``as_of``/``on``: nothing here reads the clock); domain errors
(:class:`ReportsError`), never HTTP errors; services flush and never commit; every change
writes its audit event in the same transaction.

Gathering the inputs (:func:`gather_inputs`, four statements whatever the trainee's
history). Everything is seen *as of* ``as_of``, so an assessment of a past date uses
what was known then as far as the stored data allows:

- check-ins for months starting on or before ``as_of``, oldest first; a check-in the
  trainee reported themselves (portal) counts only once staff confirmed it;
- loans disbursed on or before ``as_of`` (active, closed or written off), oldest first,
  each with its instalments by number. An instalment's ``paid_on`` is the day it became
  fully paid (``LoanInstallment.paid_on``), or None when that is after ``as_of``;
  instalments with nothing scheduled (principal + interest + fee = 0) are left out.
  ``active`` is the loan's status *at* ``as_of`` (a loan closed or written off later
  was active then). ``days_past_due`` is ``as_of`` − the oldest due date before
  ``as_of`` of an instalment unpaid then: ``Loan.oldest_unpaid_due_on`` (unpaid now,
  so unpaid then) or an instalment paid only after ``as_of`` (0 when none; as the
  portfolio, an instalment due on ``as_of`` is not late). A reversal after ``as_of``
  of a payment made before it is not undone. ``monthly_installment`` is the first
  instalment after the grace periods (principal + interest, fee excluded) as a monthly
  amount, exactly as ``loans.services.monthly_equivalent_installment`` computes it for
  the application (the stored schedule is the one that was built from it);
- the dates of the sessions the trainee *attended*, held on or before ``as_of``;
- every action item (due date, status, completion date); an item completed or dropped
  after ``as_of`` counts as open (the method decides which are "due so far");
- whole calendar months from ``joined_on`` to ``as_of`` (15 Jan → 15 Jan next year is
  12; from 31 Jan, 28 Feb counts as a full month).

Snapshots (``reports.models.Assessment``): :func:`assess_trainee` stores the result with
the method version, the digest of the inputs, the thresholds used (``results
["thresholds"]``) and a summary of the inputs (``results["inputs_summary"]``); a second
call for the same date with the same digest, version and thresholds returns the stored
row instead of adding one. The *latest* assessment is the one with the latest ``as_of``
(the latest computed among equals). It is *stale* (:func:`is_stale`) when the method
version or the thresholds changed, when it describes another calendar month than
``as_of``, or when the inputs gathered as of ``as_of`` differ from those it used:
new or edited check-ins, sessions, action items or repayments, and also time passing
while an instalment is late (days past due are an input) or the trainee completing
another month in the programme.

Graduation (:func:`graduate`): admins and loan officers only; the latest assessment must
say ready to graduate and not be stale on the graduation day.

Programme figures (:func:`programme_figures`): see its docstring for every definition.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, distinct, extract, func, literal, or_, select

from accounts import audit
from accounts.models import Role, User
from extensions import Money, db
from loans.models import Loan, LoanInstallment, LoanStatus
from loans.portfolio import percent
from loans.services import MONTHLY_FACTOR, RUPIAH
from mentoring.models import ActionItem, ActionStatus, BusinessCheckin, Practice, SessionAttendance
from trainees.models import Gender, Kecamatan, PovertyStatus, Trainee

from . import sustainability
from .models import Assessment
from .sustainability import (
    ActionInput, CheckinInput, Inputs, InstallmentInput, LoanInput, Thresholds,
)

#: Keys ``assess_trainee`` adds to ``Assessment.results`` beside ``sustainability.to_dict``'s.
THRESHOLDS_KEY = "thresholds"
SUMMARY_KEY = "inputs_summary"
#: The band count of active trainees without any assessment (programme report).
NOT_ASSESSED = "not_assessed"
#: Days past due beyond which a loan is "at risk" in the programme report (PAR30).
PAR_DAYS = 30
GRADUATING_ROLES = (Role.ADMIN.value, Role.OFFICER.value)
ZERO = Decimal("0.00")


# --- Errors -------------------------------------------------------------------------


class ReportsError(Exception):
    """A domain rule refused the operation. ``message`` is lazily translated; ``str(err)``
    renders it in the current locale."""

    default_message = _l("This operation is not allowed.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(ReportsError):
    default_message = _l("Only administrators and loan officers may record a graduation.")


class AlreadyGraduated(ReportsError):
    default_message = _l("This trainee has already graduated.")


class NotReadyToGraduate(ReportsError):
    """The latest assessment does not say ready (or there is none). ``blockers`` are the
    assessment's graduation blocker codes (``("not_assessed",)`` without one)."""

    default_message = _l("The latest assessment does not show the trainee ready to graduate.")

    def __init__(self, message=None, *, blockers: tuple[str, ...] = ()):
        super().__init__(message)
        self.blockers = tuple(blockers)


class StaleAssessment(ReportsError):
    default_message = _l("The latest assessment is out of date: assess the trainee again first.")


# --- Gathering the inputs -----------------------------------------------------------


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is earlier). A
    month is complete on the same day of the month, or on the month's last day when it
    has no such day (31 Jan → 28 Feb is one month)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        last_day = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if end != last_day:
            months -= 1
    return max(months, 0)


_PRACTICE_COLUMNS = [getattr(BusinessCheckin, f"practice_{p.value}") for p in Practice]


def _checkins(trainee_id: int, as_of: date) -> tuple[CheckinInput, ...]:
    c = BusinessCheckin
    rows = db.session.execute(
        select(c.month, c.revenue, c.costs, c.other_income, c.savings, c.keeps_records, c.separates_money,
               *_PRACTICE_COLUMNS)
        .where(c.trainee_id == trainee_id, c.month <= as_of,
               # a trainee's self-reported figures count once staff confirmed them
               or_(c.is_self_reported.is_(False), c.confirmed_at.is_not(None)))
        .order_by(c.month)
    )
    return tuple(
        CheckinInput(month=month, revenue=revenue, costs=costs, other_income=other_income, savings=savings,
                     practices_score=sum(bool(p) for p in practices), keeps_records=bool(keeps_records),
                     separates_money=bool(separates_money))
        for month, revenue, costs, other_income, savings, keeps_records, separates_money, *practices in rows
    )


def _active_at(status: str, closed_on: date | None, written_off_on: date | None, as_of: date) -> bool:
    if status == LoanStatus.ACTIVE.value:
        return True
    if status == LoanStatus.CLOSED.value:
        return closed_on is not None and closed_on > as_of
    return written_off_on is not None and written_off_on > as_of


def _loans(trainee_id: int, as_of: date) -> tuple[LoanInput, ...]:
    i = LoanInstallment
    rows = db.session.execute(
        select(Loan.id, Loan.status, Loan.frequency, Loan.grace_periods, Loan.oldest_unpaid_due_on,
               Loan.closed_on, Loan.written_off_on,
               i.number, i.due_on, i.principal_due, i.interest_due, i.fee_due, i.paid_on)
        .join(i, i.loan_id == Loan.id)
        .where(Loan.trainee_id == trainee_id, Loan.disbursed_on <= as_of)
        .order_by(Loan.disbursed_on, Loan.id, i.number)
    ).all()
    loans: dict[int, dict] = {}
    for (loan_id, status, frequency, grace, oldest_unpaid, closed_on, written_off_on,
         number, due_on, principal_due, interest_due, fee_due, paid_on) in rows:
        loan = loans.setdefault(loan_id, {
            "active": _active_at(status, closed_on, written_off_on, as_of),
            "late_since": [oldest_unpaid] if oldest_unpaid is not None else [],
            "installments": [], "monthly": ZERO,
        })
        if number == grace + 1:
            loan["monthly"] = ((principal_due + interest_due) * MONTHLY_FACTOR[frequency]).quantize(
                RUPIAH, rounding=ROUND_HALF_EVEN)
        if principal_due + interest_due + fee_due == 0:
            continue
        paid_then = paid_on if paid_on is not None and paid_on <= as_of else None
        if paid_on is not None and paid_then is None:
            loan["late_since"].append(due_on)  # unpaid at as_of, paid since
        loan["installments"].append(InstallmentInput(due_on=due_on, paid_on=paid_then))
    result = []
    for loan in loans.values():
        overdue = [d for d in loan["late_since"] if d < as_of]
        result.append(LoanInput(
            installments=tuple(loan["installments"]),
            days_past_due=(as_of - min(overdue)).days if overdue else 0,
            monthly_installment=loan["monthly"],
            active=loan["active"],
        ))
    return tuple(result)


def _session_dates(trainee_id: int, as_of: date) -> tuple[date, ...]:
    a = SessionAttendance
    return tuple(db.session.scalars(
        select(a.held_on).where(a.trainee_id == trainee_id, a.attended.is_(True), a.held_on <= as_of)
        .order_by(a.held_on)
    ))


def _actions(trainee_id: int, as_of: date) -> tuple[ActionInput, ...]:
    a = ActionItem
    result = []
    for due_on, status, completed_on in db.session.execute(
        select(a.due_on, a.status, a.completed_on).where(a.trainee_id == trainee_id).order_by(a.due_on, a.id)
    ):
        if completed_on is not None and completed_on > as_of:
            status, completed_on = ActionStatus.OPEN.value, None
        result.append(ActionInput(due_on=due_on, status=status, completed_on=completed_on))
    return tuple(result)


def gather_inputs(trainee: Trainee, *, as_of: date) -> Inputs:
    """The method's inputs for ``trainee`` as of ``as_of`` (see the module docstring for
    what each holds). Four statements: check-ins, loans with their instalments, attended
    session dates, action items."""
    return Inputs(
        checkins=_checkins(trainee.id, as_of),
        loans=_loans(trainee.id, as_of),
        session_dates=_session_dates(trainee.id, as_of),
        actions=_actions(trainee.id, as_of),
        months_in_programme=months_between(trainee.joined_on, as_of),
    )


def _inputs_summary(inputs: Inputs) -> dict:
    return {
        "checkins": len(inputs.checkins),
        "first_checkin_month": inputs.checkins[0].month.isoformat() if inputs.checkins else None,
        "last_checkin_month": inputs.checkins[-1].month.isoformat() if inputs.checkins else None,
        "loans": len(inputs.loans),
        "installments": sum(len(loan.installments) for loan in inputs.loans),
        "sessions_attended": len(inputs.session_dates),
        "last_session_on": inputs.session_dates[-1].isoformat() if inputs.session_dates else None,
        "action_items": len(inputs.actions),
        "months_in_programme": inputs.months_in_programme,
    }


# --- Assessments --------------------------------------------------------------------


def thresholds_from_config() -> Thresholds:
    """The thresholds in force: the defaults with ``SUSTAINABILITY_OVERRIDES`` (a dict,
    default empty) applied and validated by ``Thresholds.from_overrides``."""
    return Thresholds.from_overrides(current_app.config.get("SUSTAINABILITY_OVERRIDES") or {})


def _json(value) -> dict:
    """``value`` as it reads back from a JSON column (tuples as lists, Decimals as strings)."""
    return json.loads(json.dumps(value, default=str))


def _history_order():
    return (Assessment.as_of.desc(), Assessment.created_at.desc(), Assessment.id.desc())


def latest_assessment(trainee: Trainee) -> Assessment | None:
    """The trainee's latest snapshot: latest ``as_of``, then latest computed. One statement."""
    return db.session.scalar(
        select(Assessment).where(Assessment.trainee_id == trainee.id).order_by(*_history_order()).limit(1))


def assessment_history(trainee: Trainee, limit: int = 12) -> list[Assessment]:
    """The trainee's latest ``limit`` snapshots, latest first (as :func:`latest_assessment`)."""
    return list(db.session.scalars(
        select(Assessment).where(Assessment.trainee_id == trainee.id).order_by(*_history_order()).limit(limit)))


def previous_assessment(row: Assessment) -> Assessment | None:
    """The snapshot before ``row`` in the history order (None for the first)."""
    a = Assessment
    earlier = or_(
        a.as_of < row.as_of,
        and_(a.as_of == row.as_of, or_(a.created_at < row.created_at,
                                       and_(a.created_at == row.created_at, a.id < row.id))),
    )
    return db.session.scalar(
        select(a).where(a.trainee_id == row.trainee_id, earlier).order_by(*_history_order()).limit(1))


def result_of(row: Assessment) -> sustainability.Assessment:
    """The stored snapshot as the method's ``Assessment`` (criteria with reasons and params)."""
    return sustainability.from_dict(row.results)  # ignores the thresholds and the inputs summary


def changes_since_previous(row: Assessment) -> list[sustainability.Change]:
    """What changed between the previous snapshot and ``row`` (band, score, criteria);
    against nothing for the first one."""
    previous = previous_assessment(row)
    return sustainability.changes(result_of(previous) if previous is not None else None, result_of(row))


def _same_day_snapshot(trainee: Trainee, as_of: date) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(Assessment.trainee_id == trainee.id, Assessment.as_of == as_of)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(1))


def assess_trainee(trainee: Trainee, *, actor: User | None, as_of: date) -> Assessment:
    """Assess ``trainee`` as of ``as_of`` and store the snapshot (audit
    ``assessment.created``, with the changes since the previous one). When the latest
    snapshot for that same date has the same inputs digest, method version and
    thresholds, it is returned and nothing is written. ``actor`` None: a batch run."""
    inputs = gather_inputs(trainee, as_of=as_of)
    thresholds = thresholds_from_config()
    digest = sustainability.inputs_digest(inputs)
    used = _json(thresholds.to_dict())
    existing = _same_day_snapshot(trainee, as_of)
    if (existing is not None and existing.inputs_digest == digest
            and existing.method_version == sustainability.METHOD_VERSION
            and existing.results.get(THRESHOLDS_KEY) == used):
        return existing

    result = sustainability.assess(inputs, as_of=as_of, thresholds=thresholds)
    previous = latest_assessment(trainee)
    row = Assessment(
        trainee_id=trainee.id, as_of=as_of, method_version=result.method_version, inputs_digest=digest,
        score=result.score, band=result.band, weights_known=result.weights_known,
        ready_to_graduate=result.ready_to_graduate,
        results={**_json(sustainability.to_dict(result)), THRESHOLDS_KEY: used,
                 SUMMARY_KEY: _inputs_summary(inputs)},
        assessed_by_id=actor.id if actor is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    changed = sustainability.changes(result_of(previous) if previous is not None else None, result)
    audit.record(actor, "assessment.created", row, details={
        "trainee_id": trainee.id, "as_of": as_of, "method_version": result.method_version,
        "inputs_digest": digest, "score": result.score, "band": result.band,
        "weights_known": result.weights_known, "ready_to_graduate": result.ready_to_graduate,
        "previous_id": previous.id if previous is not None else None,
        "changes": [asdict(c) for c in changed],
    })
    db.session.flush()
    return row


def is_stale(row: Assessment, trainee: Trainee, *, as_of: date) -> bool:
    """Would an assessment as of ``as_of`` differ from ``row``'s? True when the method
    version or the thresholds changed, when ``as_of`` is in another calendar month than
    ``row.as_of``, or when the inputs gathered as of ``as_of`` have another digest (four
    statements in that last case)."""
    if row.method_version != sustainability.METHOD_VERSION:
        return True
    if (row.as_of.year, row.as_of.month) != (as_of.year, as_of.month):
        return True
    if row.results.get(THRESHOLDS_KEY) != _json(thresholds_from_config().to_dict()):
        return True
    return sustainability.inputs_digest(gather_inputs(trainee, as_of=as_of)) != row.inputs_digest


def graduate(trainee: Trainee, *, actor: User, on: date) -> None:
    """Record that ``trainee`` graduated on ``on`` (audit ``trainee.graduated``). Only
    admins and loan officers; the latest assessment must say ready to graduate and must
    not be stale on ``on``."""
    if actor is None or not actor.is_enabled or actor.role not in GRADUATING_ROLES:
        raise NotAllowed()
    trainee = db.session.execute(
        select(Trainee).where(Trainee.id == trainee.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    if trainee.graduated_on is not None:
        raise AlreadyGraduated()
    latest = latest_assessment(trainee)
    if latest is None:
        raise NotReadyToGraduate(_l("The trainee has not been assessed yet."), blockers=(NOT_ASSESSED,))
    if not latest.ready_to_graduate:
        raise NotReadyToGraduate(blockers=result_of(latest).graduation_blockers)
    if is_stale(latest, trainee, as_of=on):
        raise StaleAssessment()
    trainee.graduated_on, trainee.graduated_by_id = on, actor.id
    audit.record(actor, "trainee.graduated", trainee, details={
        "on": on, "assessment_id": latest.id, "assessment_as_of": latest.as_of, "score": latest.score,
        "band": latest.band, "method_version": latest.method_version})
    db.session.flush()


def assess_all(*, actor: User | None = None, as_of: date, kecamatan: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Assess every trainee in the programme on ``as_of`` (joined on or before it and not
    graduated by then), optionally of one kecamatan (code), in trainee id order. Calls
    ``progress(done, total)`` after each. Returns the number of trainees assessed
    (including those whose snapshot for the day was reused). Flushes, never commits."""
    stmt = select(Trainee).where(
        Trainee.joined_on <= as_of, or_(Trainee.graduated_on.is_(None), Trainee.graduated_on > as_of))
    if kecamatan:
        stmt = stmt.where(Trainee.kecamatan_code == kecamatan)
    trainees = list(db.session.scalars(stmt.order_by(Trainee.id)))
    for done, trainee in enumerate(trainees, 1):
        assess_trainee(trainee, actor=actor, as_of=as_of)
        if progress is not None:
            progress(done, len(trainees))
    return len(trainees)


# --- Programme figures --------------------------------------------------------------

POVERTY_STATUSES = tuple(p.value for p in PovertyStatus)
GENDERS = tuple(g.value for g in Gender)
BAND_KEYS = (*sustainability.BANDS, NOT_ASSESSED)


@dataclass(frozen=True)
class ProgrammeFilters:
    """The period ``start``..``end`` (both included) and an optional kecamatan code."""

    start: date
    end: date
    kecamatan: str | None = None


@dataclass
class Figures:
    """The programme's figures for the whole selection (``ProgrammeReport.totals``,
    ``kecamatan_code`` None) or for one kecamatan (a row of ``rows_by_kecamatan``).
    Counts are ints, money Decimal rupiah, percentages Decimal with two places."""

    kecamatan_code: str | None = None
    kecamatan_name: str | None = None
    #: Trainees in the programme during the period: joined on or before its end and not
    #: graduated before its start.
    trainees: int = 0
    #: Those trainees by poverty status (every PovertyStatus value, poorest first).
    by_poverty: dict[str, int] = field(default_factory=lambda: dict.fromkeys(POVERTY_STATUSES, 0))
    #: ... and by gender ("M", "F").
    by_gender: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GENDERS, 0))
    #: Joined during the period.
    new_trainees: int = 0
    #: Graduated during the period.
    graduated: int = 0
    #: Loans disbursed during the period (any status now) and their principal.
    loans_disbursed: int = 0
    amount_disbursed: Decimal = ZERO
    #: Active loans now (``as_of``) and their outstanding principal.
    active_loans: int = 0
    principal_outstanding: Decimal = ZERO
    #: Outstanding principal of the active loans more than 30 days past due.
    par30_amount: Decimal = ZERO
    #: Scheduled principal + interest + fee of the instalments due during the period
    #: (and before ``as_of``), and what has been paid towards them so far.
    amount_due: Decimal = ZERO
    amount_collected: Decimal = ZERO
    #: Sessions held during the period with a participant from here (a group session
    #: counts once in each kecamatan its participants live in, once in the totals).
    sessions: int = 0
    #: Trainees from here who attended at least one session during the period.
    trainees_mentored: int = 0
    #: Latest assessment band of each trainee counted in ``trainees`` (the latest with
    #: as_of on or before the period's end, or ``as_of`` if earlier); ``not_assessed``
    #: for those without one.
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BAND_KEYS, 0))

    @property
    def extreme_poor(self) -> int:
        return self.by_poverty[PovertyStatus.EXTREME_POOR.value]

    @property
    def extreme_poor_share(self) -> Decimal:
        """Percent of ``trainees`` who are extreme poor (0.00 without trainees)."""
        return percent(Decimal(self.extreme_poor), Decimal(self.trainees))

    @property
    def par30(self) -> Decimal:
        """PAR30 in percent: ``par30_amount`` ÷ ``principal_outstanding`` (0.00 when
        nothing is outstanding), as ``loans.portfolio``."""
        return percent(self.par30_amount, self.principal_outstanding)

    @property
    def repayment_rate(self) -> Decimal | None:
        """Percent: ``amount_collected`` ÷ ``amount_due``; None when nothing fell due."""
        return percent(self.amount_collected, self.amount_due) if self.amount_due else None

    def _add(self, other: "Figures") -> None:
        for name in ("trainees", "new_trainees", "graduated", "loans_disbursed", "amount_disbursed",
                     "active_loans", "principal_outstanding", "par30_amount", "amount_due",
                     "amount_collected", "trainees_mentored"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_poverty", "by_gender", "bands"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] += value


@dataclass(frozen=True)
class MonthFigures:
    """One calendar month of the period (``month`` is its first day; the first and last
    months may be partial: only days inside the period count)."""

    month: date
    new_trainees: int
    loans_disbursed: int
    amount_disbursed: Decimal
    sessions: int


@dataclass
class ProgrammeReport:
    filters: ProgrammeFilters
    as_of: date
    totals: Figures
    #: Every kecamatan (only the chosen one when filtered), also those with nothing,
    #: highest extreme-poor share first, then most trainees, then name.
    rows_by_kecamatan: list[Figures]
    #: Every month of the period, oldest first.
    trend: list[MonthFigures]
    #: The date the band counts describe: min(period end, as_of).
    bands_as_of: date
    #: Instalments count towards the repayment rate when due from the period's start
    #: up to this date: min(period end, the day before as_of).
    due_until: date


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _by_month(column):
    return extract("year", column), extract("month", column)


def programme_figures(filters: ProgrammeFilters, *, as_of: date) -> ProgrammeReport:
    """The programme report's figures. Definitions (period = ``filters.start`` ..
    ``filters.end``, both included; every figure limited to trainees of
    ``filters.kecamatan`` when given; "now" is ``as_of``):

    - trainees: joined on or before the period's end and not graduated before its start,
      by poverty status and gender; new: joined in the period; graduated: in the period;
    - loans disbursed in the period (count, principal; written-off and closed ones too);
      outstanding principal and PAR30 over the loans active now (written-off loans are
      outside the portfolio, as in ``loans.portfolio``: PAR30 = outstanding principal of
      active loans more than 30 days past due ÷ outstanding principal);
    - repayment rate: of the instalments (any loan status) due from the period's start to
      min(end, the day before ``as_of``), what has been paid towards their scheduled
      principal + interest + fee so far ÷ that scheduled amount (penalties left out);
    - sessions held in the period with at least one participant (attending or not) from
      the selection; trainees mentored: distinct trainees who attended one in the period;
    - bands: each counted trainee's latest assessment with ``as_of`` on or before
      min(end, ``as_of``) (``not_assessed`` without one);
    - a month-by-month trend of new trainees, disbursements and sessions.

    Nine statements whatever the data (every figure is a grouped aggregate per
    kecamatan; totals are the sums of the rows, sessions apart: counted distinct per
    month). Raises ValueError for an empty period or an unknown kecamatan."""
    start, end, code = filters.start, filters.end, filters.kecamatan or None
    if start > end:
        raise ValueError("the period must not end before it starts")
    kecamatan_stmt = select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.code)
    if code is not None:
        kecamatan_stmt = kecamatan_stmt.where(Kecamatan.code == code)
    rows = {k: Figures(kecamatan_code=k, kecamatan_name=name) for k, name in db.session.execute(kecamatan_stmt)}
    if code is not None and not rows:
        raise ValueError(f"unknown kecamatan {code!r}")
    area = [Trainee.kecamatan_code == code] if code is not None else []
    bands_as_of = min(end, as_of)
    due_until = min(end, as_of - timedelta(days=1))

    # 1. trainees
    active = and_(Trainee.joined_on <= end, or_(Trainee.graduated_on.is_(None), Trainee.graduated_on >= start))
    new = Trainee.joined_on.between(start, end)
    graduated = Trainee.graduated_on.between(start, end)
    for k, poverty, gender, n_active, n_new, n_graduated in db.session.execute(
        select(Trainee.kecamatan_code, Trainee.poverty_status, Trainee.gender,
               func.sum(case((active, 1), else_=0)), func.sum(case((new, 1), else_=0)),
               func.sum(case((graduated, 1), else_=0)))
        .where(Trainee.joined_on <= end, *area)
        .group_by(Trainee.kecamatan_code, Trainee.poverty_status, Trainee.gender)
    ):
        row = rows[k]
        row.trainees += int(n_active)
        row.by_poverty[poverty] += int(n_active)
        row.by_gender[gender] += int(n_active)
        row.new_trainees += int(n_new)
        row.graduated += int(n_graduated)

    # 2. loans
    disbursed = Loan.disbursed_on.between(start, end)
    is_active = Loan.status == LoanStatus.ACTIVE.value
    at_risk = and_(is_active, Loan.oldest_unpaid_due_on < as_of - timedelta(days=PAR_DAYS))
    for k, n_disbursed, amount, n_active, outstanding, par in db.session.execute(
        select(Trainee.kecamatan_code,
               func.sum(case((disbursed, 1), else_=0)),
               func.sum(case((disbursed, Loan.principal), else_=literal(0)), type_=Money),
               func.sum(case((is_active, 1), else_=0)),
               func.sum(case((is_active, Loan.principal_outstanding), else_=literal(0)), type_=Money),
               func.sum(case((at_risk, Loan.principal_outstanding), else_=literal(0)), type_=Money))
        .join(Trainee, Trainee.id == Loan.trainee_id)
        .where(or_(disbursed, is_active), *area)
        .group_by(Trainee.kecamatan_code)
    ):
        row = rows[k]
        row.loans_disbursed, row.amount_disbursed = int(n_disbursed), amount or ZERO
        row.active_loans, row.principal_outstanding, row.par30_amount = int(n_active), outstanding or ZERO, par or ZERO

    # 3. instalments due in the period
    i = LoanInstallment
    for k, due, paid in db.session.execute(
        select(Trainee.kecamatan_code,
               func.sum(i.principal_due + i.interest_due + i.fee_due, type_=Money),
               func.sum(i.principal_paid + i.interest_paid + i.fee_paid, type_=Money))
        .join(Loan, Loan.id == i.loan_id)
        .join(Trainee, Trainee.id == Loan.trainee_id)
        .where(i.due_on >= start, i.due_on <= due_until, *area)  # nothing when due_until < start
        .group_by(Trainee.kecamatan_code)
    ):
        rows[k].amount_due, rows[k].amount_collected = due or ZERO, paid or ZERO

    # 4. sessions and trainees mentored, per kecamatan
    sa = SessionAttendance
    in_period = sa.held_on.between(start, end)
    for k, n_sessions, n_mentored in db.session.execute(
        select(Trainee.kecamatan_code, func.count(distinct(sa.session_id)),
               func.count(distinct(case((sa.attended.is_(True), sa.trainee_id)))))
        .join(Trainee, Trainee.id == sa.trainee_id)
        .where(in_period, *area)
        .group_by(Trainee.kecamatan_code)
    ):
        rows[k].sessions, rows[k].trainees_mentored = int(n_sessions), int(n_mentored)

    # 5. latest band per counted trainee
    ranked = (
        select(Assessment.trainee_id.label("trainee_id"), Assessment.band.label("band"),
               func.row_number().over(partition_by=Assessment.trainee_id, order_by=_history_order()).label("rn"))
        .where(Assessment.as_of <= bands_as_of)
        .subquery("ranked")
    )
    for k, band, n in db.session.execute(
        select(Trainee.kecamatan_code, ranked.c.band, func.count())
        .select_from(Trainee)
        .outerjoin(ranked, and_(ranked.c.trainee_id == Trainee.id, ranked.c.rn == 1))
        .where(active, *area)
        .group_by(Trainee.kecamatan_code, ranked.c.band)
    ):
        rows[k].bands[band or NOT_ASSESSED] += int(n)

    # 6-8. the monthly trend
    trend = {m: {"new": 0, "loans": 0, "amount": ZERO, "sessions": 0} for m in _months(start, end)}
    year, month = _by_month(Trainee.joined_on)
    for y, m, n in db.session.execute(
        select(year, month, func.count()).where(new, *area).group_by(year, month)
    ):
        trend[date(int(y), int(m), 1)]["new"] = int(n)
    year, month = _by_month(Loan.disbursed_on)
    for y, m, n, amount in db.session.execute(
        select(year, month, func.count(), func.sum(Loan.principal, type_=Money))
        .join(Trainee, Trainee.id == Loan.trainee_id).where(disbursed, *area).group_by(year, month)
    ):
        trend[date(int(y), int(m), 1)].update(loans=int(n), amount=amount or ZERO)
    year, month = _by_month(sa.held_on)
    for y, m, n in db.session.execute(
        select(year, month, func.count(distinct(sa.session_id)))
        .join(Trainee, Trainee.id == sa.trainee_id).where(in_period, *area).group_by(year, month)
    ):
        trend[date(int(y), int(m), 1)]["sessions"] = int(n)

    totals = Figures()
    for row in rows.values():
        totals._add(row)
    months = [MonthFigures(month=m, new_trainees=v["new"], loans_disbursed=v["loans"],
                           amount_disbursed=v["amount"], sessions=v["sessions"]) for m, v in trend.items()]
    totals.sessions = sum(m.sessions for m in months)
    ordered = sorted(rows.values(),
                     key=lambda r: (-r.extreme_poor_share, -r.trainees, r.kecamatan_name.casefold(), r.kecamatan_code))
    return ProgrammeReport(filters=filters, as_of=as_of, totals=totals, rows_by_kecamatan=ordered, trend=months,
                           bands_as_of=bands_as_of, due_until=due_until)
