"""Portfolio, PAR and the collection list: hand-built loans with known days past due and
outstanding principal, the expected figures worked out by hand below; visibility per
role; a constant number of SQL statements; CSV/XLSX export read back.

The loans are inserted directly (not through loans.services) so that each one's
instalments, and so its DPD and balance, are exactly what the test says."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from accounts.models import Role
from extensions import db
from loans import portfolio as pf
from loans import services
from loans.models import (
    ApplicationStatus, FundingSource, Loan, LoanApplication, LoanInstallment, LoanProduct, LoanStatus,
)
from loans.portfolio import PortfolioFilters
from loans.schedule import ageing_bucket

AS_OF = date(2026, 11, 27)
D = Decimal


class Book:
    """Builds products, sources and loans with explicit instalments."""

    def __init__(self, factory):
        self.factory = factory
        self.officer = factory.user(Role.OFFICER, full_name="Asep Petugas")
        self.officer2 = factory.user(Role.OFFICER, full_name="Rina Petugas")
        self.weekly = self.product("Mekar Mingguan")
        self.monthly = self.product("Usaha Bulanan", frequency="monthly", method="declining")
        self.apbd = self.source("APBD Kota Bandung", "city_budget")
        self.csr = self.source("CSR Mitra", "csr")

    def product(self, name, *, frequency="weekly", method="flat"):
        product = LoanProduct(
            name=name, min_amount=D(1_000_000), max_amount=D(25_000_000), min_term=4, max_term=50,
            frequency=frequency, method=method, amortization="equal_installments", annual_rate=D(24),
            rounding_multiple=D(100),
        )
        db.session.add(product)
        db.session.flush()
        return product

    def source(self, name, kind):
        source = FundingSource(name=name, kind=kind, committed=D(1_000_000_000))
        db.session.add(source)
        db.session.flush()
        return source

    def loan(self, trainee, installments, *, product=None, source=None, officer=None,
             status=LoanStatus.ACTIVE.value, disbursed_on=date(2026, 1, 5)) -> Loan:
        """``installments``: (due_on, principal_due, interest_due, principal_paid,
        interest_paid[, fee_due]) per instalment, in order."""
        product = product or self.weekly
        source = source or self.apbd
        officer = officer or self.officer
        principal = sum(D(row[1]) for row in installments)
        terms = dict(
            annual_rate=product.annual_rate, frequency=product.frequency, method=product.method,
            amortization=product.amortization, rounding_multiple=product.rounding_multiple,
            fee_type="none", fee_value=D(0), fee_timing="deducted",
        )
        application = LoanApplication(
            trainee_id=trainee.id, product_id=product.id, amount=principal, term=len(installments), purpose="Modal",
            business_plan="-", monthly_revenue=D(5_000_000), monthly_costs=D(2_000_000),
            household_expenses=D(1_000_000), other_installments=D(0), status=ApplicationStatus.DISBURSED.value,
            submitted_by_id=officer.id, submitted_on=disbursed_on, **terms,
        )
        db.session.add(application)
        db.session.flush()
        loan = Loan(
            application_id=application.id, trainee_id=trainee.id, product_id=product.id,
            funding_source_id=source.id, officer_id=officer.id, principal=principal,
            periods=len(installments), grace_periods=0, fee_amount=D(0), disbursed_on=disbursed_on,
            disbursement_method="cash", disbursed_by_id=officer.id, status=status, **terms,
        )
        db.session.add(loan)
        db.session.flush()
        rows = []
        for number, (due_on, p_due, i_due, p_paid, i_paid, *fee) in enumerate(installments, 1):
            paid_in_full = D(p_paid) + D(i_paid) >= D(p_due) + D(i_due) + D(fee[0] if fee else 0)
            rows.append(LoanInstallment(
                loan_id=loan.id, number=number, due_on=due_on, principal_due=D(p_due), interest_due=D(i_due),
                fee_due=D(fee[0] if fee else 0), penalty_due=D(0), principal_paid=D(p_paid), interest_paid=D(i_paid),
                fee_paid=D(0), penalty_paid=D(0), paid_on=due_on if paid_in_full else None,
            ))
        db.session.add_all(rows)
        services.store_summary(loan, rows)  # as every service that writes instalments does
        db.session.flush()
        return loan

    def loan_with_dpd(self, trainee, dpd: int, outstanding: int, **kwargs) -> Loan:
        """A loan with one instalment paid, one (or none when dpd == 0) falling due
        ``dpd`` days before AS_OF and unpaid, and one in the future: outstanding principal
        ``outstanding`` (split between the last two), DPD ``dpd``."""
        late = AS_OF - timedelta(days=dpd)
        first = late - timedelta(days=7)
        half = outstanding // 2
        rows = [(first, 100_000, 10_000, 100_000, 10_000)]
        if dpd > 0:
            rows.append((late, half, 10_000, 0, 0))
        else:
            rows.append((AS_OF + timedelta(days=3), half, 10_000, 0, 0))
        rows.append((AS_OF + timedelta(days=30), outstanding - half, 10_000, 0, 0))
        return self.loan(trainee, rows, **kwargs)


@pytest.fixture
def book(factory):
    return Book(factory)


def _d(amount: int) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


@pytest.fixture
def portfolio_book(app, factory, book):
    """Eight active loans (DPD 0, 1, 2, 30, 31, 90, 91, 200), one written off, one
    closed. Outstanding principal, in rupiah:

    ======  ===  ==========  ========  =====  ======  ======
    loan    DPD  bucket      outst.    PAR1   PAR30   PAR90
    ======  ===  ==========  ========  =====  ======  ======
    cur       0  current       750000
    d1        1  1-30         2000000  no (1 is not > 1)
    d2        2  1-30         3000000  yes
    d30      30  1-30         1500000  yes    no
    d31      31  31-60         500000  yes    yes
    d90      90  61-90        1200000  yes    yes     no
    d91      91  91-180       1000000  yes    yes     yes
    d200    200  over-180      250000  yes    yes     yes
    ======  ===  ==========  ========  =====  ======  ======

    Total 10,200,000. PAR1 = 7,450,000 / 10,200,000 = 73.0392 % -> 73.04; PAR30 =
    2,950,000 / 10,200,000 = 28.9215 % -> 28.92; PAR90 = 1,250,000 / 10,200,000 = 12.2549 % -> 12.25.
    """
    mentor, mentor2 = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    trainee_user = factory.user(Role.TRAINEE)
    people = {}
    spec = {
        # key: (dpd, outstanding, kwargs for the loan, trainee overrides)
        "cur": (0, 750_000, {}, dict(mentor_id=mentor.id, user_id=trainee_user.id)),
        "d1": (1, 2_000_000, {}, dict(mentor_id=mentor.id)),
        "d2": (2, 3_000_000, dict(product="monthly"), dict(mentor_id=mentor2.id)),
        "d30": (30, 1_500_000, dict(source="csr"), dict(kelurahan_code="32.73.02.1004")),
        "d31": (31, 500_000, dict(officer="officer2"), {}),
        "d90": (90, 1_200_000, {}, dict(kelurahan_code="32.73.02.1004")),
        "d91": (91, 1_000_000, dict(product="monthly", source="csr"), {}),
        "d200": (200, 250_000, dict(officer="officer2"), dict(mentor_id=mentor.id)),
        "wo": (300, 800_000, dict(status=LoanStatus.WRITTEN_OFF.value), dict(mentor_id=mentor.id)),
    }
    loans = {}
    for key, (dpd, outstanding, loan_kwargs, trainee_kwargs) in spec.items():
        people[key] = factory.trainee(full_name=f"Peserta {key.upper()}", **trainee_kwargs)
        kwargs = dict(loan_kwargs)
        if "product" in kwargs:
            kwargs["product"] = getattr(book, kwargs["product"])
        if "source" in kwargs:
            kwargs["source"] = getattr(book, kwargs["source"])
        if "officer" in kwargs:
            kwargs["officer"] = getattr(book, kwargs["officer"])
        loans[key] = book.loan_with_dpd(people[key], dpd, outstanding, **kwargs)
    # closed: everything paid; never listed
    people["closed"] = factory.trainee(full_name="Peserta CLOSED")
    loans["closed"] = book.loan(people["closed"], [(date(2026, 3, 1), 500_000, 20_000, 500_000, 20_000)],
                                status=LoanStatus.CLOSED.value)
    db.session.commit()
    return dict(loans=loans, people=people, mentor=mentor, mentor2=mentor2, trainee_user=trainee_user)


def test_bucket_ranges_agree_with_the_schedule_module():
    for days in range(0, 401):
        [name] = [n for n, low, high in pf.BUCKET_RANGES if low <= days and (high is None or days <= high)]
        assert name == ageing_bucket(days), days


def test_percent_is_half_even_to_two_places_and_zero_without_a_portfolio():
    assert pf.percent(D(12345), D(100000)) == D("12.34")  # 12.345 -> 12.34 (HALF_UP would say 12.35)
    assert pf.percent(D(12355), D(100000)) == D("12.36")
    assert pf.percent(D(0), D(0)) == D("0.00")


def test_par_buckets_and_totals_match_the_hand_computation(portfolio_book, factory):
    admin = factory.user(Role.ADMIN)
    report = pf.portfolio(admin, PortfolioFilters(), as_of=AS_OF)
    assert report.par == {1: D("73.04"), 30: D("28.92"), 90: D("12.25")}
    assert report.par_amounts == {1: _d(7_450_000), 30: _d(2_950_000), 90: _d(1_250_000)}
    totals = report.totals
    assert totals.loans == 8
    assert totals.principal_outstanding == _d(10_200_000)
    # each loan: 100,000 paid principal + its outstanding; interest 10,000 unpaid per open instalment
    assert totals.principal == _d(10_200_000 + 8 * 100_000)
    assert totals.total_outstanding == _d(10_200_000 + 8 * 2 * 10_000)
    assert (totals.written_off_loans, totals.written_off_principal_outstanding) == (1, _d(800_000))
    buckets = {b.name: (b.loans, b.principal_outstanding) for b in report.buckets}
    assert [b.name for b in report.buckets] == list(pf.BUCKETS)
    assert buckets == {
        "current": (1, _d(750_000)), "1-30": (3, _d(6_500_000)), "31-60": (1, _d(500_000)),
        "61-90": (1, _d(1_200_000)), "91-180": (1, _d(1_000_000)), "over-180": (1, _d(250_000)),
    }
    assert sum(b.principal_outstanding for b in report.buckets) == totals.principal_outstanding
    shares = {b.name: b.share for b in report.buckets}
    assert shares["1-30"] == D("63.73")  # 6.5 / 10.2 = 63.7254...

    loans = portfolio_book["loans"]
    by_id = {row.loan_id: row for row in report.rows}
    assert report.row_count == len(report.rows) == 9  # eight active + the written-off one; not the closed one
    assert loans["closed"].id not in by_id
    expected_dpd = {"cur": 0, "d1": 1, "d2": 2, "d30": 30, "d31": 31, "d90": 90, "d91": 91, "d200": 200, "wo": 300}
    for key, dpd in expected_dpd.items():
        row = by_id[loans[key].id]
        assert row.days_past_due == dpd and row.bucket == ageing_bucket(dpd), key
        assert row.is_written_off == (key == "wo")
    # most days past due first, the current loan last
    assert [row.days_past_due for row in report.rows] == sorted(expected_dpd.values(), reverse=True)
    d30 = by_id[loans["d30"].id]
    assert (d30.trainee_name, d30.kecamatan, d30.funding_source, d30.product, d30.officer) == (
        "Peserta D30", "Coblong", "CSR Mitra", "Mekar Mingguan", "Asep Petugas")
    assert d30.phone.startswith("+62") and d30.principal_outstanding == _d(1_500_000)


def test_an_instalment_due_today_is_not_late_and_fees_count_in_the_total(book, factory):
    trainee = factory.trainee()
    loan = book.loan(trainee, [
        (AS_OF - timedelta(days=7), 100_000, 5_000, 100_000, 5_000, 0),
        (AS_OF, 100_000, 5_000, 0, 0, 25_000),  # due today: DPD still 0
    ])
    # partly paid interest on an overdue instalment still makes it overdue
    other = book.loan(factory.trainee(), [(AS_OF - timedelta(days=3), 100_000, 5_000, 100_000, 4_999)])
    db.session.commit()
    report = pf.portfolio(factory.user(Role.ADMIN), PortfolioFilters(), as_of=AS_OF)
    rows = {row.loan_id: row for row in report.rows}
    assert (rows[loan.id].days_past_due, rows[loan.id].total_outstanding) == (0, _d(130_000))
    # principal fully paid: in arrears (1 rupiah of interest) but zero principal at risk
    assert (rows[other.id].days_past_due, rows[other.id].principal_outstanding) == (3, _d(0))
    assert report.par == {1: D("0.00"), 30: D("0.00"), 90: D("0.00")}


def test_empty_portfolio_reports_zero(factory):
    report = pf.portfolio(factory.user(Role.ADMIN), PortfolioFilters(), as_of=AS_OF)
    assert report.rows == [] and report.totals.loans == 0
    assert report.par == {1: D("0.00"), 30: D("0.00"), 90: D("0.00")}
    assert all(b.loans == 0 and b.share == D("0.00") for b in report.buckets)


@pytest.mark.parametrize("field, value, expected, par30", [
    ("product_id", "monthly", {"d2", "d91"}, D("25.00")),  # 1.0 / 4.0
    ("funding_source_id", "csr", {"d30", "d91"}, D("40.00")),  # 1.0 / 2.5
    ("officer_id", "officer2", {"d31", "d200"}, D("100.00")),
    ("kecamatan", "32.73.02", {"d30", "d90"}, D("44.44")),  # 1.2 / 2.7
])
def test_filters_narrow_rows_totals_and_par(portfolio_book, book, factory, field, value, expected, par30):
    if field != "kecamatan":
        value = getattr(book, value).id
    report = pf.portfolio(factory.user(Role.OFFICER), PortfolioFilters(**{field: value}), as_of=AS_OF)
    loans = portfolio_book["loans"]
    assert {row.loan_id for row in report.rows} == {loans[k].id for k in expected}
    assert report.totals.loans == len(expected)
    assert report.par[30] == par30


def test_bucket_filter_lists_that_bucket_but_keeps_the_portfolio_totals(portfolio_book, factory):
    admin = factory.user(Role.ADMIN)
    loans = portfolio_book["loans"]
    everything = pf.portfolio(admin, PortfolioFilters(), as_of=AS_OF)
    for bucket, keys in {
        "current": {"cur"}, "1-30": {"d1", "d2", "d30"}, "31-60": {"d31"}, "61-90": {"d90"},
        "91-180": {"d91"}, "over-180": {"d200"}, pf.WRITTEN_OFF: {"wo"},
    }.items():
        report = pf.portfolio(admin, PortfolioFilters(bucket=bucket), as_of=AS_OF)
        assert {row.loan_id for row in report.rows} == {loans[k].id for k in keys}, bucket
        assert report.row_count == len(keys)
        assert report.par == everything.par and report.totals == everything.totals
    with pytest.raises(ValueError):
        pf.portfolio(admin, PortfolioFilters(bucket="2-3"), as_of=AS_OF)


def test_limit_and_offset_page_the_rows(portfolio_book, factory):
    admin = factory.user(Role.ADMIN)
    everything = pf.portfolio(admin, PortfolioFilters(), as_of=AS_OF).rows
    page = pf.portfolio(admin, PortfolioFilters(), as_of=AS_OF, limit=4, offset=4)
    assert page.rows == everything[4:8] and page.row_count == 9


def test_mentor_sees_their_trainees_loans_and_trainee_only_their_own(portfolio_book):
    loans = portfolio_book["loans"]
    mentor_report = pf.portfolio(portfolio_book["mentor"], PortfolioFilters(), as_of=AS_OF)
    assert {r.loan_id for r in mentor_report.rows} == {loans[k].id for k in ("cur", "d1", "d200", "wo")}
    # 250,000 of 3,000,000 more than 30 days late
    assert mentor_report.totals.principal_outstanding == _d(3_000_000)
    assert mentor_report.par[30] == D("8.33")
    own = pf.portfolio(portfolio_book["trainee_user"], PortfolioFilters(), as_of=AS_OF)
    assert [r.loan_id for r in own.rows] == [loans["cur"].id]
    assert [r.loan_id for r in pf.collection_list(portfolio_book["trainee_user"], as_of=AS_OF)] == [loans["cur"].id]


def test_collection_list_has_overdue_and_this_weeks_instalments(portfolio_book, book, factory):
    loans = portfolio_book["loans"]
    officer = factory.user(Role.OFFICER)
    rows = pf.collection_list(officer, as_of=AS_OF)
    # one overdue instalment per late loan, the current loan's instalment due in 3 days;
    # not the written-off or closed loans, not instalments due in 30 days
    expected = {(loans[k].id, 2) for k in ("cur", "d1", "d2", "d30", "d31", "d90", "d91", "d200")}
    assert {(r.loan_id, r.installment_number) for r in rows} == expected
    assert [r.due_on for r in rows] == sorted(r.due_on for r in rows)
    by_loan = {r.loan_id: r for r in rows}
    cur, d200 = by_loan[loans["cur"].id], by_loan[loans["d200"].id]
    assert (cur.days_late, cur.due_on, cur.amount_outstanding) == (0, AS_OF + timedelta(days=3), _d(375_000 + 10_000))
    assert (d200.days_late, d200.amount_outstanding) == (200, _d(125_000 + 10_000))
    assert cur.trainee_name == "Peserta CUR" and cur.phone.startswith("+62") and cur.kecamatan == "Sukasari"
    # the week ends at AS_OF + 6: an instalment due on day 7 is not listed
    rows_later = pf.collection_list(officer, as_of=AS_OF - timedelta(days=4))
    assert loans["cur"].id not in {r.loan_id for r in rows_later}
    mine = pf.collection_list(officer, as_of=AS_OF, officer_id=book.officer2.id)
    assert {r.loan_id for r in mine} == {loans["d31"].id, loans["d200"].id}
    mentor_rows = pf.collection_list(portfolio_book["mentor"], as_of=AS_OF)
    assert {r.loan_id for r in mentor_rows} == {loans[k].id for k in ("cur", "d1", "d200")}


def test_collection_list_pages_with_a_total(portfolio_book, factory):
    officer = factory.user(Role.OFFICER)
    everything = pf.collection_list(officer, as_of=AS_OF)
    assert isinstance(everything, list) and everything.total == len(everything) == 8
    pages = [pf.collection_list(officer, as_of=AS_OF, limit=3, offset=offset) for offset in (0, 3, 6, 9)]
    assert [len(page) for page in pages] == [3, 3, 2, 0]
    assert all(page.total == 8 for page in pages)
    assert [row for page in pages for row in page] == everything
    mine = pf.collection_list(officer, as_of=AS_OF, officer_id=portfolio_book["loans"]["d31"].officer_id, limit=1)
    assert len(mine) == 1 and mine.total == 2


def test_collection_list_skips_paid_instalments_even_without_paid_on(book, factory):
    # a zero instalment after an unpaid one keeps paid_on NULL (allocation rule) but owes nothing
    loan = book.loan(factory.trainee(), [
        (AS_OF - timedelta(days=14), 100_000, 5_000, 0, 0),
        (AS_OF - timedelta(days=7), 0, 0, 0, 0),
    ])
    zero = db.session.scalars(select(LoanInstallment).where(LoanInstallment.loan_id == loan.id,
                                                            LoanInstallment.number == 2)).one()
    zero.paid_on = None
    db.session.commit()
    rows = pf.collection_list(factory.user(Role.ADMIN), as_of=AS_OF)
    assert [(r.loan_id, r.installment_number) for r in rows] == [(loan.id, 1)]


def _count_statements(fn):
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MENTOR])
def test_statement_count_does_not_grow_with_the_number_of_loans(book, factory, role):
    user = factory.user(role)
    counts = {}
    made = 0
    for size in (3, 30):
        while made < size:
            trainee = factory.trainee(mentor_id=user.id if role is Role.MENTOR else None)
            book.loan_with_dpd(trainee, [0, 5, 45, 100, 400][made % 5], 1_000_000 + made * 1000,
                               status=LoanStatus.WRITTEN_OFF.value if made % 7 == 6 else LoanStatus.ACTIVE.value)
            made += 1
        db.session.commit()
        user.role  # noqa: B018 - load the expired user outside the count
        counts[size] = (
            _count_statements(lambda: pf.portfolio(user, PortfolioFilters(), as_of=AS_OF)),
            _count_statements(lambda: pf.portfolio(user, PortfolioFilters(bucket="31-60", kecamatan="32.73.01"),
                                                   as_of=AS_OF)),
            _count_statements(lambda: pf.collection_list(user, as_of=AS_OF)),
            _count_statements(lambda: pf.collection_list(user, as_of=AS_OF, limit=5, offset=5)),
        )
        report = pf.portfolio(user, PortfolioFilters(), as_of=AS_OF)
        assert report.row_count == size
    assert counts[3] == counts[30] == (2, 2, 1, 2)


def test_csv_and_xlsx_exports_read_back(portfolio_book, factory):
    report = pf.portfolio(factory.user(Role.ADMIN), PortfolioFilters(), as_of=AS_OF)
    body = "".join(pf.export_csv(report))
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(pf.EXPORT_COLUMNS)
    assert len(rows) == 9
    wo = next(r for r in rows if r["loan_id"] == str(portfolio_book["loans"]["wo"].id))
    assert (wo["days_past_due"], wo["bucket"], wo["status"]) == ("300", "over-180", str(LoanStatus.WRITTEN_OFF.label))
    assert wo["principal_outstanding"] == "800000.00"

    sheet = load_workbook(io.BytesIO(pf.export_xlsx(report))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == list(pf.EXPORT_COLUMNS)
    by_id = {row[0]: dict(zip(pf.EXPORT_COLUMNS, row)) for row in values[1:]}
    d30 = by_id[portfolio_book["loans"]["d30"].id]
    assert d30["principal_outstanding"] == 1_500_000 and d30["days_past_due"] == 30
    assert d30["kecamatan"] == "Coblong"


def test_exports_neutralise_formulas(book, factory):
    evil = book.product('=HYPERLINK("http://x","klik")')
    book.loan(factory.trainee(), [(AS_OF + timedelta(days=5), 100_000, 1_000, 0, 0)], product=evil)
    db.session.commit()
    report = pf.portfolio(factory.user(Role.ADMIN), PortfolioFilters(), as_of=AS_OF)
    body = "".join(pf.export_csv(report))
    [row] = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert row["product"] == "'" + evil.name
    assert row["phone"].startswith("+62")  # a phone number is not a formula: left alone
    sheet = load_workbook(io.BytesIO(pf.export_xlsx(report))).active
    cell = list(sheet.iter_rows())[1][pf.EXPORT_COLUMNS.index("product")]
    assert cell.data_type == "s" and cell.value == evil.name
