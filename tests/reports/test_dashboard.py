"""The programme dashboard's figures (reports.dashboard): checked against hand counts and
against independent hand-written SQL over the instalments; segments add up; the previous
period; age bands at their boundaries; the cache; a constant number of statements.
Runs on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Date, bindparam, text

from accounts.models import Role
from complaints import services as complaint_services
from complaints.models import Complaint
from complaints.stats import figures as complaint_figures
from extensions import db
from loans import services as loan_services
from loans.models import Loan
from reports import dashboard as dash
from reports.dashboard import AGE_BANDS, DIMENSIONS, MAP_FIGURES, Row
from reports.models import Assessment
from tests.reports.test_services import KEC_A, KEL_A, count_statements, make_loan, other_kelurahan, pay
from trainees.models import Sector

D = Decimal
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
START, END = date(2026, 9, 1), date(2026, 11, 27)  # 88 days, to date
PREV_START, PREV_END = date(2026, 6, 5), date(2026, 8, 31)
SUMMED = Row._SUMMED


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    dash.clear_cache()
    with force_locale("en"):
        yield
    dash.clear_cache()


def pay_on(loan, numbers, *, actor, on=None, late_days=0):
    """Pay instalments ``numbers`` in full, each on ``on`` or ``late_days`` after its due date."""
    for row in sorted(loan.installments, key=lambda r: r.number):
        if row.number in numbers:
            pay(loan, row.total_due, on=on or row.due_on + timedelta(days=late_days), actor=actor)


@pytest.fixture
def seeded(factory):
    """Trainees in kecamatan A and B; loans in and out of both periods, one more than 30
    days late now (and not at the previous period's end), one late at the previous
    period's end and closed since, one written off, one closed before, one just disbursed."""
    admin = factory.admin
    officer = factory.user(Role.OFFICER)
    kel_b = other_kelurahan().code

    def trainee(kel, poverty, gender, joined_on, born_on, graduated_on=None, business=True):
        extra = {} if business else {"business": None}
        t = factory.trainee(kelurahan_code=kel, poverty_status=poverty, gender=gender, joined_on=joined_on,
                            consent_on=joined_on, born_on=born_on, **extra)
        if graduated_on is not None:
            t.graduated_on, t.graduated_by_id = graduated_on, admin.id
            db.session.commit()
        return t

    t = {
        "A1": trainee(KEL_A, "extreme_poor", "F", date(2026, 1, 15), date(1980, 5, 1)),
        "A2": trainee(KEL_A, "poor", "M", date(2026, 9, 10), date(2003, 1, 1), business=False),  # new now
        "A3": trainee(KEL_A, "near_poor", "F", date(2026, 2, 1), date(1990, 1, 1), graduated_on=date(2026, 7, 15)),
        "B1": trainee(kel_b, "extreme_poor", "M", date(2026, 1, 15), date(1965, 3, 3)),
        "B2": trainee(kel_b, "poor", "F", date(2026, 6, 20), date(1995, 7, 7)),  # new in the previous period
        "B3": trainee(kel_b, "vulnerable", "F", date(2026, 10, 1), date(1999, 12, 31)),  # new now
    }
    loans = {}
    # A1: Mar-Jul paid on time, 10 Aug unpaid: 21 days late on 31 Aug, 109 days now
    loans["L1"] = make_loan(factory, t["A1"], on=date(2026, 2, 10), amount=5_000_000, term=12)
    pay_on(loans["L1"], {1, 2, 3, 4, 5}, actor=officer)
    # B1: due 20 May, 20 Jun, 20 Jul; the last paid on 10 Sep: 42 days late on 31 Aug, closed since
    loans["L5"] = make_loan(factory, t["B1"], on=date(2026, 4, 20), amount=1_000_000, term=3)
    pay_on(loans["L5"], {1, 2}, actor=officer)
    pay_on(loans["L5"], {3}, actor=officer, on=date(2026, 9, 10))
    # B1 again, in the current period; October paid
    loans["L2"] = make_loan(factory, t["B1"], on=date(2026, 9, 15), amount=3_000_000, term=6)
    pay_on(loans["L2"], {1}, actor=officer)
    # B2: in the previous period, never paid (first due 1 Aug: exactly 30 days on 31 Aug,
    # not more), written off 1 Nov
    loans["L3"] = make_loan(factory, t["B2"], on=date(2026, 7, 1), amount=2_000_000, term=6)
    loan_services.write_off(loans["L3"], actor=admin, on=date(2026, 11, 1), reason="Usaha tutup")
    db.session.commit()
    # A3: repaid in full before either period's end
    loans["L4"] = make_loan(factory, t["A3"], on=date(2026, 3, 1), amount=1_000_000, term=3)
    pay_on(loans["L4"], {1, 2, 3}, actor=officer)
    # A2: just disbursed, nothing due yet
    loans["L6"] = make_loan(factory, t["A2"], on=date(2026, 11, 20), amount=1_500_000, term=6)

    factory.mentor_session([t["A1"]], mentor=admin, held_on=date(2026, 9, 5))
    factory.mentor_session([t["A1"]], mentor=admin, held_on=date(2026, 10, 5))
    factory.mentor_session([t["A1"], t["B1"]], mentor=admin, held_on=date(2026, 7, 10), absent=[t["B1"].id])
    factory.mentor_session([t["B3"]], mentor=admin, held_on=date(2026, 11, 2))

    for trainee_, as_of, band in ((t["A1"], date(2026, 8, 31), "rentan"), (t["A1"], date(2026, 11, 1), "mandiri"),
                                  (t["B1"], date(2026, 12, 1), "mandiri")):  # B1's: after as_of, ignored
        db.session.add(Assessment(trainee_id=trainee_.id, as_of=as_of, method_version="v1", inputs_digest="x" * 64,
                                  score=None, band=band, weights_known=0, results={}))
    db.session.commit()
    return t, {k: db.session.get(Loan, v.id) for k, v in loans.items()}


# --- independent SQL ------------------------------------------------------------------

def _sql(statement: str, **params):
    dates = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    return db.session.execute(text(statement).bindparams(*dates), params).all()


def _rupiah(sen) -> Decimal:
    return (D(int(sen or 0)) / 100).quantize(D("0.01"))


def sql_portfolio_now(as_of: date) -> dict[str | None, tuple[Decimal, Decimal]]:
    """(outstanding, PAR30 amount) per kecamatan and in total (key None) of the loans
    active now, from the instalments (principal due − paid; late = an instalment with
    scheduled principal + interest + fee not fully paid, due more than 30 days ago)."""
    rows = _sql("""
        WITH per_loan AS (
            SELECT l.id, t.kecamatan_code AS k,
                   SUM(i.principal_due - i.principal_paid) AS outstanding,
                   MAX(CASE WHEN i.due_on < :cutoff
                             AND i.principal_due + i.interest_due + i.fee_due
                                 > i.principal_paid + i.interest_paid + i.fee_paid
                            THEN 1 ELSE 0 END) AS late
            FROM loan l JOIN trainee t ON t.id = l.trainee_id JOIN loan_installment i ON i.loan_id = l.id
            WHERE l.status = 'active' AND l.disbursed_on <= :as_of
            GROUP BY l.id, t.kecamatan_code)
        SELECT k, SUM(outstanding), SUM(CASE WHEN late = 1 THEN outstanding ELSE 0 END)
        FROM per_loan GROUP BY k""", cutoff=as_of - timedelta(days=30), as_of=as_of)
    return _with_total({k: (_rupiah(o), _rupiah(p)) for k, o, p in rows})


def sql_portfolio_on(day: date) -> dict[str | None, tuple[Decimal, Decimal]]:
    """The same on an earlier ``day``, from the instalments' ``paid_on`` (the seeded loans
    are only ever paid whole instalments): active that day = disbursed, not closed or
    written off by then; outstanding = principal − principal of instalments paid by then."""
    rows = _sql("""
        WITH per_loan AS (
            SELECT l.id, t.kecamatan_code AS k, l.principal
                     - SUM(CASE WHEN i.paid_on <= :day THEN i.principal_due ELSE 0 END) AS outstanding,
                   MAX(CASE WHEN i.due_on < :cutoff AND (i.paid_on IS NULL OR i.paid_on > :day)
                            THEN 1 ELSE 0 END) AS late
            FROM loan l JOIN trainee t ON t.id = l.trainee_id JOIN loan_installment i ON i.loan_id = l.id
            WHERE l.disbursed_on <= :day AND (l.closed_on IS NULL OR l.closed_on > :day)
              AND (l.written_off_on IS NULL OR l.written_off_on > :day)
            GROUP BY l.id, t.kecamatan_code, l.principal)
        SELECT k, SUM(outstanding), SUM(CASE WHEN late = 1 THEN outstanding ELSE 0 END)
        FROM per_loan GROUP BY k""", day=day, cutoff=day - timedelta(days=30))
    return _with_total({k: (_rupiah(o), _rupiah(p)) for k, o, p in rows})


def sql_disbursed(start: date, end: date) -> dict[str | None, tuple[int, Decimal]]:
    rows = _sql("""
        SELECT t.kecamatan_code, COUNT(*), SUM(l.principal) FROM loan l JOIN trainee t ON t.id = l.trainee_id
        WHERE l.disbursed_on BETWEEN :start AND :end GROUP BY t.kecamatan_code""", start=start, end=end)
    return _with_total({k: (int(n), _rupiah(s)) for k, n, s in rows})


def _with_total(by_kecamatan: dict) -> dict:
    total = None
    for value in by_kecamatan.values():
        total = value if total is None else tuple(a + b for a, b in zip(total, value))
    return {**by_kecamatan, None: total}


def _by_key(rows) -> dict:
    return {r.key: r for r in rows}


# --- agreement with SQL and hand counts ---------------------------------------------


def test_portfolio_and_disbursements_agree_with_hand_written_sql(seeded):
    t, loans = seeded
    kec_b = t["B1"].kecamatan_code
    d = dash.dashboard(START, END, as_of=TODAY, now=NOW)
    rows, previous = _by_key(d.rows), _by_key(d.previous_rows)

    now = sql_portfolio_now(TODAY)
    before = sql_portfolio_on(PREV_END)
    disbursed, disbursed_before = sql_disbursed(START, END), sql_disbursed(PREV_START, PREV_END)
    for key, row, prev in ((None, d.totals, d.previous), (KEC_A, rows[KEC_A], previous[KEC_A]),
                           (kec_b, rows[kec_b], previous[kec_b])):
        assert (row.principal_outstanding, row.par30_amount) == now[key], key
        assert (prev.principal_outstanding, prev.par30_amount) == before[key], key
        assert (row.loans_disbursed, row.amount_disbursed) == disbursed[key], key
        assert (prev.loans_disbursed, prev.amount_disbursed) == disbursed_before.get(key, (0, D(0))), key
        assert row.par30 == (row.par30_amount * 100 / row.principal_outstanding).quantize(D("0.01"))

    # and the SQL describes what the seed says (so neither side is vacuous)
    l1, l2, l6 = loans["L1"], loans["L2"], loans["L6"]
    l1_out = D(5_000_000) - sum(r.principal_due for r in l1.installments if r.number <= 5)
    l2_out = D(3_000_000) - l2.installments[0].principal_due
    assert now[KEC_A] == (l1_out + D(1_500_000), l1_out)  # L1 late 109 days; L6 new
    assert now[kec_b] == (l2_out, D(0))  # L2 on time; L3 written off; L5 closed
    assert before[KEC_A] == (l1_out, D(0))  # L1 only 21 days late on 31 Aug; L4 closed in June
    l5_out = loans["L5"].installments[2].principal_due
    assert before[kec_b] == (l5_out + D(2_000_000), l5_out)  # L5 42 days late; L3 exactly 30: not at risk
    assert disbursed[KEC_A] == (1, D(1_500_000)) and disbursed[kec_b] == (1, D(3_000_000))
    assert disbursed_before == {kec_b: (1, D(2_000_000)), None: (1, D(2_000_000))}
    assert (d.totals.active_loans, d.previous.active_loans) == (3, 3)  # L1 L2 L6; L1 L5 L3


def test_hand_counts_of_trainees_repayment_sessions_bands(seeded):
    t, loans = seeded
    kec_b = t["B1"].kecamatan_code
    d = dash.dashboard(START, END, as_of=TODAY, now=NOW)
    a, b = _by_key(d.rows)[KEC_A], _by_key(d.rows)[kec_b]
    pa, pb = _by_key(d.previous_rows)[KEC_A], _by_key(d.previous_rows)[kec_b]
    assert (a.trainees, a.new_trainees, a.graduated, a.extreme_poor) == (2, 1, 0, 1)  # A1 A2
    assert (pa.trainees, pa.new_trainees, pa.graduated, pa.extreme_poor) == (2, 0, 1, 1)  # A1 A3
    assert (b.trainees, b.new_trainees, b.graduated, b.extreme_poor) == (3, 1, 0, 1)
    assert (pb.trainees, pb.new_trainees, pb.graduated) == (2, 1, 0)  # B1 B2
    assert a.extreme_poor_share == D("50.00") and d.totals.extreme_poor_share == D("40.00")

    # repayment: instalments due 1 Sep - 26 Nov; paid so far
    def due_paid(start, end):
        due = paid = D(0)
        for loan in loans.values():
            for r in loan.installments:
                if start <= r.due_on <= end:
                    due += r.principal_due + r.interest_due + r.fee_due
                    paid += r.principal_paid + r.interest_paid + r.fee_paid
        return due, paid

    assert (d.totals.amount_due, d.totals.amount_collected) == due_paid(START, TODAY - timedelta(days=1))
    assert (d.previous.amount_due, d.previous.amount_collected) == due_paid(PREV_START, PREV_END)
    assert d.totals.repayment_rate == (d.totals.amount_collected * 100 / d.totals.amount_due).quantize(D("0.01"))

    # sessions: A1 twice now, once before (B1 absent); B3 once now
    assert (a.sessions_attended, b.sessions_attended, pa.sessions_attended, pb.sessions_attended) == (2, 1, 1, 0)
    months = D(88) / D("30.4375")
    assert d.totals.sessions_per_trainee_month == (D(3) / 5 / months).quantize(D("0.01"))
    assert d.previous.sessions_per_trainee_month == (D(1) / 4 / months).quantize(D("0.01"))

    # bands: A1 mandiri now (1 Nov), rentan on 31 Aug; B1's December snapshot is after as_of
    assert a.bands["mandiri"] == 1 and a.bands["not_assessed"] == 1
    assert pa.bands["rentan"] == 1 and pa.bands["not_assessed"] == 1
    assert d.totals.bands["mandiri"] == 1 and d.totals.bands["not_assessed"] == 4
    assert d.totals.mandiri_share == D("20.00")


def test_rows_add_up_to_totals_in_every_dimension(seeded):
    for dimension in DIMENSIONS:
        d = dash.dashboard(START, END, as_of=TODAY, dimension=dimension, now=NOW)
        for rows, totals in ((d.rows, d.totals), (d.previous_rows, d.previous)):
            assert [r.key for r in rows] == [r.key for r in d.rows]
            for name in SUMMED:
                assert sum(getattr(r, name) for r in rows) == getattr(totals, name), (dimension, name)
            for band, n in totals.bands.items():
                assert sum(r.bands[band] for r in rows) == n
        assert d.totals.trainees == 5 and d.previous.trainees == 4
    kecamatan = dash.dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW)
    assert len(kecamatan.rows) == 30 and [r.key for r in kecamatan.rows] == sorted(r.key for r in kecamatan.rows)
    assert all(r.trainees == 0 and r.par30 is None and r.repayment_rate is None
               for r in kecamatan.rows if r.key not in (KEC_A, seeded[0]["B1"].kecamatan_code))


def test_segments_gender_poverty_sector(seeded):
    t, loans = seeded
    by_gender = _by_key(dash.dashboard(START, END, as_of=TODAY, dimension="gender", now=NOW).rows)
    assert list(by_gender) == ["M", "F"]
    assert (by_gender["M"].trainees, by_gender["F"].trainees) == (2, 3)  # A2 B1; A1 B2 B3
    assert by_gender["F"].par30_amount == loans["L1"].principal_outstanding
    by_poverty = _by_key(dash.dashboard(START, END, as_of=TODAY, dimension="poverty", now=NOW).rows)
    assert list(by_poverty) == ["extreme_poor", "poor", "near_poor", "vulnerable"]
    assert [r.trainees for r in by_poverty.values()] == [2, 2, 0, 1]
    assert by_poverty["extreme_poor"].extreme_poor_share == D("100.00")
    by_sector = dash.dashboard(START, END, as_of=TODAY, dimension="sector", now=NOW).rows
    assert [r.key for r in by_sector] == [s.value for s in Sector] + [None]
    none_row = by_sector[-1]
    assert str(none_row.label) == "No business recorded"
    assert (none_row.trainees, none_row.loans_disbursed, none_row.amount_disbursed) == (1, 1, D(1_500_000))  # A2
    assert _by_key(by_sector)["food"].trainees == 4


def test_previous_period_is_as_long_and_just_before():
    for start, end in ((START, END), (date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 1, 1)),
                       (date(2024, 3, 1), date(2024, 5, 31))):
        d = dash.dashboard(start, end, as_of=TODAY, now=NOW)
        assert d.previous_end == start - timedelta(days=1)
        assert (d.previous_end - d.previous_start) == (end - start)
    d = dash.dashboard(START, END, as_of=TODAY, now=NOW)
    assert (d.previous_start, d.previous_end) == (PREV_START, PREV_END)
    assert (d.portfolio_on, d.previous_portfolio_on) == (END, PREV_END)
    with pytest.raises(ValueError):
        dash.dashboard(END, START, as_of=TODAY, now=NOW)
    with pytest.raises(ValueError):
        dash.dashboard(START, END, as_of=TODAY, dimension="religion", now=NOW)


def test_a_past_period_rebuilds_its_portfolio_on_its_last_day(seeded):
    # the period ends before as_of: the portfolio is the one of its end, not today's
    d = dash.dashboard(date(2026, 6, 5), date(2026, 8, 31), as_of=TODAY, now=NOW)
    assert d.portfolio_on == date(2026, 8, 31)
    before = sql_portfolio_on(date(2026, 8, 31))[None]
    assert (d.totals.principal_outstanding, d.totals.par30_amount) == before
    assert (d.previous.principal_outstanding, d.previous.par30_amount) == sql_portfolio_on(date(2026, 6, 4))[None]


# --- age bands ------------------------------------------------------------------------


def test_age_bands_at_their_boundaries(factory):
    as_of = date(2026, 11, 27)
    born = {
        "24 tomorrow 25": date(2001, 11, 28), "25 today": date(2001, 11, 27), "34": date(1991, 11, 28),
        "35 today": date(1991, 11, 27), "44": date(1981, 11, 28), "45 today": date(1981, 11, 27),
        "54": date(1971, 11, 28), "55 today": date(1971, 11, 27), "old": date(1950, 1, 1),
    }
    expected = {"24 tomorrow 25": "<25", "25 today": "25-34", "34": "25-34", "35 today": "35-44", "44": "35-44",
                "45 today": "45-54", "54": "45-54", "55 today": "55+", "old": "55+"}
    for name, born_on in born.items():
        assert dash.age_band(born_on, as_of) == expected[name], name
        factory.trainee(born_on=born_on, joined_on=date(2026, 1, 15))
    d = dash.dashboard(date(2026, 11, 1), date(2026, 11, 27), as_of=as_of, dimension="age_band", now=NOW)
    assert [r.key for r in d.rows] == list(AGE_BANDS)
    assert {r.key: r.trainees for r in d.rows} == {"<25": 1, "25-34": 2, "35-44": 2, "45-54": 2, "55+": 2}
    # 29 February: 25 on 1 March of a year without one (the day after 28 February)
    assert dash.age_band(date(2000, 2, 29), date(2025, 2, 28)) == "<25"
    assert dash.age_band(date(2000, 2, 29), date(2025, 3, 1)) == "25-34"
    assert dash.age_band(date(2003, 2, 28), date(2028, 2, 29)) == "25-34"
    assert dash.age_band(date(2000, 2, 29), date(2024, 2, 28)) == "<25"


# --- training and complaints --------------------------------------------------------


def test_completion_rate_counts_cohorts_completed_in_the_period(factory):
    factory.completed_enrolment()  # cohort completed 2 Mar 2026 (Bandung)
    from training import services as training_services

    cohort = factory.cohort()
    done, missed = factory.enrolment(cohort=cohort), factory.enrolment(cohort=cohort)
    training_services.record_session(cohort, held_on=cohort.starts_on, topic="Pemasaran", duration_minutes=120,
                                     present_enrolment_ids={done.id, missed.id}, actor=factory.admin,
                                     today=cohort.starts_on)
    training_services.mark_business_plan(done, True, actor=factory.admin, on=cohort.starts_on)
    training_services.complete_cohort(cohort, actor=factory.admin,
                                      now=datetime(2026, 2, 27, 18, 0, tzinfo=timezone.utc))
    db.session.commit()  # 28 Feb 01:00 in Bandung: the previous month
    d = dash.dashboard(date(2026, 3, 1), date(2026, 3, 31), as_of=TODAY, now=NOW)
    totals = d.totals
    assert (totals.enrolments_finished, totals.enrolments_completed, totals.completion_rate) == (1, 1, D("100.00"))
    assert (d.previous.enrolments_finished, d.previous.enrolments_completed) == (2, 1)
    assert d.previous.completion_rate == D("50.00")
    later = dash.dashboard(date(2026, 4, 1), date(2026, 4, 30), as_of=TODAY, now=NOW)
    assert later.totals.completion_rate is None and later.totals.enrolments_finished == 0


def test_complaints_count_in_their_trainees_row_and_all_in_the_totals(seeded, factory):
    t, _loans = seeded
    linked = factory.complaint(trainee=t["A1"], status="answered", now=datetime(2026, 9, 2, 2, 0, tzinfo=timezone.utc))
    factory.complaint(status="closed", now=datetime(2026, 10, 2, 2, 0, tzinfo=timezone.utc))
    factory.complaint(status="received", now=datetime(2026, 10, 5, 2, 0, tzinfo=timezone.utc))  # overdue now
    factory.complaint(trainee=t["B1"], status="verified", now=datetime(2026, 7, 1, 2, 0, tzinfo=timezone.utc))
    d = dash.dashboard(START, END, as_of=TODAY, now=NOW)
    current = list(db.session.scalars(db.select(Complaint).where(Complaint.received_on >= START)))
    expected = complaint_figures(current, today=TODAY, holidays=complaint_services.holidays())
    assert d.totals.complaints_received == 3
    decided = expected.sla_met + expected.sla_missed
    assert (d.totals.complaints_met, d.totals.complaints_due) == (expected.sla_met, decided)
    assert expected.sla_missed >= 1 and expected.sla_met >= 1
    assert d.totals.sla_compliance == (D(expected.sla_met) * 100 / decided).quantize(D("0.01"))
    rows = _by_key(d.rows)
    assert rows[KEC_A].complaints_received == 1 and linked.trainee_id == t["A1"].id
    assert sum(r.complaints_received for r in d.rows) == 1  # the others are nobody's
    assert d.previous.complaints_received == 1
    assert _by_key(d.previous_rows)[t["B1"].kecamatan_code].complaints_received == 1


# --- KPIs, map figures ----------------------------------------------------------------


def test_kpis_compare_with_the_previous_period(seeded):
    d = dash.dashboard(START, END, as_of=TODAY, now=NOW)
    kpis = {k.key: k for k in d.kpis}
    trainees = kpis["trainees"]
    assert (trainees.value, trainees.previous, trainees.kind, trainees.better) == (5, 4, "count", "up")
    assert trainees.change == D("25.00") and trainees.change_unit == "%" and trainees.improved is True
    par = kpis["par30"]
    assert (par.value, par.previous) == (d.totals.par30, d.previous.par30) and par.better == "down"
    assert par.change == d.totals.par30 - d.previous.par30 and par.change_unit == "pp"
    assert par.improved is (par.change < 0)
    assert kpis["amount_disbursed"].kind == "money" and kpis["sessions_per_trainee_month"].kind == "rate"
    assert kpis["sla_compliance"].value is None and kpis["sla_compliance"].change is None
    assert set(kpis) >= {"trainees", "new_trainees", "graduated", "extreme_poor_share", "completion_rate",
                         "loans_disbursed", "amount_disbursed", "principal_outstanding", "par30", "repayment_rate",
                         "sessions_per_trainee_month", "sla_compliance"}
    for name, (_label, kind, _worse) in MAP_FIGURES.items():
        assert hasattr(d.totals, name) and kind in ("count", "money", "percent", "rate")
    assert MAP_FIGURES["par30"][2] is True and MAP_FIGURES["repayment_rate"][2] is False


# --- cache, statements ----------------------------------------------------------------


def test_cache_returns_the_same_figures_within_max_age_and_recomputes_after(seeded, factory):
    first = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW, max_age_seconds=300)
    assert first.computed_at == NOW and first.cache_seconds == 300
    factory.trainee(joined_on=date(2026, 9, 3))
    statements, same = count_statements(lambda: dash.cached_dashboard(
        START, END, as_of=TODAY, dimension="kecamatan", now=NOW + timedelta(seconds=300), max_age_seconds=300))
    assert same is first and statements == 0
    other = dash.cached_dashboard(START, END, as_of=TODAY, dimension="gender", now=NOW, max_age_seconds=300)
    assert other is not first and other.dimension == "gender"
    fresh = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW + timedelta(seconds=301),
                                  max_age_seconds=300)
    assert fresh is not first and fresh.totals.trainees == first.totals.trainees + 1
    assert fresh.computed_at == NOW + timedelta(seconds=301)
    # refresh: this entry recomputed (and kept), the other dimension's left alone
    factory.trainee(joined_on=date(2026, 9, 4))
    refreshed = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW + timedelta(seconds=302),
                                      max_age_seconds=300, refresh=True)
    assert refreshed is not fresh and refreshed.totals.trainees == fresh.totals.trainees + 1
    assert dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW + timedelta(seconds=303),
                                 max_age_seconds=300) is refreshed
    assert dash.cached_dashboard(START, END, as_of=TODAY, dimension="gender", now=NOW + timedelta(seconds=60),
                                 max_age_seconds=300) is other
    dash.clear_cache()
    again = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW + timedelta(seconds=302),
                                  max_age_seconds=300)
    assert again is not refreshed
    # no cache at all
    a = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW, max_age_seconds=0)
    b = dash.cached_dashboard(START, END, as_of=TODAY, dimension="kecamatan", now=NOW, max_age_seconds=0)
    assert a is not b and a.cache_seconds == 0


def test_a_constant_number_of_statements(seeded, factory):
    t, _loans = seeded
    before = {dim: count_statements(lambda: dash.dashboard(START, END, as_of=TODAY, dimension=dim, now=NOW))[0]
              for dim in DIMENSIONS}
    admin = factory.admin
    kel_b = other_kelurahan().code
    for n in range(4):
        extra = factory.trainee(kelurahan_code=kel_b if n % 2 else KEL_A, joined_on=date(2026, 9, 1 + n),
                                consent_on=date(2026, 9, 1 + n))
        make_loan(factory, extra, on=date(2026, 9, 5 + n), amount=1_000_000, term=3)
        factory.mentor_session([extra, t["A1"]], mentor=admin, held_on=date(2026, 10, 1 + n))
        factory.complaint(trainee=extra, now=datetime(2026, 10, 1 + n, 2, 0, tzinfo=timezone.utc))
    admin.role  # noqa: B018
    after = {dim: count_statements(lambda: dash.dashboard(START, END, as_of=TODAY, dimension=dim, now=NOW))[0]
             for dim in DIMENSIONS}
    assert before == after
    tuning = 1 if db.engine.dialect.name == "postgresql" else 0  # the per-transaction set_config
    assert after == {dim: (7 if dim == "kecamatan" else 6) + tuning for dim in DIMENSIONS}
