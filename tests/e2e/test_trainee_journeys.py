"""What only a browser shows: the real forms with CSRF, the search box, a phone screen."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from trainees.identity import build_nik

pytestmark = pytest.mark.e2e


def test_admin_registers_a_trainee_after_fixing_the_nik_and_finds_them(
    page, live_server, login_page, factory, csp_clean
):
    admin = factory.user(Role.ADMIN)
    mentor = factory.user(Role.MENTOR, full_name="Mentor Rahayu")
    factory.trainee(full_name="Someone Else")  # the search must filter, not just list
    login_page(admin)

    page.click("nav >> text=Register trainee")
    expect(page).to_have_url(re.compile(r"/trainees/new$"))
    born_on = date(1988, 6, 21)
    good_nik = build_nik("327302", born_on, "F", 314)
    bad_nik = good_nik[:6] + "710288" + good_nik[12:]  # 31 February (woman)
    page.fill("#nik", bad_nik)
    page.fill("#full_name", "Euis Komalasari")
    page.select_option("#gender", "F")
    page.fill("#born_on", born_on.isoformat())
    page.fill("#phone", "0812-3456-7890")
    page.fill("#address", "Jl. Dipatiukur No. 35")
    page.fill("#rt", "3")
    page.fill("#rw", "7")
    page.select_option("#kelurahan_code", "32.73.02.1004")
    page.fill("#household_size", "5")
    page.select_option("#poverty_status", "poor")
    page.fill("#welfare_decile", "2")
    page.select_option("#mentor_id", str(mentor.id))
    page.fill("#business_name", "Seblak Teh Euis")
    page.select_option("#business_sector", "food")
    page.click("main button[type=submit]")

    nik = page.locator("#nik")
    expect(nik).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#nik ~ .invalid-feedback")).to_contain_text("birth date")
    expect(page.locator("#full_name")).to_have_value("Euis Komalasari")  # nothing typed is lost

    nik.fill(good_nik)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/trainees/\d+$"))
    expect(page.locator("h1")).to_have_text("Euis Komalasari")
    expect(page.locator("dd.nik")).to_have_text(good_nik)
    expect(page.locator("main")).to_contain_text("+6281234567890")
    expect(page.locator("main")).to_contain_text("Mentor Rahayu")

    page.goto(f"{live_server}/trainees/")
    page.fill("#q", "komala")
    page.press("#q", "Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=komala"))
    rows = page.locator("#trainee-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Euis Komalasari")
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Euis Komalasari")


def test_mentor_sees_only_assigned_trainees(page, live_server, login_page, factory, csp_clean):
    mentor = factory.user(Role.MENTOR)
    other = factory.user(Role.MENTOR)
    factory.trainee(full_name="Ani Binaan", mentor_id=mentor.id)
    factory.trainee(full_name="Iis Binaan", mentor_id=mentor.id)
    factory.trainee(full_name="Ujang Lain", mentor_id=other.id)
    factory.trainee(full_name="Tanpa Mentor")
    login_page(mentor)

    page.goto(f"{live_server}/trainees/")
    expect(page.locator("h1")).to_have_text("My trainees")
    table = page.locator("#trainee-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Ani Binaan")
    expect(table).to_contain_text("Iis Binaan")
    expect(table).not_to_contain_text("Ujang Lain")
    expect(table).not_to_contain_text("Tanpa Mentor")
    expect(page.locator("#mentor")).to_have_count(0)  # no mentor filter for a mentor
    expect(page.locator("nav")).not_to_contain_text("Register trainee")


def test_trainee_list_fits_a_360px_phone(page, live_server, login_page, factory, artifacts_dir, csp_clean):
    mentor = factory.user(Role.MENTOR, full_name="Mentor Dewi Sartika")
    officer = factory.user(Role.OFFICER)
    kelurahan = ["32.73.01.1001", "32.73.02.1004", "32.73.02.1006", "32.73.03.1001"]
    for i in range(15):
        factory.trainee(
            full_name=["Nyai Siti Rohmah Kartasasmita", "Asep", "Cucu Sumarni"][i % 3] + f" {i}",
            kelurahan_code=kelurahan[i % len(kelurahan)],
            mentor_id=mentor.id if i % 2 else None,
            officer_id=officer.id,
        )
    admin = factory.user(Role.ADMIN, full_name="Administrator Kota Bandung")
    page.set_viewport_size({"width": 360, "height": 780})
    login_page(admin)

    page.goto(f"{live_server}/trainees/")
    expect(page.locator("#trainee-table tbody tr")).to_have_count(15)
    page.screenshot(path=str(artifacts_dir / "trainee-list-360.png"), full_page=True)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"page is {scroll_width}px wide on a 360px screen"
    # Rows are cards on a phone: the NIK is readable without scrolling sideways.
    first_nik = page.locator("#trainee-table tbody tr").first.locator("td.nik")
    box = first_nik.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # On a phone the extra filters fold away behind a button; opened, they fit as well.
    expect(page.locator("#kecamatan")).to_be_hidden()
    page.locator("[data-bs-target='#more-filters']").click()
    expect(page.locator("#officer")).to_be_visible()
    for selector in ("#q", "#kecamatan", "#officer"):
        control = page.locator(selector).bounding_box()
        assert control["x"] >= 0 and control["x"] + control["width"] <= 360, selector


def test_registration_form_fits_a_360px_phone(page, live_server, login_page, factory, artifacts_dir, csp_clean):
    admin = factory.user(Role.ADMIN)
    page.set_viewport_size({"width": 360, "height": 780})
    login_page(admin)
    page.goto(f"{live_server}/trainees/new")
    page.screenshot(path=str(artifacts_dir / "trainee-form-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # app.js hides the business address while "at home" is ticked, and shows it otherwise.
    address = page.locator("#business_address")
    expect(address).to_be_hidden()
    page.uncheck("#business_at_home")
    expect(address).to_be_visible()
