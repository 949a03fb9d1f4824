"""The programme dashboard's rows of the access table (``tests/test_access_matrix.py``):
who may GET each /reports/dashboard... rule. Same format as ``EXPECTED`` there; the lead
merges them:

    from tests.access_dashboard import DASHBOARD_EXPECTED, dashboard_objects
    EXPECTED.update(DASHBOARD_EXPECTED)
    # in world(): objects.update(dashboard_objects(factory, users, a, b))

Admins and officers only: mentors and trainees get 403 (the figures are the programme's,
not their own). A partner user gets 404 from the partners hook, like every staff page.
"""
from __future__ import annotations

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee")
OK = 200
LOGIN = "login"
DENIED = 403


def staff(admin, officer, mentor, trainee=DENIED, other_trainee=DENIED, anonymous=LOGIN):
    return dict(anonymous=anonymous, admin=admin, officer=officer, mentor=mentor, trainee=trainee,
                other_trainee=other_trainee)


ADMIN_OFFICER = staff(OK, OK, DENIED)

DASHBOARD_EXPECTED = {
    "/reports/dashboard": [({}, ADMIN_OFFICER)],
    "/reports/dashboard.<any(csv, xlsx):fmt>": [({"fmt": "csv"}, ADMIN_OFFICER), ({"fmt": "xlsx"}, ADMIN_OFFICER)],
}


def dashboard_objects(factory, users, a, b) -> dict:
    """Nothing of its own: the dashboard reads the world's trainees, loans and sessions."""
    return {}
