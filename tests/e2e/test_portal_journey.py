"""The trainee portal on a 360 px phone (CSRF on, CSP checked): the trainee opens the
home page (next instalment), the loan schedule, marks an action item done, reports last
month's business figures (pending until the mentor confirms), and applies for a loan,
seeing the repayment check before sending it. Every tap target is at least 44 px high
and nothing sticks out of the screen."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts.models import Notification, Role
from extensions import db, local_today

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
ACTION = "Catat semua penjualan di buku kas"
#: What a thumb must be able to hit.
TARGETS = ".portal-nav a, .portal .btn, .portal .tap, .portal .list-group-item-action, .portal .chip, " \
          ".portal .form-control, .portal .form-select"


def fits_the_phone(page, name, artifacts_dir):
    """Nothing wider than the screen; every visible tap target 44 px high or more."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    small = page.evaluate(f"""() => Array.from(document.querySelectorAll({TARGETS!r}))
        .filter(el => el.offsetParent !== null)
        .map(el => [el.id || el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
        .filter(([_, h]) => h < 44)""")
    assert small == [], f"{name}: tap targets under 44 px: {small}"
    page.screenshot(path=str(artifacts_dir / f"portal-{name}-360.png"), full_page=True, animations="disabled")


def test_trainee_uses_the_portal_on_a_phone(page, live_server, login_page, factory, artifacts_dir, csp_clean):
    today = local_today()
    mentor = factory.user(Role.MENTOR, full_name="Rina Pendamping")
    officer = factory.user(Role.OFFICER, full_name="Oki Petugas")
    account = factory.user(Role.TRAINEE, full_name="Ani Lestari")
    ani = factory.trainee(full_name="Ani Lestari", mentor_id=mentor.id, officer_id=officer.id, user_id=account.id)
    loan = factory.loan(application=factory.application(trainee=ani, approve=True, on=today - timedelta(days=25)),
                        on=today - timedelta(days=20))
    factory.action_item(ani, actor=mentor, description=ACTION, due_on=today + timedelta(days=7), today=today)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)

    page.set_viewport_size(PHONE)
    login_page(account)

    # Home: the next instalment first.
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("h1")).to_have_text("Hello, Ani Lestari")
    expect(page.locator("#home-next-amount")).to_contain_text("Rp")
    expect(page.locator("#home-late")).to_have_count(0)
    expect(page.locator("#home-actions")).to_contain_text(ACTION)
    fits_the_phone(page, "home", artifacts_dir)

    # The loan: twelve instalments, none paid yet, the first one due.
    page.click("#home-schedule")
    expect(page).to_have_url(re.compile(rf"/portal/loans/{loan.id}$"))
    expect(page.locator("#schedule-list li")).to_have_count(12)
    expect(page.locator("#schedule-list li").first).to_have_attribute("data-state", "due")
    expect(page.locator("#total-to-repay")).to_contain_text("Rp")
    fits_the_phone(page, "loan", artifacts_dir)

    # Mentoring: "I did it".
    page.click("#portal-nav-mentoring")
    expect(page).to_have_url(re.compile(r"/portal/actions$"))
    page.click("#open-actions .mark-done")
    expect(page.locator(".alert-success")).to_contain_text("Well done!")
    expect(page.locator("#no-open-actions")).to_be_visible()
    expect(page.locator("#closed-actions")).to_contain_text(ACTION)
    fits_the_phone(page, "actions", artifacts_dir)

    # Business figures for last month, from the home page's question.
    page.click("#portal-nav-home")
    page.click("#home-report")
    expect(page).to_have_url(re.compile(r"/portal/business/checkin\?month=\d{4}-\d{2}$"))
    expect(page.locator(f"#month-{last_month.isoformat()[:7]}")).to_be_checked()
    page.fill("#revenue", "4.500.000")
    page.fill("#costs", "3.000.000")
    page.fill("#savings", "750.000")
    page.click("label[for=channels-market]")
    page.click("label[for=keeps_records]")
    page.click("label[for=practices-records_sales]")
    fits_the_phone(page, "checkin", artifacts_dir)
    page.click("#save-checkin")
    expect(page).to_have_url(re.compile(r"/portal/business$"))
    expect(page.locator(".alert-success")).to_contain_text("Your mentor will check them.")
    expect(page.locator(f".report-month[data-month='{last_month.isoformat()[:7]}']")).to_contain_text(
        "Waiting for your mentor")
    expect(page.locator("#business-months")).to_contain_text("Self-reported — awaiting confirmation")
    page.wait_for_function("() => document.getElementById('checkin-chart').complete")
    assert page.evaluate("document.getElementById('checkin-chart').naturalWidth") > 0, "the chart did not load"
    fits_the_phone(page, "business", artifacts_dir)

    # A new loan: the repayment check is shown before anything is sent.
    page.click("#portal-nav-loans")
    page.click("#apply-link")
    expect(page).to_have_url(re.compile(r"/portal/apply$"))
    page.click(f"label[for=product_id-{loan.product_id}]")
    page.fill("#amount", "3.000.000")
    page.fill("#term", "12")
    page.fill("#purpose", "Tambah etalase")
    page.fill("#business_plan", "Jualan kue lebih banyak di pasar.")
    page.fill("#monthly_revenue", "8.000.000")
    page.fill("#monthly_costs", "4.000.000")
    page.fill("#household_expenses", "2.000.000")
    fits_the_phone(page, "apply-form", artifacts_dir)
    page.click("#check-application")
    expect(page.locator("#capacity")).to_contain_text("Instalment per month")
    expect(page.locator("#check-net")).to_have_text("Rp 2.000.000")
    expect(page.locator("#capacity-ok")).to_be_visible()
    fits_the_phone(page, "apply-check", artifacts_dir)
    page.click("#submit-application")
    expect(page).to_have_url(re.compile(r"/portal/loans#application-\d+$"))
    expect(page.locator(".alert-success")).to_contain_text("Your application has been sent.")
    expect(page.locator(".application-status")).to_have_text("Submitted")
    fits_the_phone(page, "loans", artifacts_dir)

    # The mentor heard of the action item and the figures, the officer of the application.
    db.session.expire_all()
    kinds = set(db.session.scalars(select(Notification.kind)))
    assert kinds == {"action.done_by_trainee", "checkin.self_reported", "application.submitted_by_trainee"}
