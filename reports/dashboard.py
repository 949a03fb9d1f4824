"""The programme dashboard's figures: KPIs for a period compared with the previous period
of the same length, segmented by kecamatan, gender, age band, poverty status or the
trainee's business sector.

Definitions (period = ``start`` .. ``end``, both included; the previous period has the
same number of days and ends the day before ``start``; the definitions are those of
``reports.services.programme_figures`` wherever it has the figure):

- trainees (active): joined on or before the period's end and not graduated before its
  start; new: joined in the period; graduated: graduated in the period; extreme poor:
  active trainees whose poverty status is ``extreme_poor`` (share = ÷ active);
- training: the enrolments (completed or not completed) of the cohorts completed
  (``Cohort.completed_at``, Bandung date) in the period; completion rate = completed ÷
  those (None without any);
- loans disbursed in the period (count, principal; closed and written-off ones too);
- portfolio at the period's close, i.e. on min(end, ``as_of``) (the previous period: on
  its end): outstanding principal of the loans active that day and PAR30 = the part of it
  owed by loans with an instalment more than 30 days past due that day ÷ outstanding
  (written-off loans are outside the portfolio, as in ``loans.portfolio``). On ``as_of``
  itself the loans' stored summary (``principal_outstanding``, ``oldest_unpaid_due_on``)
  is read; on an earlier day it is rebuilt: the stored outstanding principal (kept as it
  was at a write-off; recoveries do not change it) + the principal parts of the
  repayments (not reversed) paid after that day, and late = an instalment with something
  scheduled, due more than 30 days before, not fully paid by that day (``paid_on``);
- repayment rate: of the instalments (any loan status) due from the period's start to
  min(end, the day before ``as_of``), what has been paid towards their scheduled
  principal + interest + fee so far ÷ that scheduled amount (None when nothing fell due);
- sessions attended: mentoring attendances (``SessionAttendance.attended``) in the
  period; per trainee per month: ÷ active trainees ÷ the period's length in months
  (days ÷ 30.4375), 2 places (None without active trainees);
- bands: each active trainee's latest assessment with ``as_of`` on or before min(end,
  ``as_of``) (``not_assessed`` without one); mandiri share = mandiri ÷ active trainees;
- complaints received in the period (all kinds; the dashboard shows counts only):
  ``complaints.stats.sla_outcome`` on ``as_of``; complaints_due = those decided (met or
  missed), SLA compliance = met ÷ decided (None when nothing is decided). A complaint
  linked to a trainee counts in that trainee's row; every complaint counts in the totals
  (so complaint rows need not add up to the totals).

Segments: kecamatan (the trainee's), gender, age band (age on ``as_of`` from
``born_on``), poverty status, sector (the trainee's business; no business: key None).
Every other figure's rows add up to the totals.

Statements: a constant number whatever the data, 7 by kecamatan and 6 otherwise
(kecamatan names when segmenting by kecamatan; trainees with bands; enrolments; loans
with the instalments due; mentoring attendance; complaints; holidays), plus one on
PostgreSQL setting this transaction's ``jit`` and ``work_mem``: current and previous
period are computed by the same statements with CASE.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select

from complaints import services as complaint_services
from complaints.models import Complaint
from complaints.stats import FIGURE_COLUMNS, sla_outcome
from extensions import LOCAL_TZ_NAME, Money, db
from loans.models import Loan, LoanInstallment, LoanStatus, LoanTransaction, TransactionKind
from loans.portfolio import percent
from mentoring.models import SessionAttendance
from trainees.models import Business, Gender, Kecamatan, PovertyStatus, Sector, Trainee
from training.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus

from . import sustainability
from .models import Assessment
from .services import BAND_KEYS, NOT_ASSESSED, PAR_DAYS, _history_order

DIMENSIONS = ("kecamatan", "gender", "age_band", "poverty", "sector")
DIMENSION_LABELS = {
    "kecamatan": _l("Kecamatan"),
    "gender": _l("Gender"),
    "age_band": _l("Age band"),
    "poverty": _l("Poverty status"),
    "sector": _l("Business sector"),
}
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")
#: Lower age limit of each band but the first.
_AGE_LIMITS = ((25, "<25"), (35, "25-34"), (45, "35-44"), (55, "45-54"))
NO_BUSINESS_LABEL = _l("No business recorded")
#: Average length of a month in days (the sessions-per-trainee-month denominator).
DAYS_PER_MONTH = Decimal("30.4375")
ZERO = Decimal("0.00")
_CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return value if value is not None else ZERO


@dataclass
class Row:
    """The figures of one segment (``key``/``label``) or of everything (key None, label
    "Total"). Counts int, money Decimal, percentages Decimal 2 places (properties)."""

    key: str | None = None
    label: str = ""
    trainees: int = 0
    new_trainees: int = 0
    graduated: int = 0
    extreme_poor: int = 0
    enrolments_finished: int = 0
    enrolments_completed: int = 0
    loans_disbursed: int = 0
    amount_disbursed: Decimal = ZERO
    active_loans: int = 0
    principal_outstanding: Decimal = ZERO
    par30_amount: Decimal = ZERO
    amount_due: Decimal = ZERO
    amount_collected: Decimal = ZERO
    sessions_attended: int = 0
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BAND_KEYS, 0))
    complaints_received: int = 0
    complaints_due: int = 0
    complaints_met: int = 0
    #: The period's length in days (for sessions_per_trainee_month).
    days: int = 0

    @property
    def extreme_poor_share(self) -> Decimal | None:
        return percent(Decimal(self.extreme_poor), Decimal(self.trainees)) if self.trainees else None

    @property
    def completion_rate(self) -> Decimal | None:
        if not self.enrolments_finished:
            return None
        return percent(Decimal(self.enrolments_completed), Decimal(self.enrolments_finished))

    @property
    def par30(self) -> Decimal | None:
        """Percent of the outstanding principal at risk (None when nothing is outstanding)."""
        return percent(self.par30_amount, self.principal_outstanding) if self.principal_outstanding else None

    @property
    def repayment_rate(self) -> Decimal | None:
        return percent(self.amount_collected, self.amount_due) if self.amount_due else None

    @property
    def sessions_per_trainee_month(self) -> Decimal | None:
        if not self.trainees or not self.days:
            return None
        months = Decimal(self.days) / DAYS_PER_MONTH
        return (Decimal(self.sessions_attended) / self.trainees / months).quantize(_CENT, rounding=ROUND_HALF_EVEN)

    @property
    def mandiri_share(self) -> Decimal | None:
        return percent(Decimal(self.bands.get(sustainability.MANDIRI, 0)), Decimal(self.trainees)) \
            if self.trainees else None

    @property
    def sla_compliance(self) -> Decimal | None:
        return percent(Decimal(self.complaints_met), Decimal(self.complaints_due)) if self.complaints_due else None

    def value(self, name: str):
        return getattr(self, name)

    _SUMMED = ("trainees", "new_trainees", "graduated", "extreme_poor", "enrolments_finished",
               "enrolments_completed", "loans_disbursed", "amount_disbursed", "active_loans",
               "principal_outstanding", "par30_amount", "amount_due", "amount_collected", "sessions_attended")

    def _add(self, other: "Row") -> None:
        for name in self._SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, n in other.bands.items():
            self.bands[key] = self.bands.get(key, 0) + n


#: Every Row figure in display order: (attribute, label, kind). kind: count, money,
#: percent, rate.
FIGURES: tuple[tuple[str, object, str], ...] = (
    ("trainees", _l("Active trainees"), "count"),
    ("new_trainees", _l("New trainees"), "count"),
    ("graduated", _l("Graduated"), "count"),
    ("extreme_poor", _l("Extreme poor"), "count"),
    ("extreme_poor_share", _l("Extreme-poor share"), "percent"),
    ("enrolments_finished", _l("Enrolments evaluated"), "count"),
    ("enrolments_completed", _l("Enrolments completed"), "count"),
    ("completion_rate", _l("Training completion rate"), "percent"),
    ("loans_disbursed", _l("Loans disbursed"), "count"),
    ("amount_disbursed", _l("Amount disbursed"), "money"),
    ("active_loans", _l("Active loans"), "count"),
    ("principal_outstanding", _l("Outstanding principal"), "money"),
    ("par30_amount", _l("Principal at risk > 30 days"), "money"),
    ("par30", _l("PAR30"), "percent"),
    ("amount_due", _l("Amount due"), "money"),
    ("amount_collected", _l("Amount collected"), "money"),
    ("repayment_rate", _l("Repayment rate"), "percent"),
    ("sessions_attended", _l("Mentoring sessions attended"), "count"),
    ("sessions_per_trainee_month", _l("Sessions per trainee per month"), "rate"),
    ("mandiri_share", _l("Self-reliant (mandiri) share"), "percent"),
    ("complaints_received", _l("Complaints received"), "count"),
    ("complaints_due", _l("Complaints with SLA decided"), "count"),
    ("complaints_met", _l("Complaints within SLA"), "count"),
    ("sla_compliance", _l("Complaints SLA compliance"), "percent"),
)

#: Row attributes the map may be coloured by: name -> (label, kind, higher_is_worse).
MAP_FIGURES: dict[str, tuple[object, str, bool]] = {
    "trainees": (_l("Active trainees"), "count", False),
    "extreme_poor_share": (_l("Extreme-poor share"), "percent", False),
    "new_trainees": (_l("New trainees"), "count", False),
    "completion_rate": (_l("Training completion rate"), "percent", False),
    "loans_disbursed": (_l("Loans disbursed"), "count", False),
    "amount_disbursed": (_l("Amount disbursed"), "money", False),
    "principal_outstanding": (_l("Outstanding principal"), "money", False),
    "par30": (_l("PAR30"), "percent", True),
    "repayment_rate": (_l("Repayment rate"), "percent", False),
    "sessions_per_trainee_month": (_l("Sessions per trainee per month"), "rate", False),
    "mandiri_share": (_l("Self-reliant (mandiri) share"), "percent", False),
    "sla_compliance": (_l("Complaints SLA compliance"), "percent", False),
}


@dataclass(frozen=True)
class KPI:
    key: str
    label: object
    value: object
    previous: object
    kind: str  # "count" | "money" | "percent" | "rate"
    #: percent kind: value − previous in percentage points; other kinds: relative change
    #: in percent. None when either side is None (or previous is 0 for a relative change).
    change: Decimal | None
    better: str  # "up" | "down": the direction that is an improvement
    change_unit: str = "%"  # "pp" for percent kinds

    @property
    def improved(self) -> bool | None:
        """True when the change goes the ``better`` way, False the other way, None when
        there is no change (or it cannot be computed)."""
        if not self.change:
            return None
        return (self.change > 0) == (self.better == "up")


#: The KPI cards: (Row attribute, label, kind, better).
KPI_FIGURES: tuple[tuple[str, object, str, str], ...] = (
    ("trainees", _l("Active trainees"), "count", "up"),
    ("new_trainees", _l("New trainees"), "count", "up"),
    ("graduated", _l("Graduated"), "count", "up"),
    ("extreme_poor_share", _l("Extreme-poor share"), "percent", "up"),
    ("completion_rate", _l("Training completion rate"), "percent", "up"),
    ("loans_disbursed", _l("Loans disbursed"), "count", "up"),
    ("amount_disbursed", _l("Amount disbursed"), "money", "up"),
    ("principal_outstanding", _l("Outstanding principal"), "money", "up"),
    ("par30", _l("PAR30"), "percent", "down"),
    ("repayment_rate", _l("Repayment rate"), "percent", "up"),
    ("sessions_per_trainee_month", _l("Sessions per trainee per month"), "rate", "up"),
    ("mandiri_share", _l("Self-reliant (mandiri) share"), "percent", "up"),
    ("sla_compliance", _l("Complaints SLA compliance"), "percent", "up"),
)


def _change(value, previous, kind: str) -> Decimal | None:
    if value is None or previous is None:
        return None
    value, previous = Decimal(value), Decimal(previous)
    if kind == "percent":
        return (value - previous).quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if not previous:
        return None
    return ((value - previous) * 100 / previous).quantize(_CENT, rounding=ROUND_HALF_EVEN)


def kpis(totals: Row, previous: Row) -> list[KPI]:
    result = []
    for name, label, kind, better in KPI_FIGURES:
        value, before = getattr(totals, name), getattr(previous, name)
        result.append(KPI(key=name, label=label, value=value, previous=before, kind=kind,
                          change=_change(value, before, kind), better=better,
                          change_unit="pp" if kind == "percent" else "%"))
    return result


@dataclass
class Dashboard:
    start: date
    end: date
    previous_start: date
    previous_end: date
    as_of: date
    dimension: str
    computed_at: datetime
    cache_seconds: int
    totals: Row
    previous: Row
    rows: list[Row]
    kpis: list[KPI]
    #: The previous period's rows, same keys and order as ``rows``.
    previous_rows: list[Row] = field(default_factory=list)
    #: The days the portfolio figures describe: min(end, as_of), and previous_end.
    portfolio_on: date | None = None
    previous_portfolio_on: date | None = None

    @property
    def dimension_label(self):
        return DIMENSION_LABELS[self.dimension]


# --- segments -----------------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def age_band(born_on: date, as_of: date) -> str:
    """The age band of someone born on ``born_on``, on ``as_of`` (the rule the SQL CASE
    applies: age n is reached when ``born_on`` <= ``as_of`` minus n years, i.e. on the
    n-th birthday; someone born on 29 February reaches it on 1 March in other years)."""
    for years, band in _AGE_LIMITS:
        if born_on > _years_before(as_of, years):
            return band
    return AGE_BANDS[-1]


def _key_expression(dimension: str, as_of: date):
    if dimension == "kecamatan":
        return Trainee.kecamatan_code
    if dimension == "gender":
        return Trainee.gender
    if dimension == "poverty":
        return Trainee.poverty_status
    if dimension == "sector":
        return Business.sector
    whens = [(Trainee.born_on > _years_before(as_of, years), literal(band)) for years, band in _AGE_LIMITS]
    return case(*whens, else_=literal(AGE_BANDS[-1]))


def _segment_keys(dimension: str) -> list[tuple[str | None, object]]:
    if dimension == "kecamatan":
        return [(code, name) for code, name in db.session.execute(
            select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.code))]
    if dimension == "gender":
        return [(g.value, g.label) for g in Gender]
    if dimension == "poverty":
        return [(p.value, p.label) for p in PovertyStatus]
    if dimension == "sector":
        return [(s.value, s.label) for s in Sector] + [(None, NO_BUSINESS_LABEL)]
    return [(band, band) for band in AGE_BANDS]


def _segments(dimension: str, as_of: date):
    """Subquery (trainee id, segment key ``k`` and the trainee columns the figures read)."""
    stmt = select(Trainee.id.label("tid"), _key_expression(dimension, as_of).label("k"),
                  Trainee.joined_on, Trainee.graduated_on, Trainee.poverty_status)
    if dimension == "sector":
        stmt = stmt.select_from(Trainee).outerjoin(Business, Business.trainee_id == Trainee.id)
    return stmt.subquery("seg")


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(LOCAL_TZ_NAME)).astimezone(timezone.utc)


def _sum(condition, value=1, money: bool = False):
    if money:
        return func.sum(case((condition, value), else_=literal(0)), type_=Money)
    return func.sum(case((condition, value), else_=0))


# --- the figures --------------------------------------------------------------------


@dataclass
class _Period:
    start: date
    end: date
    #: the portfolio day and the last due date counted in the repayment rate
    snapshot: date
    due_until: date


def _periods(start: date, end: date, as_of: date) -> tuple[_Period, _Period]:
    length = end - start
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - length
    yesterday = as_of - timedelta(days=1)
    cur = _Period(start, end, min(end, as_of), min(end, yesterday))
    prev = _Period(previous_start, previous_end, min(previous_end, as_of), min(previous_end, yesterday))
    return cur, prev


def _active(seg, p: _Period):
    return and_(seg.c.joined_on <= p.end, or_(seg.c.graduated_on.is_(None), seg.c.graduated_on >= p.start))


def _latest_bands(day: date):
    """Subquery: each assessed trainee's latest band as of ``day``. PostgreSQL: DISTINCT ON
    in the history's order (an index-only scan of ix_assessment_trainee_latest, no sort);
    elsewhere the same rows by a window."""
    if db.engine.dialect.name == "postgresql":
        return (select(Assessment.trainee_id.label("trainee_id"), Assessment.band.label("band"))
                .where(Assessment.as_of <= day)
                .distinct(Assessment.trainee_id)
                .order_by(Assessment.trainee_id, *_history_order())
                .subquery())
    ranked = (
        select(Assessment.trainee_id.label("trainee_id"), Assessment.band.label("band"),
               func.row_number().over(partition_by=Assessment.trainee_id, order_by=_history_order()).label("rn"))
        .where(Assessment.as_of <= day)
        .subquery()
    )
    return select(ranked.c.trainee_id, ranked.c.band).where(ranked.c.rn == 1).subquery()


def _trainee_figures(seg, cur: _Period, prev: _Period, acc) -> None:
    band_cur, band_prev = _latest_bands(cur.snapshot), _latest_bands(prev.snapshot)
    extreme = seg.c.poverty_status == PovertyStatus.EXTREME_POOR.value
    stmt = (
        select(seg.c.k, band_cur.c.band, band_prev.c.band,
               *[col for p in (cur, prev) for col in (
                   _sum(_active(seg, p)),
                   _sum(seg.c.joined_on.between(p.start, p.end)),
                   _sum(seg.c.graduated_on.between(p.start, p.end)),
                   _sum(and_(_active(seg, p), extreme)))])
        .select_from(seg)
        .outerjoin(band_cur, band_cur.c.trainee_id == seg.c.tid)
        .outerjoin(band_prev, band_prev.c.trainee_id == seg.c.tid)
        .where(seg.c.joined_on <= cur.end)
        .group_by(seg.c.k, band_cur.c.band, band_prev.c.band)
    )
    for k, b_cur, b_prev, *values in db.session.execute(stmt):
        for index, band in enumerate((b_cur, b_prev)):
            row = acc(k, index)
            active, new, graduated, extreme_poor = (int(v or 0) for v in values[4 * index:4 * index + 4])
            row.trainees += active
            row.new_trainees += new
            row.graduated += graduated
            row.extreme_poor += extreme_poor
            band_key = band or NOT_ASSESSED
            row.bands[band_key] = row.bands.get(band_key, 0) + active


def _enrolment_figures(seg, cur: _Period, prev: _Period, acc) -> None:
    completed = Enrolment.status == EnrolmentStatus.COMPLETED.value
    columns = []
    for p in (cur, prev):
        in_period = and_(Cohort.completed_at >= _local_midnight_utc(p.start),
                         Cohort.completed_at < _local_midnight_utc(p.end + timedelta(days=1)))
        columns += [_sum(in_period), _sum(and_(in_period, completed))]
    stmt = (
        select(seg.c.k, *columns)
        .select_from(Enrolment)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(seg, seg.c.tid == Enrolment.trainee_id)
        .where(Cohort.status == CohortStatus.COMPLETED.value,
               Cohort.completed_at >= _local_midnight_utc(prev.start),
               Cohort.completed_at < _local_midnight_utc(cur.end + timedelta(days=1)),
               Enrolment.status.in_([EnrolmentStatus.COMPLETED.value, EnrolmentStatus.NOT_COMPLETED.value]))
        .group_by(seg.c.k)
    )
    for k, *values in db.session.execute(stmt):
        for index in (0, 1):
            row = acc(k, index)
            row.enrolments_finished += int(values[2 * index] or 0)
            row.enrolments_completed += int(values[2 * index + 1] or 0)


def _active_on(day: date):
    """SQL: the loan was active on ``day`` (disbursed, not yet closed or written off)."""
    return and_(
        Loan.disbursed_on <= day,
        or_(Loan.status == LoanStatus.ACTIVE.value,
            and_(Loan.status == LoanStatus.CLOSED.value, Loan.closed_on > day),
            and_(Loan.status == LoanStatus.WRITTEN_OFF.value, Loan.written_off_on > day)),
    )


def _late_on(day: date):
    """SQL (on an instalment with something scheduled, paid after ``day``): it was more
    than PAR_DAYS past due on ``day``."""
    i = LoanInstallment
    return and_(i.due_on < day - timedelta(days=PAR_DAYS), i.paid_on > day)


def _loan_figures(seg, cur: _Period, prev: _Period, as_of: date, acc) -> None:
    """The loans and the instalments due in each period, grouped by segment (one
    statement: the instalments due summed per loan in a subquery; two small subqueries
    grouped by loan when a portfolio is rebuilt for an earlier day)."""
    i, t = LoanInstallment, LoanTransaction
    rebuilt = [p for p in (cur, prev) if p.snapshot != as_of]  # the others read the stored summary
    txn = late = None
    if rebuilt:
        first = min(p.snapshot for p in rebuilt)
        # principal repaid after the day: the stored outstanding is what was left after it
        txn = (select(t.loan_id.label("loan_id"),
                      *[_sum(t.paid_on > p.snapshot, t.principal_part, money=True).label(f"principal{n}")
                        for n, p in enumerate(rebuilt)])
               .where(t.kind == TransactionKind.REPAYMENT.value, t.reversed_at.is_(None), t.paid_on > first)
               .group_by(t.loan_id).subquery("txn"))
        # late that day: an instalment still unpaid (Loan.oldest_unpaid_due_on), or one paid
        # only after that day (few: paid recently, due long before)
        late = (select(i.loan_id.label("loan_id"),
                       *[func.max(case((_late_on(p.snapshot), 1), else_=0)).label(f"late{n}")
                         for n, p in enumerate(rebuilt)])
                .where(i.paid_on > first, i.due_on < max(p.snapshot for p in rebuilt) - timedelta(days=PAR_DAYS),
                       i.principal_due + i.interest_due + i.fee_due > 0)
                .group_by(i.loan_id).subquery("late"))

    # instalments due in each period (any loan status), summed per loan: the repayment rate
    scheduled = i.principal_due + i.interest_due + i.fee_due
    paid = i.principal_paid + i.interest_paid + i.fee_paid
    due_in = [i.due_on.between(p.start, p.due_until) for p in (cur, prev)]  # nothing when due_until < start
    dues = (select(i.loan_id.label("loan_id"),
                   *[column for n, due in enumerate(due_in)
                     for column in (_sum(due, scheduled, money=True).label(f"due{n}"),
                                    _sum(due, paid, money=True).label(f"paid{n}"))])
            .where(or_(*due_in)).group_by(i.loan_id).subquery("dues"))

    columns = []
    for n, p in enumerate((cur, prev)):
        columns += [func.sum(dues.c[f"due{n}"], type_=Money), func.sum(dues.c[f"paid{n}"], type_=Money)]
        disbursed = Loan.disbursed_on.between(p.start, p.end)
        columns += [_sum(disbursed), _sum(disbursed, Loan.principal, money=True)]
        if p in rebuilt:
            n = rebuilt.index(p)
            active = _active_on(p.snapshot)
            outstanding = Loan.principal_outstanding + func.coalesce(txn.c[f"principal{n}"], 0)
            at_risk = and_(active, or_(Loan.oldest_unpaid_due_on < p.snapshot - timedelta(days=PAR_DAYS),
                                       late.c[f"late{n}"] == 1))
        else:
            active = and_(Loan.status == LoanStatus.ACTIVE.value, Loan.disbursed_on <= as_of)
            outstanding = Loan.principal_outstanding
            at_risk = and_(active, Loan.oldest_unpaid_due_on < as_of - timedelta(days=PAR_DAYS))
        columns += [_sum(active), _sum(active, outstanding, money=True), _sum(at_risk, outstanding, money=True)]
    stmt = (select(seg.c.k, *columns).select_from(Loan).join(seg, seg.c.tid == Loan.trainee_id)
            .outerjoin(dues, dues.c.loan_id == Loan.id))
    if rebuilt:
        stmt = stmt.outerjoin(txn, txn.c.loan_id == Loan.id).outerjoin(late, late.c.loan_id == Loan.id)
    stmt = stmt.where(Loan.disbursed_on <= cur.end).group_by(seg.c.k)
    for k, *values in db.session.execute(stmt):
        for index in (0, 1):
            due, collected, n_disbursed, amount, n_active, outstanding, par = values[7 * index:7 * index + 7]
            row = acc(k, index)
            row.amount_due += _money(due)
            row.amount_collected += _money(collected)
            row.loans_disbursed += int(n_disbursed or 0)
            row.amount_disbursed += _money(amount)
            row.active_loans += int(n_active or 0)
            row.principal_outstanding += _money(outstanding)
            row.par30_amount += _money(par)


def _session_figures(seg, cur: _Period, prev: _Period, acc) -> None:
    sa = SessionAttendance
    stmt = (select(seg.c.k, *[_sum(sa.held_on.between(p.start, p.end)) for p in (cur, prev)])
            .select_from(sa).join(seg, seg.c.tid == sa.trainee_id)
            .where(sa.attended.is_(True), sa.held_on.between(prev.start, cur.end))
            .group_by(seg.c.k))
    for k, n_cur, n_prev in db.session.execute(stmt):
        acc(k, 0).sessions_attended += int(n_cur or 0)
        acc(k, 1).sessions_attended += int(n_prev or 0)


def _complaint_figures(seg, cur: _Period, prev: _Period, as_of: date, acc, totals: tuple[Row, Row]) -> None:
    """Complaints are few: loaded (the columns ``sla_outcome`` reads) and decided in Python."""
    stmt = (select(*FIGURE_COLUMNS, seg.c.k.label("segment_key"), Complaint.trainee_id)
            .select_from(Complaint).outerjoin(seg, seg.c.tid == Complaint.trainee_id)
            .where(Complaint.received_on.between(prev.start, cur.end)))
    rows = db.session.execute(stmt).all()
    holidays = complaint_services.holidays()
    for c in rows:
        index = 0 if c.received_on >= cur.start else 1
        outcome = sla_outcome(c, today=as_of, holidays=holidays)
        targets = [totals[index]]
        if c.trainee_id is not None:
            targets.append(acc(c.segment_key, index))
        for row in targets:
            row.complaints_received += 1
            if outcome is not None:
                row.complaints_due += 1
                row.complaints_met += int(outcome)


def dashboard(start: date, end: date, *, as_of: date, dimension: str = "kecamatan", now: datetime,
              cache_seconds: int = 0) -> Dashboard:
    """The dashboard's figures (see the module docstring), computed now (no cache)."""
    if start > end:
        raise ValueError("the period must not end before it starts")
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    cur, prev = _periods(start, end, as_of)
    days = (end - start).days + 1
    keys = _segment_keys(dimension)
    rows: tuple[dict, dict] = ({}, {})
    for index in (0, 1):
        for key, label in keys:
            rows[index][key] = Row(key=key, label=label, days=days)

    def acc(key, index: int) -> Row:
        if key not in rows[index]:  # a value outside the dimension's list (should not happen)
            for both in rows:
                both[key] = Row(key=key, label=str(key) if key is not None else NO_BUSINESS_LABEL, days=days)
        return rows[index][key]

    if db.engine.dialect.name == "postgresql":
        # For this transaction only: the aggregates below are short analytic queries that
        # JIT compilation slows down, and whose sorts and hashes spill at the 4 MB default.
        db.session.execute(select(func.set_config("jit", "off", True), func.set_config("work_mem", "32MB", True)))
    seg = _segments(dimension, as_of)
    _trainee_figures(seg, cur, prev, acc)
    _enrolment_figures(seg, cur, prev, acc)
    _loan_figures(seg, cur, prev, as_of, acc)
    _session_figures(seg, cur, prev, acc)
    totals = (Row(label=_l("Total"), days=days), Row(label=_l("Total"), days=days))
    for index in (0, 1):
        for row in rows[index].values():
            totals[index]._add(row)
    _complaint_figures(seg, cur, prev, as_of, acc, totals)

    current_rows, previous_rows = list(rows[0].values()), list(rows[1].values())
    return Dashboard(
        start=start, end=end, previous_start=prev.start, previous_end=prev.end, as_of=as_of, dimension=dimension,
        computed_at=now.astimezone(timezone.utc), cache_seconds=cache_seconds,
        totals=totals[0], previous=totals[1], rows=current_rows, previous_rows=previous_rows,
        kpis=kpis(totals[0], totals[1]), portfolio_on=cur.snapshot, previous_portfolio_on=prev.snapshot,
    )


# --- the cache ----------------------------------------------------------------------

_CACHE: dict[tuple, Dashboard] = {}
_CACHE_LOCK = threading.Lock()
#: At most this many dashboards are kept (the oldest computed is dropped first).
CACHE_SIZE = 64


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def cached_dashboard(start: date, end: date, *, as_of: date, dimension: str, now: datetime,
                     max_age_seconds: int, refresh: bool = False) -> Dashboard:
    """``dashboard`` kept in a process-local cache for ``max_age_seconds`` (0: computed
    every time, nothing kept). Keyed by the period, ``as_of``, the dimension and the
    database; an entry computed more than ``max_age_seconds`` before ``now`` (or after
    it: a clock gone back) is computed again, and so is the entry when ``refresh``.
    ``computed_at`` says how old the figures are."""
    if max_age_seconds <= 0:
        return dashboard(start, end, as_of=as_of, dimension=dimension, now=now, cache_seconds=0)
    key = (start, end, as_of, dimension, db.engine.url.render_as_string(hide_password=True))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if not refresh and hit is not None and timedelta(0) <= now - hit.computed_at <= timedelta(seconds=max_age_seconds):
        return hit
    result = dashboard(start, end, as_of=as_of, dimension=dimension, now=now, cache_seconds=max_age_seconds)
    with _CACHE_LOCK:
        _CACHE[key] = result
        if len(_CACHE) > CACHE_SIZE:
            oldest = min(_CACHE, key=lambda k: _CACHE[k].computed_at)
            del _CACHE[oldest]
    return result
