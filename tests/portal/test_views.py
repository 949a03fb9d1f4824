"""Portal pages through the test client: every page for the trainee (360 px-first
markup, plain words), staff get 403, an unlinked trainee login a friendly page; marking
an action item done, reporting figures (pending, the mentor's Confirm button, "marked
done by"), applying with the capacity check, changing the password, complaints filed,
answered, closed and reopened from the portal; the home page's query count; nothing the
CSP would block."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accounts.models import Notification, Role, UserSession
from complaints import services as complaint_services
from complaints.models import Complaint
from extensions import db
from loans.models import LoanApplication
from mentoring.models import BusinessCheckin
from tests.test_security import INLINE
from tests.query_count import measure_get as _measure

from .conftest import EN, NOW, TODAY, text

D = Decimal


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def siti(world, as_user):
    return as_user(world["siti"])


def checkin_form(**overrides) -> dict:
    form = dict(month="2026-10", revenue="4.500.000", costs="3.000.000", other_income="0", savings="750.000",
                paid_workers="0", unpaid_workers="1", channels=["market"], keeps_records="y",
                practices=["records_sales"])
    form.update(overrides)
    return form


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def file_complaint(user, **overrides):
    values = dict(kind="complaint", category="loan", subject="Cicilan tercatat dua kali",
                  description="Pembayaran bulan Februari tercatat dua kali di buku saya.")
    values.update(overrides)
    attachment = complaint_services.Upload("bukti.png", png_bytes())
    complaint = complaint_services.file_complaint(complaint_services.ComplaintData(**values), channel="portal",
                                                  actor=user, now=NOW, attachment=attachment)
    db.session.commit()
    return complaint


def answer(complaint, world, body="Sudah kami perbaiki: satu pembayaran dihapus."):
    admin, officer = world["admin"], world["officer"]
    complaint_services.verify(complaint, actor=admin, now=NOW)
    complaint_services.assign(complaint, officer, actor=admin, now=NOW)
    complaint_services.answer(complaint, body, actor=officer, now=NOW)
    db.session.commit()


# --- Every page ------------------------------------------------------------------------


def portal_pages(world, complaint_id):
    loan = world["loans"]["A"]
    return ["/portal/", "/portal/loans", f"/portal/loans/{loan}", "/portal/apply", "/portal/sessions",
            "/portal/actions", "/portal/business", "/portal/business/checkin", "/portal/account",
            "/portal/complaints", "/portal/complaints/new", f"/portal/complaints/{complaint_id}"]


def test_every_page_opens_for_the_trainee_and_uses_nothing_the_csp_blocks(world, siti, factory):
    factory.action_item(world["a"], actor=world["mentor"])
    factory.mentor_session([world["a"]], mentor=world["mentor"], shared_notes="Bagus", staff_notes="RAHASIA STAF")
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 9, 1))
    complaint = file_complaint(world["siti"])
    answer(complaint, world)
    for path in portal_pages(world, complaint.id):
        response = siti.get(path, headers=EN)
        assert response.status_code == 200, path
        page = text(response)
        assert 'id="portal-nav"' in page, path
        assert "RAHASIA STAF" not in page
        for pattern, what in INLINE:
            match = pattern.search(page)
            assert match is None, f"{path} has an {what}: {page[match.start():match.start() + 80]!r}"


@pytest.mark.parametrize("role", ["admin", "officer", "mentor"])
def test_staff_may_not_open_the_portal(world, as_user, role):
    client = as_user(world[role])
    for path in ("/portal/", "/portal/loans", f"/portal/loans/{world['loans']['A']}", "/portal/apply"):
        assert client.get(path).status_code == 403, path
    assert client.post("/portal/actions/1/done").status_code == 403


def test_anonymous_goes_to_login(client, world):
    response = client.get("/portal/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_the_start_page_sends_a_trainee_to_the_portal(siti):
    response = siti.get("/")
    assert response.status_code == 302 and response.location == "/portal/"


def test_a_trainee_login_without_a_record_gets_a_friendly_page(app, factory, as_user):
    client = as_user(factory.user(Role.TRAINEE, full_name="Tanpa Data"))
    for path in ("/portal/", "/portal/loans", "/portal/business", "/portal/complaints"):
        response = client.get(path, headers=EN)
        assert response.status_code == 200, path
        assert "not linked to a trainee record" in text(response)
    assert client.get("/portal/loans/1", headers=EN).status_code == 404
    assert client.post("/portal/actions/1/done", headers=EN).status_code == 404


# --- Home -----------------------------------------------------------------------------


def test_home_shows_the_next_instalment_lateness_and_what_to_do(world, siti, factory):
    factory.action_item(world["a"], actor=world["mentor"], description="Pisahkan uang usaha",
                        due_on=TODAY - timedelta(days=3))
    page = text(siti.get("/portal/", headers=EN))
    assert "Hello, Siti Aminah" in page
    assert 'id="home-late"' in page and "days late" in page  # 100,000 paid of a 12-month loan from January
    assert 'id="home-next-amount"' in page and "Rp" in page
    assert "Pisahkan uang usaha" in page and "1 is late" in page
    assert "How did your business do in October 2026?" in page
    assert "Not assessed yet." in page


def test_home_page_runs_a_constant_number_of_queries(world, siti, factory):
    few = _measure(siti, "/portal/")
    mentor = db.session.merge(world["mentor"])
    trainee = db.session.merge(world["a"])
    factory._admin = db.session.merge(factory.admin)
    for n in range(6):
        factory.action_item(trainee, actor=mentor, due_on=TODAY + timedelta(days=n - 3))
        factory.mentor_session([trainee], mentor=mentor, held_on=TODAY - timedelta(days=n),
                               next_session_on=TODAY + timedelta(days=7))
    for month in (date(2026, 9, 1), date(2026, 10, 1)):
        factory.checkin(trainee, actor=mentor, month=month)
    for n in range(3):
        file_complaint(db.session.merge(world["siti"]), subject=f"Keluhan nomor {n + 1}")
    many = _measure(siti, "/portal/")
    assert many == few, (few, many)
    assert few <= 12, few  # the login's user + unread notifications + the trainee record + home_summary's 9


# --- Loans ----------------------------------------------------------------------------


def test_loan_page_shows_the_schedule_payments_and_cost(world, siti):
    page = text(siti.get(f"/portal/loans/{world['loans']['A']}", headers=EN))
    assert page.count('class="list-group-item d-flex') == 12
    assert 'data-state="overdue"' in page and 'data-state="paid"' not in page  # 100,000 pays no instalment fully
    assert f"/portal/loans/{world['loans']['A']}/receipts/{world['txns']['A']}.pdf" in page
    assert 'id="cost-of-credit"' in page and 'id="total-to-repay"' in page


def test_receipt_and_disclosure_pdfs_of_own_loan_only(world, siti):
    loan, txn = world["loans"], world["txns"]
    response = siti.get(f"/portal/loans/{loan['A']}/receipts/{txn['A']}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert siti.get(f"/portal/loans/{loan['A']}/disclosure.pdf").data.startswith(b"%PDF")
    assert siti.get(f"/portal/loans/{loan['B']}/receipts/{txn['B']}.pdf").status_code == 404
    assert siti.get(f"/portal/loans/{loan['A']}/receipts/{txn['B']}.pdf").status_code == 404
    assert siti.get(f"/portal/loans/{loan['B']}/disclosure.pdf").status_code == 404


def test_progress_report_pdf_is_the_trainees_own(world, siti):
    response = siti.get("/portal/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f"laporan-perkembangan-{world['a'].id}-" in response.headers["Content-Disposition"]


# --- Apply ----------------------------------------------------------------------------


def apply_form(product, **overrides) -> dict:
    form = dict(product_id=str(product.id), amount="3.000.000", term="12", purpose="Tambah etalase",
                business_plan="Jualan kue lebih banyak.", monthly_revenue="8.000.000", monthly_costs="4.000.000",
                household_expenses="2.000.000", other_installments="0", action="check")
    form.update(overrides)
    return form


def test_apply_shows_the_capacity_check_then_submits(world, siti, factory):
    product = factory.product()
    response = siti.post("/portal/apply", data=apply_form(product), headers=EN)
    page = text(response)
    assert response.status_code == 200
    assert 'id="check-installment"' in page and 'id="capacity-ok"' in page
    assert count(LoanApplication) == 2  # nothing filed yet (the world's two)
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    assert hidden["amount"] == "3.000.000" and hidden["product_id"] == str(product.id)
    response = siti.post("/portal/apply", data={**hidden, "action": "submit"}, headers=EN)
    assert response.status_code == 302 and response.location.startswith("/portal/loans")
    application = db.session.scalar(select(LoanApplication).order_by(LoanApplication.id.desc()))
    assert (application.trainee_id, application.submitted_by_id) == (world["a"].id, world["siti"].id)
    assert application.amount == D(3_000_000) and not application.is_flagged
    assert count(Notification) == 1
    page = text(siti.get("/portal/apply", headers=EN))
    assert 'id="open-application"' in page  # one open application at a time


def test_a_heavy_instalment_is_flagged_in_plain_words(world, siti, factory):
    product = factory.product()
    page = text(siti.post("/portal/apply", data=apply_form(product, household_expenses="3.900.000"), headers=EN))
    assert 'id="capacity-warning"' in page and "It may be hard to pay" in page
    page = text(siti.post("/portal/apply", data=apply_form(product, household_expenses="9.000.000"), headers=EN))
    assert "Your spending is as high as or higher than your income" in page


def test_change_goes_back_to_the_form_with_the_answers(world, siti, factory):
    product = factory.product()
    response = siti.post("/portal/apply", data=apply_form(product, action="change"), headers=EN)
    assert response.status_code == 200
    page = text(response)
    assert 'id="check-application"' in page and 'value="3.000.000"' in page


@pytest.mark.parametrize("overrides, message", [
    ({"amount": "50.000.000"}, "the amount must be between"),
    ({"amount": "tiga juta"}, "Enter a whole rupiah amount"),
    ({"term": "48"}, "the term must be between"),
    ({"product_id": "999999"}, "Not a valid choice"),
])
def test_bad_applications_come_back_with_the_message(world, siti, factory, overrides, message):
    product = factory.product()
    for action in ("check", "submit"):
        response = siti.post("/portal/apply", data=apply_form(product, action=action, **overrides), headers=EN)
        assert response.status_code == 400
        assert message in text(response)
    assert count(LoanApplication) == 2


# --- Mentoring ------------------------------------------------------------------------


def test_sessions_show_shared_notes_never_staff_notes(world, siti, factory):
    factory.mentor_session([world["a"]], mentor=world["mentor"], shared_notes="Catat tiap penjualan",
                           staff_notes="RAHASIA: utang rentenir")
    page = text(siti.get("/portal/sessions", headers=EN))
    assert "Catat tiap penjualan" in page and "RAHASIA" not in page


def test_trainee_marks_an_item_done_and_the_mentor_sees_who(world, siti, factory, as_user):
    item = factory.action_item(world["a"], actor=world["mentor"], description="Beli buku kas")
    mentor_item = factory.action_item(world["a"], actor=world["mentor"], owner="mentor", description="Cari pembeli")
    page = text(siti.get("/portal/actions", headers=EN))
    assert f'action="/portal/actions/{item.id}/done"' in page
    assert f'action="/portal/actions/{mentor_item.id}/done"' not in page  # the mentor's to do
    response = siti.post(f"/portal/actions/{item.id}/done", headers=EN)
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.status, item.completed_by_id) == ("done", world["siti"].id)
    assert count(Notification) == 1
    again = siti.post(f"/portal/actions/{item.id}/done", headers=EN)
    assert again.status_code == 400 and "already closed" in text(again)
    assert siti.post(f"/portal/actions/{mentor_item.id}/done", headers=EN).status_code == 400
    mentor_page = text(as_user(world["mentor"]).get(f"/trainees/{world['a'].id}", headers=EN))
    assert "marked done by Siti Aminah" in mentor_page


def test_marking_someone_elses_item_is_404(world, siti, factory):
    theirs = factory.action_item(world["b"], actor=world["other_mentor"])
    assert siti.post(f"/portal/actions/{theirs.id}/done").status_code == 404
    assert siti.post("/portal/actions/999999/done").status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == "open"


# --- Business figures -------------------------------------------------------------------


def test_trainee_reports_figures_and_the_mentor_confirms(world, siti, factory, as_user):
    page = text(siti.get("/portal/business/checkin", headers=EN))
    assert 'value="2026-10"' in page and 'value="2026-11"' in page and 'value="2026-09"' not in page
    response = siti.post("/portal/business/checkin", data=checkin_form(), headers=EN)
    assert response.status_code == 302
    checkin = db.session.scalar(select(BusinessCheckin))
    assert checkin.is_pending_confirmation and checkin.revenue == D(4_500_000)
    business = text(siti.get("/portal/business", headers=EN))
    assert "Self-reported — awaiting confirmation" in business and "Waiting for your mentor" in business

    mentor = as_user(world["mentor"])
    trainee_page = text(mentor.get(f"/trainees/{world['a'].id}", headers=EN))
    assert 'id="pending-checkins"' in trainee_page
    assert "Self-reported — awaiting confirmation" in trainee_page
    assert f'action="/mentoring/checkins/{checkin.id}/confirm"' in trainee_page
    response = mentor.post(f"/mentoring/checkins/{checkin.id}/confirm", headers=EN)
    assert response.status_code == 302 and response.location.endswith("#mentoring-checkins")
    db.session.refresh(checkin)
    assert checkin.confirmed_by_id == world["mentor"].id and not checkin.is_pending_confirmation
    trainee_page = text(mentor.get(f"/trainees/{world['a'].id}", headers=EN))
    assert 'id="pending-checkins"' not in trainee_page and "Self-reported, confirmed" in trainee_page


def test_the_trainee_sees_the_pending_badge_but_no_confirm_button(world, siti):
    siti.post("/portal/business/checkin", data=checkin_form())
    page = text(siti.get(f"/trainees/{world['a'].id}", headers=EN))
    assert "Self-reported — awaiting confirmation" in page
    assert "/mentoring/checkins/" not in page


@pytest.mark.parametrize("who, status", [("other_mentor", 404), ("siti", 403)])
def test_only_who_manages_the_trainee_may_confirm(world, siti, as_user, who, status):
    siti.post("/portal/business/checkin", data=checkin_form())
    checkin = db.session.scalar(select(BusinessCheckin))
    client = siti if who == "siti" else as_user(world[who])
    assert client.post(f"/mentoring/checkins/{checkin.id}/confirm").status_code == status
    assert client.post("/mentoring/checkins/999999/confirm").status_code == status
    db.session.refresh(checkin)
    assert checkin.is_pending_confirmation


def test_confirming_twice_says_so(world, siti, as_user):
    siti.post("/portal/business/checkin", data=checkin_form())
    checkin = db.session.scalar(select(BusinessCheckin))
    mentor = as_user(world["mentor"])
    mentor.post(f"/mentoring/checkins/{checkin.id}/confirm")
    response = mentor.post(f"/mentoring/checkins/{checkin.id}/confirm", headers=EN)
    assert response.status_code == 302
    assert "not waiting for confirmation" in text(mentor.get(response.location, headers=EN))


@pytest.mark.parametrize("overrides, status, message", [
    ({"month": "2026-09"}, 400, "Not a valid choice"),
    ({"revenue": "banyak"}, 400, "Enter a whole rupiah amount"),
    ({"revenue": "1.500"}, 400, "looks like thousands"),
])
def test_bad_figures_come_back_with_the_message(world, siti, overrides, status, message):
    response = siti.post("/portal/business/checkin", data=checkin_form(**overrides), headers=EN)
    assert response.status_code == status
    assert message in text(response)
    assert count(BusinessCheckin) == 0


def test_a_month_the_mentor_recorded_is_not_offered(world, siti, factory):
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 10, 1))
    page = text(siti.get("/portal/business/checkin", headers=EN))
    assert 'value="2026-10"' not in page and 'value="2026-11"' in page
    response = siti.post("/portal/business/checkin", data=checkin_form(), headers=EN)
    assert response.status_code == 400
    factory.checkin(world["a"], actor=world["mentor"], month=date(2026, 11, 1))
    response = siti.get("/portal/business/checkin", headers=EN)
    assert response.status_code == 302 and response.location == "/portal/business"


# --- Account --------------------------------------------------------------------------


def test_change_password_from_the_portal(world, siti, factory, as_user):
    other_device = as_user(world["siti"])
    bad = siti.post("/portal/account", data={"current": "salah-salah-1", "new": "Tahu-Bulat-2027",
                                             "again": "Tahu-Bulat-2027"}, headers=EN)
    assert bad.status_code == 400 and "current password is not right" in text(bad)
    differ = siti.post("/portal/account", data={"current": factory.PASSWORD, "new": "Tahu-Bulat-2027",
                                                "again": "Tahu-Bulat-2028"}, headers=EN)
    assert differ.status_code == 400 and "The two new passwords differ." in text(differ)
    weak = siti.post("/portal/account", data={"current": factory.PASSWORD, "new": "password123",
                                              "again": "password123"}, headers=EN)
    assert weak.status_code == 400 and "too common" in text(weak)
    ok = siti.post("/portal/account", data={"current": factory.PASSWORD, "new": "Tahu-Bulat-2027",
                                            "again": "Tahu-Bulat-2027"}, headers=EN)
    assert ok.status_code == 302
    assert siti.get("/portal/").status_code == 200  # still logged in here
    assert other_device.get("/portal/").status_code == 302  # logged out elsewhere
    assert count(UserSession) == 2


def test_language_buttons_post_to_the_language_switch(siti):
    page = text(siti.get("/portal/account"))
    assert 'action="/language"' in page and 'id="language-en"' in page
    response = siti.post("/language", data={"language": "en", "next": "/portal/account"})
    assert response.location == "/portal/account"
    assert "Change my password" in text(siti.get("/portal/account"))


# --- Complaints -----------------------------------------------------------------------


def test_trainee_files_a_complaint_with_a_photo(world, siti):
    response = siti.post("/portal/complaints/new", data={
        "kind": "complaint", "category": "loan", "subject": "Cicilan tercatat dua kali",
        "description": "Pembayaran Februari tercatat dua kali.",
        "attachment": (io.BytesIO(png_bytes()), "bukti.png")}, content_type="multipart/form-data", headers=EN)
    assert response.status_code == 302, text(response)[:2000]
    complaint = db.session.scalar(select(Complaint))
    assert response.location == f"/portal/complaints/{complaint.id}"
    assert (complaint.channel, complaint.complainant_user_id, complaint.trainee_id) == (
        "portal", world["siti"].id, world["a"].id)
    page = text(siti.get(response.location, headers=EN))
    assert complaint.tracking_code in page and "bukti.png" in page
    [attachment] = complaint.attachments
    download = siti.get(f"/portal/complaints/{complaint.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == png_bytes()
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_fake_photo_is_refused_with_the_message(world, siti):
    response = siti.post("/portal/complaints/new", data={
        "kind": "complaint", "category": "loan", "subject": "Cicilan tercatat dua kali",
        "description": "Pembayaran Februari tercatat dua kali.",
        "attachment": (io.BytesIO(b"MZ\x90\x00 not an image"), "foto.jpg")},
        content_type="multipart/form-data", headers=EN)
    assert response.status_code == 400
    assert count(Complaint) == 0
    assert "JPEG" in text(response) or "PDF" in text(response)


def test_answered_complaint_is_closed_by_the_trainee(world, siti):
    complaint = file_complaint(world["siti"])
    answer(complaint, world, body="Sudah kami perbaiki.")
    page = text(siti.get(f"/portal/complaints/{complaint.id}", headers=EN))
    assert 'id="answer-text"' in page and "Sudah kami perbaiki." in page and 'id="close-complaint"' in page
    response = siti.post(f"/portal/complaints/{complaint.id}/close", headers=EN)
    assert response.status_code == 302
    db.session.refresh(complaint)
    assert (complaint.status, complaint.close_reason) == ("closed", "confirmed")
    again = siti.post(f"/portal/complaints/{complaint.id}/close", headers=EN)
    assert again.status_code == 400


def test_reply_and_reopen_once(world, siti):
    complaint = file_complaint(world["siti"])
    response = siti.post(f"/portal/complaints/{complaint.id}/reply", data={"body": "Ini nomor kuitansinya: 123."})
    assert response.status_code == 302
    empty = siti.post(f"/portal/complaints/{complaint.id}/reply", data={"body": ""}, headers=EN)
    assert empty.status_code == 400
    answer(complaint, world)
    response = siti.post(f"/portal/complaints/{complaint.id}/reopen",
                         data={"reason": "Masih tercatat dua kali di buku saya."}, headers=EN)
    assert response.status_code == 302
    db.session.refresh(complaint)
    assert complaint.status == "in_progress" and complaint.reopen_count == 1
    page = text(siti.get(f"/portal/complaints/{complaint.id}", headers=EN))
    assert "Ini nomor kuitansinya: 123." in page and "Masih tercatat dua kali" in page


def test_internal_notes_never_reach_the_trainee(world, siti):
    complaint = file_complaint(world["siti"])
    complaint_services.verify(complaint, actor=world["admin"], now=NOW)
    complaint_services.add_note(complaint, "CATATAN INTERNAL: cek buku kas petugas", actor=world["admin"], now=NOW)
    db.session.commit()
    page = text(siti.get(f"/portal/complaints/{complaint.id}", headers=EN))
    assert "CATATAN INTERNAL" not in page


def test_someone_elses_complaint_is_404_everywhere(world, siti):
    theirs = file_complaint(world["budi"])
    mine = file_complaint(world["siti"])
    [their_file] = theirs.attachments
    assert siti.get(f"/portal/complaints/{theirs.id}").status_code == 404
    assert siti.get(f"/portal/complaints/{theirs.id}/attachments/{their_file.id}").status_code == 404
    assert siti.get(f"/portal/complaints/{mine.id}/attachments/{their_file.id}").status_code == 404
    for step, data in (("reply", {"body": "Halo halo halo"}), ("close", {}), ("reopen", {"reason": "Belum beres"})):
        assert siti.post(f"/portal/complaints/{theirs.id}/{step}", data=data).status_code == 404
    listing = text(siti.get("/portal/complaints"))
    assert f'data-complaint="{theirs.id}"' not in listing and f'data-complaint="{mine.id}"' in listing


def test_every_portal_form_needs_the_csrf_token(app_factory, world, factory):
    from tests.accounts.support import csrf_token

    csrf_app = app_factory(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    token = csrf_token(text(client.get("/login")))
    client.post("/login", data={"username": "siti", "password": factory.PASSWORD, "csrf_token": token})
    item = factory.action_item(world["a"], actor=world["mentor"])
    complaint = file_complaint(world["siti"])
    posts = ["/portal/apply", f"/portal/actions/{item.id}/done", "/portal/business/checkin", "/portal/account",
             "/portal/complaints/new", *(f"/portal/complaints/{complaint.id}/{step}" for step in
                                         ("reply", "close", "reopen"))]
    for url in posts:
        response = client.post(url, data={"body": "Halo", "reason": "Belum", "current": "x"}, headers=EN)
        assert response.status_code == 400, url
        assert "security token" in text(response), url
    db.session.refresh(item)
    assert item.status == "open"
