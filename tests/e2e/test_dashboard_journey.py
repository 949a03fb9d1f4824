"""The programme dashboard in a browser (CSRF on, the site's CSP): an admin opens the
dashboard from the menu, sets the period, colours the map by another figure (the select submits itself), sorts the table
by a header link, clicks a kecamatan on the map and lands on that kecamatan's trainee
list; on a 360 px phone the page never scrolls sideways (cards stack, the table becomes
cards, the map fits)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from extensions import db
from trainees.models import Kelurahan

pytestmark = pytest.mark.e2e

TODAY = date(2026, 11, 27)
PHONE = {"width": 360, "height": 780}
SUKASARI, COBLONG = "32.73.01", "32.73.02"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The live server runs in this process: pin its views' "today" to the data's date."""
    import reports.dashboard_views
    import trainees.views
    from reports import dashboard

    monkeypatch.setattr(reports.dashboard_views, "today", lambda: TODAY)
    monkeypatch.setattr(trainees.views, "today", lambda: TODAY)
    dashboard.clear_cache()
    yield
    dashboard.clear_cache()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def kelurahan_of(code: str) -> str:
    return db.session.scalar(select(Kelurahan.code).where(Kelurahan.kecamatan_code == code).order_by(Kelurahan.code))


@pytest.fixture
def seeded(factory):
    """Two trainees in Sukasari (one extreme poor, with a loan never repaid), one in Coblong."""
    ani = factory.trainee(full_name="Ani Sukasari", kelurahan_code=kelurahan_of(SUKASARI), poverty_status="extreme_poor")
    factory.trainee(full_name="Budi Sukasari", kelurahan_code=kelurahan_of(SUKASARI))
    factory.trainee(full_name="Citra Coblong", kelurahan_code=kelurahan_of(COBLONG))
    factory.loan(application=factory.application(trainee=ani, approve=True), on=date(2026, 1, 10))
    return factory.admin


def test_admin_changes_the_figure_and_opens_a_kecamatan_from_the_map(
    page, live_server, login_page, seeded, artifacts_dir, csp_clean
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login_page(seeded)
    page.click("#nav-dashboard")
    expect(page).to_have_url(re.compile(r"/reports/dashboard$"))
    expect(page.locator("#start")).to_have_value("2026-08-01")  # three full months and this one
    page.fill("#start", "2026-01-01")
    page.click("#dashboard-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"start=2026-01-01"))
    expect(page.locator("h1")).to_have_text("Programme dashboard")
    expect(page.locator("#kpi-trainees .kpi-value")).to_have_text("3")
    expect(page.locator("#dashboard-freshness")).to_contain_text("Figures computed at")
    expect(page.locator("#dashboard-map-panel")).to_have_attribute("data-figure", "extreme_poor_share")
    expect(page.locator("#dashboard-map path[data-kecamatan]")).to_have_count(30)

    # another figure: the select submits the form by itself (app.js), the map follows
    page.select_option("#figure", "par30")
    expect(page).to_have_url(re.compile(r"figure=par30"))
    expect(page.locator("#dashboard-map-panel")).to_have_attribute("data-figure", "par30")
    expect(page.locator(f'#dashboard-map path[data-kecamatan="{SUKASARI}"] title')).to_have_text("Sukasari: 100%")

    # sort by trainees with the header link (no script needed): Sukasari first
    page.click('th[data-sort-key="trainees"] a')
    expect(page.locator('th[data-sort-key="trainees"]')).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#dashboard-table tbody tr").first).to_have_attribute("data-key", SUKASARI)
    page.screenshot(path=str(artifacts_dir / "dashboard-desktop.png"), full_page=True, animations="disabled")

    # a click on Sukasari in the map: its trainees
    page.locator(f'#dashboard-map path[data-kecamatan="{SUKASARI}"]').click()
    expect(page).to_have_url(re.compile(rf"/trainees/\?kecamatan={re.escape(SUKASARI)}$"))
    expect(page.locator("main")).to_contain_text("Ani Sukasari")
    expect(page.locator("main")).to_contain_text("Budi Sukasari")
    expect(page.locator("main")).not_to_contain_text("Citra Coblong")


def test_dashboard_fits_a_360_px_phone(page, live_server, login_page, seeded, artifacts_dir, csp_clean):
    page.set_viewport_size(PHONE)
    login_page(seeded)
    page.goto(f"{live_server}/reports/dashboard?start=2026-01-01&end=2026-11-27")
    expect(page.locator("#kpi-trainees .kpi-value")).to_have_text("3")
    assert fits(page)
    # the table's rows are cards: no header row, the name on a line of its own
    expect(page.locator("#dashboard-table thead")).to_be_hidden()
    # the map shrinks to the card, keeping its proportions
    svg = page.locator("#dashboard-map svg")
    box = svg.bounding_box()
    width, height = (float(svg.get_attribute(a)) for a in ("width", "height"))
    assert box["width"] < PHONE["width"] < width
    assert abs(box["height"] / box["width"] - height / width) < 0.02
    for dimension in ("gender", "sector"):
        page.goto(f"{live_server}/reports/dashboard?start=2026-01-01&end=2026-11-27&dimension={dimension}")
        expect(page.locator("#dashboard-table")).to_have_attribute("data-dimension", dimension)
        assert fits(page), dimension
    page.goto(f"{live_server}/reports/dashboard?start=2026-01-01&end=2026-11-27&figure=par30")
    assert fits(page)
    page.screenshot(path=str(artifacts_dir / "dashboard-360.png"), full_page=True, animations="disabled")
