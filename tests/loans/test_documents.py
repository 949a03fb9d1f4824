"""Printed loan documents (loans/documents.py): the disclosure and the receipt, as HTML
pages and as PDFs whose text is checked with pypdf.

The objects are built directly with the models (not through loans.services), so these
tests depend only on the schema."""
from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader

from accounts.models import Role
from extensions import db
from loans import documents
from loans.models import (
    ApplicationStatus, FundingSource, Loan, LoanApplication, LoanInstallment, LoanProduct,
    LoanTransaction,
)
from loans.schedule import Installment, build_schedule, effective_annual_rate, total_cost_of_credit

PRINCIPAL = Decimal("6000000")
FEE = Decimal("60000")  # 1 % of the principal, added to the first instalment
START = date(2026, 1, 31)
A4 = (595.28, 841.89)  # points
A6 = (297.64, 419.53)


@dataclass
class Disclosure:
    """Stand-in with the attributes of loans.services.Disclosure (see the contract)."""

    amount: Decimal
    fee_amount: Decimal
    fee_timing: str
    net_disbursed: Decimal
    installments: list
    total_interest: Decimal
    total_to_repay: Decimal
    total_cost_of_credit: Decimal
    effective_annual_rate: Decimal
    first_due_on: date
    last_due_on: date


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def page_size(data: bytes, number: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[number].mediabox
    return float(box.width), float(box.height)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - started) * 1000


@pytest.fixture
def officer(factory):
    return factory.user(Role.OFFICER, full_name="Budi Petugas")


@pytest.fixture
def trainee(factory, officer):
    trainee = factory.trainee(full_name="Siti Nurhaliza")
    trainee.officer_id = officer.id
    db.session.commit()
    return trainee


@pytest.fixture
def product():
    product = LoanProduct(
        name="Modal Usaha Bulanan", min_amount=Decimal("1000000"), max_amount=Decimal("25000000"),
        min_term=6, max_term=24, frequency="monthly", method="flat",
        amortization="equal_installments", annual_rate=Decimal("24"), max_grace_periods=0,
        rounding_multiple=Decimal("100"), fee_type="percent", fee_value=Decimal("1"),
        fee_timing="first_installment", penalty_amount=Decimal("25000"), penalty_after_days=7,
    )
    db.session.add(product)
    db.session.flush()
    return product


@pytest.fixture
def application(trainee, product, officer, factory):
    application = LoanApplication(
        trainee_id=trainee.id, product_id=product.id, amount=PRINCIPAL, term=12,
        grace_periods=0, purpose="Etalase dan bahan baku", business_plan="Menambah stok.",
        monthly_revenue=Decimal("9000000"), monthly_costs=Decimal("4000000"),
        household_expenses=Decimal("2500000"), other_installments=Decimal("0"),
        capacity_ratio=Decimal("24.8"), is_flagged=False, status=ApplicationStatus.APPROVED.value,
        submitted_by_id=officer.id, submitted_on=date(2026, 1, 20),
        decided_by_id=factory.admin.id, decided_on=date(2026, 1, 22),
        **{name: getattr(product, name) for name in (
            "annual_rate", "frequency", "method", "amortization", "rounding_multiple", "fee_type",
            "fee_value", "fee_timing", "penalty_amount", "penalty_after_days")},
    )
    db.session.add(application)
    db.session.commit()
    return application


def schedule() -> list[Installment]:
    return build_schedule(principal=PRINCIPAL, annual_rate=Decimal("24"), periods=12,
                          frequency="monthly", method="flat", multiple=Decimal("100"), start=START)


@pytest.fixture
def disclosure():
    rows = schedule()
    # the fee is added to instalment 1's total (fee_timing first_installment)
    with_fee = [Installment(i.number, i.due_on, i.principal, i.interest,
                            i.total + (FEE if i.number == 1 else 0)) for i in rows]
    return Disclosure(
        amount=PRINCIPAL, fee_amount=FEE, fee_timing="first_installment", net_disbursed=PRINCIPAL,
        installments=with_fee, total_interest=sum(i.interest for i in rows),
        total_to_repay=sum(i.total for i in with_fee),
        total_cost_of_credit=total_cost_of_credit(PRINCIPAL, with_fee),
        effective_annual_rate=effective_annual_rate(PRINCIPAL, with_fee, frequency="monthly"),
        first_due_on=with_fee[0].due_on, last_due_on=with_fee[-1].due_on,
    )


@pytest.fixture
def loan(application, officer):
    source = FundingSource(name="APBD Kota", kind="city_budget", committed=Decimal("500000000"))
    db.session.add(source)
    db.session.flush()
    loan = Loan(
        application_id=application.id, trainee_id=application.trainee_id,
        product_id=application.product_id, funding_source_id=source.id, officer_id=officer.id,
        principal=PRINCIPAL, periods=12, grace_periods=0, fee_amount=FEE, disbursed_on=START,
        disbursement_method="bank_transfer", disbursed_by_id=officer.id,
        **{name: getattr(application, name) for name in (
            "annual_rate", "frequency", "method", "amortization", "rounding_multiple", "fee_type",
            "fee_value", "fee_timing", "penalty_amount", "penalty_after_days")},
    )
    loan.installments = [
        LoanInstallment(number=i.number, due_on=i.due_on, principal_due=i.principal,
                        interest_due=i.interest, fee_due=FEE if i.number == 1 else Decimal(0))
        for i in schedule()
    ]
    application.status = ApplicationStatus.DISBURSED.value
    db.session.add(loan)
    db.session.commit()
    return loan


@pytest.fixture
def repayment(loan, officer):
    """Rp 1.500.000 paid on 10 March 2026: instalments 1 (680.000 with the fee) and 2
    (620.000) in full, then 200.000 of instalment 3 (interest 120.000, principal 80.000)."""
    txn = LoanTransaction(
        loan_id=loan.id, paid_on=date(2026, 3, 10), amount=Decimal("1500000"), method="qris",
        reference="QR-7781", idempotency_key="doc-test-1", posted_by_id=officer.id,
        principal_part=Decimal("1080000"), interest_part=Decimal("360000"),
        fee_part=Decimal("60000"), penalty_part=Decimal("0"),
    )
    first, second, third = loan.installments[:3]
    for inst in (first, second):
        inst.principal_paid, inst.interest_paid, inst.fee_paid = inst.principal_due, inst.interest_due, inst.fee_due
    third.interest_paid, third.principal_paid = Decimal("120000"), Decimal("80000")
    db.session.add(txn)
    db.session.commit()
    return txn


def test_disclosure_pdf_is_an_indonesian_a4_summary_with_masked_nik(app, application, disclosure, trainee):
    data, ms = timed(documents.disclosure_pdf, application, disclosure)
    print(f"disclosure PDF: {ms:.0f} ms, {len(data)} bytes")
    text = pdf_text(data)
    assert data.startswith(b"%PDF-")
    assert page_size(data) == pytest.approx(A4, abs=0.5)
    assert "Ringkasan Informasi Pinjaman" in text
    assert "Berdaya" in text
    assert "Siti Nurhaliza" in text
    assert trainee.nik not in text and trainee.nik not in text.replace(" ", "")
    assert "*" * 12 + trainee.nik[-4:] in text
    assert "Modal Usaha Bulanan" in text
    assert "Rp 6.000.000" in text  # principal, and net disbursed (fee not deducted)
    assert "Rp 60.000" in text  # the fee
    assert "Rp 680.000" in text  # instalment 1 with the fee
    assert "Rp 620.000" in text  # the other instalments
    assert "Rp 7.500.000" in text  # total to repay: 12 x 620.000 + 60.000
    assert "Rp 1.500.000" in text  # total cost of credit: interest 1.440.000 + fee 60.000
    assert "Jadwal Angsuran" in text
    assert "Bulanan" in text
    # effective annual rate with the Indonesian decimal comma
    ear = f"{disclosure.effective_annual_rate:.2f}".replace(".", ",") + "%"
    assert ear in text
    assert "28 Februari 2026" in text  # first due date: 31 Jan + 1 month, clamped
    assert "31 Januari 2027" in text  # last due date
    assert "Rp 25.000" in text and "denda" in text.lower()  # late penalty note
    assert "Budi Petugas" in text  # officer's signature line


def test_disclosure_of_the_services_renders_its_figures(app, application):
    from loans.services import disclosure as compute_disclosure

    disclosure = compute_disclosure(application, start=START)
    text = pdf_text(documents.disclosure_pdf(application, disclosure))
    assert "Rp 7.500.000" in text  # 12 x 620.000 + the fee on instalment 1
    assert f"{disclosure.effective_annual_rate:.2f}".replace(".", ",") + "%" in text


def test_receipt_pdf_is_a6_and_shows_amount_allocation_and_balance(app, repayment, loan):
    data, ms = timed(documents.receipt_pdf, repayment)
    print(f"receipt PDF: {ms:.0f} ms, {len(data)} bytes")
    text = pdf_text(data)
    assert page_size(data) == pytest.approx(A6, abs=0.5)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert "Kuitansi Pembayaran" in text
    assert f"{repayment.id:08d}" in text
    assert "Siti Nurhaliza" in text
    assert "Rp 1.500.000" in text
    assert "10 Maret 2026" in text
    for amount in ("Rp 60.000", "Rp 360.000", "Rp 1.080.000"):  # fee, interest, principal
        assert amount in text
    assert "Rp 6.000.000" in text  # outstanding after: 7.500.000 - 1.500.000
    assert "QR-7781" in text and "QRIS" in text
    assert "Budi Petugas" in text
    assert "DIBATALKAN" not in text


def test_reversed_receipt_carries_a_banner_and_ignores_the_payment(app, repayment, loan, factory):
    repayment.reversed_at = datetime(2026, 3, 11, 3, 0, tzinfo=timezone.utc)
    repayment.reversed_by_id = factory.admin.id
    repayment.reversal_reason = "Salah input nominal"
    db.session.commit()
    text = pdf_text(documents.receipt_pdf(repayment))
    assert "DIBATALKAN" in text
    assert "Salah input nominal" in text
    assert documents.outstanding_after(repayment) == Decimal("7500000")


def test_outstanding_after_counts_live_payments_up_to_this_one(app, repayment, loan, officer):
    later = LoanTransaction(
        loan_id=loan.id, paid_on=date(2026, 4, 2), amount=Decimal("420000"), method="cash",
        posted_by_id=officer.id, principal_part=Decimal("420000"),
    )
    db.session.add(later)
    db.session.commit()
    assert documents.outstanding_after(repayment) == Decimal("6000000")
    assert documents.outstanding_after(later) == Decimal("5580000")


def test_printable_pages_use_the_same_templates_and_fetch_nothing(app, application, disclosure, repayment):
    for html in (documents.disclosure_html(application, disclosure, back_url="/loans/1"),
                 documents.receipt_html(repayment)):
        assert "/static" not in html and "url(" not in html and "src=" not in html
        assert "<style>" in html and "<link" not in html
        csp = documents.print_csp(html)
        assert "style-src 'self' 'sha256-" in csp
    assert 'href="/loans/1"' in documents.disclosure_html(application, disclosure, back_url="/loans/1")


def test_documents_are_indonesian_even_when_the_ui_is_english(app, application, disclosure):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        html = documents.disclosure_html(application, disclosure)
    assert "Ringkasan Informasi Pinjaman" in html
    assert 'lang="id"' in html


def test_nik_is_masked_but_for_the_last_four_digits():
    assert documents.mask_nik("3273014501850001") == "************0001"
    assert documents.mask_nik(None) == ""


def test_a_stray_url_stops_the_pdf_rendering(app):
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        documents.html_to_pdf('<img src="http://127.0.0.1:9/x.png">')
