"""The reports journey on a 360 px phone (CSRF on): an admin opens a trainee whose profit
is falling, who missed instalments and came to no session, assesses her and sees the band
with its reasons; downloads her progress report (PDF) and finds her name and the band in
it; then opens the programme report from the menu."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.navigation import open_menu_and_click
from pypdf import PdfReader

from extensions import db
from tests.reports.test_services import weak_trainee

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The live server runs in this process: pin its views' "today" to the data's date."""
    import reports.views
    import trainees.views

    monkeypatch.setattr(reports.views, "today", lambda: TODAY)
    monkeypatch.setattr(trainees.views, "today", lambda: TODAY)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_admin_assesses_a_trainee_and_downloads_her_report_on_a_phone(
    page, live_server, login_page, factory, artifacts_dir, csp_clean
):
    admin = factory.admin
    trainee = weak_trainee(factory)
    trainee.full_name = "Dewi Lestari"
    db.session.commit()

    page.set_viewport_size(PHONE)
    login_page(admin)
    page.goto(f"{live_server}/trainees/{trainee.id}")
    expect(page.locator("h1")).to_have_text("Dewi Lestari")
    expect(page.locator("#no-assessment")).to_contain_text("Not assessed yet.")

    page.click("#assess-now")
    expect(page).to_have_url(re.compile(rf"/trainees/{trainee.id}#sustainability$"))
    expect(page.locator(".alert-success")).to_contain_text("Assessed: score")
    expect(page.locator("#assessment-band")).to_have_text("Rentan (at risk)")
    expect(page.locator("#criteria-list .criterion")).to_have_count(9)
    repays = page.locator("#criteria-list [data-code=repays]")
    expect(repays.locator(".criterion-status")).to_contain_text("Not met")
    expect(repays.locator(".criterion-reason")).to_contain_text("48 days past due now")
    expect(page.locator("#not-ready")).to_be_visible()
    expect(page.locator("#graduate")).to_have_count(0)
    assert fits(page)
    page.locator("#sustainability").screenshot(path=str(artifacts_dir / "reports-trainee-section-360.png"),
                                              animations="disabled")

    with page.expect_download() as download_info:
        page.click("#download-report")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = artifacts_dir / "reports-trainee-report.pdf"
    download.save_as(str(target))
    text = " ".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Dewi Lestari" in text and "Rentan" in text, text[:1500]

    # The snapshot page, and the programme report from the menu.
    page.click("#assessment-meta a")
    expect(page).to_have_url(re.compile(r"/reports/assessments/\d+$"))
    expect(page.locator("#assessment-band")).to_have_text("Rentan (at risk)")
    assert fits(page)
    open_menu_and_click(page, "#nav-reports")
    expect(page).to_have_url(re.compile(r"/reports/programme$"))
    expect(page.locator("h1")).to_have_text("Programme report")
    expect(page.locator("#total-trainees .figure-value")).to_have_text("1")
    expect(page.locator("#kecamatan-table tbody tr")).to_have_count(30)
    expect(page.locator("#kecamatan-table tbody tr:visible")).to_have_count(1)  # the others: one line
    expect(page.locator("#kecamatan-without-trainees")).to_contain_text("No trainees in 29 kecamatan")
    assert fits(page)
    page.screenshot(path=str(artifacts_dir / "reports-programme-360.png"), full_page=True, animations="disabled")
