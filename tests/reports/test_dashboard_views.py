"""The programme dashboard page through the test client: the KPI cards and the table show
what ``reports.dashboard`` computed (and what the seeded data makes them by hand), the
server-side sort (links, aria-sort, rows without a value last), the map linking each
kecamatan to its trainee list, the CSV/XLSX exports of both tables, the freshness line
and ?refresh=1 with the cache on, wrong parameters answering 400 with the reason, who may
open it, a constant number of statements, and the map in the programme PDF."""
from __future__ import annotations

import base64
import csv
import html
import io
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from accounts.models import Role
from extensions import db
from reports import dashboard as figures
from reports import dashboard_views, documents, services
from tests.query_count import measure_get
from tests.test_security import INLINE
from trainees.models import Kelurahan

TODAY = date(2026, 11, 27)
#: 11:05 in Bandung (UTC+7).
NOW = datetime(2026, 11, 27, 4, 5, tzinfo=timezone.utc)
START, END = date(2026, 1, 1), date(2026, 11, 27)
PERIOD = f"start={START.isoformat()}&end={END.isoformat()}"
EN = {"Accept-Language": "en"}
SUKASARI, COBLONG, CIPARAY = "32.73.01", "32.73.02", "32.73.03"


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    """The views' today and clock pinned; ``pinned(now)`` moves the clock. The cache is
    emptied before and after."""
    state = {"now": NOW}
    monkeypatch.setattr(dashboard_views, "today", lambda: TODAY)
    monkeypatch.setattr(dashboard_views, "now", lambda: state["now"])
    figures.clear_cache()

    def move(now):
        state["now"] = now

    yield move
    figures.clear_cache()


def kelurahan_of(kecamatan_code: str) -> str:
    return db.session.scalar(select(Kelurahan.code).where(Kelurahan.kecamatan_code == kecamatan_code)
                             .order_by(Kelurahan.code).limit(1))


@pytest.fixture
def world(factory):
    """Sukasari: two trainees (one extreme poor) and a loan of January never repaid (far
    more than 30 days late); Coblong: one trainee with a loan of 1 November (nothing due
    yet); Babakan Ciparay: one trainee, no loan. The other 27 kecamatan: nobody."""
    people = {}
    for name, code, poverty in (("Ani Sukasari", SUKASARI, "extreme_poor"), ("Budi Sukasari", SUKASARI, "poor"),
                                ("Citra Coblong", COBLONG, "poor"), ("Dedi Ciparay", CIPARAY, "near_poor")):
        people[name] = factory.trainee(full_name=name, kelurahan_code=kelurahan_of(code), poverty_status=poverty)
    factory.loan(application=factory.application(trainee=people["Ani Sukasari"], approve=True), on=date(2026, 1, 10))
    factory.loan(application=factory.application(trainee=people["Citra Coblong"], approve=True, on=date(2026, 10, 25)),
                 on=date(2026, 11, 1))
    return people


def board(dimension="kecamatan", start=START, end=END):
    return figures.dashboard(start, end, as_of=TODAY, dimension=dimension, now=NOW)


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def shown(value, kind) -> str:
    with force_locale("en"):
        return dashboard_views.format_figure(value, kind)


def kpi_value(page: str, key: str) -> str:
    match = re.search(rf'id="kpi-{key}".*?class="h5 mb-0 kpi-value">([^<]*)<', page, re.S)
    assert match, f"no card for {key}"
    return match.group(1).strip()


def table_keys(page: str) -> list[str]:
    body = page[page.index('id="dashboard-table"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return re.findall(r'<tr data-key="([^"]*)"', body)


def cell(page: str, key: str, figure: str) -> str:
    body = page[page.index('id="dashboard-table"'):]
    row = body[body.index(f'<tr data-key="{key}"'):]
    row = row[:row.index("</tr>")]
    match = re.search(rf'data-figure="{figure}"[^>]*>(.*?)</td>', row, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --- The page ---------------------------------------------------------------------------


def test_cards_and_table_show_the_service_figures(client, login, world):
    login(Role.ADMIN)
    response = client.get(f"/reports/dashboard?{PERIOD}", headers=EN)
    assert response.status_code == 200
    page = page_text(response)
    expected = board()
    # by hand first: 4 active trainees, 1 extreme poor, 2 loans disbursed in the period,
    # the whole outstanding principal of Sukasari at risk
    assert kpi_value(page, "trainees") == "4"
    assert kpi_value(page, "extreme_poor_share") == "25%"
    assert kpi_value(page, "loans_disbursed") == "2"
    assert cell(page, SUKASARI, "trainees") == "2" and cell(page, SUKASARI, "extreme_poor_share") == "50%"
    assert cell(page, SUKASARI, "par30") == "100%" and cell(page, COBLONG, "par30") == "0%"
    assert cell(page, CIPARAY, "par30") == "—"  # nothing outstanding: no PAR
    # then every card and every cell as the service computed it
    assert [k.key for k in expected.kpis] == re.findall(r'data-kpi="([^"]+)"', page)
    for kpi in expected.kpis:
        assert kpi_value(page, kpi.key) == shown(kpi.value, kpi.kind), kpi.key
    assert len(table_keys(page)) == 30
    for row in expected.rows:
        for name, _label, kind in dashboard_views.COLUMNS:
            assert cell(page, row.key, name) == shown(getattr(row, name), kind), (row.key, name)
    total = page[page.index('id="dashboard-total"'):]
    assert re.search(r'data-figure="amount_disbursed"[^>]*>Rp 10\.000\.000<', total)


def test_kpi_cards_show_previous_period_and_change_coloured_by_better(client, login, factory, world):
    # a loan in the previous period (same length, just before): one in each period
    factory.loan(application=factory.application(trainee=world["Dedi Ciparay"], approve=True, on=date(2026, 6, 20)),
                 on=date(2026, 7, 1))
    login(Role.OFFICER)
    page = page_text(client.get("/reports/dashboard?start=2026-08-01&end=2026-11-27", headers=EN))
    expected = {k.key: k for k in board(start=date(2026, 8, 1)).kpis}
    loans = expected["loans_disbursed"]
    assert (loans.value, loans.previous) == (1, 1)
    amount = expected["amount_disbursed"]
    card = page[page.index('id="kpi-par30"'):]
    card = card[:card.index("</div>\n    </div>\n  </div>")]
    par30 = expected["par30"]
    assert par30.change is not None and par30.change > 0  # Sukasari's loan became late: worse
    assert 'data-tone="bad"' in card and "text-danger" in card and "▲" in card
    assert f"+{shown(par30.change, 'rate')} points" in card
    assert f"before: {shown(par30.previous, 'percent')}" in card
    assert amount.change == Decimal("0.00")
    amount_card = page[page.index('id="kpi-amount_disbursed"'):page.index('id="kpi-principal_outstanding"')]
    assert 'data-tone="same"' in amount_card and "±0%" in amount_card


def test_table_sorts_on_the_server_by_any_figure_with_links_and_aria_sort(client, login, world):
    login(Role.ADMIN)
    page = page_text(client.get(f"/reports/dashboard?{PERIOD}&sort=trainees&dir=desc", headers=EN))
    keys = table_keys(page)
    assert keys[:3] == [SUKASARI, COBLONG, CIPARAY]  # 2, 1, 1 trainees (ties keep code order)
    header = re.search(r'<th[^>]*data-sort-key="trainees"[^>]*>\s*<a href="([^"]+)"', page)
    assert 'aria-sort="descending"' in page[header.start():header.end()]
    assert "dir=asc" in header.group(1) and "sort=trainees" in header.group(1)  # again: the other way
    assert page.count("aria-sort=") == 1

    asc = page_text(client.get(f"/reports/dashboard?{PERIOD}&sort=trainees&dir=asc", headers=EN))
    assert table_keys(asc)[-1] == SUKASARI and 'aria-sort="ascending"' in asc
    # PAR30 is None where nothing is outstanding: those rows last, whichever the order
    for direction, first in (("asc", COBLONG), ("desc", SUKASARI)):
        keys = table_keys(page_text(client.get(f"/reports/dashboard?{PERIOD}&sort=par30&dir={direction}")))
        assert keys[:2] == ([COBLONG, SUKASARI] if direction == "asc" else [SUKASARI, COBLONG]) and keys[0] == first
        assert CIPARAY in keys[2:]
    names = table_keys(page_text(client.get(f"/reports/dashboard?{PERIOD}&sort=label&dir=asc")))
    labels = {r.key: str(r.label) for r in board().rows}
    assert [labels[k] for k in names] == sorted(labels.values(), key=str.casefold)


def test_map_links_each_kecamatan_to_its_trainee_list(client, login, world):
    login(Role.ADMIN)
    page = page_text(client.get(f"/reports/dashboard?{PERIOD}&figure=par30", headers=EN))
    panel = page[page.index('id="dashboard-map-panel"'):]
    assert 'data-figure="par30"' in panel[:200]
    shapes = re.findall(r'<a href="([^"]+)"[^>]*><path [^>]*data-kecamatan="([^"]+)"', panel)
    assert len(shapes) == 30
    assert all(href == f"/trainees/?kecamatan={code}" for href, code in shapes)
    # Sukasari is the darkest class of PAR30 (higher is worse); Ciparay has no data
    assert re.search(rf'data-kecamatan="{SUKASARI}" data-class="\d"', panel)
    assert re.search(rf'data-kecamatan="{CIPARAY}" data-class="none"', panel)
    bars = panel[panel.index('id="dashboard-bars"'):]
    assert f'href="/trainees/?kecamatan={SUKASARI}"' in bars
    # the table's names link there too, and the list shows that kecamatan's trainees only
    assert f'<a href="/trainees/?kecamatan={SUKASARI}" class="row-link">Sukasari</a>' in page
    trainees = page_text(client.get(f"/trainees/?kecamatan={SUKASARI}", headers=EN))
    assert "Ani Sukasari" in trainees and "Budi Sukasari" in trainees and "Citra Coblong" not in trainees


def test_other_dimensions_have_their_rows_and_no_map(client, login, world):
    login(Role.ADMIN)
    page = page_text(client.get(f"/reports/dashboard?{PERIOD}&dimension=poverty", headers=EN))
    assert 'id="dashboard-map-panel"' not in page
    expected = board("poverty")
    assert table_keys(page) == [row.key or "" for row in expected.rows]
    for row in expected.rows:
        assert cell(page, row.key, "trainees") == shown(row.trainees, "count")
    assert f'href="/trainees/?poverty_status=extreme_poor"' in page
    for dimension in ("gender", "age_band", "sector"):
        response = client.get(f"/reports/dashboard?{PERIOD}&dimension={dimension}", headers=EN)
        assert response.status_code == 200
        assert table_keys(page_text(response)) == [row.key or "" for row in board(dimension).rows]


def test_page_says_when_figures_were_computed_and_refresh_recomputes(app, client, login, world, factory, pinned):
    app.config["DASHBOARD_CACHE_SECONDS"] = 300
    login(Role.ADMIN)
    url = f"/reports/dashboard?{PERIOD}"
    page = page_text(client.get(url, headers=EN))
    assert "Figures computed at 11:05; refreshed at most every 5 minutes." in page
    refresh = re.search(r'<a href="([^"]+)" id="dashboard-refresh">Refresh</a>', page).group(1)
    assert "refresh=1" in refresh

    factory.trainee(full_name="Eka Baru", kelurahan_code=kelurahan_of(COBLONG))
    pinned(NOW + timedelta(minutes=2))
    page = page_text(client.get(url, headers=EN))
    assert kpi_value(page, "trainees") == "4" and "computed at 11:05" in page  # from the cache

    page = page_text(client.get(refresh, headers=EN))
    assert kpi_value(page, "trainees") == "5" and "computed at 11:07" in page
    page = page_text(client.get(url, headers=EN))
    assert kpi_value(page, "trainees") == "5" and "computed at 11:07" in page  # the refreshed figures kept

    pinned(NOW + timedelta(minutes=8))  # older than 5 minutes: computed again
    assert "computed at 11:13" in page_text(client.get(url, headers=EN))


def test_without_cache_the_page_says_only_when(client, login, world):
    login(Role.ADMIN)
    page = page_text(client.get(f"/reports/dashboard?{PERIOD}", headers=EN))
    assert "Figures computed at 11:05." in page and "at most every" not in page


def test_default_period_is_three_full_months_and_this_one(client, login, world):
    login(Role.ADMIN)
    page = page_text(client.get("/reports/dashboard", headers=EN))
    assert 'value="2026-08-01"' in page and 'value="2026-11-27"' in page
    assert dashboard_views.default_period(date(2026, 2, 14)) == (date(2025, 11, 1), date(2026, 2, 14))
    assert dashboard_views.default_period(date(2026, 3, 31)) == (date(2025, 12, 1), date(2026, 3, 31))


def test_page_uses_nothing_the_csp_would_block(client, login, world):
    login(Role.ADMIN)
    page = client.get(f"/reports/dashboard?{PERIOD}").get_data(as_text=True)
    for pattern, what in INLINE:
        match = pattern.search(page)
        assert match is None, f"the dashboard has an {what}: {page[match.start():match.start() + 80]!r}"
    # the drawings never get wider than their card (a phone's page must not scroll sideways)
    drawings = re.findall(r"<svg\b[^>]*>", page)
    assert len(drawings) == 2 and all(re.search(r'class="mw-100 h-auto ', svg) for svg in drawings)


# --- Exports ----------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line)) for line in lines[1:]]


def number(value) -> Decimal | None:
    return None if value in ("", None) else Decimal(str(value))


def test_kpi_export_has_value_previous_and_change(client, login, world):
    login(Role.ADMIN)
    expected = board()
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        response = client.get(f"/reports/dashboard.{fmt}?{PERIOD}&table=kpis")
        assert response.status_code == 200
        assert f"dashboard-kpis-kecamatan-{START.isoformat()}-{END.isoformat()}.{fmt}" in response.headers[
            "Content-Disposition"]
        lines = read(response)
        assert [line["figure"] for line in lines] == [k.key for k in expected.kpis]
        for line, kpi in zip(lines, expected.kpis):
            assert number(line["value"]) == (None if kpi.value is None else Decimal(kpi.value)), kpi.key
            assert number(line["previous"]) == (None if kpi.previous is None else Decimal(kpi.previous))
            assert number(line["change"]) == kpi.change
            assert line["change_unit"] == ("pp" if kpi.kind == "percent" else "%")
            assert str(line["previous_start"])[:10] == expected.previous_start.isoformat()
    trainees = read_csv(client.get(f"/reports/dashboard.csv?{PERIOD}&table=kpis"))[0]
    assert (trainees["figure"], trainees["value"]) == ("trainees", "4")


def test_rows_export_has_every_figure_of_every_row_in_the_page_order(client, login, world):
    login(Role.ADMIN)
    expected = board()
    by_key = {row.key: row for row in expected.rows}
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        response = client.get(f"/reports/dashboard.{fmt}?{PERIOD}&table=rows&sort=trainees&dir=desc")
        assert response.status_code == 200
        lines = read(response)
        assert len(lines) == 31 and lines[-1]["label"] == "Total"
        assert [line["key"] for line in lines[:3]] == [SUKASARI, COBLONG, CIPARAY]
        for line in lines[:-1]:
            row = by_key[line["key"]]
            for name, _label, _kind in figures.FIGURES:
                value = getattr(row, name)
                assert number(line[name]) == (None if value is None else Decimal(value)), (line["key"], name)
            for band in services.BAND_KEYS:
                assert int(line[f"band_{band}"]) == row.bands.get(band, 0)
        assert number(lines[-1]["amount_disbursed"]) == Decimal(10_000_000)
        assert number(lines[-1]["trainees"]) == 4
    gender = read_csv(client.get(f"/reports/dashboard.csv?{PERIOD}&dimension=gender"))
    assert [line["key"] for line in gender[:-1]] == [row.key for row in board("gender").rows]
    assert {line["dimension"] for line in gender} == {"gender"}


# --- Wrong parameters, access, statements ---------------------------------------------


@pytest.mark.parametrize("query, message", [
    ("start=2026-02-30", "Enter a date as YYYY-MM-DD"),
    ("start=yesterday", "Enter a date as YYYY-MM-DD"),
    ("start=2026-11-01&end=2026-10-01", "The period must not end before it starts."),
    ("dimension=village", "Unknown dimension"),
    ("figure=happiness", "Unknown figure"),
    ("sort=password", "Unknown column to sort by."),
    ("sort=trainees&dir=sideways", "The order must be asc or desc."),
])
@pytest.mark.parametrize("path", ["/reports/dashboard", "/reports/dashboard.csv", "/reports/dashboard.xlsx"])
def test_wrong_parameters_answer_400_with_the_reason(client, login, path, query, message):
    login(Role.ADMIN)
    response = client.get(f"{path}?{query}", headers=EN)
    assert response.status_code == 400
    page = page_text(response)
    assert message in page and 'id="filter-errors"' in page


def test_unknown_export_table_is_400(client, login):
    login(Role.ADMIN)
    response = client.get("/reports/dashboard.csv?table=users", headers=EN)
    assert response.status_code == 400
    assert "Unknown table: choose kpis or rows." in page_text(response)


@pytest.mark.parametrize("role, status", [(Role.ADMIN, 200), (Role.OFFICER, 200), (Role.MENTOR, 403),
                                          (Role.TRAINEE, 403)])
def test_admins_and_officers_only(client, login, role, status):
    login(role)
    for path in ("/reports/dashboard", "/reports/dashboard.csv?table=kpis", "/reports/dashboard.xlsx"):
        assert client.get(path).status_code == status, path


def test_anonymous_is_sent_to_login(client):
    response = client.get("/reports/dashboard")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_statements_do_not_grow_with_the_data(client, login, factory, world):
    login(Role.ADMIN)
    url = f"/reports/dashboard?{PERIOD}&sort=par30"
    ids = factory.admin.id, factory.product().id, factory.funding_source().id
    before = measure_get(client, url)
    # measure_get ended the session the factory's objects were in: fetch them again
    from accounts.models import User
    from loans.models import FundingSource, LoanProduct

    admin, product, source = (db.session.get(model, id) for model, id in zip((User, LoanProduct, FundingSource), ids))
    factory._admin = admin
    for n in range(6):
        person = factory.trainee(kelurahan_code=kelurahan_of(f"32.73.{10 + n:02d}"), poverty_status="extreme_poor")
        factory.loan(application=factory.application(trainee=person, product=product, approve=True),
                     funding_source=source, on=date(2026, 2, 1))
        factory.complaint(trainee=person)
    assert measure_get(client, url) == before
    assert measure_get(client, f"/reports/dashboard?{PERIOD}&dimension=sector") <= before


# --- The programme PDF's map --------------------------------------------------------------


def decoded(data_uri: str) -> str:
    return base64.b64decode(data_uri.split(",", 1)[1]).decode("utf-8")


def test_programme_pdf_has_the_map_coloured_by_extreme_poor_share_with_ranked_bars(app, world):
    report = services.programme_figures(services.ProgrammeFilters(start=START, end=END), as_of=TODAY)
    with force_locale("en"):
        context = documents.programme_report_context(report)
        page = documents.programme_report_html(report, locale="en")
    svg = decoded(context["kecamatan_map"])
    assert len(re.findall(r"<path [^>]*data-kecamatan=", svg)) == 30
    assert "<a " not in svg  # no links on paper
    assert "Sukasari: 50.0%" in svg and "Coblong: 0.0%" in svg and "Cidadap: No trainees" in svg
    # higher is worse: Sukasari (50 %) is in the darkest (highest) class
    classes = dict(re.findall(r'data-kecamatan="([^"]+)" data-class="([^"]+)"', svg))
    assert classes[SUKASARI] == max(c for c in classes.values() if c != "none")
    assert classes["32.73.04"] == "none"
    bars = decoded(context["kecamatan_chart"])
    # kecamatan with trainees only, highest first (ties by name: Babakan Ciparay, Coblong)
    assert re.findall(r'class="kecamatan-bar" data-kecamatan="([^"]+)"', bars) == [SUKASARI, CIPARAY, COBLONG]
    assert context["kecamatan_map"] in page and 'id="poverty-pockets-map"' in page
    pdf = documents.programme_report_pdf(report, locale="en")
    assert pdf.startswith(b"%PDF")


def test_programme_pdf_of_one_kecamatan_has_no_map(app, world):
    report = services.programme_figures(services.ProgrammeFilters(start=START, end=END, kecamatan=SUKASARI),
                                        as_of=TODAY)
    context = documents.programme_report_context(report)
    assert context["kecamatan_map"] is None and context["kecamatan_chart"] is None
