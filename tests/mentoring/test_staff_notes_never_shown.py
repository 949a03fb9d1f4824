"""Issue 4 acceptance: a trainee never sees a staff-only note, on any page they can reach
(every GET rule of the app, filled with their own and other people's ids, with the query
strings the pages read), nor in the data handed to a template rendered for them; and a
mentor cannot log a session for a trainee not assigned to them (refused, nothing saved).
"""
from __future__ import annotations

import dataclasses
import io
import itertools
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import template_rendered
from sqlalchemy import func, inspect as sa_inspect, select
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from accounts.models import AuditEvent, Role
from extensions import db
from mentoring import services as mentoring_services
from mentoring.models import (
    ActionItem, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance, SessionTopic,
)

TODAY = date(2026, 11, 27)


def _note(tag: str) -> tuple[str, tuple[str, str]]:
    """A staff-only note whose first and last words are unique markers (a page that
    shortens the note still shows the first)."""
    first, last = f"STAFFNOTE{tag}A", f"STAFFNOTE{tag}Z"
    return f"{first} Suami terlilit utang ke rentenir, jangan dibahas di kelompok {last}", (first, last)


NOTES = {tag: _note(tag) for tag in ("GROUP", "OWN", "PAST", "CLASSMATE", "STRANGER", "EDITED")}
MARKERS = [marker.lower() for _, pair in NOTES.values() for marker in pair]
SHARED = "CATATANBERSAMA Sudah mulai mencatat penjualan harian"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The views' "today" pinned to the factories' date."""
    import mentoring.views
    import trainees.views

    monkeypatch.setattr(mentoring.views, "today", lambda: TODAY)
    monkeypatch.setattr(trainees.views, "today", lambda: TODAY)


@pytest.fixture
def world(factory):
    """The trainee login's record ``own``: first mentored by ``mentor_b`` (who logged a
    session), then reassigned to ``mentor_a``; a group session with ``classmate``, an
    individual one (notes edited once), action items, check-ins, a loan with a repayment.
    Other trainees' sessions carry staff notes too."""
    from loans import services as loan_services

    admin = factory.admin
    mentor_a = factory.user(Role.MENTOR)
    mentor_b = factory.user(Role.MENTOR)
    account = factory.user(Role.TRAINEE)
    own = factory.trainee(mentor_id=mentor_b.id, user_id=account.id, full_name="Siti Nurjanah")
    classmate = factory.trainee(mentor_id=mentor_a.id, full_name="Ani Kelompok")
    stranger = factory.trainee(mentor_id=mentor_b.id, full_name="Cucu Lain")

    past = factory.mentor_session([own], mentor=mentor_b, held_on=date(2026, 9, 1), today=TODAY,
                                  staff_notes=NOTES["PAST"][0], shared_notes=SHARED)
    past_item = factory.action_item(own, actor=mentor_b, session=past, due_on=date(2026, 9, 15), status="done",
                                    completed_on=date(2026, 9, 14), today=date(2026, 9, 1))
    mentoring_services.assign_mentor(own, mentor_a, actor=admin, on=date(2026, 10, 1),
                                     reason="Pemerataan beban dampingan")
    db.session.commit()
    group = factory.mentor_session(
        [own, classmate], mentor=mentor_a, held_on=date(2026, 11, 20), today=TODAY, mode="group_meeting",
        topics=["bookkeeping", "other"], topic_other="Arisan kelompok", shared_notes=SHARED,
        staff_notes=NOTES["GROUP"][0], next_session_on=date(2026, 12, 18), kelurahan_code="32.73.01.1001")
    individual = factory.mentor_session(
        [own], mentor=mentor_a, held_on=date(2026, 11, 25), today=TODAY, shared_notes=SHARED,
        staff_notes=NOTES["EDITED"][0], next_session_on=date(2026, 12, 2))
    # edited once: the old staff note lives on in the audit trail only
    data = mentoring_services.SessionData(
        held_on=individual.held_on, starts_at=None, duration_minutes=45, mode="field_visit", kelurahan_code=None,
        topics=["pricing"], topic_other=None, shared_notes=SHARED, staff_notes=NOTES["OWN"][0],
        next_session_on=date(2026, 12, 2), participants=[own.id])
    mentoring_services.update_session(individual, data, actor=mentor_a, now=individual.created_at, today=TODAY)
    db.session.commit()
    classmate_session = factory.mentor_session([classmate], mentor=mentor_a, held_on=date(2026, 11, 24),
                                               today=TODAY, staff_notes=NOTES["CLASSMATE"][0])
    stranger_session = factory.mentor_session([stranger], mentor=mentor_b, held_on=date(2026, 11, 23),
                                              today=TODAY, staff_notes=NOTES["STRANGER"][0], shared_notes=SHARED)

    items = [
        factory.action_item(own, actor=mentor_a, session=individual),
        factory.action_item(own, actor=mentor_a, due_on=date(2026, 11, 10), today=date(2026, 11, 1)),
        past_item,
        factory.action_item(classmate, actor=mentor_a, session=group),
        factory.action_item(stranger, actor=mentor_b),
    ]
    checkins = [factory.checkin(own, actor=mentor_a, month=date(2026, m, 1), revenue=3_000_000 + 200_000 * m,
                                costs=2_000_000 + 50_000 * m) for m in range(5, 11)]
    checkins.append(factory.checkin(classmate, actor=mentor_a, month=date(2026, 10, 1)))

    application = factory.application(trainee=own, approve=True)
    loan = factory.loan(application=application)
    txn, _ = loan_services.post_repayment(loan, actor=factory.user(Role.OFFICER), on=date(2026, 2, 10),
                                          amount=Decimal(400_000), method="cash", idempotency_key="k-1",
                                          today=TODAY)
    db.session.commit()
    return dict(
        account=account, own=own, classmate=classmate, stranger=stranger, mentor_a=mentor_a, mentor_b=mentor_b,
        sessions=[past, group, individual, classmate_session, stranger_session], items=items,
        checkins=checkins, loan=loan, application=application, txn=txn,
    )


def _all_ids() -> list[int]:
    """Every id in use (trainees, sessions, action items, check-ins, users, loans, ...):
    small integers, so their union covers every int parameter of every rule."""
    from accounts.models import User
    from loans.models import Loan, LoanApplication, LoanProduct, LoanTransaction, FundingSource
    from trainees.models import Trainee

    ids: set[int] = set()
    for model in (Trainee, User, MentoringSession, ActionItem, BusinessCheckin, MentorAssignment, Loan,
                  LoanApplication, LoanProduct, LoanTransaction, FundingSource):
        ids.update(db.session.scalars(select(model.id)))
    return sorted(ids | {max(ids) + 1})


def _candidate_values(converter, ids):
    if isinstance(converter, IntegerConverter):
        return ids
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    if isinstance(converter, PathConverter):
        return ["app.css", "app.js"]
    return ["x"]


def _query_strings(world) -> list[str]:
    own, classmate = world["own"], world["classmate"]
    return [
        "", "?month=2026-10", "?month=2026-05", f"?trainee={own.id}", f"?trainee={classmate.id}",
        f"?trainee={own.id}&trainee={classmate.id}", "?page=1", "?page=2", "?q=Siti", "?size=small",
        "?size=large", f"?session={world['sessions'][2].id}",
    ]


def _body_text(response) -> str:
    """What a person could read in the response: the body (PDF text, the parts of an XLSX
    file) and the headers."""
    data = response.get_data()
    parts = [f"{k}: {v}" for k, v in response.headers.items()]
    if response.mimetype == "application/pdf":
        from pypdf import PdfReader

        parts.append("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    elif data[:2] == b"PK":  # xlsx and other zip containers
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts.extend(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    else:
        parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts).lower()


def _leaks(value, seen: set[int], depth: int = 0) -> list[str]:
    """Markers found anywhere in ``value``: strings, containers, dataclasses and the
    loaded attributes of ORM objects (a template can print what it is given)."""
    if depth > 8 or id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, str):
        lowered = value.lower()
        return [m for m in MARKERS if m in lowered]
    if isinstance(value, dict):
        return [leak for v in value.values() for leak in _leaks(v, seen, depth + 1)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [leak for v in value for leak in _leaks(v, seen, depth + 1)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [leak for f in dataclasses.fields(value) for leak in _leaks(getattr(value, f.name), seen, depth + 1)]
    if hasattr(value, "_sa_instance_state"):
        state = sa_inspect(value)
        loaded = {k: v for k, v in state.dict.items() if not k.startswith("_")}
        return [leak for v in loaded.values() for leak in _leaks(v, seen, depth + 1)]
    return []


def test_a_trainee_never_sees_a_staff_note_on_any_page(app, client, login, world):
    login(world["account"])
    ids = _all_ids()
    contexts = []

    def record(sender, template, context, **extra):
        contexts.append((template.name, {k: v for k, v in context.items()
                                         if k not in {"config", "request", "session", "g", "current_user"}}))

    adapter = app.url_map.bind("localhost")
    reached: dict[str, int] = {}
    requested = 0
    template_rendered.connect(record, app)
    try:
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            names = sorted(rule.arguments)
            choices = [_candidate_values(rule._converters[n], ids) for n in names]
            for combo in itertools.product(*choices):
                path = adapter.build(rule.endpoint, dict(zip(names, combo)))
                response = client.get(path)
                requested += 1
                variants = [response]
                if response.status_code < 400:
                    reached.setdefault(rule.endpoint, response.status_code)
                if response.status_code < 400 and response.mimetype in ("text/html", "image/svg+xml"):
                    # the page is theirs: try what it reads from the query string (the
                    # PDFs and exports read none and are slow to make)
                    variants += [client.get(path + qs) for qs in _query_strings(world)[1:]]
                for variant in variants:
                    found = [m for m in MARKERS if m in _body_text(variant)]
                    assert not found, (path, variant.status_code, found)
    finally:
        template_rendered.disconnect(record, app)

    # the crawl reached the pages that show the trainee's mentoring
    own = world["own"]
    for endpoint in ("trainees.detail", "mentoring.checkin_chart", "loans.detail", "loans.receipt",
                     "loans.receipt_pdf", "loans.disclosure"):
        assert reached.get(endpoint) == 200, (endpoint, sorted(reached))
    assert requested > 200
    page = client.get(f"/trainees/{own.id}")
    assert SHARED in page.get_data(as_text=True)  # the shared note is there, so notes are rendered
    chart = client.get(f"/mentoring/trainees/{own.id}/chart.svg")
    assert chart.status_code == 200 and b"<svg" in chart.data
    # and nothing handed to a template for this trainee carried a staff note
    assert contexts
    for name, context in contexts:
        assert not _leaks(context, set()), name


def test_staff_do_see_the_staff_notes(client, login, world):
    """The control: the markers are real text that the pages show to staff."""
    login(world["mentor_a"])
    page = client.get(f"/mentoring/sessions/{world['sessions'][1].id}").get_data(as_text=True)
    assert NOTES["GROUP"][1][0] in page


# -- a mentor cannot log for a trainee not assigned to them -----------------------------------


def _session_form(participants, **overrides) -> dict:
    values = {
        "participants": [str(i) for i in participants], "held_on": TODAY.isoformat(), "starts_at": "",
        "duration_minutes": "60", "mode": "field_visit", "kelurahan_code": "", "topics": ["bookkeeping"],
        "topic_other": "", "shared_notes": "Mencatat penjualan", "staff_notes": NOTES["GROUP"][0],
        "next_session_on": (TODAY + timedelta(days=14)).isoformat(),
        "action_description": "Catat semua penjualan", "action_due_on": (TODAY + timedelta(days=7)).isoformat(),
        "action_owner": "trainee",
    }
    values.update(overrides)
    return values


def _mentoring_rows() -> dict[str, int]:
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "sessions": count(MentoringSession), "attendance": count(SessionAttendance), "topics": count(SessionTopic),
        "actions": count(ActionItem),
        "audit": count(AuditEvent, AuditEvent.action.like("mentoring_session.%")
                       | AuditEvent.action.like("action_item.%")),
    }


@pytest.mark.parametrize("who", ["never_assigned", "reassigned_away", "in_a_group_with_their_own"])
def test_mentor_cannot_log_a_session_for_a_trainee_not_assigned_to_them(client, login, factory, who):
    mentor = factory.user(Role.MENTOR)
    other_mentor = factory.user(Role.MENTOR)
    mine = factory.trainee(mentor_id=mentor.id)
    foreign = factory.trainee(mentor_id=other_mentor.id, full_name="Rahasia Bukan Dampingan")
    participants = [foreign.id]
    if who == "reassigned_away":
        foreign = factory.trainee(mentor_id=mentor.id, full_name="Rahasia Bukan Dampingan")
        mentoring_services.assign_mentor(foreign, other_mentor, actor=factory.admin, on=date(2026, 11, 1),
                                         reason="Pindah wilayah")
        db.session.commit()
        participants = [foreign.id]
    elif who == "in_a_group_with_their_own":
        participants = [mine.id, foreign.id]
    login(mentor)
    before = _mentoring_rows()

    response = client.post("/mentoring/sessions/new", data=_session_form(participants))

    assert response.status_code in (400, 403, 404)
    assert _mentoring_rows() == before
    assert "Rahasia Bukan Dampingan" not in response.get_data(as_text=True)
    # the control: the same form for their own trainee is logged
    response = client.post("/mentoring/sessions/new", data=_session_form([mine.id]))
    assert response.status_code == 302
    assert _mentoring_rows()["sessions"] == before["sessions"] + 1


def test_mentor_cannot_add_a_trainee_not_assigned_to_them_to_their_session(client, login, factory):
    mentor = factory.user(Role.MENTOR)
    other_mentor = factory.user(Role.MENTOR)
    mine = factory.trainee(mentor_id=mentor.id)
    foreign = factory.trainee(mentor_id=other_mentor.id)
    login(mentor)
    response = client.post("/mentoring/sessions/new", data=_session_form([mine.id], action_description=""))
    assert response.status_code == 302
    session_id = db.session.scalar(select(MentoringSession.id))
    before = _mentoring_rows()

    response = client.post(f"/mentoring/sessions/{session_id}/edit",
                           data=_session_form([mine.id, foreign.id], action_description="", staff_notes="diubah"))

    assert response.status_code in (400, 403, 404)
    assert _mentoring_rows() == before
    session = db.session.get(MentoringSession, session_id)
    assert [a.trainee_id for a in session.attendance] == [mine.id]
    assert session.staff_notes == NOTES["GROUP"][0]
