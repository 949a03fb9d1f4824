"""The loan portfolio: outstanding balances, days past due, ageing buckets, portfolio at
risk (PAR), the collection list, and their CSV/XLSX export. Read-only.

Definitions (money in rupiah, Decimal; dates explicit, ``as_of`` is "today"):

- An instalment is *not fully paid* while its scheduled dues (principal + interest +
  fee) exceed what was paid towards them (as ``services.balances``: penalties are paid
  first within an instalment, so this is the same as counting them); it is *overdue*
  when, in addition, ``due_on < as_of`` (an instalment due on ``as_of`` itself is not yet
  late, as in ``schedule.days_past_due``).
- Total outstanding = principal + interest + fee + penalty unpaid, with the penalties
  *stored* on the instalments (charged by the service up to the loan's last posting);
  ``services.balances(loan, as_of=...)`` also charges penalties that fell due since, so
  for a loan in arrears on a product with a penalty its total may be higher than here.
  Principal, DPD, buckets and PAR do not depend on penalties.
- Days past due (DPD) of a loan = ``as_of`` − the due date of its oldest overdue
  instalment; 0 without one. Buckets are ``schedule.ageing_bucket``'s.
- Outstanding principal of a loan = Σ (principal_due − principal_paid) over its instalments.
- PAR_N (N = 1, 30, 90) = outstanding principal of active loans with DPD **strictly
  greater than** N (the issue's "more than N days past due"; PAR1 therefore counts loans
  at least 2 days late, PAR30 those in buckets 31-60 and later, PAR90 those in 91-180 and
  over-180) ÷ outstanding principal of all active loans, in percent, quantized to 0.01
  HALF_EVEN; 0.00 when nothing is outstanding. This is the industry (CGAP/MIX) ratio, not
  Fineract's overdue-amount ratio.
- Written-off loans are outside the portfolio: never in totals, buckets or PAR; they are
  listed (``PortfolioRow.is_written_off``), counted apart, and selectable with the
  bucket filter value ``"written_off"``.

The per-loan figures (outstanding principal, total outstanding, the oldest unpaid due
date) are the summary columns on ``loan`` that the services rewrite in the same
transaction as the instalments (``services.store_summary``), so :func:`portfolio` reads
the loan table only: two statements (aggregates; the page of rows) whatever the number
of loans. DPD = ``as_of`` − ``oldest_unpaid_due_on`` when that date is before ``as_of``.
:func:`collection_list` reads the unpaid instalments through a partial index: one
statement, two when paged. Visibility is ``services.visible_loans(user)``.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterator

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import aliased

from accounts.models import User
from extensions import Money, db
from spreadsheets import csv_cell, xlsx_cell
from trainees.models import Kecamatan, Trainee

from . import services
from .models import FundingSource, Loan, LoanInstallment, LoanProduct, LoanStatus
from .schedule import ageing_bucket

#: The PAR thresholds reported: PAR_N counts loans with days past due > N.
PAR_DAYS = (1, 30, 90)
#: Ageing buckets in order, with their inclusive DPD range (None: no upper end). Must
#: agree with schedule.ageing_bucket (a test checks every day up to 400).
BUCKET_RANGES = (
    ("current", 0, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-180", 91, 180),
    ("over-180", 181, None),
)
BUCKETS = tuple(name for name, _, _ in BUCKET_RANGES)
#: Bucket filter value selecting the written-off loans.
WRITTEN_OFF = "written_off"
PERCENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class PortfolioFilters:
    """All optional. ``bucket`` is one of BUCKETS or WRITTEN_OFF; it narrows the rows
    listed only (totals, buckets and PAR describe the portfolio the other filters select,
    so a bucket's share stays meaningful)."""

    officer_id: int | None = None
    product_id: int | None = None
    funding_source_id: int | None = None
    kecamatan: str | None = None  #: kecamatan code, e.g. "32.73.16"
    bucket: str | None = None


@dataclass(frozen=True)
class PortfolioRow:
    loan_id: int
    trainee_id: int
    trainee_name: str
    phone: str | None
    kecamatan: str
    product: str
    funding_source: str
    officer: str | None
    disbursed_on: date
    principal: Decimal
    principal_outstanding: Decimal
    total_outstanding: Decimal
    days_past_due: int
    bucket: str
    is_written_off: bool


@dataclass(frozen=True)
class BucketTotal:
    name: str
    loans: int
    principal_outstanding: Decimal
    total_outstanding: Decimal
    #: Percent of the portfolio's outstanding principal (0.01, HALF_EVEN).
    share: Decimal


@dataclass(frozen=True)
class PortfolioTotals:
    """Active loans only."""

    loans: int
    principal: Decimal  #: disbursed principal
    principal_outstanding: Decimal
    total_outstanding: Decimal
    written_off_loans: int
    #: Principal still unpaid on the written-off loans (not part of the portfolio).
    written_off_principal_outstanding: Decimal


@dataclass
class PortfolioReport:
    as_of: date
    filters: PortfolioFilters
    rows: list[PortfolioRow]
    #: Rows matching the filters (bucket included), before ``limit``/``offset``.
    row_count: int
    totals: PortfolioTotals
    #: N -> percent, for N in PAR_DAYS.
    par: dict[int, Decimal]
    #: N -> outstanding principal of the active loans more than N days past due.
    par_amounts: dict[int, Decimal]
    buckets: list[BucketTotal] = field(default_factory=list)


@dataclass(frozen=True)
class CollectionRow:
    loan_id: int
    installment_number: int
    due_on: date
    #: What is still unpaid on this instalment (principal + interest + fee + penalty).
    amount_outstanding: Decimal
    #: as_of − due_on, 0 when not yet due.
    days_late: int
    trainee_id: int
    trainee_name: str
    phone: str | None
    kecamatan: str
    officer: str | None


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole`` in percent, 0.01 HALF_EVEN; 0.00 when ``whole`` is 0."""
    if not whole:
        return ZERO
    return (part * 100 / whole).quantize(PERCENT, rounding=ROUND_HALF_EVEN)


def _overdue_since(as_of: date):
    """SQL: the due date of the loan's oldest overdue instalment (None when nothing is
    overdue): oldest_unpaid_due_on when it is before ``as_of``."""
    oldest = Loan.oldest_unpaid_due_on
    return case((oldest < as_of, oldest))


def _bucket_case(as_of: date):
    """SQL: the bucket name from the loan's oldest unpaid due date (DPD = as_of − it)."""
    oldest = Loan.oldest_unpaid_due_on
    whens = [(or_(oldest.is_(None), oldest >= as_of), literal("current"))]
    for name, _low, high in BUCKET_RANGES[1:-1]:
        # DPD <= high  <=>  oldest >= as_of − high
        whens.append((oldest >= as_of - timedelta(days=high), literal(name)))
    return case(*whens, else_=literal(BUCKET_RANGES[-1][0]))


def _bucket_condition(as_of: date, bucket: str):
    """SQL: the loan is in ``bucket`` (a range of oldest_unpaid_due_on, so the
    (status, oldest_unpaid_due_on) index serves it)."""
    oldest = Loan.oldest_unpaid_due_on
    for name, low, high in BUCKET_RANGES:
        if name != bucket:
            continue
        if high == 0:
            return or_(oldest.is_(None), oldest >= as_of)
        # low <= DPD <= high  <=>  as_of − high <= oldest <= as_of − low
        condition = oldest <= as_of - timedelta(days=low)
        if high is not None:
            condition = and_(condition, oldest >= as_of - timedelta(days=high))
        return condition
    raise ValueError(f"unknown bucket {bucket!r}; expected one of {BUCKETS + (WRITTEN_OFF,)}")


def _visibility(user: User) -> list:
    """The WHERE clause of ``services.visible_loans(user)`` (none for staff), applied to
    the outer query directly rather than as ``loan.id IN (SELECT ... FROM loan)``."""
    clause = services.visible_loans(user).whereclause
    return [] if clause is None else [clause]


def portfolio(user: User, filters: PortfolioFilters, *, as_of: date,
              limit: int | None = None, offset: int = 0) -> PortfolioReport:
    """The portfolio ``user`` may see as of ``as_of``: one row per active or written-off
    loan (most days past due first, then by loan id), totals, buckets and PAR.

    ``limit``/``offset`` page the rows (``row_count`` is the number before paging); the
    totals always cover every matching loan. Two SQL statements whatever the size, both
    over the loan table's summary columns (no instalment is read)."""
    if filters.bucket not in (None, WRITTEN_OFF) and filters.bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {filters.bucket!r}")
    oldest = Loan.oldest_unpaid_due_on
    where = [
        Loan.status.in_((LoanStatus.ACTIVE.value, LoanStatus.WRITTEN_OFF.value)),
        *_visibility(user),
    ]
    if filters.officer_id is not None:
        where.append(Loan.officer_id == filters.officer_id)
    if filters.product_id is not None:
        where.append(Loan.product_id == filters.product_id)
    if filters.funding_source_id is not None:
        where.append(Loan.funding_source_id == filters.funding_source_id)
    if filters.kecamatan:
        where.append(Loan.trainee_id.in_(select(Trainee.id).where(Trainee.kecamatan_code == filters.kecamatan)))

    # 1. aggregates, grouped by status and bucket (the bucket is computed in an inner
    #    select so the GROUP BY names a plain column on every backend)
    is_active = Loan.status == LoanStatus.ACTIVE.value
    per_loan = (
        select(
            Loan.status.label("status"),
            _bucket_case(as_of).label("bucket"),
            Loan.principal.label("principal"),
            Loan.principal_outstanding.label("principal_outstanding"),
            Loan.total_outstanding.label("total_outstanding"),
            *(
                case((oldest < as_of - timedelta(days=n), Loan.principal_outstanding), else_=literal(0))
                .label(f"par_{n}")
                for n in PAR_DAYS
            ),
        )
        .where(*where)
        .subquery("per_loan")
    )
    grouped = db.session.execute(
        select(
            per_loan.c.status,
            per_loan.c.bucket,
            func.count(),
            func.sum(per_loan.c.principal, type_=Money),
            func.sum(per_loan.c.principal_outstanding, type_=Money),
            func.sum(per_loan.c.total_outstanding, type_=Money),
            *(func.sum(per_loan.c[f"par_{n}"], type_=Money) for n in PAR_DAYS),
        ).group_by(per_loan.c.status, per_loan.c.bucket)
    ).all()

    by_bucket = {name: [0, ZERO, ZERO] for name in BUCKETS}
    loans, principal, outstanding, total = 0, ZERO, ZERO, ZERO
    par_amounts = dict.fromkeys(PAR_DAYS, ZERO)
    written_off_loans, written_off_outstanding = 0, ZERO
    for status, bucket, count, sum_principal, sum_outstanding, sum_total, *par_sums in grouped:
        if status == LoanStatus.WRITTEN_OFF.value:
            written_off_loans += count
            written_off_outstanding += sum_outstanding or ZERO
            continue
        loans += count
        principal += sum_principal or ZERO
        outstanding += sum_outstanding or ZERO
        total += sum_total or ZERO
        entry = by_bucket[bucket]
        entry[0] += count
        entry[1] += sum_outstanding or ZERO
        entry[2] += sum_total or ZERO
        for n, amount in zip(PAR_DAYS, par_sums):
            par_amounts[n] += amount or ZERO
    buckets = [
        BucketTotal(name=name, loans=count, principal_outstanding=amount, total_outstanding=amount_total,
                    share=percent(amount, outstanding))
        for name, (count, amount, amount_total) in by_bucket.items()
    ]
    if filters.bucket is None:
        row_count = loans + written_off_loans
    elif filters.bucket == WRITTEN_OFF:
        row_count = written_off_loans
    else:
        row_count = by_bucket[filters.bucket][0]

    # 2. the rows
    row_where = list(where)
    if filters.bucket == WRITTEN_OFF:
        row_where.append(Loan.status == LoanStatus.WRITTEN_OFF.value)
    elif filters.bucket is not None:
        row_where += [is_active, _bucket_condition(as_of, filters.bucket)]
    # the page is chosen from the loan table alone (a narrow top-N sort), then only its
    # rows are joined to the names
    overdue_since = _overdue_since(as_of)
    page = (
        select(Loan.id.label("id"), overdue_since.label("overdue_since"))
        .where(*row_where)
        .order_by(overdue_since.asc().nulls_last(), Loan.id)
    )
    if limit is not None:
        page = page.limit(limit)
    if offset:
        page = page.offset(offset)
    page = page.subquery("page")
    officer = aliased(User)
    stmt = (
        select(
            Loan.id, Loan.status, Loan.principal, Loan.disbursed_on,
            Trainee.id, Trainee.full_name, Trainee.phone, Kecamatan.name,
            LoanProduct.name, FundingSource.name, officer.full_name,
            Loan.principal_outstanding, Loan.total_outstanding, page.c.overdue_since,
        )
        .select_from(page)
        .join(Loan, Loan.id == page.c.id)
        .join(Trainee, Trainee.id == Loan.trainee_id)
        .join(Kecamatan, Kecamatan.code == Trainee.kecamatan_code)
        .join(LoanProduct, LoanProduct.id == Loan.product_id)
        .join(FundingSource, FundingSource.id == Loan.funding_source_id)
        .outerjoin(officer, officer.id == Loan.officer_id)
        .order_by(page.c.overdue_since.asc().nulls_last(), page.c.id)
    )
    rows = []
    for (loan_id, status, loan_principal, disbursed_on, trainee_id, name, phone, kecamatan, product, source,
         officer_name, principal_outstanding, total_outstanding, oldest_on) in db.session.execute(stmt):
        days = (as_of - oldest_on).days if oldest_on is not None else 0
        rows.append(PortfolioRow(
            loan_id=loan_id, trainee_id=trainee_id, trainee_name=name, phone=phone, kecamatan=kecamatan,
            product=product, funding_source=source, officer=officer_name, disbursed_on=disbursed_on,
            principal=loan_principal, principal_outstanding=principal_outstanding,
            total_outstanding=total_outstanding, days_past_due=days, bucket=ageing_bucket(days),
            is_written_off=status == LoanStatus.WRITTEN_OFF.value,
        ))

    return PortfolioReport(
        as_of=as_of,
        filters=filters,
        rows=rows,
        row_count=row_count,
        totals=PortfolioTotals(
            loans=loans, principal=principal, principal_outstanding=outstanding, total_outstanding=total,
            written_off_loans=written_off_loans, written_off_principal_outstanding=written_off_outstanding,
        ),
        par={n: percent(amount, outstanding) for n, amount in par_amounts.items()},
        par_amounts=par_amounts,
        buckets=buckets,
    )


class CollectionList(list):
    """The collection rows (a list, as before paging existed) plus ``total``: the number
    of matching instalments before ``limit``/``offset``."""

    total: int = 0


def collection_list(user: User, *, as_of: date, officer_id: int | None = None,
                    limit: int | None = None, offset: int = 0) -> CollectionList:
    """Instalments of active loans that are overdue or fall due this week (``due_on <=
    as_of + 6 days``) and are not fully paid, oldest due date first, with the trainee's
    phone. ``limit``/``offset`` page them; ``.total`` of the result counts them all.

    Reads only unpaid instalments (``paid_on IS NULL``: the partial index
    ix_loan_installment_unpaid_due_on). One SQL statement without ``limit``, two with it
    (the page and its count)."""
    i = LoanInstallment
    due = i.principal_due + i.interest_due + i.fee_due + i.penalty_due
    paid = i.principal_paid + i.interest_paid + i.fee_paid + i.penalty_paid
    where = [
        i.paid_on.is_(None),
        i.due_on <= as_of + timedelta(days=6),
        # paid_on is also None on a zero instalment after an unpaid one: nothing to collect
        due > paid,
        Loan.status == LoanStatus.ACTIVE.value,
        *_visibility(user),
    ]
    if officer_id is not None:
        where.append(Loan.officer_id == officer_id)
    officer = aliased(User)
    stmt = (
        select(
            i.loan_id, i.number, i.due_on, type_coerce(due - paid, Money),
            Trainee.id, Trainee.full_name, Trainee.phone, Kecamatan.name, officer.full_name,
        )
        .join(Loan, Loan.id == i.loan_id)
        .join(Trainee, Trainee.id == Loan.trainee_id)
        .join(Kecamatan, Kecamatan.code == Trainee.kecamatan_code)
        .outerjoin(officer, officer.id == Loan.officer_id)
        .where(*where)
        .order_by(i.due_on, Trainee.full_name, i.loan_id, i.number)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    result = CollectionList(
        CollectionRow(
            loan_id=loan_id, installment_number=number, due_on=due_on, amount_outstanding=amount,
            days_late=max((as_of - due_on).days, 0), trainee_id=trainee_id, trainee_name=name, phone=phone,
            kecamatan=kecamatan, officer=officer_name,
        )
        for loan_id, number, due_on, amount, trainee_id, name, phone, kecamatan, officer_name
        in db.session.execute(stmt)
    )
    if limit is None and not offset:
        result.total = len(result)
    else:
        result.total = db.session.scalar(
            select(func.count()).select_from(i).join(Loan, Loan.id == i.loan_id).where(*where))
    return result


# -- export ----------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "loan_id", "trainee", "phone", "kecamatan", "product", "funding_source", "officer", "disbursed_on",
    "principal", "principal_outstanding", "total_outstanding", "days_past_due", "bucket", "status",
)


def _export_values(row: PortfolioRow) -> list:
    status = LoanStatus.WRITTEN_OFF if row.is_written_off else LoanStatus.ACTIVE
    values = [
        row.loan_id, row.trainee_name, row.phone, row.kecamatan, row.product, row.funding_source, row.officer,
        row.disbursed_on, row.principal, row.principal_outstanding, row.total_outstanding, row.days_past_due,
        row.bucket, str(status.label),
    ]
    return ["" if v is None else v for v in values]


def export_csv(report: PortfolioReport) -> Iterator[str]:
    """Stream the report's rows as CSV (UTF-8 with BOM for spreadsheet programs; text
    that a spreadsheet would run as a formula is prefixed with an apostrophe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(EXPORT_COLUMNS)
    for n, row in enumerate(report.rows, 1):
        writer.writerow([csv_cell(v) for v in _export_values(row)])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_xlsx(report: PortfolioReport) -> bytes:
    """The report's rows as an XLSX workbook (write-only mode; strings are stored as
    text cells, never formulas; money and days as numbers, dates as dates)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Portfolio"))
    sheet.append(list(EXPORT_COLUMNS))
    for row in report.rows:
        sheet.append([xlsx_cell(sheet, v) for v in _export_values(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
