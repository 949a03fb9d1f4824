"""The public complaint page (no login) and the tracking page: the arithmetic question
signed in an itsdangerous token (wrong, expired or forged -> 400 with the message), the
honeypot, the per-address rate limit (the 6th complaint within an hour -> 429 with the
message, the typed text kept), and following a complaint with its tracking code: the
public timeline only, replying, confirming, reopening once, public files only."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from complaints import services
from complaints.models import Complaint, ComplaintChannel
from extensions import db
from tests.complaints.ui_support import EN, NOW, pdf_bytes, pinned_clock, png_bytes  # noqa: F401

pytestmark = pytest.mark.usefixtures("pinned_clock")

SUBJECT = "Pelatihan di kelurahan dibatalkan"
DESCRIPTION = "Pelatihan tanggal 20 November dibatalkan tanpa pemberitahuan kepada peserta."


def _text(response) -> str:
    return response.get_data(as_text=True)


def _question(html: str) -> tuple[str, int]:
    """The signed token and the right answer of the page's question."""
    token = re.search(r'<input id="challenge" name="challenge" type="hidden" value="([^"]+)"', html).group(1)
    a, b = map(int, re.search(r"what is (\d) \+ (\d)\?", html).groups())
    return token, a + b


def _form(client, **overrides) -> dict:
    token, answer = _question(_text(client.get("/complaints/public", headers=EN)))
    data = {"kind": "complaint", "category": "training", "subject": SUBJECT, "description": DESCRIPTION,
            "complainant_name": "Pak Dadang", "complainant_contact": "dadang@contoh.id",
            "challenge": token, "challenge_answer": str(answer), "website": ""}
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_public_page_needs_no_login_and_shows_a_question(client):
    response = client.get("/complaints/public", headers=EN)
    assert response.status_code == 200
    html = _text(response)
    assert "To show you are a person: what is" in html
    assert 'name="website"' in html  # the honeypot, hidden from people
    assert 'enctype="multipart/form-data"' in html


def test_the_question_token_is_signed_with_the_salt_and_carries_the_answer(client, app):
    token, answer = _question(_text(client.get("/complaints/public", headers=EN)))
    payload = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="complaint-challenge").loads(token, max_age=3600)
    assert payload["answer"] == answer


def test_a_complaint_with_the_right_answer_is_received_and_shows_its_tracking_code(client):
    response = client.post("/complaints/public", data=_form(client), headers=EN)
    assert response.status_code == 302, _text(response)[:3000]
    c = db.session.scalar(select(Complaint))
    assert (c.channel, c.status, c.subject, c.complainant_name) == ("public", "received", SUBJECT, "Pak Dadang")
    assert c.ip_hash and c.ip_hash != "127.0.0.1"
    assert response.location == f"/complaints/track?code={c.tracking_code}"
    page = _text(client.get(response.location, headers=EN))
    assert c.tracking_code in page and "Keep your tracking code" in page
    assert "We will check it by" in page


def test_a_photo_comes_along(client):
    data = _form(client, attachment=(io.BytesIO(png_bytes()), "kelas kosong.png"))
    response = client.post("/complaints/public", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    c = db.session.scalar(select(Complaint))
    assert [(a.original_name, a.content_type, a.is_public) for a in c.attachments] == [
        ("kelas kosong.png", "image/png", True)]


def test_a_fake_photo_is_refused_and_the_text_kept(client):
    data = _form(client, attachment=(io.BytesIO(b"\x7fELF\x02\x01 executable"), "foto.jpg"))
    response = client.post("/complaints/public", data=data, content_type="multipart/form-data", headers=EN)
    assert response.status_code == 400
    html = _text(response)
    assert "Only photos (JPEG, PNG, WebP) and PDF documents can be attached" in html
    assert DESCRIPTION in html and "If you chose a file, choose it again." in html
    assert _count() == 0


def test_a_wrong_answer_is_refused_with_the_message_and_a_new_question(client):
    data = _form(client)
    data["challenge_answer"] = str(int(data["challenge_answer"]) + 1)
    response = client.post("/complaints/public", data=data, headers=EN)
    assert response.status_code == 400
    html = _text(response)
    assert "That is not the right answer to the question." in html
    assert SUBJECT in html and DESCRIPTION in html and "Pak Dadang" in html  # nothing typed is lost
    assert _question(html)[0] != data["challenge"]
    assert _count() == 0


def test_a_missing_answer_is_refused(client):
    response = client.post("/complaints/public", data=_form(client, challenge_answer=""), headers=EN)
    assert response.status_code == 400
    assert "Answer the question." in _text(response)
    assert _count() == 0


def test_a_forged_token_is_refused(client, app):
    forged = URLSafeTimedSerializer("not-the-secret", salt="complaint-challenge").dumps({"a": 1, "b": 1, "answer": 2})
    response = client.post("/complaints/public", data=_form(client, challenge=forged, challenge_answer="2"),
                           headers=EN)
    assert response.status_code == 400 and "not the right answer" in _text(response)
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="other").dumps({"a": 1, "b": 1, "answer": 2})
    response = client.post("/complaints/public", data=_form(client, challenge=other_salt, challenge_answer="2"))
    assert response.status_code == 400
    assert _count() == 0


def test_a_question_older_than_an_hour_has_expired(client, app, monkeypatch):
    import itsdangerous.timed

    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - 3601)
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="complaint-challenge").dumps(
        {"a": 2, "b": 3, "answer": 5})
    monkeypatch.setattr(itsdangerous.timed.time, "time", real)
    response = client.post("/complaints/public", data=_form(client, challenge=old, challenge_answer="5"), headers=EN)
    assert response.status_code == 400
    assert "The question has expired" in _text(response)
    assert _count() == 0


def test_the_honeypot_catches_robots(client):
    response = client.post("/complaints/public", data=_form(client, website="http://spam.example"), headers=EN)
    assert response.status_code == 400
    assert _count() == 0


def test_the_sixth_complaint_from_one_address_within_an_hour_answers_429(client, factory):
    for minutes in (50, 40, 30, 20, 10):
        factory.complaint(channel="public", ip="127.0.0.1", now=NOW - timedelta(minutes=minutes))
    factory.complaint(channel="public", ip="198.51.100.9", now=NOW - timedelta(minutes=5))  # another address
    response = client.post("/complaints/public", data=_form(client), headers=EN)
    assert response.status_code == 429
    html = _text(response)
    assert "Too many complaints from this connection: at most 5 per hour." in html
    assert SUBJECT in html and DESCRIPTION in html  # kept, to send later or copy
    assert _count() == 6


def test_an_hour_later_the_address_may_send_again(client, factory):
    for minutes in (70, 61, 40, 30, 20, 10):  # four within the last hour
        factory.complaint(channel="public", ip="127.0.0.1", now=NOW - timedelta(minutes=minutes))
    assert client.post("/complaints/public", data=_form(client)).status_code == 302
    assert client.post("/complaints/public", data=_form(client)).status_code == 429


def test_public_page_is_in_indonesian_by_default(client):
    html = _text(client.get("/complaints/public", headers={"Accept-Language": "id"}))
    assert '<html lang="id">' in html


# --- Tracking --------------------------------------------------------------------------------------


def test_track_form_and_unknown_code(client):
    assert client.get("/complaints/track").status_code == 200
    response = client.get("/complaints/track?code=ZZZZZZZZZZ", headers=EN)
    assert response.status_code == 404
    assert "No complaint has this tracking code." in _text(response)


def test_tracking_shows_the_public_timeline_only(client, login, factory):
    c = factory.complaint(channel="public", status="answered")
    services.add_note(c, "Catatan internal: pelapor sering komplain.", actor=factory.admin, now=NOW)
    db.session.commit()
    code = c.tracking_code
    html = _text(client.get(f"/complaints/track?code={code.lower()[:5]} {code.lower()[5:]}", headers=EN))
    assert c.subject in html and "Answered" in html
    assert "Sudah kami perbaiki" in html  # the answer
    assert "Catatan internal" not in html and "Internal" not in html
    assert "Does the answer settle it?" in html


def test_public_complainant_replies_confirms_and_cannot_reopen_twice(client, factory):
    c = factory.complaint(channel="public", status="answered")
    code = c.tracking_code
    assert client.post(f"/complaints/track/{code}/reopen", data={"reopen-body": "Masih tercatat dua kali."}
                       ).status_code == 302
    c = db.session.get(Complaint, c.id)
    assert (c.status, c.reopen_count) == ("in_progress", 1)
    assert client.post(f"/complaints/track/{code}/reply", data={"reply-body": "Ini foto kartu terbaru."}
                       ).status_code == 302
    assert [e.kind for e in c.events][-2:] == ["reopened", "complainant_reply"]
    html = _text(client.get(f"/complaints/track?code={code}", headers=EN))
    assert "Ini foto kartu terbaru." in html and 'id="reopen-form"' not in html

    services.answer(c, "Sudah dihapus sekarang.", actor=c.assignee, now=NOW)
    db.session.commit()
    html = _text(client.get(f"/complaints/track?code={code}", headers=EN))
    assert 'id="close-form"' in html and 'id="reopen-form"' not in html  # reopened once already
    response = client.post(f"/complaints/track/{code}/reopen", data={"reopen-body": "Sekali lagi dong."}, headers=EN)
    assert response.status_code == 302
    assert "can be reopened only once" in _text(client.get(f"/complaints/track?code={code}", headers=EN))
    assert client.post(f"/complaints/track/{code}/close").status_code == 302
    c = db.session.get(Complaint, c.id)
    assert (c.status, c.close_reason) == ("closed", "confirmed")


def test_reopen_needs_a_reason(client, factory):
    c = factory.complaint(channel="public", status="answered")
    response = client.post(f"/complaints/track/{c.tracking_code}/reopen", data={"reopen-body": "no"}, headers=EN)
    assert response.status_code == 400
    assert "Write at least 5 characters." in _text(response)
    assert db.session.get(Complaint, c.id).status == "answered"


def test_track_actions_need_a_known_code(client):
    assert client.post("/complaints/track/ZZZZZZZZZZ/reply", data={"reply-body": "Halo"}).status_code == 404
    assert client.post("/complaints/track/ZZZZZZZZZZ/close").status_code == 404


def test_tracking_page_offers_public_files_only(client, factory):
    c = factory.complaint(channel="public", attachment=services.Upload("kuitansi.pdf", pdf_bytes()))
    internal = services.add_attachment(c, services.Upload("catatan.png", png_bytes()), actor=factory.admin, now=NOW,
                                       is_public=False)
    db.session.commit()
    public = c.attachments[0]
    html = _text(client.get(f"/complaints/track?code={c.tracking_code}"))
    assert "kuitansi.pdf" in html and "catatan.png" not in html
    response = client.get(f"/complaints/track/{c.tracking_code}/attachments/{public.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/complaints/track/{c.tracking_code}/attachments/{internal.id}").status_code == 404
    other = factory.complaint(channel="public", ip="198.51.100.1")
    assert client.get(f"/complaints/track/{other.tracking_code}/attachments/{public.id}").status_code == 404


def test_a_portal_complaint_tracked_by_code_acts_as_the_public_complainant(client, factory):
    c = factory.complaint(channel="portal", status="answered")
    assert c.channel == ComplaintChannel.PORTAL.value
    assert client.post(f"/complaints/track/{c.tracking_code}/close").status_code == 302
    assert db.session.get(Complaint, c.id).status == "closed"
