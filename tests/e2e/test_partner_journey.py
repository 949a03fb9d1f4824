"""The CSR partner's journey (issue 7) in a browser, CSRF on: a partner's staff member logs
in on a 360 px phone and lands on the partner's report — the figures are there, the page
does not scroll sideways — downloads the PDF, and finds that nothing else exists for
them: the trainee list, a trainee's page and the programme report answer 404."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from formatting import format_rupiah

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_partner_reads_its_report_on_a_phone_and_nothing_else(page, live_server, factory, artifacts_dir, csp_clean):
    partner = factory.partner(name="Bank BJB – CSR")
    agreement = factory.agreement(partner=partner, reference="PKS/017/CSR/2026", amount_committed=Decimal(50_000_000))
    trainees = []
    for kelurahan in ("32.73.01.1001", "32.73.01.1001", "32.73.01.1001", "32.73.02.1004"):
        trainee = factory.trainee(kelurahan_code=kelurahan)
        loan = factory.loan(application=factory.application(trainee=trainee, approve=True), on=date(2026, 1, 10))
        factory.funding(agreement=agreement, loan=loan, amount=Decimal(2_500_000))
        trainees.append(trainee)
    factory.story(trainee=trainees[0], status="published", title="Dari dapur ke pasar",
                  body="Keripiknya kini dijual di tiga warung.")
    other = factory.partner(name="Yayasan Peduli Bandung")
    factory.funding(agreement=factory.agreement(partner=other), amount=Decimal(1_700_000))
    user = factory.user(Role.PARTNER, full_name="Rina CSR", partner_id=partner.id)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/login")
    page.fill("#username", user.username)
    page.fill("#password", factory.PASSWORD)
    page.click("main #submit")
    expect(page).to_have_url(re.compile(r"/partners/my$"))

    expect(page.locator("#report-title")).to_have_text("Bank BJB – CSR")
    expect(page.locator("#total-trainees .figure-value")).to_have_text("4")
    expect(page.locator("#total-loans .figure-value")).to_have_text("4")
    expect(page.locator("#total-financed .figure-value")).to_have_text(format_rupiah(Decimal(10_000_000)))
    expect(page.locator("#report-agreements")).to_contain_text("PKS/017/CSR/2026")
    expect(page.locator("#report-stories")).to_contain_text("Dari dapur ke pasar")
    content = page.content()
    assert "Yayasan Peduli Bandung" not in content
    assert all(t.full_name not in content for t in trainees)
    no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts_dir / "partner-report-360.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#report-pdf")
    download = download_info.value
    assert re.fullmatch(r"laporan-mitra-bank-bjb-csr-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    path = download.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    trainee_id = trainees[0].id
    for url in ("/trainees/", f"/trainees/{trainee_id}", "/reports/programme", "/partners/",
                f"/partners/{other.id}/report"):
        response = page.goto(f"{live_server}{url}")
        assert response.status == 404, url
        no_horizontal_scroll(page)
    # the brand link leads back to the report
    page.click(".navbar-brand")
    expect(page).to_have_url(re.compile(r"/partners/my$"))
