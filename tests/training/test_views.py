"""Training pages: roles (admin/officer manage, mentor reads and takes attendance, trainee
403), objects not visible 404, bad input a localised message and 400, the attendance page
(one toggle per trainee, all absent by default, a counter), completion and certificates.
Also checks the rows of tests/access_training.py on their own world. SQLite and PostgreSQL."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

import training.views
from accounts.models import Role
from extensions import db
from tests.access_training import LOGIN, TRAINING_EXPECTED, VISITORS, training_objects
from training import services
from training.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus, TrainingAttendance, TrainingProgramme

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today_and_english(monkeypatch, client):
    monkeypatch.setattr(training.views, "today", lambda: TODAY)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def text(response) -> str:
    return response.get_data(as_text=True)


def follow(client, response):
    """The page a redirect leads to (the isolated test client does not follow redirects)."""
    assert response.status_code == 302, response.status_code
    return client.get(response.location)


def cohort_form(programme, **overrides):
    values = dict(programme_id=programme.id, name="Angkatan 7 – Sukasari", trainer="Bu Rina", kelurahan_code="32.73.01.1001",
                  venue="Balai RW 02", starts_on="2026-03-02", ends_on="2026-04-30", capacity="2",
                  min_attendance_percent="75")
    values.update(overrides)
    return values


# --- Roles --------------------------------------------------------------------------------------


def test_trainee_gets_403_on_staff_pages(client, login, factory):
    cohort = factory.cohort()
    login(Role.TRAINEE)
    for url in ("/training/", f"/training/cohorts/{cohort.id}", f"/training/cohorts/{cohort.id}/sessions/new",
                "/training/cohorts/new"):
        assert client.get(url).status_code == 403, url


def test_mentor_reads_and_takes_attendance_but_does_not_manage(client, login, factory):
    cohort = factory.cohort(status="running")
    enrolment = factory.enrolment(cohort=cohort)
    login(Role.MENTOR)
    page = client.get(f"/training/cohorts/{cohort.id}")
    assert page.status_code == 200
    assert "record-session" in text(page) and "edit-cohort" not in text(page) and "complete-cohort" not in text(page)
    assert client.get("/training/cohorts/new").status_code == 403
    assert client.post(f"/training/cohorts/{cohort.id}/complete").status_code == 403
    assert client.post(f"/training/enrolments/{enrolment.id}/withdraw").status_code == 403
    response = client.post(f"/training/cohorts/{cohort.id}/sessions/new",
                           data={"held_on": "2026-03-09", "topic": "Pemasaran", "duration_minutes": "120",
                                 "present": [str(enrolment.id)]})
    assert response.status_code == 302
    assert db.session.scalar(select(TrainingAttendance.present).where(TrainingAttendance.enrolment_id == enrolment.id))


def test_missing_objects_answer_404(client, login):
    login(Role.ADMIN)
    for url in ("/training/cohorts/999", "/training/cohorts/999/edit", "/training/programmes/999/edit",
                "/training/sessions/999/attendance", "/training/enrolments/999/certificate.pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post("/training/enrolments/999/withdraw").status_code == 404


# --- Programmes and cohorts ---------------------------------------------------------------------


def test_admin_creates_a_programme_and_a_duplicate_name_is_refused(client, login):
    login(Role.ADMIN)
    data = {"name": "Pelatihan Wirausaha", "description": "Dasar", "curriculum": "Pembukuan\nPemasaran"}
    response = client.post("/training/programmes/new", data=data)
    assert response.status_code == 302
    programme = db.session.scalar(select(TrainingProgramme))
    assert programme.topics == ["Pembukuan", "Pemasaran"]
    again = client.post("/training/programmes/new", data=data)
    assert again.status_code == 400
    assert "A programme with this name already exists." in text(again)
    edit = client.post(f"/training/programmes/{programme.id}/edit", data={**data, "name": "Pelatihan Dasar"})
    assert edit.status_code == 302
    assert db.session.get(TrainingProgramme, programme.id).name == "Pelatihan Dasar"


def test_officer_creates_a_cohort_and_bad_dates_come_back_with_400(client, login, factory):
    programme = factory.programme()
    login(Role.OFFICER)
    form = client.get(f"/training/cohorts/new?programme={programme.id}")
    assert form.status_code == 200 and re.search(rf'<option selected value="{programme.id}">', text(form))
    bad = client.post("/training/cohorts/new", data=cohort_form(programme, ends_on="2026-02-01"))
    assert bad.status_code == 400
    assert "The end date cannot be before the start date." in text(bad)
    missing = client.post("/training/cohorts/new", data=cohort_form(programme, capacity="", venue=""))
    assert missing.status_code == 400
    response = client.post("/training/cohorts/new", data=cohort_form(programme))
    cohort = db.session.scalar(select(Cohort))
    assert response.status_code == 302 and response.location.endswith(f"/training/cohorts/{cohort.id}")
    assert cohort.capacity == 2 and cohort.status == CohortStatus.PLANNED.value
    lower = client.post(f"/training/cohorts/{cohort.id}/edit", data=cohort_form(programme, capacity="0"))
    assert lower.status_code == 400


def test_index_lists_cohorts_with_seats_taken(client, login, factory):
    cohort = factory.cohort(capacity=2)
    for _ in range(3):
        factory.enrolment(cohort=cohort)
    login(Role.ADMIN)
    page = text(client.get("/training/"))
    assert cohort.name in page
    assert "2/2" in page and "+1 waiting" in page


# --- Enrolment ----------------------------------------------------------------------------------


def test_enrol_by_search_waiting_list_and_withdraw_moves_up(client, login, factory):
    cohort = factory.cohort(capacity=1)
    ani = factory.trainee(full_name="Ani Lestari")
    bunga = factory.trainee(full_name="Bunga Citra")
    login(Role.OFFICER)
    hits = text(client.get(f"/training/cohorts/{cohort.id}?q=Ani"))
    assert f'data-trainee="{ani.id}"' in hits and f'data-trainee="{bunga.id}"' not in hits
    assert client.post(f"/training/cohorts/{cohort.id}/enrol", data={"trainee_id": ani.id}).status_code == 302
    response = follow(client, client.post(f"/training/cohorts/{cohort.id}/enrol", data={"trainee_id": bunga.id}))
    assert "waiting list" in text(response)
    # Already in the cohort: no longer offered, and refused if posted.
    assert f'data-trainee="{ani.id}"' not in text(client.get(f"/training/cohorts/{cohort.id}?q=Ani"))
    again = follow(client, client.post(f"/training/cohorts/{cohort.id}/enrol", data={"trainee_id": ani.id}))
    assert "already in this cohort" in text(again)
    first = db.session.scalar(select(Enrolment).where(Enrolment.trainee_id == ani.id))
    assert client.post(f"/training/enrolments/{first.id}/withdraw").status_code == 302
    statuses = dict(db.session.execute(select(Enrolment.trainee_id, Enrolment.status)).all())
    assert statuses == {ani.id: "withdrawn", bunga.id: "enrolled"}


def test_enrol_with_bad_input(client, login, factory):
    cohort = factory.cohort()
    login(Role.ADMIN)
    assert client.post(f"/training/cohorts/{cohort.id}/enrol", data={"trainee_id": "abc"}).status_code == 400
    assert client.post(f"/training/cohorts/{cohort.id}/enrol", data={}).status_code == 400
    assert client.post(f"/training/cohorts/{cohort.id}/enrol", data={"trainee_id": "99999"}).status_code == 404
    assert client.post(f"/training/enrolments/1/plan", data={"submitted": "maybe"}).status_code in (400, 404)


# --- Attendance ---------------------------------------------------------------------------------


def test_attendance_page_has_one_toggle_per_trainee_all_absent_and_a_counter(client, login, factory):
    cohort = factory.cohort()
    enrolments = [factory.enrolment(cohort=cohort) for _ in range(3)]
    login(Role.MENTOR)
    page = text(client.get(f"/training/cohorts/{cohort.id}/sessions/new"))
    for e in enrolments:
        assert f'id="present-{e.id}"' in page
    assert "checked" not in page.split('id="attendance-list"')[1].split("</fieldset>")[0]
    assert '<span data-count>0</span> of 3 present' in page
    assert 'value="2026-03-10"' in page  # today (within the cohort's dates)
    assert 'value="Pembukuan sederhana"' in page  # the first curriculum topic not held yet


def test_recording_a_session_and_retaking_attendance(client, login, factory):
    cohort = factory.cohort()
    a, b = factory.enrolment(cohort=cohort), factory.enrolment(cohort=cohort)
    login(Role.ADMIN)
    future = client.post(f"/training/cohorts/{cohort.id}/sessions/new",
                         data={"held_on": "2026-03-11", "topic": "Pemasaran", "duration_minutes": "120",
                               "present": [str(a.id)]})
    assert future.status_code == 400 and "cannot be in the future" in text(future)
    assert 'id="present-%d" value="%d" autocomplete="off" checked' % (a.id, a.id) in text(future)  # kept
    outsider = client.post(f"/training/cohorts/{cohort.id}/sessions/new",
                           data={"held_on": "2026-03-09", "topic": "Pemasaran", "duration_minutes": "120",
                                 "present": ["999999"]})
    assert outsider.status_code == 400  # not a choice of the form
    response = follow(client, client.post(f"/training/cohorts/{cohort.id}/sessions/new",
                           data={"held_on": "2026-03-09", "topic": "Pemasaran", "duration_minutes": "120",
                                 "present": [str(a.id)]}))
    assert "Session saved: 1 of 2 present." in text(response)
    assert "1 of 2 present" in text(response)
    assert db.session.get(Cohort, cohort.id).status == CohortStatus.RUNNING.value  # started by its first session
    session_id = db.session.scalar(select(TrainingAttendance.session_id))
    page = text(client.get(f"/training/sessions/{session_id}/attendance"))
    assert '<span data-count>1</span> of 2 present' in page
    response = client.post(f"/training/sessions/{session_id}/attendance", data={"present": [str(a.id), str(b.id)]})
    assert response.status_code == 302
    present = dict(db.session.execute(select(TrainingAttendance.enrolment_id, TrainingAttendance.present)).all())
    assert present == {a.id: True, b.id: True}


# --- Completion, cancellation, certificates -----------------------------------------------------


def test_plan_complete_and_certificate(client, login, factory):
    account = factory.user(Role.TRAINEE)
    cohort = factory.cohort()
    done = factory.enrolment(cohort=cohort, trainee=factory.trainee(user_id=account.id))
    missed = factory.enrolment(cohort=cohort)
    services.record_session(cohort, held_on=date(2026, 3, 2), topic="Pembukuan", duration_minutes=120,
                            present_enrolment_ids={done.id, missed.id}, actor=factory.admin, today=TODAY)
    db.session.commit()
    login(Role.OFFICER)
    assert client.post(f"/training/enrolments/{done.id}/plan", data={"submitted": "1"}).status_code == 302
    assert db.session.get(Enrolment, done.id).business_plan_submitted_on == TODAY
    page = text(client.get(f"/training/cohorts/{cohort.id}"))
    assert "1 of 2 would complete the training now." in page
    response = follow(client, client.post(f"/training/cohorts/{cohort.id}/complete"))
    assert "1 completed the training, 1 did not." in text(response)
    done = db.session.get(Enrolment, done.id)
    assert done.status == EnrolmentStatus.COMPLETED.value and done.certificate_number
    assert f"/training/enrolments/{done.id}/certificate.pdf" in text(response)
    pdf = client.get(f"/training/enrolments/{done.id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert client.get(f"/training/enrolments/{missed.id}/certificate.pdf").status_code == 404


def test_trainee_downloads_only_their_own_certificate(client, login, factory):
    account = factory.user(Role.TRAINEE)
    mine = factory.completed_enrolment(trainee=factory.trainee(user_id=account.id))
    theirs = factory.completed_enrolment()
    login(account)
    assert client.get(f"/training/enrolments/{mine.id}/certificate.pdf").status_code == 200
    assert client.get(f"/training/enrolments/{theirs.id}/certificate.pdf").status_code == 404


def test_cancel_needs_a_reason(client, login, factory):
    cohort = factory.cohort()
    factory.enrolment(cohort=cohort)
    login(Role.ADMIN)
    response = client.post(f"/training/cohorts/{cohort.id}/cancel", data={"reason": "  "})
    assert response.status_code == 400
    assert 'id="cancel-card" open' in text(response)
    response = client.post(f"/training/cohorts/{cohort.id}/cancel", data={"reason": "Gedung tidak tersedia."})
    assert response.status_code == 302
    assert db.session.get(Cohort, cohort.id).status == CohortStatus.CANCELLED.value
    assert db.session.scalar(select(Enrolment.status)) == EnrolmentStatus.WITHDRAWN.value


def test_start_twice_is_flashed_not_500(client, login, factory):
    cohort = factory.cohort()
    login(Role.ADMIN)
    assert client.post(f"/training/cohorts/{cohort.id}/start").status_code == 302
    again = follow(client, client.post(f"/training/cohorts/{cohort.id}/start"))
    assert again.status_code == 200 and "alert-danger" in text(again)


def test_indonesian_ui_renders(client, login, factory):
    cohort = factory.cohort()
    login(Role.ADMIN)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    assert client.get(f"/training/cohorts/{cohort.id}").status_code == 200
    assert client.get(f"/training/cohorts/{cohort.id}/sessions/new").status_code == 200


# --- The rows of tests/access_training.py, on a world of their own ------------------------------


def test_training_access_rows(app, factory, login):
    users = {name: factory.user(role, username=name) for name, role in (
        ("admin", Role.ADMIN), ("officer", Role.OFFICER), ("mentor", Role.MENTOR), ("trainee", Role.TRAINEE),
        ("other_trainee", Role.TRAINEE))}
    a = factory.trainee(user_id=users["trainee"].id, mentor_id=users["mentor"].id)
    b = factory.trainee(user_id=users["other_trainee"].id)
    objects = {"missing": 999_999, **training_objects(factory, users, a, b)}
    clients = {"anonymous": app.test_client()}
    for name, user in users.items():
        clients[name] = app.test_client()
        login(user, client=clients[name])
    rules = {r.rule: r for r in app.url_map.iter_rules() if r.rule.startswith("/training")}
    assert set(rules) == set(TRAINING_EXPECTED)
    wrong = []
    for path, cases in TRAINING_EXPECTED.items():
        rule = rules[path]
        for values, expected in cases:
            assert set(expected) == set(VISITORS)
            url = app.url_map.bind("localhost").build(rule.endpoint, {k: objects.get(v, v) for k, v in values.items()})
            for visitor in VISITORS:
                response = clients[visitor].get(url)
                got = response.status_code
                if got == 302 and response.location.startswith("/login"):
                    got = LOGIN
                if got != expected[visitor]:
                    wrong.append(f"GET {url} as {visitor}: expected {expected[visitor]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_trainee_finds_and_downloads_only_their_own_certificate_in_the_portal(app, factory, login, client):
    from accounts.models import User

    own = factory.trainee_with_login()
    other = factory.trainee_with_login()
    mine = factory.completed_enrolment(trainee=own)
    theirs = factory.completed_enrolment(trainee=other)
    login(db.session.get(User, own.user_id))
    page = client.get("/portal/business").get_data(as_text=True)
    assert f'id="certificate-{mine.id}"' in page and f"certificate-{theirs.id}" not in page
    response = client.get(f"/training/enrolments/{mine.id}/certificate.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/training/enrolments/{theirs.id}/certificate.pdf").status_code == 404
