"""The training acceptance journey (issue 7) in a browser, CSRF on: an admin creates a
programme and a cohort through the forms, enrols three trainees from the cohort page's
search, takes attendance for four sessions on a 360 px phone (two trainees reach the 75 %
rule, one does not), marks the business plans handed in and completes the cohort; the
page shows who completed and who did not, and a certificate PDF downloads. Then an
officer's loan application for a training-required product refuses the untrained trainee
with a clear message and accepts one who completed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.navigation import open_menu_and_click

from accounts.models import Role
from extensions import local_today

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
PROGRAMME = "Pelatihan Wirausaha Dasar"
COHORT = "Angkatan 1 – Sukasari"
REFUSED = ("This product requires a completed entrepreneurship training (Pelatihan Wirausaha). "
           "The trainee has not completed one yet.")


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_admin_runs_a_cohort_to_certificates_and_a_loan_needs_the_training(
    page, live_server, login_page, factory, artifacts_dir, csp_clean
):
    admin = factory.user(Role.ADMIN, full_name="Dewi Admin")
    officer = factory.user(Role.OFFICER, full_name="Asep Petugas")
    names = ("Ani Rahmawati", "Bunga Lestari", "Cucu Marlina")
    _ani, bunga, cucu = (factory.trainee(full_name=n, officer_id=officer.id) for n in names)
    product = factory.product(name="Modal Usaha Alumni", requires_training=True)
    today = local_today()
    starts_on, ends_on = today - timedelta(days=14), today + timedelta(days=30)

    # --- The programme and the cohort, through the forms ---------------------------------------
    page.set_viewport_size(DESKTOP)
    login_page(admin)
    page.goto(f"{live_server}/training/programmes/new")
    page.fill("#name", PROGRAMME)
    page.fill("#description", "Dasar-dasar usaha mikro.")
    page.fill("#curriculum", "Pembukuan sederhana\nPemasaran\nRencana usaha")
    page.click("#save-programme")
    expect(page).to_have_url(re.compile(r"/training/$"))
    expect(page.locator(".alert-success")).to_contain_text(f"Programme {PROGRAMME} created.")

    page.goto(f"{live_server}/training/cohorts/new")
    page.select_option("#programme_id", label=PROGRAMME)
    page.fill("#name", COHORT)
    page.fill("#trainer", "Bu Rina Kartika")
    page.select_option("#kelurahan_code", "32.73.01.1001")
    page.fill("#venue", "Balai RW 02")
    page.fill("#starts_on", starts_on.isoformat())
    page.fill("#ends_on", ends_on.isoformat())
    page.fill("#capacity", "20")
    expect(page.locator("#min_attendance_percent")).to_have_value("75")
    page.click("#save-cohort")
    expect(page).to_have_url(re.compile(r"/training/cohorts/\d+$"))
    expect(page.locator(".alert-success")).to_contain_text(f"Cohort {COHORT} created.")
    expect(page.locator("#cohort-status")).to_have_text("Planned")
    cohort_url = page.url
    cohort_id = int(cohort_url.rsplit("/", 1)[1])

    # --- Enrolment from the search box ---------------------------------------------------------
    for name in names:
        page.fill("#q", name)
        page.click("#find-trainee")
        expect(page).to_have_url(re.compile(r"\?q="))
        hit = page.locator("#search-hits li", has_text=name)
        expect(hit).to_have_count(1)
        hit.locator(".enrol-button").click()
        expect(page.locator(".alert-success")).to_contain_text(f"{name} enrolled.")
    rows = page.locator("#enrolled-table tbody tr[data-enrolment]")
    expect(rows).to_have_count(3)
    expect(page.locator("#seats")).to_contain_text("3 of 20 taken")
    enrolment = {name: int(page.locator("#enrolled-table tbody tr", has_text=name).get_attribute("data-enrolment"))
                 for name in names}
    # Already enrolled: the search no longer offers her.
    page.fill("#q", names[0])
    page.click("#find-trainee")
    expect(page.locator("#search-hits")).to_contain_text("No trainee found who is not yet in this cohort.")

    # --- Attendance on a 360 px phone: four sessions --------------------------------------------
    # Ani 4/4 = 100 %, Bunga 3/4 = 75 % (exactly the rule), Cucu 2/4 = 50 %.
    page.set_viewport_size(PHONE)
    sessions = [
        (today - timedelta(days=10), "Pembukuan sederhana", names),
        (today - timedelta(days=7), "Pemasaran", names),
        (today - timedelta(days=3), "Rencana usaha", names[:2]),
        (today, "Presentasi rencana usaha", names[:1]),
    ]
    for number, (held_on, topic, present) in enumerate(sessions, start=1):
        page.goto(f"{live_server}/training/cohorts/{cohort_id}/sessions/new")
        expect(page.locator("#present-counter [data-count]")).to_have_text("0")  # everyone absent by default
        toggles = page.locator("label.attendance-toggle")
        expect(toggles).to_have_count(3)
        for i in range(3):
            box = toggles.nth(i).bounding_box()
            assert box is not None and box["height"] >= 44, box
        no_horizontal_scroll(page)
        page.fill("#held_on", held_on.isoformat())
        page.fill("#topic", topic)
        page.fill("#duration_minutes", "120")
        for count, name in enumerate(present, start=1):
            page.click(f"label[for=present-{enrolment[name]}]")
            expect(page.locator(f"#present-{enrolment[name]}")).to_be_checked()
            expect(page.locator("#present-counter [data-count]")).to_have_text(str(count))
        if number == 1:
            page.screenshot(path=str(artifacts_dir / "training-attendance-360.png"), full_page=True,
                            animations="disabled")
        page.click("#save-session")
        expect(page).to_have_url(re.compile(rf"/training/cohorts/{cohort_id}#sessions$"))
        expect(page.locator(".alert-success")).to_contain_text(f"Session saved: {len(present)} of 3 present.")
        expect(page.locator("#session-list li[data-session]")).to_have_count(number)
    expect(page.locator("#cohort-status")).to_have_text("Running")  # the first session started it

    def row(name):
        return page.locator("#enrolled-table tbody tr", has_text=name)

    expect(row(names[0]).locator(".attendance-percent")).to_have_text("100 %")
    expect(row(names[1]).locator(".attendance-percent")).to_have_text("75 %")
    expect(row(names[2]).locator(".attendance-percent")).to_have_text("50 %")
    expect(row(names[2]).locator(".attendance-percent")).to_have_class(re.compile(r"\btext-danger\b"))

    # --- Business plans handed in (all three: Cucu still misses on attendance) -----------------
    for name in names:
        row(name).locator(".plan-button").click()
        expect(page.locator(".alert-success")).to_contain_text("Business plan marked as handed in.")
        expect(row(name).locator(".plan")).to_contain_text("Handed in")
    expect(page.locator("#completion-preview")).to_have_text("2 of 3 would complete the training now.")
    expect(row(names[0]).locator(".will-complete")).to_have_text("on track")
    expect(row(names[2]).locator(".will-complete")).to_have_text("not on track")
    no_horizontal_scroll(page)

    # --- Completion (confirm dialog accepted) ---------------------------------------------------
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.click("#complete-cohort")
    expect(page.locator(".alert-success")).to_contain_text(
        "Cohort completed: 2 completed the training, 1 did not.")
    assert dialogs and dialogs[0].startswith("Complete the cohort?"), dialogs
    expect(page.locator("#cohort-status")).to_have_text("Completed")
    expect(page.locator("#complete-cohort")).to_have_count(0)
    expect(page.locator("#record-session")).to_have_count(0)
    year = today.year
    for name in names[:2]:
        expect(row(name).locator(".enrolment-status")).to_have_text("Completed training")
        expect(row(name)).to_contain_text(re.compile(rf"BDY/{cohort_id}/{year}/000[12]"))
        expect(row(name).locator(".certificate-link")).to_have_count(1)
    expect(row(names[2]).locator(".enrolment-status")).to_have_text("Did not complete")
    expect(row(names[2]).locator(".certificate-link")).to_have_count(0)
    expect(page.locator(".certificate-link")).to_have_count(2)
    no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts_dir / "training-cohort-completed-360.png"), full_page=True,
                    animations="disabled")

    # --- The certificate PDF ------------------------------------------------------------------
    with page.expect_download() as download_info:
        row(names[0]).locator(".certificate-link").click()
    download = download_info.value
    assert download.suggested_filename.startswith("sertifikat-BDY-"), download.suggested_filename
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    target = artifacts_dir / "training-certificate.pdf"
    download.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF"), target.read_bytes()[:40]
    open_menu_and_click(page, "nav >> text=Log out")

    # --- The loan application for a training-required product ---------------------------------
    page.set_viewport_size(DESKTOP)
    login_page(officer)

    def apply_for(trainee):
        page.goto(f"{live_server}/loans/applications/new?trainee={trainee.id}")
        expect(page.locator("#trainee_id")).to_have_value(str(trainee.id))
        page.select_option("#product_id", str(product.id))
        page.fill("#amount", "5.000.000")
        page.fill("#term", "12")
        page.fill("#purpose", "Modal kerja warung")
        page.fill("#business_plan", "Menambah stok dagangan.")
        page.fill("#monthly_revenue", "12.000.000")
        page.fill("#monthly_costs", "6.000.000")
        page.fill("#household_expenses", "2.500.000")
        page.fill("#other_installments", "0")
        page.click("main button[type=submit]")

    # Cucu did not complete: refused, with the reason on the product field.
    apply_for(cucu)
    expect(page).to_have_url(re.compile(r"/loans/applications/new"))
    expect(page.locator("#product_id")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main")).to_contain_text(REFUSED)
    page.screenshot(path=str(artifacts_dir / "training-loan-refused.png"), full_page=True, animations="disabled")

    # Bunga completed (at exactly 75 %): accepted.
    apply_for(bunga)
    expect(page).to_have_url(re.compile(r"/loans/applications/\d+$"))
    expect(page.locator(".alert-success")).to_contain_text("Application submitted.")
    expect(page.locator("main")).not_to_contain_text(REFUSED)
