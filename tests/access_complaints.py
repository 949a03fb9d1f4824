"""Access expectations for the complaint pages, the notifications page and the user's
e-mail form, in the format of ``EXPECTED`` in tests/test_access_matrix.py (which merges
``COMPLAINTS_EXPECTED`` and calls ``complaint_objects`` from its ``world`` fixture).

Objects: complaint ``A_complaint`` filed in the portal by trainee A (the user
``trainee``) and assigned to ``officer``; ``B_complaint`` filed in the portal by trainee B,
unassigned; ``misconduct``, a report by trainee B accusing ``officer`` (verified, linked);
a public photo attached to each (``A_att``, ``B_att``, ``misconduct_att``); tracking codes
``A_code`` and ``misconduct_code``.

Who sees what (``complaints.services.visible_complaints``): admins everything but reports
accusing themselves; officers and mentors only complaints assigned to them or filed by
them, never misconduct reports; trainees none of the staff pages (403: they use the
portal); the public page and the tracking page (by code) need no login.
"""
from __future__ import annotations

import io

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee")
OK = 200
LOGIN = "login"
DENIED = 403
HIDDEN = 404
POST_ONLY = 405


def everyone(status):
    return dict.fromkeys(VISITORS, status)


def staff(admin, officer, mentor, trainee=DENIED, other_trainee=DENIED, anonymous=LOGIN):
    return dict(anonymous=anonymous, admin=admin, officer=officer, mentor=mentor, trainee=trainee,
                other_trainee=other_trainee)


ADMIN_ONLY = staff(OK, DENIED, DENIED)
STAFF_ALL = staff(OK, OK, OK)
NOWHERE = staff(HIDDEN, HIDDEN, HIDDEN)
LOGGED_IN = dict(everyone(OK), anonymous=LOGIN)

#: A: assigned to ``officer``; B: nobody's but the admins'; the misconduct report accuses
#: ``officer``, so only admins see it.
A_VISIBLE = staff(OK, OK, HIDDEN)
ADMINS_SEE = staff(OK, HIDDEN, HIDDEN)


def _complaint_cases(extra: dict | None = None):
    extra = extra or {}
    return [({"id": "A_complaint", **{k: v[0] for k, v in extra.items()}}, A_VISIBLE),
            ({"id": "B_complaint", **{k: v[1] for k, v in extra.items()}}, ADMINS_SEE),
            ({"id": "misconduct", **{k: v[2] for k, v in extra.items()}}, ADMINS_SEE),
            ({"id": "missing", **{k: v[0] for k, v in extra.items()}}, NOWHERE)]


COMPLAINTS_EXPECTED = {
    "/complaints/": [({}, STAFF_ALL)],
    "/complaints/new": [({}, STAFF_ALL)],
    "/complaints/dashboard": [({}, ADMIN_ONLY)],
    "/complaints/export.<any(csv, xlsx):fmt>": [({"fmt": "csv"}, ADMIN_ONLY), ({"fmt": "xlsx"}, ADMIN_ONLY)],
    "/complaints/<int:id>": _complaint_cases(),
    "/complaints/<int:id>/attachments/<int:att_id>": _complaint_cases({"att_id": ("A_att", "B_att", "misconduct_att")})
    + [({"id": "A_complaint", "att_id": "B_att"}, NOWHERE)],  # a file of another complaint
    "/complaints/public": [({}, everyone(OK))],
    "/complaints/track": [({}, everyone(OK))],
    "/complaints/track/<code>/attachments/<int:att_id>": [
        ({"code": "A_code", "att_id": "A_att"}, everyone(OK)),  # whoever holds the code
        ({"code": "misconduct_code", "att_id": "misconduct_att"}, everyone(OK)),
        ({"code": "A_code", "att_id": "B_att"}, everyone(HIDDEN)),
        ({"code": "NOSUCHCODE", "att_id": "A_att"}, everyone(HIDDEN)),
    ],
    "/complaints/holidays": [({}, ADMIN_ONLY)],
    "/notifications": [({}, LOGGED_IN)],
}
for _step in ("verify", "decline", "assign", "start", "note", "reply", "answer", "accused", "attachments"):
    COMPLAINTS_EXPECTED[f"/complaints/<int:id>/{_step}"] = [({"id": "A_complaint"}, everyone(POST_ONLY))]
for _step in ("reply", "close", "reopen"):
    COMPLAINTS_EXPECTED[f"/complaints/track/<code>/{_step}"] = [({"code": "A_code"}, everyone(POST_ONLY))]
COMPLAINTS_EXPECTED["/complaints/holidays/<day>/delete"] = [({"day": "2026-12-25"}, everyone(POST_ONLY))]
COMPLAINTS_EXPECTED["/notifications/read"] = [({}, everyone(POST_ONLY))]
COMPLAINTS_EXPECTED["/admin/users/<int:id>/email"] = [({"id": "other_user"}, everyone(POST_ONLY))]


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def complaint_objects(factory, users, a, b) -> dict:
    """The complaint objects the table above names (ids and tracking codes)."""
    from complaints.services import Upload
    from extensions import db

    def photo(name):
        return Upload(name, _photo())

    complaint_a = factory.complaint(channel="portal", trainee=a, status="assigned", assignee=users["officer"],
                                    attachment=photo("a.png"))
    complaint_b = factory.complaint(channel="portal", trainee=b, attachment=photo("b.png"))
    report = factory.complaint(channel="portal", trainee=b, kind="misconduct", status="verified",
                               accused=users["officer"], attachment=photo("m.png"))
    db.session.commit()
    return {
        "A_complaint": complaint_a.id, "B_complaint": complaint_b.id, "misconduct": report.id,
        "A_att": complaint_a.attachments[0].id, "B_att": complaint_b.attachments[0].id,
        "misconduct_att": report.attachments[0].id,
        "A_code": complaint_a.tracking_code, "misconduct_code": report.tracking_code,
    }
