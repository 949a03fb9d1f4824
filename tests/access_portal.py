"""The portal's rows of the access table (``tests/test_access_matrix.py``): who may GET
each /portal/... rule. Same format as ``EXPECTED`` there; the lead merges them:

    from tests.access_portal import PORTAL_EXPECTED, portal_objects
    EXPECTED.update(PORTAL_EXPECTED)
    # in world(): objects.update(portal_objects(factory, users, a, b))

Every portal page is the trainee's own: staff get 403, anonymous visitors the login
page. Ids are looked up inside the visitor's own record: record A belongs to the user
``trainee``, B to ``other_trainee``; anyone else's id, or one that does not exist,
answers 404. The loan, repayment and action item ids come from the matrix's world
(``A_loan``, ``A_txn``, ``A_action`` and B's); :func:`portal_objects` adds a complaint
filed in the portal by each trainee, with an attachment.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee")
OK = 200
LOGIN = "login"
DENIED = 403
HIDDEN = 404
POST_ONLY = 405


def _portal(trainee, other_trainee):
    return dict(anonymous=LOGIN, admin=DENIED, officer=DENIED, mentor=DENIED, trainee=trainee,
                other_trainee=other_trainee)


PORTAL = _portal(OK, OK)
OWN_A = _portal(OK, HIDDEN)
OWN_B = _portal(HIDDEN, OK)
NOBODYS = _portal(HIDDEN, HIDDEN)
POSTS = dict.fromkeys(VISITORS, POST_ONLY)


def _own(a: dict, b: dict, *mixed: dict) -> list:
    """An object of record A, of record B, one that does not exist, and ``mixed`` value
    sets pairing A's object with B's (nobody's)."""
    return [(a, OWN_A), (b, OWN_B), ({k: "missing" for k in a}, NOBODYS), *((m, NOBODYS) for m in mixed)]


PORTAL_EXPECTED = {
    "/portal/": [({}, PORTAL)],
    "/portal/loans": [({}, PORTAL)],
    "/portal/loans/<int:id>": _own({"id": "A_loan"}, {"id": "B_loan"}),
    "/portal/loans/<int:id>/disclosure.pdf": _own({"id": "A_loan"}, {"id": "B_loan"}),
    "/portal/loans/<int:id>/receipts/<int:txn_id>.pdf": _own(
        {"id": "A_loan", "txn_id": "A_txn"}, {"id": "B_loan", "txn_id": "B_txn"},
        {"id": "A_loan", "txn_id": "B_txn"}, {"id": "B_loan", "txn_id": "A_txn"}),
    "/portal/apply": [({}, PORTAL)],
    "/portal/sessions": [({}, PORTAL)],
    "/portal/actions": [({}, PORTAL)],
    "/portal/actions/<int:id>/done": [({"id": "A_action"}, POSTS)],
    "/portal/business": [({}, PORTAL)],
    "/portal/business/checkin": [({}, PORTAL)],
    "/portal/report.pdf": [({}, PORTAL)],
    "/portal/account": [({}, PORTAL)],
    "/portal/complaints": [({}, PORTAL)],
    "/portal/complaints/new": [({}, PORTAL)],
    "/portal/complaints/<int:id>": _own({"id": "portal_complaint_A"}, {"id": "portal_complaint_B"}),
    "/portal/complaints/<int:id>/reply": [({"id": "portal_complaint_A"}, POSTS)],
    "/portal/complaints/<int:id>/close": [({"id": "portal_complaint_A"}, POSTS)],
    "/portal/complaints/<int:id>/reopen": [({"id": "portal_complaint_A"}, POSTS)],
    "/portal/complaints/<int:id>/attachments/<int:att_id>": _own(
        {"id": "portal_complaint_A", "att_id": "portal_attachment_A"},
        {"id": "portal_complaint_B", "att_id": "portal_attachment_B"},
        {"id": "portal_complaint_A", "att_id": "portal_attachment_B"},
        {"id": "portal_complaint_B", "att_id": "portal_attachment_A"}),
    "/mentoring/checkins/<int:id>/confirm": [({"id": "A_checkin"}, POSTS)],
}


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 100, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def portal_objects(factory, users, a, b) -> dict:
    """Ids of the portal's own objects: a complaint filed in the portal by each trainee
    (``users["trainee"]`` owns record ``a``, ``users["other_trainee"]`` record ``b``),
    each with a PNG attachment; ``A_checkin``, any check-in of record A (for the POST-only
    confirm rule; created when A has none)."""
    from datetime import date

    from sqlalchemy import select

    from complaints import services as complaint_services
    from extensions import db
    from mentoring.models import BusinessCheckin

    now = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
    ids = {}
    for key, user in (("A", users["trainee"]), ("B", users["other_trainee"])):
        complaint = complaint_services.file_complaint(
            complaint_services.ComplaintData(kind="complaint", category="loan", subject=f"Keluhan peserta {key}",
                                             description="Cicilan saya tercatat dua kali bulan ini."),
            channel="portal", actor=user, now=now, attachment=complaint_services.Upload("bukti.png", _png()))
        db.session.commit()
        ids[f"portal_complaint_{key}"] = complaint.id
        ids[f"portal_attachment_{key}"] = complaint.attachments[0].id
    checkin_id = db.session.scalar(select(BusinessCheckin.id).where(BusinessCheckin.trainee_id == a.id).limit(1))
    if checkin_id is None:
        checkin_id = factory.checkin(a, actor=users["admin"], month=date(2026, 10, 1)).id
    ids["A_checkin"] = checkin_id
    return ids
