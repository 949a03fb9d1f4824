"""The complaint acceptance journey in a browser (CSRF on): a trainee files a complaint in
the portal on a phone -> an admin verifies it and assigns it -> the assignee starts and
answers -> the trainee reads the answer and closes it -> the timeline shows each step
with its time -> the dashboard counts it as a deadline kept. And the public page: filed
without an account on a 360 px phone, answering the question, tracked by its code."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
SUBJECT = "Angsuran tercatat dua kali"
ANSWER = "Sudah kami periksa: angsuran ganda dihapus dari kartu Ibu."


def log_out(page):
    page.set_viewport_size(DESKTOP)  # the menu is unfolded on a desktop
    page.click("nav >> text=Log out")
    expect(page).to_have_url(re.compile(r"/login"))


def test_a_portal_complaint_from_filing_to_closing(page, live_server, login_page, factory, artifacts_dir, csp_clean):
    admin = factory.user(Role.ADMIN, full_name="Asep Admin")
    officer = factory.user(Role.OFFICER, full_name="Budi Petugas")
    trainee = factory.trainee_with_login(full_name="Ani Lestari")
    account = trainee.user_id
    from accounts.models import User
    from extensions import db

    trainee_user = db.session.get(User, account)

    # The trainee files in the portal, on a phone.
    page.set_viewport_size(PHONE)
    login_page(trainee_user)
    page.goto(f"{live_server}/portal/complaints/new")
    page.select_option("#category", "loan")
    page.fill("#subject", SUBJECT)
    page.fill("#description", "Angsuran bulan Oktober saya tercatat dua kali di kartu angsuran.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#send-complaint")
    expect(page).to_have_url(re.compile(r"/portal/complaints/\d+$"))
    complaint_id = int(page.url.rsplit("/", 1)[1])
    log_out(page)

    # The admin finds it in the list, verifies it and assigns it to the officer.
    login_page(admin)
    page.set_viewport_size(PHONE)  # the list works on a phone too
    page.goto(f"{live_server}/complaints/")
    row = page.locator(f"#complaint-table tr[data-complaint='{complaint_id}']")
    expect(row).to_contain_text(SUBJECT)
    expect(row).to_contain_text("Received")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "complaint-list-360.png"), full_page=True, animations="disabled")
    page.set_viewport_size(DESKTOP)
    row.locator("a").first.click()
    expect(page).to_have_url(re.compile(rf"/complaints/{complaint_id}$"))
    expect(page.locator("#complainant")).to_contain_text("Ani Lestari")
    page.select_option("#verify-category", "loan")
    page.click("#verify-button")
    expect(page.locator(".alert-success")).to_contain_text("Complaint verified.")
    page.screenshot(path=str(artifacts_dir / "complaint-detail-verified.png"), full_page=True, animations="disabled")
    page.select_option("#assign-assignee_id", str(officer.id))
    page.click("#assign-button")
    expect(page.locator(".alert-success")).to_contain_text("Complaint assigned.")
    expect(page.locator("#assignee")).to_have_text("Budi Petugas")
    log_out(page)

    # The officer starts work and answers.
    login_page(officer)
    page.goto(f"{live_server}/complaints/{complaint_id}")
    page.click("#start-button")
    expect(page.locator(".alert-success")).to_contain_text("Work started.")
    page.fill("#answer-body", ANSWER)
    page.click("#answer-button")
    expect(page.locator(".alert-success")).to_contain_text("Answer sent.")
    expect(page.locator(".complaint-status")).to_have_text("Answered")
    log_out(page)

    # The trainee reads the answer and closes the complaint.
    page.set_viewport_size(PHONE)
    login_page(trainee_user)
    page.goto(f"{live_server}/portal/complaints/{complaint_id}")
    expect(page.locator("#answer-text")).to_contain_text(ANSWER)
    page.click("#close-complaint")
    expect(page.locator(".complaint-status")).to_have_text("Completed")
    events = page.locator(".timeline-event")
    labels = [events.nth(i).locator(".timeline-label").inner_text() for i in range(events.count())]
    assert labels == ["Received", "Verified", "Assigned", "Work started", "Answered", "Completed"], labels
    for i in range(events.count()):
        assert events.nth(i).locator("time").inner_text().strip(), f"step {labels[i]} has no time"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "complaint-portal-closed-360.png"), full_page=True, animations="disabled")
    log_out(page)

    # The admin sees the whole timeline (who did each step, when) and the dashboard counts
    # the complaint as a deadline kept.
    login_page(admin)
    page.goto(f"{live_server}/complaints/{complaint_id}")
    timeline = page.locator("#timeline .timeline-event")
    expect(timeline).to_have_count(6)
    expect(timeline.nth(0)).to_contain_text("Ani Lestari")
    expect(timeline.nth(1)).to_contain_text("Asep Admin")
    expect(timeline.nth(4)).to_contain_text("Budi Petugas")
    expect(timeline.nth(4)).to_contain_text(ANSWER)
    expect(page.locator("#sla-met")).to_have_text("kept")
    page.screenshot(path=str(artifacts_dir / "complaint-detail.png"), full_page=True, animations="disabled")
    page.goto(f"{live_server}/complaints/dashboard")
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator("#sla-compliance")).to_have_text("100%")
    expect(page.locator("#sla-counts")).to_contain_text("1 kept, 0 missed")
    expect(page.locator("#by-status tr[data-value=closed] td").nth(1)).to_have_text("1")
    page.screenshot(path=str(artifacts_dir / "complaint-dashboard.png"), full_page=True, animations="disabled")


def test_the_public_page_on_a_phone(page, live_server, artifacts_dir, csp_clean):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/complaints/public")
    expect(page.locator("h1")).to_contain_text("Send a complaint")
    expect(page.locator("#website")).to_be_hidden()  # the honeypot
    page.click("label[for=kind-urgent]")
    page.select_option("#category", "training")
    page.fill("#subject", "Kelas pelatihan dibatalkan")
    page.fill("#description", "Pelatihan tanggal 20 November dibatalkan tanpa pemberitahuan.")
    page.fill("#complainant_contact", "dadang@contoh.id")
    question = page.locator("label[for=challenge_answer]").inner_text()
    a, b = map(int, re.search(r"(\d) \+ (\d)", question).groups())
    # a wrong answer first: refused, nothing typed is lost
    page.fill("#challenge_answer", str(a + b + 1))
    page.click("#send-complaint")
    expect(page.locator("#challenge .invalid-feedback")).to_contain_text("not the right answer")
    expect(page.locator("#subject")).to_have_value("Kelas pelatihan dibatalkan")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    question = page.locator("label[for=challenge_answer]").inner_text()
    a, b = map(int, re.search(r"(\d) \+ (\d)", question).groups())
    page.fill("#challenge_answer", str(a + b))
    page.click("#send-complaint")
    expect(page).to_have_url(re.compile(r"/complaints/track\?code=[A-Z0-9]{10}$"))
    code = page.url.rsplit("=", 1)[1]
    expect(page.locator("#tracking-code")).to_have_text(code)
    expect(page.locator(".alert-success")).to_contain_text(code)
    expect(page.locator(".timeline-event")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "complaint-public-tracking-360.png"), full_page=True, animations="disabled")

    # Later, the code typed by hand (lower case, with a space) finds it again.
    page.goto(f"{live_server}/complaints/track")
    page.fill("#code", f"{code[:5].lower()} {code[5:].lower()}")
    page.click("#track-form button")
    expect(page.locator("#complaint-subject")).to_have_text("Kelas pelatihan dibatalkan")
