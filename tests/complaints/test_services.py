"""Complaint services: filing through the three channels, the state machine and who may
move it, once-only reopen, misconduct reports hidden from the accused, confidential
identity, the visibility policy, SLA deadlines in working days, escalation and
auto-close, holidays. Every transition leaves a timeline event and an audit event; a
refused call writes nothing. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select

from accounts import notifications
from accounts.models import AuditEvent, Notification, OutboxEmail, Role
from complaints import services
from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent, Holiday
from complaints.services import (
    ComplaintData,
    InvalidTransition,
    NotAllowed,
    RateLimited,
    Upload,
    ValidationFailed,
)
from extensions import db

#: Monday 23 Nov 2026, 10:00 in Bandung.
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def data(**overrides) -> ComplaintData:
    values = dict(kind="complaint", category="loan", subject="Angsuran tercatat dua kali",
                  description="Angsuran bulan Oktober tercatat dua kali di kartu saya.")
    values.update(overrides)
    return ComplaintData(**values)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_actions(c: Complaint) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "complaint", AuditEvent.entity_id == str(c.id))
        .order_by(AuditEvent.id)))


def event_kinds(c: Complaint, *, public_only: bool = False) -> list[str]:
    events = services.public_events(c) if public_only else c.events
    return [e.kind for e in events]


def notified(user, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


# --- Filing -------------------------------------------------------------------------


def test_portal_complaint_belongs_to_the_trainee_with_deadline_event_audit_and_admin_notice(factory):
    admin = factory.admin
    trainee = factory.trainee_with_login(full_name="Siti Aminah")
    user = trainee.user
    # 01:00 on Tuesday in Bandung is still Monday in UTC: the SLA clock uses the local date.
    now = datetime(2026, 11, 23, 18, 0, tzinfo=timezone.utc)
    c = services.file_complaint(data(), channel="portal", actor=user, now=now)
    db.session.commit()
    assert (c.status, c.channel) == ("received", "portal")
    assert c.complainant_user_id == user.id and c.trainee_id == trainee.id
    assert c.complainant_name == "Siti Aminah"
    assert c.received_on == date(2026, 11, 24)
    assert c.verify_due_on == date(2026, 11, 27)  # Tue + 3 working days
    assert len(c.tracking_code) == 10 and set(c.tracking_code) <= set(services.TRACKING_ALPHABET)
    assert event_kinds(c, public_only=True) == ["received"]
    assert audit_actions(c) == ["complaint.filed"]
    [note] = notified(admin, "complaint.received")
    assert note.link == f"/complaints/{c.id}"
    assert notifications.text(note) == f"New complaint #{c.id}: Angsuran tercatat dua kali"
    assert notified(user) == []


def test_disabled_admins_are_not_notified(factory):
    from accounts import services as account_services

    admin = factory.admin
    other = factory.user(Role.ADMIN)
    account_services.set_enabled(other, False, actor=admin, now=NOW)
    db.session.commit()
    factory.complaint()
    assert len(notified(admin, "complaint.received")) == 1
    assert notified(other) == []


def test_a_given_name_wins_over_the_record(factory):
    trainee = factory.trainee_with_login(full_name="Siti Aminah")
    c = services.file_complaint(data(complainant_name="Bu Siti"), channel="portal", actor=trainee.user, now=NOW)
    assert c.complainant_name == "Bu Siti"


def test_tracking_code_is_found_ignoring_case_spaces_and_dashes(factory):
    c = factory.complaint()
    code = c.tracking_code
    assert services.find_by_tracking_code(code) is c
    assert services.find_by_tracking_code(f" {code[:5].lower()}-{code[5:]} ") is c
    assert services.find_by_tracking_code("") is None
    assert services.find_by_tracking_code("0" * 10) is None
    assert services.find_by_tracking_code(code[:-1]) is None


def test_validation_lists_every_broken_rule_and_writes_nothing(factory):
    admin = factory.admin
    with pytest.raises(ValidationFailed) as info:
        services.file_complaint(
            data(kind="gossip", category="weather", subject="abc", description="short",
                 complainant_contact="x" * 121),
            channel="staff", actor=admin, now=NOW)
    assert set(info.value.errors) == {"kind", "category", "subject", "description", "complainant_contact"}
    assert "5 to 200 characters" in info.value.errors["subject"]
    assert count(Complaint) == 0 and count(ComplaintEvent) == 0


def test_misconduct_needs_to_say_who_it_is_about(factory):
    with pytest.raises(ValidationFailed) as info:
        services.file_complaint(data(kind="misconduct", accused_description="  "), channel="staff",
                                actor=factory.admin, now=NOW)
    assert set(info.value.errors) == {"accused_description"}


def test_accused_description_is_dropped_for_other_kinds(factory):
    c = factory.complaint(accused_description="Pak Budi")
    assert c.accused_description is None


def test_portal_is_for_trainees_with_a_record(factory):
    with pytest.raises(NotAllowed):
        services.file_complaint(data(), channel="portal", actor=factory.user(Role.OFFICER), now=NOW)
    with pytest.raises(NotAllowed):
        services.file_complaint(data(), channel="portal", actor=factory.user(Role.TRAINEE), now=NOW)
    trainee = factory.trainee_with_login()
    other = factory.trainee()
    with pytest.raises(NotAllowed):
        services.file_complaint(data(trainee_id=other.id), channel="portal", actor=trainee.user, now=NOW)
    assert count(Complaint) == 0


def test_staff_files_for_a_trainee_and_the_trainee_becomes_the_complainant(factory):
    officer = factory.user(Role.OFFICER)
    trainee = factory.trainee_with_login(full_name="Dewi Lestari")
    c = services.file_complaint(data(trainee_id=trainee.id), channel="staff", actor=officer, now=NOW)
    assert c.filed_by_id == officer.id
    assert c.complainant_user_id == trainee.user_id
    assert c.complainant_name == "Dewi Lestari"


def test_a_mentor_files_only_for_own_trainees(factory):
    mentor = factory.user(Role.MENTOR)
    theirs = factory.trainee(mentor_id=mentor.id)
    other = factory.trainee()
    with pytest.raises(NotAllowed):
        services.file_complaint(data(trainee_id=other.id), channel="staff", actor=mentor, now=NOW)
    c = services.file_complaint(data(trainee_id=theirs.id), channel="staff", actor=mentor, now=NOW)
    assert c.trainee_id == theirs.id


def test_trainees_cannot_file_as_staff(factory):
    with pytest.raises(NotAllowed):
        services.file_complaint(data(), channel="staff", actor=factory.user(Role.TRAINEE), now=NOW)


def test_public_complaints_are_limited_per_address_per_hour(factory):
    ip = "198.51.100.20"
    for i in range(5):
        services.file_complaint(data(), channel="public", actor=None, now=NOW + i * timedelta(minutes=5), ip=ip)
    db.session.commit()
    with pytest.raises(RateLimited) as info:
        services.file_complaint(data(), channel="public", actor=None, now=NOW + timedelta(minutes=30), ip=ip)
    assert "at most 5 per hour" in str(info.value)
    assert count(Complaint) == 5
    # another address is not affected; the same one is again an hour after its first
    services.file_complaint(data(), channel="public", actor=None, now=NOW + timedelta(minutes=30), ip="198.51.100.21")
    services.file_complaint(data(), channel="public", actor=None, now=NOW + timedelta(minutes=61), ip=ip)
    stored = set(db.session.scalars(select(Complaint.ip_hash)))
    assert ip not in stored and all(len(h) == 64 for h in stored)


def test_the_public_limit_comes_from_config(app_factory):
    app = app_factory(COMPLAINT_PUBLIC_PER_HOUR=1)
    with app.app_context(), force_locale("en"):
        services.file_complaint(data(), channel="public", actor=None, now=NOW, ip="198.51.100.9")
        with pytest.raises(RateLimited, match="at most 1 per hour"):
            services.file_complaint(data(), channel="public", actor=None, now=NOW, ip="198.51.100.9")
        db.session.rollback()


def test_confidential_filing_keeps_name_and_text_out_of_the_audit_trail(factory):
    trainee = factory.trainee_with_login(full_name="Rahasia Sekali")
    c = services.file_complaint(data(confidential=True, description="Nama saya Rahasia Sekali, tolong rahasiakan."),
                                channel="portal", actor=trainee.user, now=NOW)
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.filed"))
    assert "Rahasia" not in str(event.details)
    assert "trainee_id" not in event.details
    assert event.details["confidential"] is True
    assert c.complainant_name == "Rahasia Sekali"


def test_misconduct_notifications_never_carry_the_subject(factory):
    admin = factory.admin
    c = factory.complaint(kind="misconduct", subject="Pak Budi minta uang pelicin")
    [note] = notified(admin, "complaint.received")
    assert "Budi" not in str(note.params)
    assert notifications.text(note) == f"New complaint #{c.id}: Report of staff misconduct"


def test_an_attachment_can_come_with_the_complaint(factory):
    c = factory.complaint(attachment=Upload("bukti.pdf", PDF))
    [att] = c.attachments
    assert (att.content_type, att.is_public, att.original_name) == ("application/pdf", True, "bukti.pdf")
    assert event_kinds(c) == ["received", "attachment"]
    assert "complaint.attachment_added" in audit_actions(c)


def test_a_bad_attachment_refuses_the_whole_complaint(factory, app):
    from pathlib import Path

    with pytest.raises(ValidationFailed) as info:
        services.file_complaint(data(), channel="staff", actor=factory.admin, now=NOW,
                                attachment=Upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100))
    assert set(info.value.errors) == {"attachment"}
    db.session.rollback()
    assert count(Complaint) == 0
    folder = Path(app.config["COMPLAINT_ATTACHMENT_DIR"])
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_rolled_back_complaint_leaves_no_file_behind(factory, app):
    from pathlib import Path

    services.file_complaint(data(), channel="staff", actor=factory.admin, now=NOW, attachment=Upload("a.pdf", PDF))
    folder = Path(app.config["COMPLAINT_ATTACHMENT_DIR"])
    assert len(list(folder.iterdir())) == 1
    db.session.rollback()
    assert list(folder.iterdir()) == []


# --- The normal path ----------------------------------------------------------------


def test_the_whole_path_writes_an_event_and_an_audit_event_per_step(factory):
    admin = factory.admin
    officer = factory.user(Role.OFFICER)
    trainee = factory.trainee_with_login()
    c = factory.complaint(channel="portal", trainee=trainee)
    t = NOW + HOUR
    services.verify(c, actor=admin, now=t)
    services.assign(c, officer, actor=admin, now=t + HOUR)
    services.start_work(c, actor=officer, now=t + 2 * HOUR)
    services.add_note(c, "Cek buku kas cabang.", actor=officer, now=t + 3 * HOUR)
    services.reply(c, "Mohon kirim foto kartu angsuran.", actor=officer, now=t + 4 * HOUR)
    services.complainant_reply(c, "Sudah saya kirim lewat lampiran.", actor=trainee.user, now=t + 5 * HOUR)
    services.answer(c, "Angsuran ganda sudah dihapus.", actor=officer, now=t + 6 * HOUR)
    services.close(c, actor=trainee.user, now=t + 7 * HOUR)
    db.session.commit()
    assert c.status == "closed" and c.close_reason == "confirmed"
    assert event_kinds(c) == ["received", "verified", "assigned", "started", "note", "reply", "complainant_reply",
                              "answered", "closed"]
    assert "note" not in event_kinds(c, public_only=True)
    assert audit_actions(c) == ["complaint.filed", "complaint.verified", "complaint.assigned", "complaint.started",
                                "complaint.noted", "complaint.replied", "complaint.complainant_replied",
                                "complaint.answered", "complaint.closed"]
    verified = c.events[1]
    assert verified.details == {"from": "received", "to": "verified", "answer_due_on": "2026-12-11"}
    assert verified.actor_id == admin.id
    # no message text in the audit trail
    assert "Angsuran ganda" not in str([e.details for e in db.session.scalars(select(AuditEvent))])
    assert [n.kind for n in notified(trainee.user)] == ["complaint.reply", "complaint.answered"]
    assert [n.kind for n in notified(officer)] == ["complaint.assigned", "complaint.complainant_reply",
                                                   "complaint.closed"]


def test_verification_fixes_the_answer_deadline_by_kind(factory):
    ordinary = factory.complaint(status="verified")
    urgent = factory.complaint(status="verified", kind="urgent")
    misconduct = factory.complaint(status="verified", kind="misconduct")
    assert ordinary.verified_on == date(2026, 11, 23)
    assert (ordinary.answer_days, ordinary.answer_due_on) == (14, date(2026, 12, 11))
    assert (urgent.answer_days, urgent.answer_due_on) == (5, date(2026, 11, 30))
    assert misconduct.answer_days == 5


def test_verification_may_correct_the_category(factory):
    c = factory.complaint(category="other")
    services.verify(c, actor=factory.admin, now=NOW + HOUR, category="mentoring")
    assert c.category == "mentoring"
    assert c.events[-1].details["category"] == ["other", "mentoring"]
    with pytest.raises(ValidationFailed):
        services.verify(factory.complaint(), actor=factory.admin, now=NOW, category="weather")


def test_only_admins_verify_decline_and_assign(factory):
    officer = factory.user(Role.OFFICER)
    c = factory.complaint()
    with pytest.raises(NotAllowed):
        services.verify(c, actor=officer, now=NOW)
    with pytest.raises(NotAllowed):
        services.decline(c, status="archived", reason="Ganda dengan #1", actor=officer, now=NOW)
    verified = factory.complaint(status="verified")
    with pytest.raises(NotAllowed):
        services.assign(verified, officer, actor=officer, now=NOW)
    assert c.status == "received" and verified.status == "verified"


def test_steps_out_of_order_are_invalid_transitions(factory):
    admin, officer = factory.admin, factory.user(Role.OFFICER)
    c = factory.complaint()
    with pytest.raises(InvalidTransition):
        services.assign(c, officer, actor=admin, now=NOW)
    with pytest.raises(InvalidTransition):
        services.answer(c, "Jawaban", actor=admin, now=NOW)
    with pytest.raises(InvalidTransition):
        services.close(c, actor=None, now=NOW)
    with pytest.raises(InvalidTransition):
        services.reopen(c, "Belum beres", actor=None, now=NOW)
    services.verify(c, actor=admin, now=NOW)
    with pytest.raises(InvalidTransition, match='while the complaint is "Verified"'):
        services.verify(c, actor=admin, now=NOW)
    with pytest.raises(InvalidTransition):
        services.start_work(c, actor=admin, now=NOW)


def test_decline_needs_a_reason_and_ends_the_case(factory):
    admin = factory.admin
    trainee = factory.trainee_with_login()
    c = factory.complaint(channel="portal", trainee=trainee)
    with pytest.raises(ValidationFailed) as info:
        services.decline(c, status="closed", reason="", actor=admin, now=NOW)
    assert set(info.value.errors) == {"status", "reason"}
    services.decline(c, status="not_authority", reason="Urusan BPJS, bukan program ini.", actor=admin, now=NOW + HOUR)
    assert (c.status, c.resolution_reason, c.closed_at) == ("not_authority", "Urusan BPJS, bukan program ini.",
                                                             NOW + HOUR)
    assert c.events[-1].kind == "not_authority" and c.events[-1].is_public
    assert audit_actions(c)[-1] == "complaint.not_authority"
    assert [n.kind for n in notified(trainee.user)] == ["complaint.closed"]
    with pytest.raises(InvalidTransition):
        services.complainant_reply(c, "Kenapa?", actor=trainee.user, now=NOW + 2 * HOUR)
    assigned = factory.complaint(status="assigned")
    with pytest.raises(InvalidTransition):
        services.decline(assigned, status="archived", reason="Tidak jelas", actor=admin, now=NOW)


def test_assignee_must_be_active_staff(factory):
    from accounts import services as account_services

    admin = factory.admin
    c = factory.complaint(status="verified")
    with pytest.raises(ValidationFailed):
        services.assign(c, factory.user(Role.TRAINEE), actor=admin, now=NOW)
    gone = factory.user(Role.OFFICER)
    account_services.set_enabled(gone, False, actor=admin, now=NOW)
    with pytest.raises(ValidationFailed):
        services.assign(c, gone, actor=admin, now=NOW)
    mentor = factory.user(Role.MENTOR)
    services.assign(c, mentor, actor=admin, now=NOW)
    with pytest.raises(ValidationFailed, match="already assigned"):
        services.assign(c, mentor, actor=admin, now=NOW)


def test_reassigning_work_in_progress_keeps_it_in_progress(factory):
    admin = factory.admin
    c = factory.complaint(status="in_progress")
    first = c.assignee
    second = factory.user(Role.OFFICER)
    services.assign(c, second, actor=admin, now=NOW + 9 * HOUR)
    assert (c.status, c.assignee_id) == ("in_progress", second.id)
    assert c.events[-1].details == {"from": "in_progress", "to": "in_progress", "assignee_id": second.id,
                                    "previous_assignee_id": first.id}
    assert len(notified(second, "complaint.assigned")) == 1
    with pytest.raises(NotAllowed):
        services.answer(c, "Saya jawab", actor=first, now=NOW + 10 * HOUR)


def test_only_the_assignee_or_an_admin_starts_and_answers(factory):
    c = factory.complaint(status="assigned")
    stranger = factory.user(Role.OFFICER)
    with pytest.raises(NotAllowed):
        services.start_work(c, actor=stranger, now=NOW)
    with pytest.raises(NotAllowed):
        services.answer(c, "Jawaban", actor=stranger, now=NOW)
    services.answer(c, "Jawaban dari admin lain", actor=factory.user(Role.ADMIN), now=NOW + 5 * HOUR)
    assert c.status == "answered"


def test_notes_and_replies_need_someone_who_can_see_the_complaint(factory):
    c = factory.complaint(status="assigned")
    stranger = factory.user(Role.MENTOR)
    with pytest.raises(NotAllowed):
        services.add_note(c, "Intip", actor=stranger, now=NOW)
    with pytest.raises(NotAllowed):
        services.reply(c, "Halo", actor=stranger, now=NOW)
    with pytest.raises(ValidationFailed):
        services.add_note(c, "   ", actor=c.assignee, now=NOW)
    with pytest.raises(NotAllowed):
        services.add_note(c, "Saya peserta", actor=factory.user(Role.TRAINEE), now=NOW)


def test_someone_else_is_not_the_complainant(factory):
    c = factory.complaint(channel="portal", status="answered")
    other = factory.trainee_with_login()
    for call in (lambda: services.close(c, actor=other.user, now=NOW),
                 lambda: services.reopen(c, "Belum beres", actor=other.user, now=NOW),
                 lambda: services.complainant_reply(c, "Halo", actor=other.user, now=NOW),
                 lambda: services.close(c, actor=factory.admin, now=NOW)):
        with pytest.raises(NotAllowed):
            call()
    assert c.status == "answered"


def test_a_public_complainant_acts_without_login(factory):
    c = factory.complaint(channel="public", status="answered")
    services.close(c, actor=None, now=NOW + 10 * HOUR)
    assert c.status == "closed"
    assert c.events[-1].actor_id is None


# --- Answers, reopen, close ---------------------------------------------------------


def test_first_answer_is_kept_and_reopen_is_allowed_once(factory):
    trainee = factory.trainee_with_login()
    c = factory.complaint(channel="portal", trainee=trainee, status="answered")
    first_answer, assignee = c.answered_at, c.assignee
    # reopened on Tuesday 1 Dec (local): 14 working days from then
    reopen_at = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
    services.reopen(c, "Angsuran ganda masih muncul di kartu.", actor=trainee.user, now=reopen_at)
    assert (c.status, c.reopen_count, c.assignee_id) == ("in_progress", 1, assignee.id)
    assert c.answer_due_on == date(2026, 12, 21)
    assert c.events[-1].kind == "reopened" and c.events[-1].is_public
    assert [n.kind for n in notified(assignee)][-1] == "complaint.reopened"
    later = reopen_at + 2 * HOUR
    services.answer(c, "Sudah diperbaiki lagi.", actor=assignee, now=later)
    assert c.answered_at == first_answer and c.last_answered_at == later
    with pytest.raises(InvalidTransition, match="only once"):
        services.reopen(c, "Masih salah juga", actor=trainee.user, now=later + HOUR)
    services.close(c, actor=trainee.user, now=later + HOUR)
    with pytest.raises(InvalidTransition, match="only once"):
        services.reopen(c, "Masih salah juga", actor=trainee.user, now=later + 2 * HOUR)
    assert c.reopen_count == 1 and c.status == "closed"


def test_a_closed_complaint_can_be_reopened(factory):
    c = factory.complaint(channel="public", status="closed")
    services.reopen(c, "Ternyata belum beres.", actor=None, now=NOW + 10 * HOUR)
    assert (c.status, c.closed_at, c.close_reason) == ("in_progress", None, None)
    with pytest.raises(ValidationFailed):
        services.reopen(factory.complaint(channel="public", status="closed"), "no", actor=None, now=NOW)


def test_reopen_once_holds_in_the_database_too(factory):
    from sqlalchemy.exc import IntegrityError

    c = factory.complaint(status="answered")
    with pytest.raises(IntegrityError):
        db.session.execute(Complaint.__table__.update().where(Complaint.id == c.id).values(reopen_count=2))
    db.session.rollback()


# --- Misconduct and visibility ------------------------------------------------------


def test_misconduct_is_invisible_to_the_accused_admin_and_to_all_officers(factory):
    accused = factory.user(Role.ADMIN)
    other_admin = factory.admin
    filer = factory.user(Role.OFFICER)
    report = factory.complaint(kind="misconduct", actor=filer, status="verified", accused=accused)
    ordinary = factory.complaint()
    assert report.accused_user_id == accused.id
    visible = set(db.session.scalars(services.visible_complaints(accused)))
    assert visible == {ordinary}
    assert not services.can_see(accused, report)
    assert services.can_see(other_admin, report)
    assert set(db.session.scalars(services.visible_complaints(other_admin))) == {report, ordinary}
    # even the officer who filed it no longer sees it
    assert report not in set(db.session.scalars(services.visible_complaints(filer)))
    assert not services.can_see(filer, report)


def test_the_accused_can_do_nothing_with_the_report(factory):
    accused = factory.user(Role.ADMIN)
    report = factory.complaint(kind="misconduct", status="verified", accused=accused)
    for call in (lambda: services.assign(report, factory.user(Role.ADMIN), actor=accused, now=NOW),
                 lambda: services.decline(report, status="archived", reason="Fitnah belaka", actor=accused, now=NOW),
                 lambda: services.add_note(report, "Ini fitnah", actor=accused, now=NOW),
                 lambda: services.reply(report, "Ini fitnah", actor=accused, now=NOW),
                 lambda: services.answer(report, "Ini fitnah", actor=accused, now=NOW),
                 lambda: services.link_accused(report, factory.user(Role.OFFICER).id, actor=accused, now=NOW)):
        with pytest.raises(NotAllowed):
            call()
    with pytest.raises(ValidationFailed, match="administrator it does not concern"):
        services.assign(report, accused, actor=factory.admin, now=NOW)
    with pytest.raises(ValidationFailed):
        services.assign(report, factory.user(Role.OFFICER), actor=factory.admin, now=NOW)


def test_the_accused_hears_nothing_about_the_report(factory):
    accused = factory.user(Role.ADMIN)
    handler = factory.user(Role.ADMIN)
    report = factory.complaint(kind="misconduct", status="verified", accused=accused)
    services.assign(report, handler, actor=factory.admin, now=NOW + 5 * HOUR)
    services.complainant_reply(report, "Tambahan bukti", actor=None, now=NOW + 6 * HOUR)
    services.escalate(now=datetime(2027, 1, 15, 3, 0, tzinfo=timezone.utc))
    kinds = [n.kind for n in notified(accused)]
    assert "complaint.received" in kinds  # filed before anyone knew whom it concerns
    assert not {"complaint.assigned", "complaint.complainant_reply", "complaint.overdue_answer"} & set(kinds)
    assert "complaint.overdue_answer" in [n.kind for n in notified(handler)]


def test_linking_the_accused(factory):
    admin = factory.admin
    handler = factory.user(Role.ADMIN)
    report = factory.complaint(kind="misconduct", status="assigned", assignee=handler)
    with pytest.raises(ValidationFailed, match="yourself"):
        services.link_accused(report, admin.id, actor=admin, now=NOW)
    with pytest.raises(ValidationFailed, match="handling the report"):
        services.link_accused(report, handler.id, actor=admin, now=NOW)
    with pytest.raises(ValidationFailed):
        services.link_accused(report, factory.user(Role.TRAINEE).id, actor=admin, now=NOW)
    officer = factory.user(Role.OFFICER)
    services.link_accused(report, officer.id, actor=admin, now=NOW + 9 * HOUR)
    assert report.accused_user_id == officer.id
    assert report.events[-1].is_public is False
    assert audit_actions(report)[-1] == "complaint.accused_linked"
    with pytest.raises(ValidationFailed):
        services.link_accused(factory.complaint(status="verified"), officer.id, actor=admin, now=NOW)


def test_officers_and_mentors_see_what_is_assigned_to_them_or_filed_by_them(factory):
    officer, mentor = factory.user(Role.OFFICER), factory.user(Role.MENTOR)
    assigned = factory.complaint(status="assigned", assignee=officer)
    filed = factory.complaint(actor=officer)
    factory.complaint()  # neither
    factory.complaint(status="assigned", assignee=mentor)
    assert set(db.session.scalars(services.visible_complaints(officer))) == {assigned, filed}
    assert services.can_see(officer, assigned) and services.can_see(officer, filed)
    assert len(db.session.scalars(services.visible_complaints(mentor)).all()) == 1


def test_trainees_and_anonymous_users_see_only_their_own(factory):
    from flask_login import AnonymousUserMixin

    trainee = factory.trainee_with_login()
    mine = factory.complaint(channel="portal", trainee=trainee, kind="misconduct")
    factory.complaint(channel="portal")
    assert db.session.scalars(services.visible_complaints(trainee.user)).all() == []
    assert db.session.scalars(services.own_complaints(trainee.user)).all() == [mine]
    assert not services.can_see(trainee.user, mine)
    assert db.session.scalars(services.visible_complaints(AnonymousUserMixin())).all() == []
    assert db.session.scalars(services.own_complaints(None)).all() == []
    assert db.session.scalars(services.own_complaints(factory.admin)).all() == []


def test_confidential_identity_is_for_admins_and_the_complainant(factory):
    officer = factory.user(Role.OFFICER)
    trainee = factory.trainee_with_login()
    secret = factory.complaint(channel="portal", trainee=trainee, confidential=True, status="assigned",
                               assignee=officer)
    open_ = factory.complaint(channel="portal", status="assigned", assignee=officer)
    assert not services.can_see_identity(officer, secret)
    assert services.can_see_identity(officer, open_)
    assert services.can_see_identity(factory.admin, secret)
    assert services.can_see_identity(trainee.user, secret)
    assert not services.can_see_identity(factory.user(Role.MENTOR), open_)


def test_the_complainants_view_leaves_out_internal_events_and_files(factory):
    c = factory.complaint(status="in_progress")
    services.add_note(c, "Catatan internal", actor=c.assignee, now=NOW + 9 * HOUR)
    internal = services.add_attachment(c, Upload("memo.pdf", PDF), actor=c.assignee, now=NOW + 9 * HOUR,
                                       is_public=False)
    public = services.add_attachment(c, Upload("kwitansi.pdf", PDF), actor=None, now=NOW + 10 * HOUR,
                                     is_public=False)  # the complainant's files are always public
    assert services.public_attachments(c) == [public]
    assert internal in c.attachments
    kinds = event_kinds(c, public_only=True)
    assert "note" not in kinds and kinds.count("attachment") == 1


# --- Attachments later --------------------------------------------------------------


def test_attachments_are_limited_and_only_while_the_case_is_open(factory):
    c = factory.complaint(channel="public")
    for i in range(services.MAX_ATTACHMENTS):
        services.add_attachment(c, Upload(f"{i}.pdf", PDF), actor=None, now=NOW)
    with pytest.raises(ValidationFailed, match="at most 10 attachments"):
        services.add_attachment(c, Upload("extra.pdf", PDF), actor=None, now=NOW)
    closed = factory.complaint(channel="public", status="closed")
    with pytest.raises(InvalidTransition):
        services.add_attachment(closed, Upload("late.pdf", PDF), actor=None, now=NOW)
    with pytest.raises(NotAllowed):
        services.add_attachment(factory.complaint(), Upload("x.pdf", PDF), actor=factory.user(Role.MENTOR), now=NOW)
    assert count(ComplaintAttachment) == 10


# --- E-mail to the public complainant -----------------------------------------------


def test_a_public_complainant_with_an_email_gets_the_answer_with_the_tracking_link(factory, app):
    c = factory.complaint(channel="public", complainant_contact="warga@example.org", status="answered")
    [email] = db.session.scalars(select(OutboxEmail)).all()
    assert email.to_address == "warga@example.org"
    assert c.tracking_code in email.body
    assert f"{app.config['PUBLIC_BASE_URL']}/complaints/track?code={c.tracking_code}" in email.body
    phone_only = factory.complaint(channel="public", complainant_contact="0812 3456 7890", status="answered")
    assert phone_only.status == "answered"
    assert count(OutboxEmail) == 1
    # filed by staff for someone without a login: the same
    walk_in = factory.complaint(channel="staff", complainant_contact="tamu@example.org")
    services.decline(walk_in, status="archived", reason="Sudah dijawab di #1", actor=factory.admin, now=NOW + HOUR)
    assert db.session.scalars(select(OutboxEmail.to_address).order_by(OutboxEmail.id)).all()[-1] == "tamu@example.org"
    # a trainee with a login is told in the app instead
    trainee = factory.trainee_with_login()
    factory.complaint(channel="portal", trainee=trainee, complainant_contact="siti@example.org", status="answered")
    assert count(OutboxEmail) == 2


# --- Deadlines ----------------------------------------------------------------------


def test_sla_state_counts_working_days_to_the_running_deadline(factory):
    c = factory.complaint()  # received Mon 23 Nov, verify by Thu 26 Nov
    state = services.sla_state(c, today=date(2026, 11, 23))
    assert (state.stage, state.due_on, state.days_left, state.is_overdue, state.is_soon) == (
        "verify", date(2026, 11, 26), 3, False, False)
    assert services.sla_state(c, today=date(2026, 11, 25)).is_soon
    late = services.sla_state(c, today=date(2026, 11, 27))
    assert (late.days_left, late.is_overdue, late.is_soon) == (-1, True, False)
    services.verify(c, actor=factory.admin, now=NOW + HOUR)
    state = services.sla_state(c, today=date(2026, 11, 27))
    assert (state.stage, state.due_on, state.days_left) == ("answer", date(2026, 12, 11), 10)
    done = factory.complaint(status="answered")
    assert services.sla_state(done, today=date(2026, 11, 27)).stage is None


def test_holidays_move_deadlines(factory, app_factory):
    admin = factory.admin
    services.add_holiday(date(2026, 11, 24), "Libur contoh", actor=admin, now=NOW)
    db.session.commit()
    c = factory.complaint()
    assert c.verify_due_on == date(2026, 11, 27)  # Tuesday is a holiday
    assert services.holidays() == {date(2026, 11, 24)}
    with pytest.raises(ValidationFailed):
        services.add_holiday(date(2026, 11, 24), "Lagi", actor=admin, now=NOW)
    with pytest.raises(NotAllowed):
        services.add_holiday(date(2026, 11, 25), "Libur", actor=factory.user(Role.OFFICER), now=NOW)
    services.delete_holiday(date(2026, 11, 24), actor=admin, now=NOW)
    assert count(Holiday) == 0
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "holiday")))
    assert actions == ["holiday.added", "holiday.deleted"]


def test_configured_holidays_count_too(app_factory):
    app = app_factory(COMPLAINT_HOLIDAYS=["2026-11-24", "2026-11-25"])
    with app.app_context():
        from tests.factories import Factory

        c = Factory().complaint()
        assert c.verify_due_on == date(2026, 11, 30)
        db.session.rollback()


def test_sla_met(factory):
    admin = factory.admin
    on_time = factory.complaint(status="answered")
    assert services.sla_met(on_time) is True
    assert services.sla_met(factory.complaint()) is None
    assert services.sla_met(factory.complaint(status="in_progress")) is None
    # verified on Friday 27 Nov: a day after the verification deadline
    late = factory.complaint()
    services.verify(late, actor=admin, now=datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc))
    assert services.sla_met(late) is False
    # answered on 14 Dec, after the answer deadline of 11 Dec
    slow = factory.complaint(status="in_progress")
    services.answer(slow, "Maaf terlambat", actor=slow.assignee, now=datetime(2026, 12, 14, 3, 0, tzinfo=timezone.utc))
    assert services.sla_met(slow) is False
    # declined in time counts as decided in time
    declined = factory.complaint(status="not_authority")
    assert services.sla_met(declined) is True


def test_a_reopened_complaint_is_measured_against_its_first_deadline(factory):
    c = factory.complaint(channel="public", status="answered")
    services.reopen(c, "Belum beres sama sekali", actor=None, now=datetime(2026, 12, 20, 3, 0, tzinfo=timezone.utc))
    services.answer(c, "Sekarang beres", actor=c.assignee, now=datetime(2026, 12, 22, 3, 0, tzinfo=timezone.utc))
    assert c.answer_due_on > date(2026, 12, 22)
    assert services.original_answer_due_on(c) == date(2026, 12, 11)
    assert services.sla_met(c) is True


def test_escalate_marks_missed_deadlines_once_and_tells_the_right_people(factory):
    admin = factory.admin
    officer = factory.user(Role.OFFICER)
    unverified = factory.complaint()  # verify by Thu 26 Nov
    unanswered = factory.complaint(status="in_progress", assignee=officer)  # answer by Fri 11 Dec
    on_time = factory.complaint(status="answered")
    # Friday 27 Nov: only the verification is late
    result = services.escalate(now=datetime(2026, 11, 27, 1, 0, tzinfo=timezone.utc))
    assert (result.verify_overdue, result.answer_overdue, result.auto_closed) == (1, 0, 0)
    assert result.notified == 1
    assert unverified.verify_escalated_at is not None
    assert unverified.events[-1].kind == "escalated" and not unverified.events[-1].is_public
    assert audit_actions(unverified)[-1] == "complaint.escalated"
    assert len(notified(admin, "complaint.overdue_verify")) == 1
    # the same day again: nothing
    again = services.escalate(now=datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))
    assert (again.verify_overdue, again.answer_overdue, again.auto_closed, again.notified) == (0, 0, 0, 0)
    # Thursday 3 Dec: nothing new (the answer is due 11 Dec; the answered one waits for a reply)
    nothing = services.escalate(now=datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc))
    assert (nothing.verify_overdue, nothing.answer_overdue, nothing.auto_closed) == (0, 0, 0)
    # Monday 14 Dec: the answer is late (11 Dec passed) and the answer of 23 Nov got no reply
    result = services.escalate(now=datetime(2026, 12, 14, 1, 0, tzinfo=timezone.utc))
    assert (result.verify_overdue, result.answer_overdue, result.auto_closed) == (0, 1, 1)
    # late answer: the assignee and the admin; auto-close: the other assignee (no complainant login)
    assert result.notified == 3
    assert len(notified(officer, "complaint.overdue_answer")) == 1
    assert len(notified(admin, "complaint.overdue_answer")) == 1
    assert unanswered.answer_escalated_at is not None
    assert on_time.status == "closed"


def test_escalate_closes_answers_left_without_reply(factory):
    trainee = factory.trainee_with_login()
    c = factory.complaint(channel="portal", trainee=trainee, status="answered")  # answered Mon 23 Nov (local)
    result = services.escalate(now=datetime(2026, 12, 7, 16, 0, tzinfo=timezone.utc))  # 7 Dec 23:00 local
    assert result.auto_closed == 0 and c.status == "answered"
    result = services.escalate(now=datetime(2026, 12, 7, 17, 30, tzinfo=timezone.utc))  # 8 Dec 00:30 local
    assert result.auto_closed == 1
    assert (c.status, c.close_reason) == ("closed", "no_reply")
    assert c.events[-1].kind == "closed" and c.events[-1].is_public and c.events[-1].actor_id is None
    assert audit_actions(c)[-1] == "complaint.auto_closed"
    assert [n.kind for n in notified(trainee.user)][-1] == "complaint.closed"
    assert services.escalate(now=datetime(2026, 12, 9, 3, 0, tzinfo=timezone.utc)).auto_closed == 0


def test_reopen_clears_the_answer_escalation_for_the_new_deadline(factory):
    c = factory.complaint(channel="public", status="in_progress")
    services.escalate(now=datetime(2026, 12, 14, 3, 0, tzinfo=timezone.utc))
    assert c.answer_escalated_at is not None
    services.answer(c, "Jawaban", actor=c.assignee, now=datetime(2026, 12, 14, 4, 0, tzinfo=timezone.utc))
    services.reopen(c, "Jawaban kurang", actor=None, now=datetime(2026, 12, 15, 3, 0, tzinfo=timezone.utc))
    assert c.answer_escalated_at is None
    assert services.escalate(now=datetime(2027, 1, 15, 3, 0, tzinfo=timezone.utc)).answer_overdue == 1


# --- Messages -----------------------------------------------------------------------


def test_domain_messages_are_lazy_translations(factory):
    with pytest.raises(NotAllowed) as info:
        services.verify(factory.complaint(), actor=factory.user(Role.MENTOR), now=NOW)
    assert isinstance(info.value.message, LazyString)
    assert str(info.value) == "Only administrators can do this."


def test_naive_datetimes_are_refused(factory):
    with pytest.raises(ValueError):
        services.file_complaint(data(), channel="staff", actor=factory.admin, now=datetime(2026, 11, 23, 10))
