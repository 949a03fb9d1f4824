"""partners.report: the partner's figures, computed again here from the instalment rows
with hand-written SQL (not the loans' summary columns the report reads), small-cell
merging and suppression, stories, and a constant number of statements."""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from sqlalchemy import text

from extensions import db
from loans import services as loan_services
from loans.portfolio import percent
from partners import report as partner_report_module
from partners.report import MIN_CELL, partner_report
from reports.models import Assessment
from tests.query_count import count_queries
from trainees.models import Kecamatan, Sector

AS_OF = date(2026, 11, 27)
SUKASARI_KEL, COBLONG_KEL, ANDIR_KEL = "32.73.01.1001", "32.73.02.1004", "32.73.03.1001"
BAND_KEYS = ("mandiri", "berkembang", "rentan", "data_kurang", "not_assessed")


@pytest.fixture
def make_loan(factory):
    shared = {}

    def make(*, amount=Decimal(5_000_000), on=date(2026, 1, 10), trainee=None, **trainee_fields):
        shared.setdefault("product", factory.product())
        shared.setdefault("source", factory.funding_source())
        trainee = trainee or factory.trainee(**trainee_fields)
        application = factory.application(trainee=trainee, product=shared["product"], approve=True,
                                          amount=amount, on=min(on, date(2026, 1, 5)))
        return factory.loan(application=application, funding_source=shared["source"], on=on)

    return make


def pay(loan, amount, on, key):
    loan_services.post_repayment(loan, actor=_admin(), on=on, amount=Decimal(amount), method="cash",
                                 idempotency_key=key, today=on)
    db.session.commit()


def _admin():
    from accounts.models import User
    from sqlalchemy import select

    return db.session.scalar(select(User).where(User.role == "admin").order_by(User.id).limit(1))


def assess(trainee, band, as_of):
    db.session.add(Assessment(trainee_id=trainee.id, as_of=as_of, method_version="v1", inputs_digest="0" * 64,
                              score=Decimal("50.0"), band=band, weights_known=80, results={}))
    db.session.commit()


# --- independent figures --------------------------------------------------------------


def expected_cells(partner_id: int, as_of: date) -> dict[str, dict]:
    """Per kecamatan, from loan_funding and loan_installment with plain SQL (money columns
    hold sen)."""
    sen = lambda v: Decimal(int(v or 0)) / 100  # noqa: E731
    loans = db.session.execute(text("""
        SELECT l.id, l.trainee_id, t.kecamatan_code, l.principal, l.status, SUM(f.amount)
        FROM loan_funding f JOIN agreement a ON a.id = f.agreement_id JOIN loan l ON l.id = f.loan_id
        JOIN trainee t ON t.id = l.trainee_id
        WHERE a.partner_id = :p AND f.funded_on <= :as_of
        GROUP BY l.id, l.trainee_id, t.kecamatan_code, l.principal, l.status
    """), {"p": partner_id, "as_of": as_of}).all()
    cells: dict[str, dict] = defaultdict(lambda: {"trainees": set(), "loans": 0, "financed": Decimal(0),
                                                  "outstanding": Decimal(0), "par30": Decimal(0),
                                                  "due": Decimal(0), "collected": Decimal(0)})
    for loan_id, trainee_id, code, principal, status, funded in loans:
        principal, funded = sen(principal), sen(funded)
        outstanding, late, due, collected = db.session.execute(text("""
            SELECT SUM(principal_due - principal_paid),
                   SUM(CASE WHEN due_on < :risk AND principal_paid + interest_paid + fee_paid
                                 < principal_due + interest_due + fee_due THEN 1 ELSE 0 END),
                   SUM(CASE WHEN due_on < :as_of THEN principal_due + interest_due + fee_due ELSE 0 END),
                   SUM(CASE WHEN due_on < :as_of THEN principal_paid + interest_paid + fee_paid ELSE 0 END)
            FROM loan_installment WHERE loan_id = :l
        """), {"l": loan_id, "as_of": as_of, "risk": as_of - timedelta(days=30)}).one()
        cell = cells[code]
        cell["trainees"].add(trainee_id)
        cell["loans"] += 1
        cell["financed"] += funded
        if status == "active":
            share = (sen(outstanding) * funded / principal).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            cell["outstanding"] += share
            if late:
                cell["par30"] += share
        cell["due"] += sen(due)
        cell["collected"] += sen(collected)
    return cells


def expected_bands(trainee_ids, as_of) -> Counter:
    counts = Counter()
    for trainee_id in trainee_ids:
        band = db.session.execute(text(
            "SELECT band FROM assessment WHERE trainee_id = :t AND as_of <= :d ORDER BY as_of DESC, id DESC LIMIT 1"),
            {"t": trainee_id, "d": as_of}).scalar()
        counts[band or "not_assessed"] += 1
    return counts


def merged(cells: list[dict]) -> dict:
    out = {"trainees": set(), "loans": 0}
    for c in cells:
        for k, v in c.items():
            out[k] = out[k] | v if k == "trainees" else out.get(k, Decimal(0) if k != "loans" else 0) + v
    return out


def assert_row(row, cell, bands):
    assert row.suppressed is False
    assert (row.trainees, row.loans) == (len(cell["trainees"]), cell["loans"])
    assert row.amount_financed == cell["financed"]
    assert row.outstanding == cell["outstanding"]
    assert row.par30_amount == cell["par30"]
    assert (row.amount_due, row.amount_collected) == (cell["due"], cell["collected"])
    assert row.par30 == percent(cell["par30"], cell["outstanding"])
    assert row.repayment_rate == (percent(cell["collected"], cell["due"]) if cell["due"] else None)
    assert row.bands == {k: bands.get(k, 0) for k in BAND_KEYS}


# --- the world ------------------------------------------------------------------------


@pytest.fixture
def world(factory, make_loan):
    """Partner P: 4 financed trainees in Sukasari, 3 in Coblong, 1 in Andir; loans late,
    partly repaid, closed, written off, shared with another partner, and one financed
    only after as_of. Another partner Q and an unfinanced trainee for contrast."""
    admin = factory.admin
    partner, other_partner = factory.partner(name="Bank BJB – CSR"), factory.partner(name="Yayasan Lain")
    a1 = factory.agreement(partner=partner, amount_committed=Decimal(200_000_000))
    a2 = factory.agreement(partner=partner, amount_committed=Decimal(50_000_000))
    q1 = factory.agreement(partner=other_partner, amount_committed=Decimal(50_000_000))
    t = {}

    # Sukasari
    late = make_loan(kelurahan_code=SUKASARI_KEL)  # nothing paid: > 30 days late
    factory.funding(agreement=a1, loan=late)
    shared = make_loan(kelurahan_code=SUKASARI_KEL, amount=Decimal(4_000_000))
    pay(shared, 3_000_000, date(2026, 6, 1), "shared-1")
    factory.funding(agreement=a1, loan=shared, amount=Decimal(1_000_000))
    factory.funding(agreement=q1, loan=shared, amount=Decimal(3_000_000))
    two_agreements = make_loan(kelurahan_code=SUKASARI_KEL, amount=Decimal(3_000_000), on=date(2026, 10, 20))
    factory.funding(agreement=a1, loan=two_agreements, amount=Decimal("1000000.33"))
    factory.funding(agreement=a2, loan=two_agreements, amount=Decimal(1_500_000))
    closed = make_loan(kelurahan_code=SUKASARI_KEL)
    factory.funding(agreement=a2, loan=closed, amount=Decimal(2_000_000))
    pay(closed, loan_services.balances(closed, as_of=date(2026, 7, 1)).total_outstanding, date(2026, 7, 1), "close")
    assert closed.status == "closed"
    # a second financed loan of the late trainee: two loans, one trainee
    second = make_loan(trainee=late.trainee, amount=Decimal(2_000_000), on=date(2026, 8, 3))
    factory.funding(agreement=a1, loan=second, amount=Decimal(2_000_000))
    t["late"], t["shared"], t["two"], t["closed"] = late.trainee, shared.trainee, two_agreements.trainee, closed.trainee

    # Coblong: three trainees, one loan written off after its financing, one paying a bit
    coblong = [make_loan(kelurahan_code=COBLONG_KEL, amount=Decimal(2_000_000), on=date(2026, 3, 10))
               for _ in range(3)]
    for loan in coblong:
        factory.funding(agreement=a1, loan=loan)
    loan_services.write_off(coblong[0], actor=admin, on=date(2026, 9, 1), reason="Usaha tutup.")
    db.session.commit()
    pay(coblong[1], 700_000, date(2026, 5, 10), "coblong-1")

    # Andir: one trainee
    andir = make_loan(kelurahan_code=ANDIR_KEL, amount=Decimal(3_000_000), on=date(2026, 2, 2))
    factory.funding(agreement=a2, loan=andir, amount=Decimal(1_234_567))

    # not P's: an unfinanced trainee, Q's-only loan, and a funding after as_of
    make_loan(kelurahan_code=SUKASARI_KEL)
    factory.funding(agreement=q1, loan=make_loan(kelurahan_code=SUKASARI_KEL))
    factory.funding(agreement=a1, loan=make_loan(kelurahan_code=SUKASARI_KEL), on=AS_OF + timedelta(days=1))

    assess(t["late"], "rentan", date(2026, 10, 31))
    assess(t["late"], "mandiri", date(2026, 12, 31))  # after as_of: not counted
    assess(t["shared"], "mandiri", date(2026, 9, 30))
    assess(t["shared"], "berkembang", date(2026, 10, 31))
    assess(coblong[2].trainee, "mandiri", date(2026, 11, 1))
    return dict(partner=partner, a1=a1, a2=a2, trainees=t, coblong=coblong, andir=andir, late=late)


def test_figures_match_an_independent_computation(app, world):
    partner = world["partner"]
    report = partner_report(partner, as_of=AS_OF)
    cells = expected_cells(partner.id, AS_OF)
    sukasari, coblong, andir = cells["32.73.01"], cells["32.73.02"], cells["32.73.03"]
    assert set(cells) == {"32.73.01", "32.73.02", "32.73.03"}
    assert (len(sukasari["trainees"]), len(coblong["trainees"]), len(andir["trainees"])) == (4, 3, 1)
    # hand-checked: late 5 M + its second 2 M, shared 1 M (of 4 M), two agreements
    # 1,000,000.33 + 1.5 M, closed 2 M
    assert sukasari["loans"] == 5
    assert sukasari["financed"] == Decimal("12500000.33")

    # Andir (1 trainee) is merged into "other"; that row would hold a single trainee, so
    # the smallest kecamatan shown (Coblong, 3) joins it: totals − Sukasari = other, ≥ MIN_CELL
    assert [r.kecamatan_code for r in report.rows] == ["32.73.01", None]
    name = db.session.get(Kecamatan, "32.73.01").name
    assert report.rows[0].kecamatan_name == name and report.rows[1].kecamatan_name is None
    assert_row(report.rows[0], sukasari, expected_bands(sukasari["trainees"], AS_OF))
    other = merged([coblong, andir])
    assert_row(report.rows[1], other, expected_bands(other["trainees"], AS_OF))
    everything = merged([sukasari, coblong, andir])
    assert_row(report.totals, everything, expected_bands(everything["trainees"], AS_OF))
    assert report.totals.kecamatan_code is None

    # a few figures by hand, so the independent SQL is itself checked
    assert report.totals.trainees == 8 and report.totals.loans == 9
    assert report.totals.amount_financed == Decimal("19734567.33")
    assert report.rows[0].bands["rentan"] == 1 and report.rows[0].bands["berkembang"] == 1
    assert report.rows[0].bands["not_assessed"] == 2
    assert report.rows[0].par30_amount >= Decimal(5_000_000)  # the late loan, wholly the partner's
    assert report.totals.repayment_rate is not None and Decimal(0) < report.totals.repayment_rate < Decimal(100)
    assert report.due_until == AS_OF - timedelta(days=1)


def test_the_partners_share_of_a_shared_loan_is_rounded_half_even(app, factory, make_loan):
    partner = factory.partner()
    loans = [make_loan(kelurahan_code=SUKASARI_KEL, amount=Decimal(3_000_000)) for _ in range(3)]
    pay(loans[0], 1_000_001, date(2026, 3, 1), "k1")
    for loan in loans:
        factory.funding(agreement=factory.agreement(partner=partner), loan=loan, amount=Decimal(1_000_000))
    report = partner_report(partner, as_of=AS_OF)
    expected = Decimal(0)
    for loan in loans:
        db.session.refresh(loan)
        exact = loan.principal_outstanding * Decimal(1_000_000) / loan.principal
        expected += exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    assert report.totals.outstanding == expected
    assert report.totals.outstanding == expected_cells(partner.id, AS_OF)["32.73.01"]["outstanding"]


def test_agreement_lines(app, world):
    report = partner_report(world["partner"], as_of=AS_OF)
    lines = {line.agreement.id: line for line in report.agreements}
    a1, a2 = world["a1"], world["a2"]
    # a1: late 5 M, shared 1 M, 1,000,000.33, Coblong 3 × 2 M, second 2 M (the one after as_of left out)
    assert (lines[a1.id].financed, lines[a1.id].loans) == (Decimal("15000000.33"), 7)
    assert lines[a1.id].remaining == Decimal("184999999.67")
    assert (lines[a2.id].financed, lines[a2.id].loans) == (Decimal("4734567.00"), 3)
    assert lines[a2.id].remaining == Decimal(50_000_000) - Decimal(4_734_567)
    # a report of an earlier day knows neither later agreements nor later fundings
    early = partner_report(world["partner"], as_of=date(2025, 12, 31))
    assert early.agreements == [] and early.rows == [] and early.totals.trainees == 0


def test_rows_under_min_cell_are_merged_and_small_totals_show_counts_only(app, factory, make_loan):
    partner = factory.partner()
    agreement = factory.agreement(partner=partner)
    for kelurahan in (SUKASARI_KEL, SUKASARI_KEL):
        factory.funding(agreement=agreement, loan=make_loan(kelurahan_code=kelurahan))
    report = partner_report(partner, as_of=AS_OF)
    assert MIN_CELL == 3
    for row in (report.totals, *report.rows):
        assert row.suppressed and (row.trainees, row.loans) == (2, 2)
        assert (row.amount_financed, row.outstanding, row.par30_amount, row.amount_due, row.amount_collected) == (
            None, None, None, None, None)
        assert row.bands == {} and row.par30 is None and row.repayment_rate is None
    assert [r.kecamatan_code for r in report.rows] == [None]

    # a third trainee in Sukasari: the kecamatan row shows, nothing is suppressed
    factory.funding(agreement=agreement, loan=make_loan(kelurahan_code=SUKASARI_KEL))
    report = partner_report(partner, as_of=AS_OF)
    assert [(r.kecamatan_code, r.trainees, r.suppressed) for r in report.rows] == [("32.73.01", 3, False)]
    assert not report.totals.suppressed and report.totals.amount_financed == Decimal(15_000_000)

    # one trainee in each of three other kecamatan: merged into "other" (3), no extra merging
    for kelurahan in (COBLONG_KEL, ANDIR_KEL, "32.73.04.1001"):
        factory.funding(agreement=agreement, loan=make_loan(kelurahan_code=kelurahan))
    report = partner_report(partner, as_of=AS_OF)
    assert [(r.kecamatan_code, r.trainees, r.suppressed) for r in report.rows] == [
        ("32.73.01", 3, False), (None, 3, False)]


def test_no_group_under_min_cell_can_be_read_off_by_subtraction(app, world):
    report = partner_report(world["partner"], as_of=AS_OF)
    shown = [r for r in report.rows if r.kecamatan_code is not None]
    rest = report.totals.trainees - sum(r.trainees for r in shown)
    assert rest == 0 or rest >= MIN_CELL
    assert all(r.trainees >= MIN_CELL for r in report.rows if not r.suppressed)


# --- stories --------------------------------------------------------------------------


def test_stories_published_with_consent_for_financed_trainees_only(app, factory, world):
    t = world["trainees"]
    shown = factory.story(trainee=t["late"], status="published", consent_on=date(2026, 6, 1),
                          title="Warung yang bertahan", body="Setelah pinjaman, warung buka lagi setiap pagi.")
    factory.story(trainee=t["shared"], status="draft")
    factory.story(trainee=t["two"], status="withdrawn", consent_on=date(2026, 5, 1), withdrawn_on=date(2026, 7, 1))
    factory.story(trainee=factory.trainee(kelurahan_code=SUKASARI_KEL), status="published")  # not financed
    factory.story(trainee=t["closed"], status="published", consent_on=AS_OF + timedelta(days=1))  # consent later
    report = partner_report(world["partner"], as_of=AS_OF)
    assert [s.title for s in report.stories] == [shown.title]
    [story] = report.stories
    assert story.body == shown.body
    assert story.kecamatan_name == db.session.get(Kecamatan, "32.73.01").name
    assert story.sector_label == str(Sector.FOOD.label)
    assert story.band == "rentan"  # latest band as of the report (the December one is later)


def test_stories_carry_no_identity_and_at_most_five_newest(app, factory, world):
    t = world["trainees"]
    financed = [t["late"], t["shared"], t["two"], t["closed"], *[loan.trainee for loan in world["coblong"]]]
    for n, trainee in enumerate(financed[:6]):
        factory.story(trainee=trainee, status="published", consent_on=date(2026, 3, 1 + n),
                      title=f"Kisah usaha {n}")
    report = partner_report(world["partner"], as_of=AS_OF)
    assert [s.title for s in report.stories] == [f"Kisah usaha {n}" for n in (5, 4, 3, 2, 1)]
    assert {f.name for f in dataclasses.fields(partner_report_module.Story)} == {
        "title", "body", "kecamatan_name", "sector_label", "band"}
    for story in report.stories:
        values = " ".join(str(v) for v in dataclasses.astuple(story))
        for trainee in financed:
            assert trainee.full_name not in values and trainee.nik not in values
            assert trainee.address not in values


def test_a_withdrawn_story_never_shows_again(app, factory, world):
    from partners import services

    story = factory.story(trainee=world["trainees"]["late"], status="published", consent_on=date(2026, 6, 1))
    assert len(partner_report(world["partner"], as_of=AS_OF).stories) == 1
    services.withdraw_story(story, actor=factory.admin, on=date(2026, 11, 1))
    db.session.commit()
    for as_of in (AS_OF, date(2026, 7, 1)):  # not even in a report of a day before the withdrawal
        assert partner_report(world["partner"], as_of=as_of).stories == []


# --- statements -----------------------------------------------------------------------


def _statements(partner) -> int:
    partner_id = partner.id  # noqa: F841 - loads an expired partner outside the count
    with count_queries() as statements:
        report = partner_report(partner, as_of=AS_OF)
        # reading everything a page or the PDF shows runs nothing more
        for line in report.agreements:
            _ = (line.agreement.reference, line.agreement.earmark_kecamatan, line.agreement.partner.name)
        for row in (report.totals, *report.rows):
            _ = (row.par30, row.repayment_rate, row.bands, row.kecamatan_name)
        _ = [dataclasses.astuple(s) for s in report.stories]
    return len(statements)


def test_the_report_runs_a_constant_number_of_statements(app, factory, make_loan):
    partner = factory.partner()
    agreement = factory.agreement(partner=partner, earmark_kecamatan_code="32.73.01")
    factory.funding(agreement=agreement, loan=make_loan(kelurahan_code=SUKASARI_KEL))
    small = _statements(partner)

    more = factory.agreement(partner=partner, earmark_kecamatan_code="32.73.02")
    free = factory.agreement(partner=partner)
    for i in range(4):
        loan = make_loan(kelurahan_code=COBLONG_KEL)
        factory.funding(agreement=more, loan=loan, amount=Decimal(1_000_000))
        factory.funding(agreement=free, loan=loan, amount=Decimal(1_000_000))
        assess(loan.trainee, "berkembang", date(2026, 10, 1))
        factory.story(trainee=loan.trainee, status="published", title=f"Kisah {i}")
    for kelurahan in (ANDIR_KEL, "32.73.04.1001"):
        factory.funding(agreement=free, loan=make_loan(kelurahan_code=kelurahan))
    large = _statements(partner)
    assert small == large == 5
