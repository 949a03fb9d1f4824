"""The loan journey in a browser (CSRF on): officer A submits, cannot approve and sees why;
officer B approves and disburses, posts a repayment; the schedule and balances update;
the receipt PDF downloads and shows the amount."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from formatting import format_rupiah
from loans.schedule import build_schedule

pytestmark = pytest.mark.e2e


def test_two_officers_take_a_loan_from_application_to_receipt(
    page, live_server, login_page, factory, artifacts_dir, csp_clean
):
    officer_a = factory.user(Role.OFFICER, full_name="Asep Petugas")
    officer_b = factory.user(Role.OFFICER, full_name="Budi Petugas")
    trainee = factory.trainee(full_name="Euis Komalasari", officer_id=officer_a.id)
    product = factory.product(name="Modal Usaha Bulanan")  # 12 % declining, multiples of Rp 100
    factory.funding_source(name="APBD Kota Bandung", committed=Decimal(500_000_000))

    # Officer A submits the application from the trainee's page.
    login_page(officer_a)
    page.goto(f"{live_server}/trainees/{trainee.id}")
    page.click("#trainee-loans >> text=New loan application")
    expect(page).to_have_url(re.compile(rf"/loans/applications/new\?trainee={trainee.id}$"))
    expect(page.locator("#trainee_id")).to_have_value(str(trainee.id))
    page.select_option("#product_id", str(product.id))
    page.fill("#amount", "5.000.000")
    page.fill("#term", "12")
    page.fill("#purpose", "Modal kerja warung seblak")
    page.fill("#business_plan", "Menambah stok dan membeli kompor kedua.")
    page.fill("#monthly_revenue", "12.000.000")
    page.fill("#monthly_costs", "6.000.000")
    page.fill("#household_expenses", "2.500.000")
    page.fill("#other_installments", "0")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/loans/applications/\d+$"))
    application_url = page.url
    expect(page.locator("#amount")).to_have_text("Rp 5.000.000")

    # ... and cannot approve it: the button is disabled and the page says why.
    expect(page.locator("#four-eyes-note")).to_contain_text("you cannot approve it")
    expect(page.locator("#decision-actions button:has-text('Approve')")).to_be_disabled()
    expect(page.locator("#approve-button")).to_have_count(0)
    page.click("nav >> text=Log out")

    # Officer B approves and disburses.
    login_page(officer_b)
    page.goto(application_url)
    page.click("#approve-button")
    expect(page.locator(".alert-success")).to_contain_text("Application approved.")
    expect(page.locator("#decided-by")).to_contain_text("Budi Petugas")
    page.click("#disburse-link")
    page.select_option("#funding_source_id", label="APBD Kota Bandung (available Rp 500.000.000)")
    page.select_option("#method", "bank_transfer")
    page.fill("#reference", "TRF-0001")
    page.click("#disburse-button")
    expect(page).to_have_url(re.compile(r"/loans/\d+$"))
    expect(page.locator("#schedule-table tbody tr")).to_have_count(12)
    schedule = build_schedule(principal=Decimal(5_000_000), annual_rate=Decimal(12), periods=12, frequency="monthly",
                              method="declining", multiple=Decimal(100))
    first = schedule[0]
    assert first.total == Decimal(444_200)
    total = sum(i.total for i in schedule)
    expect(page.locator("#total-outstanding")).to_have_text(format_rupiah(total))
    expect(page.locator("tr[data-number='1'] .badge")).to_have_text("Due")

    # A repayment of the first instalment.
    page.fill("#amount", "444.200")
    page.select_option("#method", "cash")
    page.fill("#reference", "KWT-17")
    page.click("#repay-button")
    expect(page.locator(".alert-success")).to_contain_text("Payment of Rp 444.200 recorded.")
    expect(page.locator("tr[data-number='1']")).to_have_class(re.compile(r"\binstallment-paid\b"))
    expect(page.locator("tr[data-number='1'] .badge")).to_have_text("Paid")
    expect(page.locator("tr[data-number='2'] .badge")).to_have_text("Due")
    expect(page.locator("#total-outstanding")).to_have_text(format_rupiah(total - first.total))
    expect(page.locator("#principal-outstanding")).to_have_text(format_rupiah(Decimal(5_000_000) - first.principal))
    expect(page.locator("#transaction-table tbody tr")).to_have_count(1)

    # The receipt PDF downloads, and its text shows the amount.
    with page.expect_download() as download_info:
        page.click("#transaction-table a.receipt-pdf")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = artifacts_dir / "loan-receipt.pdf"
    download.save_as(str(target))
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "444.200" in text, text[:1000]

    # The loan page works on a 360 px phone.
    page.set_viewport_size({"width": 360, "height": 780})
    page.reload()
    page.screenshot(path=str(artifacts_dir / "loan-detail-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
