"""Report pages through the test client: the trainee page's Sustainability section
(assess, stale notice, changes, history, graduate), the progress report download and the
snapshot page with who may open them (a trainee only their own, a mentor only their
trainees: 404 otherwise), the programme report with its filters (bad input is a 400
with the reason, never a 500) and exports, and the trainee page's query count."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from flask import g
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from reports import criteria_text, services
from reports.models import Assessment
from tests.reports.test_services import strong_trainee, weak_trainee
from tests.test_security import INLINE
from tests.query_count import count_queries
from trainees.models import Kecamatan, Trainee

TODAY = date(2026, 11, 27)
#: strong_trainee (joined 15 Jan 2026) is ready to graduate from here on.
READY_DAY = date(2027, 1, 15)
EN = {"Accept-Language": "en"}
STAFF_NOTE = "Suami sakit, utang ke rentenir"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The views' "today" (Bandung's date) pinned; ``fixed_today(day)`` moves it."""
    import reports.views
    import trainees.views

    def set_day(day):
        monkeypatch.setattr(reports.views, "today", lambda: day)
        monkeypatch.setattr(trainees.views, "today", lambda: day)

    set_day(TODAY)
    return set_day


@pytest.fixture
def as_user(app, factory):
    """``as_user(user)``: a fresh test client logged in as ``user``."""

    def make(user):
        client = app.test_client()
        response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
        assert response.status_code == 302
        return client

    return make


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post_and_follow(client, url):
    """POST (English), then GET the page it redirects to (the test client here cannot
    follow redirects itself)."""
    response = client.post(url, headers=EN)
    assert response.status_code == 302, response.status_code
    return client.get(response.location, headers=EN)


def shown(score) -> str:
    """A score as the page shows it in English: one decimal, none when whole."""
    value = f"{score:.1f}"
    return value[:-2] if value.endswith(".0") else value


def section(page: str) -> str:
    """The Sustainability section of a trainee page."""
    start = page.index('id="sustainability"')
    return page[start:page.index("</section>", start)]


def assessments(trainee) -> list[Assessment]:
    return list(db.session.scalars(
        select(Assessment).where(Assessment.trainee_id == trainee.id).order_by(Assessment.id)))


@pytest.fixture
def world(factory):
    """The weak trainee (Rentan) belongs to the ``trainee`` login and the ``mentor``;
    another trainee with their own login and mentor; an officer and an admin."""
    admin = factory.admin
    mentor, other_mentor = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    trainee_user, other_user = factory.user(Role.TRAINEE), factory.user(Role.TRAINEE)
    weak = weak_trainee(factory)
    weak.mentor_id, weak.user_id = mentor.id, trainee_user.id
    other = factory.trainee(mentor_id=other_mentor.id, user_id=other_user.id)
    db.session.commit()
    return dict(admin=admin, officer=factory.user(Role.OFFICER), mentor=mentor, other_mentor=other_mentor,
                trainee_user=trainee_user, other_user=other_user, weak=weak, other=other)


# --- Assess ---------------------------------------------------------------------------


def test_admin_assesses_and_the_page_shows_score_band_reasons_and_no_previous(world, as_user):
    weak = world["weak"]
    client = as_user(world["admin"])
    page = section(text(client.get(f"/trainees/{weak.id}", headers=EN)))
    assert "Not assessed yet." in page and 'id="assess-now"' in page

    response = client.post(f"/reports/trainees/{weak.id}/assess", headers=EN)
    assert response.status_code == 302
    assert response.location.endswith(f"/trainees/{weak.id}#sustainability")
    [row] = assessments(weak)
    assert (row.as_of, row.band, row.assessed_by_id) == (TODAY, "rentan", world["admin"].id)

    page = text(client.get(response.location, headers=EN))
    assert "Assessed: score" in page and "Rentan (at risk)" in page  # the flash
    part = section(page)
    assert re.search(r'id="assessment-band"[^>]*>Rentan \(at risk\)<', part)
    assert f'id="assessment-score">{shown(row.score)}<' in part
    # each criterion with its status and its sentence, figures included
    assert part.count('class="list-group-item px-0 criterion"') == 9
    assert re.search(r'data-code="repays" data-status="not_met"', part)
    assert "48 days past due now" in part
    assert "Attended a session in 0 of the last 3 months" in part
    assert "Not ready to graduate yet:" in part and "The score is not yet in the Mandiri" in part
    assert "This is the first assessment." in part
    assert 'id="assessment-stale"' not in part  # just assessed
    assert 'id="graduate"' not in part  # not ready


def test_assessing_again_without_new_data_keeps_the_snapshot(world, as_user):
    client = as_user(world["officer"])
    url = f"/reports/trainees/{world['weak'].id}/assess"
    client.post(url, headers=EN)
    response = post_and_follow(client, url)
    assert "Nothing has changed since today's assessment" in text(response)
    assert len(assessments(world["weak"])) == 1


def test_new_data_makes_the_assessment_stale_and_a_new_one_lists_the_changes(world, as_user, factory):
    weak, mentor = world["weak"], world["mentor"]
    client = as_user(mentor)  # the trainee's own mentor may assess
    client.post(f"/reports/trainees/{weak.id}/assess")
    # a session this month and a check-in for November: fresher data
    factory.mentor_session([weak], mentor=mentor, held_on=TODAY - timedelta(days=2))
    factory.checkin(weak, actor=mentor, month=date(2026, 11, 1), revenue=6_000_000, costs=3_000_000)

    part = section(text(client.get(f"/trainees/{weak.id}", headers=EN)))
    stale = re.search(r'id="assessment-stale"[^>]*>(.*?)</p>', part, re.S)
    assert stale and "Data has changed since this assessment; assess again" in stale.group(1)
    assert "text-muted" in part[part.index('id="assessment-stale"') - 40:part.index('id="assessment-stale"')]

    client.post(f"/reports/trainees/{weak.id}/assess")
    first, second = assessments(weak)
    part = section(text(client.get(f"/trainees/{weak.id}", headers=EN)))
    assert 'id="assessment-stale"' not in part
    changes = part[part.index('id="assessment-changes"'):part.index('id="assessment-history"')]
    expected = services.changes_since_previous(second)
    assert expected, "the new data should change something"
    with force_locale("en"):
        for change in expected:
            assert criteria_text.change_text(change) in changes
    history = part[part.index('id="assessment-history"'):]
    assert history.count("<li") == 2
    assert history.index(f"/reports/assessments/{second.id}") < history.index(f"/reports/assessments/{first.id}")


def test_who_may_assess(world, as_user):
    weak, other = world["weak"], world["other"]
    assert as_user(world["trainee_user"]).post(f"/reports/trainees/{weak.id}/assess").status_code == 403
    assert as_user(world["mentor"]).post(f"/reports/trainees/{other.id}/assess").status_code == 404
    assert as_user(world["mentor"]).post("/reports/trainees/999999/assess").status_code == 404
    assert assessments(other) == []
    assert as_user(world["officer"]).post(f"/reports/trainees/{other.id}/assess").status_code == 302
    assert len(assessments(other)) == 1


def test_assess_button_only_for_staff_and_the_trainees_mentor(world, as_user, factory):
    weak = world["weak"]
    for user, shown in ((world["admin"], True), (world["officer"], True), (world["mentor"], True),
                        (world["trainee_user"], False)):
        part = section(text(as_user(user).get(f"/trainees/{weak.id}", headers=EN)))
        assert ('id="assess-now"' in part) is shown, user.role
        assert 'id="download-report"' in part


# --- The trainee's own view -------------------------------------------------------------


def test_trainee_sees_their_assessment_and_downloads_only_their_own_report(world, as_user, factory):
    weak, mentor = world["weak"], world["mentor"]
    factory.mentor_session([weak], mentor=mentor, held_on=TODAY - timedelta(days=40), staff_notes=STAFF_NOTE)
    services.assess_trainee(weak, actor=world["admin"], as_of=TODAY)
    db.session.commit()
    client = as_user(world["trainee_user"])
    page = text(client.get(f"/trainees/{weak.id}", headers=EN))
    part = section(page)
    assert "Rentan (at risk)" in part and "48 days past due now" in part
    assert 'id="assess-now"' not in part and 'id="graduate"' not in part
    assert STAFF_NOTE not in page

    response = client.get(f"/reports/trainees/{weak.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.pdf"')
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert weak.full_name in pdf_text and STAFF_NOTE not in pdf_text

    # another trainee's report, or one that does not exist: not found
    assert client.get(f"/reports/trainees/{world['other'].id}/report.pdf").status_code == 404
    assert client.get("/reports/trainees/999999/report.pdf").status_code == 404


def test_report_download_is_for_those_who_see_the_trainee(world, as_user, app):
    weak, other = world["weak"], world["other"]
    url = f"/reports/trainees/{weak.id}/report.pdf"
    assert as_user(world["other_mentor"]).get(url).status_code == 404  # mentor of someone else
    assert as_user(world["other_user"]).get(url).status_code == 404
    assert app.test_client().get(url).status_code == 302  # to the login page
    for user in (world["mentor"], world["officer"]):
        response = as_user(user).get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert as_user(world["mentor"]).get(f"/reports/trainees/{other.id}/report.pdf").status_code == 404


def test_a_snapshot_is_shown_as_it_was_to_those_who_see_the_trainee(world, as_user, factory):
    weak, mentor = world["weak"], world["mentor"]
    first = services.assess_trainee(weak, actor=mentor, as_of=TODAY - timedelta(days=10))
    db.session.commit()
    old_score = first.score
    factory.mentor_session([weak], mentor=mentor, held_on=TODAY - timedelta(days=1))
    factory.checkin(weak, actor=mentor, month=date(2026, 11, 1), revenue=9_000_000, costs=1_000_000,
                    separates_money=True)
    second = services.assess_trainee(weak, actor=world["officer"], as_of=TODAY)
    db.session.commit()
    assert second.score != old_score

    url = f"/reports/assessments/{first.id}"
    page = text(as_user(world["trainee_user"]).get(url, headers=EN))
    assert "Shown as it was computed" in page
    assert re.search(r'id="assessment-score">([^<]*)<', page).group(1) == shown(old_score)
    assert "This is the first assessment." in page
    page = text(as_user(world["officer"]).get(f"/reports/assessments/{second.id}", headers=EN))
    assert "Since the previous assessment" in page and f"/reports/assessments/{first.id}" in page
    assert 'id="inputs-summary"' in page

    for user in (world["other_user"], world["other_mentor"]):
        assert as_user(user).get(url).status_code == 404
    assert as_user(world["admin"]).get("/reports/assessments/999999").status_code == 404


# --- Graduate --------------------------------------------------------------------------


def test_officer_graduates_a_ready_trainee_from_the_page(factory, as_user, fixed_today):
    fixed_today(READY_DAY)
    trainee = strong_trainee(factory)
    officer, mentor = factory.user(Role.OFFICER), factory.user(Role.MENTOR)
    trainee.mentor_id = mentor.id
    db.session.commit()
    services.assess_trainee(trainee, actor=None, as_of=READY_DAY - timedelta(days=1))  # 11 months: not yet
    db.session.commit()
    client = as_user(officer)
    client.post(f"/reports/trainees/{trainee.id}/assess")
    part = section(text(client.get(f"/trainees/{trainee.id}", headers=EN)))
    assert "Ready to graduate" in part and "Mandiri (sustainable)" in part
    assert "Now ready to graduate." in part[part.index('id="assessment-changes"'):]
    assert 'id="graduate"' in part and "data-confirm=" in part
    # the mentor sees the verdict but no button, and may not post it
    mentor_client = as_user(mentor)
    assert 'id="graduate"' not in section(text(mentor_client.get(f"/trainees/{trainee.id}", headers=EN)))
    assert mentor_client.post(f"/reports/trainees/{trainee.id}/graduate").status_code == 403

    response = post_and_follow(client, f"/reports/trainees/{trainee.id}/graduate")
    assert "has graduated from the programme" in text(response)
    db.session.expire_all()
    graduated = db.session.get(Trainee, trainee.id)
    assert (graduated.graduated_on, graduated.graduated_by_id) == (READY_DAY, officer.id)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "trainee.graduated")) == 1
    part = section(text(client.get(f"/trainees/{trainee.id}", headers=EN)))
    assert 'id="graduated"' in part and officer.full_name in part and 'id="graduate"' not in part

    response = post_and_follow(client, f"/reports/trainees/{trainee.id}/graduate")
    assert "already graduated" in text(response)


def test_graduation_is_refused_with_the_reasons_when_not_ready(world, as_user):
    weak = world["weak"]
    client = as_user(world["admin"])
    response = post_and_follow(client, f"/reports/trainees/{weak.id}/graduate")
    assert "has not been assessed yet" in text(response)
    client.post(f"/reports/trainees/{weak.id}/assess")
    response = post_and_follow(client, f"/reports/trainees/{weak.id}/graduate")
    page = text(response)
    assert "does not show the trainee ready" in page and "The score is not yet in the Mandiri" in page
    assert db.session.get(Trainee, weak.id).graduated_on is None
    assert as_user(world["trainee_user"]).post(f"/reports/trainees/{weak.id}/graduate").status_code == 403


def test_a_stale_ready_assessment_hides_the_button_and_is_refused(factory, as_user, fixed_today):
    fixed_today(READY_DAY)
    trainee = strong_trainee(factory)
    client = as_user(factory.admin)
    client.post(f"/reports/trainees/{trainee.id}/assess")
    factory.checkin(trainee, actor=factory.admin, month=date(2027, 1, 1), today=READY_DAY)
    part = section(text(client.get(f"/trainees/{trainee.id}", headers=EN)))
    assert 'id="assessment-stale"' in part and 'id="graduate"' not in part
    assert "Assess again before recording the graduation." in part
    response = post_and_follow(client, f"/reports/trainees/{trainee.id}/graduate")
    assert "out of date" in text(response)
    assert db.session.get(Trainee, trainee.id).graduated_on is None


# --- Programme report --------------------------------------------------------------------


@pytest.fixture
def programme(factory):
    """Two extreme-poor trainees in one kecamatan (one with a loan), a poor one in
    another; the first assessed."""
    kec_a, kec_b = "32.73.01", "32.73.02"
    first = factory.trainee(poverty_status="extreme_poor", kelurahan_code="32.73.01.1001", full_name="Ani A")
    factory.trainee(poverty_status="extreme_poor", kelurahan_code="32.73.01.1002", full_name="Budi A")
    factory.trainee(poverty_status="poor", kelurahan_code="32.73.02.1004", full_name="Cici B")
    factory.loan(application=factory.application(trainee=first, approve=True))
    services.assess_trainee(first, actor=factory.admin, as_of=TODAY)
    db.session.commit()
    return dict(kec_a=kec_a, kec_b=kec_b)


def test_programme_page_shows_the_figures_with_the_poverty_pockets_first(programme, as_user, factory):
    client = as_user(factory.admin)
    response = client.get("/reports/programme", headers=EN)
    assert response.status_code == 200
    page = text(response)
    # default period: 1 January of this year to today
    assert 'value="2026-01-01"' in page and f'value="{TODAY.isoformat()}"' in page
    assert re.search(r'id="total-trainees">.*?figure-value">3<', page, re.S)
    assert re.search(r'id="total-loans">.*?figure-value">1<', page, re.S)
    table = page[page.index('id="kecamatan-table"'):]
    codes = re.findall(r'data-kecamatan="([\d.]+)"', table)
    assert len(codes) == db.session.scalar(select(func.count()).select_from(Kecamatan)) == 30
    assert codes[:2] == [programme["kec_a"], programme["kec_b"]]  # 100 % extreme poor, then 0 % with trainees
    assert 'id="kecamatan-total"' in table

    response = client.get("/reports/programme", query_string={"kecamatan": programme["kec_b"]}, headers=EN)
    table = text(response)[text(response).index('id="kecamatan-table"'):]
    assert re.findall(r'data-kecamatan="([\d.]+)"', table) == [programme["kec_b"]]


def test_programme_report_is_for_admins_and_officers(world, as_user):
    for user, status in ((world["admin"], 200), (world["officer"], 200), (world["mentor"], 403),
                         (world["trainee_user"], 403)):
        assert as_user(user).get("/reports/programme").status_code == status, user.role
        assert as_user(user).get("/reports/programme.csv").status_code == status, user.role


@pytest.mark.parametrize("args, message", [
    ({"start": "kemarin"}, "Enter a date as YYYY-MM-DD"),
    ({"start": "2026-13-01"}, "Enter a date as YYYY-MM-DD"),
    ({"end": "2026-02-30"}, "Enter a date as YYYY-MM-DD"),
    ({"start": "2026-06-01", "end": "2026-05-31"}, "The period must not end before it starts."),
    ({"start": "2000-01-01", "end": "2026-01-01"}, "The period can be at most 10 years long."),
    ({"kecamatan": "99.99.99"}, "Unknown kecamatan"),
    ({"kecamatan": "x" * 300}, "Unknown kecamatan"),
])
@pytest.mark.parametrize("path", ["/reports/programme", "/reports/programme.pdf", "/reports/programme.csv",
                                  "/reports/programme.xlsx"])
def test_bad_filters_answer_400_with_the_reason(app, factory, as_user, path, args, message):
    client = as_user(factory.admin)
    response = client.get(path, query_string=args, headers=EN)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = text(response)
    assert 'id="filter-errors"' in page and message in page


def test_empty_dates_mean_the_default_period(programme, as_user, factory):
    response = as_user(factory.admin).get("/reports/programme", query_string={"start": "", "end": " "})
    assert response.status_code == 200


def test_kecamatan_table_exports_as_csv_and_xlsx(programme, as_user, factory):
    client = as_user(factory.admin)
    response = client.get("/reports/programme.csv", query_string={"start": "2026-01-01", "end": "2026-11-27"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="programme-kecamatan-2026-01-01-2026-11-27.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 30
    assert [r["kecamatan_code"] for r in rows[:2]] == [programme["kec_a"], programme["kec_b"]]
    first = rows[0]
    assert (first["trainees"], first["poverty_extreme_poor"], first["loans_disbursed"]) == ("2", "2", "1")
    assert first["extreme_poor_share_percent"] == "100.00" and first["band_rentan"] in {"0", "1"}
    assert int(first["band_not_assessed"]) == 1

    response = client.get("/reports/programme.xlsx", query_string={"kecamatan": programme["kec_a"]})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:3] == ("kecamatan_code", "kecamatan", "trainees")
    assert len(values) == 2 and values[1][0] == programme["kec_a"] and values[1][2] == 2


def test_programme_pdf_downloads(programme, as_user, factory):
    response = as_user(factory.admin).get("/reports/programme.pdf", query_string={"kecamatan": programme["kec_a"]})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_reports_link_in_the_menu_for_admins_and_officers_only(world, as_user):
    for user, shown in ((world["admin"], True), (world["officer"], True), (world["mentor"], False),
                        (world["trainee_user"], False)):
        page = text(as_user(user).get(f"/trainees/{world['weak'].id}", headers=EN))
        assert ('id="nav-reports"' in page) is shown, user.role


def test_report_pages_use_nothing_the_csp_would_block(world, as_user, programme):
    weak = world["weak"]
    row = services.assess_trainee(weak, actor=world["admin"], as_of=TODAY)
    db.session.commit()
    client = as_user(world["admin"])
    for path in (f"/trainees/{weak.id}", f"/reports/assessments/{row.id}", "/reports/programme",
                 "/reports/programme?start=nope"):
        page = client.get(path).get_data(as_text=True)
        for pattern, what in INLINE:
            match = pattern.search(page)
            assert match is None, f"{path} has an {what}: {page[match.start():match.start() + 80]!r}"


# --- Query count ------------------------------------------------------------------------


def _measure(client, url) -> int:
    g.pop("_login_user", None)
    db.session.remove()
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    db.session.remove()
    return len(statements)


def test_trainee_page_query_count_does_not_grow_with_assessments(factory, as_user):
    """The section costs one query for the history (assessors joined: no N+1) and, while
    the latest assessment is of the current month, four to gather the inputs it is
    compared with (``services.is_stale``); the same with 2 or 26 assessments by as many
    assessors. (Without an assessment, tests/trainees keeps the page within its bound.)"""
    trainee = strong_trainee(factory)
    client = as_user(factory.admin)
    url = f"/trainees/{trainee.id}"
    without = _measure(client, url)

    def assess(day, actor):
        services.assess_trainee(db.session.get(Trainee, trainee.id), actor=actor, as_of=date(2026, 11, day))
        db.session.commit()

    for day in (1, 2):
        assess(day, None)
    few = _measure(client, url)
    assert few == without + 4, (without, few)
    for day in range(3, 27):  # newer ones, each by another officer
        assess(day, factory.user(Role.OFFICER))
    assert _measure(client, url) == few
