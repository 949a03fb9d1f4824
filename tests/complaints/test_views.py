"""Staff complaint pages through the test client: the list with its filters and overdue
marks, filing on someone's behalf, the detail page's steps (verify, decline, assign,
start, note, reply, answer, link the accused, attach), attachment downloads, the export,
the holiday list; who may open what (a misconduct report never reaches the staff member
it accuses; a confidential complainant stays hidden from the assignee); the
notifications page and the user's e-mail address."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Notification, Role, User
from complaints import services
from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent, Holiday
from extensions import db
from tests.complaints.ui_support import EN, NOW, TODAY, pdf_bytes, pinned_clock, png_bytes  # noqa: F401

pytestmark = pytest.mark.usefixtures("pinned_clock")


@pytest.fixture
def client_of(app, login):
    """``client_of(user)``: a new test client logged in as ``user`` (one client per user:
    the login page sends a logged-in client away)."""

    def make(user):
        client = app.test_client()
        login(user, client=client)
        return client

    return make


def _text(response) -> str:
    return response.get_data(as_text=True)


def _row(html: str, complaint_id: int) -> str:
    match = re.search(rf'<tr class="([^"]*)" data-complaint="{complaint_id}">', html)
    assert match, f"no row for complaint {complaint_id}"
    return match.group(1)


# --- The list ----------------------------------------------------------------------------------


def test_admin_list_marks_overdue_rows_red_and_soon_rows_amber(client, login, factory):
    admin = login(factory.admin)
    overdue = factory.complaint(subject="Belum diverifikasi")  # filed Mon 23 Nov, due Thu 26 Nov
    soon = factory.complaint(subject="Baru masuk kemarin", now=datetime(2026, 11, 25, 3, tzinfo=timezone.utc))
    calm = factory.complaint(subject="Sudah dijawab", status="answered")
    html = _text(client.get("/complaints/", headers=EN))
    assert "table-danger" in _row(html, overdue.id)
    assert "table-warning" in _row(html, soon.id)
    assert "table-danger" not in _row(html, calm.id) and "table-warning" not in _row(html, calm.id)
    assert "Overdue" in html and "Due soon" in html
    assert admin.role == "admin"


def test_list_filters_by_status_kind_category_overdue_and_code(client, login, factory):
    login(factory.admin)
    received = factory.complaint(subject="Angsuran ganda")
    answered = factory.complaint(subject="Pelatihan batal", category="training", kind="aspiration", status="answered")
    html = _text(client.get("/complaints/?status=answered"))
    assert f'data-complaint="{answered.id}"' in html and f'data-complaint="{received.id}"' not in html
    html = _text(client.get("/complaints/?kind=aspiration&category=training"))
    assert f'data-complaint="{answered.id}"' in html and f'data-complaint="{received.id}"' not in html
    html = _text(client.get("/complaints/?overdue=1"))
    assert f'data-complaint="{received.id}"' in html and f'data-complaint="{answered.id}"' not in html
    html = _text(client.get(f"/complaints/?q={received.tracking_code.lower()}"))
    assert f'data-complaint="{received.id}"' in html and f'data-complaint="{answered.id}"' not in html
    html = _text(client.get("/complaints/?q=ganda"))
    assert f'data-complaint="{received.id}"' in html and f'data-complaint="{answered.id}"' not in html


def test_officer_sees_only_what_they_filed_or_were_assigned(client, login, factory):
    officer = factory.user(Role.OFFICER)
    mine = factory.complaint(actor=officer, subject="Dicatat oleh saya")
    assigned = factory.complaint(status="assigned", assignee=officer, subject="Ditugaskan ke saya")
    other = factory.complaint(subject="Bukan urusan saya")
    login(officer)
    html = _text(client.get("/complaints/"))
    assert f'data-complaint="{mine.id}"' in html and f'data-complaint="{assigned.id}"' in html
    assert f'data-complaint="{other.id}"' not in html
    assert client.get(f"/complaints/{other.id}").status_code == 404
    assert client.get(f"/complaints/{assigned.id}").status_code == 200


def test_trainee_and_anonymous_cannot_open_staff_pages(client, login, factory):
    c = factory.complaint()
    assert client.get("/complaints/").status_code == 302
    assert client.get(f"/complaints/{c.id}").status_code == 302
    login(factory.user(Role.TRAINEE))
    for url in ("/complaints/", f"/complaints/{c.id}", "/complaints/new", "/complaints/dashboard",
                "/complaints/export.csv", "/complaints/holidays"):
        assert client.get(url).status_code == 403, url


def test_officer_and_mentor_cannot_open_admin_pages(client, login, factory):
    login(factory.user(Role.OFFICER))
    for url in ("/complaints/dashboard", "/complaints/export.csv", "/complaints/export.xlsx", "/complaints/holidays"):
        assert client.get(url).status_code == 403, url


# --- Misconduct: invisible to the accused everywhere ------------------------------------------------


@pytest.fixture
def misconduct(factory):
    """A misconduct report accusing admin ``accused`` (linked at verification), with an
    attachment, verified on 2 Nov and not answered: overdue."""
    accused = factory.user(Role.ADMIN, full_name="Admin Tertuduh")
    report = factory.complaint(kind="misconduct", subject="Petugas meminta uang", status="verified",
                               accused=accused, attachment=services.Upload("bukti.png", png_bytes()),
                               now=datetime(2026, 11, 2, 3, tzinfo=timezone.utc))
    return accused, report


def test_misconduct_report_is_invisible_to_the_accused_admin(client, login, client_of, factory, misconduct):
    accused, report = misconduct
    att = report.attachments[0]
    ordinary = factory.complaint(subject="Keluhan biasa")
    login(accused)
    html = _text(client.get("/complaints/"))
    assert f'data-complaint="{report.id}"' not in html and f'data-complaint="{ordinary.id}"' in html
    assert "Petugas meminta uang" not in _text(client.get("/complaints/?kind=misconduct"))
    assert client.get(f"/complaints/{report.id}").status_code == 404
    assert client.get(f"/complaints/{report.id}/attachments/{att.id}").status_code == 404
    assert report.tracking_code not in _text(client.get("/complaints/export.csv"))
    dashboard = _text(client.get("/complaints/dashboard", headers=EN))
    assert "Petugas meminta uang" not in dashboard
    other_admin = client_of(factory.admin)  # another admin: the report is in their overdue list
    assert "Petugas meminta uang" in _text(other_admin.get("/complaints/dashboard", headers=EN))
    assert f'data-complaint="{ordinary.id}"' in dashboard  # overdue, and the accused may see that one
    for step in ("verify", "decline", "assign", "start", "note", "reply", "answer", "accused"):
        assert client.post(f"/complaints/{report.id}/{step}", data={"note-body": "x"}).status_code == 404, step


def test_misconduct_report_is_visible_to_other_admins_but_never_to_officers(client_of, factory, misconduct):
    accused, report = misconduct
    html = _text(client_of(factory.admin).get(f"/complaints/{report.id}", headers=EN))
    assert "Petugas meminta uang" in html and "Admin Tertuduh" in html
    assert client_of(factory.user(Role.OFFICER)).get(f"/complaints/{report.id}").status_code == 404


def test_misconduct_report_can_only_be_assigned_to_an_admin_it_does_not_concern(client, login, factory, misconduct):
    accused, report = misconduct
    login(factory.admin)
    html = _text(client.get(f"/complaints/{report.id}"))
    options = re.search(r'<select[^>]*name="assign-assignee_id".*?</select>', html, re.S).group(0)
    assert f'value="{accused.id}"' not in options
    officer = factory.user(Role.OFFICER)
    assert f'value="{officer.id}"' not in options
    response = client.post(f"/complaints/{report.id}/assign", data={"assign-assignee_id": accused.id})
    assert response.status_code == 400  # not a choice offered
    assert db.session.get(Complaint, report.id).assignee_id is None


# --- Confidential ---------------------------------------------------------------------------------


def test_confidential_complaint_hides_the_complainant_from_the_assignee(client, login, client_of, factory):
    trainee = factory.trainee_with_login(full_name="Neng Rahasia")
    officer = factory.user(Role.OFFICER)
    c = factory.complaint(channel="portal", trainee=trainee, confidential=True, status="assigned", assignee=officer,
                          complainant_contact="0812 5555 1234")
    login(officer)
    html = _text(client.get(f"/complaints/{c.id}", headers=EN))
    assert "Neng Rahasia" not in html and "0812 5555 1234" not in html
    assert "Confidential" in html
    listing = _text(client.get("/complaints/", headers=EN))
    assert "Neng Rahasia" not in listing and "Confidential" in listing
    html = _text(client_of(factory.admin).get(f"/complaints/{c.id}", headers=EN))
    assert "Neng Rahasia" in html and "0812 5555 1234" in html


def test_confidential_complainant_writing_back_shows_as_complainant_only(client, login, factory):
    trainee = factory.trainee_with_login(full_name="Neng Rahasia")
    officer = factory.user(Role.OFFICER)
    c = factory.complaint(channel="portal", trainee=trainee, confidential=True, status="in_progress", assignee=officer)
    services.complainant_reply(c, "Ada tambahan bukti dari saya.", actor=db.session.get(User, trainee.user_id), now=NOW)
    db.session.commit()
    login(officer)
    html = _text(client.get(f"/complaints/{c.id}", headers=EN))
    assert "Ada tambahan bukti dari saya." in html
    assert "Neng Rahasia" not in html
    assert "Complainant" in html


# --- The handling steps ---------------------------------------------------------------------------


def test_admin_verifies_assigns_and_the_assignee_starts_and_answers(client, login, client_of, factory):
    admin = login(factory.admin)
    officer = factory.user(Role.OFFICER, full_name="Budi Petugas")
    c = factory.complaint(channel="portal")
    response = client.post(f"/complaints/{c.id}/verify", data={"verify-category": "mentoring"}, headers=EN)
    assert response.status_code == 302
    c = db.session.get(Complaint, c.id)
    assert (c.status, c.category, c.verified_on) == ("verified", "mentoring", TODAY)
    assert c.answer_due_on is not None
    assert client.post(f"/complaints/{c.id}/assign", data={"assign-assignee_id": officer.id}, headers=EN).status_code == 302
    assert "Complaint assigned." in _text(client.get(f"/complaints/{c.id}", headers=EN))
    assert db.session.get(Complaint, c.id).assignee_id == officer.id
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == officer.id, Notification.kind == "complaint.assigned")) == 1

    client = client_of(officer)
    html = _text(client.get(f"/complaints/{c.id}", headers=EN))
    assert 'id="start-form"' in html and 'id="answer-form"' in html and 'id="verify-form"' not in html
    assert client.post(f"/complaints/{c.id}/start").status_code == 302
    assert db.session.get(Complaint, c.id).status == "in_progress"
    response = client.post(f"/complaints/{c.id}/answer", data={"answer-body": "Angsuran ganda sudah dihapus."},
                           headers=EN)
    assert response.status_code == 302
    c = db.session.get(Complaint, c.id)
    assert c.status == "answered" and c.answered_at is not None
    html = _text(client.get(f"/complaints/{c.id}", headers=EN))
    assert "Answer sent." in html
    for label in ("Received", "Verified", "Assigned", "Work started", "Answered"):
        assert f'<span class="fw-semibold timeline-label">{label}</span>' in html, label
    assert admin.id != officer.id


def test_officer_cannot_verify_assign_or_decline(client, login, factory):
    officer = factory.user(Role.OFFICER)
    c = factory.complaint(actor=officer)
    login(officer)
    assert client.post(f"/complaints/{c.id}/verify", data={"verify-category": "loan"}).status_code == 403
    assert client.post(f"/complaints/{c.id}/decline",
                       data={"decline-status": "archived", "decline-reason": "Duplikat"}).status_code == 403
    assert client.post(f"/complaints/{c.id}/assign", data={"assign-assignee_id": officer.id}).status_code == 403
    assert db.session.get(Complaint, c.id).status == "received"


def test_someone_else_than_the_assignee_cannot_answer(client, login, factory):
    officer, other = factory.user(Role.OFFICER), factory.user(Role.OFFICER)
    c = factory.complaint(actor=other, status="assigned", assignee=officer)  # ``other`` filed it: may see it
    login(other)
    html = _text(client.get(f"/complaints/{c.id}"))
    assert 'id="answer-form"' not in html
    response = client.post(f"/complaints/{c.id}/answer", data={"answer-body": "Saya jawab saja."})
    assert response.status_code == 403
    assert db.session.get(Complaint, c.id).status == "assigned"


def test_decline_needs_a_reason_and_tells_it(client, login, factory):
    login(factory.admin)
    c = factory.complaint()
    response = client.post(f"/complaints/{c.id}/decline", data={"decline-status": "not_authority",
                                                                 "decline-reason": ""}, headers=EN)
    assert response.status_code == 400
    assert "This field is required." in _text(response)
    response = client.post(f"/complaints/{c.id}/decline", data={
        "decline-status": "not_authority", "decline-reason": "Urusan Dinas Sosial, bukan program ini."})
    assert response.status_code == 302
    c = db.session.get(Complaint, c.id)
    assert c.status == "not_authority" and c.resolution_reason.startswith("Urusan Dinas Sosial")


def test_a_step_in_the_wrong_state_is_flashed_not_crashed(client, login, factory):
    login(factory.admin)
    c = factory.complaint(status="answered")
    response = client.post(f"/complaints/{c.id}/verify", data={"verify-category": "loan"}, headers=EN)
    assert response.status_code == 302
    assert "not possible" in _text(client.get(f"/complaints/{c.id}", headers=EN))


def test_service_field_errors_come_back_on_the_form(client, login, factory):
    login(factory.admin)
    c = factory.complaint(status="verified")
    response = client.post(f"/complaints/{c.id}/decline",
                           data={"decline-status": "archived", "decline-reason": "abc"}, headers=EN)
    assert response.status_code == 400
    assert "Give the reason in 5 to 500 characters." in _text(response)


def test_internal_note_is_badged_and_reply_is_public(client, login, factory):
    login(factory.admin)
    c = factory.complaint()
    client.post(f"/complaints/{c.id}/note", data={"note-body": "Cek ke kelurahan dulu."})
    client.post(f"/complaints/{c.id}/reply", data={"reply-body": "Mohon kirim foto kartu angsuran."})
    events = db.session.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id,
                                                             ComplaintEvent.kind.in_(["note", "reply"]))).all()
    assert {(e.kind, e.is_public) for e in events} == {("note", False), ("reply", True)}
    html = _text(client.get(f"/complaints/{c.id}", headers=EN))
    note = re.search(r'<li class="timeline-event[^"]*" data-event="note">.*?</li>', html, re.S).group(0)
    assert "Internal" in note and "Cek ke kelurahan dulu." in note


def test_admin_links_the_accused_of_a_misconduct_report(client, login, factory):
    admin = login(factory.admin)
    officer = factory.user(Role.OFFICER, full_name="Petugas Nakal")
    c = factory.complaint(kind="misconduct", status="verified")
    assert client.post(f"/complaints/{c.id}/accused", data={"accused-accused_user_id": officer.id}).status_code == 302
    assert db.session.get(Complaint, c.id).accused_user_id == officer.id
    # not offered: the admin himself
    response = client.post(f"/complaints/{c.id}/accused", data={"accused-accused_user_id": admin.id})
    assert response.status_code == 400


# --- Filing on someone's behalf ----------------------------------------------------------------------


def test_mentor_files_for_their_own_trainee_with_a_photo(client, login, factory):
    mentor = factory.user(Role.MENTOR)
    own = factory.trainee(full_name="Ani Binaan", mentor_id=mentor.id)
    other = factory.trainee(full_name="Bukan Binaan", mentor_id=factory.user(Role.MENTOR).id)
    login(mentor)
    html = _text(client.get("/complaints/new"))
    assert "Ani Binaan" in html and "Bukan Binaan" not in html
    data = {"kind": "complaint", "category": "loan", "subject": "Kartu angsuran hilang",
            "description": "Kartu angsuran Ibu Ani hilang saat banjir.", "trainee_id": own.id,
            "attachment": (io.BytesIO(png_bytes()), "foto kartu.png")}
    response = client.post("/complaints/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, _text(response)[:2000]
    c = db.session.scalar(select(Complaint).where(Complaint.subject == "Kartu angsuran hilang"))
    assert (c.channel, c.filed_by_id, c.trainee_id, c.complainant_name) == ("staff", mentor.id, own.id, "Ani Binaan")
    assert response.location == f"/complaints/{c.id}"
    assert [a.content_type for a in c.attachments] == ["image/png"]
    data.update(trainee_id=other.id, attachment=(io.BytesIO(b""), ""))
    assert client.post("/complaints/new", data=data, content_type="multipart/form-data").status_code == 400


def test_staff_filing_shows_field_errors(client, login, factory):
    login(factory.admin)
    response = client.post("/complaints/new", data={"kind": "misconduct", "category": "loan", "subject": "abc",
                                                    "description": "pendek"}, headers=EN)
    assert response.status_code == 400
    html = _text(response)
    assert "Field must be between 5 and 200 characters long." in html
    assert "Say who the report is about." in html
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0


def test_admin_searches_a_trainee_to_file_for(client, login, factory):
    login(factory.admin)
    trainee = factory.trainee(full_name="Cicih Sukaesih")
    html = _text(client.get("/complaints/new?q=Cicih"))
    assert f'<option value="{trainee.id}">Cicih Sukaesih</option>' in html
    html = _text(client.get(f"/complaints/new?trainee={trainee.id}"))
    assert f'<option selected value="{trainee.id}">Cicih Sukaesih</option>' in html


def test_officer_filing_a_misconduct_report_lands_on_the_list(client, login, factory):
    officer = login(factory.user(Role.OFFICER))
    response = client.post("/complaints/new", data={
        "kind": "misconduct", "category": "staff_conduct", "subject": "Pendamping kasar",
        "description": "Pendamping membentak peserta di pertemuan.", "accused_description": "Pendamping wilayah 3"})
    assert response.status_code == 302 and response.location == "/complaints/"
    c = db.session.scalar(select(Complaint))
    assert c.filed_by_id == officer.id and c.is_misconduct
    assert client.get(f"/complaints/{c.id}").status_code == 404  # admins only


def test_too_large_upload_answers_413_with_the_limit(app_factory, login, factory):
    app = app_factory(MAX_CONTENT_LENGTH=1000, COMPLAINT_ATTACHMENT_MAX_BYTES=500)
    client = app.test_client()
    login(factory.admin, client=client)
    response = client.post("/complaints/new", data={
        "kind": "complaint", "category": "loan", "subject": "Foto besar", "description": "Sebuah foto yang besar.",
        "attachment": (io.BytesIO(b"x" * 5000), "besar.jpg")}, content_type="multipart/form-data", headers=EN)
    assert response.status_code == 413
    assert "The file is too large" in _text(response)


def test_attachment_above_the_limit_is_refused_on_the_field(app_factory, login, factory):
    app = app_factory(COMPLAINT_ATTACHMENT_MAX_BYTES=100)
    client = app.test_client()
    login(factory.admin, client=client)
    response = client.post("/complaints/new", data={
        "kind": "complaint", "category": "loan", "subject": "Foto besar", "description": "Sebuah foto yang besar.",
        "attachment": (io.BytesIO(png_bytes((64, 64))), "besar.png")}, content_type="multipart/form-data",
        headers=EN)
    assert response.status_code == 400
    assert "The file is too large" in _text(response)


# --- Attachments -----------------------------------------------------------------------------------


def test_attachment_download_is_an_attachment_typed_by_content(client, login, factory):
    login(factory.admin)
    c = factory.complaint(attachment=services.Upload("surat.pdf", pdf_bytes()))
    att = c.attachments[0]
    response = client.get(f"/complaints/{c.id}/attachments/{att.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "surat.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == pdf_bytes()
    other = factory.complaint()
    assert client.get(f"/complaints/{other.id}/attachments/{att.id}").status_code == 404  # not its complaint


def test_staff_adds_an_internal_attachment(client, login, factory):
    login(factory.admin)
    c = factory.complaint()
    response = client.post(f"/complaints/{c.id}/attachments", data={
        "file-attachment": (io.BytesIO(png_bytes()), "catatan.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    att = db.session.scalar(select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id))
    assert att.is_public is False  # the box was not ticked
    response = client.post(f"/complaints/{c.id}/attachments", data={
        "file-attachment": (io.BytesIO(b"MZ\x90\x00 not a photo"), "foto.jpg")}, content_type="multipart/form-data",
        headers=EN)
    assert response.status_code == 400
    assert "Only photos (JPEG, PNG, WebP) and PDF documents can be attached" in _text(response)


# --- Export ---------------------------------------------------------------------------------------------


def test_export_csv_has_no_description_and_hides_confidential_names(client, login, factory):
    login(factory.admin)
    open_one = factory.complaint(complainant_name="Ibu Terbuka")
    secret = factory.complaint(complainant_name="Ibu Rahasia", confidential=True)
    response = client.get("/complaints/export.csv", headers=EN)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"complaints-")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "tracking_code", "received_on"]
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code[open_one.tracking_code][8] == "Ibu Terbuka"
    assert by_code[secret.tracking_code][8] == "confidential"
    assert "Ibu Rahasia" not in response.get_data(as_text=True)
    assert open_one.description not in response.get_data(as_text=True)


def test_export_follows_the_list_filters_and_xlsx_works(client, login, factory):
    login(factory.admin)
    received = factory.complaint()
    answered = factory.complaint(status="answered")
    text = _text(client.get("/complaints/export.csv?status=answered"))
    assert answered.tracking_code in text and received.tracking_code not in text
    response = client.get("/complaints/export.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"


# --- Holidays ---------------------------------------------------------------------------------------------


def test_admin_adds_and_removes_a_holiday(client, login, factory):
    login(factory.admin)
    response = client.post("/complaints/holidays", data={"day": "2026-12-25", "name": "Hari Raya Natal"})
    assert response.status_code == 302
    assert db.session.get(Holiday, datetime(2026, 12, 25).date()).name == "Hari Raya Natal"
    response = client.post("/complaints/holidays", data={"day": "2026-12-25", "name": "Lagi"}, headers=EN)
    assert response.status_code == 400 and "already a holiday" in _text(response)
    assert "Hari Raya Natal" in _text(client.get("/complaints/holidays"))
    assert client.post("/complaints/holidays/2026-12-25/delete").status_code == 302
    assert db.session.get(Holiday, datetime(2026, 12, 25).date()) is None
    assert client.post("/complaints/holidays/2026-12-25/delete").status_code == 404
    assert client.post("/complaints/holidays/bukan-tanggal/delete").status_code == 404


# --- CSRF ---------------------------------------------------------------------------------------------------


def test_every_complaint_form_needs_the_csrf_token(app_factory, factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    c = factory.complaint()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": factory.admin.username, "password": factory.PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302 and not response.location.startswith("/login")
    for url, data in ((f"/complaints/{c.id}/verify", {"verify-category": "loan"}),
                      (f"/complaints/{c.id}/note", {"note-body": "Catatan"}),
                      ("/complaints/holidays", {"day": "2026-12-25", "name": "Natal"}),
                      (f"/complaints/track/{c.tracking_code}/reply", {"reply-body": "Halo"}),
                      ("/notifications/read", {"all": "1"})):
        assert client.post(url, data=data).status_code == 400, url
    assert db.session.get(Complaint, c.id).status == "received"


# --- Notifications ------------------------------------------------------------------------------------------


def test_notifications_page_lists_mine_and_marks_them_read(client, login, factory):
    from accounts import notifications

    officer = factory.user(Role.OFFICER)
    other = factory.user(Role.OFFICER)
    mine = notifications.notify(officer, "complaint.assigned", params={"id": 7, "subject": "Angsuran ganda"},
                                link="/complaints/7", now=NOW)
    theirs = notifications.notify(other, "complaint.assigned", params={"id": 8, "subject": "Rahasia orang lain"},
                                  link="/complaints/8", now=NOW)
    db.session.commit()
    login(officer)
    html = _text(client.get("/notifications", headers=EN))
    assert "Complaint #7 was assigned to you: Angsuran ganda" in html
    assert "Rahasia orang lain" not in html
    assert 'id="unread-count">1<' in html
    # "Open": marks it read and goes to its link; someone else's id is ignored
    response = client.post("/notifications/read", data={"ids": [mine.id, theirs.id], "next": "/complaints/7"})
    assert response.status_code == 302 and response.location == "/complaints/7"
    assert db.session.get(Notification, mine.id).read_at is not None
    assert db.session.get(Notification, theirs.id).read_at is None
    assert 'id="unread-count"' not in _text(client.get("/notifications"))


def test_mark_all_read_and_no_open_redirect(client, login, factory):
    from accounts import notifications

    trainee = factory.user(Role.TRAINEE)
    for i in range(3):
        notifications.notify(trainee, "complaint.answered", params={"id": i, "subject": "S"}, link=None, now=NOW)
    db.session.commit()
    login(trainee)
    response = client.post("/notifications/read", data={"all": "1", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.location == "/notifications"
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == trainee.id, Notification.read_at.is_(None))) == 0


def test_notifications_need_a_login(client):
    assert client.get("/notifications").status_code == 302
    assert client.post("/notifications/read", data={"all": "1"}).status_code == 302


# --- User e-mail --------------------------------------------------------------------------------------------


def test_admin_creates_a_user_with_an_email_and_changes_it(client, login, factory):
    login(factory.admin)
    response = client.post("/admin/users/new", data={
        "username": "rina", "full_name": "Rina Petugas", "email": "rina@berdaya.id", "role": "officer",
        "password": factory.PASSWORD, "confirm": factory.PASSWORD})
    assert response.status_code == 302
    rina = db.session.scalar(select(User).where(User.username == "rina"))
    assert rina.email == "rina@berdaya.id"
    assert "rina@berdaya.id" in _text(client.get(f"/admin/users/{rina.id}"))
    response = client.post(f"/admin/users/{rina.id}/email", data={"mail-email": "bukan email"}, headers=EN)
    assert response.status_code == 400 and "Enter an e-mail address" in _text(response)
    assert client.post(f"/admin/users/{rina.id}/email", data={"mail-email": "  rina.b@contoh.id "}).status_code == 302
    assert db.session.get(User, rina.id).email == "rina.b@contoh.id"
    assert client.post(f"/admin/users/{rina.id}/email", data={"mail-email": ""}).status_code == 302
    assert db.session.get(User, rina.id).email is None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "user",
                                                                 AuditEvent.entity_id == str(rina.id))).all()
    assert actions.count("user.email_changed") == 3


def test_invalid_email_on_create_is_refused(client, login, factory):
    login(factory.admin)
    response = client.post("/admin/users/new", data={
        "username": "rina", "full_name": "Rina", "email": "rina@", "role": "officer",
        "password": factory.PASSWORD, "confirm": factory.PASSWORD}, headers=EN)
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.username == "rina")) is None


def test_only_admins_change_emails(client, login, factory):
    user = factory.user(Role.OFFICER)
    login(factory.user(Role.OFFICER))
    assert client.post(f"/admin/users/{user.id}/email", data={"mail-email": "a@b.id"}).status_code == 403


def test_pages_render_in_indonesian(client, login, factory):
    login(factory.admin)
    c = factory.complaint(status="in_progress")
    for url in ("/complaints/", f"/complaints/{c.id}", "/complaints/new", "/complaints/dashboard",
                "/complaints/holidays", "/notifications"):
        assert client.get(url).status_code == 200, url
