"""The training pages' rows of the access table (``tests/test_access_matrix.py``): who may
GET each /training/... rule. Same format as ``EXPECTED`` there; the lead merges them:

    from tests.access_training import TRAINING_EXPECTED, training_objects
    EXPECTED.update(TRAINING_EXPECTED)
    # in world(): objects.update(training_objects(factory, users, a, b))

Admins and officers manage (programmes, cohorts, enrolment, completion); mentors read the
cohorts and take attendance; trainees get 403 on every staff page. The certificate of a
completed enrolment: staff, and the trainee it belongs to; anyone else, an enrolment not
completed, or one that does not exist: 404.
"""
from __future__ import annotations

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee")
OK = 200
LOGIN = "login"
DENIED = 403
HIDDEN = 404
POST_ONLY = 405


def staff(admin, officer, mentor, trainee=DENIED, other_trainee=DENIED, anonymous=LOGIN):
    return dict(anonymous=anonymous, admin=admin, officer=officer, mentor=mentor, trainee=trainee,
                other_trainee=other_trainee)


READ = staff(OK, OK, OK)
MANAGE = staff(OK, OK, DENIED)
READ_MISSING = staff(HIDDEN, HIDDEN, HIDDEN)
MANAGE_MISSING = staff(HIDDEN, HIDDEN, DENIED)
POSTS = dict.fromkeys(VISITORS, POST_ONLY)
CERT_A = dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=OK, trainee=OK, other_trainee=HIDDEN)
CERT_B = dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=OK, trainee=HIDDEN, other_trainee=OK)
CERT_NONE = dict(anonymous=LOGIN, admin=HIDDEN, officer=HIDDEN, mentor=HIDDEN, trainee=HIDDEN, other_trainee=HIDDEN)

TRAINING_EXPECTED = {
    "/training/": [({}, READ)],
    "/training/programmes/new": [({}, MANAGE)],
    "/training/programmes/<int:id>/edit": [({"id": "training_programme"}, MANAGE), ({"id": "missing"}, MANAGE_MISSING)],
    "/training/cohorts/new": [({}, MANAGE)],
    "/training/cohorts/<int:id>": [({"id": "training_cohort"}, READ), ({"id": "completed_cohort"}, READ),
                                   ({"id": "missing"}, READ_MISSING)],
    "/training/cohorts/<int:id>/edit": [({"id": "training_cohort"}, MANAGE), ({"id": "missing"}, MANAGE_MISSING)],
    "/training/cohorts/<int:id>/sessions/new": [({"id": "training_cohort"}, READ), ({"id": "missing"}, READ_MISSING)],
    "/training/sessions/<int:id>/attendance": [({"id": "training_session"}, READ), ({"id": "missing"}, READ_MISSING)],
    "/training/enrolments/<int:id>/certificate.pdf": [
        ({"id": "A_enrolment"}, CERT_A), ({"id": "B_enrolment"}, CERT_B),
        ({"id": "open_enrolment"}, CERT_NONE),  # not completed: no certificate
        ({"id": "missing"}, CERT_NONE),
    ],
}
for _rule in ("/training/cohorts/<int:id>/enrol", "/training/cohorts/<int:id>/start",
              "/training/cohorts/<int:id>/complete", "/training/cohorts/<int:id>/cancel"):
    TRAINING_EXPECTED[_rule] = [({"id": "training_cohort"}, POSTS)]
for _rule in ("/training/enrolments/<int:id>/withdraw", "/training/enrolments/<int:id>/plan"):
    TRAINING_EXPECTED[_rule] = [({"id": "open_enrolment"}, POSTS)]


def training_objects(factory, users, a, b) -> dict:
    """A running cohort with trainee A enrolled (not completed) and one session; and a
    completed cohort each for A and B (certificates)."""
    from extensions import db

    admin = users["admin"]
    running = factory.cohort(actor=admin, status="running")
    open_enrolment = factory.enrolment(cohort=running, trainee=a, actor=admin)
    from training import services

    session = services.record_session(running, held_on=running.starts_on, topic="Pemasaran", duration_minutes=90,
                                      present_enrolment_ids={open_enrolment.id}, actor=admin, today=running.starts_on)
    db.session.commit()
    a_done = factory.completed_enrolment(trainee=a, actor=admin)
    b_done = factory.completed_enrolment(trainee=b, actor=admin)
    return {
        "training_programme": running.programme_id, "training_cohort": running.id,
        "completed_cohort": a_done.cohort_id, "training_session": session.id,
        "open_enrolment": open_enrolment.id, "A_enrolment": a_done.id, "B_enrolment": b_done.id,
    }
