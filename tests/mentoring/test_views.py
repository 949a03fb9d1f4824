"""Mentoring pages through the test client: the mentor's home and early warning, the
session form (defaults, group sessions, attendance, notes, an action item in the same
request), the 7-day edit window, action items, check-ins with their confirmation, the
chart, mentor assignment; who may open what; staff notes never reach a trainee; the
mentor home and the trainee page run a constant number of queries."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from mentoring.models import ActionItem, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance
from tests.query_count import measure_get as _measure
from tests.test_security import INLINE
from trainees.models import Trainee

TODAY = date(2026, 11, 27)
EN = {"Accept-Language": "en"}
KELURAHAN = "32.73.01.1001"
OTHER_KELURAHAN = "32.73.02.1004"
STAFF_NOTE = "Suami sakit, utang ke rentenir"  # the staff-only text that must never reach a trainee


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The views' "today" (Bandung's date) pinned to the factories' date."""
    import mentoring.views
    import trainees.views

    monkeypatch.setattr(mentoring.views, "today", lambda: TODAY)
    monkeypatch.setattr(trainees.views, "today", lambda: TODAY)
    return TODAY


def text(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(app, factory):
    """A mentor with three trainees (the first linked to a trainee login), another mentor
    with one trainee, an officer and an admin."""
    mentor = factory.user(Role.MENTOR, full_name="Rina Pendamping")
    other_mentor = factory.user(Role.MENTOR, full_name="Dedi Pendamping")
    trainee_user = factory.user(Role.TRAINEE, username="siti")
    mine = [
        factory.trainee(full_name="Ani Lestari", mentor_id=mentor.id, user_id=trainee_user.id),
        factory.trainee(full_name="Bunga Citra", mentor_id=mentor.id),
        factory.trainee(full_name="Cucu Sumiati", mentor_id=mentor.id),
    ]
    theirs = factory.trainee(full_name="Zaenab Lain", mentor_id=other_mentor.id)
    return dict(mentor=mentor, other_mentor=other_mentor, trainee_user=trainee_user, mine=mine, theirs=theirs,
                officer=factory.user(Role.OFFICER), admin=factory.admin)


@pytest.fixture
def as_user(app, factory):
    """``as_user(user)``: a fresh test client logged in as ``user``."""

    def make(user):
        client = app.test_client()
        response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
        assert response.status_code == 302
        return client

    return make


def session_form(participants, **overrides) -> dict:
    form = dict(participants=[str(t.id) for t in participants], held_on=TODAY.isoformat(), starts_at="09:30",
                duration_minutes="60", mode="field_visit", kelurahan_code=KELURAHAN, topics=["bookkeeping"],
                topic_other="", shared_notes="", staff_notes="", next_session_on="", action_description="",
                action_due_on="", action_owner="trainee")
    form.update(overrides)
    return form


def checkin_form(**overrides) -> dict:
    form = dict(month="2026-10", revenue="4.500.000", costs="3.000.000", other_income="0", savings="750.000",
                paid_workers="0", unpaid_workers="1", channels=["market", "social_media"], keeps_records="y",
                practices=["records_sales", "knows_profit"])
    form.update(overrides)
    return form


# --- Home ----------------------------------------------------------------------------------


def test_mentor_home_lists_own_caseload_and_puts_trainees_at_risk_on_top(world, as_user, factory):
    ani, bunga, cucu = world["mine"]
    factory.mentor_session([bunga], mentor=world["mentor"], held_on=TODAY - timedelta(days=3))
    factory.checkin(bunga, actor=world["mentor"], month=date(2026, 10, 1))
    factory.checkin(cucu, actor=world["mentor"], month=date(2026, 10, 1), revenue=1_000_000, costs=1_500_000)
    client = as_user(world["mentor"])
    response = client.get("/mentoring/", headers=EN)
    assert response.status_code == 200
    page = text(response)
    assert "My trainees" in page
    caseload = page[page.index('id="caseload-table"'):]
    assert all(name in caseload for name in ("Ani Lestari", "Bunga Citra", "Cucu Sumiati"))
    assert "Zaenab Lain" not in page
    warning = page[page.index('id="early-warning"'):page.index('id="caseload"')]
    assert "Cucu Sumiati" in warning and "Loss of Rp 500.000" in warning
    assert "Bunga Citra" not in warning  # a session 3 days ago and a recent check-in: on track
    # Cucu (a loss and no session) comes before Ani (no check-in, no session).
    assert warning.index("Cucu Sumiati") < warning.index("Ani Lestari")
    assert f'/mentoring/sessions/new?trainee={cucu.id}' in warning


def test_staff_home_shows_every_mentor_with_figures_and_links_to_their_home(world, as_user, factory):
    factory.mentor_session(world["mine"][:2], mentor=world["mentor"], held_on=TODAY - timedelta(days=1))
    client = as_user(world["officer"])
    page = text(client.get("/mentoring/", headers=EN))
    row = re.search(rf'<tr data-mentor="{world["mentor"].id}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'class="text-end[^"]*">(\d+)</td>', row)
    assert cells[:2] == ["3", "1"]  # three trainees, one session this month
    assert "Dedi Pendamping" in page
    response = client.get(f"/mentoring/mentors/{world['mentor'].id}", headers=EN)
    assert response.status_code == 200
    assert "Trainees of Rina Pendamping" in text(response)
    assert client.get(f"/mentoring/mentors/{world['officer'].id}").status_code == 404


def test_trainee_cannot_open_mentoring_pages(world, as_user):
    client = as_user(world["trainee_user"])
    assert client.get("/mentoring/").status_code == 403
    assert client.get("/mentoring/sessions/new").status_code == 403
    assert client.get(f"/mentoring/trainees/{world['mine'][0].id}/checkin").status_code == 403


def test_nav_links_to_mentoring_for_staff_only(world, as_user):
    assert 'id="nav-mentoring"' in text(as_user(world["mentor"]).get("/trainees/"))
    assert 'id="nav-mentoring"' in text(as_user(world["officer"]).get("/trainees/"))
    assert 'id="nav-mentoring"' not in text(as_user(world["trainee_user"]).get("/"))


# --- Session form --------------------------------------------------------------------------


def test_session_form_defaults_to_today_and_the_mentors_last_mode_and_place(world, as_user, factory):
    ani = world["mine"][0]
    factory.mentor_session([ani], mentor=world["mentor"], held_on=TODAY - timedelta(days=10), mode="phone",
                           kelurahan_code=OTHER_KELURAHAN)
    client = as_user(world["mentor"])
    page = text(client.get(f"/mentoring/sessions/new?trainee={ani.id}", headers=EN))
    assert f'value="{TODAY.isoformat()}"' in page
    assert re.search(r'<input type="radio" class="btn-check" name="mode" id="mode-phone" value="phone"[^>]*checked', page)
    assert re.search(rf'<option selected value="{re.escape(OTHER_KELURAHAN)}">|<option value="{re.escape(OTHER_KELURAHAN)}" selected>', page)
    # The caseload as chips, the preselected trainee ticked; nobody else's trainees.
    assert re.search(rf'name="participants" id="participants-{ani.id}" value="{ani.id}"[^>]*checked', page)
    assert f'value="{world["mine"][1].id}"' in page and "Zaenab Lain" not in page
    assert 'class="btn-check" name="topics"' in page
    assert "Staff only" in page and "Shared with the trainee" in page


def test_first_session_defaults_to_field_visit_and_the_trainees_kelurahan(world, as_user):
    ani = world["mine"][0]
    page = text(as_user(world["mentor"]).get(f"/mentoring/sessions/new?trainee={ani.id}"))
    assert re.search(r'id="mode-field_visit" value="field_visit"[^>]*checked', page)
    assert re.search(rf'<option selected value="{re.escape(ani.kelurahan_code)}">', page)


def test_mentor_logs_a_group_session_with_attendance_notes_and_an_action_item(world, as_user):
    ani, bunga, cucu = world["mine"]
    client = as_user(world["mentor"])
    response = client.post("/mentoring/sessions/new", headers=EN, data=session_form(
        [ani, bunga, cucu], absent=[str(cucu.id)], mode="group_meeting", topics=["bookkeeping", "pricing", "other"],
        topic_other="Kemasan", shared_notes="Catat penjualan setiap hari.", staff_notes=STAFF_NOTE,
        next_session_on=(TODAY + timedelta(days=7)).isoformat(), action_description="Buat buku kas",
        action_due_on=(TODAY + timedelta(days=14)).isoformat(), action_owner="trainee"))
    assert response.status_code == 302, text(response)[:3000]
    session = db.session.scalars(select(MentoringSession)).one()
    assert response.location == f"/mentoring/sessions/{session.id}"
    assert session.kind == "group" and session.mode == "group_meeting" and session.mentor_id == world["mentor"].id
    assert sorted(t.topic for t in session.topics) == ["bookkeeping", "other", "pricing"]
    assert session.topic_other == "Kemasan"
    assert {a.trainee_id: a.attended for a in session.attendance} == {ani.id: True, bunga.id: True, cucu.id: False}
    items = db.session.scalars(select(ActionItem)).all()
    assert sorted(i.trainee_id for i in items) == sorted([ani.id, bunga.id])  # those who attended
    assert all(i.session_id == session.id and i.description == "Buat buku kas" for i in items)

    page = text(client.get(response.location, headers=EN))
    assert "Session logged." in page and STAFF_NOTE in page and "Catat penjualan setiap hari." in page
    assert 'id="edit-session"' in page and "Group" in page


def test_mentor_cannot_log_a_session_for_a_trainee_not_assigned_to_them(world, as_user):
    client = as_user(world["mentor"])
    response = client.post("/mentoring/sessions/new", headers=EN,
                           data=session_form([world["mine"][0], world["theirs"]], staff_notes=STAFF_NOTE))
    assert response.status_code == 400
    assert count(MentoringSession) == 0 and count(SessionAttendance) == 0
    assert "Zaenab Lain" not in text(response)


def test_session_form_shows_errors_on_the_fields_and_keeps_what_was_typed(world, as_user):
    client = as_user(world["mentor"])
    response = client.post("/mentoring/sessions/new", headers=EN, data=session_form(
        [], topics=["other"], topic_other="", shared_notes="Jangan hilang",
        held_on=(TODAY + timedelta(days=1)).isoformat()))
    assert response.status_code == 400
    page = text(response)
    assert "Choose at least one trainee." in page
    assert "Say what the other topic was." in page
    assert "Jangan hilang" in page
    assert count(MentoringSession) == 0
    # The service's rules come back on their fields too (a date in the future).
    response = client.post("/mentoring/sessions/new", headers=EN, data=session_form(
        [world["mine"][0]], held_on=(TODAY + timedelta(days=1)).isoformat()))
    assert response.status_code == 400
    assert "The session date cannot be in the future." in text(response)
    assert count(MentoringSession) == 0


def test_an_action_item_needs_a_due_date_and_nothing_is_saved_without_it(world, as_user):
    response = as_user(world["mentor"]).post("/mentoring/sessions/new", headers=EN, data=session_form(
        [world["mine"][0]], action_description="Buat buku kas", action_due_on=""))
    assert response.status_code == 400
    assert "Give the action item a due date." in text(response)
    assert count(MentoringSession) == 0 and count(ActionItem) == 0


def test_officer_finds_participants_by_search_and_logs_a_session(world, as_user):
    client = as_user(world["officer"])
    page = text(client.get("/mentoring/sessions/new?q=Zaenab", headers=EN))
    assert "Zaenab Lain" in page and "Ani Lestari" not in page
    # ?trainee= offers that trainee's mentor's whole caseload (a group is usually one mentor's).
    page = text(client.get(f"/mentoring/sessions/new?trainee={world['mine'][0].id}"))
    assert all(t.full_name in page for t in world["mine"])
    response = client.post(f"/mentoring/sessions/new?q=Zaenab", data=session_form([world["theirs"]]))
    assert response.status_code == 302
    session = db.session.scalars(select(MentoringSession)).one()
    assert session.mentor_id == world["officer"].id and session.kind == "individual"


# --- Session detail and the edit window ---------------------------------------------------


def test_author_edits_within_seven_days_and_the_change_is_audited(world, as_user, factory):
    ani, bunga, _ = world["mine"]
    session = factory.mentor_session([ani], mentor=world["mentor"], held_on=TODAY - timedelta(days=2))
    client = as_user(world["mentor"])
    page = text(client.get(f"/mentoring/sessions/{session.id}/edit", headers=EN))
    assert re.search(rf'id="participants-{ani.id}" value="{ani.id}"[^>]*checked', page)
    response = client.post(f"/mentoring/sessions/{session.id}/edit", headers=EN, data=session_form(
        [ani, bunga], held_on=(TODAY - timedelta(days=2)).isoformat(), topics=["stock"], duration_minutes="90"))
    assert response.status_code == 302, text(response)[:2000]
    session = db.session.get(MentoringSession, session.id)
    assert session.kind == "group" and session.duration_minutes == 90
    assert sorted(a.trainee_id for a in session.attendance) == sorted([ani.id, bunga.id])
    event_ = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mentoring_session.updated")).one()
    assert {"duration_minutes", "topics", "participants"} <= set(event_.details["changes"])


def test_editing_after_seven_days_or_by_someone_else_is_refused(world, as_user, factory, monkeypatch):
    import mentoring.views

    session = factory.mentor_session([world["mine"][0]], mentor=world["mentor"], held_on=TODAY - timedelta(days=2))
    created = session.created_at
    officer = as_user(world["officer"])
    assert officer.get(f"/mentoring/sessions/{session.id}/edit").status_code == 403
    assert as_user(world["other_mentor"]).get(f"/mentoring/sessions/{session.id}/edit").status_code == 404

    client = as_user(world["mentor"])
    monkeypatch.setattr(mentoring.views, "utcnow", lambda: created + timedelta(days=7))
    assert client.get(f"/mentoring/sessions/{session.id}/edit").status_code == 200
    monkeypatch.setattr(mentoring.views, "utcnow", lambda: created + timedelta(days=8))
    response = client.get(f"/mentoring/sessions/{session.id}/edit", headers=EN)
    assert response.status_code == 302 and response.location == f"/mentoring/sessions/{session.id}"
    response = client.post(f"/mentoring/sessions/{session.id}/edit", headers=EN,
                           data=session_form([world["mine"][0]], duration_minutes="15"))
    assert response.status_code == 302
    assert db.session.get(MentoringSession, session.id).duration_minutes == 60
    page = text(client.get(f"/mentoring/sessions/{session.id}", headers=EN))
    assert 'id="edit-session"' not in page and 'id="read-only-note"' in page


def test_a_past_mentor_keeps_read_access_to_the_sessions_they_logged_only(world, as_user, factory):
    ani = world["mine"][0]
    session = factory.mentor_session([ani], mentor=world["mentor"], staff_notes=STAFF_NOTE)
    from mentoring import services

    services.assign_mentor(db.session.get(Trainee, ani.id), world["other_mentor"], actor=world["officer"], on=TODAY,
                           reason="Pindah wilayah")
    db.session.commit()
    later = factory.mentor_session([ani], mentor=world["other_mentor"], held_on=TODAY)
    past = as_user(world["mentor"])
    assert past.get(f"/mentoring/sessions/{session.id}").status_code == 200
    assert past.get(f"/mentoring/sessions/{later.id}").status_code == 404
    assert past.get(f"/trainees/{ani.id}").status_code == 404
    assert past.get(f"/mentoring/trainees/{ani.id}/sessions").status_code == 404
    new = as_user(world["other_mentor"])
    assert new.get(f"/mentoring/sessions/{session.id}").status_code == 200  # their trainee took part
    assert STAFF_NOTE in text(new.get(f"/mentoring/trainees/{ani.id}/sessions"))


def test_session_history_is_paginated(world, as_user, factory, monkeypatch):
    import mentoring.views

    monkeypatch.setattr(mentoring.views, "SESSIONS_PER_PAGE", 2)
    ani = world["mine"][0]
    for days in (1, 2, 3):
        factory.mentor_session([ani], mentor=world["mentor"], held_on=TODAY - timedelta(days=days),
                               shared_notes=f"catatan {days}")
    client = as_user(world["mentor"])
    first = text(client.get(f"/mentoring/trainees/{ani.id}/sessions", headers=EN))
    assert "3 sessions" in first and "catatan 1" in first and "catatan 3" not in first
    second = text(client.get(f"/mentoring/trainees/{ani.id}/sessions?page=2", headers=EN))
    assert "catatan 3" in second and "catatan 1" not in second


# --- The trainee page -------------------------------------------------------------------------


def test_trainee_page_shows_sessions_actions_and_checkins_to_staff(world, as_user, factory):
    ani = world["mine"][0]
    factory.mentor_session([ani, world["mine"][1]], mentor=world["mentor"], shared_notes="Bagus sekali",
                           staff_notes=STAFF_NOTE, next_session_on=TODAY + timedelta(days=5))
    factory.action_item(ani, actor=world["mentor"], description="Pisahkan uang usaha", due_on=TODAY - timedelta(days=1))
    factory.action_item(ani, actor=world["mentor"], description="Foto produk", due_on=TODAY + timedelta(days=3))
    factory.checkin(ani, actor=world["mentor"], month=date(2026, 10, 1), revenue=4_500_000, costs=3_000_000)
    page = text(as_user(world["mentor"]).get(f"/trainees/{ani.id}", headers=EN))
    section = page[page.index('id="mentoring"'):]
    assert "Bagus sekali" in section and STAFF_NOTE in section
    assert re.search(r'action-overdue[^>]*>.*?Pisahkan uang usaha', section, re.S)
    assert not re.search(r'action-overdue[^>]*>\s*<div[^>]*>\s*<div[^>]*>\s*<span[^>]*>Foto produk', section)
    assert f'src="/mentoring/trainees/{ani.id}/chart.svg"' in section
    assert 'id="latest-profit">Rp 1.500.000<' in section
    assert 'id="log-session-link"' in section and 'id="record-checkin-link"' in section
    assert 'name="status" value="done"' in section
    assert 'id="change-mentor"' not in section  # mentors do not assign


def test_trainee_sees_their_sessions_and_shared_notes_but_never_staff_notes(world, as_user, factory):
    ani = world["mine"][0]
    factory.mentor_session([ani], mentor=world["mentor"], shared_notes="Bagus sekali", staff_notes=STAFF_NOTE)
    factory.action_item(ani, actor=world["mentor"], description="Pisahkan uang usaha")
    factory.checkin(ani, actor=world["mentor"], month=date(2026, 10, 1))
    client = as_user(world["trainee_user"])
    response = client.get(f"/trainees/{ani.id}", headers=EN)
    page = text(response)
    assert "Bagus sekali" in page and "Pisahkan uang usaha" in page
    assert STAFF_NOTE not in page and "Staff only" not in page
    assert 'name="status"' not in page and 'id="log-session-link"' not in page
    assert 'id="mentor-history"' not in page and 'id="trainee-warnings"' not in page
    assert STAFF_NOTE not in text(client.get(f"/mentoring/trainees/{ani.id}/chart.svg"))


# --- Action items ---------------------------------------------------------------------------


def test_action_item_is_added_edited_done_and_reopened_from_the_trainee_page(world, as_user):
    ani = world["mine"][0]
    client = as_user(world["mentor"])
    page = text(client.get(f"/mentoring/trainees/{ani.id}/actions/new"))
    assert f'value="{(TODAY + timedelta(days=14)).isoformat()}"' in page
    response = client.post(f"/mentoring/trainees/{ani.id}/actions/new", headers=EN, data=dict(
        description="Daftar NIB", due_on=(TODAY + timedelta(days=10)).isoformat(), owner="mentor"))
    assert response.status_code == 302 and response.location == f"/trainees/{ani.id}#mentoring-actions"
    item = db.session.scalars(select(ActionItem)).one()
    assert item.owner == "mentor" and item.session_id is None

    response = client.post(f"/mentoring/actions/{item.id}/edit", headers=EN, data=dict(
        description="Daftar NIB di OSS", due_on=(TODAY + timedelta(days=12)).isoformat(), owner="trainee"))
    assert response.status_code == 302
    response = client.post(f"/mentoring/actions/{item.id}/status", data={"status": "done"}, headers=EN)
    assert response.status_code == 302
    item = db.session.get(ActionItem, item.id)
    assert item.description == "Daftar NIB di OSS" and item.status == "done" and item.completed_on == TODAY
    assert "Action item marked done." in text(client.get(f"/trainees/{ani.id}", headers=EN))
    client.post(f"/mentoring/actions/{item.id}/status", data={"status": "open"})
    item = db.session.get(ActionItem, item.id)
    assert item.status == "open" and item.completed_on is None


def test_action_item_errors_and_access(world, as_user, factory):
    ani = world["mine"][0]
    client = as_user(world["mentor"])
    response = client.post(f"/mentoring/trainees/{ani.id}/actions/new", headers=EN,
                           data=dict(description="", due_on="", owner="trainee"))
    assert response.status_code == 400 and count(ActionItem) == 0
    item = factory.action_item(ani, actor=world["mentor"])
    other = as_user(world["other_mentor"])
    assert other.get(f"/mentoring/actions/{item.id}/edit").status_code == 404
    assert other.post(f"/mentoring/actions/{item.id}/status", data={"status": "done"}).status_code == 404
    trainee = as_user(world["trainee_user"])
    assert trainee.post(f"/mentoring/actions/{item.id}/status", data={"status": "done"}).status_code == 403
    assert client.post(f"/mentoring/actions/{item.id}/status", data={"status": "nonsense"}).status_code == 400
    assert db.session.get(ActionItem, item.id).status == "open"


# --- Check-ins -------------------------------------------------------------------------------


def test_checkin_defaults_to_last_month_and_is_recorded(world, as_user):
    ani = world["mine"][0]
    client = as_user(world["mentor"])
    page = text(client.get(f"/mentoring/trainees/{ani.id}/checkin", headers=EN))
    assert 'value="2026-10"' in page and 'type="month"' in page
    assert 'class="btn-check" name="practices"' in page
    response = client.post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN, data=checkin_form())
    assert response.status_code == 302, text(response)[:3000]
    checkin = db.session.scalars(select(BusinessCheckin)).one()
    assert checkin.month == date(2026, 10, 1) and checkin.revenue == Decimal("4500000")
    assert checkin.profit == Decimal("1500000") and checkin.practices_score == 2
    assert [c.value for c in checkin.channels] == ["market", "social_media"]
    assert checkin.keeps_records and not checkin.separates_money


def test_checkin_with_suspicious_figures_needs_a_confirmation(world, as_user):
    ani = world["mine"][0]
    client = as_user(world["mentor"])
    data = checkin_form(revenue="1.500", costs="1.000")
    response = client.post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN, data=data)
    assert response.status_code == 400
    page = text(response)
    assert "looks like thousands" in page and 'name="confirmed"' in page
    assert 'value="1.500"' in page  # what was typed stays
    assert count(BusinessCheckin) == 0
    response = client.post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN, data={**data, "confirmed": "y"})
    assert response.status_code == 302
    assert db.session.scalars(select(BusinessCheckin)).one().revenue == Decimal(1500)


def test_checkin_errors_show_on_their_fields(world, as_user):
    ani = world["mine"][0]
    response = as_user(world["mentor"]).post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN,
                                             data=checkin_form(revenue="-5", month="2027-01", paid_workers="900"))
    assert response.status_code == 400
    page = text(response)
    assert "Enter a whole rupiah amount" in page
    assert count(BusinessCheckin) == 0
    response = as_user(world["mentor"]).post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN,
                                             data=checkin_form(month="2027-01"))
    assert response.status_code == 400 and "The month cannot be in the future." in text(response)


def test_recording_a_month_again_loads_and_replaces_it(world, as_user, factory):
    ani = world["mine"][0]
    factory.checkin(ani, actor=world["mentor"], month=date(2026, 9, 1), revenue=2_000_000, costs=1_000_000)
    client = as_user(world["mentor"])
    page = text(client.get(f"/mentoring/trainees/{ani.id}/checkin?month=2026-09", headers=EN))
    assert 'value="2.000.000"' in page and 'id="replaces-note"' in page
    response = client.post(f"/mentoring/trainees/{ani.id}/checkin", headers=EN,
                           data=checkin_form(month="2026-09", revenue="2.500.000", costs="1.000.000"))
    assert response.status_code == 302
    checkin = db.session.scalars(select(BusinessCheckin)).one()
    assert checkin.revenue == Decimal(2_500_000)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "business_checkin.replaced")) == 1


def test_other_mentor_and_trainee_cannot_record_a_checkin(world, as_user):
    ani = world["mine"][0]
    assert as_user(world["other_mentor"]).post(f"/mentoring/trainees/{ani.id}/checkin",
                                               data=checkin_form()).status_code == 404
    assert as_user(world["trainee_user"]).post(f"/mentoring/trainees/{ani.id}/checkin",
                                               data=checkin_form()).status_code == 403
    assert count(BusinessCheckin) == 0


def test_chart_is_an_svg_with_its_own_strict_policy(world, as_user, factory):
    ani = world["mine"][0]
    for month, revenue in ((8, 3_000_000), (9, 3_500_000), (10, 4_000_000)):
        factory.checkin(ani, actor=world["mentor"], month=date(2026, month, 1), revenue=revenue)
    response = as_user(world["trainee_user"]).get(f"/mentoring/trainees/{ani.id}/chart.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = text(response)
    assert "<svg" in svg
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "script-src" not in csp
    assert as_user(world["other_mentor"]).get(f"/mentoring/trainees/{ani.id}/chart.svg").status_code == 404


# --- Assignment -------------------------------------------------------------------------------


def test_officer_reassigns_a_trainee_with_a_reason(world, as_user):
    ani = world["mine"][0]
    client = as_user(world["officer"])
    page = text(client.get(f"/mentoring/trainees/{ani.id}/assign", headers=EN))
    assert "Rina Pendamping" in page and 'id="assignment-history"' in page
    response = client.post(f"/mentoring/trainees/{ani.id}/assign", headers=EN,
                           data=dict(mentor_id=str(world["other_mentor"].id), assigned_on=TODAY.isoformat(), reason=""))
    assert response.status_code == 400
    assert "Give the reason for changing the mentor." in text(response)
    assert db.session.get(Trainee, ani.id).mentor_id == world["mentor"].id
    response = client.post(f"/mentoring/trainees/{ani.id}/assign", headers=EN, data=dict(
        mentor_id=str(world["other_mentor"].id), assigned_on=TODAY.isoformat(), reason="Pindah wilayah"))
    assert response.status_code == 302 and response.location == f"/trainees/{ani.id}#mentoring"
    assert db.session.get(Trainee, ani.id).mentor_id == world["other_mentor"].id
    history = db.session.scalars(select(MentorAssignment).where(MentorAssignment.trainee_id == ani.id)
                                 .order_by(MentorAssignment.id)).all()
    assert [(a.mentor_id, a.ended_on) for a in history] == [(world["mentor"].id, TODAY), (world["other_mentor"].id, None)]
    page = text(client.get(f"/trainees/{ani.id}", headers=EN))
    assert "Dedi Pendamping" in page and "Pindah wilayah" in page and 'id="change-mentor"' in page


# --- No inline code (CSP) -----------------------------------------------------------------------


def test_mentoring_pages_use_nothing_the_csp_would_block(world, as_user, factory):
    ani = world["mine"][0]
    session = factory.mentor_session([ani], mentor=world["mentor"], staff_notes=STAFF_NOTE)
    item = factory.action_item(ani, actor=world["mentor"])
    factory.checkin(ani, actor=world["mentor"], month=date(2026, 10, 1))
    paths = ["/mentoring/", "/mentoring/sessions/new", f"/mentoring/sessions/new?trainee={ani.id}",
             f"/mentoring/sessions/{session.id}", f"/mentoring/sessions/{session.id}/edit",
             f"/mentoring/trainees/{ani.id}/sessions", f"/mentoring/trainees/{ani.id}/actions/new",
             f"/mentoring/actions/{item.id}/edit", f"/mentoring/trainees/{ani.id}/checkin", f"/trainees/{ani.id}"]
    mentor = as_user(world["mentor"])
    admin = as_user(world["admin"])
    for client, path in [(mentor, p) for p in paths] + [
            (admin, "/mentoring/"), (admin, f"/mentoring/mentors/{world['mentor'].id}"),
            (admin, f"/mentoring/trainees/{ani.id}/assign")]:
        response = client.get(path)
        assert response.status_code == 200, path
        page = text(response)
        for pattern, what in INLINE:
            match = pattern.search(page)
            assert match is None, f"{path} has an {what}: {page[match.start():match.start() + 80]!r}"


# --- Query counts -----------------------------------------------------------------------------



def _add_history(factory, mentor_id, trainee_ids, *, sessions, months):
    from accounts.models import User

    mentor = db.session.get(User, mentor_id)
    trainees = [db.session.get(Trainee, i) for i in trainee_ids]
    for n in range(sessions):
        factory.mentor_session(trainees[: 1 + n % len(trainees)], mentor=mentor,
                               held_on=TODAY - timedelta(days=1 + n), staff_notes=STAFF_NOTE, shared_notes="ok")
    for trainee in trainees:
        for m in range(months):
            index = 2026 * 12 + 10 - (m + 1)  # October 2026, then the months before
            factory.checkin(trainee, actor=mentor, month=date(index // 12, index % 12 + 1, 1))
        factory.action_item(trainee, actor=mentor, due_on=TODAY - timedelta(days=sessions))


@pytest.mark.parametrize("page", ["home", "trainee"])
def test_mentor_home_and_trainee_page_run_a_constant_number_of_queries(world, as_user, factory, page):
    mentor_id = world["mentor"].id
    ids = [t.id for t in world["mine"]]
    client = as_user(world["mentor"])
    url = "/mentoring/" if page == "home" else f"/trainees/{ids[0]}"
    _add_history(factory, mentor_id, ids, sessions=3, months=1)
    few = _measure(client, url)
    factory._admin = db.session.merge(factory.admin)
    _add_history(factory, mentor_id, ids, sessions=30, months=6)
    extra = factory.trainee(mentor_id=mentor_id, actor=db.session.merge(factory.admin))
    factory.mentor_session([extra], mentor=db.session.get(type(world["mentor"]), mentor_id), held_on=TODAY)
    many = _measure(client, url)
    assert many == few, (few, many)
    # the login's user + the unread-notifications count + overview's budget (+ the record)
    assert few <= (5 if page == "home" else 11), few
