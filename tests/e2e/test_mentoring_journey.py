"""The mentoring acceptance journey on a 360 px phone (CSRF on): the mentor logs a group
session for three trainees with topics, a shared note and a staff-only note and an action
item, then records a check-in; the trainee's page shows the session, the chart and the
action item. The trainee, logged in, sees the shared note but never the staff-only one."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.navigation import open_menu_and_click

from accounts.models import Role
from extensions import local_today

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
SHARED = "Catat setiap penjualan di buku kas."
STAFF_ONLY = "Suami baru kena PHK, waspadai cicilan."
ACTION = "Pisahkan uang usaha dan uang dapur"


def test_mentor_logs_a_group_session_and_a_checkin_on_a_phone(
    page, live_server, login_page, factory, artifacts_dir, csp_clean
):
    mentor = factory.user(Role.MENTOR, full_name="Rina Pendamping")
    account = factory.user(Role.TRAINEE, full_name="Ani Lestari")
    ani = factory.trainee(full_name="Ani Lestari", mentor_id=mentor.id, user_id=account.id)
    bunga = factory.trainee(full_name="Bunga Citra", mentor_id=mentor.id)
    cucu = factory.trainee(full_name="Cucu Sumiati", mentor_id=mentor.id)
    factory.trainee(full_name="Zaenab Lain", mentor_id=factory.user(Role.MENTOR).id)
    today = local_today()

    page.set_viewport_size(PHONE)
    login_page(mentor)
    open_menu_and_click(page, "#nav-mentoring")
    expect(page.locator("h1")).to_have_text("My trainees")
    expect(page.locator("#caseload-table tbody tr")).to_have_count(3)
    expect(page.locator("#early-warning")).to_contain_text("Ani Lestari")  # no session, no check-in yet

    # The session form: today, a field visit and nobody ticked by default.
    page.click("#log-session")
    expect(page).to_have_url(re.compile(r"/mentoring/sessions/new$"))
    expect(page.locator("#held_on")).to_have_value(today.isoformat())
    expect(page.locator("#mode-field_visit")).to_be_checked()
    expect(page.locator("#participant-list")).not_to_contain_text("Zaenab Lain")
    for trainee in (ani, bunga, cucu):
        page.click(f"label[for=participants-{trainee.id}]")
        expect(page.locator(f"#participants-{trainee.id}")).to_be_checked()
    page.click("label[for=mode-group_meeting]")
    page.click("label[for=topics-bookkeeping]")
    page.click("label[for=topics-money_separation]")
    page.click("[data-fill=duration_minutes][data-value='90']")
    expect(page.locator("#duration_minutes")).to_have_value("90")
    page.fill("#shared_notes", SHARED)
    page.fill("#staff_notes", STAFF_ONLY)
    page.click("#session-action summary")
    page.fill("#action_description", ACTION)
    expect(page.locator("#action_owner-trainee")).to_be_checked()
    # Big enough for a thumb, and nothing sticks out of a 360 px screen.
    box = page.locator(f"label[for=participants-{ani.id}]").bounding_box()
    assert box["height"] >= 44, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "mentoring-session-form-360.png"), full_page=True, animations="disabled")

    page.click("#save-session")
    expect(page).to_have_url(re.compile(r"/mentoring/sessions/\d+$"))
    expect(page.locator(".alert-success")).to_contain_text("Session logged.")
    expect(page.locator("#session-kind")).to_have_text("Group")
    expect(page.locator("#session-participants li")).to_have_count(3)
    expect(page.locator("#staff-notes")).to_contain_text(STAFF_ONLY)
    expect(page.locator("#session-actions li")).to_have_count(3)  # one per trainee who attended
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # A monthly check-in for Ani, from her page.
    page.click(f"#session-participants a[href='/trainees/{ani.id}#mentoring']")
    expect(page.locator("h1")).to_have_text("Ani Lestari")
    page.click("#record-checkin-link")
    expect(page).to_have_url(re.compile(rf"/mentoring/trainees/{ani.id}/checkin$"))
    page.fill("#revenue", "4.500.000")
    page.fill("#costs", "3.000.000")
    expect(page.locator("#profit-preview")).to_contain_text("Rp 1.500.000")
    page.fill("#savings", "750.000")
    page.fill("#unpaid_workers", "1")
    page.click("label[for=channels-market]")
    page.click("label[for=channels-social_media]")
    page.click("label[for=keeps_records]")
    page.click("label[for=practices-records_sales]")
    page.click("label[for=practices-knows_profit]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "mentoring-checkin-form-360.png"), full_page=True, animations="disabled")
    page.click("#save-checkin")

    # The trainee page shows the session (both notes: the mentor is staff), the action
    # item and the chart with the latest figures.
    expect(page).to_have_url(re.compile(rf"/trainees/{ani.id}#mentoring-checkins$"))
    expect(page.locator(".alert-success")).to_contain_text("Check-in for")
    expect(page.locator("#session-list")).to_contain_text(SHARED)
    expect(page.locator("#session-list")).to_contain_text(STAFF_ONLY)
    expect(page.locator("#session-list")).to_contain_text("Bookkeeping")
    expect(page.locator("#action-list")).to_contain_text(ACTION)
    expect(page.locator("#latest-profit")).to_have_text("Rp 1.500.000")
    expect(page.locator("#latest-practices")).to_have_text("2 of 8")
    chart = page.locator("#checkin-chart")
    expect(chart).to_be_visible()
    page.wait_for_function("document.getElementById('checkin-chart').complete")
    assert page.evaluate("document.getElementById('checkin-chart').naturalWidth") > 0, "the chart did not load"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "mentoring-trainee-page-360.png"), full_page=True, animations="disabled")
    chart_url = page.evaluate("document.getElementById('checkin-chart').currentSrc")
    assert chart_url.endswith("chart.svg?size=small"), chart_url  # the phone's drawing

    # The chart on its own: its policy allows its inline style (csp_clean fails the test
    # on any violation).
    page.goto(chart_url)
    expect(page.locator("svg")).to_have_count(1)

    # Done: mark the action item done from the trainee page.
    page.goto(f"{live_server}/trainees/{ani.id}")
    page.click("#action-list button[value=done]")
    expect(page.locator(".alert-success")).to_contain_text("Action item marked done.")
    open_menu_and_click(page, "nav >> text=Log out")
    expect(page.locator("#username")).to_be_visible()  # logged out: the login form is back

    # The trainee sees the session, the shared note, the action item and the chart; never
    # the staff-only note.
    login_page(account)
    page.goto(f"{live_server}/trainees/{ani.id}")
    expect(page.locator("#session-list")).to_contain_text(SHARED)
    expect(page.locator("#action-list")).to_contain_text(ACTION)
    expect(page.locator("#checkin-chart")).to_be_visible()
    assert STAFF_ONLY not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
